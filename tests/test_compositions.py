"""Compositions of corruption transforms that had given wrong numbers (issue 14, the lead's
larger runs), each cut down to a few lines. The contract is the one of docs/tables.md: the
printed number or null."""

from __future__ import annotations

import extractor
from extractor.document import Line, Provenance
from extractor.tables.mapping import map_tokens
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import Token, join_numbering, tokenize_lines

SINGLE = template_by_id("requests_single_other")
REQUESTS = template_by_id("requests_2021")
T2 = (
    "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n"
    "现行有效件数\n规章\n0\n0\n102\n行政规范性文件\n88\n47\n449\n第二十条第（五）项\n"
    "信息内容\n本年处理决定数量\n行政许可\n55637\n第二十条第（六）项\n信息内容\n"
    "本年处理决定数量\n行政处罚\n126755\n行政强制\n20419\n"
)


def toks(text: str) -> list[Token]:
    lines = text.strip("\n").splitlines()
    return tokenize_lines(Line(t, Provenance(line=i + 1)) for i, t in enumerate(lines))


def values(text: str, template=SINGLE) -> dict[str, int | float | None]:  # type: ignore[no-untyped-def]
    mapping = map_tokens(toks(text), template)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


def test_a_sentence_a_crawler_cut_at_its_inline_elements_is_prose() -> None:
    # One line per inline element: "专项检查 / 5 / 次，…。" and "清理“ / 行政许可 / ”事项…。"
    # had made a row 行政许可 | 5 that overrode the table's 55637.
    prose = (
        "收集意见建议\n46\n条，均已逐条研究并答复。全年开展政务公开专项检查\n5\n"
        "次，对发现的问题建立整改清单。\n"
        "本年度集中清理“\n行政规范性文件\n”和“\n行政许可\n”事项，结果已向社会公布。\n"
    )
    report = extractor.extract((prose + T2).encode("utf-8"))
    assert report.fields["proactive.licensing.decisions"] == 55637


def test_a_page_footer_between_a_numbering_and_its_label_is_dropped() -> None:
    # "一、" / "- 6 -" / "本年新收…": the numbering had taken the footer, the label was lost and
    # every row took the values of the row above it.
    lines = ["一、", "- 6 -", "本年新收政府信息公开申请数量 |", "28 |", "二、", "— 7 —", "上年结转"]
    out = [line.text for line in join_numbering(Line(t) for t in lines)]
    assert out == ["一、本年新收政府信息公开申请数量 |", "28 |", "二、上年结转"]


def test_a_label_a_hard_wrap_cut_near_its_start_is_found_across_the_cut() -> None:
    # `…其他一、本` / `年新收…数量14 00 03017`: the piece before the cut is too short to be a
    # wrapped label's start; the row's values had gone to the next label, 二、上年结转.
    got = values(
        "法律服务机构其他一、本\n年新收政府信息公开申请数量14 00 03017二、上年结转政府信息公开申请\n"
        "数量000 0 0 00三、本年度办理结果（一）予以公开50 0 020 7\n",
        REQUESTS,
    )
    assert got["requests.carried_over.total"] in (0, None)
    assert got["requests.carried_over.legal_services"] in (0, None)
    assert got["requests.new.natural_person"] == 14 and got["requests.new.total"] == 17


def test_nbsp_cells_of_a_flattened_row_are_its_blanks() -> None:
    # `7.属于行政执法案卷 \xa0 … \xa0` printed its seven cells as &nbsp;: they had been stripped,
    # and the row took the next line's values, printed above the row 8 they belong to.
    nb = " \xa0" * 5  # five blank cells between a row's first and last
    text = (
        f"（三）不予公开 1.属于国家秘密 1{nb} 1\n6.属于四类过程性信息 10{nb} 10\n"
        f"7.属于行政执法案卷 \xa0{nb} \xa0\n1{nb} 1\n8.属于行政查询事项\n"
    )
    report = extractor.extract(text.encode("utf-8"))
    assert report.fields.get("requests.denied.enforcement_files.total") in (0, None)
    assert report.fields.get("requests.denied.inquiry_matters.total") in (1, None)


def test_a_numbering_at_a_line_end_is_no_count() -> None:
    # "（四）无法提供 1." / values / "本机关不掌握…": the 1 had completed the row above it.
    assert [t.kind for t in toks("（四）无法提供 1.")] == ["text", "eol"]
    assert [t.text for t in toks("8.属于行政查询事项 35 3 3 2 2 45") if t.kind == "num"][-1] == "45"


def test_a_group_between_two_bare_labels_of_a_values_above_table_is_nobodys() -> None:
    # Row 3 printed nothing (its zeros were blanks that vanished), row 4 its values above its
    # label, as row 二 does: "12 1 13" may be either's. Row 3 had taken it.
    got = values(
        "一、本年新收政府信息公开申请数量 7 0 0 0 0 0 7\n3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量\n"
        "2.重复申请 4 1 0 0 0 0 5\n3.要求提供公开出版物\n12 1 13\n4.无正当理由大量反复申请\n",
        REQUESTS,
    )
    assert got["requests.carried_over.total"] == 3
    assert got["requests.not_processed.publication.total"] is None
    assert got["requests.not_processed.excessive.total"] in (13, None)


