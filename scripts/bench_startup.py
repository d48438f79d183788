#!/usr/bin/env python3
"""Benchmark: start-up, what a shell loop of ``extractor extract`` pays per call.

Each run starts fresh processes and times them from outside (wall time): ``extractor --version``
and ``extractor extract FILE -o /dev/null`` (default: the small text sample report). Then one
more cold process splits the same extraction into its parts: importing the pipeline, each
pipeline stage of the first document (``extractor.budget.stage_times``; a stage's time includes
loading the models and dictionaries it is the first to need) and writing the JSON. Every
number is the median of ``--runs``.

``--against PATH`` times another checkout's code (e.g. a worktree of main) in the same session,
alternating with this one's runs, and prints the ratio; a checkout without ``stage_times`` gets
only the import and the whole extraction in its breakdown.

One run before the timed ones builds what a first run builds (bytecode, jieba's dictionary
cache in the user cache folder): the numbers are for a machine that has run extractor before.

Usage: python scripts/bench_startup.py [--runs 5] [--file corpus/samples/xinghe2023.txt]
                                       [--against ../main]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Left out of the commands' environment: PYTHONPATH (the code under test is the checkout's), and
# PYTHONDONTWRITEBYTECODE, which would make every fresh process compile the package's modules
# from source (0.1–0.2 s on the development machine), as no installed copy does (pip compiles
# them at install; a checkout writes them on its first run).
_ENV_DROPPED = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")

# One cold extraction, split into its parts (run in the code root under test).
_PARTS = """
import json, sys, time
t0 = time.perf_counter()
from extractor.pipeline import extract
t1 = time.perf_counter()
parts = {"import": t1 - t0}
try:
    from extractor.budget import stage_times
except ImportError:
    report = extract(sys.argv[1])
else:
    with stage_times() as times:
        report = extract(sys.argv[1])
    parts.update(times)
t2 = time.perf_counter()
parts["extract"] = t2 - t1
report.to_json()
parts["json"] = time.perf_counter() - t2
print(json.dumps(parts))
"""


def _wall(cmd: list[str], code: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROPPED}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=code, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _parts(code: Path, path: Path) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROPPED}
    out = subprocess.run(
        [sys.executable, "-c", _PARTS, str(path)],
        cwd=code,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    parts: dict[str, float] = json.loads(out)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=ROOT / "corpus/samples/xinghe2023.txt")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    args = parser.parse_args(argv)
    path = args.file.resolve()
    codes = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
    version = [sys.executable, "-m", "extractor", "--version"]
    extract = [sys.executable, "-m", "extractor", "extract", str(path), "-o", os.devnull]
    walls: dict[str, dict[str, list[float]]] = {n: {"version": [], "extract": []} for n in codes}
    parts: dict[str, dict[str, list[float]]] = {n: {} for n in codes}
    for code in codes.values():
        _wall(extract, code)  # bytecode and caches, as on a machine that ran it before
    for run in range(args.runs):
        order = list(codes.items()) if run % 2 == 0 else list(reversed(codes.items()))
        for name, code in order:
            walls[name]["version"].append(_wall(version, code))
            walls[name]["extract"].append(_wall(extract, code))
            for part, seconds in _parts(code, path).items():
                parts[name].setdefault(part, []).append(seconds)
    print(f"{path.name}, median of {args.runs} runs, wall seconds of a fresh process:")
    for name, code in codes.items():
        w = walls[name]
        cells = ", ".join(f"{p} {statistics.median(s) * 1000:.0f}" for p, s in parts[name].items())
        print(f"  {name} ({code}): extract {statistics.median(w['extract']):.3f} s "
              f"(runs: {', '.join(f'{x:.2f}' for x in w['extract'])}), "
              f"--version {statistics.median(w['version']):.3f} s")  # fmt: skip
        print(f"    cold parts, ms: {cells}")
    if args.against:
        ratio = statistics.median(walls["this"]["extract"]) / statistics.median(
            walls["against"]["extract"]
        )
        print(f"extract wall ratio this/against: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
