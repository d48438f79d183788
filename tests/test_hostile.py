"""Hostile input caught before it costs time or memory (issue 19): PDF streams inflated and
counted before parsing, PDFium's page survey, pages too large to render, HTML nesting refused
before the parser, blank scans not OCR'd, and the worker memory cap."""

from __future__ import annotations

import multiprocessing as mp
import sys
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from extractor import Options, extract
from extractor.budget import limit_memory
from extractor.errors import ResourceLimit
from extractor.reading import NamedBytes
from extractor.reading import pdf as pdf_reader
from extractor.reading.html import _check_nesting, read_html

from .conftest import CORPUS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import fuzz

MiB = 1024 * 1024
SAMPLE = CORPUS / "samples" / "xinghe2023.txt"
REAL_PDF = CORPUS.parent.parent / "shared" / "real" / "hzq2023.pdf"


def codes(report: Any) -> list[str]:
    return [e.code for e in report.errors]


# --- PDF streams --------------------------------------------------------------------------------


def test_a_flate_bomb_fails_before_pdfminer_inflates_it() -> None:
    report = extract(
        NamedBytes("b.pdf", fuzz.pdf_flate_bomb(16)), Options(max_stream_bytes=4 * MiB)
    )
    assert report.status == "failed"
    assert codes(report) == ["decompression_bomb"]
    assert "max_stream_bytes" in report.errors[0].message


def test_flate_inside_flate_is_followed() -> None:
    inner = zlib.compress(b" " * (16 * MiB), 9)
    # Twice compressed, the bomb is a few hundred bytes; only the second inflating shows it.
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        fuzz._stream(zlib.compress(inner, 9), extra=b" /Filter [/FlateDecode /FlateDecode]"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ]
    report = extract(NamedBytes("b.pdf", fuzz._pdf(objects)), Options(max_stream_bytes=4 * MiB))
    assert codes(report) == ["decompression_bomb"]


def test_an_image_stream_has_the_larger_cap() -> None:
    pixels = zlib.compress(b"\xff" * (8 * MiB), 9)
    image = b" /Type /XObject /Subtype /Image /Width 2048 /Height 4096 /ColorSpace /DeviceGray "
    image += b"/BitsPerComponent 8 /Filter /FlateDecode"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        fuzz._stream(b"BT /F1 12 Tf 72 720 Td (report) Tj ET"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
        fuzz._stream(pixels, extra=image),
    ]
    data = fuzz._pdf(objects)
    small = Options(max_stream_bytes=1 * MiB, max_unpacked_bytes=32 * MiB)
    pdf_reader.check_streams(data, small)  # an 8 MiB image under its 32 MiB cap
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.check_streams(data, Options(max_unpacked_bytes=4 * MiB))
    assert info.value.code == "decompression_bomb"
    assert "max_unpacked_bytes" in info.value.message


@pytest.mark.skipif(not REAL_PDF.is_file(), reason="../shared/real is not there")
def test_a_real_report_passes_the_checks() -> None:
    data = REAL_PDF.read_bytes()
    pdf_reader.check_streams(data, Options())
    survey = pdf_reader.survey_pages(data, Options())
    assert survey.pages == 5 and not survey.textless and not survey.crowded
    assert 2_000 < survey.chars < Options().max_pdf_chars // 20


# --- what PDFium sees before pdfminer -----------------------------------------------------------


def test_too_many_drawn_objects_fail_the_document_at_once() -> None:
    """600,000 strokes on 200 pages: their content passes ten times max_pdf_tokens (counted
    from the streams before PDFium loads a page), and with that count raised, PDFium's count
    passes max_pdf_objects."""
    report = extract(NamedBytes("v.pdf", fuzz.pdf_vector_pages(200)))
    assert report.status == "failed"
    assert codes(report) == ["too_complex"]
    assert "max_pdf_tokens" in report.errors[0].message
    report = extract(NamedBytes("v.pdf", fuzz.pdf_vector_pages(200)), Options(max_pdf_tokens=10**6))
    assert codes(report) == ["too_complex"]
    assert "max_pdf_objects" in report.errors[0].message


def test_pages_without_text_are_not_parsed_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    """70 drawn pages without a character: past max_ocr_pages from PDFium's count alone."""
    called: list[int] = []
    real = pdf_reader.needs_ocr
    monkeypatch.setattr(pdf_reader, "needs_ocr", lambda page: called.append(1) or real(page))
    report = extract(NamedBytes("v.pdf", fuzz.pdf_vector_pages(70, strokes=20)))
    assert codes(report) == ["too_many_pages"]
    assert called == []


