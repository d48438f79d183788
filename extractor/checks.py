"""Stage 4, checks: the template's consistency rules (勾稽关系) on the fields as printed.

Rules come from the table templates' data files (R1–R3 with table 三, R4 with table 四). A rule
over fields that are missing or unreadable is ``not_applicable``; a report whose own numbers
disagree gets a failing check, and its numbers stay as printed. S4 (values are non-negative
integers, except amounts and 本年增/减) is checked here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from extractor.fields import field_specs
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
    """S4: counts are non-negative integers; amounts (元/万元) and changes may be otherwise."""
    specs = field_specs()
    bad = []
    for fid, value in fields.items():
        if value is None:
            continue
        spec = specs[fid]
        if spec.unit in ("元", "万元") or fid.endswith(".change"):
            continue
        if value < 0 or not float(value).is_integer():
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


def run_checks(
    templates: Iterable[TableTemplate], fields: Mapping[str, Number | None]
) -> list[Check]:
    out: list[Check] = []
    for template in templates:
        for rule in template.rules:
            out.extend(check_rule(rule, fields))
    out.extend(check_values(fields))
    return out
