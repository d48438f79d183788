"""Compositions of corruption transforms that gave wrong numbers at ``scripts/corruption_eval.py
--compositions 600 --seed 20`` (issue 14), each cut down to a few lines. The contract is the one
of docs/tables.md: the printed number or null."""

from __future__ import annotations

import extractor
from extractor.tables.templates import template_by_id
from tests.test_compositions import REQUESTS, SINGLE, values


def test_a_group_after_text_no_label_took_does_not_complete_the_row_before() -> None:
    # beihu2022_a1, pdf_values_first + blank_zero + traditional (seed 20085): row 8 printed
    # "1 1" (its blanks vanished); "42 5 3 1 51" is the values of 1.本机关不掌握…, printed
    # above the rest of its label, which a cut left too short to be found. Taken for row 8's
    # wrapped end, it had given row 8 seven cells: 1 1 42 5 3 1 51.
    got = values(
        "7.属于行政执法案卷 5 5\n8.属于行政查询事项 1 1\n（四）无法提供 1.本\n42 5 3 1 51\n"
        "机关不掌握相关政府信息\n2.没有现成信息需要另行制作 13 1 14\n",
        REQUESTS,
    )
    row = {f: v for f, v in got.items() if ".inquiry_matters." in f}
    assert row["requests.denied.inquiry_matters.total"] == 1
    assert all(v is None for f, v in row.items() if not f.endswith(".total"))


def test_a_row_wrapped_onto_the_next_line_still_takes_its_end() -> None:
    # B6: "…申请数量 251 64 5 5 37" / "18 380", nothing between the two lines.
    got = values(
        "一、本年新收政府信息公开申请数量 251 64 5 5 37\n18 380\n"
        "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n",
        REQUESTS,
    )
    assert got["requests.new.total"] == 380 and got["requests.new.other_org"] == 18


def test_values_after_a_label_nobody_found_are_not_the_found_labels_before_it() -> None:
    # qingshan2022_a1, nbsp_cells (seed 20): the zero cells vanished, row 5.要求…确认 with
    # them; read with the single-（六） template, the 2021 sub-labels 1.申请人… and 2.申请人…
    # are no labels, and 5.要求… and （六）其他处理, listed before two groups, had taken them:
    # 74 (row 六.1's total) as the confirmation total, 12 as （六）'s.
    got = values(
        "4.无正当理由大量反复申请\n12\n5\n1\n2\n20\n5.要求行政机关确认或重新出具已获取信息\n"
        "（六）其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        "51\n13\n2\n5\n3\n74\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息"
        "公开申请\n7\n1\n1\n3\n12\n",
        SINGLE,
    )
    assert got["requests.not_processed.confirmation.total"] is None
    assert got["requests.other.all.total"] is None


REVIEW = template_by_id("review_litigation")


def test_a_blank_total_a_report_printed_as_0_against_its_rule_is_null() -> None:
    # hzq2023 (real) and bailu2024_c6, nbsp_cells (seed 20): table 四 prints 0 as every 总计,
    # also where 10 + 1 cases were decided (C6). Its zeros became lines of U+00A0; R4 then
    # gave the blank totals 11 and 5, numbers the report never printed.
    nb = "\u00a0"
    cells = ["10", "1", nb, nb, nb, nb, nb, nb, nb, nb, "5", nb, nb, nb, nb]
    head = "行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n未经复议直接起诉\n复议后起诉\n"
    got = values(head + "\n".join(cells) + "\n", REVIEW)
    assert got["review.upheld"] == 10 and got["litigation_after_review.upheld"] == 5
    assert got["review.total"] is None and got["litigation_after_review.total"] is None
    assert got["litigation_direct.total"] == 0  # its rule holds with the blank as 0


def test_a_group_between_two_bare_labels_in_a_values_above_table_is_unsure() -> None:
    # beihu2022_a1, pdf_values_first + blank_zero + traditional (seed 20085): the table prints
    # values above their labels (its first row's above 一、) and its zero cells vanished, so
    # "6 1 1 1 9" between the bare 5.要求…确认 and 1.申请人… may be either's. It is 六.1's (row
    # 5 printed only blanks); given to 5, its total 9 had been settled by R3.
    got = values(
        "214 29 1 1 17 8 270\n一、本年新收政府信息公开申请数量\n4.无正当理由大量反复申请 1 1\n"
        "5.要求行政机关确认或重新出具已获取信息\n6 1 1 1 9\n"
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 1 1 1 3\n",
        REQUESTS,
    )
    assert got["requests.not_processed.confirmation.total"] is None
    assert got["requests.not_processed.excessive.total"] == 1


def test_a_plus_sign_between_a_rows_cells_parts_nothing() -> None:
    # split_labels (seed 20) on 2019 reports: "| 132 | +11 | 357 |" leaves a "+" between the
    # row's first cell and the rest; it is no label nobody found, and the row keeps its cells.
    got = values(
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 152 | -10 | 3041 |\n"
        "其他对外管理服务事项 | 132 | +11 | 357 |\n",
        template_by_id("proactive_2019"),
    )
    assert [got[f"proactive.other_services.{c}"] for c in ("prior_year_items", "change")] == [
        132,
        11,
    ]
    assert got["proactive.other_services.decisions"] == 357


def test_no_break_space_cells_after_a_numbered_label_stay_its_cells() -> None:
    # jiangkou2024_s_c1, pdf_values_first + nbsp_cells + prose_number_cut (seed 42584): the
    # text reader took 二、上年结转… for a heading and stripped its &nbsp; cells; the row then
    # printed nothing and took 5 2 7, the values of （一）予以公开 printed inside its parent's
    # cut heading.
    nb = " \u00a0" * 7
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 14 \u00a0 \u00a0 \u00a0 3 \u00a0 17\n"
        f"二、上年结转政府信息公开申请数量{nb}\n三、本年度办理结\n5 \u00a0 \u00a0 \u00a0 2 \u00a0 7\n"
        "果 （一）予以公开\n（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1"
        + " \u00a0" * 5
        + " 1\n"
    )
    fields = extractor.extract(text.encode("utf-8")).fields
    assert fields["requests.carried_over.total"] == 0
    assert fields.get("requests.granted.total") in (7, None)
