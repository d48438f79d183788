"""The exception tree.

Every failure the extractor knows about is an :class:`ExtractorError`. Each error carries the
pipeline ``stage`` it belongs to and a stable machine-readable ``code``; the pipeline turns it into
an ``errors`` entry of the document's record, so callers never see an exception for bad input.

::

    ExtractorError                      stage        code
    ├── InputError                      reading
    │   ├── SourceNotFound              reading      not_found
    │   ├── EmptyInput                  reading      empty
    │   ├── InputTooLarge               reading      too_large
    │   ├── UnsupportedFormat           reading      unsupported_format
    │   │   └── FormatMismatch          reading      format_mismatch
    │   ├── UndecodableText             reading      undecodable
    │   ├── CorruptDocument             reading      corrupt
    │   └── FetchError                  reading      fetch_failed, private_address, invalid_url,
    │                                                unsupported_scheme
    ├── ResourceLimit                   (its stage)  too_complex
    │   ├── TooManyPages                reading      too_many_pages
    │   ├── TooLong                     reading      too_long
    │   ├── DecompressionBomb           reading      decompression_bomb
    │   ├── DeadlineExceeded            (its stage)  deadline
    │   └── OutOfMemory                 (its stage)  out_of_memory
    ├── NotAReport                      sections     not_a_report
    ├── ModelError                      (its stage)  model_error
    └── MissingExtra                    (its stage)  missing_extra

Other reading codes: is_directory, unreadable, encrypted, no_text, text_stream, bad_source. An
unexpected exception inside a later stage is recorded as ``internal_error`` with that stage's
name, and the record is ``partial``.
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "gov-report-extractor"


class ExtractorError(Exception):
    """Root of every error raised by the extractor."""

    stage: str = "extract"
    code: str = "error"

    def __init__(self, message: str, *, stage: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if stage is not None:
            self.stage = stage
        if code is not None:
            self.code = code


class InputError(ExtractorError):
    """The source could not be read into a document."""

    stage = "reading"
    code = "bad_input"


class SourceNotFound(InputError):
    code = "not_found"


class EmptyInput(InputError):
    code = "empty"


class InputTooLarge(InputError):
    code = "too_large"


class UnsupportedFormat(InputError):
    code = "unsupported_format"


class FormatMismatch(UnsupportedFormat):
    """The name promises one format and the bytes are another (random bytes named ``x.pdf``)."""

    code = "format_mismatch"


class UndecodableText(InputError):
    code = "undecodable"


class CorruptDocument(InputError):
    code = "corrupt"


class FetchError(InputError):
    code = "fetch_failed"


class ResourceLimit(ExtractorError):
    """The document would cost more than its budget (:mod:`extractor.budget`, the caps of
    :class:`~extractor.options.Options`): too deep, too many cells or spans, too much
    recursion. Hostile or broken input, not a report anyone printed."""

    stage = "reading"
    code = "too_complex"


class TooManyPages(ResourceLimit):
    code = "too_many_pages"


class TooLong(ResourceLimit):
    """More characters or lines than ``Options.max_chars`` / ``max_lines``."""

    code = "too_long"


class DecompressionBomb(ResourceLimit):
    """A compressed stream, zip member or image that would unpack past its cap."""

    code = "decompression_bomb"


class DeadlineExceeded(ResourceLimit):
    """The document ran past ``Options.deadline_s``."""

    code = "deadline"


class OutOfMemory(ResourceLimit):
    """Python ran out of memory (MemoryError) on the document."""

    code = "out_of_memory"


class NotAReport(ExtractorError):
    """The document reads but is not a 政府信息公开工作年度报告 (its report score is below the
    threshold): a news page, a notice, a directory listing, another kind of report. The record
    is ``failed`` and claims no sections, fields or themes."""

    stage = "sections"
    code = "not_a_report"


class ModelError(ExtractorError):
    """A trained model's files are missing or do not match their manifest (a broken install)."""

    code = "model_error"


class MissingExtra(ExtractorError):
    """An optional extra (server, distributed, …) that a command needs is not installed. The
    command line reports it as a usage error, with :func:`install_hint`."""

    code = "missing_extra"

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(f"{what} needs the {extra} extra; install it with: {install_hint(extra)}")
        self.extra = extra


def _checkout_root() -> Path | None:
    """The source checkout this package runs from (an editable install, or the package folder
    on the path), told by the project file beside it naming this distribution."""
    root = Path(__file__).resolve().parent.parent
    try:
        project = (root / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return None
    return root if f'name = "{DISTRIBUTION}"' in project else None


def _distribution_name() -> str:
    """The installed distribution that provides this package (what ``pip install`` knows)."""
    names = metadata.packages_distributions().get(__package__ or "extractor", [])
    return names[0] if names else DISTRIBUTION


def install_hint(extra: str) -> str:
    """The command that installs ``extra`` from where the user is: from a source checkout
    ``pip install '.[extra]'`` (the path of the checkout when the working folder is elsewhere),
    else the installed distribution's name with the extra."""
    root = _checkout_root()
    if root is not None:
        try:
            here = Path.cwd().resolve()
        except OSError:
            here = None
        if here == root:
            target = "."
        elif here is not None and here.is_relative_to(root):
            target = os.path.relpath(root, here)
        else:
            target = str(root)
        return f"pip install '{target}[{extra}]'"
    return f"pip install '{_distribution_name()}[{extra}]'"
