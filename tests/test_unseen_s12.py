"""Layouts of reports nobody on the team had seen before session 12 (scripts/make_unseen_samples.py
writes them into corpus/samples), each cut down to a short inline page. The contract of
docs/tables.md: the printed number, a visible blank as 0, or null."""

from __future__ import annotations

import extractor
from extractor.tables.tokens import tokenize_grid

ROW_T3 = (
    "<tr><td colspan='3'>{label}</td>"
    + "".join("<td>{%d}</td>" % i for i in range(7))  # noqa: UP031
    + "</tr>"
)


def _t3_page(cells: dict[str, list[str]]) -> str:
    head = (
        "<tr><td rowspan='3' colspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，"
        "等于第三项加第四项之和）</td><td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td>"
        "<td rowspan='2'>总计</td></tr><tr><td>商业企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    rows = "".join(ROW_T3.format(*v, label=k) for k, v in cells.items())
    return (
        "<html><body><p>某县某局2022年政府信息公开工作年度报告</p>"
        "<p>三、收到和处理政府信息公开申请情况</p>"
        f"<table border='1'>{head}{rows}</table></body></html>"
    )


def test_a_blank_mark_in_a_grid_cell_is_a_blank_token() -> None:
    toks = tokenize_grid([["规章", "/", "—", "12"], ["行政许可", "-", "无", "0"]])
    kinds = [t.kind for t in toks if t.kind != "eol"]
    assert kinds == ["text", "blank", "blank", "num", "text", "blank", "blank", "num"]
    # A signed number stays a number.
    assert [t.kind for t in tokenize_grid([["行政许可", "-2"]]) if t.kind != "eol"] == [
        "text",
        "num",
    ]


def test_zeros_printed_as_dashes_in_a_web_table() -> None:
    # A county department printed its table 三 zeros as "-": each such cell had read as text,
    # the row's values as a label's, and the whole table came out null (178 fields).
    page = _t3_page(
        {
            "一、本年新收政府信息公开申请数量": ["12", "3", "-", "-", "-", "1", "16"],
            "二、上年结转政府信息公开申请数量": ["1", "-", "-", "-", "-", "-", "1"],
            "（一）予以公开": ["9", "2", "-", "-", "-", "-", "11"],
        }
    )
    fields = extractor.extract(page.encode("utf-8")).fields
    assert fields["requests.new.natural_person"] == 12
    assert fields["requests.new.research"] == 0
    assert fields["requests.new.other_org"] == 1
    assert fields["requests.new.total"] == 16
    assert fields["requests.carried_over.commercial"] == 0
    assert fields["requests.carried_over.total"] == 1
    assert fields["requests.granted.other_org"] == 0
    assert fields["requests.granted.total"] == 11


def test_a_slash_row_in_table_two_is_blank() -> None:
    page = (
        "<html><body><p>二、主动公开政府信息情况</p><table border='1'>"
        "<tr><td colspan='4'>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>/</td><td>/</td><td>/</td></tr>"
        "<tr><td>行政规范性文件</td><td>5</td><td>—</td><td>31</td></tr>"
        "</table><p>三、收到和处理政府信息公开申请情况</p></body></html>"
    )
    fields = extractor.extract(page.encode("utf-8")).fields
    assert fields["proactive.regulations.issued"] == 0
    assert fields["proactive.regulations.in_force"] == 0
    assert fields["proactive.normative_documents.issued"] == 5
    assert fields["proactive.normative_documents.repealed"] == 0
    assert fields["proactive.normative_documents.in_force"] == 31


# -- table 四 transposed: a row per block, a column per result ---------------------------------


def _t4_transposed(head: list[str], rows: list[tuple[str, list[str]]], lead: str = "") -> str:
    tr = "<tr><td>%s</td>" % lead + "".join(f"<td>{h}</td>" for h in head) + "</tr>"  # noqa: UP031
    body = "".join(
        f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in vals) + "</tr>"
        for label, vals in rows
    )
    return (
        "<html><body><p>某镇2019年政府信息公开工作年度报告</p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        f"<table border='1'>{tr}{body}</table><p>五、存在的主要问题及改进情况</p></body></html>"
    )


PARTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_a_transposed_table_four_is_read_by_its_own_headers() -> None:
    page = _t4_transposed(
        PARTS,
        [
            ("行政复议", ["2", "1", "0", "1", "4"]),
            ("行政诉讼（未经复议直接起诉）", ["1", "0", "0", "0", "1"]),
            ("行政诉讼（复议后起诉）", ["0", "—", "1", "0", "1"]),
        ],
    )
    f = extractor.extract(page.encode("utf-8")).fields
    assert [f[f"review.{p}"] for p in ("upheld", "corrected", "other", "pending", "total")] == [
        2, 1, 0, 1, 4,
    ]  # fmt: skip
    assert f["litigation_direct.upheld"] == 1
    assert f["litigation_direct.total"] == 1
    assert f["litigation_after_review.corrected"] == 0
    assert f["litigation_after_review.other"] == 1


def test_a_transposed_table_four_in_another_order() -> None:
    # Rows in another order and the columns too: each cell goes by its own row and column label.
    head = ["总计", "结果维持", "结果纠正", "其他结果", "尚未审结"]
    page = _t4_transposed(
        head,
        [
            ("复议后起诉", ["3", "2", "0", "1", "0"]),
            ("行政复议", ["6", "3", "1", "1", "1"]),
            ("未经复议直接起诉", ["0", "0", "0", "0", "0"]),
        ],
        lead="类别",
    )
    f = extractor.extract(page.encode("utf-8")).fields
    assert f["review.total"] == 6
    assert f["review.upheld"] == 3
    assert f["review.pending"] == 1
    assert f["litigation_after_review.total"] == 3
    assert f["litigation_after_review.upheld"] == 2
    assert f["litigation_direct.total"] == 0


def test_a_table_that_is_not_a_transposed_table_four_is_left_alone() -> None:
    # Four result columns (总计 missing), or a row naming no block: no re-layout, no values.
    from extractor.document import Cell, Grid
    from extractor.tables.transposed import untransposed

    def grid(rows: list[list[str]]) -> Grid:
        cells = tuple(Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row))
        return Grid(cells, len(rows), len(rows[0]))

    good = [["", *PARTS], ["行政复议", "1", "0", "0", "0", "1"],
            ["未经复议直接起诉", "0", "0", "0", "0", "0"], ["复议后起诉", "0", "0", "0", "0", "0"]]  # fmt: skip
    assert untransposed(grid(good)) is not None
    four = [row[:-1] for row in good]
    assert untransposed(grid(four)) is None
    other = [*good[:3], ["举报投诉", "0", "0", "0", "0", "0"]]
    assert untransposed(grid(other)) is None
    text_cell = [*good[:3], ["复议后起诉", "0", "0", "见附件", "0", "0"]]
    assert untransposed(grid(text_cell)) is None


def _review_from_lines(lines: list[str]) -> dict[str, int | float | None]:
    from extractor.document import Line, Provenance
    from extractor.tables.mapping import map_tokens
    from extractor.tables.templates import template_by_id
    from extractor.tables.tokens import tokenize_lines

    text = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(lines)]
    mapping = map_tokens(tokenize_lines(text), template_by_id("review_litigation"))
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


# Blocks as a transposed table prints them, results per block (each adds up: R4).
T_ROWS = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 1]]
T_ROWS2 = [[2, 1, 0, 1, 4], [1, 0, 0, 0, 1], [0, 0, 1, 1, 2]]
BLOCK_LABELS = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]


def test_a_transposed_table_four_dumped_column_by_column_is_unplaced() -> None:
    # pdfminer on the printed PDF of a transposed table 四: the five result words, the three
    # block names, then the cells column by column (each result's three blocks). Read in the
    # template's order, 复议后起诉's 结果维持 1 had become review.other (2 wrong values).
    for rows in (T_ROWS, T_ROWS2):
        for labels in (BLOCK_LABELS, ["行政复议", "未经复议直接起诉", "复议后起诉"]):
            cells = [str(rows[b][p]) for p in range(5) for b in range(3)]
            got = _review_from_lines(
                ["四、政府信息公开行政复议、行政诉讼情况", *PARTS, *labels, *cells]
            )
            assert all(v is None for v in got.values()), (labels, got)


def test_the_template_layout_still_reads_in_order() -> None:
    # The template prints each block's name above its results: read as before.
    row = [2, 1, 0, 1, 4, 1, 0, 0, 0, 1, 0, 0, 1, 1, 2]
    got = _review_from_lines(
        ["行政复议", "行政诉讼", *PARTS, "未经复议直接起诉", "复议后起诉", *PARTS, *PARTS,
         *map(str, row)]
    )  # fmt: skip
    assert got["review.upheld"] == 2
    assert got["litigation_after_review.total"] == 2
    assert got["litigation_direct.upheld"] == 1


