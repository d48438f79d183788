#!/usr/bin/env python3
"""Benchmark: concurrent single-document requests against the real server.

Starts ``extractor serve`` on a free 127.0.0.1 port (or uses ``--url``), sends ``--requests``
uploads of the corpus samples (text and HTML, alternating) with ``--concurrency`` of them in
flight at once, checks that every answer is correct (HTTP 200 and the same fields, tables and
checks as ``extractor.extract`` gives for that file), and reports latency percentiles and
throughput. Latency is per request, from sending to the whole answer read, queueing included.

Usage: python scripts/bench_server.py [--requests 50] [--concurrency 50] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from extractor import extract  # noqa: E402
from extractor.server.testing import ServerProcess  # noqa: E402

SAMPLES = [
    ROOT / "corpus" / "samples" / "xinghe2023.txt",
    ROOT / "corpus" / "samples" / "xinghe2023.html",
]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def expected(path: Path) -> dict[str, Any]:
    record = json.loads(extract(path).to_json())
    return {k: record[k] for k in ("status", "fields", "tables", "checks")}


def run(url: str, n: int, concurrency: int, token: str | None) -> int:
    want = {p.name: expected(p) for p in SAMPLES}
    bodies = {p.name: p.read_bytes() for p in SAMPLES}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(base_url=url, timeout=300, limits=limits, headers=headers) as client:
        # One request first so that worker start-up is not in the numbers.
        client.post("/v1/extract", files={"file": (SAMPLES[0].name, bodies[SAMPLES[0].name])})

        def one(i: int) -> tuple[float, str | None]:
            name = SAMPLES[i % len(SAMPLES)].name
            started = time.perf_counter()
            r = client.post("/v1/extract", files={"file": (name, bodies[name])})
            elapsed = time.perf_counter() - started
            if r.status_code != 200:
                return elapsed, f"#{i} {name}: HTTP {r.status_code} {r.text[:200]}"
            got = r.json()
            bad = [k for k, v in want[name].items() if got.get(k) != v]
            return elapsed, f"#{i} {name}: differs in {bad}" if bad else None

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(one, range(n)))
        wall = time.perf_counter() - started
    latencies = [t * 1000 for t, _ in results]
    errors = [e for _, e in results if e]
    print(f"{n} requests, {concurrency} concurrent: {n - len(errors)} correct, {len(errors)} wrong")
    for e in errors[:10]:
        print("  " + e)
    p50, p90, p99 = (percentile(latencies, p) for p in (50, 90, 99))
    print(
        f"latency ms: p50 {p50:.0f}, p90 {p90:.0f}, p99 {p99:.0f}, max {max(latencies):.0f} "
        f"(mean {statistics.mean(latencies):.0f})"
    )
    print(f"throughput: {n / wall:.1f} requests/s ({wall:.2f} s wall)")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--url", help="an already running server (default: start one)")
    parser.add_argument("--token", help="bearer token of --url")
    parser.add_argument("--workers", type=int, help="--workers of the started server")
    args = parser.parse_args(argv)
    if args.url:
        return run(args.url, args.requests, args.concurrency, args.token)
    with tempfile.TemporaryDirectory() as tmp:
        extra = ("--workers", str(args.workers)) if args.workers else ()
        with ServerProcess(Path(tmp) / "data", *extra) as server:
            return run(server.url, args.requests, args.concurrency, None)


if __name__ == "__main__":
    raise SystemExit(main())
