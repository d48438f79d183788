"""The library entry points: ``extract`` and ``extract_many``.

One document goes through reading → report score → reflow → sections → tables → checks →
themes. A failure while reading gives a ``failed`` record, and so does a document whose report
score (``extractor.reportscore``) says it is not an annual report (``not_a_report``); a failure
in a later stage is recorded in ``errors`` with its stage and the record is ``partial``. Bad
input never raises out of these functions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from extractor import _preload  # noqa: F401  (first: the cached compiled regexes, recache.py)
from extractor.budget import budget, in_stage, timed
from extractor.checks import run_checks
from extractor.document import Document
from extractor.errors import (
    ExtractorError,
    NotAReport,
    OutOfMemory,
    ResourceLimit,
    TooLong,
)
from extractor.metadata import extract_metadata
from extractor.options import Options
from extractor.reading import Source, describe, detect, load, read
from extractor.reading.encoding import strip_long_attributes
from extractor.reading.sources import check_not_empty
from extractor.recache import save as save_regexes
from extractor.reflow import reflow
from extractor.report import (
    Check,
    ErrorInfo,
    Metadata,
    Report,
    Section,
    SourceInfo,
    Theme,
    ThemePair,
    WarningInfo,
)
from extractor.reportscore import REPORT_THRESHOLD, mentions_subject, report_score
from extractor.sections import SectionSpan, build_sections, missing_sections, split_sections
from extractor.tables import TablesResult, reconstruct
from extractor.themes import pair_themes, section_keywords, tag_themes

logger = logging.getLogger(__name__)

T = TypeVar("T")


def known(exc: BaseException, stage: str) -> ExtractorError | None:
    """The error a known failure class stands for: running out of memory or recursion depth on
    a document is the document's size or shape, not a bug, and gets its own code."""
    if isinstance(exc, ExtractorError):
        return exc
    if isinstance(exc, MemoryError):
        return OutOfMemory("the document needs more memory than the worker has", stage=stage)
    if isinstance(exc, RecursionError):
        return ResourceLimit("the document is nested too deeply to read", stage=stage)
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        # Python's cap on int() of a long digit string (4300 digits): no report prints such a
        # number, so the document is hostile or broken.
        return ResourceLimit(f"a number too long to read: {exc}", stage=stage)
    return None


def _error(exc: BaseException, stage: str) -> ErrorInfo:
    err = known(exc, stage)
    if err is not None:
        return ErrorInfo(stage=err.stage, code=err.code, message=err.message)
    # An unexpected exception is our bug, not the user's; keep the type for the bug report.
    return ErrorInfo(stage=stage, code="internal_error", message=f"{type(exc).__name__}: {exc}")


def _failed(source: SourceInfo, exc: BaseException, started: float) -> Report:
    if known(exc, "reading") is None:
        logger.exception("unexpected error while reading %s", source.uri)
    return Report(
        status="failed",
        errors=[_error(exc, "reading")],
        source=source,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
    )


def _not_a_report(
    document: Document, info: SourceInfo, started: float
) -> tuple[float | None, Report | None]:
    """The document's report score, and the failed record when it is below the threshold
    (a document that is not an annual report claims no sections, fields or themes)."""
    score = report_score(document)
    if score is None:
        return score, None
    if not mentions_subject(document):
        reason = "it never mentions disclosure, requests, reviews or suits"
    elif score < REPORT_THRESHOLD:
        reason = f"report_score {score:.4f} < {REPORT_THRESHOLD}"
    else:
        return score, None
    err = NotAReport(f"not a government information disclosure annual report ({reason})")
    record = _failed(info, err, started)
    record.metadata = Metadata(report_score=score)
    return score, record


def failed_record(uri: str, stage: str, code: str, message: str) -> Report:
    """The record of a document that could not be processed at all (batch inputs that failed
    before extraction, a worker that crashed or ran out of time)."""
    return Report(
        status="failed",
        errors=[ErrorInfo(stage=stage, code=code, message=message)],
        source=SourceInfo(uri=uri),
    )


