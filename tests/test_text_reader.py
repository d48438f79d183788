import re

from extractor.reading.text import (
    is_heading_like,
    lines_to_blocks,
    read_text,
    tab_separator,
    tabs_to_pipes,
    unstack_header,
)


def test_blocks_keep_line_numbers_and_group_pipe_rows() -> None:
    lines = [
        "标题报告",
        "一、总体情况",
        "正文一段。",
        "规章 | 0 | 0 | 0 |",
        "行政许可 | 3 | ||",
        "五、存在问题",
    ]
    blocks = lines_to_blocks(lines)
    assert [b.kind for b in blocks] == ["paragraph", "heading", "paragraph", "table", "heading"]
    table = blocks[3]
    assert [line.provenance.line for line in table.lines] == [4, 5]


def test_short_line_between_pipe_rows_stays_in_the_table() -> None:
    blocks = lines_to_blocks(["| 信息内容", "本年制发件数", "|", "规章 | 0 |"])
    assert len(blocks) == 1 and blocks[0].kind == "table" and len(blocks[0].lines) == 4


def test_heading_shape() -> None:
    assert is_heading_like("一、总体情况")
    assert is_heading_like("（二）改进措施")
    assert not is_heading_like("一是完善制度。")
    assert not is_heading_like("（一）予以公开 0 0 0 0 0 0 0")
    assert not is_heading_like("一、" + "很长的句子" * 20)


def test_read_text_decodes_gbk() -> None:
    doc = read_text("一、总体情况\n正文".encode("gbk"))
    assert doc.meta["encoding"] == "gb18030"
    assert [b.text for b in doc.blocks()] == ["一、总体情况", "正文"]


def test_tab_separated_rows_keep_their_blank_cells() -> None:
    from extractor.reading.text import tabs_to_pipes

    assert tabs_to_pipes("规章\t0\t\xa0\t5") == "规章 | 0 |  | 5 |"
    assert tabs_to_pipes("\t一、总体情况") == "\t一、总体情况"  # an indent is not a cell
    assert tabs_to_pipes("规章 | 0 |\t0 |") == "规章 | 0 |\t0 |"  # pipes already say it


def test_two_tabs_between_every_two_cells() -> None:
    """resiliparse writes ``\\t\\t`` between cells: one cell per tab gave every value an empty
    neighbour, and a row of &nbsp; cells lost them all to str.strip()."""
    text = "规章\t\t0\t\t\xa0 \t\t5\n2.其他法律行政法规禁止公开\t\t\xa0 \t\t\xa0 \t\t\xa0 \n行政许可\t\t3"
    assert tab_separator(text) == "\t\t"
    rows = [tabs_to_pipes(line, tab_separator(text)) for line in text.splitlines()]
    assert rows == ["规章 | 0 |  | 5 |", "2.其他法律行政法规禁止公开 |  |  |  |", "行政许可 | 3 |"]
    assert tab_separator("规章\t\t0\t5\n行政许可\t3\n其他\t1") == "\t"  # an empty cell shows


def test_browser_copy_of_cells_holding_paragraphs() -> None:
    """上海 2019 (Word-pasted <td><p>…</p></td>) copied from Chromium: each cell's text and each
    run of tabs on lines of their own, rows three or more newlines apart, blank cells as
    no-break spaces (trailing ones too, which str.strip() had taken)."""
    from extractor.reading.text import cells_on_one_line, tabs_to_pipes

    text = (
        "一、本年新收政府信息公开申请数量\n\n\t\n\n821\n\n\t\n\n35\n\n\t\n\n\xa0\n\n\t\n\n859\n\n\n\n"
        "（二）部分公开\n\n\t\n\n3\n\n\t\n\n\xa0\n\n\t\n\n\xa0\n\n\n\n"
        "5\n\n\t\xa0\t\xa0\t\n\n2\n\n\t\n\n7\n\n\t\xa0\t\xa0\n\n五、存在的主要问题"
    )
    rows = [tabs_to_pipes(line) for line in cells_on_one_line(text).splitlines() if line]
    assert rows == [
        "一、本年新收政府信息公开申请数量 | 821 | 35 |  | 859 |",
        "（二）部分公开 | 3 |  |  |",
        "5 |  |  | 2 | 7 |  |  |",
        "五、存在的主要问题",
    ]
    # A tab alone on a line here and there (a pasted file's indents) is no such table.
    stray = (
        "某局报告\n\t\n一、总体情况\n\t\n本年度公开信息。\n规章\t1\t\t\n行政规范性文件\t8\t5\t698"
    )
    assert cells_on_one_line(stray) == stray


_STACKED = (
    "|结果<br>维持|结果<br>纠正|总<br>计|结果<br>维持|未经复<br>结果<br>纠正|议直接起诉<br>总<br>计"
    "|结果<br>维持|复<br>结果<br>纠正|议后起诉<br>总<br>计|"
)


def test_spanning_label_stacked_in_header_cells_reads_as_one_label() -> None:
    # pymupdf4llm cuts 未经复议直接起诉 at the column lines and stacks each piece above its
    # column's own label: the pieces go to a row of their own, the row keeps its line number.
    document = read_text(
        ("四、行政复议、行政诉讼情况\n" + _STACKED + "\n|1|0|1|1|0|1|1|0|1|\n").encode()
    )
    (table,) = [b for b in document.blocks() if b.kind == "table"]
    texts = [re.sub(r"[\s|]+", "", line.text) for line in table.lines]
    assert texts[0] == "未经复议直接起诉复议后起诉"
    assert texts[1] == "结果维持结果纠正总计" * 3
    assert [line.provenance.line for line in table.lines] == [2, 2, 3]


def test_labels_wrapped_over_three_lines_stay_whole() -> None:
    own = "|自然<br>人|社会<br>公益<br>组织|法律<br>服务<br>机构|总<br>计|"
    assert unstack_header(own) == [own]
    # A merged value row (3<br>0) is no header.
    assert unstack_header("|（七）总计|72|3<br>0|0<br>0<br>0|0<br>0<br>0|75|") == [
        "|（七）总计|72|3<br>0|0<br>0<br>0|0<br>0<br>0|75|"
    ]


def test_box_drawn_table_rows_wrapped_in_their_cells_are_one_row_each() -> None:
    # elinks -dump draws tables with box characters and wraps a long label in its cell.
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "├─────────────────────┼────┼────┤\n"
        "│一、本年新收政府信息公开申请 │142 │181 │\n"
        "│数量                         │    │    │\n"
        "├─────────────────────┼────┼────┤\n"
        "│二、上年结转政府信息公开申请 │6   │8   │\n"
        "│数量                         │    │    │\n"
        "└─────────────────────┴────┴────┘\n"
    )
    rows = [ln for b in read_text(text.encode()).blocks() for ln in b.lines if "│" in ln.text]
    assert [(ln.text, ln.provenance.line) for ln in rows] == [
        ("│一、本年新收政府信息公开申请数量│142│181│", 3),
        ("│二、上年结转政府信息公开申请数量│6│8│", 6),
    ]
