"""Word files: .docx read with python-docx (made here with python-docx itself), legacy .doc
through LibreOffice or a clear error."""

import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document as make_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from extractor import Report, extract
from extractor.reading.docx import _chinese, read_docx
from extractor.reading.sources import NamedBytes

from .conftest import SHARED_REAL, requires_real


def assert_read(report: Report) -> None:
    """The document was read: later stages may still report their own errors (``partial``),
    which are not this reader's business."""
    assert report.status != "failed", report.errors
    assert not [e for e in report.errors if e.stage == "reading"], report.errors


TITLE = "某某市某某局2023年政府信息公开工作年度报告"
REVIEW = [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 1, 1]

_CHINESE_NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""


def _numbered(doc: Any, text: str, level: int = 0) -> None:
    """A paragraph whose "一、" / "（一）" comes from Word's automatic numbering, not its text."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        )
    )


def _add_numbering(doc: Any) -> None:
    numbering = doc.part.numbering_part.element
    # abstractNum elements must come before num elements in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(_CHINESE_NUMBERING)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )


def _review_table(doc: Any, values: list[int] | None) -> None:
    """Table 四 as the template prints it: 行政复议 over five columns (gridSpan), its five
    result headers each over two rows (vMerge), then one row of values."""
    t = doc.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, name in enumerate(results):
        t.cell(1, i).merge(t.cell(2, i)).text = name
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for i, name in enumerate(results * 2):
        t.cell(2, 5 + i).text = name
    for i, v in enumerate(values or [None] * 15):
        t.cell(3, i).text = "" if v is None else str(v)


def _proactive_table(doc: Any) -> None:
    t = doc.add_table(rows=7, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for i, h in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, i).text = h
    for r, (label, *vals) in enumerate([("规章", 0, 0, 2), ("行政规范性文件", 3, 1, 15)], 2):
        t.cell(r, 0).text = label
        for i, v in enumerate(vals, 1):
            t.cell(r, i).text = str(v)
    t.cell(4, 0).merge(t.cell(4, 3)).text = "第二十条第（五）项"
    t.cell(5, 0).text = "信息内容"
    t.cell(5, 1).merge(t.cell(5, 3)).text = "本年处理决定数量"
    t.cell(6, 0).text = "行政许可"
    t.cell(6, 1).merge(t.cell(6, 3)).text = "120"


def report_docx() -> bytes:
    """A small 2021-template report: numbered headings, a heading style, merged-cell tables."""
    doc = make_document()
    _add_numbering(doc)
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph("本报告由某某市某某局根据《中华人民共和国政府信息公开条例》编制。")
    _numbered(doc, "总体情况")
    doc.add_paragraph("2023年，我局认真贯彻落实政府信息公开工作要求，全年主动公开信息356条。")
    _numbered(doc, "主动公开政府信息情况")
    _proactive_table(doc)
    _numbered(doc, "收到和处理政府信息公开申请情况")
    doc.add_paragraph("本年度共收到政府信息公开申请12件。")
    _numbered(doc, "政府信息公开行政复议、行政诉讼情况")
    _review_table(doc, REVIEW)
    doc.add_heading("五、存在的主要问题及改进情况", level=1)
    doc.add_paragraph("一是公开内容不够全面。下一步，我局将加强培训，提高公开质量。")
    _numbered(doc, "其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_report_sections_tables_and_fields() -> None:
    report = extract(NamedBytes("report.docx", report_docx()))
    assert_read(report)
    assert report.source.kind == "docx"
    ids = [s.id for s in report.sections]
    for sid in (
        "overview",
        "proactive_disclosure",
        "requests",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ):
        assert sid in ids
    overview = next(s for s in report.sections if s.id == "overview")
    assert overview.title == "一、总体情况"  # the label came from numbering.xml
    assert report.metadata.title == TITLE
    names = [
        "review.upheld",
        "review.corrected",
        "review.other",
        "review.pending",
        "review.total",
        "litigation_direct.upheld",
        "litigation_direct.corrected",
        "litigation_direct.other",
        "litigation_direct.pending",
        "litigation_direct.total",
        "litigation_after_review.upheld",
        "litigation_after_review.corrected",
        "litigation_after_review.other",
        "litigation_after_review.pending",
        "litigation_after_review.total",
    ]
    assert [report.fields[n] for n in names] == REVIEW
    assert report.fields["proactive.normative_documents.in_force"] == 15
    assert report.fields["proactive.licensing.decisions"] == 120
    kinds = [t.kind for t in report.tables]
    assert kinds == ["proactive", "review_litigation"]


def test_docx_merged_cells_become_spans() -> None:
    doc = read_docx(report_docx())
    headings = [b.text for b in doc.blocks() if b.kind == "heading"]
    assert headings[:3] == [TITLE, "一、总体情况", "二、主动公开政府信息情况"]
    assert "四、政府信息公开行政复议、行政诉讼情况" in headings
    grids = [b.grid for b in doc.blocks() if b.kind == "table"]
    assert len(grids) == 2 and all(g is not None for g in grids)
    review = grids[1]
    assert review is not None
    assert (review.n_rows, review.n_cols) == (4, 15)
    at = {(c.row, c.col): c for c in review.cells}
    assert (at[(0, 0)].text, at[(0, 0)].colspan) == ("行政复议", 5)
    assert (at[(0, 5)].text, at[(0, 5)].colspan) == ("行政诉讼", 10)
    assert (at[(1, 0)].text, at[(1, 0)].rowspan, at[(1, 0)].colspan) == ("结果维持", 2, 1)
    assert (at[(1, 5)].text, at[(1, 5)].colspan) == ("未经复议直接起诉", 5)
    assert (2, 0) not in at  # covered by the vMerge above, not a cell of its own
    assert review.matrix()[3] == [str(v) for v in REVIEW]
    proactive = grids[0]
    assert proactive is not None
    lic = next(c for c in proactive.cells if c.text == "120")
    assert (lic.col, lic.colspan) == (1, 3)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_TEXT_BOX = """<w:r {ns} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{body}</w:txbxContent>
  </wps:txbx></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></w:pict>
  </mc:Fallback></mc:AlternateContent></w:r>"""
_BOX_BODY = """<w:p><w:r><w:t>文本框里的说明</w:t></w:r></w:p>
  <w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
  <w:tr><w:tc><w:p><w:r><w:t>行政许可</w:t></w:r></w:p></w:tc>
  <w:tc><w:p><w:r><w:t>120</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"""


def test_text_box_is_read_once_with_its_table() -> None:
    """Word writes a text box twice (DrawingML and a VML fallback), inside a run of the
    paragraph that anchors it: its text was read twice, glued to that paragraph, and its
    table flattened into it."""
    doc = make_document()
    doc.add_paragraph("正文开头")
    anchor = doc.add_paragraph()  # text boxes are usually anchored in an empty paragraph
    anchor._p.append(parse_xml(_TEXT_BOX.format(ns=nsdecls("w"), body=_BOX_BODY)))
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0]._p.append(
        parse_xml(_TEXT_BOX.format(ns=nsdecls("w"), body="<w:p><w:r><w:t>格内</w:t></w:r></w:p>"))
    )
    cell.add_paragraph("单元格")
    blocks = list(read_docx(_save(doc)).blocks())
    assert [b.text for b in blocks] == [
        "正文开头",
        "文本框里的说明",
        "行政许可 | 120",
        "格内 单元格",
    ]
    assert blocks[2].grid is not None and blocks[2].grid.matrix() == [["行政许可", "120"]]


def test_hostile_grid_positions_stay_bounded() -> None:
    """w:gridBefore of fifty million made a grid of fifty million columns (seconds and
    gigabytes for one row); a w:gridSpan past the table's grid gave 200 empty columns."""
    doc = make_document()
    table = doc.add_table(rows=3, cols=2)
    for row in table.rows:
        for c in row.cells:
            c.text = "1"
    tr0 = table.rows[0]._tr
    tr0.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="50000000"/>'))
    span = parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="999"/>')
    table.rows[1].cells[0]._tc.get_or_add_tcPr().append(span)
    table.rows[2].cells[0]._tc.get_or_add_tcPr().append(parse_xml(f"<w:vMerge {nsdecls('w')}/>"))
    grids = [b.grid for b in read_docx(_save(doc)).blocks() if b.grid is not None]
    assert len(grids) == 1
    assert grids[0].n_cols <= 1000
    assert [(c.row, c.col, c.colspan) for c in grids[0].cells if c.row > 0] == [
        (1, 0, 2),
        (1, 2, 1),  # the row's second cell, after the span, as Word places it
        (2, 0, 1),  # a vMerge continuation with nothing above to merge into is a cell
        (2, 1, 1),
    ]


