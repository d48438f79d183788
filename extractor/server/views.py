"""What the web page shows of a finished batch, read from its ``records.jsonl``: one compact row
per report for the batch table and charts, one record by its line number for the report view,
and each body through its years (the records :mod:`extractor.batch.yearly` keeps for
``series.csv`` and ``compare.jsonl``) for the series chart and the compare view. A batch of
thousands of reports is tens of megabytes of records; the page fetches the rows and then only
the records a person opens."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from extractor.batch.crossyear import agency_key
from extractor.batch.outputs import RULES, rule_status
from extractor.batch.yearly import Yearly
from extractor.fields import field_specs

META = ("title", "agency", "year", "template", "publication_date")


@cache
def key_fields() -> tuple[str, ...]:
    """The fields a batch row carries: the applicant columns of 本年新收, each outcome row's
    总计 (table 三) and all of table 四, enough for the table's totals and the batch charts."""
    out = []
    for fid, spec in field_specs().items():
        if spec.table == "四" or (
            spec.table == "三" and (fid.startswith("requests.new.") or fid.endswith(".total"))
        ):
            out.append(fid)
    return tuple(out)


def public(text: str, prefixes: tuple[str, ...]) -> str:
    """Records name archive members by the server's path to the archive; clients see the
    archive's own name."""
    for prefix in prefixes:
        text = text.replace(prefix, "")
    return text


def report_row(index: int, record: dict[str, Any], prefixes: tuple[str, ...]) -> dict[str, Any]:
    source = record.get("source") or {}
    meta = record.get("metadata") or {}
    fields = record.get("fields") or {}
    checks = record.get("checks") or []
    return {
        "index": index,
        "uri": public(str(source.get("uri") or ""), prefixes),
        "kind": source.get("kind"),
        "status": record.get("status"),
        **{k: meta.get(k) for k in META},
        "errors": [e.get("code") for e in record.get("errors") or []],
        "failing": [r for r in RULES if rule_status(checks, r) == "fail"],
        "fields": {f: fields[f] for f in key_fields() if f in fields},
    }


def report_rows(path: Path, prefixes: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for index, line in enumerate(fh):
            if line.strip():
                rows.append(report_row(index, json.loads(line), prefixes))
    return rows


def record_at(path: Path, index: int, prefixes: tuple[str, ...]) -> str | None:
    """Line ``index`` of the records, with the server's folders taken out; None past the end."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n == index:
                return public(line, prefixes) if line.strip() else None
    return None


def _yearly(path: Path, key: str | None = None) -> Yearly:
    """The records series.csv keeps (one per body and year), with their line numbers; only
    the body whose agency_key is ``key`` when given."""
    years = Yearly()
    with path.open(encoding="utf-8") as fh:
        for index, line in enumerate(fh):
            if not line.strip():
                continue
            record = json.loads(line)
            if key is not None:
                agency = (record.get("metadata") or {}).get("agency")
                if not agency or agency_key(agency) != key:
                    continue
            years.add(record, index)
    return years


def bodies(path: Path) -> list[dict[str, Any]]:
    """Each body of the batch with its years, each year's record and the consecutive pairs
    (the ones compare.jsonl holds), bodies with most years first."""
    years = _yearly(path)
    grouped: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for (key, year), rec in sorted(years.kept.items()):
        grouped.setdefault(key, []).append((year, rec))
    out = []
    for key, entries in grouped.items():
        index = {year: years.index[(key, year)] for year, _ in entries}
        out.append(
            {
                # The name as the latest report prints it.
                "agency": entries[-1][1]["metadata"]["agency"],
                "years": [y for y, _ in entries],
                "records": [index[y] for y, _ in entries],
                "pairs": [
                    {"old": index[y - 1], "new": index[y], "old_year": y - 1, "new_year": y}
                    for y, _ in entries
                    if y - 1 in index
                ],
            }
        )
    return sorted(out, key=lambda b: (-len(b["years"]), b["agency"]))


def series(path: Path, agency: str) -> dict[str, Any] | None:
    """One body's values through its years, as series.csv has them: ``fields`` maps each field
    id (dictionary order) to its value per year of ``years`` (null where that year lacks it).
    None when no record of the batch names that body."""
    years = _yearly(path, agency_key(agency))
    if not years.kept:
        return None
    kept = sorted(years.kept.items())
    order = list(field_specs())
    rank = {f: i for i, f in enumerate(order)}
    ids = sorted(
        {f for _, rec in kept for f in rec["fields"]}, key=lambda f: (rank.get(f, len(order)), f)
    )
    return {
        "agency": kept[-1][1]["metadata"]["agency"],
        "years": [year for (_, year), _ in kept],
        "records": [years.index[k] for k, _ in kept],
        "fields": {f: [rec["fields"].get(f) for _, rec in kept] for f in ids},
    }
