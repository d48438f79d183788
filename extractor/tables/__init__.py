"""Stage 3, tables: table blocks → rebuilt grids → template tables → canonical fields.

The chain is lines → cells → grid (:mod:`extractor.tables.pipe`, or the reader's own grid) →
template mapping (:mod:`extractor.tables.mapping`). Grids that match no template still come out
in ``tables`` as kind ``other``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from extractor.document import Block, Document, Grid
from extractor.report import FieldEvidence, Table, WarningInfo
from extractor.tables.labels import normalize
from extractor.tables.mapping import Mapping, Number, best_mapping, parse_cell
from extractor.tables.pipe import lines_to_grid
from extractor.tables.templates import TableTemplate

logger = logging.getLogger(__name__)

# Anchor labels of the pre-2019 统计表 (template.md §4): either local form or the 2014 national one.
PRE2019_ANCHORS = (("指标名称", "计量单位"), ("统计指标", "统计数"))


@dataclass
class TablesResult:
    tables: list[Table] = field(default_factory=list)
    fields: dict[str, Number | None] = field(default_factory=dict)
    evidence: dict[str, FieldEvidence] = field(default_factory=dict)
    templates: list[TableTemplate] = field(default_factory=list)
    warnings: list[WarningInfo] = field(default_factory=list)
    generation: str = "unknown"
    """Report template generation told by the labels: 2021, 2019, pre2019 or unknown."""
    block_tables: dict[int, str] = field(default_factory=dict)
    """id(block) → table id, so that sections can place their tables."""


def block_grid(block: Block) -> Grid:
    """The block's grid: the reader's own, or one rebuilt from its pipe lines."""
    return block.grid if block.grid is not None else lines_to_grid(block.lines)


def mapping_matrix(grid: Grid) -> list[list[str]]:
    """Rows for label matching: spanned labels repeated into every position they cover, while a
    number spanning several columns counts once (the 2021 table 二 gives 行政许可 one cell of
    colspan 3)."""
    out = grid.matrix(fill_spans=True)
    for c in grid.cells:
        if c.colspan > 1 and parse_cell(c.text).kind == "number":
            for r in range(c.row, min(c.row + c.rowspan, grid.n_rows)):
                for k in range(c.col + 1, min(c.col + c.colspan, grid.n_cols)):
                    out[r][k] = ""
    return out


def reconstruct(document: Document) -> TablesResult:
    result = TablesResult()
    for block in document.blocks():
        if block.kind != "table":
            continue
        grid = block_grid(block)
        matrix = mapping_matrix(grid)
        if not any(any(c.strip() for c in row) for row in matrix):
            continue
        number = len(result.tables) + 1
        table_id = f"t{number}"
        result.block_tables[id(block)] = table_id
        mapping = best_mapping(matrix)
        page = document.page_of(block)
        plain = grid.matrix()
        if mapping is None:
            split = _header_rows(matrix)
            result.tables.append(
                Table(
                    id=table_id, kind="other", page=page, header=plain[:split], rows=plain[split:]
                )
            )
            continue
        split = mapping.first_data_row or 0
        template = mapping.template
        result.tables.append(
            Table(
                id=table_id,
                kind=template.kind,
                page=page,
                template=_generation(template),
                header=plain[:split],
                rows=plain[split:],
            )
        )
        _merge(result, mapping, number, grid, page)
    result.generation = _report_generation(result)
    return result


def _header_rows(matrix: list[list[str]]) -> int:
    for r, row in enumerate(matrix):
        if any(parse_cell(c).kind == "number" for c in row):
            return r
    return min(1, len(matrix))


def _generation(template: TableTemplate) -> str | None:
    return template.generations[0] if len(template.generations) == 1 else None


def _merge(
    result: TablesResult, mapping: Mapping, number: int, grid: Grid, page: int | None
) -> None:
    """Add a mapped grid's values; a table continued in a later grid only fills what is missing."""
    if mapping.template not in result.templates:
        result.templates.append(mapping.template)
    lines = {(c.row, c.col): c.provenance.line for c in grid.cells}
    for fid, mv in mapping.values.items():
        if result.fields.get(fid) is not None:
            continue
        result.fields[fid] = mv.value
        if mv.value is None or mv.how == "missing":
            result.evidence.pop(fid, None)
            continue
        result.evidence[fid] = FieldEvidence(
            page=page,
            table=number,
            row=mv.row,
            col=mv.col,
            raw=mv.raw,
            how=mv.how,
            line=lines.get((mv.row, mv.col)),
        )
    blanks = sorted(f for f, mv in mapping.values.items() if mv.how == "blank_as_zero")
    if blanks:
        result.warnings.append(
            WarningInfo(
                code="blank_as_zero",
                message=f"t{number}: {len(blanks)} blank cells read as 0 ({', '.join(blanks[:3])}"
                + (", …)" if len(blanks) > 3 else ")"),
            )
        )
    for code, message in mapping.warnings:
        result.warnings.append(WarningInfo(code=code, message=f"t{number}: {message}"))


def _report_generation(result: TablesResult) -> str:
    gens = [t.generations for t in result.templates]
    for g in gens:
        if len(g) == 1:
            return g[0]
    for table in result.tables:
        text = normalize("".join("".join(r) for r in table.header + table.rows[:3]))
        if any(all(a in text for a in pair) for pair in PRE2019_ANCHORS):
            return "pre2019"
    return "unknown"
