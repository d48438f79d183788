"""The table chain, link by link, on five-line inputs."""

from pathlib import Path

from extractor.document import Line
from extractor.tables.assemble import assemble
from extractor.tables.cells import parse_cell
from extractor.tables.labels import normalize, numbering
from extractor.tables.mapping import best_mapping, map_tokens
from extractor.tables.narrative import settle_with_facts
from extractor.tables.pipe import split_pipe_row
from extractor.tables.repair import run_cuts, short_readings
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import Token, line_tokens, tokenize_lines

REQUESTS = template_by_id("requests_2021")
SINGLE = template_by_id("requests_single_other")
PROACTIVE = template_by_id("proactive_2021")
PROACTIVE_2019 = template_by_id("proactive_2019")
REVIEW = template_by_id("review_litigation")


def toks(text: str) -> list[Token]:
    return tokenize_lines(Line(t) for t in text.strip("\n").splitlines())


def values(text: str, template=REQUESTS) -> dict[str, int | float | None]:  # type: ignore[no-untyped-def]
    mapping = map_tokens(toks(text), template)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


# --- lines → cells ---------------------------------------------------------------------------


def test_split_pipe_row_drops_the_closing_pipe() -> None:
    assert split_pipe_row("规章 | 0 | 0 | 0 |") == ["规章", "0", "0", "0"]
    assert split_pipe_row("第二十条第(一)项 | |||") == ["第二十条第(一)项", "", "", ""]
    assert split_pipe_row("| 信息内容") == ["信息内容"]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in line_tokens(text) if t.kind != "eol"]


def test_glued_cells_and_numbering_are_told_apart() -> None:
    assert kinds("规章000行政规范性文件6233440") == [
        ("text", "规章"),
        ("num", "000"),
        ("text", "行政规范性文件"),
        ("num", "6233440"),
    ]
    # the 2. after the values numbers the next label (A10)
    assert kinds("00000002.其他法律行政法规禁止公开")[:2] == [
        ("num", "0000000"),
        ("text", "2.其他法律行政法规禁止公开"),
    ]
    assert kinds("行政事业性收费24252.31")[1] == ("num", "24252.31")


def test_pipes_blanks_gaps_and_footers() -> None:
    assert kinds("规章 | 0 | | 3 |") == [
        ("text", "规章"),
        ("num", "0"),
        ("blank", ""),
        ("num", "3"),
    ]
    assert kinds("|") == [("blank", "|")]
    assert kinds("|||||||") == [("gap", "|||||||")]
    assert kinds("- 2 -") == [] and kinds("第 3 页") == []
    assert kinds("（七）总计23 0 00 0 023")[1:3] == [("num", "23"), ("num", "0")]


def test_parse_cell() -> None:
    assert parse_cell("1,234").value == 1234
    assert parse_cell("312.45").value == 312.45
    assert parse_cell("251000元").unit == "元"
    assert parse_cell("").kind == "blank" and parse_cell("—").kind == "blank"
    assert parse_cell("自然人").kind == "text"


def test_labels_normalise_width_spacing_numbering_and_script() -> None:
    assert normalize("（一）予以公开") == normalize("(一) 予以公开")
    assert normalize("3、危及“三安全一稳定”") == normalize("3.危及三安全一稳定")
    assert normalize("（三）不予公開") == normalize("(三)不予公开")
    assert numbering(normalize("（三）不予公开")) == "(三)"
    assert numbering(normalize("3、危及")) == "3."


# --- cells → logical rows ------------------------------------------------------------------


def test_values_after_their_label_one_cell_per_line() -> None:
    rows = assemble(
        toks("一、本年新收政府信息公开申请数量 |\n49 |\n0 |\n0 |\n0 |\n0 |\n0 |\n49 |\n||"),
        REQUESTS,
    )
    assert [t.text for t in rows.readings[0].items if t.kind == "num"] == [
        "49",
        "0",
        "0",
        "0",
        "0",
        "0",
        "49",
    ]


def test_values_printed_before_their_label() -> None:
    text = """（二）部分公开（区分处理的，只计这一情 形，不
4 0 0 0 0 0 4
计其他情形）
1 0 0 0 0 0 1
1.属于国家秘密"""
    rows = {
        r.spec.fields[0]: [t.text for t in r.items] for r in assemble(toks(text), REQUESTS).readings
    }
    assert rows["requests.partially_granted.natural_person"][0] == "4"
    assert rows["requests.denied.state_secret.natural_person"][0] == "1"


def test_a_lost_label_costs_only_its_own_values() -> None:
    text = """1.属于国家秘密 1 0 0 0 0 0 1
2.完全看不出是哪一行 5 0 0 0 0 0 5
、
2 0 0 0 0 0 2
3.危及“三安全一稳定”"""
    rows = {
        r.spec.label[:4]: [t.text for t in r.items] for r in assemble(toks(text), REQUESTS).readings
    }
    assert rows["3.危及"][0] == "2"


def test_characters_lost_in_a_label_still_find_the_row() -> None:
    text = "（一）予以公开 0 0 0 0 0 0 0\n1.属于国家秘密 0 0 0 0 0 0 0\n三 2.其他法律行政止公开 3 0 0 0 0 0 3"
    got = values(text)
    assert got["requests.denied.prohibited_by_law.total"] == 3


# --- repair ----------------------------------------------------------------------------------


def test_glued_digits_split_only_one_way_under_r2() -> None:
    got = values("一、本年新收政府信息公开申请数量21710000218")
    assert [got[f"requests.new.{c}"] for c in ("natural_person", "commercial", "total")] == [
        217,
        1,
        218,
    ]


def test_review_row_split_by_r4() -> None:
    text = "行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计\n21317000001324019"
    got = values(text, REVIEW)
    assert [
        got["review.total"],
        got["litigation_direct.total"],
        got["litigation_after_review.total"],
    ] == [7, 0, 19]
    assert got["litigation_after_review.upheld"] == 13


