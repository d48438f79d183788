#!/usr/bin/env python3
"""Hostile input, generated: every document must finish fast with a record that says why.

A seeded generator of inputs: crafted ones (the classes of issue 19: glued digit runs of every
length, a 200,000-digit line, nested and span-bombed HTML, a meta charset naming Python's
``undefined`` codec, PDFs whose references loop, flate bombs, thousands of pages, huge
MediaBox/UserUnit, Word files with a huge or undecodable document.xml or a negative list
number, a many-frame TIFF, a huge image; then :func:`second_round`: bombs behind LZW,
RunLength and ASCII filters, PDFs just under the caps, annotations, form loops, xref chains,
absurd images, huge text and HTML, XML entities, hostile archives; :func:`third_round`:
encrypted bombs, text drawn over itself, pages just under the object caps; and
:func:`fourth_round`: forms that multiply, huge CMaps, fonts, widths, object streams and
paths, deep page trees, HTML and text just under or far past the caps, nested, sparse, lying
and same-named archive members) and mutations of the text documents of corpus/ (bytes
flipped, cut, repeated, lines shuffled). Each input is written to a
temporary file by a child of its own, then runs through ``extractor.extract`` (an archive:
through the batch's member reading) in a child forked from this runner (so imports are paid
once) under a time limit. The report gives, per input, the outcome (``record`` or
``killed``/``crashed``), the record's status and first error code, seconds, CPU seconds
(every thread of the child: on a shared machine the wall time measures the other work as much)
and the child's peak RSS (its own high-water mark: the runner never holds an input), then a
summary.

Usage: python scripts/fuzz.py [--seed N] [--mutations N] [--limit S] [--only SUBSTR]
                              [--small] [--json OUT]

``--small``: only the inputs the test suite runs (tests/test_fuzz.py), each small and fast.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import logging
import multiprocessing as mp
import os
import random
import re
import statistics
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The reader's linear RC4 seals the generated encrypted PDFs (pdfminer's own is quadratic: a
# megabyte would take minutes); tests/test_hostile.py checks it against pdfminer's bytes.
from extractor.reading.pdf import _Arcfour  # noqa: E402

logger = logging.getLogger("fuzz")

REVIEW_ROW = "3 | 1 | 1 | 1 | 6 | 1 | 0 | 0 | 1 | 2 | 1 | 0 | 0 | 0 | 1 |"
SAMPLE = ROOT / "corpus" / "samples" / "xinghe2023.txt"


@dataclass
class Outcome:
    name: str
    size: int
    outcome: str
    """record (extract returned), killed (past the time limit) or crashed (no record)."""
    status: str | None
    code: str | None
    seconds: float
    """The extraction's own time (the child's, without forking); the wall time when killed."""
    peak_rss_mb: float
    cpu_seconds: float | None = None
    """The extraction's CPU time (every thread of the child): on a shared machine the wall time
    depends on the load, this much less."""
    tasks: int | None = None
    """Archives: the batch tasks (records) its members became."""


# ---------------------------------------------------------------------------- crafted inputs


def _sample() -> str:
    return SAMPLE.read_text("utf-8")


def glued(n: int, unit: str = "1") -> bytes:
    """The sample report with its table-四 row glued into one run of ``n`` digits."""
    return _sample().replace(REVIEW_ROW, (unit * n)[:n]).encode("utf-8")


def long_line(n: int) -> bytes:
    return ("一、总体情况\n本机关政府信息公开工作年度报告\n" + "7" * n + "\n").encode()


def html_nested_divs(n: int) -> bytes:
    return ("<html><body>" + "<div>" * n + "政府信息公开工作年度报告" + "</div>" * n).encode()


def html_nested_tables(n: int) -> bytes:
    return ("<html><body>" + "<table><tr><td>" * n + "年度报告" + "</td></tr></table>" * n).encode()


def html_span_bomb(rows: int, span: int) -> bytes:
    cells = f'<td rowspan="{span}" colspan="{span}">1</td>' * 20
    body = "".join(f"<tr><td>行政复议</td>{cells}</tr>" for _ in range(rows))
    return (
        f"<html><body><p>政府信息公开工作年度报告</p><table>{body}</table></body></html>".encode()
    )


def html_charset(name: str) -> bytes:
    head = f'<html><head><meta charset="{name}"></head><body>'
    return (head + "<p>政府信息公开工作年度报告</p>" * 10 + "</body></html>").encode("utf-8")


def _pdf(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]) with a correct xref;
    ``trailer``: more entries of the trailer dictionary."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R%s >>\n" % (len(objects) + 1, root, trailer))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _stream(data: bytes, flate: bool = False, extra: bytes = b"") -> bytes:
    if flate:
        data = zlib.compress(data, 9)
    head = b"<< /Length %d" % len(data) + (b" /Filter /FlateDecode" if flate else b"") + extra
    return head + b" >>\nstream\n" + data + b"\nendstream"


def pdf_pages(
    n: int, content: bytes = b"", box: bytes = b"[0 0 595 842]", extra: bytes = b""
) -> bytes:
    """``n`` pages sharing one content stream (object 3)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        _stream(content),
    ]
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for _ in range(n):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 3 0 R /Resources %s%s >>"
            % (box, font, extra)
        )
    return _pdf(objects)


def pdf_text_pages(n: int) -> bytes:
    return pdf_pages(n, b"BT /F1 12 Tf 72 720 Td (Annual report 2023 page text) Tj ET")


def pdf_dense_text_pages(n: int, lines: int = 60, chars: int = 100) -> bytes:
    """``n`` pages of ``lines`` × ``chars`` characters each: small on disk (one shared content
    stream, one text object a line) and slow for pdfminer, which makes an object of every
    character."""
    row = b"x" * chars
    ops = b"".join(b"BT /F1 6 Tf 10 %d Td (%s) Tj ET\n" % (830 - 13 * i, row) for i in range(lines))
    return pdf_pages(n, ops)


def pdf_vector_pages(n: int, strokes: int = 3000) -> bytes:
    rng = random.Random(n)
    ops = b"".join(
        b"%d %d m %d %d l S\n" % tuple(rng.randint(0, 590) for _ in range(4))
        for _ in range(strokes)
    )
    return pdf_pages(n, ops)


def pdf_vector_text_pages(n: int, strokes: int = 3000) -> bytes:
    """``n`` pages of ``strokes`` lines and one line of text each: under the object caps with
    the defaults (60 pages: 180,000 objects), and every page goes to pdfminer, ~0.3 ms an
    object."""
    rng = random.Random(n)
    ops = b"".join(
        b"%d %d m %d %d l S\n" % tuple(rng.randint(0, 590) for _ in range(4))
        for _ in range(strokes)
    )
    return pdf_pages(n, b"BT /F1 12 Tf 72 800 Td (Annual report 2023) Tj ET\n" + ops)


def pdf_grid_strokes(n: int, strokes: int = 3000) -> bytes:
    """``n`` pages of ``strokes`` horizontal and vertical rules crossing (what a table finder
    looks for, unlike :func:`pdf_vector_text_pages`' slanted lines) and a line of text."""
    rng = random.Random(n)
    ops = []
    for i in range(strokes):
        a, b = rng.randint(0, 590), rng.randint(0, 840)
        if i % 2:
            ops.append(b"%d %d m %d %d l S\n" % (a, rng.randint(0, 400), a, rng.randint(400, 840)))
        else:
            ops.append(b"%d %d m %d %d l S\n" % (rng.randint(0, 300), b, rng.randint(300, 590), b))
    return pdf_pages(n, b"BT /F1 12 Tf 72 800 Td (Annual report 2023) Tj ET\n" + b"".join(ops))


