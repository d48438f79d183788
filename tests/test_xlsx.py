"""extractor.batch.xlsx: the streaming xlsx writer of dataset.xlsx, read back with openpyxl and
compared, cell by cell, with what openpyxl's write-only mode (the writer it replaces) wrote for
the same rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.batch.xlsx import MAX_TEXT, Workbook, column_letter

openpyxl = pytest.importorskip("openpyxl")

ROWS: list[list[Any]] = [
    ["a <b> & \"c\" 'd'.txt", "ok", 2023, 0.1 + 0.2, None, "", " 前后空格 "],
    ["=HYPERLINK(1)", "=", 1e-7, 12345678901234567890, -3, "行\r\n二\t三", "x" * 40000],
    ["控制\x01字符\x1f", True, False, 7.0, 1e21, "#N/A?", None],
    [None, None, None, None, None, None, "last"],
]


def _openpyxl_book(path: Path) -> None:
    """The same sheets as openpyxl's write-only mode wrote them for dataset.xlsx."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    for name in ("数据", "校验"):
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "B3"

        def cell(value: Any, bold: bool = False, sheet: Any = sheet) -> Any:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if not bold and not (isinstance(value, str) and value.startswith("=")):
                return value
            c = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"
            if bold:
                c.font = Font(bold=True)
            return c

        sheet.append([cell(v, bold=True) for v in ("来源", "状态", "年度")])
        sheet.append(["uri", "status", "year"])
        for row in ROWS:
            sheet.append([cell(v) for v in row])
    book.save(path)


def _ours(path: Path) -> None:
    book = Workbook(frozen_rows=2)
    for name in ("数据", "校验"):
        sheet = book.create_sheet(name, 3)
        sheet.append(["来源", "状态", "年度"], bold=True)
        sheet.append(["uri", "status", "year"])
        for row in ROWS:
            sheet.append(row)
    book.save(path)


def _read(path: Path, read_only: bool) -> list[Any]:
    book = openpyxl.load_workbook(path, read_only=read_only)
    out: list[Any] = [book.sheetnames]
    for sheet in book.worksheets:
        if not read_only:
            out.append(sheet.freeze_panes)
        for row in sheet.iter_rows():
            out.append(
                [
                    (c.value, c.data_type if c.value is not None else None)
                    + (() if read_only else (bool(c.font.b),))
                    for c in row
                ]
            )
    return out


@pytest.mark.parametrize("read_only", [False, True])
def test_cells_read_back_as_openpyxl_wrote_them(tmp_path: Path, read_only: bool) -> None:
    _openpyxl_book(tmp_path / "theirs.xlsx")
    _ours(tmp_path / "ours.xlsx")
    assert _read(tmp_path / "ours.xlsx", read_only) == _read(tmp_path / "theirs.xlsx", read_only)


def test_values_types_header_and_panes(tmp_path: Path) -> None:
    _ours(tmp_path / "ours.xlsx")
    book = openpyxl.load_workbook(tmp_path / "ours.xlsx")
    assert book.sheetnames == ["数据", "校验"]
    sheet = book["数据"]
    assert sheet.freeze_panes == "B3"
    assert [c.font.b for c in sheet[1]][:3] == [True, True, True]
    assert not sheet["A2"].font.b
    # Text is text (never a formula), kept whole but for what XML cannot hold.
    assert sheet["A3"].value == "a <b> & \"c\" 'd'.txt"
    assert sheet["A4"].value == "=HYPERLINK(1)" and sheet["A4"].data_type == "s"
    assert sheet["F4"].value == "行\r\n二\t三"
    assert sheet["G3"].value == " 前后空格 "
    assert sheet["G4"].value == "x" * MAX_TEXT
    assert sheet["A5"].value == "控制字符"
    assert sheet["C3"].value == 2023 and sheet["D3"].value == 0.3  # %.16g, as openpyxl
    assert sheet["B5"].value is True and sheet["C5"].value is False
    assert sheet["E3"].value is None and sheet["F3"].value is None


def test_text_that_reads_as_an_excel_error_is_text(tmp_path: Path) -> None:
    """openpyxl wrote ``#N/A`` and Excel's other error names as error cells; a title that says
    so is text."""
    book = Workbook()
    book.create_sheet("s", 1).append(["#N/A"])
    book.save(tmp_path / "e.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "e.xlsx")["s"]["A1"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_same_rows_same_bytes(tmp_path: Path) -> None:
    _ours(tmp_path / "a.xlsx")
    _ours(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_column_letters() -> None:
    assert [column_letter(i) for i in (1, 26, 27, 52, 53, 702, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_a_value_that_is_no_cell_is_refused(tmp_path: Path) -> None:
    sheet = Workbook().create_sheet("s", 1)
    with pytest.raises(ValueError):
        sheet.append([{"a": 1}])


def test_a_sheet_past_the_zip64_limit_reads_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet streamed into the zip must be marked zip64 beforehand when it may pass 2 GiB;
    the limit lowered here so that the small rows pass it."""
    import zipfile

    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000)
    _ours(tmp_path / "big.xlsx")
    monkeypatch.undo()
    sheet = openpyxl.load_workbook(tmp_path / "big.xlsx")["数据"]
    assert sheet["A3"].value == "a <b> & \"c\" 'd'.txt" and sheet["G6"].value == "last"


def test_libreoffice_reads_the_cells_openpyxl_reads(tmp_path: Path) -> None:
    """A spreadsheet program, not only openpyxl, opens the file: LibreOffice (where installed)
    converts each sheet to CSV, and every cell is the value openpyxl reads."""
    import csv
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    _ours(tmp_path / "ours.xlsx")
    profile = (tmp_path / "profile").as_uri()  # its settings stay in tmp_path
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            # UTF-8 (76), every sheet (-1) to its own file, text quoted
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1",
            "--outdir",
            str(tmp_path / "csv"),
            str(tmp_path / "ours.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    book = openpyxl.load_workbook(tmp_path / "ours.xlsx", read_only=True)
    for name in book.sheetnames:
        theirs = list(
            csv.reader((tmp_path / "csv" / f"ours-{name}.csv").open(encoding="utf-8", newline=""))
        )
        ours = [list(r) for r in book[name].iter_rows(values_only=True)]
        assert len(ours) == len(theirs)
        for mine, read in zip(ours, theirs, strict=True):
            read += [""] * (len(mine) - len(read))
            for value, text in zip(mine, read, strict=False):
                if value is None:
                    assert text == ""
                elif isinstance(value, bool):
                    assert text == ("TRUE" if value else "FALSE")
                elif isinstance(value, int | float):
                    assert float(text) == pytest.approx(value, rel=1e-14)
                else:
                    # LibreOffice keeps a cell's line breaks as LF (its own convention).
                    assert text == value.replace("\r\n", "\n")
