"""Real PDFs for the PDF-layer tests, drawn with reportlab (its built-in STSong-Light CID font,
no font files): report text with ruled tables, a page frame around the body like many real
reports, running headers and page-number footers, tables that run over page breaks."""

from __future__ import annotations

import io
from typing import Any

from extractor.tables.cells import parse_cell

FONT = "STSong-Light"
TOP, BOTTOM, LEFT, RIGHT = 790.0, 60.0, 60.0, 535.0


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return [c for c in cells if c] or [""]


def _layout(rows: list[list[str]]) -> list[list[str]]:
    """Pad rows to the table's width: in wide tables (三, 四) numbers go to the right-hand
    columns, as printed; narrow ones (二) keep their cells from the left."""
    width = max(len(r) for r in rows)
    out = []
    for r in rows:
        nums = 0
        while nums < len(r) and parse_cell(r[-1 - nums]).kind == "number":
            nums += 1
        if width >= 8 and nums:
            labels = r[: len(r) - nums]
            out.append(labels + [""] * (width - len(r)) + r[len(r) - nums :])
        else:
            out.append(r + [""] * (width - len(r)))
    return out


def _wrap(text: str, chars: int) -> list[str]:
    chars = max(1, chars)
    return [text[i : i + chars] for i in range(0, len(text), chars)] or [""]


class _Writer:
    def __init__(self, c: Any, frame: bool, header: str | None, footer: bool) -> None:
        self.c, self.frame, self.header, self.footer = c, frame, header, footer
        self.y, self.page = TOP, 1

    def decorate(self) -> None:
        if self.header:
            self.c.setFont(FONT, 8)
            self.c.drawString(LEFT, 815, self.header)
        if self.footer:
            self.c.setFont(FONT, 8)
            self.c.drawString(290, 30, f"- {self.page} -")
        if self.frame:
            self.c.rect(LEFT - 8, BOTTOM - 8, RIGHT - LEFT + 16, TOP - BOTTOM + 20)

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.decorate()
            self.c.showPage()
            self.page += 1
            self.y = TOP

    def paragraph(self, line: str) -> None:
        for part in _wrap(line, 46):
            self.need(14)
            self.c.setFont(FONT, 10)
            self.c.drawString(LEFT, self.y - 10, part)
            self.y -= 14

    def table(self, rows: list[list[str]]) -> None:
        width = len(rows[0])
        total = RIGHT - LEFT
        # Label columns get room; number columns are narrow.
        label_cols = min(3, width - 1) if width >= 8 else 1
        if width == 1:
            widths = [total]
        else:
            label_w = total * (0.45 if width >= 8 else 0.4)
            rest = (total - label_w) / (width - label_cols)
            widths = [label_w / label_cols] * label_cols + [rest] * (width - label_cols)
        size = 6.0
        for row in rows:
            wrapped = [_wrap(t, int(w // size) - 1) for t, w in zip(row, widths, strict=True)]
            height = max(len(w) for w in wrapped) * (size + 2) + 4
            self.need(height)
            x = LEFT
            for w, parts in zip(widths, wrapped, strict=True):
                self.c.rect(x, self.y - height, w, height)
                self.c.setFont(FONT, size)
                for k, part in enumerate(parts):
                    self.c.drawString(x + 2, self.y - (k + 1) * (size + 2), part)
                x += w
            self.y -= height
        self.y -= 6


def ruled_report_pdf(
    text: str,
    *,
    frame: bool = True,
    header: str | None = "星河市临江区人民政府办公室",
    footer: bool = True,
    encrypt: Any = None,
) -> bytes:
    """``text`` as a PDF: pipe-table lines become ruled tables, the rest wrapped paragraphs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    w = _Writer(c, frame, header, footer)
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if "|" in line:
            rows = []
            while i < len(lines) and "|" in lines[i]:
                rows.append(_cells(lines[i]))
                i += 1
            w.table(_layout(rows))
            continue
        i += 1
        if line:
            w.paragraph(line)
    w.decorate()
    c.showPage()
    c.save()
    return out.getvalue()