def pdf_glyph_pages(n: int, glyphs: int = 1450) -> bytes:
    """``n`` pages of ``glyphs`` text objects of one character each, as Chromium prints (a
    text object a glyph): under every cap with 20 pages (29,000 objects, within
    ``max_parsed_objects``; 29,000 characters), the most pdfminer work the caps let through."""
    ops = b"".join(
        b"BT /F1 8 Tf %d %d Td (x) Tj ET\n" % (20 + 10 * (i % 55), 820 - 14 * (i // 55))
        for i in range(glyphs)
    )
    return pdf_pages(n, ops)


def pdf_flate_bomb(mb: int) -> bytes:
    data = flate_bomb(mb)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ]
    return _pdf(objects)


def lzw_bomb(mb: int) -> bytes:
    """LZW codes (as pdfminer reads them: 9 to 12 bits, widths growing early) that decode to
    ``mb`` MiB and more of zeros from a few kilobytes: each code names the entry just being made
    (one byte longer than the last), then the longest entry again and again."""
    bits: list[tuple[int, int]] = []
    table, width = 258, 9

    def emit(code: int, grows: bool) -> None:
        nonlocal table, width
        bits.append((code, width))
        if grows:
            table += 1
            width = {511: 10, 1023: 11, 2047: 12}.get(table, width)

    emit(256, False)
    emit(0, False)
    total, length = 1, 1
    while table < 4000:
        length += 1
        total += length
        emit(table, True)
    longest = table - 1
    while total < mb * (1 << 20):
        total += length
        emit(longest, True)
    emit(257, False)
    acc, n, out = 0, 0, bytearray()
    for code, w in bits:
        acc, n = acc << w | code, n + w
        while n >= 8:
            n -= 8
            out.append(acc >> n & 0xFF)
    if n:
        out.append(acc << (8 - n) & 0xFF)
    return bytes(out)


def run_length_bomb(mb: int) -> bytes:
    """RunLengthDecode data of ``mb`` MiB: 128 zeros from every two bytes."""
    return b"\x81\x00" * (mb * (1 << 20) // 128) + b"\x80"


def flate_bomb(mb: int) -> bytes:
    # Streamed compression: the bomb is never whole in this process's memory either.
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    return b"".join(comp.compress(chunk) for _ in range(mb)) + comp.flush()


def pdf_filtered(data: bytes, filters: bytes) -> bytes:
    """A one-page PDF whose content stream is ``data`` under ``filters`` (a name or array)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters) + data + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ]
    return _pdf(objects)


def pdf_filter_bomb(kind: str, mb: int) -> bytes:
    """A content stream that decodes to ``mb`` MiB through LZW, RunLength, or a flate bomb
    wrapped in ASCIIHex or ASCII85, or LZW inside flate."""
    import base64

    if kind == "lzw":
        return pdf_filtered(lzw_bomb(mb), b"/LZWDecode")
    if kind == "runlength":
        return pdf_filtered(run_length_bomb(mb), b"/RunLengthDecode")
    if kind == "hex_flate":
        return pdf_filtered(flate_bomb(mb).hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]")
    if kind == "a85_flate":
        return pdf_filtered(
            base64.a85encode(flate_bomb(mb)) + b"~>", b"[/ASCII85Decode /FlateDecode]"
        )
    if kind == "flate_lzw":
        return pdf_filtered(zlib.compress(lzw_bomb(mb), 9), b"[/FlateDecode /LZWDecode]")
    raise ValueError(kind)


# The standard security handler's password padding (PDF 32000-1, 7.6.3.3).
_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def pdf_encrypted(streams: list[tuple[bytes, bytes]]) -> bytes:
    """A one-page PDF encrypted as copy-protected reports are (RC4, 40 bits, revision 2, an
    empty user password: every reader opens it) whose page draws ``streams``, each (its
    decoded content under its filters, its dictionary's /Filter entry)."""
    from hashlib import md5

    doc_id = b"0123456789abcdef"
    owner = _Arcfour(md5(b"owner" + _PAD[:27]).digest()[:5]).encrypt(_PAD)
    perms = -4
    key = md5(_PAD + owner + struct.pack("<i", perms) + doc_id).digest()[:5]
    user = _Arcfour(key).encrypt(_PAD)
    n = len(streams)
    contents = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [%s] >>" % contents,
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), user.hex().encode(), perms),
    ]
    for i, (data, filters) in enumerate(streams):
        objid = 5 + i
        obj_key = md5(key + struct.pack("<i", objid)[:3] + b"\0\0").digest()[:10]
        sealed = _Arcfour(obj_key).encrypt(data)
        head = b"<< /Length %d%s >>" % (len(sealed), b" /Filter " + filters if filters else b"")
        objects.append(head + b"\nstream\n" + sealed + b"\nendstream")
    trailer = b" /Encrypt 4 0 R /ID [<%s> <%s>]" % (doc_id.hex().encode(), doc_id.hex().encode())
    return _pdf(objects, trailer=trailer)


def pdf_encrypted_bomb(kind: str, mb: int) -> bytes:
    """An encrypted PDF (empty user password) whose content stream is a bomb of ``mb`` MiB:
    flate or LZW."""
    if kind == "flate":
        return pdf_encrypted([(flate_bomb(mb), b"/FlateDecode")])
    if kind == "lzw":
        return pdf_encrypted([(lzw_bomb(mb), b"/LZWDecode")])
    raise ValueError(kind)


def pdf_loop(kind: str) -> bytes:
    """Object references that loop: an array of contents naming itself, Resources or MediaBox
    that point back at themselves, a Pages tree whose kid is its parent."""
    page = {
        "contents": b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
        "resources": b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R "
        b"/Contents 3 0 R >>",
        "mediabox": b"<< /Type /Page /Parent 2 0 R /MediaBox 5 0 R /Contents 3 0 R >>",
        "pages": b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    }[kind]
    fifth = {
        "contents": b"[5 0 R 3 0 R 5 0 R]",
        "resources": b"<< /XObject << /X 5 0 R >> /Resources 5 0 R >>",
        "mediabox": b"5 0 R",
        "pages": b"null",
    }[kind]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (loop) Tj ET"),
        page,
        fifth,
    ]
    return _pdf(objects)


def docx(document_xml: bytes, numbering: bytes | None = None) -> bytes:
    ct = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        b'"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + (
            b'<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxml'
            b'formats-officedocument.wordprocessingml.numbering+xml"/>'
            if numbering
            else b""
        )
        + b"</Types>"
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
        b'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        b'"word/document.xml"/></Relationships>'
    )
    doc_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
        b'formats.org/package/2006/relationships">'
        + (
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/numbering" Target="numbering.xml"/>'
            if numbering
            else b""
        )
        + b"</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        zf.writestr("word/document.xml", document_xml)
        if numbering:
            zf.writestr("word/numbering.xml", numbering)
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _body(inner: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document '
        + W
        + b"><w:body>"
        + inner
        + b"</w:body></w:document>"
    )


def _para(text: str, num: bool = False) -> bytes:
    ppr = (
        b'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if num else b""
    )
    return b"<w:p>" + ppr + b"<w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"


