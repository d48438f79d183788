"""Reports printed to A5 pages (narrow: tables wrap, cells break over lines) and read by
PyMuPDF's blocks, pdftotext and pdfminer, each cut down to a few lines. Every one had given
wrong values; the contract of docs/tables.md is the printed number or null."""

from __future__ import annotations

from extractor.tables.templates import template_by_id
from tests.test_pairing import column, values

NBSP = "\xa0"


def nbsp(n: int) -> str:
    return "\n".join([NBSP] * n)


def test_a_group_no_label_took_holding_two_rows_after_a_shift() -> None:
    # PyMuPDF's blocks: the table prints its values above its tall labels (two full rows
    # between two labels), then "1.信访…" / "2.重复申请" / 重复's row and 3.'s row / "3.要求…".
    # 3. and 4. had taken the rows after them (4.'s and 5.'s: 13 wrong).
    got = values(
        "1.本机关不掌握相关政府信息\n"
        + column(109, 31, 3, 2, 27, 8, 180)
        + "\n"
        + column(101, 30, 4, 2, 11, 7, 155)
        + "\n2.没有现成信息需要另行制作\n"
        + column(79, 24, 4, 4, 13, 8, 132)
        + "\n3.补正后申请内容仍不明确\n1.信访举报投诉类申请\n2.重复申请\n"
        + column(115, 29, 2, 4, 18, 6, 174, 21, 8, 1, 2, 3, 1, 36)
        + "\n3.要求提供公开出版物\n"
        + column(11, 1, 0, 0, 2, 2, 16)
        + "\n4.无正当理由大量反复申请\n"
        + column(36, 14, 2, 0, 6, 3, 61)
        + "\n5.要求行政机关确认或重新出具已获取信息\n（六）其他处理\n"
    )
    assert got["requests.not_processed.publication.natural_person"] is None
    assert got["requests.not_processed.excessive.total"] is None


def test_two_listed_labels_then_their_two_rows_still_pair() -> None:
    # pdfminer: "1.申请人…" / "2.申请人…" / both rows in one group / "3.其他" / its row. No row
    # of the table printed above its label: the group is the two labels' (B7), and 3.其他
    # keeps the row after it.
    got = values(
        "（一）予以公开\n"
        + column(5, 0, 0, 0, 0, 0, 5)
        + "\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n"
        + column(8, 2, 0, 0, 0, 1, 11, 0, 0, 0, 0, 0, 0, 0)
        + "\n3.其他\n"
        + column(1, 0, 0, 0, 0, 0, 1)
        + "\n（七）总计\n"
    )
    assert got["requests.other.misc.total"] == 1


def test_a_row_and_the_next_rows_blank_cells_in_one_group() -> None:
    # PyMuPDF's blocks on a page printed from HTML: each &nbsp; cell a line of U+00A0. Row 4's
    # seven blanks and row 5's values, then row 5's label: row 4, read alone, had dropped its
    # blanks as merged-cell fillers and taken 2 … 2; row 5 had taken the blanks after it.
    got = values(
        "3.要求提供公开出版物\n"
        + nbsp(7)
        + "\n4.无正当理由大量反复申请\n"
        + nbsp(7)
        + "\n2\n"
        + nbsp(5)
        + "\n2\n5.要求行政机关确认或重新出具已获取信息\n"
        + nbsp(7)
        + "\n（六）其他处理\n"
    )
    assert got["requests.not_processed.excessive.natural_person"] is None
    assert got["requests.not_processed.confirmation.natural_person"] is None
    assert got["requests.not_processed.confirmation.total"] is None


def test_a_wrapped_row_nobody_took_between_two_labels_starts_a_shift() -> None:
    # pdfminer without its box flow: row 8 between the pieces of its cut label, then row 1's
    # values wrapped over lines ("37 0" … "0 37"), above "1.本机关不掌握…", which had taken
    # row 2's zeros after it (37 read as 0).
    got = values(
        "8.属于行政查询事\n" + column(0, 0, 0, 0, 0) + "\n0 0\n项\n37 0\n0\n0\n0\n0 37\n"
        "（四）无法提供\n1.本机关不掌握相关政府信息\n"
        + column(0, 0, 0, 0, 0)
        + "\n0 0\n2.没有现成信息需要另行制作\n"
        + column(1, 0, 0, 0, 0)
        + "\n0 1\n3.补正后申请内容仍不明确\n1.信访举报投诉类申请\n"
    )
    assert got["requests.unavailable.not_held.natural_person"] is None
    assert got["requests.unavailable.not_held.total"] is None


