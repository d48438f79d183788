"""The PDF layer on real PDFs drawn by tests/pdfgen.py (and ../shared/real/hzq2023.pdf)."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.reading.pdf import TextLine, grid_segments, read_pdf, running_lines, text_needs_ocr
from extractor.reading.sources import NamedBytes
from tests.conftest import CORPUS, SHARED_REAL, load_json, requires_real
from tests.pdfgen import ruled_report_pdf

SAMPLE = (CORPUS / "samples" / "xinghe2023.txt").read_text(encoding="utf-8")
TRUTH = load_json(CORPUS / "truth" / "xinghe2023.json")["fields"]


def _score(fields: dict[str, object]) -> tuple[int, list[str]]:
    wrong = [k for k, v in TRUTH.items() if fields.get(k) is not None and fields.get(k) != v]
    right = sum(1 for k, v in TRUTH.items() if fields.get(k) == v)
    return right, wrong


def test_ruled_tables_in_a_framed_page_with_running_header_and_footer() -> None:
    data = ruled_report_pdf(SAMPLE)
    doc = read_pdf(data)
    grids = [b for b in doc.blocks() if b.grid is not None]
    assert len(grids) == 3  # 二, 三, 四; the page frame is not a table
    texts = [b.text for b in doc.blocks() if b.grid is None]
    assert not any(t.startswith("- ") or t == "星河市临江区人民政府办公室" for t in texts)
    assert any(t.startswith("一、总体情况") for t in texts)
    cell = grids[0].grid.cells[0]  # type: ignore[union-attr]
    assert cell.provenance.page == 1 and cell.provenance.bbox is not None

    report = extract(NamedBytes("ruled.pdf", data))
    right, wrong = _score(report.fields)
    assert wrong == [] and right == len(TRUTH)
    assert report.source.pages == doc.pages[-1].number
    assert [s.id for s in report.sections][1:] == [
        "overview", "proactive_disclosure", "requests", "review_litigation",
        "problems_improvements", "other_matters",
    ]  # fmt: skip


def test_a_table_cut_by_a_page_break_is_joined() -> None:
    head, tail = SAMPLE.split("三、收到和处理政府信息公开申请情况")
    for filler in range(20, 60):
        text = head + "补充说明。\n" * filler + "三、收到和处理政府信息公开申请情况" + tail
        doc = read_pdf(ruled_report_pdf(text))
        requests = [b for b in doc.blocks() if b.grid is not None and "申请人情况" in b.text]
        pages = {c.provenance.page for c in requests[0].grid.cells}  # type: ignore[union-attr]
        if len(pages) == 2:
            break
    else:  # pragma: no cover - the filler range always puts the break inside the table
        pytest.fail("no filler length split table 三 over two pages")
    assert len(requests) == 1
    report = extract(NamedBytes("split.pdf", ruled_report_pdf(text)))
    right, wrong = _score(report.fields)
    assert wrong == [] and right == len(TRUTH)


def _encrypted(user_password: str) -> bytes:
    import io

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=StandardEncryption(user_password, ownerPassword="owner"))
    c.drawString(72, 720, "Annual report 2023: 5264 items published")
    c.showPage()
    c.save()
    return out.getvalue()


def test_encrypted_with_empty_password_opens_and_with_a_password_fails() -> None:
    doc = read_pdf(_encrypted(""))
    assert "5264 items" in next(doc.blocks()).text
    report = extract(NamedBytes("locked.pdf", _encrypted("secret")))
    assert report.status == "failed" and report.errors[0].code == "encrypted"


def test_corrupt_pdf_is_a_clear_error() -> None:
    data = ruled_report_pdf(SAMPLE)
    report = extract(NamedBytes("cut.pdf", data[: len(data) // 3]))
    assert report.status == "failed"
    assert report.errors[0].code in {"corrupt", "no_text"}


@pytest.mark.parametrize(
    ("text", "ocr"),
    [
        ("一、总体情况\n2023年，全区主动公开政府信息5264条。", False),
        ("行政许可 4127 行政处罚 1356 48 312.45", False),
        ("", True),
        ("(cid:12)(cid:345)(cid:77)(cid:9)" * 5, True),
        ("ÃÂÄÅÆÇÈÉÊ ËÌÍÎÏÐÑ ÒÓÔÕÖ ØÙÚÛÜ ÝÞß àáâ", True),
        ("\ue012\ue013\ue014\ue015 公开", True),
    ],
)
def test_ocr_decision(text: str, ocr: bool) -> None:
    assert text_needs_ocr(text) is ocr


def test_grid_segments_split_framed_text_from_table_rows() -> None:
    full = (0.0, 0.0, 100.0, 10.0)
    left, right = (0.0, 0.0, 50.0, 10.0), (50.0, 0.0, 100.0, 10.0)
    rows = [
        [full, None],  # a framed text line
        [left, right],
        [full, None],  # a sub-header between table rows stays
        [left, right],
        [full, None],  # text after the table
    ]
    texts = [
        "二、主动公开政府信息情况",
        "规章",
        "第二十条第（五）项",
        "行政许可",
        "全年共受理申请21件。",
    ]
    assert grid_segments(rows, 0.0, 100.0, texts) == [(1, 4)]
    assert grid_segments([[full], [full]], 0.0, 100.0) == []
    # A paragraph between two tables of one framed page splits them.
    prose = [
        "三、收到和处理政府信息公开申请情况",
        "本年度共收到申请21件，均已按时办结，办理情况详见下表。",
    ]
    rows2 = [[left, right], [full, None], [full, None], [left, right]]
    assert grid_segments(rows2, 0.0, 100.0, ["规章", *prose, "自然人"]) == [(0, 1), (3, 4)]


def test_running_headers_and_page_numbers() -> None:
    def page(n: int) -> list[TextLine]:
        return [
            TextLine(20, 28, "星河市人民政府办公室", (0, 20, 100, 28)),
            TextLine(300, 310, f"正文第{n}行", (0, 300, 100, 310)),
            TextLine(812, 820, f"第 {n} 页", (0, 812, 100, 820)),
        ]

    drop = running_lines([page(1), page(2), page(3)], [842.0] * 3)
    assert drop[1] == {"星河市人民政府办公室", "第 2 页"}


@requires_real
def test_hzq2023_pdf_tables_come_from_cells() -> None:
    doc = read_pdf((SHARED_REAL / "hzq2023.pdf").read_bytes())
    grids = [b.grid for b in doc.blocks() if b.grid is not None]
    # 二 (joined over pages 2–3), 三 (joined over pages 3–4), 四.
    assert [g.n_cols for g in grids] == [4, 10, 15]
    truth = load_json(SHARED_REAL / "truth" / "hzq2023.json")
    report = extract(SHARED_REAL / "hzq2023.pdf")
    wrong = {
        k: (v, report.fields.get(k))
        for k, v in truth["fields"].items()
        if report.fields.get(k) != v
    }
    assert wrong == {}


def test_a_last_row_alone_on_the_next_page_joins_its_table() -> None:
    # Regression (Chrome-printed pingtan2022): 行政事业性收费 9116.36 fell alone onto the next
    # page and was read as text, losing the field.
    head, tail = SAMPLE.split("二、主动公开政府信息情况")
    for filler in range(0, 60):
        text = head + "补充说明。\n" * filler + "二、主动公开政府信息情况" + tail
        doc = read_pdf(ruled_report_pdf(text))
        proactive = next(b for b in doc.blocks() if b.grid is not None and "规章" in b.text)
        cells = proactive.grid.cells  # type: ignore[union-attr]
        last = max(c.provenance.page or 0 for c in cells)
        if len({c.provenance.page for c in cells}) == 2 and (
            len({c.row for c in cells if c.provenance.page == last}) == 1
        ):
            break
    else:  # pragma: no cover - the filler range always puts one row on the next page
        pytest.fail("no filler length left one row of table 二 on the next page")
    report = extract(NamedBytes("lone.pdf", ruled_report_pdf(text)))
    right, wrong = _score(report.fields)
    assert wrong == [] and right == len(TRUTH)


def test_radical_look_alikes_are_folded() -> None:
    from extractor.textnorm import fold_compat

    # Chrome's print to PDF writes Kangxi radicals and radical-supplement forms.
    assert fold_compat("⾏政规范性⽂件 发热⻔诊 ⺠生") == "行政规范性文件 发热门诊 民生"


def test_scanned_pages_without_the_ocr_extra_leave_the_text_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from extractor.ocr.engines import get_engine
    from tests.pdfgen import FONT, _font

    _font()
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont(FONT, 10)
    c.drawString(72, 760, "星河市民政局2023年政府信息公开工作年度报告")
    c.drawString(72, 740, "一、总体情况")
    c.drawString(72, 720, "全年主动公开政府信息215条。")
    c.showPage()
    c.drawImage(ImageReader(Image.new("L", (600, 800), 255)), 0, 0, 595, 842)
    c.showPage()
    c.save()

    get_engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    try:
        report = extract(NamedBytes("mixed.pdf", out.getvalue()))
    finally:
        get_engine.cache_clear()
    assert report.status == "ok"
    assert [w.code for w in report.warnings if w.code == "pages_not_read"] == ["pages_not_read"]
    assert any("215条" in s.text for s in report.sections)
    assert report.metadata.agency == "星河市民政局"


def test_a_last_row_read_as_text_at_the_top_of_the_next_page_joins_the_table() -> None:
    # Regression (OCR of a scanned pingtan2022): 行政事业性收费9116.36 fell alone onto the next
    # page, was read as a text line, and the field was lost.
    from extractor.document import Block, Cell, Grid, Line, Page
    from extractor.reading.pdf import join_continued_tables

    grid = Grid((Cell(0, 0, "行政强制"), Cell(0, 1, "0")), 1, 2)
    a = Page(1, (Block("table", (Line("行政强制 | 0"),), grid=grid),))
    b = Page(
        2,
        (
            Block("paragraph", (Line("行政事业性收费9116.36"),)),
            Block("heading", (Line("三、收到和处理政府信息公开申请情况"),)),
        ),
    )
    first, second = join_continued_tables([a, b])
    table = first.blocks[0].grid
    assert table is not None and table.n_rows == 2
    assert table.matrix()[1][0] == "行政事业性收费9116.36"
    assert [blk.text for blk in second.blocks] == ["三、收到和处理政府信息公开申请情况"]

    prose = Page(2, (Block("paragraph", (Line("全年共收到申请21件。"),)),))
    assert join_continued_tables([a, prose])[1].blocks == prose.blocks


def test_rules_are_drawn_where_a_page_break_left_a_table_open() -> None:
    from extractor.reading.pdf import open_end_rules

    def v(x: float, top: float, bottom: float) -> dict[str, float | str]:
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom,
                "width": 0.0, "height": bottom - top}  # fmt: skip

    def h(y: float, x0: float, x1: float) -> dict[str, float | str]:
        return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y,
                "width": x1 - x0, "height": 0.0}  # fmt: skip

    # A row at the top of a page: verticals (one drawn as a thin rectangle: two edges) start at
    # 28 with nothing across; the rule under the row is there, and the next row's verticals go on.
    edges = [v(60, 28, 68), v(60.7, 28, 68), v(200, 28, 68), v(340, 28, 68), h(68, 60, 340)]
    edges += [v(60, 68, 124), v(200, 68, 124), v(340, 68, 124), h(124, 60, 340)]
    rules = open_end_rules(edges)
    assert [(r["top"], r["x0"], r["x1"]) for r in rules] == [(28.0, 60, 340)]
    assert open_end_rules([*edges, h(28, 60, 340)]) == []


def test_a_table_over_three_pages_is_one_grid() -> None:
    from extractor.document import Block, Cell, Grid, Line, Page
    from extractor.reading.pdf import join_continued_tables

    def grid(*labels: str) -> Block:
        cells = tuple(Cell(r, 0, t) for r, t in enumerate(labels))
        return Block("table", (Line(" ".join(labels)),), grid=Grid(cells, len(labels), 1))

    heading = Block("heading", (Line("四、政府信息公开行政复议、行政诉讼情况"),))
    pages = [
        Page(1, (grid("一、本年新收", "二、上年结转"),)),
        Page(2, (grid("（一）予以公开", "（七）总计"),)),
        Page(3, (grid("四、结转下年度继续办理"), heading)),
    ]
    joined = join_continued_tables(pages)
    table = joined[0].blocks[0].grid
    assert table is not None and table.n_rows == 5
    assert table.matrix()[-1] == ["四、结转下年度继续办理"]
    assert joined[1].blocks == () and joined[2].blocks == (heading,)
    # A page blank to begin with (an image OCR could not read) bridges nothing.
    blank = [pages[0], Page(2, ()), pages[2]]
    apart = join_continued_tables(blank)
    assert apart[0].blocks[0].grid.n_rows == 2  # type: ignore[union-attr]
    assert apart[2].blocks[0].grid is not None


def test_a_paragraph_of_many_printed_lines_is_one_line() -> None:
    """Regression: a joined line's doubled height failed the same-size test, so at most two
    printed lines were joined; and its widest extent let a short last line pass as full."""
    from extractor.reading.pdf import unwrap_pages

    def line(y: float, x1: float, text: str, x0: float = 0.0) -> TextLine:
        return TextLine(y, y + 10, text, (x0, y, x1, y + 10))

    lines = [
        line(0, 200, "第一行写满了整个版心宽度的正文文字", x0=20),
        line(14, 200, "第二行也写满了整个版心的宽度"),
        line(28, 200, "第三行同样写满"),
        line(42, 80, "第四行结束。"),
        line(56, 200, "下一段首行缩进两个字符", x0=20),
        line(70, 60, "到此为止"),
        line(84, 200, "这一行从左边距开始，不该接在短行之后"),
    ]
    joined = unwrap_pages([lines], [[]])[0]
    assert [t.text for t in joined] == [
        "第一行写满了整个版心宽度的正文文字第二行也写满了整个版心的宽度第三行同样写满第四行结束。",
        "下一段首行缩进两个字符到此为止",
        "这一行从左边距开始，不该接在短行之后",
    ]


def test_a_heading_is_not_run_into_its_first_line() -> None:
    """Regression: a heading that filled the line took the section's first line into it."""
    from extractor.reading.pdf import unwrap_pages

    def line(y: float, x1: float, text: str) -> TextLine:
        return TextLine(y, y + 10, text, (0.0, y, x1, y + 10))

    lines = [
        line(0, 200, "四、因政府信息公开工作被申请行政复议、提起行政"),
        line(14, 60, "诉讼情况"),
        line(28, 200, "复议、诉讼相关数据列表如下："),
    ]
    joined = unwrap_pages([lines], [[]])[0]
    assert [t.text for t in joined] == [
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "复议、诉讼相关数据列表如下：",
    ]
    lines = [line(0, 200, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"), lines[2]]
    assert len(unwrap_pages([lines], [[]])[0]) == 2
