"""What a source is, from its bytes first and its name second.

The bytes decide. A name whose extension promises a binary format (``.pdf``, ``.docx``, an image)
that the bytes do not have is a lie and fails with ``format_mismatch``; a text-ish extension on a
PDF is harmless and the PDF is read as a PDF.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import PurePosixPath

from extractor.errors import FormatMismatch, UnsupportedFormat
from extractor.reading.encoding import bom_encoding, looks_like_text, utf16_without_bom

_EXT_KIND = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".bmp": "image",
    ".gif": "image",
    ".webp": "image",
    ".zip": "zip",
}
_BINARY_KINDS = {"pdf", "docx", "doc", "image", "zip"}

# A page's own markup anywhere makes it HTML. Body tags alone (<div>, <p>, <table>, <br>) make it
# HTML only when the text opens with markup: markdown and text that converters wrote keep a
# <br> in a table cell or a raw <table> (pymupdf4llm, pandoc) and are still text, line by line.
_HTML_PAGE = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_HTML_BODY = re.compile(rb"<(?:div|p|table|br)\b", re.IGNORECASE)
_OPENS_WITH_MARKUP = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")


def kind_from_name(name: str | None) -> str | None:
    if not name:
        return None
    return _EXT_KIND.get(PurePosixPath(name).suffix.lower())


def kind_from_bytes(data: bytes) -> str:
    """One of pdf, docx, zip, doc, image, html, txt or binary."""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "binary"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if (
        head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith(b"\xff\xd8\xff")
        or head[:4] in (b"II*\x00", b"MM\x00*")
        or head.startswith((b"GIF87a", b"GIF89a", b"BM"))
        or (head.startswith(b"RIFF") and data[8:12] == b"WEBP")
    ):
        return "image"
    if b"\x00" in data[:4096] and bom_encoding(data) is None:
        # NULs in text only come from UTF-16; anything else with NULs is binary.
        utf16 = utf16_without_bom(data)
        if utf16 is None or not looks_like_text(data[:4096].decode(utf16, errors="replace")):
            return "binary"
    head_view = _ascii_view(data[:4096])
    if _HTML_PAGE.search(head_view) or (
        _HTML_BODY.search(head_view) and _OPENS_WITH_MARKUP.match(head_view)
    ):
        return "html"
    return "txt"


def _ascii_view(data: bytes) -> bytes:
    """Drop UTF-16 NULs so that ``<html`` is seen in UTF-16 pages too."""
    utf16 = bom_encoding(data) in ("utf-16", "utf-32") or utf16_without_bom(data)
    return data.replace(b"\x00", b"") if utf16 else data


def detect(data: bytes, name: str | None, content_type: str | None = None) -> str:
    """The kind to read ``data`` as; raises when the name lies or nothing can read it."""
    by_bytes = kind_from_bytes(data)
    by_name = kind_from_name(name)
    docx_as_zip = by_name == "zip" and by_bytes == "docx"
    # Word files are often saved under the other Word extension (a .docx named .doc), or as
    # "web page" .doc files that are HTML: the content is still the report, read as what it is.
    word_alias = by_name in ("doc", "docx") and by_bytes in ("doc", "docx", "html")
    if by_name in _BINARY_KINDS and by_bytes != by_name and not (docx_as_zip or word_alias):
        found = {"binary": "unrecognised binary data", "txt": "text", "html": "HTML"}.get(
            by_bytes, by_bytes.upper() if by_bytes == "pdf" else by_bytes
        )
        raise FormatMismatch(
            f"{name} is named as {by_name.upper()} but its content is {found}"
            + (" (no %PDF header)" if by_name == "pdf" else "")
        )
    if by_bytes == "binary":
        raise UnsupportedFormat("unrecognised binary data: not a PDF, image, Word file or text")
    if by_bytes == "txt" and content_type and "html" in content_type.lower():
        return "html"
    return by_bytes
