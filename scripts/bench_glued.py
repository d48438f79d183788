#!/usr/bin/env python3
"""Benchmark: time to read a table-四 row glued into one run of N digits, by N.

The row is the only line under table 四's heading words, so every second is the splitter's
search (extractor/tables/repair.py). Each length runs in its own process with a time limit, so
a tree whose search explodes (``--root`` of an older checkout) is measured, not waited for.
Digit patterns: ``ones`` ("111…", a sum in every window: the worst case), ``tens`` ("1010…"),
``random`` (seeded) and ``zeros``.

Usage: python scripts/bench_glued.py [--root TREE] [--lengths 10,20,…] [--limit S]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger("bench_glued")

HEADER = "行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计\n"
CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from extractor.document import Line
from extractor.tables.mapping import map_tokens
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import tokenize_lines
text = sys.stdin.read()
template = template_by_id("review_litigation")
map_tokens(tokenize_lines([Line("0")]), template)  # imports and caches warm
t = time.perf_counter()
mapping = map_tokens(tokenize_lines(Line(x) for x in text.splitlines()), template)
print(time.perf_counter() - t, sum(v is not None for v in mapping.values.values()))
"""


def digits(pattern: str, n: int) -> str:
    if pattern == "random":
        rng = random.Random(n)
        return "".join(str(rng.randint(0, 9)) for _ in range(n))
    unit = {"ones": "1", "tens": "10", "zeros": "0"}[pattern]
    return (unit * n)[:n]


def measure(root: Path, text: str, limit: float) -> tuple[float | None, int | None]:
    """(seconds, values read), or (None, None) when the limit killed it."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(root))],
            input=text,
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, None
    seconds, read = done.stdout.split()
    return float(seconds), int(read)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--lengths", default="10,15,20,25,30,35,40,48,60,80,1000,10000")
    parser.add_argument("--patterns", default="ones,tens,random,zeros")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per run")
    args = parser.parse_args(argv)
    rows = []
    for pattern in args.patterns.split(","):
        for n in map(int, args.lengths.split(",")):
            seconds, read = measure(args.root, HEADER + digits(pattern, n), args.limit)
            shown = f"{seconds:.3f} s" if seconds is not None else f"> {args.limit:g} s"
            logger.info("%-6s %6d digits  %s  (%s values)", pattern, n, shown, read)
            rows.append({"pattern": pattern, "digits": n, "seconds": seconds, "values": read})
    logger.info("%s", json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
