"""Fields the record gives as a sum of printed ones, so that one column holds an item for every
report whatever its template.

The 2021 table 三 splits （六）其他处理 into three rows (``requests.other.no_correction``,
``fee_unpaid``, ``misc``); the 2019 format and some 2021 tables print it as one row
(``requests.other.all``). Where a record has the three rows, ``requests.other.all.<column>`` is
their sum with ``field_evidence[...].how = "derived"``; where any of the three is null or not
in the document, the sum is null (warning ``not_derived``), never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping

from extractor.report import FieldEvidence, WarningInfo
from extractor.tables.templates import Number

OTHER_PARTS = ("no_correction", "fee_unpaid", "misc")
COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)
DERIVED: dict[str, tuple[str, ...]] = {
    f"requests.other.all.{col}": tuple(f"requests.other.{part}.{col}" for part in OTHER_PARTS)
    for col in COLUMNS
}
"""Each derived field id → the field ids it is the sum of."""


def _sum(values: list[Number]) -> Number:
    total: Number = sum(values)
    return round(total, 6) if isinstance(total, float) else total


def complete(fields: Mapping[str, Number | None]) -> dict[str, Number | None]:
    """``fields`` with the derived sums added where the parts are there and the sum is not (for
    truth files, which list the printed cells only)."""
    out = dict(fields)
    for target, parts in DERIVED.items():
        if target in out or not any(p in out for p in parts):
            continue
        values = [out.get(p) for p in parts]
        out[target] = (
            None if any(v is None for v in values) else _sum([v for v in values if v is not None])
        )
    return out


def derive(
    fields: dict[str, Number | None], evidence: dict[str, FieldEvidence]
) -> list[WarningInfo]:
    """Add the derived sums to a record's ``fields`` and ``field_evidence`` in place: only where
    the record has at least one of the parts and the sum was not printed. The evidence points at
    the first part's cell and ``raw`` shows the parts' values ("2+0+1")."""
    nulls: list[str] = []
    for target, parts in DERIVED.items():
        if target in fields or not any(p in fields for p in parts):
            continue
        values = [fields.get(p) for p in parts]
        if any(v is None for v in values) or any(p not in evidence for p in parts):
            fields[target] = None
            unread = [p for p, v in zip(parts, values, strict=True) if v is None]
            absent = [p for p in parts if p not in fields]
            why = []
            if absent:
                why.append(f"{', '.join(absent)} not in the document")
            if unread := [p for p in unread if p not in absent]:
                why.append(f"{', '.join(unread)} unreadable")
            nulls.append(f"{target} ({'; '.join(why)})")
            continue
        numbers = [v for v in values if v is not None]
        first = evidence[parts[0]]
        fields[target] = _sum(numbers)
        evidence[target] = FieldEvidence(
            page=first.page,
            table=first.table,
            row=first.row,
            col=first.col,
            raw="+".join(str(v) for v in numbers),
            how="derived",
            line=first.line,
        )
    if not nulls:
        return []
    more = ", …" if len(nulls) > 3 else ""
    return [
        WarningInfo(
            code="not_derived",
            message=f"{len(nulls)} sums of （六）其他处理's three rows left null: "
            f"{', '.join(nulls[:3])}{more}",
        )
    ]
