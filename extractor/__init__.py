"""extractor: structured data from 政府信息公开工作年度报告.

The public API is ``extract``, ``extract_many``, ``compare``, ``Comparison``, ``Options``,
``Report`` and ``ExtractorError``.
They are imported on first use, so that ``extractor --help`` and ``python -m extractor.schema``
do not pay for the readers and models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from extractor._version import __version__

if TYPE_CHECKING:
    from extractor.comparison import Comparison, compare
    from extractor.errors import ExtractorError
    from extractor.options import Options
    from extractor.pipeline import extract, extract_many
    from extractor.report import SCHEMA_VERSION, Report

_LAZY = {
    "Comparison": "extractor.comparison",
    "compare": "extractor.comparison",
    "ExtractorError": "extractor.errors",
    "Options": "extractor.options",
    "extract": "extractor.pipeline",
    "extract_many": "extractor.pipeline",
    "SCHEMA_VERSION": "extractor.report",
    "Report": "extractor.report",
}

__all__ = [
    "SCHEMA_VERSION",
    "Comparison",
    "ExtractorError",
    "Options",
    "Report",
    "__version__",
    "compare",
    "extract",
    "extract_many",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
