"""Table templates as data: ``extractor/data/templates/*.json``.

Each file describes one table of one or more report generations: its kind, anchor labels, rows
(label, aliases, parent label and the field id of every value cell, in column order) and its
consistency rules. A new report type or a revision of the format is a new file, not new code.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from extractor.fields import field_ids
from extractor.tables.labels import normalize


@dataclass(frozen=True, slots=True)
class RowSpec:
    label: str
    fields: tuple[str, ...]
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    """Normalised label and aliases: what the printed labels are matched against."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    rule: str
    description: str
    scope: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    for_each: dict[str, tuple[str, ...]]


Number = int | float


def expand(rule: RuleSpec) -> Iterator[tuple[str, list[str], list[str]]]:
    """(scope, lhs ids, rhs ids) for every binding of the rule's ``for_each`` variables."""
    names = list(rule.for_each)
    for combo in itertools.product(*(rule.for_each[n] for n in names)):
        env = dict(zip(names, combo, strict=True))
        yield (
            rule.scope.format(**env),
            [x.format(**env) for x in rule.lhs],
            [x.format(**env) for x in rule.rhs],
        )


@dataclass(frozen=True, slots=True)
class TableTemplate:
    id: str
    kind: str
    title: str
    description: str
    generations: tuple[str, ...]
    anchors: tuple[str, ...]
    columns: tuple[str, ...]
    """Value column names, where every row shares them (tables 三 and 四)."""
    rows: tuple[RowSpec, ...]
    rules: tuple[RuleSpec, ...]

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(f for row in self.rows for f in row.fields)


def _parse(data: dict[str, Any]) -> TableTemplate:
    rows = tuple(
        RowSpec(
            label=r["label"],
            fields=tuple(r["fields"]),
            parent=r.get("parent"),
            aliases=tuple(r.get("aliases", ())),
            keys=tuple(normalize(x) for x in (r["label"], *r.get("aliases", ())) if x),
        )
        for r in data["rows"]
    )
    rules = tuple(
        RuleSpec(
            rule=r["rule"],
            description=r["description"],
            scope=r["scope"],
            lhs=tuple(r["lhs"]),
            rhs=tuple(r["rhs"]),
            for_each={k: tuple(v) for k, v in r.get("for_each", {}).items()},
        )
        for r in data.get("rules", ())
    )
    template = TableTemplate(
        id=data["id"],
        kind=data["kind"],
        title=data["title"],
        description=data["description"],
        generations=tuple(data["generations"]),
        anchors=tuple(data["anchors"]),
        columns=tuple(data.get("columns", ())),
        rows=rows,
        rules=rules,
    )
    unknown = set(template.field_ids) - field_ids()
    if unknown:
        raise ValueError(f"template {template.id} names unknown field ids: {sorted(unknown)[:5]}")
    return template


@cache
def templates() -> tuple[TableTemplate, ...]:
    folder = resources.files("extractor").joinpath("data/templates")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.append(_parse(json.loads(entry.read_text(encoding="utf-8"))))
    return tuple(out)


def template_by_id(template_id: str) -> TableTemplate:
    for t in templates():
        if t.id == template_id:
            return t
    raise KeyError(template_id)