def test_ambiguous_split_is_left_null() -> None:
    text = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数\n规章000行政规范性文件8855698"
    got = values(text, PROACTIVE)
    assert got["proactive.regulations.in_force"] == 0
    assert got["proactive.normative_documents.issued"] is None


def test_split_and_placement_candidates() -> None:
    assert set(run_cuts(Token("num", "2310"), 3)) == {(2, 3, 10), (23, 1, 0), (2, 31, 0)}
    placed = short_readings([Token("num", "3"), Token("num", "3")], 3, [])
    assert placed is not None
    assert {tuple(c.value for c in v) for v in placed} == {(3, 3, 0), (3, 0, 3), (0, 3, 3)}
    assert all(c.how == "repaired" for v in placed for c in v)  # placed by rules, not printed


def test_collapsed_blanks_settled_by_the_columns() -> None:
    text = """一、本年新收政府信息公开申请数量 |
3 |
3 |
|||||||
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
（七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"""
    mapping = map_tokens(toks(text), SINGLE)
    cell = mapping.values["requests.new.natural_person"]
    assert cell is not None and cell.value == 3 and cell.how == "repaired"
    assert mapping.values["requests.new.commercial"].value == 0  # type: ignore[union-attr]


def test_a_complete_row_is_never_fixed() -> None:
    text = "行政复议 行政诉讼 结果维持 尚未审结 复议后起诉 总计\n10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"
    got = values(text, REVIEW)
    assert got["review.total"] == 0 and got["review.upheld"] == 10


# --- grid → template ---------------------------------------------------------------------------

TABLE2 = """
第二十条第(一)项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 1 | 0 | 5 |
规范性文件 | 2 | 1 | 30 |
行政强制 | |||
"""


def test_table_two_maps_onto_2021_fields_with_blank_as_zero() -> None:
    [mapping] = best_mapping(toks(TABLE2))
    assert mapping.template.id == "proactive_2021"
    got = {f: (c.value if c else None) for f, c in mapping.values.items()}
    assert got["proactive.regulations.in_force"] == 5
    assert got["proactive.normative_documents.repealed"] == 1
    assert got["proactive.coercion.decisions"] == 0
    assert mapping.values["proactive.coercion.decisions"].how == "blank_as_zero"  # type: ignore[union-attr]
    assert got["proactive.licensing.decisions"] is None  # a row the table does not have


def test_labels_without_values_are_no_data_not_zero() -> None:
    text = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章\n行政许可\n行政处罚"
    [mapping] = best_mapping(toks(text))
    assert all(c is None for c in mapping.values.values())
    assert any(code == "no_values" for code, _ in mapping.warnings)


def test_an_unrelated_table_matches_no_template() -> None:
    assert best_mapping(toks("索引号 | 001 |\n发布机构 | 某局 |\n分类 | 年报 |")) == []


