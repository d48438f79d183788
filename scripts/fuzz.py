#!/usr/bin/env python3
"""Hostile input, generated: every document must finish fast with a record that says why.

A seeded generator of inputs: crafted ones (the classes of issue 19: glued digit runs of every
length, a 200,000-digit line, nested and span-bombed HTML, a meta charset naming Python's
``undefined`` codec, PDFs whose references loop, flate bombs, thousands of pages, huge
MediaBox/UserUnit, Word files with a huge or undecodable document.xml or a negative list
number, a many-frame TIFF, a huge image) and mutations of the text documents of corpus/ (bytes
flipped, cut, repeated, lines shuffled). Each input runs through ``extractor.extract`` in a
child process forked from this one (so imports are paid once) under a time limit, and the
report gives, per input, the outcome (``record`` or ``killed``/``crashed``), the record's
status and first error code, seconds and the child's peak RSS, then a summary.

Usage: python scripts/fuzz.py [--seed N] [--mutations N] [--limit S] [--only SUBSTR]
                              [--small] [--json OUT]

``--small``: only the inputs the test suite runs (tests/test_fuzz.py), each small and fast.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import multiprocessing as mp
import os
import random
import statistics
import struct
import sys
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    peak_rss_mb: float


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


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]) with a correct xref."""
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
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
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


def _child(conn: object, name: str, data: bytes, deadline_s: float) -> None:
    from extractor import Options, extract
    from extractor.reading import NamedBytes

    logging.disable(logging.CRITICAL)
    report = extract(NamedBytes(name, data), Options(deadline_s=deadline_s))
    code = report.errors[0].code if report.errors else None
    conn.send((report.status, code))  # type: ignore[attr-defined]


def run_one(name: str, filename: str, data: bytes, limit: float) -> Outcome:
    """One input through ``extract`` in a forked child; its time, peak RSS and record."""
    from extractor import Options

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    started = time.perf_counter()
    # The deadline a batch or the server gives a document: 80% of its time limit.
    deadline_s = min(Options().deadline_s, 0.8 * limit)
    proc = ctx.Process(target=_child, args=(child, filename, data, deadline_s))
    proc.start()
    child.close()
    pid = proc.pid
    assert pid is not None
    result: tuple[str, str | None] | None = None
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
    if result is not None:
        outcome = "record"
    # ru_maxrss is in KiB on Linux.
    rss = usage.ru_maxrss / 1024
    return Outcome(
        name, len(data), outcome, *(result or (None, None)), round(seconds, 3), round(rss, 1)
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
    parser.add_argument("--only", default="", help="run inputs whose name contains this")
    parser.add_argument("--small", action="store_true", help="the CI set only")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    args = parser.parse_args(argv)

    # Imports, jieba and the models once, before forking.
    from extractor import extract

    extract(SAMPLE)
    results: list[Outcome] = []
    for name, filename, make in inputs(args.seed, args.mutations, args.small):
        if args.only not in name:
            continue
        out = run_one(name, filename, make(), args.limit)
        results.append(out)
        logger.info(
            "%-36s %10d B  %-7s %-7s %-22s %7.2f s %7.0f MB",
            out.name,
            out.size,
            out.outcome,
            out.status,
            out.code,
            out.seconds,
            out.peak_rss_mb,
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
        "peak_rss_mb_max": max((r.peak_rss_mb for r in results), default=None),
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
