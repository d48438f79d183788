#!/usr/bin/env python3
"""Seconds per page of our text-layer PDF reader (``extractor.reading.pdf.read_pdf``: OCR
decision, ruled tables as cells, text lines, headers/footers, joins) against pdfplumber's own
``extract_text`` + ``extract_tables`` on every page of the same file.

Usage: python scripts/bench_pdf.py [PDF ...] [--repeat N]

Defaults to ../shared/real/hzq2023.pdf and a ruled report drawn by tests/pdfgen.py from the
sample. Each reader runs ``--repeat`` times (default 5) after one warm-up; the best run counts,
which is the least disturbed by other work on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from extractor.reading.pdf import read_pdf  # noqa: E402


def plumber(data: bytes) -> int:
    with pdfplumber.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def best(fn: object, data: bytes, repeat: int) -> float:
    fn(data)  # type: ignore[operator]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(data)  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    inputs: list[tuple[str, bytes]] = [(p.name, p.read_bytes()) for p in args.pdfs]
    if not inputs:
        real = ROOT.parent / "shared" / "real" / "hzq2023.pdf"
        if real.exists():
            inputs.append((real.name, real.read_bytes()))
        from tests.pdfgen import ruled_report_pdf

        sample = (ROOT / "corpus" / "samples" / "xinghe2023.txt").read_text("utf-8")
        inputs.append(("xinghe2023 (ruled, tests/pdfgen.py)", ruled_report_pdf(sample)))
    print(f"{'file':40} {'pages':>5} {'pdfplumber s/page':>18} {'ours s/page':>12} {'ratio':>6}")
    for name, data in inputs:
        pages = plumber(data)
        base = best(plumber, data, args.repeat) / pages
        ours = best(read_pdf, data, args.repeat) / pages
        print(f"{name:40} {pages:5} {base:18.3f} {ours:12.3f} {ours / base:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
