"""The PaddleOCR engine (the ``paddle`` extra), on the same rendered table as tests/test_ocr.py.

Skipped unless paddleocr is installed and EXTRACTOR_PADDLE_MODELS names a folder holding a
``*det*`` and a ``*rec*`` PaddleOCR inference-model folder (nothing is downloaded in tests)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("paddleocr", reason="the paddle extra is not installed")
MODELS = os.environ.get("EXTRACTOR_PADDLE_MODELS", "")
if not MODELS or not Path(MODELS).is_dir():
    pytest.skip("EXTRACTOR_PADDLE_MODELS names no model folder", allow_module_level=True)

from extractor.ocr import ocr_page_image  # noqa: E402
from extractor.options import Options  # noqa: E402

from .test_ocr import PROACTIVE, proactive_image  # noqa: E402


def test_paddle_reads_the_ruled_table() -> None:
    options = Options(ocr_engine="paddleocr", ocr_model_dir=MODELS)
    page = ocr_page_image(proactive_image(), 1, options, scale=1.0)
    grid = next(b.grid for b in page.blocks if b.grid is not None)
    assert (grid.n_rows, grid.n_cols) == (len(PROACTIVE), 4)
    values = [unicodedata.normalize("NFKC", c) for row in grid.matrix() for c in row]
    for number in ("550", "4119", "195", "7730.28"):
        assert number in values
