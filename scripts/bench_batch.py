#!/usr/bin/env python3
"""Benchmark: a batch over an archive of N documents made from corpus/ (text and HTML).

Builds ``N`` documents by cycling through the corpus's documents (each copy gets a distinct
name and a distinct trailing comment, so no two are the same content), zips them, runs
``extractor.batch.run_batch`` with the given workers into a temporary folder, and reports
documents per second (wall time, including worker start-up) and the peak resident memory of
the largest worker process (``ru_maxrss`` of the children).

Usage: python scripts/bench_batch.py [--documents 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.batch import run_batch  # noqa: E402


def build_archive(path: Path, n: int) -> dict[str, int]:
    sources = sorted(
        p
        for p in (ROOT / "corpus").rglob("*")
        if (p.suffix in (".txt", ".html") and "docs" in p.parts) or p.parent.name == "samples"
    )
    kinds: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            src = sources[i % len(sources)]
            data = src.read_bytes() + f"\n<!-- copy {i} -->\n".encode()
            z.writestr(f"doc{i:05d}{src.suffix}", data)
            kinds[src.suffix] = kinds.get(src.suffix, 0) + 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "batch.zip"
        kinds = build_archive(archive, args.documents)
        start = time.perf_counter()
        result = run_batch([str(archive)], Path(tmp) / "out", workers=args.workers,
                           progress=None)  # fmt: skip
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = archive.stat().st_size / 1e6
    print(f"{result.processed} documents ({kinds}) in a {size_mb:.1f} MB zip, "
          f"{args.workers} workers: {seconds:.1f} s, {result.processed / seconds:.1f} documents/s, "
          f"{result.failed} failed; peak worker memory {peak_mb:.0f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
