"""Tables written in markup by converters nobody had tried (session 8): ASCII grid tables
(pandoc's reStructuredText, tabulate, prettytable, MySQL) and LaTeX tabulars (pandoc ``-t latex``),
and a fuzzy label match that one of them exposed."""

from __future__ import annotations

from extractor.document import Line, Provenance
from extractor.tables.mapping import map_tokens
from extractor.tables.markup import ascii_grid, tex_text, uncell, uncsv, untex
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import tokenize_lines

PROACTIVE = template_by_id("proactive_2021")
SINGLE = template_by_id("requests_single_other")


def lines(text: str) -> list[Line]:
    rows = text.strip("\n").splitlines()
    return [Line(t, Provenance(line=i + 1)) for i, t in enumerate(rows)]


def values(text: str, template=PROACTIVE) -> dict[str, int | float | None]:  # type: ignore[no-untyped-def]
    mapping = map_tokens(tokenize_lines(lines(text)), template)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


def test_a_latex_span_gives_its_text_not_its_column_count() -> None:
    # `\multicolumn{3}{l}{2293}` had given 行政许可 the 3 of its column count.
    text = r"""
\begin{longtable}[]{@{}llll@{}}
\toprule
信息内容 & \multicolumn{3}{l}{本年处理决定数量} \\
行政许可 & \multicolumn{3}{l}{2293} \\
\bottomrule
\end{longtable}
"""
    assert [x.text for x in untex(lines(text))] == [
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政许可 | 2293 |",
    ]
    assert values(text)["proactive.licensing.decisions"] == 2293


def test_a_latex_row_runs_over_lines_until_its_row_end() -> None:
    text = r"""
\begin{tabular}{llll}
信息内容 & 本年制发件数 & 本年废止件数 & 现行有效件数 \\
行政规范性文件 & 69 & 3 &
665 \\
\end{tabular}
"""
    assert untex(lines(text))[1].text == "| 行政规范性文件 | 69 | 3 | 665 |"
    assert values(text)["proactive.normative_documents.in_force"] == 665


def test_latex_cells_lose_their_markup_and_unknown_commands_are_no_numbers() -> None:
    assert tex_text(r"\multicolumn{3}{l}{\multirow{3}{*}{（本列）}}") == "（本列）"
    assert tex_text(r"\begin{minipage}[b]{\linewidth}\raggedright 信息内容\end{minipage}") == (
        "信息内容"
    )
    assert tex_text(r"3.危及``三安全一稳定''") == "3.危及“三安全一稳定”"
    assert tex_text(r"12\%") == "12%"
    # a command this reader does not know may carry digits in its arguments: not a number
    assert tex_text(r"\rule{0pt}{3}") == "?"


def test_an_ascii_grid_row_wrapped_over_lines_is_one_row() -> None:
    # pandoc's RST: the label wraps in a narrow column, "2" / ".重复" / "申请", the values on the
    # first line; each line read as a row had lost the label.
    text = """
+------+----+----+----+
| 信息 | 本 | 本 | 现 |
+======+====+====+====+
| 行政 | 69 | 3  | 66 |
| 规范 |    |    | 5  |
+------+----+----+----+
| 规章 | 1  | 0  | 2  |
| 2    | 1  | 0  | 2  |
+------+----+----+----+
"""
    got = [x.text for x in ascii_grid(lines(text))]
    # a number on the second line (665 wrapped): not a continuation of the first line's text,
    # so the lines are left to unbox (which joins only cells that fill their width)
    assert "│行政│69│3│66│" not in got
    assert got[3] == "│ 行政 │ 69 │ 3  │ 66 │"
    # prettytable and MySQL print many one-line rows between two rules: left apart
    assert got[-3:-1] == ["│ 规章 │ 1  │ 0  │ 2  │", "│ 2    │ 1  │ 0  │ 2  │"]
    wrapped = """
+-------+-------+-------+
| 2     | 20    | 3     |
| .重复 |       |       |
| 申请  |       |       |
+-------+-------+-------+
"""
    assert [x.text for x in ascii_grid(lines(wrapped))][1] == "│2.重复申请│20│3│"


