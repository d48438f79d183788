"""Stage 1, reading: any source → :class:`~extractor.document.Document`.

``read(raw)`` sniffs the bytes, picks a reader and returns the document; every failure is an
:class:`~extractor.errors.InputError` with a clear message.
"""

from __future__ import annotations

from extractor.document import Document
from extractor.errors import UnsupportedFormat
from extractor.reading.html import read_html
from extractor.reading.pdf import read_pdf
from extractor.reading.sniff import detect
from extractor.reading.sources import NamedBytes, RawSource, Source, describe, load
from extractor.reading.text import read_text

__all__ = ["NamedBytes", "RawSource", "Source", "describe", "detect", "load", "read"]

_NOT_YET = {
    "image": "images (OCR)",
    "docx": "Word .docx files",
    "doc": "legacy Word .doc files",
    "zip": "archives",
}


def read(raw: RawSource, kind: str | None = None) -> Document:
    kind = kind or detect(raw.data, raw.name, raw.content_type)
    if kind == "txt":
        return read_text(raw.data)
    if kind == "html":
        return read_html(raw.data)
    if kind == "pdf":
        return read_pdf(raw.data)
    raise UnsupportedFormat(f"reading {_NOT_YET.get(kind, kind)} is not supported yet")