def _metadata(document: Document, narrative: Document, generation: str) -> Metadata:
    """Metadata from the lines as printed (a title's lines and boxes say where it breaks), else
    from the paragraphs when only they give agency and year (a title in a crawler's pieces)."""
    first = extract_metadata(document, generation)
    if (first.agency is not None and first.year is not None) or narrative is document:
        return first
    second = extract_metadata(narrative, generation)
    return second if second.agency is not None and second.year is not None else first


def _check_size(document: Document, options: Options) -> None:
    """Fail a document with more characters or lines than the options allow (TooLong)."""
    chars = lines = 0
    for block in document.blocks():
        for line in block.lines:
            chars += len(line.text)
            lines += 1
    if chars > options.max_chars:
        raise TooLong(f"{chars:,} characters, more than Options.max_chars ({options.max_chars:,})")
    if lines > options.max_lines:
        raise TooLong(f"{lines:,} lines, more than Options.max_lines ({options.max_lines:,})")


def extract(source: Source, options: Options | None = None) -> Report:
    """Extract one report from a path, URL, bytes or binary file object."""
    options = options or Options()
    started = time.perf_counter()
    info = SourceInfo(uri=describe(source))
    try:
        with budget(options):
            return _extract(source, options, started, info)
    except Exception as exc:
        # Never raises: a failure outside the guarded steps (MemoryError while scoring a huge
        # document, or while recording another error) still gives a record. The partial work
        # is dropped by now, which gives the memory back before the record is built.
        return _failed(info, exc, started)


def _extract(source: Source, options: Options, started: float, info: SourceInfo) -> Report:
    with timed("reading"):
        read_info, document, failed = _read(source, options, started, info)
    if failed is not None:
        return failed
    assert document is not None
    return _after_reading(document, options, started, read_info)


def _read(
    source: Source, options: Options, started: float, info: SourceInfo
) -> tuple[SourceInfo, Document | None, Report | None]:
    """The document as read, or the failed record of a document that could not be read."""
    try:
        raw = load(source, options, empty_ok=True)
        info = SourceInfo(
            uri=raw.uri,
            sha256=hashlib.sha256(raw.data).hexdigest(),
            size_bytes=len(raw.data),
        )
        # After the hash: an empty file's record says what it was, and a batch rerun knows it.
        check_not_empty(raw)
        kind = detect(raw.data, raw.name, raw.content_type)
        info = info.model_copy(update={"kind": kind})
        if kind == "html":
            raw = dataclasses.replace(raw, data=strip_long_attributes(raw.data))
        document = read(raw, kind, options)
        if kind == "html":
            # A page that is only a stub around its report's attachment (附件) gives way to
            # it. Imported here: a text report's cold start does not read HTML.
            from extractor.reading.attachments import follow_attachments

            info, document, attachment_error = follow_attachments(raw, info, document, options)
            if attachment_error is not None:
                raise attachment_error
        _check_size(document, options)
    except Exception as exc:  # every reading failure becomes the record's error
        return info, None, _failed(info, exc, started)
    return info, document, None


