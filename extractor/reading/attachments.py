"""Web pages that carry their report as an attachment (附件).

Many portals publish the annual report as a PDF, Word file or scanned images linked from a
short page ("现将我单位2023年政府信息公开工作年度报告予以公布。附件：……年度报告.pdf"). Every
HTML record lists the attachment links it found; when the page is such a stub and came from a
URL, the best attachment is fetched (under the same SSRF guard, size cap and timeout) and its
document replaces the page's, keeping the page's title and publication date where the
attachment lacks them. A page that holds the report itself is kept as it is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import urllib.parse
from pathlib import PurePosixPath

from selectolax.lexbor import LexborHTMLParser

from extractor.document import Document
from extractor.errors import ExtractorError, UndecodableText
from extractor.options import Options
from extractor.reading import read
from extractor.reading.encoding import decode, html_declared_charset
from extractor.reading.html import clean_text, text_codec
from extractor.reading.sniff import detect
from extractor.reading.sources import RawSource, is_url, load
from extractor.report import Attachment, SourceInfo

logger = logging.getLogger(__name__)

# Attachment formats, best first: a text-layer PDF reads best, Word next, images need OCR.
_RANK = {".pdf": 0, ".docx": 1, ".doc": 2, ".wps": 2}
_IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")
ATTACHMENT_EXTS = (*_RANK, *_IMAGE_EXTS)
_EXT_IN_HREF = re.compile(r"\.(pdf|docx?|wps|png|jpe?g|tiff?|bmp|gif)(?=$|[?&#;])", re.IGNORECASE)
# The template's six section headings; a page that names three of them holds the report's text
# itself. A stub names none (its text is a title, a sentence and the link), and a report whose
# body is in the page names all six, so three is far from both.
_SECTION_CUES = (
    re.compile(r"总体情况|概述|总体工作情况"),
    re.compile(r"主动公开"),
    re.compile(r"收到和处理|依申请"),
    re.compile(r"行政复议|行政诉讼"),
    re.compile(r"存在的?主要问题|改进情况|存在问题"),
    re.compile(r"其他需要报告"),
)
REPORT_MIN_CUES = 3
_REPORT_WORDS = re.compile(r"报告|年报")


def find_attachments(raw: RawSource) -> list[Attachment]:
    """Links to PDF, Word and image files on an HTML page, absolute where the page has a URL,
    in page order without repeats."""
    try:
        charset = text_codec(html_declared_charset(raw.data) or raw.http_charset)
        text, _ = decode(raw.data, charset)
    except UndecodableText:
        return []
    parser = LexborHTMLParser(text)
    base = raw.final_url or (raw.uri if is_url(raw.uri) else None)
    if (node := parser.css_first("base[href]")) is not None and base:
        base = urllib.parse.urljoin(base, (node.attributes.get("href") or "").strip())
    out: list[Attachment] = []
    seen: set[str] = set()
    for a in parser.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        label = clean_text(a.text(deep=True)) or clean_text(a.attributes.get("title") or "")
        if _attachment_ext(href, label) is None:
            continue
        uri = _absolute(base, href)
        if uri in seen:
            continue
        seen.add(uri)
        out.append(Attachment(uri=uri, text=label or None))
    return out


def _absolute(base: str | None, href: str) -> str:
    """``href`` resolved against the page, in the percent-encoded form it is fetched as (pages
    write ``/files/年报.pdf``; the record should carry the address actually requested)."""
    uri = urllib.parse.urljoin(base, href) if base else href
    if not is_url(uri):
        return uri
    import httpx  # only for absolute links: a cold start without them does not pay for it

    try:
        return str(httpx.URL(uri))
    except httpx.InvalidURL:
        return uri


def _attachment_ext(href: str, label: str) -> str | None:
    """The attachment format a link points at: from its path, from a file name in its query
    (``download.jsp?file=report.pdf``), or from its text (``download?id=7`` printed as
    ``2023年度报告.pdf``)."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(href).path)
    ext = PurePosixPath(path).suffix.lower()
    if ext in ATTACHMENT_EXTS:
        return ext
    if m := _EXT_IN_HREF.search(href):
        return "." + m.group(1).lower()
    ext = PurePosixPath(label).suffix.lower() if label else ""
    return ext if ext in ATTACHMENT_EXTS else None


