#!/usr/bin/env python3
"""Time the themes stage (sentence tagging, problem → measure pairs, keywords per section) per
report, on the sections of every report of corpus/sections, after the models are loaded.

Usage: python scripts/bench_themes.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.report import Section  # noqa: E402
from extractor.thememodel import jieba_tokenizer, load_keyword_idf, load_theme_model  # noqa: E402
from extractor.themes import pair_themes, section_keywords, tag_themes  # noqa: E402


def reports() -> list[list[Section]]:
    out = []
    for f in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            blocks = json.loads(line)["blocks"]
            by_id: dict[str, list[str]] = {}
            for b in blocks:
                if b["section"] not in ("preamble", "unclassified"):
                    by_id.setdefault(b["section"], []).append(b["text"])
            out.append([Section(id=k, title=None, text="\n".join(v), confidence=1.0)  # type: ignore[arg-type]
                        for k, v in by_id.items()])  # fmt: skip
    return out


def main() -> int:
    t0 = time.perf_counter()
    jieba_tokenizer()
    load_theme_model()
    load_keyword_idf()
    load_s = time.perf_counter() - t0
    times = []
    themes = 0
    for sections in reports():
        t = time.perf_counter()
        found = tag_themes(sections)
        pair_themes(found)
        section_keywords(sections, 10)
        times.append((time.perf_counter() - t) * 1000)
        themes += len(found)
    times.sort()
    print(f"models + jieba load: {load_s:.2f} s (once per process)")
    p95 = times[int(len(times) * 0.95)]
    print(f"{len(times)} reports, {themes} themes: median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms per report")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