def _two_pages(first: bytes, second: bytes) -> bytes:
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources %s >>"
    return fuzz._pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            page % (5, font),
            page % (6, font),
            fuzz._stream(first),
            fuzz._stream(second),
        ]
    )


def test_a_crowded_page_is_skipped_with_a_warning() -> None:
    text = SAMPLE.read_text("utf-8").splitlines()[0].encode("ascii", "ignore") or b"report"
    lines = b"".join(b"%d 10 m %d 20 l S\n" % (i % 500, i % 500) for i in range(300))
    data = _two_pages(b"BT /F1 12 Tf 72 720 Td (" + text + b" 2023) Tj ET", lines)
    survey = pdf_reader.survey_pages(data, Options(max_page_objects=100))
    assert survey.crowded == {2}
    document = pdf_reader.read_pdf(data, Options(max_page_objects=100))
    assert document.meta["unread_pages"] == "2"
    assert "max_page_objects" in document.meta["unread_reason"]
    assert document.pages[0].blocks


def test_a_page_too_large_to_render_is_too_complex() -> None:
    report = extract(NamedBytes("m.pdf", fuzz.pdf_pages(1, b"", b"[0 0 9999999 9999999]")))
    assert codes(report) == ["too_complex"]
    assert "pixels" in report.errors[0].message


