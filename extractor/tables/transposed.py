"""Table 四 printed transposed: one row per block (行政复议, 未经复议直接起诉, 复议后起诉), one
column per result (结果维持, 结果纠正, 其他结果, 尚未审结, 总计). Laid out again as the template
prints it (three header rows, then the fifteen cells in one row) for table 四's one reading.

Read as printed, no header row of the template's was found: the table came out as kind
``other`` and its fifteen fields ``null`` (session 12, ``heyuan2019_2019fmt``). The layout is
taken only when every cell is accounted for: one header row whose last five cells are the five
results (in any order: the cells are placed by their own header), exactly three rows after it,
each naming one block in its leading cells and printing a number or a visible blank in each of
the five result columns. Anything else is left as printed.
"""

from __future__ import annotations

import re

from extractor.document import Cell, Grid
from extractor.tables.cells import parse_cell

PARTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
BLOCKS = ("review", "litigation_direct", "litigation_after_review")
_SPACE = re.compile(r"\s+")


def _block(label: str) -> str | None:
    t = _SPACE.sub("", label)
    if "复议后起诉" in t:
        return "litigation_after_review"
    if "未经复议" in t or "直接起诉" in t:
        return "litigation_direct"
    if "复议" in t and "诉讼" not in t and "起诉" not in t:
        return "review"
    return None


def untransposed(grid: Grid) -> Grid | None:
    """The template's layout of a transposed table 四, or None when ``grid`` is not one."""
    if grid.n_cols < 6 or grid.n_rows != 4:
        return None
    matrix = grid.matrix()
    filled = grid.matrix(fill_spans=True)
    head = [_SPACE.sub("", c) for c in filled[0][-5:]]
    # The corner cells may name the rows (类别, 项目) but hold no number.
    if sorted(head) != sorted(PARTS) or any(parse_cell(c).kind == "number" for c in matrix[0][:-5]):
        return None
    at = {(c.row, c.col): c for c in grid.cells}
    values: dict[str, list[Cell]] = {}
    for r in range(1, 4):
        block = _block("".join(filled[r][:-5]))
        if block is None or block in values:
            return None
        row: list[Cell] = []
        for k in range(grid.n_cols - 5, grid.n_cols):
            cell = at.get((r, k))
            if cell is None or cell.rowspan != 1 or cell.colspan != 1:
                return None
            if parse_cell(cell.text).kind not in ("number", "blank"):
                return None
            row.append(cell)
        values[block] = [row[head.index(p)] for p in PARTS]
    cells = [
        Cell(0, 0, "行政复议", colspan=5),
        Cell(0, 5, "行政诉讼", colspan=10),
        *(Cell(1, i, p, rowspan=2) for i, p in enumerate(PARTS)),
        Cell(1, 5, "未经复议直接起诉", colspan=5),
        Cell(1, 10, "复议后起诉", colspan=5),
        *(Cell(2, 5 + i, p) for i, p in enumerate(PARTS * 2)),
    ]
    for b, block in enumerate(BLOCKS):
        for i, cell in enumerate(values[block]):
            cells.append(Cell(3, b * 5 + i, cell.text, provenance=cell.provenance))
    return Grid(tuple(cells), 4, 15)
