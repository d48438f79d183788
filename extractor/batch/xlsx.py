"""A streaming writer of the few xlsx features ``dataset.xlsx`` uses: sheets of plain values
(text, numbers, booleans), a bold header row and frozen panes.

An xlsx file is a zip of XML parts. openpyxl's write-only mode wrote this workbook one cell
object at a time (~5 µs a cell, 134,000 cells for 600 reports: ~40% of a batch process's CPU);
here each row is one string written to a temporary file per sheet, and the parts are zipped
when the workbook is saved. The cells are the ones openpyxl wrote, read back alike (tested by
reading the file with openpyxl): text as inline strings (``t="inlineStr"``, with control
characters taken out and cut to Excel's 32,767 characters, as openpyxl does), numbers formatted
``%.16g`` (openpyxl's ``safe_string``), booleans as ``1``/``0``, ``None`` left out; text that
starts with ``=`` is text, never a formula. The zip's entries carry a fixed date, so the same
rows give the same file, byte for byte."""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any

# XML 1.0 allows neither these control characters nor U+FFFE/U+FFFF; openpyxl refuses the first
# (its ILLEGAL_CHARACTERS_RE, which the workbook took out before), lxml the others.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel's longest cell text; openpyxl cut text there.
MAX_TEXT = 32767
# Entries' date: fixed (the zip format's earliest), so the same rows give the same bytes.
_DATE = (1980, 1, 1, 0, 0, 0)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letter(index: int) -> str:
    """Excel's name of the 1-based column ``index``: A … Z, AA … ZZ, AAA …"""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _escape(text: str) -> str:
    # A carriage return is kept as a character reference: a parser turns a literal one into a
    # line feed.
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _text_cell(ref: str, value: str, style: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    value = value[:MAX_TEXT]
    if not value:
        return f'<c r="{ref}"{style} t="inlineStr"/>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'


class Sheet:
    """One worksheet's rows, appended to a temporary file as they come."""

    def __init__(self, name: str, width: int) -> None:
        self.name = name
        self.rows = 0
        self.letters = [column_letter(i) for i in range(1, width + 1)]
        # Closed by Workbook.save or Workbook.close.
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115

    def append(self, values: list[Any], *, bold: bool = False) -> None:
        """One row; None leaves its cell out."""
        self.rows += 1
        r = self.rows
        style = ' s="1"' if bold else ""
        letters = self.letters
        if len(values) > len(letters):
            letters.extend(column_letter(i) for i in range(len(letters) + 1, len(values) + 1))
        cells = []
        for letter, value in zip(letters, values, strict=False):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                cells.append(_text_cell(f"{letter}{r}", value, style))
            elif kind is int:
                cells.append(f'<c r="{letter}{r}"{style} t="n"><v>{value:.16g}</v></c>')
            elif kind is float:
                v = "" if math.isinf(value) or math.isnan(value) else f"{value:.16g}"
                cells.append(f'<c r="{letter}{r}"{style} t="n"><v>{v}</v></c>')
            elif kind is bool:
                cells.append(f'<c r="{letter}{r}"{style} t="b"><v>{int(value)}</v></c>')
            else:
                raise ValueError(f"cannot write {value!r} to a worksheet")
        self.file.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())

    def close(self) -> None:
        self.file.close()


class Workbook:
    """Sheets written row by row, zipped into an xlsx file by :meth:`save`. Every sheet has its
    first ``frozen_rows`` rows and first column frozen."""

    def __init__(self, frozen_rows: int = 2) -> None:
        self.sheets: list[Sheet] = []
        self.frozen_rows = frozen_rows

    def create_sheet(self, name: str, width: int) -> Sheet:
        sheet = Sheet(name, width)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        for sheet in self.sheets:
            sheet.close()

    def save(self, path: Path) -> None:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, text in self._parts():
                z.writestr(zipfile.ZipInfo(name, _DATE), text, zipfile.ZIP_DEFLATED)
            top = self._sheet_top()
            for i, sheet in enumerate(self.sheets, 1):
                info = zipfile.ZipInfo(f"xl/worksheets/sheet{i}.xml", _DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                size = sheet.file.seek(0, os.SEEK_END) + len(top) + 64
                sheet.file.seek(0)
                # A member written as a stream must say beforehand whether it may pass 2 GiB
                # (zip64; about 70 million cells).
                with z.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as member:
                    member.write(top.encode())
                    shutil.copyfileobj(sheet.file, member, 1 << 20)
                    member.write(b"</sheetData></worksheet>")
        self.close()

    def _sheet_top(self) -> str:
        frozen = f"B{self.frozen_rows + 1}"
        return (
            f'{_XML}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
            f'<pane xSplit="1" ySplit="{self.frozen_rows}" topLeftCell="{frozen}" '
            'activePane="bottomRight" state="frozen"/><selection pane="topRight"/>'
            '<selection pane="bottomLeft"/>'
            '<selection pane="bottomRight" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><sheetData>'
        )

    def _parts(self) -> list[tuple[str, str]]:
        n = len(self.sheets)
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        types = (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheet_types}</Types>"
        )
        root_rels = (
            f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        )
        sheets = "".join(
            f'<sheet name="{_escape(s.name).replace(chr(34), "&quot;")}" sheetId="{i}" '
            f'r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, 1)
        )
        workbook = (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
            '<workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets></workbook>"
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        workbook_rels = (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        )
        # Two cell formats: 0 plain, 1 bold (the header row).
        styles = (
            f'{_XML}<styleSheet xmlns="{_MAIN}"><fonts count="2">'
            '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )
        return [
            ("[Content_Types].xml", types),
            ("_rels/.rels", root_rels),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/styles.xml", styles),
        ]