# -- full-width commas as thousands separators -----------------------------------------------------


def test_a_fullwidth_comma_groups_a_number_in_a_grid_cell_and_in_a_line() -> None:
    from extractor.tables.tokens import line_tokens

    toks = tokenize_grid([["行政许可", "272，673"], ["行政事业性收费", "1，341.35"]])
    assert [t.text for t in toks if t.kind == "num"] == ["272,673", "1,341.35"]
    # a text browser's or pandoc's dump of the cell, a pipe cell, a unit after it
    for line in ("行政许可    272，673", "| 行政许可 | 272，673 |", "行政许可 272，673件"):
        nums = [t.text for t in line_tokens(line) if t.kind == "num"]
        assert len(nums) == 1 and nums[0].startswith("272,673"), line
    # Glued to text on its left (lxml joins a row's cells, or a sentence): one number or two is
    # not told, so neither is a value (it had given 行政许可 272).
    for glued in ("3行政许可272，673", "全年分别为125，300件", "行政事业性收费141，341.35"):
        assert [t.text for t in line_tokens(glued) if t.kind == "num"] in ([], ["3"]), glued
    # Not grouped in threes, the comma parts two numbers as before.
    assert [t.text for t in line_tokens("共 12，34 件") if t.kind == "num"] == ["12", "34"]


def test_a_fullwidth_grouped_count_in_a_report() -> None:
    # Read as 272 and 673, the one-cell row 行政许可 had taken 272 (four wrong values a report).
    text = (
        "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 本年处理决定数量\n"
        "行政许可 272，673\n第二十条第（六）项\n信息内容 本年处理决定数量\n行政处罚 63，511\n"
        "行政强制 4，233\n三、收到和处理政府信息公开申请情况\n"
    )
    fields = extractor.extract(text.encode("utf-8")).fields
    assert fields.get("proactive.licensing.decisions") in (272673, None)
    assert fields.get("proactive.penalty.decisions") in (63511, None)
    assert fields.get("proactive.coercion.decisions") in (4233, None)


# -- a 序号 column: the ordinal before a label is no value -------------------------------------

_T2_SEQ = (
    "二、主动公开政府信息情况\n第二十条第（五）项\n序号{s}信息内容{s}本年处理决定数量\n"
    "3{s}行政许可{s}{lic}\n第二十条第（六）项\n序号{s}信息内容{s}本年处理决定数量\n"
    "4{s}行政处罚{s}63,511\n5{s}行政强制{s}4,233\n第二十条第（八）项\n"
    "序号{s}信息内容{s}本年收费金额（单位：万元）\n6{s}行政事业性收费{s}{fee}\n"
    "三、收到和处理政府信息公开申请情况\n"
)


def test_an_ordinal_is_not_the_value_of_a_row_that_printed_none() -> None:
    # lxml glues the cells ("6行政事业性收费141，341.35"), text browsers space them, some put
    # each cell on a line: where the row's value is missing or unreadable, its ordinal 6 had
    # been taken for the fee.
    for sep in ("", " ", "   ", "\n"):
        for lic, fee in (("272,673", "141，341.35"), ("272,673", ""), ("", "12.5")):
            text = _T2_SEQ.format(s=sep, lic=lic, fee=fee)
            f = extractor.extract(text.encode("utf-8")).fields
            assert f.get("proactive.fees.amount_10k_yuan") in (141341.35, 12.5, None), (sep, fee)
            if fee == "12.5":
                assert f.get("proactive.fees.amount_10k_yuan") == 12.5
            assert f.get("proactive.licensing.decisions") in (272673, None)
            assert f.get("proactive.penalty.decisions") == 63511
            assert f.get("proactive.coercion.decisions") == 4233


