"""Pipe text (HTML tables a crawler rendered as ``a | b | c |`` lines) → grid.

A1 is handled here: one table row per line, merged-cell placeholders kept as empty cells. The
one-cell-per-line patterns (A2–A5) keep one cell per row here and are rebuilt downstream.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.document import Cell, Grid, Line


def split_pipe_row(text: str) -> list[str]:
    """``"规章 | 0 | 0 | 0 |"`` → ``["规章", "0", "0", "0"]``: the outer pipes close no cell."""
    t = text.strip()
    parts = [p.strip() for p in t.split("|")]
    if t.endswith("|"):
        parts.pop()
    if t.startswith("|") and parts:
        parts.pop(0)
    return parts


def lines_to_grid(lines: Sequence[Line]) -> Grid:
    cells: list[Cell] = []
    n_cols = 0
    for r, line in enumerate(lines):
        row = split_pipe_row(line.text)
        n_cols = max(n_cols, len(row))
        cells.extend(Cell(r, c, text, provenance=line.provenance) for c, text in enumerate(row))
    return Grid(tuple(cells), len(lines), n_cols)
