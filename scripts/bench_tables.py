#!/usr/bin/env python3
"""Benchmark: time to rebuild and map one report's tables (the tables stage alone).

Reads every document that has a truth file under the given folders (default: corpus/ and, when
present, ../shared/real), then times ``extractor.tables.reconstruct`` on each, once cold (the
first time that document's text is seen) and as the median of --repeat warm runs. Reading and
the other stages are excluded. Prints per-kind and overall figures.

Usage: python scripts/bench_tables.py [FOLDER ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.options import Options  # noqa: E402
from extractor.reading import load, read  # noqa: E402
from extractor.tables import reconstruct  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from evaluate import document_of, truth_files  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    folders = args.folders or [ROOT / "corpus", ROOT.parent / "shared" / "real"]
    docs = []
    for folder in folders:
        if folder.is_dir():
            for path in truth_files(folder):
                truth = json.loads(path.read_text(encoding="utf-8"))
                docs.append(document_of(path, truth))
    options = Options()
    cold: list[float] = []
    warm: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for doc in docs:
        document = read(load(doc, options))
        start = time.perf_counter()
        reconstruct(document)
        cold.append((time.perf_counter() - start) * 1000)
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            reconstruct(document)
            runs.append((time.perf_counter() - start) * 1000)
        warm.append(statistics.median(runs))
        by_kind.setdefault(document.kind, []).append(cold[-1])
    print(f"{len(docs)} documents on {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}")  # fmt: skip
    for kind, times in sorted(by_kind.items()):
        print(f"  {kind:5} n={len(times):3}  cold median {statistics.median(times):6.1f} ms  "
              f"max {max(times):6.1f} ms")  # fmt: skip
    print(f"  all   cold median {statistics.median(cold):.1f} ms, p95 "
          f"{sorted(cold)[int(0.95 * (len(cold) - 1))]:.1f} ms, max {max(cold):.1f} ms; "
          f"warm median {statistics.median(warm):.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