def test_ordinals_only_after_a_seq_header() -> None:
    from extractor.document import Line, Provenance
    from extractor.tables.tokens import tokenize_lines

    def nums(rows: list[str]) -> list[str]:
        lines = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(rows)]
        return [t.text for t in tokenize_lines(lines) if t.kind == "num"]

    assert nums(["序号 信息内容", "6 行政事业性收费"]) == []
    # alone on its line, an ordinal only within a run counting up (a small count printed
    # above its label looks the same)
    assert nums(["序号 信息内容", "6", "行政事业性收费"]) == ["6"]
    assert nums(["序号 信息内容", "5", "行政强制", "6", "行政事业性收费"]) == []
    # a column dump lists the 序号 column under its word, counting up (pdftotext: 行政许可 had
    # taken the next block's 4)
    assert nums(["序号", "4", "5", "", "信息内容", "行政处罚", "行政强制"]) == []
    assert nums(["序号", "1", "2", "信息内容", "规章", "本年制发件数", "0", "19"]) == ["0", "19"]
    # no 序号 header: a number before a label stays a value (printed above its label, B3)
    assert nums(["信息内容", "6", "行政事业性收费"]) == ["6"]
    # a whole row of values before a label, and a 0, stay values
    assert nums(["序号", "1 0 0 0 0 0 1", "3.危及“三安全一稳定”", "0", "4.保护第三方合法权益"]) == [
        "1", "0", "0", "0", "0", "0", "1", "0",
    ]  # fmt: skip


# -- dashes as blank cells in text rows ------------------------------------------------------------


def test_dashes_between_a_rows_values_are_blank_cells() -> None:
    from extractor.tables.tokens import line_tokens

    def kinds(text: str) -> list[str]:
        return [t.kind for t in line_tokens(text) if t.kind != "eol"]

    assert kinds("一、本年新收政府信息公开申请数量 118 26 2 3 - 9 158") == [
        "text", "num", "num", "num", "num", "blank", "num", "num",
    ]  # fmt: skip
    assert kinds("1.属于国家秘密 - - - - - - -") == ["text"] + ["blank"] * 7
    assert kinds("| 规章 | / | — | - |") == ["text", "blank", "blank", "blank"]
    assert kinds("行政许可 5 -") == ["text", "num", "blank"]
    # a negative change, a dash inside text, a page footer: as before
    assert kinds("行政许可 5 -3") == ["text", "num", "num"]
    assert kinds("首页 - 政务公开") == ["text"]
    assert kinds("- 2 -") == []


def test_a_text_table_printing_zeros_as_dashes() -> None:
    # A text browser's dump of a table 三 whose zeros print "-": read as text, each row had
    # stopped at its first dash (22 of 200 fields).
    rows = {
        "一、本年新收政府信息公开申请数量": "12 3 - - - 1 16",
        "二、上年结转政府信息公开申请数量": "1 - - - - - 1",
        "（一）予以公开": "9 2 - - - - 11",
    }
    text = "三、收到和处理政府信息公开申请情况\n" + "".join(f"{k} {v}\n" for k, v in rows.items())
    f = extractor.extract(text.encode("utf-8")).fields
    for key, want in (
        ("requests.new.natural_person", 12),
        ("requests.new.research", 0),
        ("requests.new.total", 16),
        ("requests.carried_over.commercial", 0),
        ("requests.granted.total", 11),
    ):
        assert f.get(key) in (want, None), key


def test_glued_groups_and_ordinals_in_one_line_of_glued_cells() -> None:
    # pdfminer's tagged text and html-to-text run a 序号 table's cells together: the ordinal
    # after the header or after a row's values, and a group with the next ordinal glued to it
    # ("63,5115"), had given 行政处罚 63, 行政许可 4 and the fee 6.
    from extractor.tables.tokens import line_tokens

    toks = [t for t in line_tokens("4行政处罚63,5115行政强制4,233") if t.kind == "num"]
    assert [t.text for t in toks] == ["4", "4,233"]
    text = (
        "二、主动公开政府信息情况\n第二十条第（五）项 序号信息内容本年处理决定数量 3行政许可272，673 "
        "第二十条第（六）项 序号信息内容本年处理决定数量4行政处罚63,5115行政强制4,233\n"
        "第二十条第（八）项 序号信息内容本年收费金额（单位：万元）6行政事业性收费141，341.35\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    f = extractor.extract(text.encode("utf-8")).fields
    assert f.get("proactive.licensing.decisions") in (272673, None)
    assert f.get("proactive.penalty.decisions") in (63511, None)
    assert f.get("proactive.coercion.decisions") in (4233, None)
    assert f.get("proactive.fees.amount_10k_yuan") in (141341.35, None)