def test_markdown_and_org_tables_are_not_grids() -> None:
    text = "| a | 1 |\n|---|---|\n| b | 2 |\n|---+---|\n| c | 3 |"
    assert [x.text for x in ascii_grid(lines(text))] == text.splitlines()


def test_a_fuzzy_label_match_is_not_the_start_of_a_longer_label() -> None:
    # "2.申请人逾期未按收费通知…" (a （六） sub-row) holds "2.申请", as similar to "2.重复申请"
    # as a label with 重复 lost: with the single-（六） template the duplicate row had taken
    # its zeros.
    text = (
        "| 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 4.无正当理由大量反复申请 | 2 | 2 | 0 | 0 | 0 | 0 | 4 |\n"
        "| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 "
        "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    got = values(text, SINGLE)
    assert got.get("requests.not_processed.duplicate.natural_person") is None
    assert got["requests.not_processed.excessive.total"] == 4
    # a label with characters lost (B4) is still found
    lost = (
        "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 2.其他法律行政止公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    assert values(lost, SINGLE)["requests.denied.prohibited_by_law.natural_person"] == 1


def test_thousands_separators_keep_a_number_whole() -> None:
    # "2,293" read as digits and text had given 行政许可 2.
    text = (
        "信息内容 | 本年处理决定数量\n| 行政许可 | 2,293 |\n| 行政处罚 | 1,282 |\n行政强制 45,585\n"
    )
    got = values(text)
    assert got["proactive.licensing.decisions"] == 2293
    assert got["proactive.penalty.decisions"] == 1282
    assert got["proactive.coercion.decisions"] == 45585
    # digits after a comma that are not a group of three are no thousands
    toks = [t.text for t in tokenize_lines(lines("规章 1,2,3")) if t.kind == "num"]
    assert toks == ["1", "2", "3"]


def test_a_count_printed_with_its_unit_in_its_cell() -> None:
    got = values("信息内容 | 本年处理决定数量\n| 行政许可 | 12件 |\n")
    assert got["proactive.licensing.decisions"] == 12


def test_comma_separated_rows_are_rows_of_cells() -> None:
    # Read as text, ",," lost its empty field and "1 5" its quotes: 行政强制 got 1 | 5 for 5 |
    # 15 | 1 (a Word-pasted cell split by a space is one cell, unread).
    text = """
信息内容,本年制发件数,本年废止件数,现行有效件数
规章,100,200,300
行政规范性文件,,3,"1 5"
"""
    assert [x.text for x in uncsv(lines(text))][1:] == [
        "| 规章 | 100 | 200 | 300 |",
        "| 行政规范性文件 |  | 3 | 1 5 |",
    ]
    got = values(text)
    assert got["proactive.regulations.issued"] == 100  # not 100,200,300 as one number
    assert got["proactive.regulations.in_force"] == 300
    assert got["proactive.normative_documents.in_force"] is None
    # semicolons the same way; a lone "1,234,567" and prose are no rows
    assert uncsv(lines("规章;1;0;2"))[0].text == "| 规章 | 1 | 0 | 2 |"
    for keep in ("1,234,567", "本年共受理申请25件，办结23件，其中1,024件予以公开"):
        assert uncsv(lines(keep))[0].text == keep


def test_a_pipe_row_whose_cells_and_numbers_disagree_is_not_read() -> None:
    # An empty cell and a cell of two numbers (Word-pasted 15 as "1 5"): dropping the empty
    # cell as a filler, or counting numbers instead of cells, had read 3 | 1 | 5 and 2 | 1 | 5.
    head = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n| 规章 | 100 | 200 | 300 |\n"
    for row in ("| 行政规范性文件 |  | 3 | 1 5 |", "| 行政规范性文件 | 2 | 1 5 |  |"):
        got = values(head + row)
        assert got["proactive.normative_documents.issued"] is None
        assert got["proactive.normative_documents.in_force"] is None
        assert got["proactive.regulations.in_force"] == 300


def test_a_decimal_wrapped_in_its_grid_cell_at_its_point_is_one_number() -> None:
    # "9116<br>.36" in a narrow column: read as 9116, "." and 36 it had given the row 9116.
    from extractor.tables.tokens import tokenize_grid

    def nums(cell: str) -> list[str]:
        return [t.text for t in tokenize_grid([["行政事业性收费", cell]]) if t.kind == "num"]

    assert nums("9116\n.36") == ["9116.36"]
    assert nums("312.\n45") == ["312.45"]
    assert nums("7539\n4432\n.52元") == ["7539", "4432.52元"]  # the rest is the row's to read
    assert nums("2 0") == ["2", "0"]


def test_csv_rows_of_values_alone_and_of_one_value() -> None:
    # "0;0;0;1;1" (a CSV row of table 四) had been read as numbers with ";" text between;
    # "行政事业性收费;0" (a CSV row that lost a field) as a flat row with a collapsed blank, 0 | 0.
    rows = uncsv(lines("0;0;0;1;1\n0,0,0,1\n行政事业性收费;0\n1,234,567\n12,345,67"))
    assert [x.text for x in rows] == [
        "| 0 | 0 | 0 | 1 | 1 |",
        "| 0 | 0 | 0 | 1 |",
        "| 行政事业性收费 | 0 |",
        "1,234,567",
        "| 12 | 345 | 67 |",
    ]
    fees = values(
        "第二十条第（八）项\n信息内容;上一年项目数量;本年增/减\n行政事业性收费;0\n",
        template_by_id("proactive_2019"),
    )
    assert fees["proactive.fees.prior_year_items"] is None
    assert fees["proactive.fees.change"] is None


def test_units_after_every_count_of_a_flat_row() -> None:
    # "行政规范性文件 5件 3件 191件" (a PDF of a table whose cells print units): read as text,
    # each 件 split the row into groups of one number, and rows took each other's values.
    text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0件 0件 2件\n行政规范性文件 5件 3件 191件\n"
    got = values(text)
    assert got["proactive.normative_documents.in_force"] == 191
    assert got["proactive.regulations.in_force"] == 2
    # in prose a count's unit is followed by punctuation: the count is a sentence's, no cell
    # (tests/test_a5_a5t.py: a sentence's 行政许可…69条， had been taken for the table's row)
    toks = tokenize_lines(lines("全年发布规范性文件类信息68条，行政许可类信息69条。"))
    assert [t.text for t in toks if t.kind == "num"] == []


def test_box_drawn_rows_without_rules_between_them_stay_rows() -> None:
    # rich and prettytable draw no rule between data rows: joining every line between two
    # rules (as for a label wrapped in its cell) had made one row of 规章 and 行政规范性文件.
    import extractor

    text = """某某县人民政府2023年政府信息公开工作年度报告
二、主动公开政府信息情况
┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┓
┃ 信息内容       ┃ 本年制发件数 ┃ 本年废止件数 ┃ 现行有效件数 ┃
┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━┩
│ 规章           │ 0            │ 1            │ 2            │
│ 行政规范性文件 │ 5            │ 3            │ 191          │
└────────────────┴──────────────┴──────────────┴──────────────┘
"""
    fields = extractor.extract(text.encode()).fields
    assert fields["proactive.regulations.in_force"] == 2
    assert fields["proactive.normative_documents.in_force"] == 191


def test_a_grid_row_with_a_cell_too_few_leaves_that_cell_unknown() -> None:
    # Raw HTML in text (A19) whose row lost a <td> (A20): the missing cell had been read as a
    # collapsed blank, 0, where the report printed 50.
    import extractor

    text = (
        "某某县人民政府2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n<table>\n"
        "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>\n"
        "<tr><td>行政许可</td><td>3</td><td>-5</td></tr>\n"
        "<tr><td>其他对外管理服务事项</td><td>3</td><td>0</td><td>3</td></tr>\n</table>\n"
    )
    fields = extractor.extract(text.encode()).fields
    assert fields.get("proactive.licensing.decisions") is None
    assert fields.get("proactive.licensing.change") in (-5, None)


def test_raw_html_cut_inside_its_tags_by_a_hard_wrap() -> None:
    # "<t" / "d>0</td>": the line break inside the tag had made a tag <t d> and shifted cells.
    import extractor

    head = "".join(
        f"<td>{w}</td>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    )
    wrapped = (
        '<table><tr><td colspan="5">行政复议</\ntd><td colspan="10">行政诉讼</td></tr><tr>'
        '<td colspan="5"></td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</t'
        f"\nd></tr><tr>{head * 3}</tr>\n<tr><td>1</td><td>0</td><t\n"
        "d>0</td><td>1</td><td>2</t\nd>" + "<td>0</td>" * 5 + "<td>1</td><td>0<\n/td><td>0</td>"
        "<td>0</td><td>1</td></tr>\n</table>"
    )
    text = "某某县人民政府2022年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n"
    fields = extractor.extract((text + wrapped + "\n").encode()).fields
    assert fields.get("review.upheld") == 1
    assert fields.get("review.pending") == 1
    assert fields.get("review.total") == 2


def test_raw_html_wrapped_at_spaces_inside_its_tags() -> None:
    # pandoc wraps its raw HTML at spaces: "<td" / 'style="…"><p>0</p></td>'. The break is the
    # space between the name and the attributes; taken out, it had made a tag <tdstyle> and
    # every cell but the spanning ones was lost, so two rows took each other's values.
    import extractor

    def cell(v: str, attrs: str = "") -> str:
        return f'<td{attrs}\nstyle="border: solid\nwindowtext 1px"><p>{v}</p></td>\n'

    head = "".join(cell(w) for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    values = [1, 0, 0, 1, 2] + [0] * 5 + [1, 0, 0, 0, 1]
    wrapped = (
        '<table style="border-collapse:collapse" data-cellspacing="0"\ndata-border="1">\n<tr>'
        + cell("行政复议", ' colspan="5"')
        + cell("行政诉讼", ' colspan="10"')
        + "</tr>\n<tr>"
        + cell("", ' colspan="5"')
        + cell("未经复议直接起诉", ' colspan="5"')
        + cell("复议后起诉", ' colspan="5"')
        + f"</tr>\n<tr>{head * 3}</tr>\n<tr>"
        + "".join(cell(str(v)) for v in values)
        + "</tr>\n</table>"
    )
    text = "某某县人民政府2022年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n"
    fields = extractor.extract((text + wrapped + "\n").encode()).fields
    assert fields.get("review.upheld") == 1
    assert fields.get("review.pending") == 1
    assert fields.get("review.total") == 2
    assert fields.get("litigation_after_review.upheld") == 1


def test_xwiki_cells_of_paragraphs_run_over_lines_until_their_group_closes() -> None:
    # pandoc -t xwiki writes a Word-pasted cell as a "(((" … ")))" group; read line by line,
    # each value stood apart from its label and 196 of a table's 200 fields were lost.
    text = """
|= |= |= |=
|(((信息内容
))) |(((本年制发件数
))) |(((本年废止件数
))) |(((现行有效件数
)))
|(((行政规范性文件
))) |(((1
))) |(((0
))) |(((1
)))
|(((行政许可
))) |(((79
))) | |
"""
    assert [x.text for x in uncell(lines(text))] == [
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| 行政规范性文件 | 1 | 0 | 1 |",
        "| 行政许可 | 79 |  |  |",
    ]
    got = values(text)
    assert got["proactive.normative_documents.in_force"] == 1
    assert got["proactive.licensing.decisions"] == 79


def test_an_unclosed_xwiki_group_takes_the_rest_as_one_row() -> None:
    # Review of session 10: the open groups were recounted over the joined text at every line
    # (quadratic in an unclosed group's length); now counted line by line, same rows.
    from extractor.document import Line
    from extractor.tables.markup import _xwiki_rows

    items = [Line("|(((")] + [Line("x") for _ in range(5000)]
    rows, end = _xwiki_rows(items, 0)
    assert end == len(items)
    assert len(rows) <= 1
