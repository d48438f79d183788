#!/usr/bin/env python3
"""Time the sections stage (heading rules + classifier + decoding) per report on every report of
corpus/sections, after the model is loaded, and report the model files' size.

Usage: python scripts/bench_sections.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_sections import to_document  # noqa: E402

from extractor.modelfiles import model_folder  # noqa: E402
from extractor.sectionmodel import load_model  # noqa: E402
from extractor.sections import build_sections, split_sections  # noqa: E402


def main() -> int:
    t0 = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - t0
    docs = []
    for f in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        docs += [to_document(json.loads(line))[0] for line in f.read_text("utf-8").splitlines()]
    times = []
    for doc in docs:
        t = time.perf_counter()
        build_sections(split_sections(doc))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    size = sum(p.stat().st_size for p in model_folder("sections").iterdir()) / 1e6
    print(f"model load {load_s:.2f} s once per process; model files {size:.1f} MB")
    p95 = times[int(len(times) * 0.95)]
    print(f"{len(times)} reports: median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms per report")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
