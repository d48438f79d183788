#!/usr/bin/env python3
"""Benchmark: ``extractor batch`` over an archive of N documents made from corpus/.

Builds ``N`` documents by cycling through the corpus's text and HTML reports (each copy gets a
distinct name and a distinct trailing comment, so no two are the same content), renders
``--pdf`` of them as text-layer PDFs (reportlab with its built-in STSong-Light CID font, no
font files) and zips them. Then each run is the command ``extractor batch ARCHIVE -o OUT
--workers W`` in a fresh process, timed from outside: documents per second is wall time
including the interpreter's and the workers' start-up. It reports, per run and as the median of
``--runs``: documents/s, the peak resident memory of the largest worker (``ru_maxrss`` of the
command's children) and the median ``elapsed_ms`` of the records per kind (each document in a
warm worker).

``--against PATH`` runs the same command on another checkout's code (its ``extractor``
package, e.g. a worktree of main) in the same session, alternating with this checkout's runs,
and prints the ratio: on a shared machine only numbers measured side by side compare. Each run
also reports the CPU seconds of the command and its workers, and their ratio: on a machine
busy with other work, wall time says more about the other work than about this code.

Last, unless ``--no-stages``, each distinct source document is extracted once more in this
process (warm, after one document) and the median milliseconds of every pipeline stage per
kind are printed (``extractor.budget.stage_times``), so that a regression shows which stage it
is in.

``--cpu`` gives them in CPU milliseconds of the process (``time.process_time``), which a
machine busy with other work disturbs less than wall time.

Usage: python scripts/bench_batch.py [--documents 600] [--workers 2] [--pdf 30] [--runs 3]
                                     [--against ../main] [--no-stages] [--cpu]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Left out of the commands' environment: PYTHONPATH (the code under test is the checkout's), and
# PYTHONDONTWRITEBYTECODE, which would make every fresh process compile the package's modules
# from source (0.1–0.2 s on the development machine), as no installed copy does (pip compiles
# them at install; a checkout writes them on its first run).
_ENV_DROPPED = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
sys.path.insert(0, str(ROOT))

# Run in the code root under test (cwd comes first on sys.path): that checkout's CLI, and the
# largest worker's peak memory from the children's rusage.
_RUN = """
import resource, sys
from extractor.cli import main
rc = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(rc)
"""


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


def bench_sources() -> list[Path]:
    """The corpus documents the archive is made of (text and HTML reports)."""
    return sorted(
        p
        for p in (ROOT / "corpus").rglob("*")
        if p.suffix in (".txt", ".html") and ("docs" in p.parts or p.parent.name == "samples")
    )


def build_archive(path: Path, n: int, pdfs: int) -> dict[str, int]:
    sources = bench_sources()
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


@dataclass
class Run:
    seconds: float
    docs_per_s: float
    peak_mb: float
    median_ms: dict[str, float]
    cpu_s: float
    """CPU seconds of the command and its workers (user + system): on a shared machine, where
    wall time depends on the other load, the work done compares better."""


def run_once(code: Path, archive: Path, out: Path, workers: int) -> Run:
    """One ``extractor batch`` of ``code``'s checkout in a fresh process."""
    cmd = [sys.executable, "-c", _RUN, "batch", str(archive), "-o", str(out)]
    cmd += ["--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROPPED}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{code}: extractor batch failed ({done.returncode}): {done.stderr}")
    per_kind: dict[str, list[float]] = {}
    records = 0
    for line in (out / "records.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        records += 1
        per_kind.setdefault(record["source"]["kind"], []).append(record["elapsed_ms"] or 0)
    return Run(
        seconds=seconds,
        docs_per_s=records / seconds,
        peak_mb=int(done.stderr.strip().splitlines()[-1]) / 1024,
        median_ms={k: statistics.median(v) for k, v in sorted(per_kind.items())},
        cpu_s=cpu,
    )


def stage_medians(sources: list[Path], cpu: bool = False) -> dict[str, dict[str, float]]:
    """Per kind (file suffix), the median milliseconds of each stage over ``sources``, each
    extracted once in this process after a warm-up document (jieba and the models loaded).
    ``cpu``: CPU milliseconds of this process rather than wall time."""
    import extractor
    from extractor.budget import stage_times

    clock = time.process_time if cpu else time.perf_counter
    extractor.extract(sources[0])
    per: dict[str, dict[str, list[float]]] = {}
    for path in sources:
        with stage_times(cpu=cpu) as times:
            started = clock()
            extractor.extract(path)
            times["total"] = clock() - started
        kind = per.setdefault(path.suffix.lstrip("."), {})
        for name, seconds in times.items():
            kind.setdefault(name, []).append(seconds * 1000)
    return {
        kind: {name: statistics.median(ms) for name, ms in stages.items()}
        for kind, stages in per.items()
    }


def _summary(runs: list[Run]) -> str:
    rates = [r.docs_per_s for r in runs]
    peaks = [r.peak_mb for r in runs]
    kinds: dict[str, list[float]] = {}
    for r in runs:
        for k, ms in r.median_ms.items():
            kinds.setdefault(k, []).append(ms)
    cells = ", ".join(f"{k} {statistics.median(v):.1f} ms" for k, v in kinds.items())
    cpu = statistics.median(r.cpu_s for r in runs)
    return (
        f"median {statistics.median(rates):.1f} documents/s (runs: "
        f"{', '.join(f'{x:.1f}' for x in rates)}); peak worker {max(peaks):.0f} MB; "
        f"median per document: {cells}; CPU {cpu:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf", type=int, default=30, help="how many of them are PDFs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage medians")
    parser.add_argument(
        "--cpu", action="store_true", help="per-stage medians in CPU ms (for a busy machine)"
    )
    args = parser.parse_args(argv)
    codes = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
    results: dict[str, list[Run]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "batch.zip"
        kinds = build_archive(archive, args.documents, args.pdf)
        size_mb = archive.stat().st_size / 1e6
        print(f"{args.documents} documents ({kinds}) in a {size_mb:.1f} MB zip, "
              f"{args.workers} workers, {args.runs} runs")  # fmt: skip
        for run in range(args.runs):
            # Alternating, so that a busy spell on a shared machine hits both alike.
            order = list(codes.items()) if run % 2 == 0 else list(reversed(codes.items()))
            for name, code in order:
                result = run_once(code, archive, Path(tmp) / f"out-{name}-{run}", args.workers)
                results[name].append(result)
                print(f"  run {run + 1} {name}: {result.seconds:.2f} s, "
                      f"{result.docs_per_s:.1f} documents/s, CPU {result.cpu_s:.1f} s, "
                      f"peak worker {result.peak_mb:.0f} MB, "
                      f"median ms {result.median_ms}")  # fmt: skip
    for name, runs in results.items():
        print(f"{name} ({codes[name]}): {_summary(runs)}")
    if args.against:
        mine = statistics.median(r.docs_per_s for r in results["this"])
        theirs = statistics.median(r.docs_per_s for r in results["against"])
        print(f"ratio this/against: {mine / theirs:.2f}")
        mine_cpu = statistics.median(r.cpu_s for r in results["this"])
        theirs_cpu = statistics.median(r.cpu_s for r in results["against"])
        print(f"CPU seconds ratio this/against: {mine_cpu / theirs_cpu:.2f}")
    if not args.no_stages:
        clock = "CPU ms" if args.cpu else "ms"
        print(f"median {clock} per stage, each distinct source once, one warm process:")
        for kind, stages in sorted(stage_medians(bench_sources(), args.cpu).items()):
            cells = ", ".join(f"{name} {ms:.1f}" for name, ms in stages.items())
            print(f"  {kind}: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
