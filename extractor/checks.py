"""Stage 4, checks: the template's consistency rules (勾稽关系) on the fields as printed.

Rules come from the table templates' data files (R1–R3 with table 三, R4 with table 四). A rule
over fields that are missing or unreadable is ``not_applicable``; a report whose own numbers
disagree gets a failing check, and its numbers stay as printed. S4 (values are non-negative
integers, except amounts and 本年增/减) and S3 (the overview's stated counts against the tables)
are checked here too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from extractor.fields import is_amount, may_be_negative
from extractor.report import Check
from extractor.tables.templates import Number, RuleSpec, TableTemplate, expand

# Sums of printed integers are exact; the tolerance only absorbs float noise on 万元 decimals.
TOLERANCE = 1e-6


def check_rule(rule: RuleSpec, fields: Mapping[str, Number | None]) -> list[Check]:
    out = []
    for scope, lhs, rhs in expand(rule):
        missing = [f for f in lhs + rhs if fields.get(f) is None]
        if missing:
            out.append(
                Check(
                    rule=rule.rule,
                    scope=scope,
                    status="not_applicable",
                    message=f"{len(missing)} value(s) missing or unreadable: "
                    + ", ".join(missing[:3]),
                )
            )
            continue
        expected = _sum(fields, lhs)
        found = _sum(fields, rhs)
        ok = math.isclose(expected, found, abs_tol=TOLERANCE)
        out.append(
            Check(
                rule=rule.rule,
                scope=scope,
                status="pass" if ok else "fail",
                expected=expected,
                found=found,
                message=rule.description
                if ok
                else f"{' + '.join(lhs)} = {expected} but {' + '.join(rhs)} = {found}",
            )
        )
    return out


def _sum(fields: Mapping[str, Number | None], ids: list[str]) -> Number:
    total: Number = 0
    for f in ids:
        value = fields[f]
        assert value is not None
        total += value
    return round(total, 6) if isinstance(total, float) else total


def check_values(fields: Mapping[str, Number | None]) -> list[Check]:
    """S4: values are non-negative, and whole unless they are money (元/万元); 本年增/减 may be
    negative."""
    bad = []
    for fid, value in fields.items():
        if value is None:
            continue
        if (value < 0 and not may_be_negative(fid)) or (
            not is_amount(fid) and not float(value).is_integer()
        ):
            bad.append(f"{fid}={value}")
    if not fields:
        return []
    return [
        Check(
            rule="S4",
            scope="fields",
            status="fail" if bad else "pass",
            expected=0,
            found=len(bad),
            message=("counts that are negative or not whole: " + ", ".join(bad[:5]))
            if bad
            else "all counts are non-negative integers",
        )
    ]


# S3: counts the narrative of 一、总体情况 states, against the tables. The gap between the
# keyword and the number may not cross a clause, a table cell or a sub-count word (其中…结果纠正
# 1件 is a part, not the total).
_GAP = r"(?:(?!其中|结果|纠正|维持|驳回|撤销|办结|答复)[^。；;，,\d|\n]){0,%d}?"
_COUNT = r"(\d+)\s*(?:件|起|个|宗|次|条|份)"
NARRATIVE = (
    # (scope, patterns, the table sums the stated number may equal)
    (
        "requests.new.total",
        (
            re.compile(r"(?:收到|受理|接收|新收)" + _GAP % 24 + r"申请" + _GAP % 6 + _COUNT),
            re.compile(r"(?:收到|受理|接收|新收)" + _GAP % 4 + _COUNT + _GAP % 4 + r"申请"),
        ),
        # "收到申请N件" counts new requests, sometimes with last year's carried over.
        (("requests.new.total",), ("requests.new.total", "requests.carried_over.total")),
    ),
    (
        "review.total",
        (re.compile(r"行政复议" + _GAP % 8 + _COUNT),),
        (("review.total",),),
    ),
    (
        "litigation.total",
        (re.compile(r"行政诉讼" + _GAP % 8 + _COUNT),),
        (
            ("litigation_direct.total", "litigation_after_review.total"),
            ("litigation_direct.total",),
            ("litigation_after_review.total",),
        ),
    ),
)


def check_narrative(overview: str, fields: Mapping[str, Number | None]) -> list[Check]:
    """S3: each count the overview states must equal what the tables say. A soft check: it
    fails only when the stated number equals none of the table sums it may refer to."""
    out: list[Check] = []
    for scope, patterns, readings in NARRATIVE:
        stated = next((int(m.group(1)) for p in patterns if (m := p.search(overview))), None)
        if stated is None:
            continue
        sums = [
            sum(v for f in ids if (v := fields.get(f)) is not None)
            for ids in readings
            if all(fields.get(f) is not None for f in ids)
        ]
        if not sums:
            continue
        ok = stated in sums
        table = stated if ok else sums[0]
        out.append(
            Check(
                rule="S3",
                scope=scope,
                status="pass" if ok else "fail",
                expected=table,
                found=stated,
                message=f"the overview states {stated}; the tables give {table}"
                + ("" if ok else " (soft check: narrative and table disagree)"),
            )
        )
    return out


def run_checks(
    templates: Iterable[TableTemplate],
    fields: Mapping[str, Number | None],
    overview: str = "",
) -> list[Check]:
    out: list[Check] = []
    for template in templates:
        for rule in template.rules:
            out.extend(check_rule(rule, fields))
    out.extend(check_values(fields))
    if overview:
        out.extend(check_narrative(overview, fields))
    return out
