"""The batch's flat outputs, made from ``records.jsonl`` in one streaming pass:
``dataset.csv`` (one row per report: metadata, every canonical field, each rule's status),
``dataset.parquet`` when pyarrow is installed, ``summary.json`` (which counts the
``not_a_report`` documents a crawl brings in), ``cross_report_checks.csv``, and each body
through the years: ``series.csv`` and ``compare.jsonl`` (:mod:`extractor.batch.yearly`)."""

from __future__ import annotations

import csv
import heapq
import json
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.batch.crossyear import cross_checks, needed
from extractor.batch.yearly import Yearly
from extractor.fields import field_specs

logger = logging.getLogger(__name__)

RULES = ("R1", "R2", "R3", "R4", "S3", "S4")
META = ("title", "agency", "year", "template", "publication_date", "report_score")
SLOWEST = 10


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def columns() -> list[str]:
    return [
        "uri",
        "status",
        "kind",
        "sha256",
        *META,
        "error_codes",
        "warnings",
        "elapsed_ms",
        *field_specs(),
        *(f"check_{r}" for r in RULES),
    ]


def rule_status(checks: list[dict[str, Any]], rule: str) -> str:
    """fail if any instance of the rule failed, pass if some passed, else not_applicable."""
    states = {c["status"] for c in checks if c["rule"] == rule}
    if not states:
        return ""
    for state in ("fail", "pass"):
        if state in states:
            return state
    return "not_applicable"


def row(record: dict[str, Any]) -> dict[str, Any]:
    source, meta = record["source"], record.get("metadata", {})
    out: dict[str, Any] = {
        "uri": source["uri"],
        "status": record["status"],
        "kind": source.get("kind"),
        "sha256": source.get("sha256"),
        **{k: meta.get(k) for k in META},
        "error_codes": ";".join(e["code"] for e in record.get("errors", [])),
        "warnings": len(record.get("warnings", [])),
        "elapsed_ms": record.get("elapsed_ms"),
    }
    fields = record.get("fields", {})
    out.update({f: fields.get(f) for f in field_specs()})
    checks = record.get("checks", [])
    out.update({f"check_{r}": rule_status(checks, r) for r in RULES})
    return out


def write_outputs(out_dir: Path) -> dict[str, Any]:
    records_path = out_dir / "records.jsonl"
    cols = columns()
    by_status: Counter[str] = Counter()
    by_template: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []
    yearly: list[tuple[str, int, dict[str, Any]]] = []
    through_years = Yearly()
    rows_for_parquet: list[dict[str, Any]] | None = [] if _has_pyarrow() else None
    with (out_dir / "dataset.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols)
        writer.writeheader()
        for record in _records(records_path):
            r = row(record)
            writer.writerow(r)
            if rows_for_parquet is not None:
                rows_for_parquet.append(r)
            by_status[record["status"]] += 1
            by_template[r["template"] or "unknown"] += 1
            by_kind[r["kind"] or "unknown"] += 1
            for rule in RULES:
                if r[f"check_{rule}"] == "fail":
                    failing[rule] += 1
            for e in record.get("errors", []):
                errors[e["code"]] += 1
            meta = record.get("metadata", {})
            if meta.get("agency") and meta.get("year"):
                yearly.append((meta["agency"], meta["year"], needed(record.get("fields", {}))))
            through_years.add(record)
            elapsed = record.get("elapsed_ms") or 0.0
            heapq.heappush(slowest, (elapsed, r["uri"]))
            if len(slowest) > SLOWEST:
                heapq.heappop(slowest)
    if rows_for_parquet is not None:
        _write_parquet(out_dir / "dataset.parquet", rows_for_parquet, cols)
    cross = cross_checks(yearly)
    header = ["agency", "year", "previous_year", "rule", "scope", "status", "expected", "found"]
    with (out_dir / "cross_report_checks.csv").open("w", encoding="utf-8", newline="") as fh:
        cross_writer = csv.writer(fh)
        cross_writer.writerow(header)
        for c in cross:
            cross_writer.writerow([getattr(c, h) for h in header])
    # series.csv and compare.jsonl: each body through its years (extractor/batch/yearly.py).
    years = through_years.write(out_dir)
    summary = {
        "documents": sum(by_status.values()),
        "by_status": dict(by_status),
        "by_template": dict(by_template),
        "by_kind": dict(by_kind),
        "failing_checks": dict(failing),
        "error_codes": dict(errors),
        # Pages that are not annual reports (the bulk of a crawl's failures), apart from the
        # documents that could not be read at all.
        "not_a_report": errors.get("not_a_report", 0),
        "slowest": [{"uri": u, "elapsed_ms": ms} for ms, u in sorted(slowest, reverse=True)],
        "parquet": rows_for_parquet is not None,
        "cross_report_checks": {
            rule: dict(Counter(c.status for c in cross if c.rule == rule)) for rule in ("S1", "S2")
        },
        "cross_report_failures": [
            {
                "agency": c.agency,
                "year": c.year,
                "rule": c.rule,
                "scope": c.scope,
                "expected": c.expected,
                "found": c.found,
            }
            for c in cross
            if c.status == "fail"
        ][:100],
        "years": years,
    }
    (out_dir / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return summary


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _write_parquet(path: Path, rows: list[dict[str, Any]], cols: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    numeric = set(field_specs()) | {"elapsed_ms", "report_score"}
    schema = pa.schema(
        [
            (c, pa.float64() if c in numeric else pa.int64() if c in ("year", "warnings")
             else pa.string())
            for c in cols
        ]
    )  # fmt: skip
    data = {
        c: [None if r[c] is None else float(r[c]) if c in numeric else r[c] for r in rows]
        for c in cols
    }
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)
