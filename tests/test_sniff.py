import pytest

from extractor.errors import FormatMismatch, UnsupportedFormat
from extractor.reading.sniff import detect, kind_from_bytes


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"\xff\xd8\xff\xe0....", "image"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("<p>一、总体情况</p>".encode(), "html"),
        ("一、总体情况\n正文".encode(), "txt"),
        # Markdown with a <br> in a table cell is text (pymupdf4llm), a fragment of markup HTML.
        ("# 一、总体情况\n|行政处罚<br>行政强制|1<br>2|\n".encode(), "txt"),
        ("\n  <div><p>一、总体情况</p></div>".encode(), "html"),
        (b"\x00\x01\x02\x03" * 10, "binary"),
    ],
)
def test_kind_from_bytes(data: bytes, kind: str) -> None:
    assert kind_from_bytes(data) == kind


def test_random_bytes_named_pdf_is_a_mismatch() -> None:
    with pytest.raises(FormatMismatch, match="named as PDF"):
        detect(b"\x13\x88\xfe\x00garbage" * 20, "x.pdf")


def test_text_named_pdf_is_a_mismatch() -> None:
    with pytest.raises(FormatMismatch):
        detect("一、总体情况".encode(), "report.pdf")


def test_pdf_named_txt_is_read_as_pdf() -> None:
    assert detect(b"%PDF-1.4\n", "report.txt") == "pdf"


def test_unknown_binary_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat):
        detect(b"\x00\x01\x02\x03" * 10, None)


def test_http_content_type_makes_text_html() -> None:
    assert detect(b"plain words", "page", "text/html; charset=utf-8") == "html"