def test_chinese_counting() -> None:
    assert [_chinese(n) for n in (1, 9, 10, 11, 20, 23, 99, 100, 105, 115)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
        "九十九",
        "一百",
        "一百零五",
        "一百一十五",
    ]


@requires_real
def test_blank_template_tables_are_recognised_with_null_values() -> None:
    report = extract(SHARED_REAL / "template-2021-blank.docx")
    assert_read(report)
    assert report.source.kind == "docx"
    assert report.metadata.template == "2021"
    assert [s.id for s in report.sections][1:] == [
        "overview",
        "proactive_disclosure",
        "requests",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]
    kinds = [t.kind for t in report.tables]
    assert kinds[:2] == ["proactive", "requests"]
    assert len(kinds) == 3
    assert report.fields and all(v is None for v in report.fields.values())
    assert "requests.new.total" in report.fields
    assert "proactive.licensing.decisions" in report.fields
    # Table 四: its header grid exactly as the template merges it, blank values kept blank.
    doc = read_docx((SHARED_REAL / "template-2021-blank.docx").read_bytes())
    review = [b.grid for b in doc.blocks() if b.grid is not None][2]
    assert review is not None and (review.n_rows, review.n_cols) == (4, 15)
    assert review.matrix(fill_spans=True)[2][:5] == [
        "结果维持",
        "结果 纠正",
        "其他 结果",
        "尚未 审结",
        "总计",
    ]
    assert review.matrix()[3] == [""] * 15