def docx_huge(mb: int) -> bytes:
    para = _para("政府信息公开工作年度报告，本年度主动公开政府信息。")
    return docx(_body(para * (mb * (1 << 20) // len(para))))


def docx_negative_number(fmt: str) -> bytes:
    numbering = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:numbering '
        + W
        + b'><w:abstractNum w:abstractNumId="0">'
        b'<w:lvl w:ilvl="0"><w:start w:val="-7"/><w:numFmt w:val="'
        + fmt.encode()
        + b'"/>'
        + '<w:lvlText w:val="%1、"/>'.encode()
        + b'</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId '
        b'w:val="0"/></w:num></w:numbering>'
    )
    return docx(
        _body(_para("总体情况", num=True) * 3 + _para("政府信息公开工作年度报告")), numbering
    )


def docx_bad_utf8() -> bytes:
    return docx(_body(_para("政府信息公开工作年度报告")).replace("年度".encode(), b"\xff\xfe\xc3"))


def docx_nested_tables(n: int) -> bytes:
    return docx(
        _body(b"<w:tbl><w:tr><w:tc>" * n + _para("年度报告") + b"</w:tc></w:tr></w:tbl>" * n)
    )


def tiff_frames(n: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (1200, 1600), 255) for _ in range(n)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return out.getvalue()


def png_huge(side: int) -> bytes:
    """A PNG header claiming ``side`` × ``side`` pixels with a tiny compressed body."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + b"\xff" * side
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(min(side, 2000))) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- crafted inputs, second round


def pdf_annotations(n: int) -> bytes:
    """One page of text carrying ``n`` link annotations."""
    annots = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Annots [%s] "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> "
        b">> >>" % annots,
    ]
    for i in range(n):
        objects.append(
            b"<< /Type /Annot /Subtype /Link /Rect [%d %d %d %d] /Border [0 0 1] "
            b"/A << /S /URI /URI (http://example.invalid/%d) >> >>"
            % (i % 500, i % 800, i % 500 + 20, i % 800 + 10, i)
        )
    return _pdf(objects)


def pdf_form_recursion(depth: int) -> bytes:
    """A page drawing form XObject 5, which draws form 6, … ``depth`` deep, the last drawing
    the first again (a loop), each with a line of text."""
    forms = []
    for i in range(depth):
        nxt = 5 + (i + 1) % depth
        body = b"BT /F1 9 Tf 10 10 Td (f%d) Tj ET /X Do" % i
        forms.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Resources << "
            b"/XObject << /X %d 0 R >> /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont "
            b"/Helvetica >> >> >> >>\nstream\n" % (len(body), nxt) + body + b"\nendstream"
        )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"/X Do"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /XObject << /X 5 0 R >> >> >>",
        *forms,
    ]
    return _pdf(objects)


def pdf_xref_chain(n: int) -> bytes:
    """A one-page text PDF followed by ``n`` incremental updates, each a new xref section
    whose trailer's /Prev points at the one before."""
    base = pdf_text_pages(1)
    out = io.BytesIO()
    out.write(base)
    prev = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    size = 5
    for _ in range(n):
        obj_at = out.tell()
        out.write(b"3 0 obj\n" + _stream(b"BT /F1 12 Tf 72 720 Td (update) Tj ET") + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n3 1\n%010d 00000 n \n" % obj_at)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R /Prev %d >>\n" % (size, prev))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
        prev = xref
    return out.getvalue()


def pdf_image_absurd(codec: bytes) -> bytes:
    """A page that is one image declaring 1,000,000 × 1,000,000 pixels, its data a few bytes
    under ``codec`` (JBIG2Decode, CCITTFaxDecode, DCTDecode, JPXDecode, FlateDecode)."""
    params = b""
    if codec == b"CCITTFaxDecode":
        params = b" /DecodeParms << /K -1 /Columns 1000000 /Rows 1000000 >>"
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 1000000 /Height 1000000 /ColorSpace "
        b"/DeviceGray /BitsPerComponent 1 /Filter /%s%s /Length 16 >>\nstream\n"
        % (codec, params)
        + b"\x00" * 16
        + b"\nendstream"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"q 595 0 0 842 0 0 cm /Im Do Q"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /XObject << /Im 5 0 R >> >> >>",
        image,
    ]
    return _pdf(objects)


def pdf_nested_arrays(depth: int) -> bytes:
    """A page whose MediaBox is an array nested ``depth`` deep."""
    box = b"[" * depth + b"0 0 595 842" + b"]" * depth
    return pdf_pages(1, b"BT /F1 12 Tf 72 720 Td (report) Tj ET", box=box)


def pdf_big_content(mb: int) -> bytes:
    """A page whose flate content stream inflates to ``mb`` MiB (under max_stream_bytes) of
    text operators: pdfminer parses every one."""
    op = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n"
    comp = zlib.compressobj(9)
    block = op * ((1 << 20) // len(op))
    data = b"".join(comp.compress(block) for _ in range(mb)) + comp.flush()
    return pdf_pages(1).replace(
        _stream(b""),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    )


def text_no_newline(mb: int) -> bytes:
    unit = "政府信息公开工作年度报告本年度主动公开政府信息"
    return (unit * (mb * (1 << 20) // len(unit.encode()))).encode()


def text_utf16_without_bom() -> bytes:
    return _sample().encode("utf-16-le")


def html_data_uri(mb: int) -> bytes:
    import base64

    blob = base64.b64encode(b"\x00" * (mb * (1 << 20) * 3 // 4))
    return (
        b"<html><body><p>" + "政府信息公开工作年度报告".encode() + b'</p><img src="data:image/png;'
        b"base64," + blob + b'"></body></html>'
    )


def html_cells(n: int) -> bytes:
    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    return ("<html><body><p>政府信息公开工作年度报告</p><table>" + row * (n // 100)).encode() + (
        b"</table></body></html>"
    )


def html_links(n: int) -> bytes:
    """A page of ``n`` links to attachments (附件) and the words of a stub page."""
    links = "".join(f'<a href="/files/f{i}.pdf">附件{i}</a>' for i in range(n))
    return f"<html><body><p>政府信息公开工作年度报告 附件下载</p>{links}</body></html>".encode()


def gif_frames(n: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (2, 2), 255 * (i % 2)) for i in range(n)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def bmp_huge(side: int) -> bytes:
    """A BMP header claiming ``side`` × ``side`` 24-bit pixels, with almost no pixel data."""
    header = struct.pack("<2sIHHI", b"BM", 54 + 16, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, side, side, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return header + info + b"\x00" * 16


def docx_entities(kind: str) -> bytes:
    """document.xml with a DOCTYPE: ``laughs`` (nested entity expansion, 10^9 characters if
    expanded) or ``external`` (an entity naming a local file)."""
    if kind == "laughs":
        ents = '<!ENTITY a0 "政府信息公开工作年度报告">' + "".join(
            f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
        text = "&a9;"
    else:
        ents = '<!ENTITY x SYSTEM "file:///etc/passwd">'
        text = "&x;"
    body = _body(_para("TEXT")).decode().replace("TEXT", text)
    body = body.replace("?>", f"?><!DOCTYPE w:document [{ents}]>", 1)
    return docx(body.encode())


def _zip(members: list[tuple[str, bytes]], stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return out.getvalue()


def zip_nested(depth: int) -> bytes:
    data = _zip([("r.txt", _sample().encode())])
    for i in range(depth):
        data = _zip([(f"level{i}.zip", data)])
    return data


def zip_many_members(n: int) -> bytes:
    return _zip([(f"m{i}.txt", b"x") for i in range(n)], stored=True)


def tar_specials() -> bytes:
    """A tar of a report, a hard link and a symlink to it, a character device, a FIFO, an
    absolute path, a name that climbs out, two members with the same name, and a member whose
    name is not UTF-8."""
    import tarfile

    report = _sample().encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tf:

        def add(
            name: str, kind: bytes = tarfile.REGTYPE, data: bytes = b"", link: str = ""
        ) -> None:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            info.linkname = link
            info.devmajor, info.devminor = 1, 3
            tf.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)

        add("r.txt", data=report)
        add("hard.txt", tarfile.LNKTYPE, link="r.txt")
        add("soft.txt", tarfile.SYMTYPE, link="/etc/passwd")
        add("null", tarfile.CHRTYPE)
        add("fifo", tarfile.FIFOTYPE)
        add("/etc/abs.txt", data=report)
        add("../../up.txt", data=report)
        add("r.txt", data=report + b"\n")
        add("\udcff\udcfe.txt", data=report)
    return out.getvalue()


def tgz_bomb(mb: int) -> bytes:
    """A gzipped tar whose one member is ``mb`` MiB of zeros (1000x smaller compressed)."""
    import gzip
    import tarfile

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tf:
        info = tarfile.TarInfo("zeros.txt")
        info.size = mb * (1 << 20)

        class Zeros(io.RawIOBase):
            left = info.size

            def readinto(self, b: bytearray) -> int:  # type: ignore[override]
                n = min(len(b), self.left)
                b[:n] = bytes(n)
                self.left -= n
                return n

        tf.addfile(info, Zeros())
    return gzip.compress(raw.getvalue(), 9)


def zip_overlapping(n: int, data: bytes | None = None) -> bytes:
    """A zip whose central directory lists its one member ``n`` times, every entry pointing at
    the same data (overlapping entries, the trick of the non-recursive zip bombs): by default
    50 MiB of zeros, a bomb read ``n`` times."""
    one = _zip([("z.txt", b"0" * (50 << 20) if data is None else data)])
    cd_at = one.rfind(b"PK\x01\x02")
    eocd_at = one.rfind(b"PK\x05\x06")
    central = one[cd_at:eocd_at]
    eocd = bytearray(one[eocd_at:])
    struct.pack_into("<HHI", eocd, 8, n, n, len(central) * n)
    return one[:cd_at] + central * n + bytes(eocd)


def crafted(small: bool) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """(name, file name, maker) of every crafted input; ``small``: the fast ones for CI."""
    for n in (20, 30, 40, 48, 80) if small else (20, 30, 40, 48, 60, 80, 200, 1000):
        yield f"glued_ones_{n}", "r.txt", lambda n=n: glued(n)
        if not small:
            yield f"glued_tens_{n}", "r.txt", lambda n=n: glued(n, "10")
    yield "glued_zeros_10000", "r.txt", lambda: glued(10_000, "0")
    yield "long_line_200000", "r.txt", lambda: long_line(200_000)
    yield "html_nested_divs_50000", "r.html", lambda: html_nested_divs(50_000)
    yield "html_nested_tables_5000", "r.html", lambda: html_nested_tables(5_000)
    yield "html_span_bomb_250", "r.html", lambda: html_span_bomb(40, 250)
    yield "html_span_bomb_1000", "r.html", lambda: html_span_bomb(5, 1000)
    yield "html_charset_undefined", "r.html", lambda: html_charset("undefined")
    yield "html_charset_rot13", "r.html", lambda: html_charset("rot13")
    for kind in ("contents", "resources", "mediabox", "pages"):
        yield f"pdf_loop_{kind}", "r.pdf", lambda kind=kind: pdf_loop(kind)
    yield "pdf_huge_mediabox", "r.pdf", lambda: pdf_pages(1, b"", b"[0 0 9999999 9999999]")
    yield "pdf_huge_userunit", "r.pdf", lambda: pdf_pages(1, b"", extra=b" /UserUnit 75000")
    yield (
        "pdf_blank_pages_300" if not small else "pdf_blank_pages_80",
        "r.pdf",
        (lambda: pdf_pages(80 if small else 300)),
    )
    yield (
        "pdf_text_pages_2000" if small else "pdf_text_pages_20000",
        "r.pdf",
        (lambda: pdf_text_pages(2000 if small else 20_000)),
    )
    if not small:
        yield "pdf_flate_bomb_256mb", "r.pdf", lambda: pdf_flate_bomb(256)
        yield "pdf_flate_bomb_1gb", "r.pdf", lambda: pdf_flate_bomb(1024)
        yield "pdf_vector_pages_200", "r.pdf", lambda: pdf_vector_pages(200)
        yield "pdf_dense_text_pages_500", "r.pdf", lambda: pdf_dense_text_pages(500)
        yield "tiff_frames_150", "r.tif", lambda: tiff_frames(150)
        yield "docx_document_xml_160mb", "r.docx", lambda: docx_huge(160)
    yield "pdf_flate_bomb_64mb", "r.pdf", lambda: pdf_flate_bomb(64)
    yield "docx_document_xml_60mb", "r.docx", lambda: docx_huge(60)
    for fmt in ("ideographDigital", "upperLetter", "decimalFullWidth", "upperRoman"):
        yield f"docx_negative_number_{fmt}", "r.docx", lambda fmt=fmt: docx_negative_number(fmt)
    yield "docx_bad_utf8", "r.docx", docx_bad_utf8
    yield "docx_nested_tables_5000", "r.docx", lambda: docx_nested_tables(5_000)
    yield "png_huge_100000", "r.png", lambda: png_huge(100_000)
    yield "tiff_frames_12", "r.tif", lambda: tiff_frames(12)
    yield from second_round(small)


def second_round(small: bool) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """Classes nobody had tried: other PDF filters, inputs just under the caps, annotations,
    form recursion, xref chains, absurd images, huge text and HTML, XML entities, archives."""
    mb = 16 if small else 256
    for kind in ("lzw", "runlength", "hex_flate", "a85_flate", "flate_lzw"):
        yield f"pdf_{kind}_bomb_{mb}mb", "r.pdf", lambda kind=kind: pdf_filter_bomb(kind, mb)
    if not small:
        yield "pdf_lzw_bomb_1gb", "r.pdf", lambda: pdf_filter_bomb("lzw", 1024)
        yield "pdf_vector_text_pages_60", "r.pdf", lambda: pdf_vector_text_pages(60)
        yield "pdf_dense_text_pages_16", "r.pdf", lambda: pdf_dense_text_pages(16)
        yield "pdf_big_content_30mb", "r.pdf", lambda: pdf_big_content(30)
        yield "text_no_newline_10mb", "r.txt", lambda: text_no_newline(10)
        yield "html_data_uri_50mb", "r.html", lambda: html_data_uri(50)
        yield "html_cells_1000000", "r.html", lambda: html_cells(1_000_000)
        yield "zip_members_100000", "r.zip", lambda: zip_many_members(100_000)
        yield "html_links_1000000", "r.html", lambda: html_links(1_000_000)
        yield "tgz_bomb_1gb", "r.tgz", lambda: tgz_bomb(1024)
    n = 1000 if small else 10_000
    yield f"pdf_annotations_{n}", "r.pdf", lambda: pdf_annotations(n)
    yield f"pdf_xref_chain_{n}", "r.pdf", lambda: pdf_xref_chain(n)
    yield "pdf_form_loop_1", "r.pdf", lambda: pdf_form_recursion(1)
    yield "pdf_form_loop_3", "r.pdf", lambda: pdf_form_recursion(3)
    yield "pdf_form_chain_500", "r.pdf", lambda: pdf_form_recursion(500)
    for codec in ("JBIG2Decode", "CCITTFaxDecode", "DCTDecode", "JPXDecode", "FlateDecode"):
        yield f"pdf_image_1e12px_{codec}", "r.pdf", lambda c=codec: pdf_image_absurd(c.encode())
    yield "pdf_nested_arrays_100000", "r.pdf", lambda: pdf_nested_arrays(100_000)
    yield "text_no_newline_1mb", "r.txt", lambda: text_no_newline(1)
    yield "text_utf16_without_bom", "r.txt", text_utf16_without_bom
    yield "html_data_uri_5mb", "r.html", lambda: html_data_uri(5)
    yield "html_cells_100000", "r.html", lambda: html_cells(100_000)
    yield "html_links_100000", "r.html", lambda: html_links(100_000)
    yield "gif_frames_20000", "r.gif", lambda: gif_frames(20_000)
    yield "bmp_huge_60000", "r.bmp", lambda: bmp_huge(60_000)
    yield "docx_billion_laughs", "r.docx", lambda: docx_entities("laughs")
    yield "docx_external_entity", "r.docx", lambda: docx_entities("external")
    yield "zip_nested_4", "r.zip", lambda: zip_nested(4)
    yield "zip_members_10000", "r.zip", lambda: zip_many_members(10_000)
    yield "zip_overlapping_entries_1000", "r.zip", lambda: zip_overlapping(1000)
    yield "zip_overlapping_reports_1000", "r.zip", lambda: zip_overlapping(1000, glued(20))
    yield "tar_specials", "r.tar", tar_specials
    yield "tgz_bomb_64mb", "r.tgz", lambda: tgz_bomb(64)
    yield from third_round(small)


def third_round(small: bool) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """Session 9: bombs inside encrypted streams (an empty user password), a large RC4 stream
    (pdfminer's RC4 was quadratic) that is also one line of text drawn 20,000 times over
    itself (PDFium's character count keeps one of each place), the same unencrypted, pages of
    vector drawing under every object cap, one-glyph text objects under every cap."""
    mb = 16 if small else 256
    for kind in ("flate", "lzw"):
        yield (
            f"pdf_encrypted_{kind}_bomb_{mb}mb",
            "r.pdf",
            lambda kind=kind: pdf_encrypted_bomb(kind, mb),
        )
    content = b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET\n" * (1 if small else 20_000)
    name = "pdf_encrypted_content_1_line" if small else "pdf_encrypted_content_1mb"
    yield name, "r.pdf", lambda: pdf_encrypted([(content, b"")])
    if not small:
        yield "pdf_encrypted_flate_bomb_1gb", "r.pdf", lambda: pdf_encrypted_bomb("flate", 1024)
        yield "pdf_vector_text_pages_6_19000", "r.pdf", lambda: pdf_vector_text_pages(6, 19_000)
        yield "pdf_grid_strokes_60", "r.pdf", lambda: pdf_grid_strokes(60)
        yield "pdf_glyph_pages_20", "r.pdf", lambda: pdf_glyph_pages(20)
        yield "pdf_stacked_text_20000", "r.pdf", lambda: pdf_pages(1, content)
    yield from fourth_round(small)


# ---------------------------------------------------------------------------- fourth round
# Session 10: inputs written by nobody before, as an attacker would (issue 19's last note).

_HELVETICA = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"


def pdf_page_tree_deep(depth: int) -> bytes:
    """One page of text under ``depth`` nested /Pages nodes, its Resources inherited from the
    root through all of them."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    # Node 2 is the root; node 2 + i has node 3 + i as its one kid; the page is the last.
    for i in range(depth):
        parent = b"" if i == 0 else b" /Parent %d 0 R" % (1 + i)
        res = b" /Resources << %s >>" % _HELVETICA if i == 0 else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s%s >>" % (3 + i, parent, res))
    page = 2 + depth
    content = page + 1
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
        % (page - 1, content)
    )
    objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET"))
    return _pdf(objects)


def pdf_form_fanout(depth: int, fan: int = 2, text: bool = False) -> bytes:
    """Form XObjects drawing each other: the page draws form 0 ``fan`` times, form i draws
    form i+1 ``fan`` times, the last draws a stroke (or a glyph): ``fan ** depth`` drawings
    from a few KB, the billion laughs of forms."""
    forms = []
    for i in range(depth):
        if i == depth - 1:
            body = b"BT /F1 9 Tf 10 10 Td (x) Tj ET" if text else b"10 10 m 300 300 l S"
            res = b"<< %s >>" % _HELVETICA
        else:
            body = b" ".join([b"/X Do"] * fan)
            res = b"<< /XObject << /X %d 0 R >> >>" % (6 + i)
        forms.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Resources %s "
            b">>\nstream\n" % (len(body), res) + body + b"\nendstream"
        )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"BT /F1 12 Tf 72 800 Td (Annual report 2023) Tj ET " + b"/X Do " * fan),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /XObject << /X 5 0 R >> %s >> >>" % _HELVETICA,
        *forms,
    ]
    return _pdf(objects)


def pdf_tounicode(entries: int, ranges: int = 0) -> bytes:
    """A page of text whose font has a ToUnicode CMap of ``entries`` bfchar mappings (flate:
    a few hundred KB on disk, ~30 bytes an entry inflated); ``ranges``: as many bfrange lines
    of four-byte codes, each mapping 2^32 codes from 50 bytes."""
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, entries, 100):
        n = min(100, entries - start)
        lines.append(b"%d beginbfchar" % n)
        lines.extend(
            b"<%04X> <%04X>" % ((start + k) & 0xFFFF, 0x4E00 + (start + k) % 20000)
            for k in range(n)
        )
        lines.append(b"endbfchar")
    if ranges:
        lines.insert(1, b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange")
        lines.append(b"%d beginbfrange" % ranges)
        lines.extend(b"<00000000> <FFFFFFFF> <4E00>" for _ in range(ranges))
        lines.append(b"endbfrange")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    cmap = b"\n".join(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"BT /F1 12 Tf 72 720 Td <0001000200030004> Tj ET"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        _stream(cmap, flate=True),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 5 0 R "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry "
        b"(Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ]
    return _pdf(objects)


def pdf_inline_images(n: int, side: int = 100) -> bytes:
    """A page of text and ``n`` inline images of ``side`` × ``side`` grey pixels in its
    content stream (flate: small on disk), each a run of bytes pdfminer scans for ``EI``."""
    rng = random.Random(n)
    ops = [b"BT /F1 12 Tf 72 800 Td (Annual report 2023) Tj ET"]
    for i in range(n):
        data = bytes(rng.randrange(256) for _ in range(side)) * side
        ops.append(
            b"q %d 0 0 %d %d %d cm BI /W %d /H %d /BPC 8 /CS /G ID "
            % (side, side, i % 500, i % 800, side, side)
            + data
            + b" EI Q"
        )
    return pdf_pages(1).replace(_stream(b""), _stream(b"\n".join(ops), flate=True))


def pdf_object_stream(n: int) -> bytes:
    """A one-page text PDF with ``n`` more objects (small dictionaries nothing refers to) in
    one flate object stream, listed by a cross-reference stream."""
    base = pdf_text_pages(1)
    first = 10
    bodies = [b"<< /N %d /A [1 2 3] >> " % i for i in range(n)]
    offsets = list(itertools.accumulate((len(b) for b in bodies), initial=0))[:n]
    header = b" ".join(b"%d %d" % (first + i, offsets[i]) for i in range(n)) + b"\n"
    comp = zlib.compress(header + b"".join(bodies), 9)
    out = io.BytesIO()
    out.write(base[: base.index(b"xref\n")])
    objstm_id, xref_id = first + n, first + n + 1
    objstm_at = out.tell()
    out.write(
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\n"
        b"stream\n" % (objstm_id, n, len(header), len(comp)) + comp + b"\nendstream\nendobj\n"
    )
    xref_at = out.tell()

    def row(kind: int, a: int, b: int) -> bytes:
        return struct.pack(">BII", kind, a, b)

    rows = [row(0, 0, 65535)]
    rows += [row(1, base.index(b"\n%d 0 obj\n" % i) + 1, 0) for i in range(1, 5)]
    rows += [row(0, 0, 0)] * (first - len(rows))
    rows += [row(2, objstm_id, i) for i in range(n)]
    rows += [row(1, objstm_at, 0), row(1, xref_at, 0)]
    stream = zlib.compress(b"".join(rows), 9)
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Length %d "
        b"/Filter /FlateDecode >>\nstream\n"
        % (xref_id, xref_id + 1, len(stream))
        + stream
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def pdf_many_objects(n: int) -> bytes:
    """A one-page text PDF with ``n`` more objects in its cross-reference table (small
    integers nothing refers to): a few MB, each object parsed by whoever walks the table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources "
        b"<< %s >> >>" % _HELVETICA,
    ]
    objects += [b"%d" % i for i in range(n)]
    return _pdf(objects)


def pdf_text_pages_distinct(n: int) -> bytes:
    """``n`` pages (at most ``max_pages``), each its own content stream of one line."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n),
    ]
    for i in range(n):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << %s >> >>" % (4 + 2 * i, _HELVETICA)
        )
        objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (Page %d of the annual report) Tj ET" % i))
    return _pdf(objects)


def pdf_long_path(points: int) -> bytes:
    """One path object of ``points`` segments and a line of text: one object for PDFium's
    count, a curve of ``points`` points for pdfminer and the table finder."""
    rng = random.Random(points)
    segs = b"".join(b"%d %d l " % (rng.randint(0, 590), rng.randint(0, 840)) for _ in range(points))
    content = b"BT /F1 12 Tf 72 800 Td (Annual report 2023) Tj ET\n10 10 m " + segs + b"S"
    return pdf_pages(1).replace(_stream(b""), _stream(content, flate=True))


def pdf_rect_path(rects: int) -> bytes:
    """One path object of ``rects`` rectangles (``re`` operators, one fill): what a table's
    rules look like, in one object."""
    rng = random.Random(rects)
    segs = b"".join(
        b"%d %d %d 0.5 re " % (rng.randint(0, 500), rng.randint(0, 840), rng.randint(5, 90))
        if i % 2
        else b"%d %d 0.5 %d re " % (rng.randint(0, 590), rng.randint(0, 700), rng.randint(5, 90))
        for i in range(rects)
    )
    content = b"BT /F1 12 Tf 72 800 Td (Annual report 2023) Tj ET\n" + segs + b"f"
    return pdf_pages(1).replace(_stream(b""), _stream(content, flate=True))


def pdf_widths(n: int) -> bytes:
    """A page whose font has a /Widths array of ``n`` numbers (flate object stream-free: the
    array is written in the font dictionary, ~6 bytes a number)."""
    widths = b" ".join(b"500" for _ in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 0 /LastChar %d "
        b"/Widths [%s] >>" % (n - 1, widths),
    ]
    return _pdf(objects)


def pdf_fonts(n: int) -> bytes:
    """One page drawing a glyph in each of ``n`` fonts (each its own dictionary)."""
    fonts = b" ".join(
        b"/F%d << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" % i for i in range(n)
    )
    ops = b"".join(
        b"BT /F%d 8 Tf %d %d Td (x) Tj ET\n" % (i, 20 + 10 * (i % 55), 820 - 14 * (i // 55 % 58))
        for i in range(n)
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(ops, flate=True),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << %s >> >> >>" % fonts,
    ]
    return _pdf(objects)


def html_attribute(mb: int) -> bytes:
    value = "x" * (mb << 20)
    return (
        f'<html><body><p>政府信息公开工作年度报告</p><div title="{value}">本机关</div>'
        "</body></html>"
    ).encode()


def html_paragraphs(n: int) -> bytes:
    """``n`` distinct paragraphs of report-like text: just under ``max_html_elements``."""
    parts = [
        f"<p>第{i}项，本机关主动公开政府信息{i * 7 % 1000}条，依申请公开{i % 97}件。</p>"
        for i in range(n)
    ]
    return ("<html><body><h1>2023年政府信息公开工作年度报告</h1>" + "".join(parts)).encode()


def html_inline_nesting(depth: int, times: int) -> bytes:
    """``times`` runs of ``depth`` nested inline tags, each around a word."""
    tags = ["b", "i", "span", "em", "strong", "font", "u", "small"]
    opened = "".join(f"<{tags[k % len(tags)]}>" for k in range(depth))
    closed = "".join(f"</{tags[k % len(tags)]}>" for k in reversed(range(depth)))
    run = opened + "公开" + closed
    return ("<html><body><p>政府信息公开工作年度报告</p><p>" + run * times + "</p>").encode()


def html_entities(n: int) -> bytes:
    return (
        "<html><body><p>政府信息公开工作年度报告</p><p>"
        + "&amp;&#x4e00;&nbsp;&lt;" * n
        + "</p></body></html>"
    ).encode()


def html_pre(lines: int) -> bytes:
    body = "\n".join(f"{i} | {i * 3 % 101} | 依申请公开第{i}件" for i in range(lines))
    return f"<html><body><p>政府信息公开工作年度报告</p><pre>{body}</pre>".encode()


def html_tables(n: int) -> bytes:
    """``n`` small tables, each labelled like a row of the template."""
    table = (
        "<table><tr><td>行政复议</td><td>{a}</td></tr>"
        "<tr><td>行政诉讼</td><td>{b}</td></tr></table>"
    )
    return (
        "<html><body><p>政府信息公开工作年度报告</p>"
        + "".join(table.format(a=i, b=i * 3 % 17) for i in range(n))
    ).encode()


def html_unclosed_comment(mb: int) -> bytes:
    return ("<html><body><p>政府信息公开工作年度报告</p><!--" + "年度报告" * (mb << 18)).encode()


def text_lines(n: int, distinct: bool) -> bytes:
    if not distinct:
        return ("政府信息公开工作年度报告\n" + "一\n" * n).encode()
    # Distinct report-like sentences: nothing repeated for a cache to skip.
    return (
        "2023年政府信息公开工作年度报告\n"
        + "".join(
            f"本机关第{i}次会议研究部署政务公开工作{i * 7919 % 100003}项，存在问题{i % 89}个。\n"
            for i in range(n)
        )
    ).encode()


def text_cjk_line(chars: int) -> bytes:
    """One line of ``chars`` CJK characters, no punctuation, every stretch different."""
    rng = random.Random(chars)
    words = [
        "公开",
        "政府",
        "信息",
        "申请",
        "答复",
        "行政",
        "复议",
        "诉讼",
        "问题",
        "措施",
        "加强",
        "落实",
    ]
    text = "".join(rng.choice(words) for _ in range(chars // 2))
    return ("政府信息公开工作年度报告\n" + text + "\n").encode()


def text_mixed_encodings() -> bytes:
    """The sample report, its halves in UTF-8 and GBK, a UTF-8 BOM and a UTF-16 one in the
    middle."""
    text = _sample()
    half = len(text) // 2
    return (
        b"\xef\xbb\xbf"
        + text[:half].encode("utf-8")
        + b"\xff\xfe"
        + text[half:].encode("gbk", "replace")
    )


def text_control_chars() -> bytes:
    """The sample report with a control character (NUL, ESC, form feed, vertical tab, the
    Unicode line and paragraph separators, CR alone) after every tenth character."""
    text = _sample()
    controls = ["\x00", "\x1b", "\x0c", "\x0b", "\u2028", "\u2029", "\r", "\x85", "\u200b"]
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if i % 10 == 9:
            out.append(controls[i // 10 % len(controls)])
    return "".join(out).encode("utf-8")


def text_table_rows(n: int) -> bytes:
    """The sample report with ``n`` distinct copies of table 三's rows under it (other
    numbers each time: nothing for the repeat cache)."""
    text = _sample()
    rows = [ln for ln in text.splitlines() if ln.count("|") >= 8]
    out = [text]
    for i in range(n):
        for ln in rows:
            out.append(re.sub(r"\d+", lambda m, i=i: str((int(m.group()) + i) % 1000), ln))
    return "\n".join(out).encode()


def text_numbers(n: int) -> bytes:
    """``n`` lines of eight numbers each, as a table's body without labels."""
    rng = random.Random(n)
    return (
        "政府信息公开工作年度报告\n"
        + "\n".join(" ".join(str(rng.randrange(1000)) for _ in range(8)) for _ in range(n))
    ).encode()


def nested_archives() -> bytes:
    """A tgz holding a zip holding a tar holding the report (three levels: one past the
    limit of two)."""
    import gzip
    import tarfile

    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w") as tf:
        data = _sample().encode()
        info = tarfile.TarInfo("r.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    z = _zip([("inner.tar", inner.getvalue()), ("r.txt", _sample().encode())])
    outer = io.BytesIO()
    with tarfile.open(fileobj=outer, mode="w") as tf:
        info = tarfile.TarInfo("mid.zip")
        info.size = len(z)
        tf.addfile(info, io.BytesIO(z))
    return gzip.compress(outer.getvalue())


def tar_sparse(gb: int) -> bytes:
    """A GNU sparse tar member claiming ``gb`` GiB of which 512 bytes are data."""
    import tarfile

    header = tarfile.TarInfo("sparse.txt")
    header.type = tarfile.GNUTYPE_SPARSE
    header.size = 512
    buf = bytearray(header.tobuf(tarfile.GNU_FORMAT))
    # The old GNU sparse map: one (offset, numbytes) pair at byte 386, the real size at 483.
    real = gb << 30

    def octal(v: int, n: int) -> bytes:
        return b"%0*o\x00" % (n - 1, v)

    buf[386:398] = octal(real - 512, 12)
    buf[398:410] = octal(512, 12)
    buf[482] = 0
    buf[483:495] = octal(real, 12)
    buf[148:156] = b" " * 8
    buf[148:156] = b"%06o\x00 " % sum(buf)
    return bytes(buf) + _sample().encode()[:512].ljust(512, b" ") + bytes(1024)


def zip_lying_size(mb: int) -> bytes:
    """A zip member whose headers declare 1 KB but whose data inflates to ``mb`` MiB."""
    data = _zip([("r.txt", b"0" * (mb << 20))])
    lie = struct.pack("<I", 1024)
    local = data.find(b"PK\x03\x04")
    central = data.rfind(b"PK\x01\x02")
    out = bytearray(data)
    out[local + 22 : local + 26] = lie
    out[central + 24 : central + 28] = lie
    return bytes(out)


def zip_same_name(n: int) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _zip([("r.txt", b"x%d" % i) for i in range(n)], stored=True)


def gzip_bomb(mb: int) -> bytes:
    """A gzip stream of ``mb`` MiB of zeros (a document, not an archive the batch opens)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\x00" * (1 << 20)
    return b"".join(comp.compress(block) for _ in range(mb)) + comp.flush()


def fourth_round(small: bool) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """Session 10: PDFs whose page tree, forms, fonts, inline images, object streams or paths
    cost work no cap counted; HTML, text and archives shaped to sit just under the caps."""
    n = 500 if small else 5_000
    yield f"pdf_page_tree_deep_{n}", "r.pdf", lambda: pdf_page_tree_deep(n)
    for depth in (20,) if not small else (12,):
        yield f"pdf_form_fanout_2x{depth}", "r.pdf", lambda d=depth: pdf_form_fanout(d)
        yield (
            f"pdf_form_fanout_text_2x{depth}",
            "r.pdf",
            lambda d=depth: pdf_form_fanout(d, text=True),
        )
    yield "pdf_form_fanout_1000x2", "r.pdf", lambda: pdf_form_fanout(2, fan=1000)
    n = 20_000 if small else 1_000_000
    yield f"pdf_tounicode_{n}", "r.pdf", lambda: pdf_tounicode(n)
    yield "pdf_cmap_range_4g", "r.pdf", lambda: pdf_tounicode(1, ranges=1)
    n = 50 if small else 2_000
    yield f"pdf_inline_images_{n}", "r.pdf", lambda: pdf_inline_images(n)
    n = 10_000 if small else 300_000
    yield f"pdf_object_stream_{n}", "r.pdf", lambda: pdf_object_stream(n)
    yield f"pdf_many_objects_{n}", "r.pdf", lambda: pdf_many_objects(n)
    n = 50 if small else 500
    yield f"pdf_text_pages_distinct_{n}", "r.pdf", lambda: pdf_text_pages_distinct(n)
    n = 10_000 if small else 1_000_000
    yield f"pdf_long_path_{n}", "r.pdf", lambda: pdf_long_path(n)
    n = 2_000 if small else 100_000
    yield f"pdf_rect_path_{n}", "r.pdf", lambda: pdf_rect_path(n)
    n = 10_000 if small else 1_000_000
    yield f"pdf_widths_{n}", "r.pdf", lambda: pdf_widths(n)
    n = 500 if small else 19_000
    yield f"pdf_fonts_{n}", "r.pdf", lambda: pdf_fonts(n)
    if not small:
        yield "html_attribute_50mb", "r.html", lambda: html_attribute(50)
        yield "html_unclosed_comment_30mb", "r.html", lambda: html_unclosed_comment(30)
        yield "gzip_bomb_1gb", "r.gz", lambda: gzip_bomb(1024)
        yield "zip_lying_size_1gb", "r.zip", lambda: zip_lying_size(1024)
    yield "html_attribute_1mb", "r.html", lambda: html_attribute(1)
    n = 2_000 if small else 99_000
    yield f"html_paragraphs_{n}", "r.html", lambda: html_paragraphs(n)
    yield (
        "html_inline_nesting_390x250",
        "r.html",
        lambda: html_inline_nesting(390, 250 if not small else 20),
    )
    n = 10_000 if small else 2_000_000
    yield f"html_entities_{n}", "r.html", lambda: html_entities(n)
    n = 2_000 if small else 99_000
    yield f"html_pre_lines_{n}", "r.html", lambda: html_pre(n)
    n = 300 if small else 14_000
    yield f"html_tables_{n}", "r.html", lambda: html_tables(n)
    yield "html_unclosed_comment_1mb", "r.html", lambda: html_unclosed_comment(1)
    n = 10_000 if small else 1_000_000
    yield f"text_one_char_lines_{n}", "r.txt", lambda: text_lines(n, False)
    n = 2_000 if small else 99_000
    yield f"text_distinct_lines_{n}", "r.txt", lambda: text_lines(n, True)
    if not small:
        # Just under max_chars: the most distinct text every stage reads.
        yield "text_distinct_lines_2700", "r.txt", lambda: text_lines(2_700, True)
        yield "html_paragraphs_1900", "r.html", lambda: html_paragraphs(1_900)
    n = 20_000 if small else 1_000_000
    yield f"text_cjk_line_{n}", "r.txt", lambda: text_cjk_line(n)
    yield "text_mixed_encodings", "r.txt", text_mixed_encodings
    yield "text_control_chars", "r.txt", text_control_chars
    n = 20 if small else 2_000
    yield f"text_table_rows_{n}", "r.txt", lambda: text_table_rows(n)
    n = 2_000 if small else 99_000
    yield f"text_number_lines_{n}", "r.txt", lambda: text_numbers(n)
    yield "tgz_zip_tar_nested", "r.tgz", nested_archives
    yield "tar_sparse_1tb", "r.tar", lambda: tar_sparse(1024)
    yield "zip_lying_size_64mb", "r.zip", lambda: zip_lying_size(64)
    n = 1_000 if small else 50_000
    yield f"zip_same_name_{n}", "r.zip", lambda: zip_same_name(n)
    yield "gzip_bomb_64mb", "r.gz", lambda: gzip_bomb(64)


# ---------------------------------------------------------------------------- mutations


def mutations(seed: int, count: int) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """Seeded mutations of corpus/'s text and HTML documents."""
    rng = random.Random(seed)
    docs = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html", ".md"))
    docs = [p for p in docs if p.name != "README.md"]
    for i in range(count):
        path = rng.choice(docs)
        data = bytearray(path.read_bytes())
        how = rng.choice(["flip", "cut", "repeat", "shuffle", "digits", "insert"])
        if how == "flip":
            for _ in range(rng.randint(1, 50)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif how == "cut":
            data = data[: rng.randrange(len(data))]
        elif how == "repeat":
            a = rng.randrange(len(data))
            data = data[:a] + data[a : a + rng.randint(1, 4000)] * rng.randint(2, 200) + data[a:]
        elif how == "shuffle":
            lines = bytes(data).split(b"\n")
            rng.shuffle(lines)
            data = bytearray(b"\n".join(lines))
        elif how == "digits":
            # Glue digits: drop the separators between numbers of a stretch.
            a = rng.randrange(len(data))
            b = min(len(data), a + rng.randint(10, 3000))
            data = data[:a] + bytes(data[a:b]).replace(b" | ", b"").replace(b" ", b"") + data[b:]
        else:
            a = rng.randrange(len(data))
            data = (
                data[:a] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))) + data[a:]
            )
        blob = bytes(data)
        yield f"mut{i:03d}_{how}_{path.stem}", path.name, lambda blob=blob: blob


# ---------------------------------------------------------------------------- running


def is_archive(filename: str) -> bool:
    from extractor.batch.inputs import is_archive as batch_archive

    return batch_archive(filename)


# Members of an archive that are extracted (the rest only become tasks): a batch reads each
# member as its own document, which the other inputs test already.
ARCHIVE_EXTRACTS = 20


def run_input(filename: str, path: Path, options: object) -> tuple[str, str | None, int | None]:
    """(status, first error code, tasks) of one input: a document through ``extract``; an
    archive as a batch reads it (its member tasks, the first ``ARCHIVE_EXTRACTS`` extracted),
    status ``ok`` when every member has one task of its own (no two share a uri)."""
    from extractor import Options, extract
    from extractor.reading import NamedBytes

    assert isinstance(options, Options)
    if not is_archive(filename):
        report = extract(NamedBytes(filename, path.read_bytes()), options)
        return report.status, report.errors[0].code if report.errors else None, None
    import json as json_

    from extractor.batch.inputs import discover
    from extractor.batch.pool import run_task

    named = path.with_name(filename)
    path.rename(named)
    try:
        uris: list[str] = []
        codes: Counter[str] = Counter()
        for task in discover([str(named)], options.max_input_bytes):
            uris.append(task.uri)
            if task.error is not None:
                codes[task.error[0]] += 1
            elif len(uris) <= ARCHIVE_EXTRACTS:
                record = json_.loads(run_task(task, options))
                codes.update(e["code"] for e in record["errors"][:1])
    finally:
        named.rename(path)
    status = "ok" if len(set(uris)) == len(uris) else "duplicate_uris"
    code = codes.most_common(1)[0][0] if codes else None
    return status, code, len(uris)


def _child(conn: object, filename: str, path: str, deadline_s: float) -> None:
    from extractor import Options

    logging.disable(logging.CRITICAL)
    started = time.perf_counter()
    cpu = time.process_time()
    result = run_input(filename, Path(path), Options(deadline_s=deadline_s))
    conn.send(  # type: ignore[attr-defined]
        (*result, time.perf_counter() - started, time.process_time() - cpu)
    )


def _maker(conn: object, make: Callable[[], bytes], path: str) -> None:
    data = make()
    Path(path).write_bytes(data)
    conn.send(len(data))  # type: ignore[attr-defined]


def build(make: Callable[[], bytes], path: Path) -> int:
    """Write the input to ``path`` from a child: the runner never holds it, so the next
    child forked for extracting does not carry it in its resident memory."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_maker, args=(child, make, str(path)))
    proc.start()
    child.close()
    size = parent.recv()
    proc.join()
    assert isinstance(size, int)
    return size


def rss_mb() -> float:
    """This process's resident memory now (Linux), MiB."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_one(name: str, filename: str, path: Path, size: int, limit: float) -> Outcome:
    """One input through ``extract`` in a forked child; its time, peak RSS and record.

    The child is forked from this runner, whose memory holds the imports, jieba and the models
    (as a batch or server worker's does) but never an input, which is written to ``path`` by a
    child of its own. The peak is the child's ``ru_maxrss`` from ``wait4``: its resident
    high-water mark, the pages it shares with this runner included."""
    from extractor import Options

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    started = time.perf_counter()
    # The deadline a batch or the server gives a document: 80% of its time limit.
    deadline_s = min(Options().deadline_s, 0.8 * limit)
    proc = ctx.Process(target=_child, args=(child, filename, str(path), deadline_s))
    proc.start()
    child.close()
    pid = proc.pid
    assert pid is not None
    result: tuple[str, str | None, int | None, float, float] | None = None
    outcome = "crashed"
    while True:
        if parent.poll(0.02):
            with contextlib.suppress(EOFError):
                result = parent.recv()
        done, _status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - started > limit:
            os.kill(pid, 9)
            _, _status, usage = os.wait4(pid, 0)
            outcome = "killed"
            break
    seconds = time.perf_counter() - started
    if result is None and parent.poll(0):
        with contextlib.suppress(EOFError):
            result = parent.recv()
    status = code = None
    tasks = None
    cpu: float | None = usage.ru_utime + usage.ru_stime
    if result is not None:
        outcome = "record"
        status, code, tasks, seconds, cpu = result
    # ru_maxrss is in KiB on Linux.
    rss = usage.ru_maxrss / 1024
    return Outcome(
        name,
        size,
        outcome,
        status,
        code,
        round(seconds, 3),
        round(rss, 1),
        None if cpu is None else round(cpu, 3),
        tasks,
    )


def inputs(seed: int, count: int, small: bool) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    yield from crafted(small)
    yield from mutations(seed, count)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--mutations", type=int, default=200)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a kill")
    parser.add_argument(
        "--only", default="", help="run inputs whose name contains this (or, comma-separated, any)"
    )
    parser.add_argument("--small", action="store_true", help="the CI set only")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    args = parser.parse_args(argv)

    # Imports, jieba and the models once, before forking.
    from extractor import extract

    extract(SAMPLE)
    base_rss = rss_mb()
    logger.info("runner after warm-up: %.0f MB resident (every child starts with it)", base_rss)
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        path = Path(tmp) / "input"
        for name, filename, make in inputs(args.seed, args.mutations, args.small):
            if not any(part in name for part in args.only.split(",")):
                continue
            size = build(make, path)
            out = run_one(name, filename, path, size, args.limit)
            # An archive is renamed while it is read: a child killed meanwhile leaves it so.
            path.unlink(missing_ok=True)
            path.with_name(filename).unlink(missing_ok=True)
            results.append(out)
            logger.info(
                "%-36s %10d B  %-7s %-14s %-22s %7.2f s %7.2f cpu %7.0f MB%s",
                out.name,
                out.size,
                out.outcome,
                out.status,
                out.code,
                out.seconds,
                out.cpu_seconds or 0.0,
                out.peak_rss_mb,
                f"  {out.tasks} tasks" if out.tasks is not None else "",
            )
    secs = [r.seconds for r in results]
    summary = {
        "inputs": len(results),
        "outcomes": dict(Counter(r.outcome for r in results)),
        "status": dict(Counter(str(r.status) for r in results)),
        "codes": dict(Counter(r.code for r in results if r.code)),
        "internal_error": sum(r.code == "internal_error" for r in results),
        "seconds_median": round(statistics.median(secs), 3) if secs else None,
        "seconds_max": max(secs, default=None),
        "slowest": max(results, key=lambda r: r.seconds).name if results else None,
        "cpu_seconds_max": max((r.cpu_seconds or 0.0 for r in results), default=None),
        "peak_rss_mb_max": max((r.peak_rss_mb for r in results), default=None),
        "heaviest": max(results, key=lambda r: r.peak_rss_mb).name if results else None,
        "runner_rss_mb": round(base_rss, 1),
        "over_10s": [r.name for r in results if r.seconds > 10],
        "over_1gb": [r.name for r in results if r.peak_rss_mb > 1024],
    }
    logger.info("%s", json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summary, "inputs": [asdict(r) for r in results]}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
