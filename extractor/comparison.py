"""Year over year: one body's two reports side by side (issue 17, docs/compare.md).

:func:`compare` takes two records (or sources, extracted first) and returns a
:class:`Comparison`: both identities, every canonical field both report with its change, the
2019 ↔ 2021 template mapping (``extractor/data/compare_mapping.tsv``), the cross-year soft checks
S1/S2 (the batch's own :mod:`extractor.batch.crossyear`), and the narrative: which of this year's
problems repeat last year's, and which of last year's promised measures were followed up.

``python -m extractor.comparison --write-schema`` regenerates
``extractor/data/comparison.schema.json``; a test fails when it is stale.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor._version import __version__
from extractor.batch.crossyear import agency_key, cross_checks, needed
from extractor.fields import field_specs
from extractor.report import Report, TemplateName, WarningInfo

logger = logging.getLogger(__name__)

COMPARISON_SCHEMA_VERSION = "1.1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "comparison.schema.json"

# Cosine similarity (TF-IDF over jieba words and character bigrams) at or above which a problem
# of the new report is taken for a repeat of the old report's closest problem. Chosen with
# scripts/evaluate_compare.py --sweep on the pairs of corpus/compare and the Pingtan 2021 → 2022
# pages: true repeats scored 0.23 (Pingtan, a short restatement of a long sentence) to 1.0, the
# closest non-repeats at most 0.16; 0.2 sits in that gap (docs/compare.md has the sweep).
REPEAT_THRESHOLD = 0.2
# The same for a promised measure against the new report's achievements and measures. On the
# same sweep follow-ups scored 0.50–0.79 and measures not followed up at most 0.21 (a new
# measure on the same topic); 0.3 keeps a margin on both sides.
FOLLOWUP_THRESHOLD = 0.3
# How many rows the "moved most" list keeps: a reader's first screen, not a ranking of all 200.
MOVED_MOST = 10

Direction = Literal["same", "mapped"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Identity(_Model):
    uri: str = Field(description="The record's source uri.")
    agency: str | None = Field(description="The reporting body as named in the title.")
    agency_key: str | None = Field(
        description="The body's name as the batch's cross-year checks match it (width, script, "
        "spaces and brackets dropped)."
    )
    year: int | None
    template: TemplateName
    status: str = Field(description="The record's status: ok, partial or failed.")


class FieldChange(_Model):
    field: str = Field(description="The field id (the 2021 side's expression when mapped).")
    old_field: str = Field(description="The old report's field id or sum of ids (a+b).")
    new_field: str = Field(description="The new report's field id or sum of ids (a+b).")
    how: Direction = Field(
        description="same: one id in both; mapped: a 2019 ↔ 2021 row of compare_mapping.tsv."
    )
    old: int | float
    new: int | float
    change: int | float = Field(description="new − old.")
    change_pct: float | None = Field(description="change / old × 100; null when old is 0.")


class NotComparable(_Model):
    field: str
    side: Literal["old", "new", "both"] = Field(
        description="The report that has the field; both: each printed it, neither could read "
        "it (null in both records)."
    )
    reason: str


class CrossYearCheck(_Model):
    rule: Literal["S1", "S2"]
    scope: str
    status: Literal["pass", "fail"]
    expected: int | float
    found: int | float


class ProblemMatch(_Model):
    new_text: str = Field(description="A problem of the new report.")
    old_text: str | None = Field(description="The old report's most similar problem, if any.")
    score: float = Field(ge=0.0, le=1.0, description="Cosine similarity of the two.")
    repeated: bool = Field(description="score ≥ the repeat threshold: a finding for a reader.")


class MeasureFollowUp(_Model):
    measure: str = Field(description="A measure the old report promised.")
    matched_text: str | None = Field(description="The new report's closest sentence, if any.")
    matched_label: Literal["achievement", "measure"] | None
    score: float = Field(ge=0.0, le=1.0)
    followed_up: bool = Field(description="score ≥ the follow-up threshold.")


class Similarity(_Model):
    method: str
    repeat_threshold: float
    followup_threshold: float


class Comparison(_Model):
    schema_version: str = COMPARISON_SCHEMA_VERSION
    extractor_version: str = __version__
    old: Identity
    new: Identity
    same_agency: bool
    consecutive: bool = Field(description="new.year == old.year + 1.")
    warnings: list[WarningInfo] = Field(default_factory=list)
    fields: list[FieldChange] = Field(
        default_factory=list, description="Every field both reports have, in dictionary order."
    )
    moved_most: list[FieldChange] = Field(
        default_factory=list,
        description=f"Up to {MOVED_MOST} rows with the largest absolute change (row totals and "
        "single-value rows; applicant columns are left to `fields`).",
    )
    not_comparable: list[NotComparable] = Field(default_factory=list)
    cross_checks: list[CrossYearCheck] = Field(default_factory=list)
    problems: list[ProblemMatch] = Field(default_factory=list)
    measures: list[MeasureFollowUp] = Field(default_factory=list)
    similarity: Similarity

    def to_json(self, *, pretty: bool = False) -> str:
        return self.model_dump_json(indent=2 if pretty else None)


# --- the template mapping ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mapping:
    old_format: str
    old_expr: tuple[str, ...]
    new_format: str
    new_expr: tuple[str, ...]
    note: str


@cache
def mappings() -> tuple[Mapping, ...]:
    """The rows of ``data/compare_mapping.tsv`` (comment lines start with ``#``)."""
    text = resources.files("extractor").joinpath("data/compare_mapping.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for r in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"):
        out.append(
            Mapping(
                r["old_format"],
                tuple(r["old_expr"].split("+")),
                r["new_format"],
                tuple(r["new_expr"].split("+")),
                r["note"],
            )
        )
    return tuple(out)


def _sum(fields: dict[str, int | float | None], ids: Sequence[str]) -> int | float | None:
    values = [fields.get(i) for i in ids]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _change(
    field: str,
    old_ids: Sequence[str],
    new_ids: Sequence[str],
    how: Direction,
    old: int | float,
    new: int | float,
) -> FieldChange:
    # Money fields are floats: round off the binary noise of the subtraction.
    change = new - old if isinstance(new - old, int) else round(new - old, 6)
    pct = None if old == 0 else round(change / old * 100, 2)
    return FieldChange(
        field=field,
        old_field="+".join(old_ids),
        new_field="+".join(new_ids),
        how=how,
        old=old,
        new=new,
        change=change,
        change_pct=pct,
    )


def field_changes(
    old: dict[str, int | float | None],
    new: dict[str, int | float | None],
    old_template: str,
    new_template: str,
) -> tuple[list[FieldChange], list[NotComparable]]:
    """Changes of every field both have, mapped across generations; the rest not comparable."""
    specs = field_specs()
    used_old: set[str] = set()
    used_new: set[str] = set()
    changes: list[FieldChange] = []
    unreadable: dict[tuple[str, str], str] = {}
    both: list[str] = []
    for fid in specs:
        a, b = old.get(fid), new.get(fid)
        if a is not None and b is not None:
            changes.append(_change(fid, [fid], [fid], "same", a, b))
            used_old.add(fid)
            used_new.add(fid)
    for m in mappings():
        for o_fmt, o_ids, n_fmt, n_ids in (
            (m.old_format, m.old_expr, m.new_format, m.new_expr),
            (m.new_format, m.new_expr, m.old_format, m.old_expr),
        ):
            # A mapping row applies only across generations, and only where neither side
            # already compared the same ids directly (a 2021 table that collapsed （六）).
            if (old_template, new_template) != (o_fmt, n_fmt):
                continue
            if used_old & set(o_ids) or used_new & set(n_ids):
                continue
            a, b = _sum(old, o_ids), _sum(new, n_ids)
            if a is None or b is None:
                # The row is printed on both sides but a cell of it could not be read: say so
                # for the ids that were, rather than blame the template generations.
                if (
                    a is None
                    and b is None
                    and any(i in old for i in o_ids)
                    and any(i in new for i in n_ids)
                ):
                    both.append("+".join(n_ids if n_fmt == "2021" else o_ids))
                for side, ids, theirs, other_ids in (("old", o_ids, new, n_ids),
                                                     ("new", n_ids, old, o_ids)):  # fmt: skip
                    if any(i in theirs for i in other_ids) and _sum(theirs, other_ids) is None:
                        other_side = "new" if side == "old" else "old"
                        for i in ids:
                            unreadable[(side, i)] = (
                                f"unreadable in the {other_side} report (null in its record: "
                                f"{'+'.join(other_ids)})"
                            )
                continue
            name = "+".join(n_ids if n_fmt == "2021" else o_ids)
            changes.append(_change(name, o_ids, n_ids, "mapped", a, b))
            used_old.update(o_ids)
            used_new.update(n_ids)
    not_comparable: list[NotComparable] = []
    for side, values, used in (("old", old, used_old), ("new", new, used_new)):
        other = new_template if side == "old" else old_template
        other_side = "new" if side == "old" else "old"
        theirs = new if side == "old" else old
        for fid in specs:
            if values.get(fid) is None or fid in used:
                continue
            fmt = specs[fid].format
            if (side, fid) in unreadable:
                reason = unreadable[(side, fid)]
            elif other != "unknown" and other not in fmt.split("+"):
                reason = f"only in the {fmt} format; the {other_side} report is {other}"
            elif fid in theirs:
                # Null in a record is a cell that is there but could not be read: the other
                # report printed the row, so "not reported" would blame the report.
                reason = f"unreadable in the {other_side} report (null in its record)"
            else:
                reason = f"not reported in the {other_side} report"
            not_comparable.append(NotComparable(field=fid, side=side, reason=reason))
    both[:0] = [f for f in specs if f in old and f in new and old[f] is None and new[f] is None]
    not_comparable += [
        NotComparable(field=f, side="both", reason="unreadable in both reports") for f in both
    ]
    return changes, not_comparable


def moved_most(changes: Iterable[FieldChange], top: int = MOVED_MOST) -> list[FieldChange]:
    """Rows, not cells: a Table 3 row is its 总计 column (the applicant columns add up to it)."""
    rows = [
        c
        for c in changes
        if c.change != 0
        and not re.search(
            r"\.(natural_person|commercial|research|"
            r"public_interest|legal_services|other_org)$",
            c.field,
        )
    ]
    return sorted(rows, key=lambda c: (-abs(c.change), c.field))[:top]


# --- similarity -------------------------------------------------------------------------------

SIMILARITY_METHOD = (
    "cosine of TF-IDF vectors over jieba words (domain dictionary, stopwords dropped) and Han "
    "character bigrams; IDF over the sentences of the two reports"
)
# Ordinals and list marks (一是, （二）, 3.) say where a sentence sits, not what it says: two
# reports' "一是" sentences must not look alike for that.
_ORDINAL = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]?)"
)
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _tokens(text: str) -> list[str]:
    from extractor.thememodel import keyword_stopwords, words

    body = _ORDINAL.sub("", text.strip())
    stop = keyword_stopwords()
    # Words carry meaning jieba knows (依申请公开, 政策解读); bigrams catch the same idea in
    # other words or segmented differently (解读形式 / 形式单一), which rewording does a lot.
    toks = [w for w in words(body) if w not in stop and _HAN.fullmatch(w)]
    for run in _HAN.findall(body):
        toks += [f"#{run[i : i + 2]}" for i in range(len(run) - 1)]
    return toks


