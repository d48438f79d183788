"""Reports printed to A5 pages and read back by PDF→HTML converters (mutool ``-F html``,
pdftohtml ``-s``): every glyph run a positioned paragraph, a narrow label cell wrapping its
label over lines. Each layout cut down to a few lines; each had given wrong values."""

from __future__ import annotations

from extractor.reading.html import read_html
from tests.test_pairing import column, values

HEADER = (
    "申请人情况\n自\n然\n人\n法人或其他组织\n总计商业企业科研机构社会公益组织法律服务机构其他\n"
)


def test_a_header_word_that_ends_a_cut_label_is_label_text() -> None:
    # The label cell wraps before its last word, 数量, itself a header word: read as a header
    # between 一's label and its values, it had given 二、上年结转 the row of 一、本年新收
    # above it (every value wrong), with positioned paragraphs as with text lines.
    for numbered in (True, False):
        got = values(
            HEADER
            + "一、本年新收政府信息公开申请\n数量\n"
            + column(142, 23, 2, 1, 9, 4, 181)
            + "\n"
            "二、上年结转政府信息公开申请\n数量\n" + column(6, 1, 0, 0, 1, 0, 8) + "\n"
            "三、本年\n度办\n理结\n果\n（一）予以公开\n" + column(68, 11, 1, 1, 4, 2, 87),
            numbered=numbered,
        )
        assert got["requests.new.natural_person"] == 142
        assert got["requests.new.total"] == 181
        assert got["requests.carried_over.natural_person"] == 6
        assert got["requests.carried_over.total"] == 8
        assert got["requests.granted.total"] == 87


def test_a_cut_label_piece_letter_spaced_is_label_text() -> None:
    # "数 量": the piece is the whole token, not its last word (量 alone goes on no label).
    got = values(
        HEADER + "一、本年新收政府信息公开申请\n数 量\n" + column(142, 23, 2, 1, 9, 4, 181) + "\n"
        "二、上年结转政府信息公开申请\n数 量\n" + column(6, 1, 0, 0, 1, 0, 8) + "\n"
        "（一）予以公开\n" + column(68, 11, 1, 1, 4, 2, 87)
    )
    assert got["requests.new.total"] == 181
    assert got["requests.carried_over.total"] == 8


def test_a_label_that_took_the_group_above_while_its_own_behind_a_header_went_to_nobody() -> None:
    # Header words after a label that are no piece of it the reader knows (a report's own
    # wording, 件数 for 数量): a group never pairs across a header, so 二 took 一's row above it
    # and left its own. Either may be its row: null, not the row of 一.
    got = values(
        HEADER + "一、本年新收政府信息公开申请\n件数\n" + column(142, 23, 2, 1, 9, 4, 181) + "\n"
        "二、上年结转政府信息公开申请\n件数\n" + column(6, 1, 0, 0, 1, 0, 8) + "\n"
        "（一）予以公开\n" + column(68, 11, 1, 1, 4, 2, 87),
        numbered=False,
    )
    assert got["requests.carried_over.natural_person"] is None
    assert got["requests.carried_over.total"] is None
    assert got["requests.new.total"] is None
    assert got["requests.granted.total"] == 87


def test_a_label_cut_near_its_start_over_positioned_paragraphs() -> None:
    # "1.属于" / "国家秘密": too short a piece to be a label's start, so found across the cut,
    # which positioned HTML marks by the end of a paragraph, not by line numbers. Unfound, the
    # rows had no labels (130 of 200 fields null on a Word report printed to A5).
    got = values(
        HEADER
        + "（一）予以公开\n"
        + column(5, 0, 0, 0, 0, 0, 5)
        + "\n（三）不予公开\n1.属于\n国家秘密\n"
        + column(1, 0, 0, 0, 0, 0, 1)
        + "\n2.其他\n法律行政法\n规禁止公开\n"
        + column(2, 0, 0, 0, 0, 0, 2),
        numbered=False,
    )
    assert got["requests.granted.total"] == 5
    assert got["requests.denied.state_secret.total"] == 1
    assert got["requests.denied.prohibited_by_law.total"] == 2


def _paragraphs(*texts: str) -> str:
    """Lines of a page of positioned HTML (pdftohtml -s), as the reader gives them."""
    html = "".join(f'<p style="position:absolute">{t}</p>' for t in texts)
    doc = read_html(f"<html><body><div>{html}</div></body></html>".encode())
    return "\n".join(line.text for page in doc.pages for b in page.blocks for line in b.lines)


def test_a_value_with_the_next_blank_cells_nbsp_run_into_it() -> None:
    # pdftohtml runs a blank cell's &nbsp; into the value before it ("138&#160;&#160;") as it
    # does into the value after it ("&#160;&#160;141"): one blank cell each. Without it the
    # row had one cell short, and no row's blanks were believed (183 of 200 fields null).
    nb = "&#160;"
    text = _paragraphs(
        "一、本年新收政府信息公开申请", "数量", f"138{nb}{nb}", nb, "3", nb, f"{nb}{nb}141",
        "二、上年结转政府信息公开申请", "数量", "6", nb, nb, nb, nb, nb, "6",
        "三、本年度办理结果", "（一）予以公开", "80", nb, nb, "1", nb, nb, "81",
    )  # fmt: skip
    assert text.splitlines()[2:9] == ["138", " ", " ", "3", " ", " ", "141"]
    got = values(HEADER + text, numbered=False)
    assert got["requests.new.natural_person"] == 138
    assert got["requests.new.commercial"] == 0
    assert got["requests.new.public_interest"] == 3
    assert got["requests.new.total"] == 141
    assert got["requests.granted.total"] == 81