def test_collapsed_other_row_selects_the_single_row_template() -> None:
    text = """
一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
(一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
(六)其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
(七)总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""
    [mapping] = best_mapping(toks(text))
    assert mapping.template.id == "requests_single_other"
    assert mapping.values["requests.other.all.total"].value == 1  # type: ignore[union-attr]


def test_amount_in_wan_yuan_is_converted_for_a_yuan_field() -> None:
    text = "第二十条第（九）项 信息内容 采购项目数量 采购总金额\n规章 1 2 3\n政府集中采购 | 12 | 350.5万元 |"
    got = values(text, template_by_id("proactive_2019"))
    assert got["proactive.procurement.projects"] == 12
    assert got["proactive.procurement.amount_yuan"] == 3505000


def test_pre2019_statistics_table_becomes_a_clean_grid() -> None:
    from extractor.tables.other import is_statistics_table, statistics_grid

    tokens = toks(
        "指标名称 计量单位 本年度 历年累计 主动公开信息数 条 72804 76424 其中：1、网站公开 条 72804 76424"
        " 2、政府公报公开 条 0 受理依申请公开信息总数 条 0 0"
    )
    assert is_statistics_table(tokens)
    grid = statistics_grid(tokens)
    assert grid.header == [["指标名称", "计量单位", "本年度", "历年累计"]]
    assert grid.rows[0] == ["主动公开信息数", "条", "72804", "76424"]
    assert grid.rows[1] == ["其中：1、网站公开", "条", "72804", "76424"]
    assert grid.rows[2] == ["2、政府公报公开", "条", "0"]
    assert grid.glued == []


def test_a_glued_statistics_table_keeps_its_header_and_ambiguous_runs() -> None:
    """平潭 2016–2018: the 统计表 flattened with no space at all. The title goes, the header words
    (a year among them) are found glued, "00" is 0 and 0, and "346085376" (3460 | 85376? 34 |
    6085376?) stays as printed with a warning."""
    from extractor.tables.other import statistics_grid

    grid = statistics_grid(
        toks(
            "七、某区政府信息公开情况统计表 指标名称计量单位2016年度历年累计主动公开文件数条346085376"
            "其中：1、政府网站公开数条3460853762、政府公报公开数条00行政复议数件00 附件下载"
        )
    )
    assert grid.header == [["指标名称", "计量单位", "2016年度", "历年累计"]]
    assert grid.rows == [
        ["主动公开文件数", "条", "346085376"],
        ["其中：1、政府网站公开数", "条", "346085376"],
        ["2、政府公报公开数", "条", "0", "0"],
        ["行政复议数", "件", "0", "0"],
    ]
    assert grid.glued == ["主动公开文件数", "其中：1、政府网站公开数"]
    spaced = statistics_grid(
        toks("指标名称 计量 单位 2011 年度 历年累计 主动公开信息数 条 425 1516")
    )
    assert spaced.header == [["指标名称", "计量单位", "2011年度", "历年累计"]]
    assert spaced.rows == [["主动公开信息数", "条", "425", "1516"]]


def test_prose_naming_review_and_litigation_is_no_table_four() -> None:
    """行政复议 and 行政诉讼 alone (prose, or a pre-2019 统计表 row) are no table 四 header."""
    mappings = best_mapping(
        toks("因政府信息公开申请行政复议、提起行政诉讼的情况 行政复议数件00行政诉讼数件00")
    )
    assert not any(m.template.kind == "review_litigation" for m in mappings)


def test_sum_blocks_and_block_splits() -> None:
    from extractor.tables.repair import block_splits, sum_blocks

    r2 = [([0, 1, 2, 3, 4, 5], [6])]
    assert sum_blocks(r2, 7) == [7]
    r4 = [([0, 1, 2, 3], [4]), ([5, 6, 7, 8], [9]), ([10, 11, 12, 13], [14])]
    assert sum_blocks(r4, 15) == [5, 5, 5]
    assert sum_blocks([([0, 1], [3])], 4) is None  # not a sum of the cells before it
    # the template's own example: 21317000001324019 is [2,1,3,1,7 | 0,0,0,0,0 | 13,2,4,0,19]
    splits = list(block_splits("21317000001324019", [5, 5, 5]))
    assert splits == [["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]]


def test_an_ambiguous_row_keeps_the_cells_its_readings_agree_on() -> None:
    text = "第二十条第（六）项 信息内容 上一年项目数量 本年增/减 处理决定数量\n行政处罚 3 0 7 行政强制420 6"
    got = values(text, template_by_id("proactive_2019"))
    # 4|20|6 and 42|0|6, but also 420|6 with a blank collapsed after it: table 二 has no rule
    # to choose, and no reading is taken that no rule forces.
    assert got["proactive.coercion.decisions"] is None
    assert got["proactive.coercion.prior_year_items"] is None
    assert got["proactive.penalty.decisions"] == 7
    # "3|2" and "32": where a run cuts one way only and no blank can have collapsed beside it
    # (a row of two cells glued into two digits), that one reading is all there is.
    text = "第二十条第（五）项 信息内容 本年处理决定数量\n行政许可 0\n其他对外管理服务事项 4"
    got = values(text, template_by_id("proactive_2021"))
    assert got["proactive.licensing.decisions"] == 0


def test_narrative_facts_name_row_column_and_one_count() -> None:
    from extractor.tables.narrative import column_core, narrative_facts

    template = template_by_id("proactive_2021")
    assert column_core("proactive.normative_documents.in_force") == "现行有效"
    assert column_core("proactive.normative_documents.issued") == "制发"
    text = (
        "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。"
        "制发和废止规章分别为1件和2件。"  # two counts, two columns: not a fact
    )
    assert narrative_facts(text, template) == {
        "proactive.normative_documents.in_force": {698},
        "proactive.normative_documents.issued": {88},
    }


def _glued_report(prose: str) -> str:
    return "\n".join(
        [
            "一、总体情况",
            prose,
            "二、主动公开政府信息情况",
            "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
            "规章000行政规范性文件8855698第二十条第（五）项 信息内容 本年处理决定数量 行政许可10690",
            "三、收到和处理政府信息公开申请情况",
        ]
    )


def test_a_glued_row_is_settled_by_the_counts_the_report_states() -> None:
    # Regression (pingtan2022_flat): 8855698 has fifteen readings that keep every rule; the
    # overview's "现行有效…698件" and "制发…88件" leave one.
    from extractor import extract

    stated = "全年集中公开现行有效行政规范性文件698件，本年度制发的规范性文件88件。"
    report = extract(_glued_report(stated).encode("utf-8"))
    assert report.fields["proactive.normative_documents.issued"] == 88
    assert report.fields["proactive.normative_documents.repealed"] == 55
    assert report.fields["proactive.normative_documents.in_force"] == 698
    assert report.field_evidence["proactive.normative_documents.repealed"].how == "repaired"
    assert any(w.code == "repaired_from_text" for w in report.warnings)

    silent = extract(_glued_report("全年工作有序推进。").encode("utf-8"))
    assert silent.fields["proactive.normative_documents.in_force"] is None
    # A stated count no reading has leaves the row null too (no guess).
    wrong = extract(_glued_report("现行有效行政规范性文件700件。").encode("utf-8"))
    assert wrong.fields["proactive.normative_documents.in_force"] is None


def test_a_table_read_twice_keeps_the_better_reading() -> None:
    # Regression (Chrome-printed pingtan2019 with unjoined wraps): prose fragments read as a
    # text table 二 gave 政府集中采购 "10" → 1 | 0 (repaired) before the real grid's 135 |
    # 75394432.52; the first reading won and two values were wrong.
    from extractor.document import Block, Cell, Document, Grid, Page
    from extractor.tables import reconstruct

    def para(text: str) -> Block:
        return Block("paragraph", (Line(text),))

    header = ["信息内容", "采购项目数量", "采购总金额"]
    cells = [Cell(0, c, t) for c, t in enumerate(header)]
    cells += [Cell(1, 0, "政府集中采购"), Cell(1, 1, "135"), Cell(1, 2, "75394432.52元")]
    grid = Block("table", (Line("…"),), grid=Grid(tuple(cells), 2, 3))
    text = (para("第二十条第（九）项 信息内容 采购项目数量 采购总金额"), para("政府集中采购10"))
    doc = Document("pdf", (Page(1, text), Page(2, (grid,))), paged=True)
    result = reconstruct(doc)
    assert result.fields["proactive.procurement.projects"] == 135
    assert result.fields["proactive.procurement.amount_yuan"] == 75394432.52
    # The prose fragment "政府集中采购10" has several readings (1 | 0, 10 and a collapsed
    # blank, …) and settles nothing, so no conflict arises.


def test_an_empty_row_of_an_ocr_grid_is_unknown_not_zero() -> None:
    # Regression (scan of Chrome-printed pingtan2022): OCR put a row's numbers into a merged
    # cell, the row came out empty and was read as zeros (A7) — five wrong values.
    from pathlib import Path

    from extractor.document import Block, Document, Page, Provenance
    from extractor.tables import reconstruct

    sample = Path(__file__).resolve().parent.parent / "corpus" / "samples" / "xinghe2023.txt"
    lines = []
    for text in sample.read_text(encoding="utf-8").splitlines():
        if "(一)予以公开 |" in text:
            text = "三、本年度办理结果 | (一)予以公开 | | | | | | | |"
        lines.append(text)

    def tables(ocr: bool) -> dict[str, object]:
        blocks = tuple(
            Block(
                "paragraph",
                (Line(t, Provenance(page=1, line=i + 1)),),
                provenance=Provenance(page=1),
            )
            for i, t in enumerate(lines)
        )
        meta = {"ocr_pages": "1"} if ocr else {}
        doc = Document("image" if ocr else "txt", (Page(1, blocks),), paged=True, meta=meta)
        return dict(reconstruct(doc).fields)

    assert tables(ocr=False)["requests.granted.total"] == 0  # text: blank means 0 (A7)
    ocr = tables(ocr=True)
    assert ocr["requests.granted.total"] is None
    assert ocr["requests.partially_granted.total"] == 17


def test_a_repeated_row_is_one_warning() -> None:
    """An OCR'd cell spanning rows repeats its text in every row it covers; a scan once gave
    hundreds of identical duplicate_row warnings."""
    text = TABLE2 + "规章 | 1 | 0 | 5 |\n" * 3
    [mapping] = best_mapping(toks(text))
    duplicates = [m for code, m in mapping.warnings if code == "duplicate_row"]
    assert duplicates == ["row 规章 appears again; the first kept"]


REVIEW_HEAD = "行政复议 | 行政诉讼 | 未经复议直接起诉 | 复议后起诉 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"


def test_a_cell_with_a_leading_zero_holds_two_cells() -> None:
    """OCR read the 0 and 1 of two cells as one box "01" (a scan): no count is printed with a
    leading zero, so the row is split by its rule rather than read as 1 and a repaired total."""
    text = "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 01 | |"
    got = values(text, SINGLE)
    fields = [f"requests.carried_over.{c}" for c in ("natural_person", "other_org", "total")]
    assert [got[f] for f in fields] == [1, 0, 1]


def test_each_block_solves_its_own_blank() -> None:
    """Table 四 is one row of three blocks: a blank in each. The block whose R4 holds keeps
    its blank as 0; the block whose R4 breaks as 0 gets no value: no second rule shows that
    the report keeps R4 there (C6: hzq 2023 prints 0 as a 总计 of 11 cases), so the rule's 1
    is no evidence (`blank_breaks_rule`)."""
    text = REVIEW_HEAD + "1 | 0 | 0 | 0 | 1 | | 0 | 0 | 0 | 1 | | 0 | 0 | 0 | 0 |"
    mapping = map_tokens(toks(text), REVIEW)
    direct, after = (
        mapping.values["litigation_direct.upheld"],
        mapping.values["litigation_after_review.upheld"],
    )
    assert direct is None
    assert any(code == "blank_breaks_rule" for code, _ in mapping.warnings)
    assert after is not None and (after.value, after.how) == (0, "blank_as_zero")


def test_a_negative_change_glued_to_the_next_cell() -> None:
    """平潭 2020 (2019 format), flattened: "行政处罚2648-18538". The minus sign starts 本年增/减, so
    2648 is the prior year's count; -18538 holds the change and the decisions in 4 ways. Only
    本年增/减 may be negative, so -18538 is never one cell (it had come out as the decisions)."""
    text = (
        "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚2648-18538"
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15"
    )
    got = values(text, PROACTIVE_2019)
    assert got["proactive.penalty.prior_year_items"] == 2648
    assert got["proactive.penalty.change"] is None
    assert got["proactive.penalty.decisions"] is None
    assert (got["proactive.fees.prior_year_items"], got["proactive.fees.change"]) == (35, -15)
    head = "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
    # U+2212 is a minus sign like "-"; a lone negative run that no split may read is no reading
    # (a blank 上一年项目数量 may have collapsed before it), not "0 | -1538 | 0".
    for row in ("行政许可 120 −18538", "行政许可 -1538"):
        got = values(head + row, PROACTIVE_2019)
        assert got["proactive.licensing.decisions"] is None, row
        assert got["proactive.licensing.change"] is None, row


def test_a_negative_run_splits_with_its_sign_on_the_first_cell() -> None:
    assert set(run_cuts(Token("num", "-185"), 2)) == {(-1, 85), (-18, 5)}
    assert set(run_cuts(Token("num", "-105"), 2)) == {(-10, 5)}  # never -1 | 05


def test_a_glued_amount_keeps_its_decimals_and_unit_in_the_last_cell() -> None:
    """政府集中采购13575394432.52元 (平潭 2019, flattened) is 135 projects and 75394432.52 元, or
    another cut of its integer digits; the warning had listed two placements, neither right."""
    assert set(run_cuts(Token("num", "1357.5元"), 2)) == {(1, 357.5), (13, 57.5), (135, 7.5)}
    assert kinds("政府集中采购1357．5元")[1] == ("num", "1357.5元")  # full-width point: one form


def shanghai_2019(results_total: str) -> str:
    """A 上海 2019-style table 三: blanks for 0, and the 总计 column blank on every 办理结果 row
    but （七）总计 (printed as ``results_total``)."""
    blank = " |" * 7
    rows = {
        "一、本年新收政府信息公开申请数量": " 5 | 1 |  |  |  |  | 6 |",
        "（一）予以公开": " 3 | 1 |  |  |  |  |  |",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": " 2 |  |  |  |  |  |  |",
        "（七）总计": f" 5 | 1 |  |  |  |  | {results_total} |",
    }
    return "\n".join(f"| {r.label} |{rows.get(r.label, blank)}" for r in SINGLE.rows)


def test_a_blank_total_column_is_computed_from_each_row() -> None:
    """上海 2019 (HTML): the 总计 column is blank on every 办理结果 row but （七）总计, while its
    other blanks are zeros (A7). Read as 0 the totals broke every row's R2; the only value that
    keeps the other blanks zero is the row's sum, and R3 vouches for it: the printed （七）总计
    is the sum of the solved totals."""
    got = map_tokens(toks(shanghai_2019("6")), SINGLE).values
    granted = got["requests.granted.total"]
    assert granted is not None and (granted.value, granted.how) == (4, "repaired")
    assert got["requests.partially_granted.total"].value == 2  # type: ignore[union-attr]
    assert got["requests.granted.research"].how == "blank_as_zero"  # type: ignore[union-attr]


def test_a_blank_total_no_second_rule_vouches_for_is_null() -> None:
    """The same table whose （七）总计 breaks R3 with the solved totals (or is not there): the
    blanks may be zeros the report printed while breaking its R2 (C6), so the rule's value is
    no evidence. Null with `blank_breaks_rule`, never the rule's 4."""
    for text in (shanghai_2019("7"), "\n".join(shanghai_2019("6").splitlines()[:4])):
        mapping = map_tokens(toks(text), SINGLE)
        assert mapping.values["requests.granted.total"] is None
        assert mapping.values["requests.granted.natural_person"].value == 3  # type: ignore[union-attr]
        assert any(code == "blank_breaks_rule" for code, _ in mapping.warnings)


