from extractor.reading.html import read_html

PAGE = """<html><head><meta charset="gbk"><title>某某区2023年政府信息公开工作年度报告</title>
<meta name="PubDate" content="2024-01-30 09:00">
<style>p {color: red}</style><script>var x = "一、不是正文";</script></head>
<body><div class="nav"><a href="/">首页</a> 政务公开</div>
<div class="breadcrumb">当前位置：首页 &gt; 年报</div>
<div class="article-content">
<p>一、总体情况</p><p>本年度我区认真落实条例。<br>第二行文字。</p>
<table>
<tr><td rowspan="2" colspan="2">项目</td><td colspan="2">数量</td></tr>
<tr><td>甲</td><td>乙</td></tr>
<tr><td rowspan="2">分组</td><td>一行</td><td>1</td><td>2</td></tr>
<tr><td>二行</td><td>3</td><td>4</td></tr>
</table>
</div>
<div class="footer">版权所有 网站标识码 ICP备案</div></body></html>"""


def test_reads_body_without_chrome() -> None:
    doc = read_html(PAGE.encode("gbk"))
    texts = [b.text for b in doc.blocks()]
    assert texts[:3] == ["一、总体情况", "本年度我区认真落实条例。", "第二行文字。"]
    joined = "\n".join(texts)
    for chrome in ("首页", "当前位置", "版权所有", "不是正文", "color"):
        assert chrome not in joined
    assert doc.title_hint == "某某区2023年政府信息公开工作年度报告"
    assert doc.meta["publication_date"] == "2024-01-30 09:00"
    assert doc.meta["encoding"] == "gb18030"


def test_rowspan_and_colspan_expand_into_the_grid() -> None:
    doc = read_html(PAGE.encode("gbk"))
    grid = next(b.grid for b in doc.blocks() if b.grid is not None)
    assert (grid.n_rows, grid.n_cols) == (4, 4)
    assert grid.matrix(fill_spans=True) == [
        ["项目", "项目", "数量", "数量"],
        ["项目", "项目", "甲", "乙"],
        ["分组", "一行", "1", "2"],
        ["分组", "二行", "3", "4"],
    ]
    assert grid.matrix()[3] == ["", "二行", "3", "4"]


def test_layout_table_is_read_as_text() -> None:
    page = "<table><tr><td><p>一、总体情况</p><table><tr><td>1</td></tr></table></td></tr></table>"
    doc = read_html(page.encode())
    assert next(b.kind for b in doc.blocks()) == "heading"


def test_radical_look_alikes_of_pdf_made_html_are_folded() -> None:
    # pdftohtml keeps the PDF's code points: ⽅ (U+2F45) is 方, ⼀ (U+2F00) is 一.
    page = "<html><body><p>⼀、总体情况</p><p>同步谋划解读⽅案。</p></body></html>"
    texts = [b.text for b in read_html(page.encode()).blocks()]
    assert texts == ["一、总体情况", "同步谋划解读方案。"]


def test_radical_look_alikes_written_as_character_references_are_folded() -> None:
    # mutool writes every character as a reference (&#x2f06; is ⼆, 二): unfolded, 二、主动公开…
    # was no heading, and the prose's numbers before it stood as values above table 二.
    page = "<p>&#x2f06;&#x3001;主动公开政府信息情况</p><p>&#x2f8f;政许可</p>"
    blocks = list(read_html(page.encode()).blocks())
    assert [b.text for b in blocks] == ["二、主动公开政府信息情况", "行政许可"]
    assert blocks[0].kind == "heading"


def test_positioned_paragraphs_keep_a_blank_cells_space() -> None:
    """pdftohtml and mutool print a PDF table's blank cell as a paragraph of its space glyph,
    or run it into the next value ("&#160;&#160;141"): kept as a line of one space, which the
    tables stage takes for a blank cell only where a table's rows show it."""
    cells = ["138", "&#160;", "<span> </span>", "3", "&#160;&#160;141"]
    body = "".join(f'<p style="position:absolute;top:9px">{c}</p>\n' for c in cells)
    doc = read_html(f"<html><body><div>{body}</div></body></html>".encode())
    assert [line.text for b in doc.blocks() for line in b.lines] == [
        "138",
        " ",
        " ",
        "3",
        " ",
        "141",
    ]
