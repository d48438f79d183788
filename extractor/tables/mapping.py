"""Grid → template table: which table a grid is, and the field id of each value cell.

Pure functions over a row matrix. A row is split into its label cells (the leading text cells)
and its value cells (what follows the last label); the last label names the row and is matched
fuzzily against the template's labels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.tables.labels import SIMILARITY, normalize, numbering, similar
from extractor.tables.templates import RowSpec, TableTemplate, templates

Number = int | float

_NUMBER = re.compile(r"^(?P<num>[-+−]?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|元|件|项|条|个|次|%)?$")
# Cells that print "nothing here" rather than a number: the template's blank-means-zero habit.
BLANK_MARKS = frozenset({"", "-", "—", "–", "——", "/", "／", "无", "\\"})


@dataclass(frozen=True, slots=True)
class ParsedCell:
    kind: str
    """number, blank or text."""
    value: Number | None = None
    unit: str | None = None


def parse_cell(raw: str) -> ParsedCell:
    t = raw.strip().replace(" ", "")
    if t in BLANK_MARKS:
        return ParsedCell("blank")
    m = _NUMBER.match(t)
    if not m:
        return ParsedCell("text")
    num = m.group("num").replace(",", "").replace("，", "").replace("−", "-").lstrip("+")
    value: Number = float(num) if "." in num else int(num)
    return ParsedCell("number", value, m.group("unit"))


@dataclass(frozen=True, slots=True)
class RowParts:
    labels: tuple[str, ...]
    """Label cells, left to right, consecutive duplicates (filled spans) removed."""
    values: tuple[tuple[int, str], ...]
    """(column, raw text) of the cells after the last label."""

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else ""


def split_row(cells: Sequence[str]) -> RowParts:
    last_label = -1
    for i, cell in enumerate(cells):
        if parse_cell(cell).kind == "text":
            last_label = i
    labels: list[str] = []
    for cell in cells[: last_label + 1]:
        text = cell.strip()
        if text and (not labels or labels[-1] != text):
            labels.append(text)
    values = tuple((i, cells[i]) for i in range(last_label + 1, len(cells)))
    return RowParts(tuple(labels), values)


def match_label(label: str, template: TableTemplate) -> tuple[RowSpec | None, float]:
    """The template row a printed label names, with the match score (0 when none)."""
    key = normalize(label)
    if not key:
        return None, 0.0
    best: tuple[RowSpec | None, float] = (None, 0.0)
    for row in template.rows:
        for cand in row.keys:
            if not cand:
                continue
            if key == cand:
                return row, 1.0
            score = similar(key, cand)
            # A label cut short by a wrap or a lost line still names its row (B6).
            if (
                min(len(key), len(cand)) >= 4
                and numbering(key) == numbering(cand)
                and (cand.startswith(key) or key.startswith(cand))
            ):
                score = max(score, 0.9)
            if score > best[1]:
                best = (row, score)

    return best if best[1] >= SIMILARITY else (None, 0.0)


@dataclass(frozen=True, slots=True)
class MappedValue:
    field: str
    value: Number | None
    raw: str
    row: int
    col: int
    how: str
    """direct, blank_as_zero, or missing (no value could be read)."""


@dataclass
class Mapping:
    template: TableTemplate
    values: dict[str, MappedValue] = field(default_factory=dict)
    matched_rows: int = 0
    first_data_row: int | None = None
    anchors: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def score(self) -> float:
        unmatched = len(self.template.rows) - self.matched_rows
        return self.matched_rows - 0.5 * unmatched + 2 * self.anchors

    @property
    def accepted(self) -> bool:
        if self.matched_rows == 0:
            return False
        unlabeled = any(not r.label for r in self.template.rows)
        # An unlabelled row (table 四's single data row) is only believed with the table's own
        # header words around it; labelled tables need two rows or two anchor labels.
        if unlabeled:
            return self.anchors >= 2
        return self.matched_rows >= 2 or self.anchors >= 2


def count_anchors(matrix: Sequence[Sequence[str]], template: TableTemplate) -> int:
    text = normalize("".join("".join(r) for r in matrix))
    return sum(1 for a in template.anchors if normalize(a) in text)


def map_grid(matrix: Sequence[Sequence[str]], template: TableTemplate) -> Mapping:
    """Map a row matrix (spans filled) onto ``template``."""
    mapping = Mapping(template, anchors=count_anchors(matrix, template))
    unlabeled = next((r for r in template.rows if not r.label), None)
    seen: set[str] = set()
    pending: list[tuple[int, RowSpec, RowParts]] = []
    for r, cells in enumerate(matrix):
        parts = split_row(cells)
        n_numbers = sum(1 for _, raw in parts.values if parse_cell(raw).kind == "number")
        spec: RowSpec | None = None
        if parts.labels:
            spec, _ = match_label(parts.label, template)
        if (
            spec is None
            and unlabeled is not None
            and n_numbers
            and (len(parts.values) >= len(unlabeled.fields))
        ):
            spec = unlabeled
        if spec is None:
            continue
        if spec.label in seen:
            mapping.warnings.append(
                ("duplicate_row", f"row {spec.label or '(data)'} appears again in grid row {r}")
            )
            continue
        seen.add(spec.label)
        pending.append((r, spec, parts))
    if not pending:
        return mapping
    mapping.matched_rows = len(pending)
    mapping.first_data_row = pending[0][0]
    has_numbers = any(
        parse_cell(raw).kind == "number" for _, _, p in pending for _, raw in p.values
    )
    for r, spec, parts in pending:
        _map_row(mapping, r, spec, parts, has_numbers)
    absent = [row.label for row in template.rows if row.label not in seen]
    if absent:
        # The table is here, so its fields are reported; a row we could not find is null.
        for fid in template.field_ids:
            mapping.values.setdefault(fid, MappedValue(fid, None, "", -1, -1, "missing"))
        mapping.warnings.append(
            ("rows_missing", f"{template.title}: rows not found: {', '.join(absent[:5])}")
        )
    if not has_numbers:
        mapping.warnings.append(
            ("no_values", f"{template.title}: labels found but no values (left null, not zero)")
        )
    return mapping


def _map_row(mapping: Mapping, r: int, spec: RowSpec, parts: RowParts, has_numbers: bool) -> None:
    values = list(parts.values)
    extra = [raw for _, raw in values[len(spec.fields) :] if parse_cell(raw).kind == "number"]
    if extra:
        mapping.warnings.append(
            (
                "extra_values",
                f"row {spec.label or '(data)'} has {len(values)} value cells, "
                f"{len(spec.fields)} expected; the extra ones were ignored",
            )
        )
    for i, fid in enumerate(spec.fields):
        if i >= len(values):
            mapping.values[fid] = MappedValue(fid, None, "", r, -1, "missing")
            continue
        col, raw = values[i]
        cell = parse_cell(raw)
        if cell.kind == "number":
            mapping.values[fid] = MappedValue(fid, cell.value, raw.strip(), r, col, "direct")
        elif cell.kind == "blank" and has_numbers:
            mapping.values[fid] = MappedValue(fid, 0, raw.strip(), r, col, "blank_as_zero")
        else:
            mapping.values[fid] = MappedValue(fid, None, raw.strip(), r, col, "missing")


def best_mapping(matrix: Sequence[Sequence[str]]) -> Mapping | None:
    """The template the grid matches best, or None for a table that is not a template table."""
    candidates = [m for t in templates() if (m := map_grid(matrix, t)).accepted]
    if not candidates:
        return None
    return max(candidates, key=lambda m: m.score)
