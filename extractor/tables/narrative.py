"""Repair link: a glued row that the table's rules cannot settle, settled by the report's own
prose when it states the numbers.

Table 二 has no arithmetic rule, so ``行政规范性文件8855698`` has fifteen readings that keep
every rule. Reports often say the same numbers in words: "集中公开现行有效行政规范性文件698件，
动态更新本年度制发的规范性文件88件". A *fact* is a clause (between 。；，) that names one row of
the table (its label or an alias), one column (the core of the column label: 制发, 废止,
现行有效, 新制作, …) and exactly one count (``N件/个/项/条``). A row left ambiguous is
settled when exactly one of its readings has every stated fact at its place; the cells keep
``how = "repaired"`` and the record gets a warning saying so. Nothing is guessed: with no fact,
or facts that two readings (or none) satisfy, the row stays null; in a row no rule binds, a
cell the reading takes for a collapsed blank stays null unless a fact states it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from extractor.fields import field_specs
from extractor.tables.repair import Cell, Solution, _values
from extractor.tables.templates import Number, TableTemplate
from extractor.textnorm import to_simplified

_CLAUSE = re.compile(r"[^。；;，,\n]+")
_COUNT = re.compile(r"(\d+)\s*(?:件|个|项|条|份)")


@cache
def column_core(field_id: str) -> str:
    """The words of a field's column label that prose would use: 本年制发件数 → 制发."""
    label = field_specs()[field_id].label_path.split("/")[-1].strip()
    label = re.sub(r"[（(].*?[）)]", "", label)
    label = re.sub(r"^本年度?", "", label)
    return re.sub(r"(?:件数|数量|金额|数)$", "", label)


Facts = dict[str, set[Number]]


def narrative_facts(text: str, template: TableTemplate) -> Facts:
    """Field id → the counts the prose states for it."""
    facts: Facts = {}
    clauses, joined = _clauses(text)
    for spec in template.rows:
        names = (spec.label, *spec.aliases)
        # A name in no clause is a name nowhere in the joined clauses (names hold no newline):
        # one search instead of one per clause, for the many rows the prose never names.
        if not any(n in joined for n in names):
            continue
        for clause in clauses:
            if not any(n in clause for n in names):
                continue
            counts = _COUNT.findall(clause)
            cols = [f for f in spec.fields if (core := column_core(f)) and core in clause]
            if len(counts) == 1 and len(cols) == 1:
                facts.setdefault(cols[0], set()).add(int(counts[0]))
    return facts


@lru_cache(maxsize=8)
def _clauses(text: str) -> tuple[list[str], str]:
    """The prose's clauses, simplified, and all of them joined by newlines: the same text is
    read for each of a region's templates."""
    clauses = [to_simplified(c) for c in _CLAUSE.findall(text)]
    return clauses, "\n".join(clauses)


def needs_facts(solution: Solution) -> bool:
    """Whether :func:`settle_with_facts` could change anything in ``solution``: a row with
    several readings and a cell left null. Rows hold fields of their own, so settling one row
    never makes another qualify; where none does, the prose need not be read for facts."""
    return any(
        len(row.candidates) >= 2
        and not all(solution.values.get(f) is not None for f in row.reading.spec.fields)
        for row in solution.rows
    )


def settle_with_facts(solution: Solution, facts: Facts) -> list[tuple[str, str]]:
    """Fill the cells of ambiguous rows that exactly one fact-keeping reading explains; returns
    the warnings to add."""
    warnings: list[tuple[str, str]] = []
    if not facts:
        return warnings
    for row in solution.rows:
        fields = row.reading.spec.fields
        if len(row.candidates) < 2 or all(solution.values.get(f) is not None for f in fields):
            continue
        stated = [(i, facts[f]) for i, f in enumerate(fields) if f in facts]
        if not stated:
            continue
        keep = [v for v in row.candidates if all(v[i].value in ns for i, ns in stated)]
        if len({_values(v) for v in keep}) != 1:
            continue
        for fid, cell in zip(fields, keep[0], strict=True):
            if row.kind == "unplaced" and cell.token is None and fid not in facts:
                # A cell the reading takes for a collapsed blank, in a row no rule binds: the
                # prose placed the printed values, but nothing printed this cell (pdfminer on
                # an A5 page printed 行政规范性文件's other cells apart: 0 | 0 for 55 | 698).
                continue
            solution.values[fid] = Cell(cell.value, "repaired", cell.raw, cell.token)
        label = row.reading.spec.label
        said = ", ".join(str(n) for _, ns in stated for n in sorted(ns))
        warnings.append(
            (
                "repaired_from_text",
                f"{label}: the one reading of its glued cells that matches the counts the "
                f"report states in its text ({said})",
            )
        )
    return warnings


def prose_of(lines: Iterable[str]) -> str:
    """The document's narrative text: lines that are sentences, not table rows."""
    return "\n".join(line for line in lines if "。" in line or "，" in line)