class Vectorizer:
    """TF-IDF with the smoothed IDF of scikit-learn: log((1 + n) / (1 + df)) + 1."""

    def __init__(self, texts: Iterable[str]) -> None:
        docs = [set(_tokens(t)) for t in texts]
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d)
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self._cache: dict[str, dict[str, float]] = {}

    def vector(self, text: str) -> dict[str, float]:
        if text not in self._cache:
            tf = Counter(_tokens(text))
            vec = {t: c * self.idf.get(t, 1.0) for t, c in tf.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self._cache[text] = {t: v / norm for t, v in vec.items()}
        return self._cache[text]

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return min(1.0, sum(v * vb.get(t, 0.0) for t, v in va.items()))


def _texts(report: Report, label: str) -> list[str]:
    return list(dict.fromkeys(t.text for t in report.themes if t.label == label))


def narrative(
    old: Report,
    new: Report,
    repeat_threshold: float = REPEAT_THRESHOLD,
    followup_threshold: float = FOLLOWUP_THRESHOLD,
) -> tuple[list[ProblemMatch], list[MeasureFollowUp]]:
    old_problems, old_measures = _texts(old, "problem"), _texts(old, "measure")
    new_problems = _texts(new, "problem")
    new_done = [("achievement", t) for t in _texts(new, "achievement")]
    new_done += [("measure", t) for t in _texts(new, "measure")]
    vec = Vectorizer(old_problems + old_measures + new_problems + [t for _, t in new_done]
                     + _texts(old, "achievement"))  # fmt: skip
    problems: list[ProblemMatch] = []
    for text in new_problems:
        scored = [(round(vec.similarity(text, o), 4), o) for o in old_problems]
        score, best = max(scored, default=(0.0, None))
        problems.append(
            ProblemMatch(
                new_text=text, old_text=best, score=score, repeated=score >= repeat_threshold
            )
        )
    measures: list[MeasureFollowUp] = []
    for text in old_measures:
        done = [(round(vec.similarity(text, t), 4), label, t) for label, t in new_done]
        score, label, match = max(done, default=(0.0, None, None))
        measures.append(
            MeasureFollowUp(
                measure=text,
                matched_text=match,
                matched_label=label,
                score=score,
                followed_up=score >= followup_threshold,
            )
        )
    return problems, measures


# --- the comparison ---------------------------------------------------------------------------


def _identity(report: Report) -> Identity:
    agency = report.metadata.agency
    return Identity(
        uri=report.source.uri,
        agency=agency,
        agency_key=agency_key(agency) if agency else None,
        year=report.metadata.year,
        template=report.metadata.template,
        status=report.status,
    )


def _cross(old: Report, new: Report) -> list[CrossYearCheck]:
    """S1 and S2 by the batch's rules, run on the pair as if the years followed (a warning says
    when they do not): the two records are given one name and consecutive years."""
    year = new.metadata.year or 1
    name = new.metadata.agency or old.metadata.agency or "?"
    checks = cross_checks([(name, year - 1, needed(old.fields)), (name, year, needed(new.fields))])
    return [
        CrossYearCheck(
            rule=c.rule,
            scope=c.scope,
            status=c.status,
            expected=c.expected,
            found=c.found,
        )
        for c in checks
    ]


def load(source: str | Path | Report, options: Any = None) -> Report:
    """A record: given, read from a saved record's JSON, or extracted from a source."""
    if isinstance(source, Report):
        return source
    path = Path(source)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if isinstance(data, dict) and "schema_version" in data and "source" in data:
            return Report.model_validate(data)
    from extractor.pipeline import extract

    return extract(str(source), options)


def _derived(report: Report) -> set[str]:
    return {f for f, e in report.field_evidence.items() if e.how == "derived"}


def _comparable_fields(a: Report, b: Report, same_format: bool) -> tuple[dict[str, Any], ...]:
    """Both records' fields, each without the sums it derived (（六）其他处理 of a 2021 table's
    three rows) except where the other record printed that field: a 2021 table that collapsed
    （六） compares with one that split it. Across generations the mapping table does that."""
    da, db = _derived(a), _derived(b)
    out = []
    for mine, own, other, theirs in ((a, da, b, db), (b, db, a, da)):
        printed = set(other.fields) - theirs
        out.append(
            {f: v for f, v in mine.fields.items() if f not in own or (same_format and f in printed)}
        )
    return tuple(out)


def compare(
    old: str | Path | Report,
    new: str | Path | Report,
    options: Any = None,
) -> Comparison:
    """Compare a body's report of one year (``old``) with a later one (``new``)."""
    a, b = load(old, options), load(new, options)
    ida, idb = _identity(a), _identity(b)
    warnings: list[WarningInfo] = []
    same = ida.agency_key is not None and ida.agency_key == idb.agency_key
    if not same:
        warnings.append(
            WarningInfo(
                code="agency_differs",
                message=f"the reports name different bodies: {ida.agency!r} and {idb.agency!r}",
            )
        )
    consecutive = ida.year is not None and idb.year is not None and idb.year == ida.year + 1
    if not consecutive:
        warnings.append(
            WarningInfo(
                code="years_not_consecutive",
                message=f"the years do not follow: {ida.year} then {idb.year}; S1 and S2 are "
                "computed as if they did",
            )
        )
    if ida.template != idb.template:
        warnings.append(
            WarningInfo(
                code="template_differs",
                message=f"the {ida.template} and {idb.template} formats: fields compared through "
                "the mapping table, the rest listed as not comparable",
            )
        )
    fa, fb = _comparable_fields(a, b, ida.template == idb.template)
    changes, not_comparable = field_changes(fa, fb, ida.template, idb.template)
    problems, measures = narrative(a, b)
    return Comparison(
        old=ida,
        new=idb,
        same_agency=same,
        consecutive=consecutive,
        warnings=warnings,
        fields=changes,
        moved_most=moved_most(changes),
        not_comparable=not_comparable,
        cross_checks=_cross(a, b),
        problems=problems,
        measures=measures,
        similarity=Similarity(
            method=SIMILARITY_METHOD,
            repeat_threshold=REPEAT_THRESHOLD,
            followup_threshold=FOLLOWUP_THRESHOLD,
        ),
    )


# --- the committed schema ---------------------------------------------------------------------


def generate_schema() -> dict[str, Any]:
    schema = Comparison.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = (
        f"https://extractor.invalid/comparison/{COMPARISON_SCHEMA_VERSION}/comparison.schema.json"
    )
    schema["title"] = "Comparison"
    return schema


def render_schema() -> str:
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def committed_schema() -> dict[str, Any]:
    text = resources.files("extractor").joinpath("data/comparison.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the comparison's JSON Schema.")
    parser.add_argument("--write-schema", action="store_true", help=f"write {SCHEMA_PATH}")
    args = parser.parse_args(argv)
    if args.write_schema:
        SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    else:
        print(render_schema(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