def has_report(document: Document) -> bool:
    """Whether the page's own text is the report (names most template sections)."""
    text = "\n".join(b.text for b in document.blocks())
    return sum(1 for cue in _SECTION_CUES if cue.search(text)) >= REPORT_MIN_CUES


def _choice(attachments: list[Attachment]) -> int | None:
    """Index of the attachment to follow: documents before images, PDF before Word, and
    among those of one format one that names a report (附件1 may be the report, 附件2 a
    table of contents)."""
    best: tuple[int, int, int] | None = None
    index: int | None = None
    for i, att in enumerate(attachments):
        if not is_url(att.uri):
            # Only http(s) links are fetched: a link that stays a bare path (a page whose
            # <base href> has a scheme urljoin cannot resolve against) would read a local file.
            continue
        ext = _attachment_ext(att.uri, att.text or "") or ""
        rank = _RANK.get(ext, 3 if ext in _IMAGE_EXTS else 9)
        if rank == 9:
            continue
        named = (
            0 if _REPORT_WORDS.search(f"{att.text or ''} {urllib.parse.unquote(att.uri)}") else 1
        )
        key = (rank, named, i)
        if best is None or key < best:
            best, index = key, i
    return index


def follow_attachments(
    raw: RawSource, info: SourceInfo, document: Document, options: Options
) -> tuple[SourceInfo, Document, ExtractorError | None]:
    """For an HTML page: list its attachments in ``info`` and, when the page is a stub from a
    URL, read the best attachment instead. Returns the source info, the document to extract,
    and the error that made following fail (the record then fails with it: the report is in
    the attachment, and the stub alone would give an empty record that looks fine)."""
    if info.kind != "html":
        return info, document, None
    attachments = find_attachments(raw)
    if not attachments:
        return info, document, None
    info = info.model_copy(update={"attachments": attachments})
    if not options.follow_attachments or not is_url(raw.uri) or has_report(document):
        return info, document, None
    index = _choice(attachments)
    if index is None:
        return info, document, None
    chosen = attachments[index]
    marked = [a.model_copy(update={"followed": i == index}) for i, a in enumerate(attachments)]
    info = info.model_copy(update={"attachments": marked})
    logger.info("%s is a stub; reading its attachment %s", raw.uri, chosen.uri)
    try:
        att_raw = load(chosen.uri, options)
        info = info.model_copy(
            update={
                "sha256": hashlib.sha256(att_raw.data).hexdigest(),
                "size_bytes": len(att_raw.data),
                "kind": "unknown",
            }
        )
        kind = detect(att_raw.data, att_raw.name, att_raw.content_type)
        info = info.model_copy(update={"kind": kind})
        att_doc = read(att_raw, kind, options)
    except ExtractorError as exc:
        exc.message = f"attachment {chosen.uri}: {exc.message}"
        exc.args = (exc.message,)
        return info, document, exc
    return info, _merge_page_metadata(att_doc, document), None


def _merge_page_metadata(attachment: Document, page: Document) -> Document:
    """The page's title and publication date where the attachment has none: a PDF's title
    is often empty or a file name, while the page states both."""
    title = attachment.title_hint
    if not (title and _REPORT_WORDS.search(title)):
        title = page.title_hint or title
    meta = dict(attachment.meta)
    if "publication_date" not in meta and (pub := page.meta.get("publication_date")):
        meta["publication_date"] = pub
    return dataclasses.replace(attachment, title_hint=title, meta=meta)
