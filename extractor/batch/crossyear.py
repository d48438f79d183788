"""Checks across the reports of one body in consecutive years (template.md, soft checks):

- S1: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, per applicant column;
- S2: 现行有效件数 ≈ last year's 现行有效件数 + 本年制发 − 本年废止 (规章 and 行政规范性文件).

Both are soft: revisions, lapses and corrections break them in real data, so a failure is a lead
for a reader, not an error in either record.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from extractor.textnorm import to_simplified

COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services",
           "other_org", "total")  # fmt: skip
KINDS = ("regulations", "normative_documents")


def agency_key(agency: str) -> str:
    """The same body across years: width, script, spaces and brackets do not matter."""
    t = unicodedata.normalize("NFKC", to_simplified(agency))
    return re.sub(r"[\s()（）《》“”\"'·]", "", t)


def needed(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields the cross-year checks use, to keep per report."""
    keep = [f"requests.carried_over.{c}" for c in COLUMNS]
    keep += [f"requests.carried_forward.{c}" for c in COLUMNS]
    keep += [f"proactive.{k}.{p}" for k in KINDS for p in ("issued", "repealed", "in_force")]
    return {f: fields.get(f) for f in keep if fields.get(f) is not None}


@dataclass(frozen=True, slots=True)
class CrossCheck:
    agency: str
    year: int
    previous_year: int
    rule: str
    scope: str
    status: str
    expected: float
    found: float


def cross_checks(reports: Iterable[tuple[str, int, dict[str, Any]]]) -> list[CrossCheck]:
    """``reports`` are (agency, year, needed fields); pairs of consecutive years are checked."""
    by_key: dict[tuple[str, int], tuple[str, dict[str, Any]]] = {}
    for agency, year, fields in reports:
        by_key[(agency_key(agency), year)] = (agency, fields)
    out: list[CrossCheck] = []
    for (key, year), (agency, now) in sorted(by_key.items()):
        prev = by_key.get((key, year - 1))
        if prev is None:
            continue
        before = prev[1]
        for col in COLUMNS:
            a, b = (
                now.get(f"requests.carried_over.{col}"),
                before.get(f"requests.carried_forward.{col}"),
            )
            if a is not None and b is not None:
                status = "pass" if a == b else "fail"
                scope = f"requests.carried_over.{col}"
                out.append(CrossCheck(agency, year, year - 1, "S1", scope, status, b, a))
        for kind in KINDS:
            p = f"proactive.{kind}."
            last, issued, repealed = (before.get(p + "in_force"), now.get(p + "issued"),
                                      now.get(p + "repealed"))  # fmt: skip
            found = now.get(p + "in_force")
            if found is None or last is None or issued is None or repealed is None:
                continue
            expected = last + issued - repealed
            status = "pass" if expected == found else "fail"
            out.append(
                CrossCheck(agency, year, year - 1, "S2", p + "in_force", status, expected, found)
            )
    return out
