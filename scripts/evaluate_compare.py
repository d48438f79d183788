"""Score ``extractor.compare`` against corpus/compare/truth (and the Pingtan pages of
../shared/real when present: 2021 → 2022 as web pages and as flattened text, 2019 → 2021 across
template generations): field-delta exactness, S1/S2 as in the truth, and precision/recall
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

from extractor.comparison import Comparison, compare, mappings  # noqa: E402

CORPUS = ROOT / "corpus" / "compare"
REAL = ROOT.parent / "shared" / "real"
logger = logging.getLogger("evaluate_compare")


# The consecutive Pingtan pages (2021 → 2022, as web pages and as the crawler's flattened text),
# and the 2019-format page against the 2021 one (no 2020 page: not consecutive, but the one
# real pair across template generations). Which problems repeat is our reading of the truth
# files' problem lists: 2022's third (政策解读形式单一) restates 2021's first (政策解读形式不够
# 丰富); none of 2021's three restates one of 2019's. Follow-ups are not judged: the reports do
# not say what became of each measure.
PINGTAN_PAIRS: tuple[tuple[str, str, dict[int, int]], ...] = (
    ("pingtan2021", "pingtan2022", {2: 0}),
    ("pingtan2021_flat", "pingtan2022_flat", {2: 0}),
    ("pingtan2019", "pingtan2021", {}),
    ("pingtan2019_flat", "pingtan2021_flat", {}),
)
APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services",
              "other_org", "total")  # fmt: skip


def truth_deltas(of: dict[str, Any], nf: dict[str, Any], old_format: str, new_format: str
                 ) -> dict[str, dict[str, Any]]:  # fmt: skip
    """new − old of every field both truths have, and of every mapping row (2019 ↔ 2021) whose
    ids both truths have, named as extractor.comparison names it."""
    deltas = {
        k: {"old": of[k], "new": nf[k], "change": round(nf[k] - of[k], 6)} for k in nf if k in of
    }
    for m in mappings():
        if (old_format, new_format) != (m.old_format, m.new_format):
            continue
        if set(m.old_expr) & set(deltas) or set(m.new_expr) & set(deltas):
            continue
        if not all(i in of for i in m.old_expr) or not all(i in nf for i in m.new_expr):
            continue
        a, b = sum(of[i] for i in m.old_expr), sum(nf[i] for i in m.new_expr)
        deltas["+".join(m.new_expr)] = {"old": a, "new": b, "change": round(b - a, 6)}
    return deltas


def pingtan_truth(
    old_name: str = "pingtan2021",
    new_name: str = "pingtan2022",
    repeats: dict[int, int] | None = None,
) -> dict[str, Any] | None:
    """A Pingtan pair's truth, from the shared truth files (no report text is kept here);
    None when ../shared/real is absent."""
    repeats = {2: 0} if repeats is None else repeats
    old_t, new_t = REAL / "truth" / f"{old_name}.json", REAL / "truth" / f"{new_name}.json"
    if not old_t.exists() or not new_t.exists():
        return None
    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (old_t, new_t))
    of, nf = old["fields"], new["fields"]
    cross = []
    for c in APPLICANTS:
        e, f = of.get(f"requests.carried_forward.{c}"), nf.get(f"requests.carried_over.{c}")
        if e is None or f is None:
            continue
        status = "pass" if e == f else "fail"
        cross.append({"rule": "S1", "scope": f"requests.carried_over.{c}", "status": status,
                      "expected": e, "found": f})  # fmt: skip
    for k in ("regulations", "normative_documents"):
        p = f"proactive.{k}."
        if p + "in_force" not in of:  # a 2019-format year: S2 does not apply
            continue
        e = of[p + "in_force"] + nf[p + "issued"] - nf[p + "repealed"]
        cross.append({"rule": "S2", "scope": p + "in_force",
                      "status": "pass" if e == nf[p + "in_force"] else "fail", "expected": e,
                      "found": nf[p + "in_force"]})  # fmt: skip
    probs_old, probs_new = old["themes"]["problem"], new["themes"]["problem"]
    years = (old["metadata"]["year"], new["metadata"]["year"])
    flat = "_flat" if old_name.endswith("_flat") else ""
    return {
        "pair": f"pingtan{years[0]}_{years[1]}{flat}",
        "old": str(REAL / old["input"]),
        "new": str(REAL / new["input"]),
        "consecutive": years[1] == years[0] + 1,
        "field_deltas": truth_deltas(of, nf, old["format"], new["format"]),
        "cross_checks": cross,
        "problems": [
            {"new": p, "repeats": probs_old[repeats[i]] if i in repeats else None}
            for i, p in enumerate(probs_new)
        ],
        "measures": [],
    }


def pingtan_truths() -> list[dict[str, Any]]:
    out = []
    for old, new, repeats in PINGTAN_PAIRS:
        truth = pingtan_truth(old, new, repeats)
        if truth is not None:
            out.append(truth)
    return out


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def score(truth: dict[str, Any], result: Comparison) -> dict[str, Any]:
    """Fields: ``fields_wrong`` counts a delta that differs from the truth's, a field compared
    that the truth does not have, and a field not compared with no reason given;
    ``fields_missing`` the truth's fields not compared because a record left a cell null (each
    listed in ``not_comparable`` as unreadable). Cross-year checks likewise: a check the
    comparison could not compute (a null input) is ``cross_missing``, not a disagreement."""
    got = {f.field: f for f in result.fields}
    deltas = truth["field_deltas"]
    wrong = [
        k
        for k, v in deltas.items()
        if k in got and (got[k].change != v["change"] or got[k].old != v["old"])
    ]
    unreadable = {n.field for n in result.not_comparable if n.reason.startswith("unreadable")}
    missing = [k for k in deltas if k not in got]
    unexplained = [k for k in missing if k not in unreadable]
    extra = sorted(set(got) - set(deltas))
    found = {(c.rule, c.scope): (c.status, c.expected, c.found) for c in result.cross_checks}
    want = {(c["rule"], c["scope"]): (c["status"], c["expected"], c["found"])
            for c in truth["cross_checks"]}  # fmt: skip
    cross_missing = sorted(set(want) - set(found))
    cross_wrong = sorted(k for k in found if want.get(k) != found[k])
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
        "fields_wrong": len(wrong) + len(extra) + len(unexplained),
        "fields_missing": len(missing) - len(unexplained),
        "wrong": wrong + extra + unexplained,
        "cross_checks_as_truth": not cross_wrong and not cross_missing,
        "cross_agree": len(found) - len(cross_wrong),
        "cross_wrong": len(cross_wrong),
        "cross_missing": len(cross_missing),
        "problems": (tp, fp, fn),
        "measures": (m_tp, m_fp, m_fn),
        "judged_measures": bool(truth["measures"]),
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
    truths += pingtan_truths()
    totals = {"problems": [0, 0, 0], "measures": [0, 0, 0]}
    rows = []
    print("| pair | fields | wrong | not compared (a cell unreadable) | S1/S2 agree/wrong/"
          "not computed | repeats tp/fp/fn | follow-ups tp/fp/fn |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for t in truths:
        result = compare(t["old"], t["new"])
        s = score(t, result)
        rows += sweep(t, result)
        for k in totals:
            if k == "measures" and not s["judged_measures"]:
                continue
            totals[k] = [a + b for a, b in zip(totals[k], s[k], strict=True)]
        follow = "/".join(map(str, s["measures"])) if s["judged_measures"] else "not judged"
        print(f"| {s['pair']} | {s['fields']} | {s['fields_wrong']} | {s['fields_missing']} | "
              f"{s['cross_agree']}/{s['cross_wrong']}/{s['cross_missing']} | "
              f"{'/'.join(map(str, s['problems']))} | {follow} |")  # fmt: skip
        if s["wrong"]:
            print(f"  wrong: {s['wrong']}")
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
