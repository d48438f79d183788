"""A15, labels then numbers: converters that print a ruled table box by box (pdfminer.six and its
HTML, pdftotext), each case cut down to a few boxes or lines."""

from __future__ import annotations

import extractor
from extractor.reading.html import read_html

# pdfminer's HTML: a page box, a page marker, then one placed <div> per text box.
HEAD = (
    '<html><body><span style="position:absolute; border: gray 1px solid; left:0px; top:50px; '
    'width:612px; height:792px;"></span>\n<div style="position:absolute; top:%dpx;">50.0'
    '<a name="1">Page 1</a></div>\n'
)


def box(left: float, top: float, *lines: str, height: float = 0, width: float = 60) -> str:
    return (
        f'<div style="position:absolute; border: textbox 1px solid; writing-mode:lr-tb; '
        f'left:{left}px; top:{top}px; width:{width}px; height:{height or 12 * len(lines)}px;">'
        f'<span style="font-size:12px">{"<br>".join(lines)}<br></span></div>\n'
    )


# Table 二's first block as pdfminer orders its boxes: the labels, the header, then the values
# column by column. Prose boxes above it make the page long enough to be read as placed.
PROSE = "".join(box(40, 60 + 14 * i, f"第{i}段说明文字") for i in range(20))
TABLE = (
    box(40, 400, "二、主动公开政府信息情况")
    + box(40, 420, "第二十条第（一）项")
    + box(40, 440, "信息内容")
    + box(40, 460, "规章")
    + box(40, 480, "行政规范性文件")
    + box(150, 440, "本年制发件数")
    + box(250, 440, "本年废止件数")
    + box(350, 440, "现行有效件数")
    + box(150, 460.5, "2")
    + box(150, 480.5, "14")
    + box(250, 460.5, "0")
    + box(250, 480.5, "3")
    + box(350, 459.5, "7")
    + box(350, 479.5, "86")
)


def test_placed_boxes_are_read_in_the_pages_order() -> None:
    # pdfminer's HTML writes the boxes column by column; their coordinates put each value on
    # its row's line (the source order had left every row of the table null).
    doc = read_html((HEAD + PROSE + TABLE + "</body></html>").encode())
    texts = [b.text for b in doc.blocks()]
    start = texts.index("规章")
    assert texts[start : start + 8] == ["规章", "2", "0", "7", "行政规范性文件", "14", "3", "86"]
    assert not any("Page 1" in t for t in texts)


def test_placed_boxes_give_the_rows_values() -> None:
    page = HEAD + box(40, 30, "本机关政府信息公开工作年度报告") + PROSE + TABLE + "</body></html>"
    report = extractor.extract(page.encode())
    assert report.fields["proactive.regulations.issued"] == 2
    assert report.fields["proactive.normative_documents.in_force"] == 86


def stacked(*lines: str) -> list[str]:
    """The page's lines with 本年制发件数's two values in one box of ``lines``."""
    table = TABLE.replace(box(150, 460.5, "2"), box(150, 460.5, *lines, height=26))
    doc = read_html(
        (HEAD + PROSE + table.replace(box(150, 480.5, "14"), "") + "</body></html>").encode()
    )
    return [b.text for b in doc.blocks()]


def test_a_box_of_several_values_takes_the_rows_beside_it() -> None:
    # pdfminer gives a box's place, not its lines': values close together in one box stand
    # beside rows of any heights. Spaced evenly, hzq 2023's lines had each gone one row up
    # (8 wrong); they are the rows whose labels stand beside the box, one per line.
    texts = stacked("2", "14")
    start = texts.index("规章")
    assert texts[start : start + 8] == ["规章", "2", "0", "7", "行政规范性文件", "14", "3", "86"]


def test_a_box_of_values_that_the_rows_beside_it_do_not_match_keeps_the_page_as_written() -> None:
    # Three values beside two labels: which is whose is not known.
    texts = stacked("2", "14", "5")
    assert texts.index("行政规范性文件") < texts.index("本年制发件数") < texts.index("0")


def test_a_column_a_row_of_values_skips_holds_a_blank_cell() -> None:
    # pdfminer drops a blank cell's space glyph (dongshan 2024: only the columns that printed a
    # count); the values' places under the header's columns show which cells are empty.
    table = (
        box(150, 440, "本年制发件数")
        + box(250, 440, "本年废止件数")
        + box(350, 440, "现行有效件数")
        + box(40, 460, "规章")
        + box(377, 460, "7", width=6)
        + box(40, 480, "行政规范性文件")
        + box(174, 480, "14", width=12)
        + box(374, 480, "86", width=12)
    )
    doc = read_html((HEAD + PROSE + table + "</body></html>").encode())
    texts = [b.text for b in doc.blocks()]
    start = texts.index("规章")
    assert texts[start:] == ["规章", " ", " ", "7", "行政规范性文件", "14", " ", "86"]


