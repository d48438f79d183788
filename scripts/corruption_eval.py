#!/usr/bin/env python3
"""Run the corruption model (``tests/corruption.py``) at scale and score the extractor.

Why: the property test in ``tests/test_corruption.py`` samples a few dozen broken texts; this
run gives every transform alone on every document, plus random compositions, so the cause of
each wrong number can be seen and reproduced. The contract: each field is the truth or null.

For every clean document (the truth files of ``corpus/tables`` and ``corpus``, and of
``../shared/real`` when present: their prose is read from the real file at run time only) it
runs the baseline (no transform), every single transform, and M random compositions of 1–3
transforms (``--depth``: 1–N or MIN–MAX; the default draws the compositions of earlier sessions
for the same seed), then prints per transform: fields expected, correct, wrong, missing, recall; and
every wrong value (document, transforms, seed, field, truth, what the record said, its
evidence). The broken text of every run with a wrong value is written to the output folder
(``<doc>__<transforms>__<seed>.txt``) with ``wrong.jsonl``, so a failure is one
``extractor extract`` away.

Usage: python scripts/corruption_eval.py [--docs N] [--compositions M] [--seed S]
                                         [--out DIR] [--no-real] [--workers W]
                                         [--depth N|MIN-MAX] [--compositions-only]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import corruption as cm  # noqa: E402

SHARED_REAL = ROOT.parent / "shared" / "real"


@dataclass
class Run:
    doc: str
    names: tuple[str, ...]
    seed: int
    expected: int = 0
    correct: int = 0
    missing: int = 0
    wrong: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


_DOCS: dict[str, cm.CleanDoc] = {}


def load_docs(n: int | None, real: bool) -> dict[str, cm.CleanDoc]:
    docs = {}
    paths = cm.corpus_truth_files()
    if n is not None:
        paths = random.Random("eval-docs").sample(paths, min(n, len(paths)))
    for p in paths:
        c = cm.load_corpus_clean(p)
        docs[c.name] = c
    if real and (SHARED_REAL / "truth").is_dir():
        for p in sorted((SHARED_REAL / "truth").glob("*.json")):
            c = cm.load_clean(p, SHARED_REAL)
            c.name = "real:" + c.name
            docs[c.name] = c
    return docs


def _init(docs: dict[str, cm.CleanDoc]) -> None:
    _DOCS.update(docs)


def run_one(job: tuple[str, tuple[str, ...], int]) -> tuple[Run, str]:
    doc_name, names, seed = job
    clean = _DOCS[doc_name]
    run = Run(doc_name, names, seed)
    text = cm.compose(clean, list(names), seed)
    t0 = time.perf_counter()
    try:
        fields, evidence = cm.extract_fields(text)
    except Exception as exc:  # a crash is a finding, not the end of the run
        run.error = f"{type(exc).__name__}: {exc}"
        return run, text
    run.seconds = time.perf_counter() - t0
    sc = cm.score(clean, fields, evidence)
    run.expected, run.correct, run.missing = sc.expected, sc.correct, sc.missing
    for fid, want, got, ev in sc.wrong:
        evd = ev.model_dump() if hasattr(ev, "model_dump") else ev
        run.wrong.append({"field": fid, "truth": want, "got": got, "evidence": evd})
    return run, text if run.wrong or run.error else ""


def jobs_for(
    docs: dict[str, cm.CleanDoc],
    m: int,
    seed: int,
    depth: tuple[int, int] = (1, 3),
    single: bool = True,
) -> list[tuple[str, tuple, int]]:
    jobs: list[tuple[str, tuple, int]] = []
    for name in docs if single else ():
        jobs.append((name, (), seed))
        # every transform alone, converter markup (ascii_grid, latex, csv…) included; the
        # random compositions draw from the breakage patterns only
        for t in cm.TRANSFORMS:
            jobs.append((name, (t,), seed))
    rng = random.Random(f"compositions|{seed}")
    names = list(docs)
    for i in range(m):
        doc = rng.choice(names)  # drawn before the transforms, as in earlier sessions
        drawn = cm.random_names(rng, k_max=depth[1], k_min=depth[0])
        jobs.append((doc, tuple(drawn), seed * 1000 + i))
    return jobs


def _depth(text: str) -> tuple[int, int]:
    """``N`` (1..N transforms) or ``MIN-MAX``."""
    lo, _, hi = text.partition("-")
    k_min, k_max = (int(lo), int(hi)) if hi else (1, int(lo))
    if not 1 <= k_min <= k_max:
        raise argparse.ArgumentTypeError(f"need 1 <= MIN <= MAX, got {text!r}")
    return k_min, k_max


def fmt_ev(ev: dict[str, Any] | None) -> str:
    if not ev:
        return "-"
    return f"raw={ev.get('raw')!r} how={ev.get('how')} row={ev.get('row')} line={ev.get('line')}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=None, help="sample N corpus documents (all)")
    ap.add_argument("--compositions", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/corruption_out"))
    ap.add_argument("--no-real", action="store_true", help="leave out ../shared/real")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--depth",
        type=_depth,
        default=(1, 3),
        help="transforms per random composition, N or MIN-MAX (1-3); deeper ones (3-5) meet "
        "more layouts nobody wrote a rule for",
    )
    ap.add_argument("--max-listed", type=int, default=400, help="wrong values printed (all saved)")
    ap.add_argument(
        "--compositions-only",
        action="store_true",
        help="leave out the baseline and single-transform runs (a fresh seed's compositions, "
        "on a loaded machine)",
    )
    args = ap.parse_args(argv)

    docs = load_docs(args.docs, not args.no_real)
    jobs = jobs_for(
        docs, args.compositions, args.seed, args.depth, single=not args.compositions_only
    )
    print(f"{len(docs)} documents, {len(jobs)} runs", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.txt"):
        old.unlink()
    t0 = time.perf_counter()
    runs: list[Run] = []
    wrong_log = (args.out / "wrong.jsonl").open("w", encoding="utf-8")
    with ProcessPoolExecutor(args.workers, initializer=_init, initargs=(docs,)) as pool:
        for k, (run, text) in enumerate(pool.map(run_one, jobs, chunksize=8)):
            runs.append(run)
            if text:
                tag = "+".join(run.names) or "none"
                fname = f"{run.doc.replace(':', '_')}__{tag}__{run.seed}.txt"
                (args.out / fname).write_text(text, encoding="utf-8")
                for w in run.wrong:
                    rec = {"doc": run.doc, "transforms": run.names, "seed": run.seed, **w}
                    wrong_log.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                if run.error:
                    rec = {"doc": run.doc, "transforms": run.names, "error": run.error}
                    wrong_log.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if (k + 1) % 200 == 0:
                print(f"  {k + 1}/{len(jobs)} {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    wrong_log.close()

    single: dict[str, list[Run]] = defaultdict(list)
    inmix: dict[str, list[Run]] = defaultdict(list)
    for r in runs:
        if len(r.names) <= 1 and r.seed == args.seed:
            single[r.names[0] if r.names else "(none)"].append(r)
        else:
            for n in r.names:
                inmix[n].append(r)

    def table(title: str, groups: dict[str, list[Run]]) -> None:
        print(f"\n## {title}")
        print(
            f"{'transform':24} {'pat':9} {'runs':>5} {'expected':>8} {'correct':>8} "
            f"{'wrong':>6} {'missing':>8} {'recall':>7} {'errors':>6}"
        )
        for name in ["(none)", *cm.TRANSFORMS]:
            rs = groups.get(name)
            if not rs:
                continue
            exp = sum(r.expected for r in rs)
            cor = sum(r.correct for r in rs)
            wr = sum(len(r.wrong) for r in rs)
            mis = sum(r.missing for r in rs)
            err = sum(1 for r in rs if r.error)
            pat = ",".join(cm.TRANSFORMS[name].patterns) if name in cm.TRANSFORMS else ""
            rec = cor / exp if exp else 1.0
            print(
                f"{name:24} {pat:9} {len(rs):5} {exp:8} {cor:8} {wr:6} {mis:8} {rec:7.3f} {err:6}"
            )

    table("single transforms", single)
    table("random compositions (each run counted under every transform in it)", inmix)
    n_wrong = sum(len(r.wrong) for r in runs)
    bad_runs = [r for r in runs if r.wrong]
    print(
        f"\n## wrong values: {n_wrong} in {len(bad_runs)} of {len(runs)} runs "
        f"(errors: {sum(1 for r in runs if r.error)})"
    )
    listed = 0
    for r in bad_runs:
        for w in r.wrong:
            if listed >= args.max_listed:
                break
            listed += 1
            print(
                f"- {r.doc} [{'+'.join(r.names) or 'none'}] seed={r.seed} {w['field']}: "
                f"truth={w['truth']} got={w['got']} {fmt_ev(w['evidence'])}"
            )
    for r in runs:
        if r.error:
            print(f"! error {r.doc} [{'+'.join(r.names)}] seed={r.seed}: {r.error}")
    print(
        f"\nbroken texts of failing runs and wrong.jsonl in {args.out}; "
        f"{time.perf_counter() - t0:.0f}s",
        file=sys.stderr,
    )
    return 1 if n_wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
