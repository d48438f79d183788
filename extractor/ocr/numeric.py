"""Fixes for the usual OCR confusions, applied only to table cells that must hold a number.

A cell "must be a number" when it sits in a table row and a table column that both already hold
numbers read cleanly (see :func:`fix_numeric_cells`); a label such as "Sl" elsewhere is never
touched. Letters that PP-OCR reads for digits on noisy scans: O/o/D/Q for 0, l/I/|/! for 1,
Z/z for 2, S/s for 5, G/b for 6, B for 8, g/q for 9. A lone CJK 一 or a long dash in such a cell
is the template's blank mark (—), which the table chain reads as a blank.
"""

from __future__ import annotations

import re
import unicodedata

from extractor.document import Cell, Grid

_CONFUSABLE = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "〇": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "!": "1",
        "Z": "2",
        "z": "2",
        "S": "5",
        "s": "5",
        "G": "6",
        "b": "6",
        "B": "8",
        "g": "9",
        "q": "9",
    }
)
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_FIXABLE = re.compile(r"^[\dODQ〇oIl|!ZzSsGbBgq,.]+$")
_BLANKS = {"一", "—", "-", "–", "——", "－", "一一"}
# Longest number a report table prints (fees in 万元 with decimals: 12345678.90).
_MAX_CHARS = 12


def clean_number_text(text: str) -> str:
    """NFKC (full-width digits and commas), spaces beside a comma or point and a trailing full
    stop removed. A space between two digits stays: in an OCR'd cell "12 0" is two cells'
    numbers (a rule between them was lost), not 120."""
    t = re.sub(r"\s*([,.])\s*", r"\1", unicodedata.normalize("NFKC", text)).strip()
    return t.rstrip("。.") if len(t) > 1 else t


def is_clean_number(text: str) -> bool:
    return bool(_NUMBER.match(clean_number_text(text)))


def fix_number(text: str) -> str | None:
    """The number ``text`` was meant to be, or None when it does not look like a misread one."""
    t = clean_number_text(text)
    if t in _BLANKS:
        return "—"
    if not t or len(t) > _MAX_CHARS or not _FIXABLE.match(t):
        return None
    fixed = t.translate(_CONFUSABLE)
    return fixed if _NUMBER.match(fixed) else None


def fix_numeric_cells(grid: Grid) -> Grid:
    """Fix cells whose row and column both hold at least one clean number elsewhere."""
    number_rows: dict[int, int] = {}
    number_cols: dict[int, int] = {}
    for c in grid.cells:
        if is_clean_number(c.text):
            number_rows[c.row] = number_rows.get(c.row, 0) + 1
            number_cols[c.col] = number_cols.get(c.col, 0) + 1
    cells: list[Cell] = []
    for c in grid.cells:
        text = c.text
        if text.strip() and not is_clean_number(text):
            # The cell itself is not clean, so the counts are of other cells.
            in_row = number_rows.get(c.row, 0)
            in_col = number_cols.get(c.col, 0)
            if in_row >= 1 and in_col >= 1 and (fixed := fix_number(text)) is not None:
                text = fixed
        elif is_clean_number(text):
            text = clean_number_text(text)
        cells.append(Cell(c.row, c.col, text, c.rowspan, c.colspan, c.provenance))
    return Grid(tuple(cells), grid.n_rows, grid.n_cols)
