"""A batch's bodies through the years: ``series.csv`` and ``compare.jsonl`` (docs/batch.md).

- ``series.csv``: long format, one line per value: agency, year, field, value;
- ``compare.jsonl``: one :class:`~extractor.comparison.Comparison` per body and pair of consecutive
  years (bodies matched by :func:`extractor.batch.crossyear.agency_key`, as S1/S2 match them).

Only what a comparison needs is kept per record (metadata, fields, the reported themes), so a
large batch does not hold its records' tables and sections in memory.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.crossyear import agency_key
from extractor.fields import field_specs

REPORTED = ("problem", "measure", "achievement")


@dataclass
class Yearly:
    """Collects one record per (body, year) while the batch's records stream past."""

    kept: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    # The kept record's line in records.jsonl, where the caller gave one (the server's views).
    index: dict[tuple[str, int], int] = field(default_factory=dict)

    def add(self, record: dict[str, Any], index: int | None = None) -> None:
        meta = record.get("metadata") or {}
        agency, year = meta.get("agency"), meta.get("year")
        if not agency or not isinstance(year, int) or record.get("status") == "failed":
            return
        fields = {k: v for k, v in (record.get("fields") or {}).items() if v is not None}
        key = (agency_key(agency), year)
        # Two documents of one body and year (a page and its PDF): keep the fuller record.
        if key in self.kept and len(self.kept[key]["fields"]) >= len(fields):
            return
        if index is not None:
            self.index[key] = index
        self.kept[key] = {
            "status": record["status"],
            "source": {"uri": record["source"]["uri"]},
            "metadata": {
                "agency": agency,
                "year": year,
                "template": meta.get("template", "unknown"),
            },
            "fields": fields,
            "themes": [t for t in record.get("themes") or [] if t.get("label") in REPORTED],
        }

    def write(self, out_dir: Path) -> dict[str, int]:
        from extractor.comparison import compare
        from extractor.report import Report

        order = list(field_specs())
        rank = {f: i for i, f in enumerate(order)}
        values = 0
        with (out_dir / "series.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["agency", "year", "field", "value"])
            for (_, year), rec in sorted(self.kept.items()):
                for fid in sorted(rec["fields"], key=lambda f: rank.get(f, len(order))):
                    writer.writerow([rec["metadata"]["agency"], year, fid, rec["fields"][fid]])
                    values += 1
        comparisons = repeated = unfollowed = 0
        with (out_dir / "compare.jsonl").open("w", encoding="utf-8") as fh:
            for (key, year), rec in sorted(self.kept.items()):
                prev = self.kept.get((key, year - 1))
                if prev is None:
                    continue
                result = compare(Report.model_validate(prev), Report.model_validate(rec))
                fh.write(result.to_json() + "\n")
                comparisons += 1
                repeated += sum(p.repeated for p in result.problems)
                unfollowed += sum(not m.followed_up for m in result.measures)
        return {
            "bodies": len({k for k, _ in self.kept}),
            "series_values": values,
            "comparisons": comparisons,
            "repeated_problems": repeated,
            "measures_not_followed_up": unfollowed,
        }


def read_comparisons(path: Path) -> list[dict[str, Any]]:
    """The comparisons of a batch's ``compare.jsonl``, as dicts."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