def table_three(text: str) -> dict[str, int | float | None]:
    from extractor.document import Line, Provenance
    from extractor.tables.mapping import map_tokens
    from extractor.tables.templates import template_by_id
    from extractor.tables.tokens import tokenize_lines

    lines = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(text.strip("\n").splitlines())]
    mapping = map_tokens(tokenize_lines(lines), template_by_id("requests_2021"))
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


def by_column(*rows: list[int]) -> str:
    return "\n".join(str(row[j]) for j in range(7) for row in rows)


def test_labels_then_numbers_in_a_block_whose_other_rows_are_printed_elsewhere() -> None:
    # pdfminer on a Word page: the first rows' labels, the header's last words, then their
    # values column by column; 总计 and 结转 are printed in a later block, so the rule between
    # them and 一、二 is open. The rows' own sums hold on one order only (mingyue 2022), but not
    # on one order of the columns: pdfminer prints them in any order (hzq 2023: 总计 before
    # 其他), and a 1 in any column of parts keeps every rule. The totals and the cells equal
    # in every column are the printed ones.
    zero = [0] * 7
    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        "商业企业\n其他\n" + by_column([1, 0, 0, 0, 0, 0, 1], zero, [2, 0, 0, 0, 0, 0, 2])
    )
    assert got["requests.new.natural_person"] is None
    assert got["requests.new.commercial"] is None
    assert got["requests.new.total"] == 1
    assert got["requests.carried_over.natural_person"] == 0
    assert got["requests.carried_over.total"] == 0
    assert got["requests.granted.total"] == 2
    assert got["requests.results_total.total"] is None


def test_labels_then_numbers_keep_the_column_the_sums_pin() -> None:
    # Exchanged with a column of parts, the total column breaks every row's sum: it is the
    # one the rules leave; the parts 3 | 1 and 1 | 3 exchanged keep every rule.
    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n"
        + by_column([3, 1, 0, 0, 0, 0, 4], [1, 3, 0, 0, 0, 0, 4])
    )
    assert got["requests.new.total"] == 4
    assert got["requests.carried_over.total"] == 4
    assert got["requests.new.natural_person"] is None
    assert got["requests.new.commercial"] is None


HEADER_IN_ORDER = "自然人\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n总计\n"


def test_labels_then_numbers_header_words_in_order_are_no_evidence_of_the_columns_order() -> None:
    # pdfminer prints the header's words in one order and the value columns in another: hzq
    # 2023 lists 自然人 … 其他 · 总计 and then the columns 总计 · 其他; its box-flow-less text
    # lists 自然人 · 总计 · 其他 · 商业… over rows printed in the page's order. So the header
    # printed in order before the block places no column of parts: dealt in the header's
    # order, the 1 below would be 自然人's in one report and 其他's in the other, every rule
    # holding. The total column, which the sums pin, and the zeros equal in every column stay.
    zero = [0] * 7
    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        + HEADER_IN_ORDER
        + by_column([1, 0, 0, 0, 0, 0, 1], zero, [2, 0, 0, 0, 0, 0, 2])
    )
    assert got["requests.new.natural_person"] is None
    assert got["requests.new.other_org"] is None
    assert got["requests.granted.natural_person"] is None
    assert got["requests.new.total"] == 1
    assert got["requests.granted.total"] == 2
    assert got["requests.carried_over.natural_person"] == 0


def test_labels_then_numbers_find_the_total_column_wherever_it_is_printed() -> None:
    # pdfminer on hzq 2023: the columns 自然人 … 法律服务机构, 总计, 其他. As printed, 其他
    # would hold the totals and every row with a count would break its sum; with the sixth
    # printed column as the total every row's sum holds, and every other column as the total
    # breaks two rows' sums at least (one broken sum may be the report's slip, C6). The parts
    # are placed by no rule: only a row whose parts are all 0 keeps them.
    def hzq_order(row: list[int]) -> list[int]:
        return [*row[:5], row[6], row[5]]

    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
        + by_column(
            hzq_order([21, 0, 0, 0, 0, 0, 21]),
            [0] * 7,
            hzq_order([3, 0, 1, 0, 0, 0, 4]),
            hzq_order([2, 1, 0, 0, 0, 0, 3]),
        )
    )
    assert got["requests.new.total"] == 21
    assert got["requests.granted.total"] == 4
    assert got["requests.partially_granted.total"] == 3
    assert got["requests.carried_over.total"] == 0
    assert got["requests.carried_over.natural_person"] == 0
    assert got["requests.new.natural_person"] is None
    assert got["requests.new.other_org"] is None
    assert got["requests.granted.research"] is None


def test_labels_then_numbers_total_column_one_broken_sum_apart_stays_null() -> None:
    # Two rows with counts: the sixth printed column as the total keeps both sums, the first
    # breaks only the second row's. One broken sum may be the report's own slip (C6), so
    # both orders are left and the second row's total (4 or 3) is null; the first row's
    # total is 21 in both.
    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        + by_column([21, 0, 0, 0, 0, 21, 0], [0] * 7, [3, 0, 1, 0, 0, 4, 0])
    )
    assert got["requests.new.total"] == 21
    assert got["requests.granted.total"] is None