def _after_reading(
    document: Document, options: Options, started: float, info: SourceInfo
) -> Report:
    info = info.model_copy(
        update={
            "encoding": document.meta.get("encoding"),
            "pages": len(document.pages) if document.paged else None,
            "ocr_pages": [int(n) for n in document.meta.get("ocr_pages", "").split(",") if n],
        }
    )
    if not any(b.text.strip() for b in document.blocks()):
        err = ExtractorError(
            "no text found in the document",
            stage="reading",
            code="no_text",
        )
        return _failed(info, err, started)
    with timed("report_score"):
        score, not_a_report = _not_a_report(document, info, started)
    if not_a_report is not None:
        return not_a_report

    errors: list[ErrorInfo] = []
    warnings: list[WarningInfo] = []
    meta = document.meta
    # Pages the reader left out or read another way: (pages key, code, what, reason key).
    for key, code, what, why in (
        ("unread_pages", "pages_not_read", "not read", "unread_reason"),
        ("text_pages", "pages_read_as_text", "read from PDFium's text layer, without ruled "
         "tables", "text_pages_reason"),
    ):  # fmt: skip
        if key in meta:
            message = f"pages {meta[key]} {what}: {meta.get(why, '')}"
            warnings.append(WarningInfo(code=code, message=message))
    if "replaced_bytes" in document.meta:
        warnings.append(
            WarningInfo(
                code="bytes_replaced",
                message=f"{document.meta['replaced_bytes']} byte sequences that do not decode as "
                f"{info.encoding} were replaced by U+FFFD (a damaged file)",
            )
        )

    skipped: list[str] = []

    def stage(name: str, fn: Callable[[], T], fallback: T, timer: str | None = None) -> T:
        if any(e.code == "deadline" for e in errors):
            # Past the deadline every later stage would stop at once: skipped, listed once.
            if name not in skipped:
                skipped.append(name)
            return fallback
        try:
            with in_stage(name, timer):
                return fn()
        except Exception as exc:
            if known(exc, name) is None:
                logger.exception("stage %s failed on %s", name, info.uri)
            else:
                logger.warning("stage %s stopped on %s: %s", name, info.uri, exc)
            errors.append(_error(exc, name))
            return fallback

    # Sections and themes read paragraphs; the tables stage reads the lines as the reader gave
    # them (a table printed one cell per line is no paragraph).
    narrative = stage("reflow", lambda: reflow(document), document)
    spans: list[SectionSpan] = stage("sections", lambda: split_sections(narrative), [])
    sections: list[Section] = stage("sections", lambda: build_sections(spans), [])
    for missing in missing_sections(spans) if spans else []:
        warnings.append(WarningInfo(code="section_missing", message=f"no {missing} section found"))
    tables = stage("tables", lambda: reconstruct(document), TablesResult())
    warnings.extend(tables.warnings)
    # One warning per distinct message: repeated ones (each table fragment, each spanned row)
    # tell a reader nothing more.
    warnings = list({(w.code, w.message): w for w in warnings}.values())
    overview = "\n".join(s.text for s in sections if s.id == "overview")
    checks: list[Check] = stage(
        "checks", lambda: run_checks(tables.templates, tables.fields, overview), []
    )
    metadata = stage("metadata", lambda: _metadata(document, narrative, tables.generation), None)
    themes: list[Theme] = stage("themes", lambda: tag_themes(sections), [])
    pairs: list[ThemePair] = stage("themes", lambda: pair_themes(themes), [], "theme_pairs")
    keywords: dict[str, list[str]] = stage(
        "themes",
        lambda: section_keywords(sections, options.keywords_per_section, options.keyword_method),
        {},
        "keywords",
    )
    if skipped:
        warnings.append(
            WarningInfo(
                code="stages_skipped",
                message=f"past the deadline: {', '.join(skipped)} not run",
            )
        )
    report = Report(
        status="partial" if errors else "ok",
        errors=errors,
        warnings=warnings,
        source=info,
        sections=sections,
        fields=tables.fields,
        field_evidence=tables.evidence,
        tables_seen=tables.kinds_seen,
        tables=tables.tables,
        checks=checks,
        ambiguities=tables.ambiguities,
        themes=themes,
        theme_pairs=pairs,
        keywords=keywords,
    )
    if metadata is not None:
        report.metadata = metadata
    report.metadata.report_score = score
    report.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return report


def extract_many(sources: Iterable[Source], options: Options | None = None) -> Iterator[Report]:
    """One report per source, in order; a bad source gives a failed record, never an exception."""
    options = options or Options()
    for source in sources:
        yield extract(source, options)


# The regular expressions the imports above compiled, kept for the next process where the cache
# file lacked any (extractor/recache.py).
save_regexes()
