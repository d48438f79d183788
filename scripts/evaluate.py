#!/usr/bin/env python3
"""Score extraction records against truth files.

For every ``truth/*.json`` under the given folders (default: ``corpus/`` recursively and, when it
exists, ``../shared/real``), run ``extractor.extract`` on the document it names and count:

- fields: correct, wrong (a value that differs from the truth: the error that matters most),
  missing (null or absent where the truth has a number), unexpected (a field the truth lacks);
  precision = correct / (correct + wrong + unexpected), recall = correct / expected;
- derived fields (``requests.other.all.*`` summed from a 2021 table's three （六） rows) apart:
  derived_correct / derived_wrong against the sum of the truth's parts (a derived value where
  the truth has no sum is wrong);
- checks: each truth inconsistency must appear as a failing check of that rule (found), and every
  failing check must be in the truth (otherwise a false alarm);
- metadata (agency, year, template) and the section and theme probes.

Usage: python scripts/evaluate.py [FOLDER ...] [--json OUT] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402
from extractor.tables.derived import complete  # noqa: E402


@dataclass
class DocScore:
    doc_id: str
    source: str
    expected: int = 0
    correct: int = 0
    wrong: int = 0
    missing: int = 0
    undecidable: int = 0
    """Missing values the record lists as ambiguous: several readings, the truth among them."""
    unexpected: int = 0
    derived_correct: int = 0
    derived_wrong: int = 0
    inconsistencies: int = 0
    inconsistencies_found: int = 0
    false_alarms: int = 0
    metadata_ok: bool = True
    section_probes: int = 0
    section_probes_ok: int = 0
    theme_probes: int = 0
    theme_probes_ok: int = 0
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)


def truth_files(folder: Path) -> list[Path]:
    """Extraction truth files: those naming a document (``input``). corpus/compare/truth holds
    comparison truths, scored by scripts/evaluate_compare.py."""
    return sorted(
        p
        for p in folder.rglob("truth/*.json")
        if "input" in json.loads(p.read_text(encoding="utf-8"))
    )


def document_of(truth_path: Path, truth: dict[str, Any]) -> Path:
    """Truth files name their document relative to a sibling docs/ or samples/ folder."""
    base = truth_path.parent.parent
    for sub in ("docs", "samples", ""):
        candidate = base / sub / truth["input"]
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{truth_path}: cannot find {truth['input']}")


def score(truth_path: Path) -> DocScore:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    doc = document_of(truth_path, truth)
    started = time.perf_counter()
    report = extractor.extract(doc)
    return score_report(report, truth, str(doc), time.perf_counter() - started)


def undecidable(report: Any, fid: str, value: Any) -> bool:
    """A null the record explains: an ambiguity lists the field among its unsettled ones with
    readings (each keeps every rule) that differ there, the truth one of them (or more
    readings than are listed; ``None`` in a reading is a lost cell, any count). A field no
    ambiguity lists, or one whose listed readings agree (the rules leave one reading, but
    only with a single rule's help), is decidable: a miss."""
    for amb in getattr(report, "ambiguities", []):
        if fid not in amb.unsettled:
            continue
        i = amb.fields.index(fid)
        options = {r[i] for r in amb.readings}
        listed_all = amb.readings_total <= len(amb.readings)
        if listed_all and value not in options and None not in options:
            return False
        return len(options) > 1 or None in options or not listed_all
    return False


def score_report(report: Any, truth: dict[str, Any], source: str, seconds: float) -> DocScore:
    """One record against its truth (also used by scripts/converter_zoo.py)."""
    s = DocScore(truth["doc_id"], source, seconds=seconds)
    for fid, value in truth["fields"].items():
        got = report.fields.get(fid)
        if value is None:
            if got is not None:
                s.unexpected += 1
                s.details.append(f"{fid}: truth null, got {got}")
            continue
        s.expected += 1
        if got is None:
            s.missing += 1
            if undecidable(report, fid, value):
                s.undecidable += 1
                s.details.append(f"{fid}: undecidable (truth {value})")
            else:
                s.details.append(f"{fid}: missing (truth {value})")
        elif got == value:
            s.correct += 1
        else:
            s.wrong += 1
            s.details.append(f"{fid}: WRONG {got} (truth {value})")
    sums = complete(truth["fields"])
    for fid in set(report.fields) - set(truth["fields"]):
        got = report.fields[fid]
        evidence = report.field_evidence.get(fid)
        if evidence is not None and evidence.how == "derived":
            if got == sums.get(fid):
                s.derived_correct += 1
            else:
                s.derived_wrong += 1
                s.details.append(f"{fid}: WRONG derived {got} (truth parts sum {sums.get(fid)})")
        elif got is not None:
            s.unexpected += 1
            s.details.append(f"{fid}: unexpected field")
    expected_rules = Counter(i.split()[0] for i in truth.get("inconsistencies", []))
    failing = Counter(c.rule for c in report.checks if c.status == "fail")
    s.inconsistencies = sum(expected_rules.values())
    s.inconsistencies_found = sum(min(n, failing[r]) for r, n in expected_rules.items())
    s.false_alarms = sum(n for r, n in failing.items() if r not in expected_rules)
    if s.false_alarms:
        s.details += [f"false alarm {c.rule} {c.scope}: {c.message}" for c in report.checks
                      if c.status == "fail" and c.rule not in expected_rules]  # fmt: skip
    meta = truth.get("metadata", {})
    s.metadata_ok = (
        report.metadata.agency == meta.get("agency")
        and report.metadata.year == meta.get("year")
        and report.metadata.template == truth.get("format", report.metadata.template)
    )
    if not s.metadata_ok:
        s.details.append(f"metadata {report.metadata.model_dump()} vs {meta}")
    texts = {sec.id: sec.text for sec in report.sections}
    for sid, probes in truth.get("sections", {}).items():
        for p in probes:
            s.section_probes += 1
            s.section_probes_ok += p in texts.get(sid, "")
    for label, probes in truth.get("themes", {}).items():
        for p in probes:
            s.theme_probes += 1
            s.theme_probes_ok += any(p in t.text and t.label == label for t in report.themes)
    return s


def summarize(scores: list[DocScore]) -> dict[str, Any]:
    tot = Counter()
    for s in scores:
        for k in ("expected", "correct", "wrong", "missing", "undecidable", "unexpected",
                  "derived_correct", "derived_wrong", "inconsistencies",
                  "inconsistencies_found", "false_alarms", "section_probes", "section_probes_ok",
                  "theme_probes", "theme_probes_ok"):  # fmt: skip
            tot[k] += getattr(s, k)
    judged = tot["correct"] + tot["wrong"] + tot["unexpected"]
    decidable = tot["expected"] - tot["undecidable"]
    return {
        "documents": len(scores),
        "fields_expected": tot["expected"],
        "correct": tot["correct"],
        "wrong": tot["wrong"],
        "missing": tot["missing"],
        "unexpected": tot["unexpected"],
        "derived_correct": tot["derived_correct"],
        "derived_wrong": tot["derived_wrong"],
        "precision": round(tot["correct"] / judged, 5) if judged else None,
        "recall": round(tot["correct"] / tot["expected"], 5) if tot["expected"] else None,
        "undecidable": tot["undecidable"],
        "recall_decidable": round(tot["correct"] / decidable, 5) if decidable else None,
        "inconsistencies": tot["inconsistencies"],
        "inconsistencies_found": tot["inconsistencies_found"],
        "false_alarms": tot["false_alarms"],
        "metadata_ok": sum(s.metadata_ok for s in scores),
        "section_probes": f"{tot['section_probes_ok']}/{tot['section_probes']}",
        "theme_probes": f"{tot['theme_probes_ok']}/{tot['theme_probes']}",
        "seconds_per_document": round(sum(s.seconds for s in scores) / len(scores), 3)
        if scores
        else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--json", type=Path, help="write per-document scores and totals here")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    folders = args.folders or [ROOT / "corpus", ROOT.parent / "shared" / "real"]
    extractor.extract(b"warm-up: load jieba once")  # keep one-off start-up out of the timings
    results: dict[str, Any] = {}
    for folder in folders:
        if not folder.is_dir():
            print(f"skip {folder}: not present")
            continue
        scores = [score(p) for p in truth_files(folder)]
        summary = summarize(scores)
        results[str(folder)] = {"summary": summary, "documents": [asdict(s) for s in scores]}
        print(f"\n== {folder} ==")
        for s in scores:
            bad = s.wrong or s.unexpected or s.false_alarms or s.derived_wrong
            flag = "" if not bad else "  <-- errors"
            print(f"{s.doc_id:32} fields {s.correct:4}/{s.expected:<4} wrong {s.wrong} "
                  f"missing {s.missing} (undecidable {s.undecidable}) unexpected {s.unexpected} "
                  f"checks {s.inconsistencies_found}/{s.inconsistencies} "
                  f"false alarms {s.false_alarms}{flag}")  # fmt: skip
            if args.verbose:
                for d in s.details[:20]:
                    print(f"    {d}")
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
