"""What the web page shows of a finished batch, read from its ``records.jsonl``: one compact row
per report for the batch table and charts, and one record by its line number for the report
view. A batch of thousands of reports is tens of megabytes of records; the page fetches the
rows and then only the records a person opens."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from extractor.batch.outputs import RULES, rule_status
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
