"""PDFs → document, one page per PDF page (pdfplumber; pypdfium2 + OCR for pages without text).

Per page:

1. **Decide** whether the text layer can be trusted (:func:`needs_ocr`): a page with no text, with
   ``(cid:NNN)`` glyphs that have no Unicode mapping, or whose text is not sensible Chinese, or
   that is one big image with a few stray characters, is rendered and read by OCR instead.
2. **Tables**: pdfplumber's ruled-table finder gives cells. Many reports frame the whole page
   body in ruling lines, so a found "table" is split into runs of real grid rows; full-width rows
   outside those runs are text (:func:`grid_segments`). Cells become a :class:`Grid` with spans
   computed from the cells' edges.
3. **Text** outside the grids in reading order (pdfplumber's text lines), page headers and footers
   (page numbers, lines repeated on most pages) dropped.
4. A grid that ends one page and one that starts the next are joined (tables continued across
   pages).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import logging
import math
import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from extractor.budget import check
from extractor.document import BBox, Block, Cell, Document, Grid, Line, Page, Provenance
from extractor.errors import (
    CorruptDocument,
    DecompressionBomb,
    ExtractorError,
    InputError,
    OutOfMemory,
    ResourceLimit,
    TooLong,
    TooManyPages,
    install_hint,
)
from extractor.options import Options
from extractor.reading.text import TABLE_GAP_MAX_CHARS, is_heading_like, lines_to_blocks
from extractor.textnorm import fold_compat

logger = logging.getLogger(__name__)
# pdfminer warns once per glyph about harmless font-descriptor gaps (thousands of lines for a
# browser-printed PDF); real failures reach us as exceptions.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# A page whose text has at least this share of (cid:NNN) glyphs has fonts without a Unicode map;
# one or two such glyphs (a bullet, a logo) do not make the rest of the page unreadable.
CID_SHARE_FOR_OCR = 0.05
# Share of characters that must be CJK, ASCII or common punctuation for a text layer to count as
# sensible. Real report pages are ≥ 0.97 (the eight real and 1,000 generated ones we have); broken
# ToUnicode maps give Latin-1 or private-use soup far below 0.8.
MIN_SENSIBLE_SHARE = 0.8
# An image covering this share of the page with fewer than this many characters on top is a scan
# carrying a stray text object (a page number, a stamp caption), not a text page.
SCAN_IMAGE_SHARE = 0.5
SCAN_MAX_CHARS = 40
# Page header and footer bands, as a share of page height (A4 margins are ~7–10%).
MARGIN_SHARE = 0.08
# Lines whose heights differ by more than this share are in different font sizes (a title over
# body text, usually 1.5–2× the body). Line boxes of one font vary by up to ~30% with the mix of
# CJK, Latin, digits and quotes on the line (measured on Chrome-printed reports), so 35%.
SAME_SIZE = 0.35
# Cell edges closer than this (points) are the same ruling line.
EDGE_TOLERANCE = 2.0

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d{1,4}\s*[页頁](?:\s*[，,/共]\s*共?\s*\d{1,4}\s*[页頁])?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True, slots=True)
class TextLine:
    top: float
    bottom: float
    text: str
    bbox: BBox
    tail: BBox | None = None
    """The last printed line of a paragraph joined from several (its end and its font size say
    whether the next line goes on); None for a single line, whose bbox says it."""

    @property
    def last(self) -> BBox:
        return self.tail or self.bbox


@dataclass(frozen=True, slots=True)
class GridPart:
    top: float
    bbox: BBox
    grid: Grid


def read_pdf(data: bytes, options: Options | None = None) -> Document:
    options = options or Options()
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - pdfplumber is a core dependency
        raise InputError("PDF support needs pdfplumber", code="missing_dependency") from exc
    texts: list[list[TextLine]] = []
    grids: list[list[GridPart]] = []
    heights: list[float] = []
    ocr: list[int] = []
    unread: list[int] = []
    glyphs: Token[list[int] | None] | None = None
    pdfium_doc: Any = None
    heavy: frozenset[int] = frozenset()
    count_parsing()
    work = _WORK_LEFT.set([options.max_pdf_tokens, options.max_pdf_tokens])
    try:
        # Before pdfminer or PDFium inflate anything: neither can be stopped inside a stream.
        check_streams(data, options)
        # Also makes pdfminer's RC4 linear before pdfplumber decrypts anything with it.
        check_encrypted_streams(data, options)
        heavy = heavy_pages(data, options)
        pdfium_doc = open_pdfium(data)
        survey = survey_pages(data, options, pdfium_doc, heavy)
        count_glyphs()
        glyphs = _GLYPHS_LEFT.set([options.max_pdf_chars, options.max_pdf_chars])
        # An empty user password is what most "encrypted" report PDFs have (copy protection
        # only); pdfminer tries it by default.
        with pdfplumber.open(BytesIO(data), password="") as pdf:
            if len(pdf.pages) > options.max_pages:
                raise TooManyPages(
                    f"the PDF has {len(pdf.pages):,} pages, more than Options.max_pages "
                    f"({options.max_pages})"
                )
            if len(pdf.pages) != survey.pages:
                # PDFium and pdfminer read the page tree differently (a damaged one): its
                # page numbers are not pdfminer's (those of the pages not to load are).
                survey = Survey(crowded=heavy)
            chars = 0
            plain = _PlainReader(pdfium_doc) if pdfium_doc is not None else None

            def read_plain(number: int) -> int:
                """Read page ``number`` from PDFium's text layer (or not at all, or by OCR
                where that text is not sensible, as pdfminer's would go); its characters."""
                assert plain is not None
                lines = plain.lines(number)
                if lines is None:
                    unread.append(number)
                    lines = []
                elif text_needs_ocr("".join(t.text for t in lines)):
                    ocr.append(number)
                    lines = []
                texts.append(lines)
                grids.append([])
                return sum(len(t.text) for t in lines)

            for number, page in enumerate(pdf.pages, start=1):
                check(f"reading PDF page {number}")
                at = len(texts)  # this page's place, whatever of it was appended
                try:
                    heights.append(float(page.height))
                    if number in survey.crowded:
                        unread.append(number)
                        texts.append([])
                        grids.append([])
                        continue
                    if plain is not None and number in survey.plain:
                        chars += read_plain(number)
                        continue
                    # A page PDFium finds no text on is not parsed by pdfminer only to learn
                    # that.
                    if number in survey.textless or needs_ocr(page):
                        ocr.append(number)
                        if len(ocr) > options.max_ocr_pages:
                            raise TooManyPages(
                                f"the PDF has more than Options.max_ocr_pages "
                                f"({options.max_ocr_pages}) pages to OCR"
                            )
                        texts.append([])
                        grids.append([])
                        continue
                    chars += len(page.chars)
                    if chars > options.max_chars:
                        raise TooLong(
                            f"more than Options.max_chars ({options.max_chars:,}) characters "
                            f"by page {number}"
                        )
                    parts = page_grids(page)
                    grids.append(parts)
                    texts.append(page_text_lines(page, [p.bbox for p in parts]))
                except Exception as exc:
                    if _cause(exc, ParsingCap) is None or plain is None:
                        raise
                    # pdfminer's parsing budget ran out inside this page: it and the pages
                    # after it are read from PDFium's text layer, as pages past
                    # max_parsed_objects are.
                    del texts[at:], grids[at:]
                    survey = survey.reading_as_text(range(number, len(pdf.pages) + 1))
                    chars += read_plain(number)
                finally:
                    # pdfplumber keeps every page's objects until the PDF is closed: 500 pages
                    # of dense text held 1.8 GB.
                    page.close()
    except PDFPasswordIncorrect as exc:
        raise InputError("the PDF is encrypted with a password", code="encrypted") from exc
    except (InputError, ResourceLimit, MemoryError, RecursionError):
        # Running out of memory or stack is the document's size or shape, with its own code
        # (extractor.pipeline.known), not damage.
        raise
    except Exception as exc:
        ours = _cause(exc, ExtractorError)
        if ours is not None:
            raise ours from None
        if _caused_by(exc, PDFPasswordIncorrect):
            raise InputError("the PDF is encrypted with a password", code="encrypted") from exc
        # pdfplumber wraps these too: a chain of thousands of incremental updates or forms
        # inside forms is recursion in pdfminer, and the PDF's shape, not damage.
        if _caused_by(exc, RecursionError):
            raise ResourceLimit(
                f"the PDF nests too deeply to read (updates or forms inside forms): {exc}"
            ) from exc
        if _caused_by(exc, MemoryError):
            raise OutOfMemory("the PDF needs more memory than the worker has") from exc
        # pdfminer raises a zoo of exception types for damaged files; all mean the same to users.
        raise CorruptDocument(f"the PDF cannot be parsed: {type(exc).__name__}: {exc}") from exc
    finally:
        left = _WORK_LEFT.get()
        if left is not None:
            logger.debug("pdfminer parsed %d tokens", left[1] - left[0])
        _WORK_LEFT.reset(work)
        if glyphs is not None:
            _GLYPHS_LEFT.reset(glyphs)
        if pdfium_doc is not None:
            pdfium_doc.close()

    drop = running_lines(texts, heights)
    bodies = unwrap_pages(
        [[t for t in lines if t.text not in drop[n]] for n, lines in enumerate(texts)], grids
    )
    pages = [
        Page(n, tuple(page_blocks(n, lines, parts)))
        for n, (lines, parts) in enumerate(zip(bodies, grids, strict=True), start=1)
    ]
    meta: dict[str, str] = {}
    if survey.plain:
        meta["text_pages"] = ",".join(map(str, sorted(survey.plain)))
        meta["text_pages_reason"] = (
            f"more than Options.max_parsed_objects ({options.max_parsed_objects:,}) objects "
            "for pdfminer's layout analysis; drawings go first, then the last pages"
            if not survey.tokens_out
            else f"more than Options.max_pdf_tokens ({options.max_pdf_tokens:,}) tokens for "
            "pdfminer to parse"
        )
    if unread:
        meta["unread_pages"] = ",".join(map(str, unread))
        why = []
        if survey.crowded - heavy:
            why.append(
                f"more than Options.max_page_objects ({options.max_page_objects:,}) objects drawn"
            )
        if heavy & set(unread):
            why.append(
                f"more than {MAX_PAGE_FONTS} fonts, or forms drawn past Options.max_pdf_tokens "
                f"({options.max_pdf_tokens:,}) tokens"
            )
        if set(unread) - survey.crowded:
            why.append(f"more than {MAX_PLAIN_RUNS:,} runs of text read from PDFium's text")
        meta["unread_reason"] = "; ".join(why)
    if len(ocr) > options.max_ocr_pages:
        raise TooManyPages(
            f"the PDF has {len(ocr)} pages to OCR, more than Options.max_ocr_pages "
            f"({options.max_ocr_pages})"
        )
    if ocr:
        try:
            pages = _ocr_pages(data, pages, ocr, options)
            meta["ocr_pages"] = ",".join(map(str, ocr))
        except InputError as exc:
            if exc.code != "ocr_unavailable" or len(ocr) == len(pages):
                raise
            # A few scanned pages in a text PDF (a stamped signature page, an annex) without
            # the OCR extra: the text pages are still worth a record, marked partial.
            meta["unread_pages"] = ",".join(map(str, sorted([*unread, *ocr])))
            reasons = [meta.get("unread_reason"), exc.message]
            meta["unread_reason"] = "; ".join(r for r in reasons if r)
    joined = [_lone_rows_as_text(p) for p in join_continued_tables(pages)]
    return Document(kind="pdf", pages=tuple(joined), paged=True, meta=meta)


