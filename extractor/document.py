"""The document model: the one intermediate form every reader produces and every stage consumes.

A :class:`Document` is pages → blocks → lines. A block is a paragraph, a heading or a table.
Tables carry either a :class:`Grid` (when the reader saw real cells: HTML ``<table>``, PDF cells)
or only their raw lines (pipe text), which the ``tables`` stage turns into a grid. Everything keeps
its provenance (page, source line, bbox) so that output values can say where they came from.

These are plain frozen dataclasses: they are built once per document and never serialised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "heading", "table"]
BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Provenance:
    page: int | None = None
    """1-based page, for sources that have pages (PDF, scans); None for text and HTML."""
    line: int | None = None
    """1-based line of the decoded source text, where the reader knows it."""
    bbox: BBox | None = None


# A line break inside one cell of a pipe row, between two numbers (pymupdf4llm's ``<br>``:
# ``|…|138<br>133|``). Text readers write it between the numbers so the tables stage knows the
# two were printed on two lines of the cell, never as the runs of one value; it is no token.
CELL_LINE_BREAK = "\u2424"


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    provenance: Provenance = Provenance()
    indent: int | None = None
    """The spaces the source line opened with, where a text reader stripped them (a layout
    dump's columns start there); None where nobody counted."""


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    provenance: Provenance = Provenance()


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as cells on a row × column grid; spans are kept, not duplicated."""

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int

    def matrix(self, *, fill_spans: bool = False) -> list[list[str]]:
        """Rows of cell texts. Positions covered by a span get the spanning cell's text when
        ``fill_spans`` is true (what label matching wants) and ``""`` otherwise."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    if fill_spans or (r == c.row and k == c.col):
                        out[r][k] = c.text
        return out

    def origin(self) -> dict[tuple[int, int], Cell]:
        """Each grid position → the cell that covers it."""
        at: dict[tuple[int, int], Cell] = {}
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    at[(r, k)] = c
        return at


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    lines: tuple[Line, ...]
    grid: Grid | None = None
    provenance: Provenance = Provenance()
    text: str = field(init=False, repr=False, compare=False)
    """The lines joined by newlines: made once, the stages read it about ten times a block."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "\n".join([line.text for line in self.lines]))


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Document:
    kind: str
    pages: tuple[Page, ...]
    paged: bool = False
    """True when page numbers are real (PDF, scans), False for text and HTML (one page)."""
    title_hint: str | None = None
    """A title the container gave (HTML ``<title>`` or article-title meta), if any."""
    meta: dict[str, str] = field(default_factory=dict)
    """Reader-specific facts: the encoding, an HTML publication date, …"""

    def blocks(self) -> Iterator[Block]:
        for page in self.pages:
            yield from page.blocks

    def page_of(self, block: Block) -> int | None:
        return block.provenance.page if self.paged else None
