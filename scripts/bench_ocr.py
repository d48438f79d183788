#!/usr/bin/env python3
"""OCR benchmark: seconds per page, peak memory and character error rate of our OCR
(``extractor.ocr.ocr_page_image`` at default options) against Tesseract (chi_sim) on the same
rendered pages of a PDF with a text layer, whose text is the reference.

Usage: python scripts/bench_ocr.py [PDF] [--dpi 200] [--scan] [--json OUT]

- Pages are rendered with pypdfium2 at ``--dpi`` (200, the PDF reader's default); ``--scan``
  degrades them first as scripts/make_scans.py does (skew, blur, noise, JPEG).
- Each engine runs in its own child process, so its peak resident memory (``ru_maxrss``) is its
  own: ours includes Python, onnxruntime and the models; Tesseract's is the largest of its
  per-page processes (``tesseract PAGE stdout -l chi_sim``, Debian's tesseract-ocr-chi-sim).
- Seconds are wall-clock per page (model loading reported apart as ``load_s``); ``cpu_s`` is
  the CPU time of all threads, a check on timings taken while other work shares the machine.
- CER = Levenshtein distance / reference length, on the page text with all whitespace removed
  and NFKC applied (full- and half-width brackets count as the same). Reading order matters, so
  a table read row by row by one engine and column by column by the other costs CER;
  ``bag_error`` is the order-free companion (see :func:`bag_error`).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PDF = ROOT.parent / "shared" / "real" / "hzq2023.pdf"


def normalize(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalize(reference), normalize(hypothesis)
    return levenshtein(ref, hyp) / max(1, len(ref))


def bag_error(reference: str, hypothesis: str) -> float:
    """Order-free error: characters missing from or extra in the hypothesis, as a multiset, per
    reference character. Table pages' text layers interleave wrapped cells, which the ordered
    CER charges to any engine that reads cells whole."""
    ref, hyp = Counter(normalize(reference)), Counter(normalize(hypothesis))
    common = sum((ref & hyp).values())
    return (max(sum(ref.values()), sum(hyp.values())) - common) / max(1, sum(ref.values()))


def reference_texts(pdf: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def render(pdf: Path, out: Path, dpi: int, scan: bool) -> list[Path]:
    if scan:
        sys.path.insert(0, str(ROOT / "scripts"))
        from make_scans import scan_pages

        images = scan_pages(pdf, dpi=dpi)
    else:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(pdf))
        images = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
        doc.close()
    paths = []
    for i, img in enumerate(images, 1):
        path = out / f"page{i:03d}.png"
        img.save(path)
        paths.append(path)
    return paths


def page_text(page: Any) -> str:
    """All text of an OCR'd page: paragraphs and headings, and table cells row by row."""
    parts = []
    for block in page.blocks:
        if block.grid is not None:
            parts.extend("".join(row) for row in block.grid.matrix())
        else:
            parts.append(block.text)
    return "\n".join(parts)


def worker_ours(paths: list[Path], dpi: int) -> dict[str, Any]:
    from PIL import Image

    from extractor.ocr import engine_for, ocr_page_image
    from extractor.options import Options

    options = Options(ocr_dpi=dpi)
    started = time.perf_counter()
    cpu = time.process_time()
    engine_for(options)  # model loading, once per process: reported apart from the pages
    load = time.perf_counter() - started
    seconds, texts = [], []
    for path in paths:
        with Image.open(path) as img:
            img.load()
            t = time.perf_counter()
            page = ocr_page_image(img, 1, options)
            seconds.append(time.perf_counter() - t)
        texts.append(page_text(page))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "load_s": load,
        "seconds": seconds,
        "texts": texts,
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu_s": time.process_time() - cpu,
    }


def worker_tesseract(paths: list[Path]) -> dict[str, Any]:
    seconds, texts = [], []
    for path in paths:
        t = time.perf_counter()
        out = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "chi_sim"],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds.append(time.perf_counter() - t)
        texts.append(out.stdout)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "load_s": 0.0,
        "seconds": seconds,
        "texts": texts,
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }


def run_worker(kind: str, folder: Path, dpi: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--dpi", str(dpi), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def summary(name: str, result: dict[str, Any], refs: list[str]) -> dict[str, Any]:
    secs = result["seconds"]
    rates = [cer(r, h) for r, h in zip(refs, result["texts"], strict=True)]
    bags = [bag_error(r, h) for r, h in zip(refs, result["texts"], strict=True)]
    chars = [len(normalize(r)) for r in refs]
    return {
        "engine": name,
        "pages": len(secs),
        "s_per_page": round(sum(secs) / len(secs), 2),
        "s_max_page": round(max(secs), 2),
        "s_each_page": [round(s, 2) for s in secs],
        "load_s": round(result["load_s"], 2),
        "peak_mb": round(result["peak_mb"]),
        "cer": round(sum(r * c for r, c in zip(rates, chars, strict=True)) / sum(chars), 4),
        "cer_per_page": [round(r, 4) for r in rates],
        "bag_error": round(sum(r * c for r, c in zip(bags, chars, strict=True)) / sum(chars), 4),
        "bag_error_per_page": [round(r, 4) for r in bags],
        "cpu_s_per_page": round(result["cpu_s"] / len(secs), 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path, nargs="?", default=DEFAULT_PDF)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--scan", action="store_true", help="degrade the pages like a scan first")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--worker", choices=["ours", "tesseract"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        paths = sorted(args.pdf.glob("page*.png"))
        result = worker_ours(paths, args.dpi) if args.worker == "ours" else worker_tesseract(paths)
        json.dump(result, sys.stdout, ensure_ascii=False)
        return 0
    if not args.pdf.is_file():
        print(f"{args.pdf}: not found", file=sys.stderr)
        return 2
    refs = reference_texts(args.pdf)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        render(args.pdf, folder, args.dpi, args.scan)
        rows.append(
            summary("extractor (RapidOCR PP-OCRv6)", run_worker("ours", folder, args.dpi), refs)
        )
        if shutil.which("tesseract"):
            rows.append(
                summary("tesseract chi_sim", run_worker("tesseract", folder, args.dpi), refs)
            )
        else:
            print(
                "tesseract is not installed: apt-get install tesseract-ocr-chi-sim", file=sys.stderr
            )
    report = {"pdf": args.pdf.name, "dpi": args.dpi, "scan": args.scan, "engines": rows}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
