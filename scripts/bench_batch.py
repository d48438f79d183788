#!/usr/bin/env python3
"""Benchmark: a batch over an archive of N documents made from corpus/ (text and HTML).

Builds ``N`` documents by cycling through the corpus's documents (each copy gets a distinct
name and a distinct trailing comment, so no two are the same content), renders ``--pdf`` of
them as text-layer PDFs (reportlab with its built-in STSong-Light CID font, no font files),
zips them, runs
``extractor.batch.run_batch`` with the given workers into a temporary folder, and reports
documents per second (wall time, including worker start-up) and the peak resident memory of
the largest worker process (``ru_maxrss`` of the children).

Usage: python scripts/bench_batch.py [--documents 1000] [--workers 2] [--pdf 50]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.batch import run_batch  # noqa: E402


def text_pdf(text: str) -> bytes:
    """A text-layer PDF of ``text`` (lines wrapped at 60 characters, A4, 9 pt)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("STSong-Light", 9)
    y = 800
    for line in text.splitlines():
        while line:
            part, line = line[:60], line[60:]
            c.drawString(30, y, part)
            y -= 12
            if y < 40:
                c.showPage()
                c.setFont("STSong-Light", 9)
                y = 800
    c.save()
    return out.getvalue()


def build_archive(path: Path, n: int, pdfs: int) -> dict[str, int]:
    sources = sorted(
        p
        for p in (ROOT / "corpus").rglob("*")
        if p.suffix in (".txt", ".html") and ("docs" in p.parts or p.parent.name == "samples")
    )
    texts = [p for p in sources if p.suffix == ".txt"]
    kinds: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            if i < pdfs:
                src = texts[i % len(texts)]
                data = text_pdf(src.read_text(encoding="utf-8") + f"\n{i}")
                suffix = ".pdf"
            else:
                src = sources[i % len(sources)]
                data = src.read_bytes() + f"\n<!-- copy {i} -->\n".encode()
                suffix = src.suffix
            z.writestr(f"doc{i:05d}{suffix}", data)
            kinds[suffix] = kinds.get(suffix, 0) + 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf", type=int, default=50, help="how many of them are PDFs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "batch.zip"
        kinds = build_archive(archive, args.documents, args.pdf)
        start = time.perf_counter()
        result = run_batch([str(archive)], Path(tmp) / "out", workers=args.workers,
                           progress=None)  # fmt: skip
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = archive.stat().st_size / 1e6
        per_kind: dict[str, list[float]] = {}
        for line in (Path(tmp) / "out" / "records.jsonl").read_text("utf-8").splitlines():
            record = json.loads(line)
            per_kind.setdefault(record["source"]["kind"], []).append(record["elapsed_ms"] or 0)
    print(f"{result.processed} documents ({kinds}) in a {size_mb:.1f} MB zip, "
          f"{args.workers} workers: {seconds:.1f} s, {result.processed / seconds:.1f} documents/s, "
          f"{result.failed} failed; peak worker memory {peak_mb:.0f} MB")  # fmt: skip
    for kind, times in sorted(per_kind.items()):
        print(f"  {kind}: {len(times)} documents, median {statistics.median(times):.0f} ms each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
