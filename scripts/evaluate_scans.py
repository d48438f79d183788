#!/usr/bin/env python3
"""Scan robustness: image-only copies of reports with known numbers, at several scan qualities,
read back through OCR and scored field by field.

Usage: python scripts/evaluate_scans.py [--variants s2,hard,...] [--json OUT] [--keep DIR]

Sources: every ``../shared/real`` report that has a truth file and is a PDF (hzq2023.pdf) or an
HTML page (printed to PDF with headless Chromium, as a reader would print it), plus the HTML
documents of ``corpus/`` with truth files. Each is degraded by ``scripts/make_scans.py`` with
each variant below and extracted at default options. A value counts as wrong only when it is
not null and differs from the truth; ``flagged`` says whether the record has a failing check
(R1–R4) that a reader would see next to the wrong value.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
REAL = ROOT.parent / "shared" / "real"

# Scanner settings (make_scans.scan_pages keywords); "s1" is the default office scan.
VARIANTS: dict[str, dict[str, Any]] = {
    "s1": {"seed": 1},
    "s2": {"seed": 2},
    "hard": {"seed": 3, "max_rotation": 2.0, "noise": 12, "blur": 0.8, "quality": 40},
    "150dpi": {"seed": 4, "dpi": 150},
    "300dpi": {"seed": 5, "dpi": 300},
    "harder": {"seed": 6, "max_rotation": 3.0, "noise": 10, "blur": 1.0, "quality": 35},
    "faded": {"seed": 7, "fade": 0.55},
}


def print_to_pdf(html: Path, out: Path) -> Path:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    pdf = out / (html.stem + ".pdf")
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={out / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return pdf


def sources() -> list[tuple[str, Path, Path]]:
    """(name, document, truth file) of every report a scan can be made of."""
    out = []
    if REAL.is_dir():
        for truth in sorted((REAL / "truth").glob("*.json")):
            for ext in (".pdf", ".html"):  # one copy per report: its PDF if it has one
                doc = REAL / (truth.stem + ext)
                if doc.is_file():
                    out.append((truth.stem, doc, truth))
                    break
    from evaluate import document_of

    for truth in sorted((ROOT / "corpus").rglob("truth/*.json")):
        try:
            doc = document_of(truth, json.loads(truth.read_text(encoding="utf-8")))
        except (FileNotFoundError, KeyError):
            continue
        if doc.suffix == ".html":
            out.append((truth.stem, doc, truth))
    return out


def score(report: Any, truth: dict[str, Any]) -> dict[str, Any]:
    fields = truth["fields"]
    got = report.fields
    wrong = {k: [v, got.get(k)] for k, v in fields.items() if got.get(k) not in (None, v)}
    return {
        "right": sum(got.get(k) == v for k, v in fields.items()),
        "expected": len(fields),
        "wrong": wrong,
        "flagged": any(c.status == "fail" for c in report.checks),
    }


def main(argv: list[str] | None = None) -> int:
    from make_scans import save, scan_pages

    from extractor import extract

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="keep the printed PDFs and scans here")
    args = ap.parse_args(argv)
    names = [v for v in args.variants.split(",") if v]
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        ap.error(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name, doc, truth_path in sources():
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            pdf = doc if doc.suffix == ".pdf" else print_to_pdf(doc, work)
            for variant in names:
                settings = VARIANTS[variant]
                scan = work / f"{name}_{variant}.pdf"
                save(scan_pages(pdf, **settings), scan, settings.get("dpi", 200))
                started = time.perf_counter()
                report = extract(scan)
                row = {"doc": name, "variant": variant, **score(report, truth)}
                row["seconds"] = round(time.perf_counter() - started, 1)
                rows.append(row)
                wrong = f" wrong {row['wrong']}" if row["wrong"] else ""
                flag = " (flagged by a failing check)" if row["wrong"] and row["flagged"] else ""
                print(f"{variant:7} {name:28} {row['right']:4}/{row['expected']}{wrong}{flag} "
                      f"{row['seconds']} s", flush=True)  # fmt: skip
    total = sum(r["expected"] for r in rows)
    summary = {
        "scans": len(rows),
        "fields": total,
        "right": sum(r["right"] for r in rows),
        "wrong": sum(len(r["wrong"]) for r in rows),
        "wrong_unflagged": sum(len(r["wrong"]) for r in rows if not r["flagged"]),
        "recall": round(sum(r["right"] for r in rows) / max(1, total), 4),
    }
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
