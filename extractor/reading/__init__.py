"""Stage 1, reading: any source → :class:`~extractor.document.Document`.

``read(raw)`` sniffs the bytes, picks a reader and returns the document; every failure is an
:class:`~extractor.errors.InputError` with a clear message.
"""

from __future__ import annotations

from extractor.document import Document
from extractor.errors import UnsupportedFormat
from extractor.options import Options
from extractor.reading.encoding import counting_replacements, html_declared_charset
from extractor.reading.sniff import detect
from extractor.reading.sources import NamedBytes, RawSource, Source, describe, load
from extractor.reading.text import read_text

__all__ = ["NamedBytes", "RawSource", "Source", "describe", "detect", "load", "read"]

_NOT_YET = {
    "zip": "archives",
}


def read(raw: RawSource, kind: str | None = None, options: Options | None = None) -> Document:
    with counting_replacements() as replaced:
        document = _read(raw, kind, options)
    if sum(replaced):
        # Text that decoded only with bad bytes replaced (U+FFFD): the pipeline warns.
        document.meta["replaced_bytes"] = str(sum(replaced))
    return document


def _read(raw: RawSource, kind: str | None, options: Options | None) -> Document:
    # Each reader is imported when its first document comes: a cold start on a text report
    # does not pay for the HTML, Word, PDF and image readers (numpy, selectolax, …).
    options = options or Options()
    kind = kind or detect(raw.data, raw.name, raw.content_type)
    if kind == "txt":
        return read_text(raw.data)
    if kind == "html":
        from extractor.reading.html import read_html

        # The page's own <meta> charset first (written with the bytes); the HTTP header's only
        # when the page declares none, as servers often send a site-wide default charset.
        charset = html_declared_charset(raw.data) or raw.http_charset
        return read_html(raw.data, declared_charset=charset)
    if kind in ("docx", "doc"):
        from extractor.reading.docx import read_doc, read_docx

        return read_docx(raw.data) if kind == "docx" else read_doc(raw.data)
    if kind == "pdf":
        from extractor.reading.pdf import read_pdf

        return read_pdf(raw.data, options)
    if kind == "image":
        from extractor.reading.image import read_image

        return read_image(raw.data, options)
    raise UnsupportedFormat(f"reading {_NOT_YET.get(kind, kind)} is not supported yet")