def test_ocr_blanks_that_break_the_rule_are_unknown() -> None:
    """Two blanks in an OCR'd row whose rule they break: no single reading. OCR lost a digit
    there or gave it to a neighbour (a scan read "12" and "0" as "120"), so every cell of the
    broken rule is null: neither two wrong zeros nor a wrong neighbour."""
    text = "二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | | |"
    mapping = map_tokens(toks(text), SINGLE, blank_rows_are_zero=False)
    assert all(v is None for f, v in mapping.values.items() if ".carried_over." in f)
    assert any(code == "blank_unknown" for code, _ in mapping.warnings)
    # In a printed table blanks are zeros (A7) unless a rule forces one: the blank 总计 can
    # only be 2 (any other value for the blank 其他 would need it larger still), but only a
    # second rule could show the report keeps R2 here (C6), and R1 has no other row: null.
    printed = map_tokens(toks(text), SINGLE).values
    total, other = (
        printed["requests.carried_over.total"],
        printed["requests.carried_over.other_org"],
    )
    assert total is None
    assert other is not None and (other.value, other.how) == (0, "blank_as_zero")


def test_a_block_broken_as_printed_stays_beside_a_solved_blank() -> None:
    """Table 四, OCR'd: block 1 is complete and breaks R4 (the report's own numbers: kept, the
    check fails); block 2 lost one digit (solved by its R4). One must not undo the other."""
    text = REVIEW_HEAD + "1 | 0 | 0 | 0 | 2 | | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |"
    got = map_tokens(toks(text), REVIEW, blank_rows_are_zero=False).values
    assert got["review.upheld"].value == 1 and got["review.total"].value == 2  # type: ignore[union-attr]
    upheld = got["litigation_direct.upheld"]
    assert upheld is not None and (upheld.value, upheld.how) == (1, "repaired")


