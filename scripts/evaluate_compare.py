"""Score ``extractor.compare`` against corpus/compare/truth (and the Pingtan 2021 → 2022 pages of
../shared/real when present): field-delta exactness, S1/S2 as in the truth, and precision/recall
of repeated problems and followed-up measures. ``--sweep`` prints the similarity scores of the
true and false candidates, which is how the thresholds in extractor/comparison.py were chosen.

    python scripts/evaluate_compare.py [--sweep]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.comparison import Comparison, compare  # noqa: E402

CORPUS = ROOT / "corpus" / "compare"
REAL = ROOT.parent / "shared" / "real"
logger = logging.getLogger("evaluate_compare")


def pingtan_truth() -> dict[str, Any] | None:
    """The Pingtan pair's truth, from the shared truth files (no report text is kept here): the
    2022 report's third problem (政策解读形式单一) restates the 2021 report's first; no other
    problem repeats. Follow-ups are not judged: the 2022 report does not say what became of
    each 2021 measure."""
    old_t, new_t = REAL / "truth" / "pingtan2021.json", REAL / "truth" / "pingtan2022.json"
    if not old_t.exists() or not new_t.exists():
        return None
    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (old_t, new_t))
    of, nf = old["fields"], new["fields"]
    deltas = {
        k: {"old": of[k], "new": nf[k], "change": round(nf[k] - of[k], 6)} for k in nf if k in of
    }
    cross = []
    for c in ("natural_person", "commercial", "research", "public_interest", "legal_services",
              "other_org", "total"):  # fmt: skip
        e, f = of[f"requests.carried_forward.{c}"], nf[f"requests.carried_over.{c}"]
        status = "pass" if e == f else "fail"
        cross.append({"rule": "S1", "scope": f"requests.carried_over.{c}", "status": status,
                      "expected": e, "found": f})  # fmt: skip
    for k in ("regulations", "normative_documents"):
        p = f"proactive.{k}."
        e = of[p + "in_force"] + nf[p + "issued"] - nf[p + "repealed"]
        cross.append({"rule": "S2", "scope": p + "in_force",
                      "status": "pass" if e == nf[p + "in_force"] else "fail", "expected": e,
                      "found": nf[p + "in_force"]})  # fmt: skip
    probs_old, probs_new = old["themes"]["problem"], new["themes"]["problem"]
    return {
        "pair": "pingtan2021_2022",
        "old": str(REAL / "pingtan2021.html"),
        "new": str(REAL / "pingtan2022.html"),
        "field_deltas": deltas,
        "cross_checks": cross,
        "problems": [
            {"new": p, "repeats": probs_old[0] if i == 2 else None} for i, p in enumerate(probs_new)
        ],
        "measures": [],
    }


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def score(truth: dict[str, Any], result: Comparison) -> dict[str, Any]:
    got = {f.field: f for f in result.fields}
    deltas = truth["field_deltas"]
    wrong = [
        k
        for k, v in deltas.items()
        if k not in got or got[k].change != v["change"] or got[k].old != v["old"]
    ]
    extra = sorted(set(got) - set(deltas))
    found = {(c.rule, c.scope): (c.status, c.expected, c.found) for c in result.cross_checks}
    want = {(c["rule"], c["scope"]): (c["status"], c["expected"], c["found"])
            for c in truth["cross_checks"]}  # fmt: skip
    # Repeated problems: a predicted repeat is right when its new text holds a truth probe and
    # its old text holds that problem's truth repeat probe.
    tp = fp = 0
    for p in result.problems:
        if not p.repeated:
            continue
        hit = any(
            t["repeats"] and t["new"] in p.new_text and t["repeats"] in (p.old_text or "")
            for t in truth["problems"]
        )
        tp, fp = tp + hit, fp + (not hit)
    fn = sum(1 for t in truth["problems"] if t["repeats"]) - tp
    m_tp = m_fp = 0
    for m in result.measures:
        if not m.followed_up:
            continue
        hit = any(t["followed_up"] and t["measure"] in m.measure for t in truth["measures"])
        m_tp, m_fp = m_tp + hit, m_fp + (not hit)
    m_fn = sum(1 for t in truth["measures"] if t["followed_up"]) - m_tp
    return {
        "pair": truth["pair"],
        "fields": len(deltas),
        "fields_wrong": len(wrong) + len(extra),
        "cross_checks_as_truth": found == want,
        "problems": (tp, fp, fn),
        "measures": (m_tp, m_fp, m_fn),
    }


def sweep(truth: dict[str, Any], result: Comparison) -> list[tuple[str, str, float, bool]]:
    rows = []
    for p in result.problems:
        true = any(
            t["repeats"] and t["new"] in p.new_text and t["repeats"] in (p.old_text or "")
            for t in truth["problems"]
        )
        rows.append((truth["pair"], "problem", p.score, true))
    for m in result.measures:
        known = [t for t in truth["measures"] if t["measure"] in m.measure]
        if known:
            rows.append((truth["pair"], "measure", m.score, known[0]["followed_up"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="print each candidate's score")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    truths = [json.loads(p.read_text(encoding="utf-8"))
              for p in sorted((CORPUS / "truth").glob("*.json"))]  # fmt: skip
    for t in truths:
        t["old"], t["new"] = str(CORPUS / t["old"]), str(CORPUS / t["new"])
    real = pingtan_truth()
    if real is not None:
        truths.append(real)
    totals = {"problems": [0, 0, 0], "measures": [0, 0, 0]}
    rows = []
    print("| pair | fields | wrong | S1/S2 as truth | repeats tp/fp/fn | follow-ups tp/fp/fn |")
    print("|---|---|---|---|---|---|")
    for t in truths:
        result = compare(t["old"], t["new"])
        s = score(t, result)
        rows += sweep(t, result)
        for k in totals:
            totals[k] = [a + b for a, b in zip(totals[k], s[k], strict=True)]
        print(f"| {s['pair']} | {s['fields']} | {s['fields_wrong']} | "
              f"{s['cross_checks_as_truth']} | {'/'.join(map(str, s['problems']))} | "
              f"{'/'.join(map(str, s['measures']))} |")  # fmt: skip
    for k, (tp, fp, fn) in totals.items():
        p, r = _pr(tp, fp, fn)
        print(f"{k}: precision {p:.2f} recall {r:.2f} (tp {tp}, fp {fp}, fn {fn})")
    if args.sweep:
        for kind in ("problem", "measure"):
            true = sorted(s for _, k, s, ok in rows if k == kind and ok)
            false = sorted(s for _, k, s, ok in rows if k == kind and not ok)
            print(f"{kind}: true {true}")
            print(f"{kind}: false {false}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