# --- bounds checked before the PDF is parsed --------------------------------------------------

# "stream" at the end of a line, not "endstream": where a stream's bytes begin.
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_IMAGE_DICT = re.compile(rb"/Subtype\s*/Image\b")
# The stream's filters (a name or an array of names) and its length, when written in its
# dictionary rather than as references.
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_FILTER_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})\b(?!\s+\d+\s+R)")
# How far before a stream its dictionary is looked for (a dictionary of an image with its
# decode parameters and a colour space array is a few hundred bytes).
_DICT_REACH = 4096
# Flate inside flate is followed this deep when the dictionary names no filters.
_MAX_NESTED = 3
# More filters than this on one stream is no PDF writer's doing (they write one or two).
MAX_FILTERS = 8
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 1 << 20
# Filters whose output pdfminer does not decode further or PDFium decodes only to draw (the
# image codecs, whose pixels are bounded by the render-size cap): the count stops there.
_OPAQUE = {b"DCTDecode", b"DCT", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode", b"CCF", b"Crypt"}


class _PastCap(Exception):
    pass


class ParsingCap(ResourceLimit):
    """pdfminer's parsing work passed ``Options.max_pdf_tokens`` (:func:`count_parsing`)."""


# A filter: the pieces of its input in, the pieces of its output out.
_Decoder = Callable[[Iterator[bytes]], Iterator[bytes]]


def check_streams(data: bytes, options: Options) -> None:
    """Fail with :class:`DecompressionBomb` when a stream decodes past its cap
    (``Options.max_stream_bytes``; ``max_unpacked_bytes`` for images). Every ``stream``
    keyword of the file is tried, whatever the cross-reference table says (pdfminer's fallback
    parser finds streams the table does not list, and the table's own stream is inflated before
    anything else). A stream is decoded through the filters its dictionary names (Flate, LZW,
    RunLength, ASCIIHex and ASCII85, in any chain; the output of each counts against the cap,
    as pdfminer holds each whole), or, where the dictionary names none that can be read here,
    tried as flate. Each is decoded a piece at a time and nothing is kept, so the check costs
    the decoding only, and stops at the cap."""
    for match in _STREAM_START.finditer(data):
        start = match.end()
        head = data[max(0, start - _DICT_REACH) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]
        image = _IMAGE_DICT.search(head) is not None
        filters = _filters(head)
        with _bomb_check(image, options, f"of the PDF (at byte {match.start():,})") as cap:
            if filters:
                _decode_chain(data, start, head, filters, cap)
            else:
                _drain(_chunks(data, start, len(data)), cap, 0)


@contextlib.contextmanager
def _bomb_check(image: bool, options: Options, where: str) -> Iterator[int]:
    """The cap of a stream (``max_unpacked_bytes`` for an image, else ``max_stream_bytes``)
    for the block that decodes it, whose passing it becomes :class:`DecompressionBomb`."""
    cap = options.max_unpacked_bytes if image else options.max_stream_bytes
    try:
        yield cap
    except _PastCap:
        what = "an image stream" if image else "a stream"
        option = "max_unpacked_bytes" if image else "max_stream_bytes"
        raise DecompressionBomb(
            f"{what} {where} decodes past Options.{option} ({cap:,} bytes)"
        ) from None


def _filters(head: bytes) -> list[bytes]:
    """The filter names of the stream whose dictionary ends ``head``, in the order they are
    applied; empty when none is written there (no filter, or a reference to them)."""
    found = list(_FILTER.finditer(head))
    if not found:
        return []
    return _FILTER_NAME.findall(found[-1].group(1))


def _chunks(data: bytes, start: int, end: int) -> Iterator[bytes]:
    return (data[i : min(i + _IN_CHUNK, end)] for i in range(start, end, _IN_CHUNK))


def _decode_chain(data: bytes, start: int, head: bytes, filters: list[bytes], cap: int) -> None:
    if len(filters) > MAX_FILTERS:
        raise ResourceLimit(
            f"a stream of the PDF names {len(filters)} filters (no writer uses more than "
            f"{MAX_FILTERS})"
        )
    length = _LENGTH.findall(head)
    end = len(data)
    if length and start + int(length[-1]) <= len(data):
        # pdfminer reads the stream's /Length bytes: an LZW or RunLength stream goes on past
        # an end-of-data code up to there.
        end = start + int(length[-1])
    _decode_pieces(_chunks(data, start, end), filters, cap)


def _decode_pieces(pieces: Iterator[bytes], filters: list[bytes], cap: int) -> None:
    """Decode ``pieces`` through ``filters``, each stage's output counted against ``cap``."""
    for name in filters:
        decoder = _decoders().get(name)
        if decoder is None:
            if name not in _OPAQUE:
                # A filter pdfminer does not know either: it stops decoding there.
                logger.debug("PDF stream filter %r not checked", name)
            break
        pieces = _counted(decoder(pieces), cap)
    try:
        for _ in pieces:
            pass
    except (_PastCap, ExtractorError, MemoryError, RecursionError):
        raise
    except Exception as exc:
        # Data a decoder cannot read (pdfminer's LZW decoder raises IndexError on garbage,
        # which an encrypted stream is to the pass over the file's bytes): nothing more comes
        # out of it, as nothing more does in pdfminer.
        logger.debug("PDF stream not decodable past here: %r", exc)


class _Arcfour:
    """RC4 in linear time, for pdfminer (see :func:`linear_rc4`): the C cipher of
    ``cryptography`` (pdfminer's own dependency, for AES) where it has the key's size, else a
    loop that writes into a preallocated buffer."""

    def __init__(self, key: Sequence[int]) -> None:
        self._cipher: Any = None
        try:
            from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
            from cryptography.hazmat.primitives.ciphers import Cipher

            self._cipher = Cipher(ARC4(bytes(key)), mode=None).encryptor()
        except Exception:  # an older cryptography, or a key size it lacks (RC4 takes 1-32 bytes)
            s = list(range(256))
            j = 0
            for i in range(256):
                j = (j + s[i] + key[i % len(key)]) % 256
                s[i], s[j] = s[j], s[i]
            self._state = s
            self._i = self._j = 0

    def process(self, data: bytes) -> bytes:
        if self._cipher is not None:
            return bytes(self._cipher.update(bytes(data)))
        s, i, j = self._state, self._i, self._j
        out = bytearray(data)
        for n, c in enumerate(out):
            i = (i + 1) % 256
            j = (j + s[i]) % 256
            s[i], s[j] = s[j], s[i]
            out[n] = c ^ s[(s[i] + s[j]) % 256]
        self._i, self._j = i, j
        return bytes(out)

    encrypt = decrypt = process


@functools.cache
def linear_rc4() -> None:
    """pdfminer decrypts RC4 (the cipher of most copy-protected PDFs) by adding one byte at a
    time to a bytes object: quadratic, 3 s for a 256 KB stream, minutes for a megabyte, inside
    pdfminer where no deadline reaches. Its security handler is given :class:`_Arcfour`, the
    same cipher in linear time (the same bytes: tests/test_hostile.py)."""
    import pdfminer.pdfdocument

    pdfminer.pdfdocument.Arcfour = _Arcfour  # type: ignore[attr-defined,assignment]


def check_encrypted_streams(data: bytes, options: Options) -> None:
    """:func:`check_streams` for a PDF whose streams are encrypted and that opens with the
    empty user password (copy protection): the bytes of its streams are not flate, LZW or
    RunLength until decrypted, so the pass over the file saw nothing. pdfminer finds each
    stream through the cross-reference table and decrypts it (RC4 or AES: as long as the
    stream's bytes, no amplification), and the filters of its dictionary are decoded and
    counted as there. The streams written directly in the file come first: object streams
    (compressed sets of objects, which hold no streams themselves) are among them and checked
    before pdfminer inflates one to find an object in it. Nothing to do for a PDF that is not
    encrypted, and one that needs a password is refused later as ``encrypted``."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.pdftypes import PDFStream

    if b"/Encrypt" not in data:
        return
    linear_rc4()

    class Sealed(PDFDocument):
        """Objects in an object stream are found only once the object streams are checked."""

        unsealed = False

        def _getobj_objstm(self, stream: PDFStream, index: int, objid: int) -> object:
            if not self.unsealed:
                raise PDFSyntaxError("object streams are not checked yet")
            return super()._getobj_objstm(stream, index, objid)

    try:
        doc = Sealed(PDFParser(BytesIO(data)), password="")
    except Exception:
        return  # a wrong password or a damaged file: pdfplumber says which
    decipher = doc.decipher
    if decipher is None:
        return
    objids = sorted({i for xref in doc.xrefs for i in xref.get_objids()})
    later: list[int] = []
    for rounds in range(2):
        for objid in objids if rounds == 0 else later:
            check("checking encrypted PDF streams")
            try:
                obj = doc.getobj(objid)
            except ResourceLimit:
                raise
            except Exception:
                if rounds == 0:
                    later.append(objid)
                continue
            if isinstance(obj, PDFStream) and obj.rawdata is not None:
                _check_decrypted(obj, decipher, options)
        doc.unsealed = True


def _check_decrypted(stream: Any, decipher: Callable[..., bytes], options: Options) -> None:
    image = getattr(stream.get("Subtype"), "name", None) == "Image"
    try:
        names = [str(getattr(f, "name", f)).encode() for f, _ in stream.get_filters()]
        plain = decipher(stream.objid, stream.genno, stream.rawdata, stream.attrs)
    except ResourceLimit:
        raise
    except Exception:
        return  # pdfminer fails on this stream too, before decoding it
    pieces = _chunks(plain, 0, len(plain))
    with _bomb_check(image, options, f"of the encrypted PDF (object {stream.objid})") as cap:
        if names:
            _decode_pieces(pieces, names, cap)
        else:
            _drain(pieces, cap, 0)


def _counted(pieces: Iterator[bytes], cap: int) -> Iterator[bytes]:
    seen = 0
    for piece in pieces:
        seen += len(piece)
        if seen > cap:
            raise _PastCap
        check("checking PDF streams")
        yield piece


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The inflated bytes of a zlib stream read from ``chunks``, a megabyte at most at a time,
    until its end or the first byte that is not flate (pdfminer keeps what came before)."""
    d = zlib.decompressobj()
    for chunk in chunks:
        while chunk:
            try:
                out = d.decompress(chunk, _OUT_CHUNK)
            except zlib.error:
                return
            if out:
                yield out
            if d.eof:
                # What follows the stream's end stays in unconsumed_tail when max_length
                # stopped the last call: it is not more of this stream.
                return
            chunk = d.unconsumed_tail


class _Pieces:
    """A file over an iterator of byte strings, for pdfminer's LZW decoder (it reads a byte at
    a time)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._buffer = b""
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        while self._at >= len(self._buffer):
            nxt = next(self._pieces, None)
            if nxt is None:
                return b""
            self._buffer, self._at = nxt, 0
        if size < 0:
            size = len(self._buffer) - self._at
        out = self._buffer[self._at : self._at + size]
        self._at += len(out)
        return out


def _lzw(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """LZW as pdfminer decodes it (its own decoder, which yields a code's bytes at a time),
    gathered into pieces of up to a megabyte."""
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    size = 0
    for piece in LZWDecoder(_Pieces(pieces)).run():  # type: ignore[arg-type]
        out.append(piece)
        size += len(piece)
        if size >= _OUT_CHUNK:
            yield b"".join(out)
            out, size = [], 0
    if out:
        yield b"".join(out)


def _run_length(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """RunLengthDecode, a piece at a time: a length byte, then that many bytes plus one (0-127)
    or one byte repeated 257 minus it times (129-255); 128 or the data's end stops it."""
    out = bytearray()
    pending = b""
    for piece in pieces:
        buf = pending + piece
        i = 0
        while i < len(buf):
            n = buf[i]
            if n == 128:
                if out:
                    yield bytes(out)
                return
            if n < 128:
                if i + n + 2 > len(buf):
                    break
                out += buf[i + 1 : i + n + 2]
                i += n + 2
            else:
                if i + 2 > len(buf):
                    break
                out += buf[i + 1 : i + 2] * (257 - n)
                i += 2
            if len(out) >= _OUT_CHUNK:
                yield bytes(out)
                out.clear()
        pending = buf[i:]
    if out:
        yield bytes(out)


def _ascii(decode: Callable[[bytes], bytes], end: bytes) -> _Decoder:
    """An ASCII filter (its output is smaller than its input): its input up to its end marker,
    decoded whole by pdfminer's own function."""

    def run(pieces: Iterator[bytes]) -> Iterator[bytes]:
        text = bytearray()
        for piece in pieces:
            text += piece
            if end in piece:
                break
        try:
            out = decode(bytes(text))
        except Exception:  # damaged: pdfminer fails on it too
            return
        if out:
            yield out

    return run


@functools.cache
def _decoders() -> dict[bytes, _Decoder]:
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    flate = _inflate
    ahx = _ascii(asciihexdecode, b">")
    a85 = _ascii(ascii85decode, b"~>")
    return {
        b"FlateDecode": flate,
        b"Fl": flate,
        b"LZWDecode": _lzw,
        b"LZW": _lzw,
        b"RunLengthDecode": _run_length,
        b"RL": _run_length,
        b"ASCIIHexDecode": ahx,
        b"AHx": ahx,
        b"ASCII85Decode": a85,
        b"A85": a85,
    }


def _drain(chunks: Iterable[bytes], cap: int, depth: int) -> None:
    out = _inflate(chunks)
    first = next(out, b"")
    if not first:
        return
    seen = 0

    def counted() -> Iterator[bytes]:
        nonlocal seen
        for piece in itertools.chain([first], out):
            seen += len(piece)
            if seen > cap:
                raise _PastCap
            check("checking PDF streams")
            yield piece

    if depth + 1 < _MAX_NESTED and _zlib_header(first):
        _drain(counted(), cap, depth + 1)
        return
    for _ in counted():
        pass


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


@dataclass(frozen=True, slots=True)
class Survey:
    pages: int = 0
    textless: frozenset[int] = frozenset()
    """Pages (from 1) on which PDFium finds no text and no form that could hold some."""
    crowded: frozenset[int] = frozenset()
    """Pages with more than ``Options.max_page_objects`` objects."""
    chars: int = 0
    """Characters of the text layer of the pages neither textless nor crowded."""
    plain: frozenset[int] = frozenset()
    """Pages past ``Options.max_parsed_objects``: read from PDFium's text layer, not by
    pdfminer (:func:`plain_pages`)."""
    tokens_out: bool = False
    """pdfminer's parsing budget (``Options.max_pdf_tokens``) ran out while reading: the page
    it ran out on and those after it are in ``plain``."""

    def reading_as_text(self, pages: Iterable[int]) -> Survey:
        # Pages without text still go to OCR.
        plain = self.plain | (frozenset(pages) - self.textless)
        return dataclasses.replace(self, plain=plain, tokens_out=True)


_FORM = re.compile(rb"/Subtype\s*/Form\b")
_DO = re.compile(rb"/([^\s/\[\]<>()]+)\s*Do\b")


# Fonts of one page, and of a whole PDF (each font object once, each font written into a page's
# resources each time): PDFium builds every font of a page's resources as it loads the page
# (0.3 ms each: 19,000 fonts took 6 s) and pdfminer as it reads it (1 ms each). A report page
# uses 2-10 fonts and a whole report 5-50.
MAX_PAGE_FONTS = 500
MAX_PDF_FONTS = 2000
# Forms inside forms: a page nesting them deeper is not loaded (PDFium and pdfminer recurse
# into each; 500 deep ran pdfminer out of stack). Report PDFs nest them 1-3 deep.
MAX_FORM_DEPTH = 50
# Tokens of content of all pages, in Options.max_pdf_tokens: past it the PDF fails at once
# (pages past the budget are not read by pdfminer, but each would cost PDFium its load).
PAGE_TOKENS_IN_ALL = 10


def heavy_pages(data: bytes, options: Options) -> frozenset[int]:
    """Pages (from 1) not to load at all, from pdfminer's walk of the page tree before PDFium
    or pdfminer loads a page: those with more than ``MAX_PAGE_FONTS`` fonts, and those whose
    content, with the form XObjects it draws as it draws them, comes to more than
    ``Options.max_pdf_tokens`` tokens (a content stream of a million text objects cost PDFium
    650 MB to load only to be counted). A form that draws another twice, twenty deep, is a
    million drawings from 4 KB, which PDFium expands in full as it loads the page (2.7 GB,
    minutes) and pdfminer as it reads it. A form's tokens are its whitespace plus the tokens
    of the forms it draws, each form counted once (a form drawn by itself, directly or not,
    adds nothing here; pdfminer's parsing budget stops it); forms nested more than
    ``MAX_FORM_DEPTH`` deep are past every budget. More than ``MAX_PDF_FONTS`` fonts in all,
    or ``PAGE_TOKENS_IN_ALL`` times the budget of content, fail the document with code
    too_complex."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    cap = options.max_pdf_tokens
    forms = _FORM.search(data) is not None
    costs: dict[int, int] = {}
    busy: set[int] = set()

    def tokens(stream: Any) -> tuple[int, list[bytes]]:
        content = stream.get_data() or b""
        spaces = content.count(b" ") + content.count(b"\n") + content.count(b"\r")
        return spaces + 1, _DO.findall(content)

    def drawn(names: list[bytes], resources: Any, depth: int = 0) -> int:
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        total = 0
        for name in names:
            ref = xobjects.get(name.decode("latin-1"))
            total += form_cost(ref, resources, depth + 1)
            if total > cap:
                break
        return total

    def form_cost(ref: Any, inherited: Any, depth: int) -> int:
        if not isinstance(ref, PDFObjRef):
            return 0
        objid = ref.objid
        if objid in costs:
            return costs[objid]
        if objid in busy:
            return 0
        if depth > MAX_FORM_DEPTH:
            return cap + 1
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream):
            return 0
        if getattr(stream.get("Subtype"), "name", "") != "Form":
            return 0
        busy.add(objid)
        try:
            own, names = tokens(stream)
            cost = own + drawn(names, stream.get("Resources") or inherited, depth)
        finally:
            busy.discard(objid)
        costs[objid] = cost
        return cost

    heavy: set[int] = set()
    fonts: set[int] = set()
    written = 0
    total = 0
    # Content streams counted (pages may share one): their tokens and the forms they draw.
    counted: dict[int, tuple[int, list[bytes]]] = {}
    try:
        doc = PDFDocument(PDFParser(BytesIO(data)), password="")
        for number, page in enumerate(PDFPage.create_pages(doc), start=1):
            check("counting the fonts and forms of the PDF's pages")
            if number > options.max_pages:
                break
            resources = resolve1(page.resources) or {}
            font_dict = resolve1(resources.get("Font")) if isinstance(resources, dict) else None
            if isinstance(font_dict, dict):
                for font in font_dict.values():
                    if isinstance(font, PDFObjRef):
                        fonts.add(font.objid)
                    else:
                        written += 1
                if len(font_dict) > MAX_PAGE_FONTS:
                    heavy.add(number)
                    continue
            if len(fonts) + written > MAX_PDF_FONTS:
                raise ResourceLimit(
                    f"the PDF's pages use more than {MAX_PDF_FONTS:,} fonts by page {number}"
                )
            contents = page.contents if isinstance(page.contents, list) else [page.contents]
            own = 0
            names: list[bytes] = []
            for content in contents:
                stream = resolve1(content)
                if isinstance(stream, PDFStream):
                    key = stream.objid if stream.objid is not None else id(stream)
                    if key not in counted:
                        counted[key] = tokens(stream)
                        # pdfminer keeps a stream's decoded bytes: these are counted, not kept.
                        stream.data = None
                    count, found = counted[key]
                    own += count
                    names += found if forms else []
            total += own
            if total > PAGE_TOKENS_IN_ALL * cap:
                raise ResourceLimit(
                    f"the PDF's pages have more than {PAGE_TOKENS_IN_ALL} x "
                    f"Options.max_pdf_tokens ({cap:,}) tokens of content by page {number}"
                )
            if own > cap or (names and own + drawn(names, page.resources) > cap):
                heavy.add(number)
    except (ExtractorError, MemoryError):
        raise
    except RecursionError as exc:
        # pdfminer follows a chain of incremental updates (/Prev) recursively.
        raise ResourceLimit(
            f"the PDF nests too deeply to read (updates or forms inside forms): {exc}"
        ) from exc
    except Exception:
        pass  # damaged: pdfplumber and PDFium say what they make of it
    return frozenset(heavy)


def open_pdfium(data: bytes) -> Any:
    """PDFium's document of ``data`` (the empty user password tried), or None where PDFium
    cannot open it (pdfplumber then says what is wrong)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pdfplumber depends on it
        return None
    try:
        return pdfium.PdfDocument(data, password="")
    except Exception:
        return None


def survey_pages(
    data: bytes, options: Options, pdf: Any = None, heavy: frozenset[int] = frozenset()
) -> Survey:
    """What PDFium sees of each page, in milliseconds, before pdfminer takes its ~0.3 ms an
    object: the page count (``max_pages``), the objects drawn (``max_pdf_objects``,
    ``max_page_objects``), the characters of the text layer (``max_pdf_chars``: pdfminer's
    time grows with them), the pages with no text at all, and the pages pdfminer is not
    given because the document passes ``max_parsed_objects`` (:func:`plain_pages`, from each
    page's objects, paths and characters). A PDF that PDFium cannot open is left to
    pdfplumber to judge. ``pdf``: PDFium's document of ``data`` when the caller has it open
    (and closes it); else it is opened and closed here. ``heavy``: pages not to load (their
    forms expand past every budget: :func:`heavy_pages`), crowded."""
    import pypdfium2.raw as pdfium_c

    own = pdf is None
    if own:
        pdf = open_pdfium(data)
    if pdf is None:
        return Survey()
    textless: set[int] = set()
    crowded: set[int] = set()
    costs: list[PageCost] = []
    total = 0
    chars = 0
    pages = len(pdf)
    try:
        if pages > options.max_pages:
            raise TooManyPages(
                f"the PDF has {pages:,} pages, more than Options.max_pages ({options.max_pages})"
            )
        for i in range(pages):
            check(f"counting the objects of PDF page {i + 1}")
            if i + 1 in heavy:
                crowded.add(i + 1)
                continue
            try:
                page = pdf[i]
            except Exception:
                continue
            try:
                count, text, paths = _objects(pdfium_c, page.raw, options.max_page_objects)
                page_chars = 0
                if text and count <= options.max_page_objects:
                    page_chars = _text_chars(pdfium_c, page.raw)
                    chars += page_chars
                    costs.append(PageCost(i + 1, count, paths, page_chars))
            finally:
                page.close()
            total += count
            if total > options.max_pdf_objects:
                raise ResourceLimit(
                    f"the PDF draws more than Options.max_pdf_objects "
                    f"({options.max_pdf_objects:,}) objects (text runs, paths, images) by page "
                    f"{i + 1}"
                )
            if count > options.max_page_objects:
                crowded.add(i + 1)
            elif not text:
                textless.add(i + 1)
            elif chars > options.max_pdf_chars:
                raise TooLong(
                    f"the PDF's text layer has more than Options.max_pdf_chars "
                    f"({options.max_pdf_chars:,}) characters by page {i + 1}"
                )
    finally:
        if own:
            pdf.close()
    plain = plain_pages(costs, options.max_parsed_objects)
    return Survey(pages, frozenset(textless), frozenset(crowded), chars, plain)


@dataclass(frozen=True, slots=True)
class PageCost:
    """What pdfminer's reading of a page would cost, from PDFium's survey: its objects (text
    runs, paths, images, those inside forms; pdfminer and our table finder take 0.15-0.5 ms
    each), how many are paths, and the characters of its text layer."""

    page: int
    objects: int
    paths: int
    chars: int

    @property
    def cost(self) -> int:
        """pdfminer's and our table finder's work on the page, in objects of one glyph (70 us
        each on a quiet 2-core machine): a character of a longer run costs half that (35 us),
        and a path three times (170 us: a page of 15,000 rectangles took 2.5 s, the table
        finder's share a third), so that neither 100,000 characters in 1,000 objects nor a
        page of rules is read as if it were 1,000 objects of text."""
        return self.objects + 2 * self.paths + self.chars // 2

    @property
    def drawing(self) -> int:
        """Paths beyond what the page's text could need as table rules (0 for a table page):
        a ruled table draws 1-4 paths a cell (Chromium prints each border apart) and a cell
        holds a character or more."""
        return max(0, self.paths - TABLE_PATHS_PER_CHAR * self.chars - TABLE_PATHS_FREE)


# Paths a page may draw per character of its text, and over that, before they are a drawing
# rather than a table's rules. The densest table pages of the reports we have draw 1.4 paths a
# character (平潭 2021 printed by Chromium, page 3: 899 paths, 630 characters).
TABLE_PATHS_PER_CHAR = 4
TABLE_PATHS_FREE = 500


def plain_pages(costs: Sequence[PageCost], budget: int) -> frozenset[int]:
    """The pages pdfminer does not read because the document's objects pass ``budget``
    (``Options.max_parsed_objects``): every drawing (its paths are no table's rules, and
    tables are what pdfminer's reading is for), then the last pages until the rest fits.
    Nothing changes for a document within the budget."""
    total = sum(c.cost for c in costs)
    if total <= budget:
        return frozenset()
    out = {c.page for c in costs if c.drawing}
    total -= sum(c.cost for c in costs if c.drawing)
    for cost in sorted(costs, key=lambda c: -c.page):
        if total <= budget:
            break
        if cost.page not in out:
            out.add(cost.page)
            total -= cost.cost
    return frozenset(out)


def _text_chars(c: Any, page: Any) -> int:
    """Characters of a page's text layer as PDFium counts them (with the line breaks and
    spaces it infers), or 0 where it cannot say: a millisecond for a page of text that pdfminer
    takes 0.1-1 s over."""
    text_page = c.FPDFText_LoadPage(page)
    if not text_page:
        return 0
    try:
        return max(0, int(c.FPDFText_CountChars(text_page)))
    finally:
        c.FPDFText_ClosePage(text_page)


# Segments of a path that count as one object: a rectangle's (a move, three lines, a close).
PATH_SEGMENTS = 5


def _objects(c: Any, page: Any, cap: int) -> tuple[int, bool, int]:
    """Objects of a page, those inside forms (XObjects) included, whether any is text, and
    how many are paths (a path of many segments as several, ``PATH_SEGMENTS`` a piece); the
    walk stops past ``cap`` objects."""
    count = 0
    paths = 0
    text = False
    # (handle, is the page itself, nesting depth)
    stack: list[tuple[Any, bool, int]] = [(page, True, 0)]
    while stack and count <= cap:
        handle, is_page, depth = stack.pop()
        n = c.FPDFPage_CountObjects(handle) if is_page else c.FPDFFormObj_CountObjects(handle)
        count += max(0, n)
        if count > cap:
            break
        for k in range(max(0, n)):
            obj = c.FPDFPage_GetObject(handle, k) if is_page else c.FPDFFormObj_GetObject(handle, k)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_TEXT:
                text = True
            elif kind == c.FPDF_PAGEOBJ_PATH:
                # pdfminer makes an object of each part of a path (each rectangle of one
                # path of a thousand "re"): weighed by its segments, five to a rectangle.
                weight = max(1, c.FPDFPath_CountSegments(obj) // PATH_SEGMENTS)
                paths += weight
                count += weight - 1
            elif kind == c.FPDF_PAGEOBJ_FORM:
                if depth >= 8:
                    text = True  # too deep to look into: let pdfminer read it
                else:
                    stack.append((obj, False, depth + 1))
    return count, text, paths


def _lone_rows_as_text(page: Page) -> Page:
    """A one-row grid that did not continue a table is a two-cell text line (a date beside a
    name, a signature), not a table."""
    blocks = []
    for b in page.blocks:
        if b.grid is not None and b.grid.n_rows == 1:
            text = " ".join(c.text for c in sorted(b.grid.cells, key=lambda c: c.col) if c.text)
            if not text:
                continue
            prov = b.provenance
            blocks.append(Block("paragraph", (Line(text, prov),), provenance=prov))
        else:
            blocks.append(b)
    return Page(page.number, tuple(blocks))


def _cause(exc: BaseException, kind: type[ExtractorError]) -> ExtractorError | None:
    """The error of ours that pdfplumber wrapped (PdfminerException(TooLong(…))), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        for e in (seen, *seen.args):
            if isinstance(e, kind):
                return e
        seen = seen.__cause__ or seen.__context__
    return None


# Glyphs pdfminer may still draw for the document being read, and the cap they started from
# (None: not counting).
_GLYPHS_LEFT: ContextVar[list[int] | None] = ContextVar("pdf_glyphs_left", default=None)
_PATCHING = threading.Lock()


@functools.cache
def count_glyphs() -> None:
    """pdfplumber's page device, counting the glyphs pdfminer draws against the current
    document's ``Options.max_pdf_chars``. PDFium's survey counts characters as its text layer
    keeps them, one for each place on the page: text drawn over itself (the same line 20,000
    times, or a form of text drawn again and again) counted 18 there and drew 360,000 glyphs
    in pdfminer (30 s, 600 MB). pdfminer cannot be stopped inside a page from outside, so the
    count is taken as it draws, with a deadline check every thousand glyphs."""
    import pdfplumber.page

    with _PATCHING:
        # functools.cache does not serialise a first call made by two threads at once: a
        # device subclassed twice would count every glyph twice.
        base = pdfplumber.page.PDFPageAggregatorWithMarkedContent
        if getattr(base, "counts_glyphs", False):
            return
        pdfplumber.page.PDFPageAggregatorWithMarkedContent = _glyph_counting(base)  # type: ignore[misc]


def _glyph_counting(base: Any) -> Any:
    """``base`` (pdfplumber's page device) counting the glyphs it draws; see count_glyphs."""

    class Counted(base):  # type: ignore[misc]
        counts_glyphs = True

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            left = _GLYPHS_LEFT.get()
            if left is not None:
                left[0] -= 1
                if left[0] < 0:
                    raise TooLong(
                        f"the PDF draws more than Options.max_pdf_chars ({left[1]:,}) "
                        "characters (text drawn over itself counts each time it is drawn)"
                    )
                if left[0] % 1000 == 0:
                    check("drawing the PDF's text")
            result: float = super().render_char(*args, **kwargs)
            return result

    return Counted


# pdfminer's parsing work still allowed for the document being read, and the cap it started
# from (None: not counting); see count_parsing.
_WORK_LEFT: ContextVar[list[int] | None] = ContextVar("pdf_work_left", default=None)
# What creating one font costs in pdfminer (its widths, encoding and metrics), in tokens: about
# a millisecond, as long as a thousand tokens take to parse.
FONT_WORK = 1000
# Deadline checks inside pdfminer's parsing: one every this many units of work.
_WORK_CHECK = 4096


def _spend(units: int) -> None:
    left = _WORK_LEFT.get()
    if left is None:
        return
    before = left[0]
    left[0] = before - units
    if left[0] < 0:
        raise ParsingCap(
            f"the PDF needs more parsing than Options.max_pdf_tokens ({left[1]:,} tokens: its "
            "content, object streams, fonts and character maps)"
        )
    if before // _WORK_CHECK != left[0] // _WORK_CHECK:
        check("parsing the PDF")


@functools.cache
def count_parsing() -> None:
    """pdfminer's parsing, counted against the current document's ``Options.max_pdf_tokens``
    as it goes, with a deadline check every few thousand tokens: every token of every stream
    and object it parses (content streams, object streams, fonts, character maps), each code
    a character map's range maps (``<0000> <FFFF>`` is 65,536 codes from three tokens, and a
    four-byte range billions), and each font it creates. PDFium's survey counts what pages
    draw, but none of this: a million junk objects in an object stream, a font's million
    widths or a CMap of a million entries cost pdfminer seconds to minutes inside one call,
    where no deadline reaches."""
    import pdfminer.cmapdb
    import pdfminer.pdfdocument
    import pdfminer.pdfinterp
    import pdfminer.psparser

    with _PATCHING:
        base = pdfminer.psparser.PSBaseParser
        if getattr(base, "counts_tokens", False):
            return
        nexttoken = base.nexttoken

        def counted_token(self: Any) -> Any:
            _spend(1)
            return nexttoken(self)

        maps: list[tuple[Any, str]] = [
            (pdfminer.cmapdb.CMapBase, "add_cid2unichr"),
            (pdfminer.cmapdb.CMapBase, "add_code2cid"),
            (pdfminer.cmapdb.FileUnicodeMap, "add_cid2unichr"),
            (pdfminer.cmapdb.FileCMap, "add_code2cid"),
        ]
        for cls, name in maps:
            setattr(cls, name, _counted_call(getattr(cls, name)))
        manager = pdfminer.pdfinterp.PDFResourceManager
        get_font = manager.get_font

        def counted_font(self: Any, objid: object, spec: Any) -> Any:
            if not (objid and objid in self._cached_fonts):
                _spend(FONT_WORK)
            return get_font(self, objid, spec)

        manager.get_font = counted_font  # type: ignore[method-assign]
        document = pdfminer.pdfdocument.PDFDocument
        document.getobj = _resolving(document.getobj)  # type: ignore[method-assign,assignment]
        base.nexttoken = counted_token  # type: ignore[method-assign]
        base.counts_tokens = True  # type: ignore[attr-defined]


# References followed from an object that is itself a bare reference ("5 0 R" whose object is
# "6 0 R" …) before the chain counts as a loop; a real PDF has chains of one or two.
MAX_REFERENCE_CHAIN = 32


def _resolving(getobj: Callable[[Any, int], object]) -> Callable[[Any, int], object]:
    """pdfminer's ``getobj`` giving the object at the end of a chain of bare references, and
    refusing a chain that loops: pdfminer follows one forever (a MediaBox "5 0 R" whose
    object 5 is "5 0 R" hung a worker). Only the objects pdfminer asks for are looked at: a
    walk over every object of the file took seconds for 300,000 of them."""
    from pdfminer.pdftypes import PDFObjRef

    def resolved(self: Any, objid: int) -> object:
        obj = getobj(self, objid)
        seen = {objid}
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen or len(seen) > MAX_REFERENCE_CHAIN:
                raise CorruptDocument(f"the PDF's object {objid} refers to itself in a loop")
            seen.add(obj.objid)
            obj = getobj(self, obj.objid)
        return obj

    return resolved


def _counted_call(method: Callable[..., Any]) -> Callable[..., Any]:
    def counted(self: Any, *args: Any) -> Any:
        _spend(1)
        return method(self, *args)

    return counted


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect()))."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind) or any(isinstance(a, kind) for a in seen.args):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# --- the OCR decision -------------------------------------------------------------------------


def sensible_share(text: str) -> float:
    """Share of non-space characters that are CJK, ASCII or the punctuation reports use."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    ok = sum(1 for ch in chars if _sensible(ord(ch)))
    return ok / len(chars)


def _sensible(cp: int) -> bool:
    return (
        0x21 <= cp <= 0x7E
        or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= cp <= 0x4DBF  # extension A
        or 0x3000 <= cp <= 0x303F  # CJK punctuation
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x2010 <= cp <= 0x206F  # general punctuation (“”—…)
        or 0x2460 <= cp <= 0x24FF  # circled numbers ①
        or cp in (0xB7, 0xD7, 0xF7)  # · × ÷
    )


# Runs of text (PDFium's rectangles) of a page read from PDFium's text layer: finding each
# run's text scans the page's characters, so a page of 19,000 one-glyph runs in as many fonts
# took 15 s. A dense report page has 100-300 runs (a run is a stretch of one line in one font).
MAX_PLAIN_RUNS = 3000


class _PlainReader:
    """Text lines of pages as PDFium lays them out: milliseconds where pdfminer's layout
    analysis of a page of thousands of drawn objects takes a second; no ruled tables (a table
    is read from its text rows, as in a text file)."""

    def __init__(self, pdf: Any) -> None:
        """``pdf``: PDFium's document (:func:`open_pdfium`), which the caller closes."""
        self._pdf = pdf

    def lines(self, number: int) -> list[TextLine] | None:
        """The page's lines, or None for a page of more than ``MAX_PLAIN_RUNS`` runs of text
        (PDFium looks up each run's text among all the page's characters)."""
        page = self._pdf[number - 1]
        try:
            text_page = page.get_textpage()
            try:
                if text_page.count_rects() > MAX_PLAIN_RUNS:
                    return None
                return pdfium_lines(text_page, float(page.get_height()))
            finally:
                text_page.close()
        finally:
            page.close()


def pdfium_lines(text_page: Any, height: float) -> list[TextLine]:
    """PDFium's text rectangles (a run of characters on one line each) grouped into lines from
    the top: a rectangle whose middle lies within a line's height is on it. Within a line the
    runs go left to right. PDFium writes a space of its own where it sees words or cells apart
    (``费 9116.36``); a gap wider than the line is high gets one too, and nothing else does:
    a glyph's box is narrower than its advance (a full-width comma's by most of it), so
    smaller gaps say nothing, and a space inside ``9116.36`` would make two numbers of it."""
    runs: list[tuple[float, float, float, float, str]] = []
    for i in range(text_page.count_rects()):
        left, bottom, right, top = text_page.get_rect(i)
        text = text_page.get_text_bounded(left, bottom, right, top)
        if text.strip():
            runs.append((height - top, height - bottom, left, right, text))
    runs.sort(key=lambda r: (r[0], r[2]))
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        middle = (run[0] + run[1]) / 2
        if rows and min(r[0] for r in rows[-1]) <= middle <= max(r[1] for r in rows[-1]):
            rows[-1].append(run)
        else:
            rows.append([run])
    out: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda r: r[2])
        top, bottom = min(r[0] for r in row), max(r[1] for r in row)
        text = ""
        end = row[0][2]
        for _, _, left, right, piece in row:
            if text and left - end > bottom - top and not text.endswith(" "):
                text += " "
            text += piece
            end = max(end, right)
        text = fold_compat(" ".join(text.split()))
        if text:
            bbox = (row[0][2], top, max(r[3] for r in row), bottom)
            out.append(TextLine(top, bottom, text, bbox))
    return out


def text_needs_ocr(text: str) -> bool:
    stripped = "".join(text.split())
    if not stripped:
        return True
    cid = sum(len(m) for m in _CID.findall(stripped))
    if cid >= CID_SHARE_FOR_OCR * len(stripped):
        return True
    return sensible_share(_CID.sub("", stripped)) < MIN_SENSIBLE_SHARE


def needs_ocr(page: Any) -> bool:
    # The characters alone decide; laying them out as text (extract_text) would be done twice.
    text = "".join(str(c.get("text", "")) for c in page.chars)
    if text_needs_ocr(text):
        return True
    area = float(page.width) * float(page.height)
    covered = max(
        (
            (float(im["x1"]) - float(im["x0"])) * (float(im["bottom"]) - float(im["top"]))
            for im in page.images
        ),
        default=0.0,
    )
    return covered >= SCAN_IMAGE_SHARE * area and len("".join(text.split())) < SCAN_MAX_CHARS


# --- tables -----------------------------------------------------------------------------------


# A rule shorter than pdfplumber's edge_min_length (3 pt) is the end cap of a thicker rule drawn
# as a rectangle, not a rule of its own.
MIN_RULE = 3.0


def open_end_rules(edges: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules to draw where a table was cut by a page break. Chromium prints the row that opens a
    page with its vertical rules but no rule above it (the one it had belongs to the row on the
    previous page), and pdfplumber, finding no cell closed there, dropped that row (平潭 2023
    printed from its web page lost 1.属于国家秘密). Where two or more vertical rules end at one
    height with no horizontal rule through their ends and no vertical rule going on, a rule is
    drawn across them."""
    tol = EDGE_TOLERANCE
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] >= MIN_RULE]
    # Indexed by rounded position: a dense table page has ~1,000 edges.
    across: dict[int, list[tuple[float, float, float]]] = {}
    for e in edges:
        if e["orientation"] == "h" and e["width"] >= MIN_RULE:
            across.setdefault(round(e["top"]), []).append((e["top"], e["x0"], e["x1"]))
    down: dict[int, list[tuple[float, float, float]]] = {}
    for e in verticals:
        down.setdefault(round(e["x0"]), []).append((e["x0"], e["top"], e["bottom"]))
    reach = range(-math.ceil(tol), math.ceil(tol) + 1)

    def near(
        index: dict[int, list[tuple[float, float, float]]], at: float
    ) -> list[tuple[float, float, float]]:
        return [item for k in reach for item in index.get(round(at) + k, ())]

    def closed(x: float, y: float) -> bool:
        return any(abs(t - y) <= tol and x0 - tol <= x <= x1 + tol for t, x0, x1 in near(across, y))

    def goes_on(x: float, y: float, upward: bool) -> bool:
        """Another vertical rule at x continues past y (or passes through it)."""
        for vx, top, bottom in near(down, x):
            if abs(vx - x) > tol:
                continue
            if abs((bottom if upward else top) - y) <= tol or top < y - tol < y + tol < bottom:
                return True
        return False

    open_at: dict[int, list[float]] = {}
    for v in verticals:
        for y, upward in ((v["top"], True), (v["bottom"], False)):
            if not closed(v["x0"], y) and not goes_on(v["x0"], y, upward):
                open_at.setdefault(round(y), []).append(v["x0"])
    rules = []
    for y, xs in sorted(open_at.items()):
        # Both edges of one rule drawn as a thin rectangle are one rule.
        if max(xs) - min(xs) <= tol:
            continue
        x0, x1 = min(xs), max(xs)
        rules.append(
            {"object_type": "line", "x0": x0, "x1": x1, "top": float(y), "bottom": float(y)}
            | {"width": x1 - x0, "height": 0.0}
        )
    return rules


def page_grids(page: Any) -> list[GridPart]:
    parts: list[GridPart] = []
    extra = open_end_rules(page.edges)
    settings = {"explicit_horizontal_lines": extra} if extra else None
    for table in page.find_tables(settings):
        matrix: list[list[str | None]] = table.extract()
        rows = [list(r.cells) for r in table.rows]
        x0, _, x1, _ = table.bbox
        firsts = [next((t for t in r if t), "") for r in matrix]
        for start, end in grid_segments(rows, x0, x1, [t or "" for t in firsts]):
            grid = build_grid(rows[start:end], matrix[start:end], page.page_number)
            if grid is None:
                continue
            boxes = [c for row in rows[start:end] for c in row if c is not None]
            bbox = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            parts.append(GridPart(bbox[1], bbox, grid))
    return parts


def _full_width(row: Sequence[BBox | None], x0: float, x1: float) -> bool:
    cells = [c for c in row if c is not None]
    return (
        len(cells) == 1
        and abs(cells[0][0] - x0) <= EDGE_TOLERANCE
        and abs(cells[0][2] - x1) <= EDGE_TOLERANCE
    )


def grid_segments(
    rows: Sequence[Sequence[BBox | None]],
    x0: float,
    x1: float,
    texts: Sequence[str] | None = None,
) -> list[tuple[int, int]]:
    """Runs [start, end) of rows that form real grids. A row is a grid row unless it is a single
    cell spanning the table's full width (a framed text line). Up to two short full-width rows
    between grid rows (a 第二十条第（五）项 sub-header) stay in the grid; longer or wordier runs
    (a heading and its paragraph between two tables of one framed page) split it."""
    if not rows or max(len(r) for r in rows) < 2:
        return []
    is_grid = [not _full_width(r, x0, x1) for r in rows]
    texts = texts or [""] * len(rows)
    out: list[tuple[int, int]] = []
    i, n = 0, len(rows)
    while i < n:
        if not is_grid[i]:
            i += 1
            continue
        start, end = i, i + 1
        j = end
        while j < n:
            if is_grid[j]:
                end = j = j + 1
                continue
            k = j
            while k < n and not is_grid[k]:
                k += 1
            gap = texts[j:k]
            if k < n and len(gap) <= MAX_LINES_BETWEEN and all(_label_text(t) for t in gap):
                j = k
                continue
            break
        # A lone grid row is kept for now: at the top of a page it may be the last row of a
        # table cut by the page break; read_pdf turns the ones no table takes back into text.
        out.append((start, end))
        i = end
    return out


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > EDGE_TOLERANCE:
            edges.append(v)
    return edges


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def build_grid(
    rows: Sequence[Sequence[BBox | None]], matrix: Sequence[Sequence[str | None]], page: int
) -> Grid | None:
    boxes = [
        (b, t)
        for row, texts in zip(rows, matrix, strict=True)
        for b, t in zip(row, texts, strict=True)
        if b is not None
    ]
    if not boxes:
        return None
    xs = _edges([v for b, _ in boxes for v in (b[0], b[2])])
    ys = _edges([v for b, _ in boxes for v in (b[1], b[3])])
    cells: list[Cell] = []
    for b, text in boxes:
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        cells.append(
            Cell(
                row=r0,
                col=c0,
                text=_cell_text(fold_compat(text or "")),
                rowspan=max(1, r1 - r0),
                colspan=max(1, c1 - c0),
                provenance=Provenance(page=page, bbox=(b[0], b[1], b[2], b[3])),
            )
        )
    return Grid(tuple(cells), n_rows=max(1, len(ys) - 1), n_cols=max(1, len(xs) - 1))


def _cell_text(text: str) -> str:
    # Lines inside a cell are wraps of one label (结果\n维持); CJK text is joined without a space.
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


# --- text -------------------------------------------------------------------------------------


def _inside(obj: dict[str, Any], boxes: Sequence[BBox]) -> bool:
    cx = (float(obj["x0"]) + float(obj["x1"])) / 2
    cy = (float(obj["top"]) + float(obj["bottom"])) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def page_text_lines(page: Any, exclude: Sequence[BBox]) -> list[TextLine]:
    view = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, exclude))
    out: list[TextLine] = []
    for ln in view.extract_text_lines(return_chars=False):
        text = fold_compat(str(ln["text"])).strip()
        if text:
            bbox = (float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
            out.append(TextLine(bbox[1], bbox[3], text, bbox))
    return out


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def running_lines(pages: list[list[TextLine]], heights: list[float]) -> list[set[str]]:
    """Per page, the texts of its header and footer lines: page numbers, and lines in the top or
    bottom band whose digit-blind form recurs on at least half of the pages (and two of them)."""
    bands: list[list[TextLine]] = []
    for lines, h in zip(pages, heights, strict=True):
        bands.append(
            [t for t in lines if t.bottom <= MARGIN_SHARE * h or t.top >= (1 - MARGIN_SHARE) * h]
        )
    counts = Counter(k for band in bands for k in {_running_key(t.text) for t in band})
    need = max(2, (len(pages) + 1) // 2)
    out: list[set[str]] = []
    for band in bands:
        out.append(
            {
                t.text
                for t in band
                if _PAGE_NUMBER.match(t.text.strip()) or counts[_running_key(t.text)] >= need
            }
        )
    return out


_SENTENCE_END = re.compile(r"[。！？；!?;]$")


def _join(a: str, b: str) -> str:
    """A space between two Latin words only: a number cut by the line end is one number."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def _merge(a: TextLine, b: TextLine) -> TextLine:
    box = (min(a.bbox[0], b.bbox[0]), a.bbox[1], max(a.bbox[2], b.bbox[2]), b.bbox[3])
    return TextLine(a.top, b.bottom, _join(a.text, b.text), box, tail=b.last)


def _goes_on(line: TextLine, nxt: TextLine, left: float, right: float) -> bool:
    """``nxt`` continues ``line``: the line runs to the right margin without ending its
    sentence, and the next starts at the left margin (a new paragraph is indented two
    characters). Margins allow one character of slack (a line's height is about one character's
    width): justified Chinese text stops up to a character short."""
    # The paragraph's last printed line decides: a joined line's full height and widest extent
    # would stop a third line from joining, or let a short last line pass as a full one.
    last = line.last
    char = max(last[3] - last[1], 1.0)
    return (
        last[2] >= right - 1.5 * char
        and not _SENTENCE_END.search(line.text)
        and nxt.bbox[0] <= left + char
        # A title in a bigger font is not wrapped into the smaller text under it.
        and abs((nxt.bottom - nxt.top) - char) <= SAME_SIZE * char
        # A heading that fills the line goes on only if what it becomes is still a heading
        # (a heading wrapped over two lines), not when the next line is its section's text.
        and not (is_heading_like(line.text) and not _still_heading(_join(line.text, nxt.text)))
    )


def _still_heading(text: str) -> bool:
    # A lead-in ending in a colon (…列表如下：) is the section's text, not its heading.
    return is_heading_like(text) and not text.endswith(("：", ":"))


def unwrap_pages(pages: list[list[TextLine]], grids: list[list[GridPart]]) -> list[list[TextLine]]:
    """Hard-wrapped lines joined into paragraph lines, across page breaks too (when the next
    page opens with text, not a table); a paragraph stays on the page where it starts."""
    out: list[list[TextLine]] = []
    prev_margins = (0.0, 0.0)
    for lines, parts in zip(pages, grids, strict=True):
        left = min((t.bbox[0] for t in lines), default=0.0)
        right = max((t.bbox[2] for t in lines), default=0.0)
        first_grid = min((p.top for p in parts), default=float("inf"))
        joined: list[TextLine] = []
        for i, line in enumerate(lines):
            if (
                not joined
                and out
                and out[-1]
                and line.top < first_grid
                and out[-1][-1] is not None
                and _goes_on(out[-1][-1], line, left, prev_margins[1] if i == 0 else right)
                and not _grid_after(out[-1][-1], grids[len(out) - 1])
            ):
                out[-1][-1] = _merge(out[-1][-1], line)
                continue
            if (
                joined
                and _goes_on(joined[-1], line, left, right)
                and not _crosses_grid(joined[-1], line, parts)
            ):
                joined[-1] = _merge(joined[-1], line)
            else:
                joined.append(line)
        out.append(joined)
        prev_margins = (left, right)
    return out


def _grid_after(line: TextLine, parts: list[GridPart]) -> bool:
    return any(p.top > line.top for p in parts)


def _crosses_grid(a: TextLine, b: TextLine, parts: list[GridPart]) -> bool:
    return any(a.top < p.top < b.top for p in parts)


def page_blocks(number: int, lines: list[TextLine], parts: list[GridPart]) -> list[Block]:
    """Text lines and grids of one page merged in reading order (top to bottom)."""
    items: list[tuple[float, int, TextLine | GridPart]] = [(t.top, 1, t) for t in lines]
    items += [(p.top, 0, p) for p in parts]
    items.sort(key=lambda it: (it[0], it[1]))
    blocks: list[Block] = []
    run: list[TextLine] = []
    line_no = 0

    def flush() -> None:
        nonlocal line_no
        if run:
            blocks.extend(
                lines_to_blocks([t.text for t in run], page=number, first_line=line_no + 1)
            )
            line_no += len(run)
            run.clear()

    for _, _, item in items:
        if isinstance(item, TextLine):
            run.append(item)
            continue
        flush()
        prov = Provenance(page=number, bbox=item.bbox)
        text_lines = tuple(Line(" | ".join(c for c in row), prov) for row in item.grid.matrix())
        blocks.append(Block("table", text_lines, grid=item.grid, provenance=prov))
    flush()
    return blocks


def join_continued_tables(pages: list[Page]) -> list[Page]:
    """A grid that ends a page and a grid that starts the next are one table cut by the page
    break: the second's rows are appended to the first (repeated headers are the table chain's
    business, as in text). Short label lines between them (a 第二十条第（六）项 sub-header that
    the table finder left outside the ruled cells) go in as full-width rows."""
    out = list(pages)
    emptied: set[int] = set()
    for i in range(len(out) - 1):
        # A page whose whole content joined the table before it passes that table on: a table
        # over three pages ends on the third (平潭 2025 printed from its web page lost
        # 四、结转下年度继续办理, alone on the third page). A page that was blank to begin with
        # (an image, a page OCR could not read) joins nothing.
        h = i
        while h in emptied:
            h -= 1
        a, b = out[h], out[i + 1]
        grid_at = next(
            (k for k in range(len(a.blocks) - 1, -1, -1) if a.blocks[k].grid is not None), None
        )
        if grid_at is None or not b.blocks:
            continue
        if b.blocks[0].grid is None:
            out[h], out[i + 1] = _take_leading_rows(a, b, grid_at)
            if not out[i + 1].blocks:
                emptied.add(i + 1)
            continue
        between = a.blocks[grid_at + 1 :]
        if len(between) > MAX_LINES_BETWEEN or not all(_label_line(x) for x in between):
            continue
        last, first = a.blocks[grid_at], b.blocks[0]
        assert last.grid is not None and first.grid is not None
        grid = last.grid
        for x in between:
            grid = _stack(
                grid, Grid((Cell(0, 0, x.text.strip(), colspan=grid.n_cols),), 1, grid.n_cols)
            )
        joined = _stack(grid, first.grid)
        block = Block(
            "table",
            last.lines + sum((x.lines for x in between), ()) + first.lines,
            grid=joined,
            provenance=last.provenance,
        )
        out[h] = Page(a.number, (*a.blocks[:grid_at], block))
        out[i + 1] = Page(b.number, b.blocks[1:])
        if not out[i + 1].blocks:
            emptied.add(i + 1)
    return out


def _take_leading_rows(a: Page, b: Page, grid_at: int) -> tuple[Page, Page]:
    """A page that ends with a grid, and a next page that opens with row-like lines (a label
    and its numbers, no sentence): an OCR'd table's last row that fell alone onto the next page
    and was read as text. They join the grid as full-width rows."""
    if grid_at != len(a.blocks) - 1:
        return a, b
    rows = []
    for block in b.blocks[:MAX_LINES_BETWEEN]:
        if not _row_line(block):
            break
        rows.append(block)
    if not rows:
        return a, b
    last = a.blocks[grid_at]
    assert last.grid is not None
    grid = last.grid
    for x in rows:
        cell = Cell(0, 0, x.text.strip(), colspan=grid.n_cols, provenance=x.provenance)
        grid = _stack(grid, Grid((cell,), 1, grid.n_cols))
    lines = last.lines + sum((x.lines for x in rows), ())
    block = Block("table", lines, grid=grid, provenance=last.provenance)
    return Page(a.number, (*a.blocks[:grid_at], block)), Page(b.number, b.blocks[len(rows) :])


_ROW_LINE = re.compile(r"^[^\d\s]{2,}.*\d[\d.,，]*\s*(?:元|万元)?$")


def _row_line(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.grid is None
        and len(text) <= TABLE_GAP_MAX_CHARS
        and not re.search(r"[。；;，,：:]", text)
        and not _SECTION_HEADING.match(text)
        and _ROW_LINE.match(text) is not None
    )


# At most this many label lines between a page's last grid and the next page's first; a table
# sub-header is one line, two when it wraps.
MAX_LINES_BETWEEN = 2


def _label_line(block: Block) -> bool:
    return block.grid is None and _label_text(block.text)


def _label_text(text: str) -> bool:
    """A table's sub-header or label line, not a heading or a sentence."""
    text = text.strip()
    return (
        0 < len(text) <= TABLE_GAP_MAX_CHARS
        and "。" not in text
        and not _SECTION_HEADING.match(text)
    )


_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")


def _stack(a: Grid, b: Grid) -> Grid:
    shifted = tuple(
        Cell(c.row + a.n_rows, c.col, c.text, c.rowspan, c.colspan, c.provenance) for c in b.cells
    )
    return Grid(a.cells + shifted, n_rows=a.n_rows + b.n_rows, n_cols=max(a.n_cols, b.n_cols))


# --- OCR --------------------------------------------------------------------------------------


# The largest page image rendered for OCR: an A0 sheet at 200 dpi is 62 Mpx (an A4 page 3.9);
# image files are held to the same size (extractor.reading.image.MAX_PIXELS).
MAX_RENDER_PIXELS = 120_000_000


def _ocr_pages(data: bytes, pages: list[Page], numbers: list[int], options: Options) -> list[Page]:
    try:
        import pypdfium2 as pdfium

        from extractor.ocr import ocr_page_image
    except ImportError as exc:
        raise InputError(
            f"pages {', '.join(map(str, numbers))} have no usable text layer and need OCR; "
            f"install the OCR extra: {install_hint('ocr')}",
            code="ocr_unavailable",
        ) from exc
    out = list(pages)
    pdf = pdfium.PdfDocument(data)
    try:
        scale = options.ocr_dpi / 72
        for n in numbers:
            check(f"OCR of PDF page {n}")
            page = pdf[n - 1]
            width, height = page.get_size()
            pixels = abs(width * height) * scale * scale
            if pixels > MAX_RENDER_PIXELS:
                raise ResourceLimit(
                    f"page {n} is {width:g}×{height:g} pt: rendered for OCR at "
                    f"{options.ocr_dpi} dpi it would be {pixels:,.0f} pixels, more than "
                    f"{MAX_RENDER_PIXELS:,}"
                )
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil()
            logger.info("OCR of page %d (%dx%d px)", n, image.width, image.height)
            out[n - 1] = ocr_page_image(image, n, options)
    finally:
        pdf.close()
    return out