def test_labels_then_numbers_with_two_columns_that_could_be_the_total_keep_it_only_where_equal() -> (
    None
):
    # Every row has one count: its column and the total print the same number, so either may
    # be the total (as printed, the 其他 column of the last place holds zeros and breaks the
    # sums). Both give each row the same total; the parts stay open.
    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n"
        + by_column([2, 0, 0, 0, 0, 2, 0], [5, 0, 0, 0, 0, 5, 0])
    )
    assert got["requests.new.total"] == 2
    assert got["requests.carried_over.total"] == 5
    assert got["requests.new.natural_person"] is None
    assert got["requests.carried_over.commercial"] is None


def test_labels_then_numbers_read_alike_in_both_orders_are_kept() -> None:
    # pdfminer on a Word page (shiqiao 2020): nine rows listed, then 63 zeros. Row by row and
    # column by column give every cell the same 0, each from another line: the same values
    # (compared as cells, with their tokens, the two orders had seemed to disagree and all 63
    # cells were null).
    got = table_three(
        "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        + "\n".join(["0"] * 21)
    )
    assert got["requests.new.natural_person"] == 0
    assert got["requests.carried_over.total"] == 0
    assert all(got[f] == 0 for f in got if f.startswith(("requests.new.", "requests.granted.")))


def test_labels_then_numbers_after_a_group_no_label_took_stay_null() -> None:
    # pdfminer without box flow: 部分公开's values printed above its label, then the labels,
    # then the block, whose last row's label comes after it. Dealt to the labels listed before
    # it, every row took the next row's values, and each row's sum still held (hzq 2023).
    got = table_three(
        "（一）予以公开\n" + "\n".join(["0"] * 7) + "\n" + "\n".join("4000004") + "\n"
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n1.属于国家秘密\n"
        + by_column([1, 0, 0, 0, 0, 0, 1], [0] * 7)
        + "\n2.其他法律行政法规禁止公开\n"
    )
    assert got["requests.partially_granted.natural_person"] is None
    assert got["requests.denied.state_secret.total"] is None


def test_boxes_placed_over_one_another_keep_the_page_as_written() -> None:
    # Two pages each placed from its own top: their lines would interleave by position.
    other = TABLE.replace("规章", "第二页").replace("行政规范性文件", "第二页文字")
    doc = read_html((HEAD + PROSE + TABLE + other + "</body></html>").encode())
    texts = [b.text for b in doc.blocks()]
    assert texts.index("行政规范性文件") < texts.index("本年制发件数")


# Column orders a converter may print a table 三's columns in (indices into the template's
# columns): the template's, hzq 2023's under pdfminer (总计 before 其他), and the parts reversed.
COLUMN_ORDERS = ((0, 1, 2, 3, 4, 5, 6), (0, 1, 2, 3, 4, 6, 5), (5, 4, 3, 2, 1, 0, 6))


def _truths_of_table_three() -> list[dict[str, int]]:
    import json
    from pathlib import Path

    out = []
    for path in sorted(
        (Path(__file__).parent.parent / "corpus" / "tables" / "truth").glob("*.json")
    ):
        fields = json.loads(path.read_text(encoding="utf-8")).get("fields", {})
        wanted = {f: v for f, v in fields.items() if f.startswith("requests.")}
        if len(wanted) == 175 and all(isinstance(v, int) for v in wanted.values()):
            out.append(wanted)
    return out[::6]  # a spread of the corpus's reports, enough to hold the family


def test_labels_then_numbers_in_any_column_order_give_the_printed_value_or_null() -> None:
    # The family behind "the columns' order is no evidence": the corpus's tables 三 printed as
    # pdfminer does, labels and header words first and then the values column by column, in
    # one block or a block of rows per page, with the columns in any order (the total among
    # them: hzq 2023). Whatever the order, every
    # field is the truth or null: no order of the columns makes a value.
    from extractor.tables.templates import template_by_id

    rows = template_by_id("requests_2021").rows
    truths = _truths_of_table_three()
    assert len(truths) >= 5
    read = 0
    for truth in truths:
        for order in COLUMN_ORDERS:
            for blocks in ((rows,), (rows[:12], rows[12:])):
                text = []
                for k, block in enumerate(blocks):
                    text += [r.label for r in block] + (HEADER_IN_ORDER.split() if k == 0 else [])
                    text += [str(truth[r.fields[j]]) for j in order for r in block]
                got = table_three("\n".join(text))
                wrong = {f: (v, truth[f]) for f, v in got.items() if v not in (None, truth[f])}
                assert not wrong, (order, len(blocks), wrong)
                read += sum(v is not None for v in got.values())
    assert read > 0  # the totals and the rows of zeros are read