def test_a_lone_number_after_a_short_row_line_is_its_wrapped_end() -> None:
    # "（七）总计 … 77" / "2107" / "46 6 1 1 2 2 58" (the next row's, printed above its label):
    # 2107 had joined the next row's line, and 总计 was read with its spaces taken out.
    got = values(
        "3.其他 40 13 2 1 4 1 61\n（七）总计 1568 278 28 27 129 77\n2107\n46 6 1 1 2 2 58\n"
        "四、结转下年度继续办理\n",
        REQUESTS,
    )
    assert got["requests.results_total.natural_person"] in (1568, None)
    assert got["requests.results_total.total"] in (2107, None)
    assert got["requests.carried_forward.total"] in (58, None)
    # A shorter line after the lone number goes on the row (pdftotext wraps a tall row).
    tall = values("（一）予以公开 7 0 0 0\n0\n0 7\n（二）部分公开 1 0 0 0\n0\n0 1\n", REQUESTS)
    assert tall["requests.granted.total"] == 7 and tall["requests.partially_granted.total"] == 1


def test_header_words_a_converter_cut_into_cells_part_the_table_from_the_one_before() -> None:
    # "| 自 | 然人 | 法人 | 或其他组织 |" (B7): no cell held a header word, so table 二's last
    # values stood "above" the first label and every row took the group of the row before it.
    got = values(
        "| 23701 |\n| 117196.43 |\n| 自 | 然人 | 法人 | 或其他组织 | 总计 |\n"
        "一、本年新收政府信息公开申请数量\n| 1224 | 240 | 23 | 31 | 113 | 85 | 1716 |\n"
        "二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        "| 82 | 17 | 3 | 1 | 6 | 2 | 111 |\n| 244 | 39 | 3 | 6 | 21 | 11 | 324 |\n",
        REQUESTS,
    )
    assert got["requests.new.total"] in (1716, None)
    assert got["requests.carried_over.total"] in (111, None)
    assert got["requests.granted.total"] == 324
    # With no header between, the values before the first label may be its own, printed above
    # it (B3), or the table before's; where the two layouts pair a label differently, null.
    got = values(
        "| 23701 |\n| 117196.43 |\n一、本年新收政府信息公开申请数量\n| 1224 | 240 | 23 | 31 | 113 | 85 | 1716 |\n"
        "二、上年结转政府信息公开申请数量\n（一）予以公开\n"
        "| 82 | 17 | 3 | 1 | 6 | 2 | 111 |\n| 244 | 39 | 3 | 6 | 21 | 11 | 324 |\n",
        REQUESTS,
    )
    assert got["requests.carried_over.total"] in (111, None)
    assert got["requests.granted.total"] in (324, None)


def test_two_rows_labels_in_a_cell_a_hard_wrap_cut_leave_both_null() -> None:
    # "| 一、…数量<br>二、上年结" / "转…数量 | 5231<br>308 |" (B7 cut by B6; <br> read as a space):
    # the cell's two pieces had read as row 一's label and row 二's with its values on the next
    # line, and 二 took 5231 308 322 12 30 0 26.
    got = values(
        "| 一、本年新收政府信息公开申请数量 二、上年结\n转政府信息公开申请数量 | 5231 308 |\n"
        " 322 12 | 30 0 | 26\n1 | 148 10 | 92 2 |\n 5849 333 |\n"
        "| （一）予以公开 | 2023 | 130 | 15 | 8 | 57 | 34 | 2267 |\n",
        REQUESTS,
    )
    assert got["requests.new.natural_person"] in (5231, None)
    assert got["requests.carried_over.natural_person"] in (308, None)
    assert got["requests.carried_over.total"] in (333, None)
    assert got["requests.granted.total"] == 2267
    # A label cut in its cell and nothing else in the cell reads as before.
    one = values(
        "| （二）部分公开（区分处理的，只计这一\n情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
        REQUESTS,
    )
    assert one["requests.partially_granted.total"] == 1


def test_a_short_row_before_values_nobody_took_on_the_next_line_is_unknown() -> None:
    # Glued runs cut by a hard wrap: "…（一）予以公开22 " / "8 1 01 234（二）…". The row goes on
    # in "8 1 01 234"; read alone, "22" had been cut and padded with blanks to a total of 2.
    got = values(
        "二、上年结转政府信息公开申请数量6 1100 19三、本年度办理结果（一）予以公开22 \n"
        "8 1 01 234（二）部分公开（区分处理的，只计这一情形，不计其他情形\n"
        "）00 0 000 0（三）不予公开1.属于国家秘密2001003\n",
        REQUESTS,
    )
    assert got["requests.granted.total"] in (34, None)
    assert got["requests.granted.natural_person"] in (22, None)


def test_a_label_found_across_a_cut_comes_before_the_labels_after_it() -> None:
    # "…公开 0 … 0 3." / "危及“三安全一稳定” 4.保护第三方合法权益 5 2 0 0 0 1 8": 3., found across
    # the cut, had been put after 4. and taken its values.
    got = values(
        "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0 3.\n"
        "危及“三安全一稳定” 4.保护第三方合法权益 5 2 0 0 0 1 8\n"
        "5.属于三类内部事务信息 0 0 0 0 0 0 0\n",
        REQUESTS,
    )
    assert got["requests.denied.three_safeties.total"] in (0, None)
    assert got["requests.denied.third_party_rights.total"] == 8