# --- HTML nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [fuzz.html_nested_divs(50_000), fuzz.html_nested_tables(5_000)],
    ids=["divs", "tables"],
)
def test_deep_nesting_is_refused_before_parsing(
    page: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractor.reading.html as html_reader

    def no_parser(*_: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(html_reader, "LexborHTMLParser", no_parser)
    with pytest.raises(ResourceLimit) as info:
        read_html(page)
    assert info.value.code == "too_complex"


def test_nesting_scan_passes_every_corpus_page_and_unclosed_tags() -> None:
    pages = sorted(CORPUS.rglob("*.htm*"))
    assert pages
    for path in pages:
        _check_nesting(path.read_bytes().decode("utf-8", "replace"))
    # Old CMS pages leave <p>, <li>, <td> and <tr> open; those are no nesting.
    loose = (
        "<table>" + "<tr><td>1<td>2" * 2000 + "</table>" + "<p>x" * 2000 + "<ul>" + "<li>a" * 2000
    )
    _check_nesting("<html><body>" + loose)
    # Nor are tags in comments and scripts.
    _check_nesting("<script>" + "<div>" * 5000 + "</script><!--" + "<div>" * 5000 + "-->")


def test_a_page_of_too_many_elements_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A table of 1,000,000 cells took 10 s and 480 MB (the nesting scan and the grid are
    Python); the elements are counted first, in C."""
    import extractor.reading.html as html_reader

    def no_parser(*_: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(html_reader, "LexborHTMLParser", no_parser)
    with pytest.raises(ResourceLimit) as info:
        read_html(fuzz.html_cells(1_000_000))
    assert info.value.code == "too_complex" and "max_html_elements" in info.value.message


def test_a_page_under_the_element_cap_is_read() -> None:
    document = read_html(fuzz.html_cells(10_000))
    assert any(b.grid is not None and b.grid.n_rows == 100 for b in document.pages[0].blocks)


def test_a_huge_data_uri_does_not_slow_decoding() -> None:
    """Telling text from binary looked at each character in Python (5 s over a 10 MB data:
    URI, twice); each distinct character is looked at once now, with the same verdict."""
    from extractor.reading.encoding import looks_like_text

    assert looks_like_text(fuzz.html_data_uri(1).decode())
    assert looks_like_text("政府信息公开\t\n" * 1000)
    assert not looks_like_text("\x01\x02" * 100 + "a" * 1000)
    assert not looks_like_text("\ue000" * 20 + "a" * 1000)  # private use
    assert looks_like_text("\ue000" * 5 + "a" * 1000)
    assert not looks_like_text("\ufffd" * 20 + "报告" * 500)


# --- OCR of blank pages -------------------------------------------------------------------------


def test_blank_pages_are_told_from_pages_with_ink() -> None:
    from extractor.ocr import is_blank

    white = np.full((1600, 1200), 255, dtype=np.uint8)
    assert is_blank(white)
    speck = white.copy()
    speck[100:104, 100:104] = 0  # dust
    assert is_blank(speck)
    digit = white.copy()
    digit[500:525, 600:603] = 0  # a 9 pt "1" at 200 dpi
    digit[500:503, 596:603] = 0
    assert not is_blank(digit)
    dark = np.full((1600, 1200), 20, dtype=np.uint8)
    dark[800:830, 100:400] = 230  # light text on a dark ground
    assert not is_blank(dark)


def test_blank_frames_do_not_reach_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rapidocr", reason="the ocr extra is not installed")
    pytest.importorskip("cv2", reason="the ocr extra is not installed")
    import extractor.ocr as ocr

    class Engine:
        def recognize(self, image: Any, chars: bool = False) -> list[Any]:
            raise AssertionError("a blank page went to the engine")

    monkeypatch.setattr(ocr, "engine_for", lambda options: Engine())
    report = extract(NamedBytes("t.tif", fuzz.tiff_frames(12)))
    assert codes(report) == ["no_text"]
    assert report.source.ocr_pages == list(range(1, 13)) or report.source.ocr_pages == []


# --- the worker memory cap ----------------------------------------------------------------------


def _capped(conn: Any) -> None:
    extract(SAMPLE)  # imports and models loaded, under no cap
    data = ("政府信息公开工作年度报告 " * 20 + "\n").encode() * 40_000
    with open("/proc/self/status") as fh:
        vm_mb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize")) // 1024
    # Room for the record, not for the document: reading 28 MB of text needs several times it.
    limit_memory(vm_mb + 40)
    report = extract(NamedBytes("big.txt", data), Options(max_chars=10**9, max_lines=10**9))
    conn.send((report.status, codes(report)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_memory_error_under_the_cap_is_a_record() -> None:
    # A fresh process: a forked one would inherit this one's free heap, room the cap cannot see.
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_capped, args=(child,))
    proc.start()
    child.close()
    try:
        assert parent.poll(120), "the capped child gave no record"
        status, errors = parent.recv()
    finally:
        proc.join(30)
    assert status == "failed"
    assert errors == ["out_of_memory"]


def test_ocr_runs_under_the_default_memory_cap() -> None:
    """A batch worker with the default RLIMIT_AS still loads the OCR engine and reads a scan
    (onnxruntime reserves much more address space than it uses)."""
    pytest.importorskip("rapidocr", reason="the ocr extra is not installed")
    import io

    from extractor.batch.inputs import Task
    from extractor.batch.pool import Pool
    from extractor.budget import DEFAULT_MEMORY_MB

    from .test_ocr import proactive_image

    buf = io.BytesIO()
    proactive_image().save(buf, "PNG")
    pool = Pool(1, Options(ocr_threads=2), timeout_s=300, memory_mb=DEFAULT_MEMORY_MB)
    try:
        ((_, _, line),) = list(pool.map(iter([(0, Task(uri="scan.png", data=buf.getvalue()))])))
    finally:
        pool.close()
    import json

    record = json.loads(line)
    assert record["source"]["ocr_pages"] == [1], record["errors"]
    assert all(e["code"] != "out_of_memory" for e in record["errors"])


def test_characters_are_counted_page_by_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long PDF of dense text fails too_long as soon as it passes max_chars, without
    reading the rest; each page's objects are let go once it is read."""
    import pdfplumber.page

    closed: list[int] = []
    real_close = pdfplumber.page.Page.close

    def close(self: Any) -> None:
        closed.append(self.page_number)
        real_close(self)

    monkeypatch.setattr(pdfplumber.page.Page, "close", close)
    report = extract(
        NamedBytes("d.pdf", fuzz.pdf_dense_text_pages(40)),
        Options(max_chars=20_000, max_pdf_chars=10_000_000),
    )
    assert codes(report) == ["too_long"]
    assert "by page 4" in report.errors[0].message
    # Each as soon as it is read, then every page again when the PDF closes (before the fix,
    # only that: 1, 2, 3, 4, 5, …).
    assert closed[:5] == [1, 2, 3, 4, 1]


def test_a_long_text_layer_fails_before_pdfminer_reads_a_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """500 pages of dense text ran pdfminer to the deadline (24 s at a 30 s limit); PDFium's
    character count stops it at the page that passes max_pdf_chars."""
    import pdfplumber

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("pdfminer must not read this PDF")

    monkeypatch.setattr(pdfplumber, "open", refuse)
    report = extract(NamedBytes("d.pdf", fuzz.pdf_dense_text_pages(500)))
    assert report.status == "failed"
    assert codes(report) == ["too_long"]
    assert "max_pdf_chars" in report.errors[0].message
    # 6,118 characters a page as PDFium counts them (60 lines of 100 and their line breaks).
    assert "by page 17" in report.errors[0].message


def test_pages_of_text_under_the_character_cap_are_read() -> None:
    data = fuzz.pdf_dense_text_pages(3)
    survey = pdf_reader.survey_pages(data, Options())
    assert survey.chars == 3 * 6_118
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.survey_pages(data, Options(max_pdf_chars=10_000))
    assert info.value.code == "too_long" and "by page 2" in info.value.message


# --- filters other than flate -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["lzw", "runlength", "hex_flate", "a85_flate", "flate_lzw"])
def test_bombs_behind_every_filter_pdfminer_decodes_are_caught(kind: str) -> None:
    """LZW and RunLength streams, flate wrapped in ASCIIHex or ASCII85, LZW inside flate: each
    decoded through its dictionary's chain and counted, as flate streams were."""
    data = fuzz.pdf_filter_bomb(kind, 16)
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.check_streams(data, Options(max_stream_bytes=4 * MiB))
    assert info.value.code == "decompression_bomb"
    assert "max_stream_bytes" in info.value.message
    pdf_reader.check_streams(data, Options(max_stream_bytes=32 * MiB))


def test_the_lzw_count_is_what_pdfminer_decodes() -> None:
    from pdfminer.lzw import lzwdecode

    raw = fuzz.lzw_bomb(2)
    pieces = pdf_reader._lzw(iter([raw[i : i + 100] for i in range(0, len(raw), 100)]))
    assert b"".join(pieces) == lzwdecode(raw)


def test_run_length_pieces_split_anywhere_decode_as_pdfminer_does() -> None:
    from pdfminer.runlength import rldecode

    raw = bytes([2, 65, 66, 67, 254, 68, 0, 69, 200, 70]) * 50 + b"\x80" + b"junk"
    for size in (1, 2, 3, 7, 1000):
        pieces = iter([raw[i : i + size] for i in range(0, len(raw), size)])
        assert b"".join(pdf_reader._run_length(pieces)) == rldecode(raw)


def test_a_stream_is_decoded_only_as_far_as_its_length() -> None:
    """An LZW stream that goes on past its /Length: what follows is not the stream's."""
    body = fuzz.lzw_bomb(1)
    data = fuzz.pdf_filtered(body, b"/LZWDecode")
    data = data.replace(b"/Length %d" % len(body), b"/Length 10")
    pdf_reader.check_streams(data, Options(max_stream_bytes=64 * 1024))


def test_too_many_filters_on_one_stream_are_refused() -> None:
    data = fuzz.pdf_filtered(b"x", b"[" + b"/ASCIIHexDecode " * 20 + b"]")
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.check_streams(data, Options())
    assert info.value.code == "too_complex"


# --- inputs of the second round (scripts/fuzz.py second_round) ----------------------------------


def test_recursion_inside_pdfminer_is_the_pdfs_shape_not_damage() -> None:
    """1,500 incremental updates (pdfminer follows /Prev recursively): pdfplumber wraps the
    RecursionError, which read as corrupt."""
    report = extract(NamedBytes("r.pdf", fuzz.pdf_xref_chain(1500)))
    assert codes(report) == ["too_complex"]
    assert "nests too deeply" in report.errors[0].message


def test_forms_nested_too_deep_are_not_loaded() -> None:
    """Forms inside forms, the last drawing the first: 500 deep ended in a RecursionError in
    pdfminer; past MAX_FORM_DEPTH the page is not loaded at all. Three deep, pdfminer reads
    it (it stops a form drawing itself)."""
    assert "unread_pages" not in pdf_reader.read_pdf(fuzz.pdf_form_recursion(3)).meta
    document = pdf_reader.read_pdf(fuzz.pdf_form_recursion(500))
    assert document.meta["unread_pages"] == "1"
    assert "forms drawn past" in document.meta["unread_reason"]


def test_forms_that_multiply_are_not_loaded() -> None:
    """A form drawing another twice, twenty deep (a million drawings from 4 KB), or a page
    drawing a form 1,000 times that draws another 1,000 times: PDFium expanded them as it
    loaded the page (2.7 GB, killed at 30 s). Counted from the content streams, the page is
    not loaded; a page of a few forms is."""
    for data in (fuzz.pdf_form_fanout(20), fuzz.pdf_form_fanout(2, fan=1000)):
        assert pdf_reader.heavy_pages(data, Options()) == {1}
        # Its one page not read, the PDF has no text.
        assert codes(extract(NamedBytes("r.pdf", data))) == ["no_text"]
    assert pdf_reader.heavy_pages(fuzz.pdf_form_fanout(3), Options()) == frozenset()


def test_pdfminers_parsing_is_bounded() -> None:
    """A character map of 200,000 entries, a font of 200,000 widths, a page of 3,000 fonts:
    seconds of pdfminer each, inside one call. Its tokens are counted as it
    parses; past Options.max_pdf_tokens a page is read from PDFium's text layer, and parsing
    outside a page fails too_complex."""
    options = Options(max_pdf_tokens=50_000)
    for data in (fuzz.pdf_tounicode(200_000), fuzz.pdf_widths(200_000)):
        document = pdf_reader.read_pdf(data, options)
        assert "max_pdf_tokens" in document.meta["text_pages_reason"]
    # A page tree of 3,000 fonts written into the page: parsed before any page is read.
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.read_pdf(fuzz.pdf_fonts(3_000), Options(max_pdf_tokens=20_000))
    assert "max_pdf_tokens" in info.value.message
    # The real PDF is read as before within the default budget.
    if REAL_PDF.exists():
        assert "text_pages" not in pdf_reader.read_pdf(REAL_PDF.read_bytes()).meta


def test_a_character_map_range_counts_each_code_it_maps() -> None:
    """One bfrange line of a four-byte character map maps billions of codes, one Python call
    each in pdfminer: a 1 KB PDF held a worker for hours. Each mapped code is counted."""
    data = fuzz.pdf_tounicode(1, ranges=1)
    document = pdf_reader.read_pdf(data, Options(max_pdf_tokens=20_000))
    assert "max_pdf_tokens" in document.meta["text_pages_reason"]


def test_a_path_of_many_segments_counts_as_many_objects() -> None:
    """One path of 100,000 rectangles is one object to PDFium and 100,000 to pdfminer and the
    table finder (killed at 30 s): it weighs its segments, five to a rectangle."""
    survey = pdf_reader.survey_pages(fuzz.pdf_rect_path(30_000), Options())
    assert survey.crowded == {1}
    survey = pdf_reader.survey_pages(fuzz.pdf_rect_path(100), Options())
    assert survey.crowded == frozenset()


def test_a_page_of_thousands_of_fonts_is_not_loaded() -> None:
    assert pdf_reader.heavy_pages(fuzz.pdf_fonts(600), Options()) == {1}
    assert pdf_reader.heavy_pages(fuzz.pdf_fonts(20), Options()) == frozenset()


def test_an_object_that_refers_to_itself_is_refused_when_pdfminer_reaches_it() -> None:
    """pdfminer's getobj follows a chain of bare references to its end and refuses a loop
    (it followed one forever); objects nothing asks for are not parsed (a walk over every
    object took seconds for 300,000)."""
    report = extract(NamedBytes("r.pdf", fuzz.pdf_loop("mediabox")))
    assert codes(report) == ["corrupt"]
    assert "loop" in report.errors[0].message


def test_a_few_incremental_updates_still_read() -> None:
    document = pdf_reader.read_pdf(fuzz.pdf_xref_chain(20))
    assert [b.text for b in document.pages[0].blocks] == ["update"]


def test_an_image_of_thousands_of_frames_is_too_many_pages() -> None:
    """It said bad_input, the code of no particular failure."""
    report = extract(NamedBytes("r.gif", fuzz.gif_frames(300)))
    assert codes(report) == ["too_many_pages"]


# --- encrypted PDFs (an empty user password: copy protection) -----------------------------------


@pytest.mark.parametrize("kind", ["flate", "lzw"])
def test_bombs_inside_encrypted_streams_are_caught(kind: str) -> None:
    """The pass over the file's bytes sees ciphertext there; the streams are decrypted as
    pdfminer does and counted. It was caught only by the worker's memory cap or the deadline."""
    data = fuzz.pdf_encrypted_bomb(kind, 16)
    assert b"/Encrypt" in data
    pdf_reader.check_streams(data, Options(max_stream_bytes=4 * MiB))  # blind to it
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.check_encrypted_streams(data, Options(max_stream_bytes=4 * MiB))
    assert info.value.code == "decompression_bomb"
    assert "encrypted PDF (object 5)" in info.value.message
    pdf_reader.check_encrypted_streams(data, Options(max_stream_bytes=32 * MiB))
    report = extract(NamedBytes("e.pdf", data), Options(max_stream_bytes=4 * MiB))
    assert codes(report) == ["decompression_bomb"]


def test_an_encrypted_pdf_under_the_caps_still_reads() -> None:
    text = b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET"
    data = fuzz.pdf_encrypted([(zlib.compress(text), b"/FlateDecode"), (text, b"")])
    pdf_reader.check_encrypted_streams(data, Options())
    document = pdf_reader.read_pdf(data)
    assert [b.text for b in document.pages[0].blocks] == ["Annual report 2023Annual report 2023"]


def test_ciphertext_that_looks_like_lzw_is_not_damage() -> None:
    """The pass over the file's bytes runs pdfminer's LZW decoder on an encrypted stream's
    bytes, garbage to it: that ended the check with IndexError (`corrupt`) before the PDF was
    decrypted."""
    data = fuzz.pdf_encrypted_bomb("lzw", 1)
    pdf_reader.check_streams(data, Options())
    report = extract(NamedBytes("e.pdf", data))
    assert "corrupt" not in codes(report)


@pytest.mark.parametrize("key", [b"12345", b"0123456789", bytes(range(16)), b"1234567"])
def test_the_linear_rc4_is_pdfminers_rc4(key: bytes) -> None:
    """pdfminer's own RC4 is quadratic (3 s for 256 KB); its replacement gives the same bytes,
    through cryptography's cipher (5, 10, 16-byte keys) or the loop (a 7-byte key)."""
    from pdfminer.arcfour import Arcfour

    data = bytes(range(256)) * 40
    assert pdf_reader._Arcfour(key).decrypt(data) == Arcfour(key).decrypt(data)
    fast = pdf_reader._Arcfour(key)
    assert fast.decrypt(data[:1000]) + fast.decrypt(data[1000:]) == Arcfour(key).decrypt(data)


# --- pdfminer's share of a PDF (Options.max_parsed_objects) -------------------------------------


def test_drawing_pages_past_the_parse_budget_are_read_from_pdfiums_text(monkeypatch: Any) -> None:
    """12 pages of 3,000 strokes and a line of text (36,216 objects, every cap kept): pdfminer
    took ~0.4 s a page over them (60 such pages ran to their deadline). Past the budget they
    are drawings, read from PDFium's text layer, and pdfminer parses none."""
    data = fuzz.pdf_vector_text_pages(12)
    survey = pdf_reader.survey_pages(data, Options())
    assert survey.plain == frozenset(range(1, 13))

    def refuse(page: Any) -> bool:
        raise AssertionError("pdfminer parsed a page")

    monkeypatch.setattr(pdf_reader, "needs_ocr", refuse)
    document = pdf_reader.read_pdf(data)
    assert document.meta["text_pages"] == ",".join(map(str, range(1, 13)))
    assert "max_parsed_objects" in document.meta["text_pages_reason"]
    # (The line is on every page's top band: a running header, dropped as pdfminer's would be.)
    pdfium_doc = pdf_reader.open_pdfium(data)
    reader = pdf_reader._PlainReader(pdfium_doc)
    assert [t.text for t in reader.lines(12) or []] == ["Annual report 2023"]
    pdfium_doc.close()


def test_a_pdf_within_the_parse_budget_is_read_as_before() -> None:
    data = fuzz.pdf_vector_text_pages(3)
    assert pdf_reader.survey_pages(data, Options()).plain == frozenset()
    assert "text_pages" not in pdf_reader.read_pdf(data).meta


def test_drawings_go_first_then_the_last_pages() -> None:
    cost = pdf_reader.PageCost
    pages = [
        cost(1, 1_000, 300, 700),  # a table page
        cost(2, 3_018, 3_000, 18),  # a drawing
        cost(3, 1_000, 0, 1_000),
        cost(4, 1_000, 0, 1_000),
        cost(5, 1_000, 0, 1_000),
    ]
    assert pages[1].drawing and not pages[0].drawing
    # Costs: the objects, their paths twice more and half the characters, 15,477 in all.
    assert [p.cost for p in pages] == [1_950, 9_027, 1_500, 1_500, 1_500]
    assert pdf_reader.plain_pages(pages, 15_500) == frozenset()
    # Over the budget, the drawing goes even where dropping a text page would have been enough.
    assert pdf_reader.plain_pages(pages, 15_400) == {2}
    assert pdf_reader.plain_pages(pages, 3_500) == {2, 5, 4}
    assert pdf_reader.plain_pages(pages, 0) == {1, 2, 3, 4, 5}


def test_a_report_read_from_pdfiums_text_has_no_wrong_value() -> None:
    """The fallback reads tables from their text rows, as a text file's: fewer values (no
    ruled grid), none of them wrong. A space PDFium did not write is added only for a gap
    wider than the line is high: a decimal point's narrow glyph box had split 9116.36."""
    from tests.pdfgen import ruled_report_pdf

    from .conftest import load_json

    truth = load_json(CORPUS / "truth" / "xinghe2023.json")["fields"]
    data = ruled_report_pdf(SAMPLE.read_text("utf-8"))
    report = extract(NamedBytes("r.pdf", data), Options(max_parsed_objects=0))
    assert "pages_read_as_text" in [w.code for w in report.warnings]
    read = {k: v for k, v in report.fields.items() if v is not None and k in truth}
    assert len(read) >= 0.9 * len(truth)  # 192 of 200
    assert {k: v for k, v in read.items() if truth[k] != v} == {}


# --- large valid text ---------------------------------------------------------------------------


def test_a_region_printed_again_word_for_word_is_mapped_once(monkeypatch: Any) -> None:
    """A report pasted into itself 50 times: its tables were mapped once per copy (a 580 KB
    mutation spent 2.3 s of 4.4 there). Each distinct region is mapped once; the fields are
    the report's."""
    import extractor.tables as tables

    calls = 0
    real = tables.best_mapping

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "best_mapping", counted)
    text = SAMPLE.read_text("utf-8")
    once = extract(NamedBytes("r.txt", text.encode()))
    single = calls
    calls = 0
    many = extract(NamedBytes("r.txt", ("\n".join([text] * 50)).encode()), Options(max_chars=10**6))
    assert calls == single
    assert many.fields == once.fields


def test_repeated_text_is_scored_once_per_distinct_line_and_sentence(monkeypatch: Any) -> None:
    """Reflow's breaks, the section model's blocks and the theme model's sentences are each
    scored once per distinct view: a report pasted into itself 50 times costs about what the
    report does in these stages (they were linear in the copies: 580 KB took 2.3-7.5 s)."""
    from extractor import reflow, sectionmodel, thememodel

    counts = {"breaks": 0, "blocks": 0, "sentences": 0}
    join = reflow.ReflowModel.join_probability
    score = sectionmodel.SectionModel.log_probs
    predict = thememodel.ThemeModel.predict

    def count_join(self: Any, feats: Any) -> float:
        counts["breaks"] += 1
        return join(self, feats)

    def count_score(self: Any, texts: Any, shapes: Any) -> Any:
        counts["blocks"] += len(texts)
        return score(self, texts, shapes)

    def count_predict(self: Any, feats: Any) -> Any:
        counts["sentences"] += len(feats)
        return predict(self, feats)

    monkeypatch.setattr(reflow.ReflowModel, "join_probability", count_join)
    monkeypatch.setattr(sectionmodel.SectionModel, "log_probs", count_score)
    monkeypatch.setattr(thememodel.ThemeModel, "predict", count_predict)
    report = SAMPLE.read_text("utf-8")
    once = extract(NamedBytes("r.txt", report.encode()))
    single = dict(counts)
    assert all(single.values())
    counts.update(dict.fromkeys(counts, 0))
    many = extract(NamedBytes("r.txt", "\n".join([report] * 50).encode()), Options(max_chars=10**6))
    # The copies' seams add a few distinct views of their own, never one per copy; a block's
    # shape names its position in tenths of the document (10 views at most).
    assert counts["breaks"] <= single["breaks"] + 10, (single, counts)
    assert counts["sentences"] <= single["sentences"] + 10, (single, counts)
    assert counts["blocks"] <= 10 * single["blocks"] + 10, (single, counts)
    assert [(t.label, t.text) for t in many.themes] == [(t.label, t.text) for t in once.themes]


def test_text_drawn_over_itself_counts_each_time_it_is_drawn() -> None:
    """One line drawn 20,000 times at one place: PDFium's text layer keeps 18 characters (its
    survey passed it), pdfminer drew 360,000 glyphs (30 s, 600 MB). pdfplumber's device counts
    the glyphs as pdfminer draws them and stops past Options.max_pdf_chars."""
    line = b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET\n"
    data = fuzz.pdf_pages(1, line * 2_000)
    assert pdf_reader.survey_pages(data, Options()).chars == 18
    with pytest.raises(ResourceLimit) as info:
        pdf_reader.read_pdf(data, Options(max_pdf_chars=10_000))
    assert info.value.code == "too_long"
    assert "drawn over itself" in info.value.message
    # Under the cap it reads, and the count is the document's alone.
    pdf_reader.read_pdf(data, Options(max_pdf_chars=40_000))
    assert pdf_reader._GLYPHS_LEFT.get() is None


def test_cutting_a_text_line_by_line_gives_jiebas_words() -> None:
    """Keywords cut a section's text line by line, each distinct line once (a section pasted
    into itself 200 times cut every copy): the words are jieba's for the whole text."""
    from extractor.thememodel import cut_text, cut_words

    text = SAMPLE.read_text("utf-8")
    for sample in (text, "洪\n泽区 \n\n  临江区人民政府\t2023年\n", "a\r\nb\n"):
        assert cut_text(sample) == cut_words(sample)


# --- inputs of the fourth round (scripts/fuzz.py fourth_round) ----------------------------------


def test_text_past_the_caps_fails_as_soon_as_it_is_decoded(monkeypatch: Any) -> None:
    """A million lines of one character took 9 s and 570 MB to read before the document's
    lines were counted; decoded text is counted first, in C."""
    import extractor.reading.text as text_reader

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the lines were read")

    monkeypatch.setattr(text_reader, "lines_to_blocks", refuse)
    report = extract(NamedBytes("r.txt", fuzz.text_lines(30_000, distinct=False)))
    assert codes(report) == ["too_long"] and "max_lines" in report.errors[0].message
    report = extract(NamedBytes("r.txt", fuzz.text_cjk_line(400_000)))
    assert codes(report) == ["too_long"] and "max_chars" in report.errors[0].message


def test_a_page_of_millions_of_characters_fails_once_parsed() -> None:
    """Eight million characters of entities in a paragraph: the Python passes over the text
    took 3 s before the document was counted; lexbor's count of the page's text comes
    first."""
    report = extract(NamedBytes("r.html", fuzz.html_entities(50_000)), Options(max_chars=10_000))
    assert codes(report) == ["too_long"] and "characters of text" in report.errors[0].message


def test_a_page_of_huge_content_is_not_loaded() -> None:
    """A content stream of a million text objects (30 MB inflated) cost PDFium 650 MB to
    load only to be counted: its tokens are counted from the stream first."""
    content = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n" * 2_000
    options = Options(max_pdf_tokens=10_000)
    assert pdf_reader.heavy_pages(fuzz.pdf_pages(2, content), options) == {1, 2}
    assert pdf_reader.heavy_pages(fuzz.pdf_pages(2, content[:2900]), options) == frozenset()
    with pytest.raises(ResourceLimit):
        pdf_reader.heavy_pages(fuzz.pdf_pages(1, content * 6), options)


def test_a_page_read_from_pdfiums_text_goes_to_ocr_when_its_text_is_not_sensible(
    monkeypatch: Any,
) -> None:
    """Pages read from PDFium's text layer skipped the check pdfminer's pages get: a text
    layer of Latin-1 soup (a broken ToUnicode map) was taken as the page's text."""
    data = fuzz.pdf_vector_text_pages(12).replace(
        b"(Annual report 2023)", b"(\xe9\xe8\xe7\xe6\xe5)"
    )
    assert pdf_reader.survey_pages(data, Options()).plain == frozenset(range(1, 13))
    seen: list[int] = []

    def ocr(data: bytes, pages: Any, numbers: list[int], options: Options) -> Any:
        seen.extend(numbers)
        return pages

    monkeypatch.setattr(pdf_reader, "_ocr_pages", ocr)
    pdf_reader.read_pdf(data)
    assert seen == list(range(1, 13))


def test_long_attribute_values_are_emptied_before_any_pass_over_a_page() -> None:
    """A 50 MB data URI or title cost every pass over the page (decoding twice, the text
    check, the attachment search, the tag scan): 2.5 s. Values past LONG_ATTRIBUTE are
    emptied from the bytes first; links and the page's text are kept."""
    from extractor.reading.encoding import LONG_ATTRIBUTE, strip_long_attributes

    page = fuzz.html_data_uri(1)
    stripped = strip_long_attributes(page)
    assert len(stripped) < 1000 and b'src=""' in stripped
    short = b'<a href="/files/' + b"a" * (LONG_ATTRIBUTE - 100) + b'.pdf">x</a>'
    assert strip_long_attributes(short * 2) == short * 2
    report = extract(NamedBytes("r.html", page))
    assert report.source.size_bytes == len(page)
    assert extract(NamedBytes("r.html", stripped)).metadata == report.metadata


def test_a_tag_broken_over_thousands_of_lines_is_mended_in_one_pass() -> None:
    # Review of session 10: each break rebuilt the text so far (12,000 breaks took 5.6 s).
    from extractor.reading.text import _mend_tag

    tag = "<td" + " x=1\n" * 12000 + ">"
    mended = _mend_tag(tag)
    assert "\n" not in mended
    assert mended.count("x=1") == 12000


def test_a_page_of_too_many_placed_boxes_is_read_as_written() -> None:
    # Review of session 10: the placing passes compare boxes pairwise; past the cap a page is
    # read in its own order (pdfminer's HTML of a report places about 250 boxes a page).
    from selectolax.lexbor import LexborHTMLParser

    from extractor.reading.html import PLACED_MAX_BOXES, _placed_lines

    boxes = "".join(
        f'<div style="position:absolute; left:{10 + i % 7 * 40}px; top:{i // 7 * 20}px; '
        f'height:18px; width:30px">{i % 9}</div>'
        for i in range(PLACED_MAX_BOXES + 1)
    )
    body = LexborHTMLParser(f"<html><body>{boxes}</body></html>").body
    assert body is not None
    assert _placed_lines(body) is None