def test_leading_zero_in_a_row_without_rules_is_not_regrouped() -> None:
    """Table 二 has no rule to check a split of "01": it is read as printed, not as 0 | 10."""
    got = values(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 01 | 0 | 5 |", PROACTIVE
    )
    assert [got[f"proactive.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [
        1,
        0,
        5,
    ]


def test_collapsed_rows_past_the_search_budget_keep_their_totals() -> None:
    """Text taken from a PDF whose blank cells meant 0: every row lost its blanks (A6), so
    each row's values may sit in any column, and together far more combinations than the
    search may try. Each row still has one 总计 in all its readings; that much is kept."""
    text = """
一、本年新收政府信息公开申请数量 9 1 10
二、上年结转政府信息公开申请数量 2 2
（一）予以公开 3 1 4
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 1
1.属于国家秘密 1 1
2.其他法律行政法规禁止公开 1 1
3.危及“三安全一稳定” 1 1
1.本机关不掌握相关政府信息 2 2
2.没有现成信息需要另行制作 1 1
3.补正后申请内容仍不明确 1 1
（七）总计 11 1 12
四、结转下年度继续办理 0 0 0 0 0 0 0"""
    mapping = map_tokens(toks(text), SINGLE)
    assert any("too many readings" in m for _, m in mapping.warnings)
    got = {f: (c.value if c else None) for f, c in mapping.values.items()}
    assert got["requests.new.total"] == 10 and got["requests.results_total.total"] == 12
    assert got["requests.granted.total"] == 4 and got["requests.new.commercial"] is None


def test_one_cell_holding_three_row_labels() -> None:
    """A faded scan lost the rules between the three （四） rows: their labels came out as one
    cell spanning three rows. Each row gets its own label, not all three (the first row's 37
    had gone under the third label, with every check passing)."""
    from extractor.document import Cell as GridCell
    from extractor.document import Grid
    from extractor.tables.tokens import tokenize_grid

    labels = (
        "1.本机关不掌握相关政府信息(四)无法2.没有现成信息需要另行制作提供3.补正后申请内容仍不明确"
    )
    rows = [["37", "0", "0", "0", "0", "0", "37"], ["0"] * 7, ["1", "0", "0", "0", "0", "0", "1"]]
    cells = [GridCell(0, 0, labels, rowspan=3)]
    cells += [GridCell(r, c + 1, v) for r, row in enumerate(rows) for c, v in enumerate(row)]
    grid = Grid(tuple(cells), 3, 8)
    got = map_tokens(tokenize_grid(grid.matrix(), grid), REQUESTS).values
    assert got["requests.unavailable.not_held.total"].value == 37  # type: ignore[union-attr]
    assert got["requests.unavailable.needs_creation.total"].value == 0  # type: ignore[union-attr]
    assert got["requests.unavailable.unclear_after_correction.total"].value == 1  # type: ignore[union-attr]


def test_an_ocr_block_with_every_cell_blank_is_unknown() -> None:
    """A faded scan put table 四's 复议 numbers into its header cell, leaving that block's five
    cells blank: read as zeros they kept R4 and were wrong. Like an empty OCR'd row, unknown."""
    from extractor.document import Cell as GridCell
    from extractor.document import Grid
    from extractor.tables.tokens import tokenize_grid

    head = "行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计"
    values = ["", "", "", "", "", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    cells = [GridCell(0, 0, head, colspan=15)]
    cells += [GridCell(1, c, v) for c, v in enumerate(values)]
    grid = Grid(tuple(cells), 2, 15)
    tokens = tokenize_grid(grid.matrix(), grid)
    got = map_tokens(tokens, REVIEW, blank_rows_are_zero=False).values
    assert all(got[f"review.{c}"] is None for c in ("upheld", "corrected", "total"))
    assert got["litigation_direct.total"].value == 1  # type: ignore[union-attr]
    printed = map_tokens(tokens, REVIEW).values  # a printed table's blanks are zeros (A7)
    assert printed["review.total"].value == 0  # type: ignore[union-attr]


def test_a_table_between_two_narrative_paragraphs_is_not_taken_for_prose() -> None:
    """A department report flattened to one line: table 二 follows a sentence and is followed by
    "(二)…" and a sentence, with no 。 after the table. Narrative sentences (text up to a 。) are
    dropped before tables are read, and that sentence ran back over the whole table."""
    from extractor.document import Block, Document, Page
    from extractor.tables import reconstruct

    line = (
        "(一)主动公开政府信息的数量 全年主动公开政府信息61条，占15.4%。第二十条第（一）项"
        "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件021"
        "第二十条第（五）项信息内容本年处理决定数量行政许可0"
        "第二十条第（六）项信息内容本年处理决定数量行政处罚1行政强制0"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费3.5 "
        "(二)主动公开政府信息的主要类别 在主动公开的61条政府信息中，其他文件51条。"
    )
    doc = Document("txt", (Page(1, (Block("paragraph", (Line(line),)),)),))
    fields = reconstruct(doc).fields
    # "021" is 0 | 2 | 1, or 0 and 21 with a blank collapsed before, between or after them:
    # table 二 has no rule, and a blank is never inferred from a row short of numbers, so no
    # cell is certain (session 9; the first cell had been kept as 0).
    normative = [fields[f"proactive.normative_documents.{c}"] for c in ("issued", "repealed")]
    assert normative == [None, None]
    assert fields["proactive.penalty.decisions"] == 1
    assert fields["proactive.fees.amount_10k_yuan"] == 3.5


def test_a_unit_after_a_space_stays_with_its_number() -> None:
    # Regression (平潭 2020 HTML): "73802895.90 元" gave the numbers 73802895.90 and "元".
    assert kinds("政府集中采购 | 395 | 73802895.90 元 |")[1:] == [
        ("num", "395"),
        ("num", "73802895.90元"),
    ]


def test_a_number_split_into_runs_inside_one_printed_cell() -> None:
    """Word-pasted HTML (平潭 2020) prints 20 as "<span>2</span> <span>0</span>": the cell reads
    "2 0". A printed grid's cell is one value, so when the row has more numbers than cells the
    runs of one cell are joined; an OCR'd grid keeps them apart ("12 0" there is two cells)."""
    from extractor.tables.tokens import tokenize_grid

    matrix = [["一、本年新收政府信息公开申请数量", "2 0", "0", "0", "0", "0", "1", "2 1"]]
    printed = map_tokens(tokenize_grid(matrix), SINGLE).values
    assert printed["requests.new.natural_person"].value == 20  # type: ignore[union-attr]
    assert printed["requests.new.total"].value == 21  # type: ignore[union-attr]
    ocr = map_tokens(tokenize_grid(matrix), SINGLE, blank_rows_are_zero=False).values
    assert ocr["requests.new.natural_person"] is None


def test_a_run_that_only_one_digit_per_cell_could_read_is_null() -> None:
    """经济发展局 2025, flattened: table 四 "010000000000000" is 15 digits for 15 cells. Cut one
    digit per cell its own 总计 (0) disagrees with its 纠正 (1), and no other cut keeps R4: no
    rule forces a reading, so the cells are null (issue 14: one digit per cell is no evidence)."""
    text = REVIEW_HEAD + "010000000000000"
    for ocr in (False, True):
        got = map_tokens(toks(text), REVIEW, blank_rows_are_zero=not ocr).values
        assert all(got[f"review.{c}"] is None for c in ("upheld", "corrected", "total"))
    # "1000010" cannot be cut into 7 cells that keep R2 (1|0|0|0|0|1|0 does not); with a blank
    # collapsed it is 10 | · | 0 | 0 | 0 | 0 | 10, or · | 10 | 0 …: only the 总计 is certain.
    row = values("一、本年新收政府信息公开申请数量 1000010", SINGLE)
    assert row["requests.new.natural_person"] is None and row["requests.new.total"] == 10


def test_a_table_before_an_unnumbered_heading_variant_is_kept() -> None:
    """公安局 2024: table 四 ends "…000000000000000 五、存在的主要问题及明年工作计划2024年，…。" with
    no 。 after the table; the heading variant was not known and the sentence took the table."""
    from extractor.document import Block, Document, Page
    from extractor.tables import reconstruct

    line = (
        "四、政府信息公开行政复议、行政诉讼情况 " + REVIEW_HEAD.replace("|", " ").strip()
        + " 100010000000000 五、存在的主要问题及明年工作计划2024年，我局仍有不足。"
    )  # fmt: skip
    doc = Document("txt", (Page(1, (Block("paragraph", (Line(line),)),)),))
    fields = reconstruct(doc).fields
    assert fields["review.upheld"] == 1 and fields["review.total"] == 1


def test_fields_of_a_template_variant_nothing_was_read_into_go() -> None:
    """Table 三 cut in two, the first part matched by the single-（六） variant and the second by
    the 2021 one: the record had the single row's 7 fields as null beside the three rows' 21."""
    from extractor.tables import TablesResult, _drop_unused_variant

    result = TablesResult(templates=[SINGLE, REQUESTS])
    result.fields = {f: 1 for f in REQUESTS.field_ids}
    result.fields.update({f: None for f in SINGLE.field_ids if f not in result.fields})
    _drop_unused_variant(result)
    assert not any(f.startswith("requests.other.all.") for f in result.fields)
    assert set(result.fields) == set(REQUESTS.field_ids)
    assert result.templates == [REQUESTS]


def test_sentences_end_at_headings_only_where_a_heading_can_start() -> None:
    from extractor.tables import _drop_sentences

    assert _drop_sentences("本年度共收到申请120件，统一、规范办理。") == ""  # 一、 inside a word
    assert _drop_sentences("依据条例第三十六条（三）项答复5件。") == ""
    assert _drop_sentences("总计000 五、存在问题2024年，我局仍有不足。") == "总计000"


def test_a_numbered_label_wrapped_early_in_a_narrow_column() -> None:
    """平潭 2023 printed to PDF, its text: the vertical （六）其他处理 interleaves with the label,
    which wraps after "2.申请人逾期未按收费" (11 of its 37 characters, under the third that a
    wrapped label's first part needed). Its number tells it apart."""
    text = """一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2
1.申请人无正当理由逾
期不补正、行政机关不
1 0 0 0 0 0 1
再处理其政府信息公开
申请
（六）
其他处 2.申请人逾期未按收费
理 通知要求缴纳费用、行
0 0 0 0 0 0 0
政机关不再处理其政府
信息公开申请
3.其他 1 0 0 0 0 0 1
（七）总计 2 0 0 0 0 0 2"""
    got = values(text)
    assert got["requests.other.no_correction.natural_person"] == 1
    assert got["requests.other.fee_unpaid.total"] == 0
    assert got["requests.other.misc.total"] == 1


def _one_per_line(*rows: tuple[str, list[int]], above: bool) -> str:
    out = ["申请人情况", "自然人"]
    for label, nums in rows:
        cells = [str(n) for n in nums]
        out += [*cells, label] if above else [label, *cells]
    return "\n".join(out)


ROWS_3 = (
    ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("3.危及“三安全一稳定”", [4, 2, 0, 0, 0, 0, 6]),
    ("4.保护第三方合法权益", [2, 0, 0, 0, 0, 0, 2]),
)


def test_values_above_their_labels_throughout_pair_with_the_label_below() -> None:
    """Regression: pdftotext prints a tall row's values, one per line, above its label; the
    values after a label are the next row's (xinghe 2023 printed: 13 wrong values)."""
    got = values(_one_per_line(*ROWS_3, above=True))
    assert got["requests.denied.three_safeties.natural_person"] == 4
    assert got["requests.denied.three_safeties.total"] == 6
    assert got["requests.denied.third_party_rights.total"] == 2
    got = values(_one_per_line(*ROWS_3, above=False))
    assert got["requests.denied.three_safeties.total"] == 6


def test_a_row_of_values_more_between_two_labels_leaves_the_rows_after_unsure() -> None:
    """Two full rows between two labels, the second taken by nobody: from there each label may
    own the row above or below it (a wrapped label's values printed above it, B3), so those rows
    are null, never shifted (pingtan 2021 printed, read by pdftotext: 3 wrong values)."""
    text = "\n".join(
        [
            "申请人情况",
            "自然人",
            "1.属于国家秘密",
            "1 0 0 0 0 0 1",
            "0 0 0 0 0 0 0",
            "2.其他法律行政法规禁止公开",
            "4 2 0 0 0 0 6",
            "3.危及“三安全一稳定”",
            "2 0 0 0 0 0 2",
        ]
    )
    mapping = map_tokens(toks(text), REQUESTS)
    got = {f: (c.value if c else None) for f, c in mapping.values.items()}
    assert got["requests.denied.state_secret.total"] == 1
    assert got["requests.denied.prohibited_by_law.total"] is None
    assert got["requests.denied.three_safeties.total"] is None
    assert any(code == "values_row_unsure" for code, _ in mapping.warnings)


# --- bounded search (issue 19) ----------------------------------------------------------------


def test_a_long_glued_row_is_searched_in_bounded_time() -> None:
    # Regression: "1" x 30 under table 四 took 9 s, x 40 over 30 s (every cut of a block was
    # tried again for each dead tail). The tails are memoized and the steps capped; the time
    # by length is measured by scripts/bench_glued.py (docs/tables.md), not asserted here.
    for n in (30, 40, 48):
        got = values(REVIEW_HEAD + "1" * n, REVIEW)
        assert all(v is None for v in got.values())


REVIEW_HEAD = (
    "行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计\n"
)


def test_a_run_longer_than_the_cap_is_null_with_a_warning() -> None:
    # 10,000 zeros: past int()'s 4,300-digit limit too; never split, never guessed.
    for run in ("0" * 10_000, "1" * 49):
        mapping = map_tokens(toks(REVIEW_HEAD + run), REVIEW)
        assert all(v is None for v in mapping.values.values())
        assert [code for code, _ in mapping.warnings] == ["run_too_long"]


def test_block_search_gives_up_past_its_step_cap() -> None:
    import pytest

    from extractor.tables.repair import _Explored, _TooMany, block_splits

    with pytest.raises(_TooMany):
        list(block_splits("1" * 40, [5, 5, 5], True, _Explored(100)))
    # Within the cap the memoized search finds what the plain one found.
    assert list(block_splits("21317000001324019", [5, 5, 5], False, _Explored(100_000))) == [
        ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]
    ]


SAMPLE_LINES = (
    (Path(__file__).parent.parent / "corpus" / "samples" / "xinghe2023.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)


def _sample_without(*dropped: range | int) -> bytes:
    """The sample report without some of its (1-based) lines."""
    gone = {n for d in dropped for n in ([d] if isinstance(d, int) else d)}
    kept = [line for n, line in enumerate(SAMPLE_LINES, 1) if n not in gone]
    return "\n".join(kept).encode("utf-8")


def test_rows_not_in_the_document_are_absent_and_unread_rows_null() -> None:
    """Table 三 cut after its （三） rows and table 四 left out (a single page of a scan): the
    rows after the cut and table 四 are not in the record at all, while a row missing between
    two rows that were read is there, null (present but unreadable)."""
    from extractor import extract

    assert SAMPLE_LINES[45].startswith("(四)无法提供") and SAMPLE_LINES[62].startswith("3 | 1")
    report = extract(_sample_without(40, range(46, 64)))
    assert report.status == "ok"
    assert report.tables_seen == ["proactive", "requests"]
    fields = report.fields
    assert fields["requests.new.total"] == 181
    assert fields["requests.denied.inquiry_matters.total"] == 5
    assert "requests.denied.three_safeties.total" in fields
    assert fields["requests.denied.three_safeties.total"] is None
    assert not any(f.startswith(("requests.unavailable.", "requests.other.")) for f in fields)
    assert not any(f.startswith(("review.", "litigation.")) for f in fields)
    assert "requests.total.total" not in fields


def test_other_processing_sum_is_derived_from_its_three_rows() -> None:
    from extractor import extract

    report = extract(_sample_without())
    assert report.fields["requests.other.all.total"] == 2 + 0 + 2
    assert report.fields["requests.other.all.natural_person"] == 2 + 0 + 1
    evidence = report.field_evidence["requests.other.all.total"]
    assert evidence.how == "derived" and evidence.raw == "2+0+2"
    assert evidence.table == report.field_evidence["requests.other.no_correction.total"].table
    # No check runs on a derived field: R3 still sums the three printed rows.
    assert not any("requests.other.all" in c.scope for c in report.checks)


def test_a_sum_with_an_unreadable_part_is_null_with_a_reason() -> None:
    from extractor import extract

    assert SAMPLE_LINES[54].startswith("2.申请人逾期未按收费通知")
    report = extract(_sample_without(55))
    assert report.fields["requests.other.fee_unpaid.total"] is None
    assert report.fields["requests.other.misc.total"] == 2
    assert "requests.other.all.total" in report.fields
    assert report.fields["requests.other.all.total"] is None
    assert "requests.other.all.total" not in report.field_evidence
    (warning,) = [w for w in report.warnings if w.code == "not_derived"]
    assert "requests.other.fee_unpaid.research unreadable" in warning.message


def test_a_count_printed_as_money_leaves_its_row_null() -> None:
    # pymupdf4llm on a zoomed page lists 政府集中采购's cells below the table, the amount first:
    # in the template's order 75394432.52元 had become the project count and 135 the amount.
    text = (
        "第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n\n"
        "政府集中采购 \n\n75394432.52元 \n\n135 \n\n# 三、收到和处理政府信息公开申请情况 \n"
    )
    got = values(text, template_by_id("proactive_2019"))
    assert got["proactive.procurement.projects"] is None
    assert got["proactive.procurement.amount_yuan"] is None
    # A fraction is no count either.
    got = values(text.replace("75394432.52元", "7539.5"), template_by_id("proactive_2019"))
    assert got["proactive.procurement.projects"] is None
    # The same where every template is tried (the path a document takes).
    for mapping in best_mapping(toks("规章 1 2 3\n规范性文件 4 5 6\n" + text)):
        assert mapping.values.get("proactive.procurement.projects") is None
    # Review of session 11: a count of 400 digits is whole (float() of it had overflowed).
    got = values(text.replace("75394432.52元", "9" * 400), template_by_id("proactive_2019"))
    assert got["proactive.procurement.projects"] is None or got[
        "proactive.procurement.projects"
    ] == int("9" * 400)


def test_a_row_nulled_for_money_in_a_count_is_not_refilled_from_the_prose() -> None:
    # Review of session 11: _money_in_counts nulled the row after solving, but its readings
    # stayed in the solution, where settle_with_facts could pick the one the prose's count
    # matches and refill the row in the order that had just been shown wrong.
    text = (
        "第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n\n"
        "政府集中采购 \n\n75394432.52元 \n\n135 \n\n# 三、收到和处理政府信息公开申请情况 \n"
    )
    mapping = map_tokens(toks(text), template_by_id("proactive_2019"))
    row = ("proactive.procurement.projects", "proactive.procurement.amount_yuan")
    assert not [r for r in mapping.solution.rows if set(row) & set(r.reading.spec.fields)]
    assert not [a for a in mapping.solution.ambiguities if set(row) & set(a.fields)]
    settle_with_facts(mapping.solution, {"proactive.procurement.projects": {135}})
    assert mapping.values["proactive.procurement.projects"] is None
    assert mapping.values["proactive.procurement.amount_yuan"] is None