def test_a_column_printed_apart_is_no_row_of_the_label_after_it() -> None:
    # pdftotext on an A5 page: rows print some values on their label's line, the 总计 cells of
    # the page's rows go one per line after them, and the next page's first label, printed
    # after that column, had taken it as its row (141 6 81 1 1 1 4 for seven blank cells).
    got = values(
        "一、本年新收政府信息公开申请 138\n3\n数量\n二、上年结转政府信息公开申请 6\n数量\n"
        "（一）予以公开 80\n1\n3.危及“三安全一稳定” 1\n6.属于四类过程性信息 1\n"
        "7.属于行政执 4\n法案卷\n\n" + column(141, 6, 81, 1, 1, 1, 4) + "\n\n"
        "8.属于行政查询事项\n1.本机关不掌握相关政府信息 26\n2.没有现成信息需要另行制作 3\n"
    )
    assert got["requests.denied.inquiry_matters.natural_person"] is None
    assert got["requests.denied.inquiry_matters.total"] is None


def test_a_count_in_a_sentence_is_no_cell() -> None:
    # pdfminer on an A5 page: the report's prose names 行政许可 and a count with its unit, then
    # more text. The table's own 行政许可 printed its number apart (A15); the sentence's 69
    # had been taken for the table's 181.
    got = values(
        "规划计划类信息28条，行政许可类信息69条，重大建设项目信息\n"
        "第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n",
        template_by_id("proactive_2021"),
    )
    assert got["proactive.licensing.decisions"] is None
    # In a cell, the unit ends the cell: "行政许可 5件" is still 5.
    assert (
        values("行政许可 5件\n", template_by_id("proactive_2021"))["proactive.licensing.decisions"]
        == 5
    )


def test_the_prose_places_a_short_rows_values_but_fills_no_blank() -> None:
    # pdfminer on an A5 page: 行政规范性文件 prints 88 on its line and its other cells apart
    # (55, 698 after the next header). The prose states 制发 88: of the row's readings with
    # collapsed blanks (table 二 has no rule) one keeps it, 88 | 0 | 0, and its two zeros,
    # printed nowhere, had been kept for a printed 55 and 698.
    from extractor import extract

    report = extract(
        "一、总体情况\n动态更新本年度制发的规范性文件88件。\n二、主动公开政府信息情况\n"
        "第二十条第（一）项\n信息内容\n本年制发件数 本年废止件数 现行有效件数\n规章\n0\n"
        "行政规范性文件 88\n第二十条第（五）项\n0\n55\n0\n698\n信息内容\n行政许可\n"
        "本年处理决定数量\n10690\n三、收到和处理政府信息公开申请情况\n".encode()
    )
    assert report.fields["proactive.normative_documents.issued"] == 88
    assert report.fields["proactive.normative_documents.repealed"] is None
    assert report.fields["proactive.normative_documents.in_force"] is None


def test_two_rows_of_blank_cells_shown_one_per_line_start_a_shift() -> None:
    # PyMuPDF's blocks on a zoomed page: 5.'s row, then a row of &nbsp; cells nobody took, then
    # the tall （六） sub-labels, each printed below its row. 1.申请人… had taken 2.'s 1 … 1.
    got = values(
        "5.要求行政机关确认或重新出具已获取信息\n2\n"
        + nbsp(5)
        + "\n2\n\n"
        + nbsp(7)
        + "\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n（六）其他处理\n1\n"
        + nbsp(5)
        + "\n1\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n"
        "3.其他\n" + nbsp(7) + "\n（七）总计\n"
    )
    assert got["requests.other.no_correction.natural_person"] is None
    assert got["requests.other.no_correction.total"] is None