@requires_real
def test_blank_template_review_table_is_recognised() -> None:
    # Regression: table 四 without any number was not recognised (a blank form).
    report = extract(SHARED_REAL / "template-2021-blank.docx")
    assert [t.kind for t in report.tables] == ["proactive", "requests", "review_litigation"]
    assert "review.total" in report.fields and report.fields["review.total"] is None


def test_docx_named_doc_is_read_as_docx() -> None:
    report = extract(NamedBytes("report.doc", report_docx()))
    assert_read(report)
    assert report.source.kind == "docx"


def test_damaged_docx_is_a_clear_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>not xml")
    report = extract(NamedBytes("broken.docx", out.getvalue()))
    assert report.status == "failed"
    assert report.errors[0].code == "corrupt"


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_legacy_doc_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("extractor.reading.docx.shutil.which", lambda name: None)
    report = extract(NamedBytes("old.doc", OLE_HEADER))
    assert report.status == "failed"
    assert report.source.kind == "doc"
    assert report.errors[0].code == "needs_libreoffice"
    assert "LibreOffice" in report.errors[0].message


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    """A stand-in ``soffice`` on PATH: the conversion's plumbing is tested without LibreOffice."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "soffice"
    exe.write_text("#!/bin/sh\n" + body)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return bindir


def test_legacy_doc_through_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    converted = tmp_path / "converted.docx"
    converted.write_bytes(report_docx())
    script = (
        'while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; esac; shift; done\n'
        f'mkdir -p "$out" && cp "{converted}" "$out/input.docx"\n'
    )
    bindir = _fake_soffice(tmp_path, script)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    report = extract(NamedBytes("old.doc", OLE_HEADER))
    assert_read(report)
    assert report.source.kind == "doc"
    assert report.fields["review.total"] == 1


def test_legacy_doc_that_libreoffice_cannot_convert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bindir = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\n")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    report = extract(NamedBytes("old.doc", OLE_HEADER))
    assert report.status == "failed"
    assert report.errors[0].code == "corrupt"
    assert "could not be loaded" in report.errors[0].message


def test_a_docx_zip_bomb_is_refused() -> None:
    import zipfile
    from io import BytesIO

    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    report = extract(NamedBytes("bomb.docx", buf.getvalue()))
    assert report.status == "failed"
    assert report.errors[0].code == "too_large"
