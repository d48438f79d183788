#!/usr/bin/env python3
"""How the narrative reads on every kind of source: the share of themes that are sentence
fragments, section and theme probes (matched without whitespace and table-cell bars), and
metadata, per source family.

Sources (each document with a truth file of corpus/ or ../shared/real):

- ``native``: the documents as they are (text, HTML, PDF);
- ``wrap80`` / ``wrapNN``: their text with every prose line hard-wrapped at 80 display columns
  (a text browser's dump) and at a random width of 40–160 per document, tables untouched;
- ``crawler``: every prose line and heading cut into inline elements, one per line, and the
  cells of flattened table rows one per line (scripts/train_reflow.py's ``crawler_split``), the
  part's heading repeated above each table as its caption, CRLF line ends;
- ``pagebreaks``: ``wrap80`` with decorated page numbers (— 3 —, 第 3 页) every 40 lines;
- ``wrap40fw`` / ``wrap120fw``: prose hard-wrapped at 40 / 120 columns, each paragraph's first
  line indented with two full-width spaces; ``sentences``: every sentence on a line of its own;
  ``brbr``: an HTML page whose paragraphs are only ``<br><br>`` apart (session 8's new forms);
- ``notitle``: the text without the head lines that name the report (title, crawler header),
  as trafilatura keeps a page: agency and year come from the body, or stay null;
- ``zoo:<converter>``: the texts of the converter zoo (``--zoo``, default /tmp/converter-zoo, made
  by scripts/converter_zoo.py) and its printed PDFs (``zoo:pdf``), when present;
- ``scan``: those PDFs (and the real PDFs) as office scans (scripts/make_scans.py, seed 1,
  200 dpi) read by OCR, when the ``ocr`` extra is installed (slow: about a minute a document).

A theme is a **fragment** when it does not end a sentence (。！？；： or a closing quote or
bracket after one) or does not start one (what precedes it in its section is not the start, a
line break, or a sentence end). A short unpunctuated title-like theme on a line of its own
(（一）继续强化信息公开责任) is whole.

Usage: python scripts/narrative_eval.py [--only FAMILY,...] [--zoo DIR] [--verbose] [--json F]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
REAL = ROOT.parent / "shared" / "real"

from evaluate import document_of  # noqa: E402
from train_reflow import crawler_split, is_prose, wrap  # noqa: E402

import extractor  # noqa: E402
from extractor.reading.text import is_heading_like, is_pipe_line, is_table_row  # noqa: E402

_END = re.compile(r"[。！？；!?;：:…][”’」』）)]*$")
_START_BEFORE = re.compile(r"(?:^|[\n。！？；!?;：:])\s*$")
TITLE_MAX = 30


def is_fragment(theme: Any, section_text: str) -> bool:
    text = theme.text.strip()
    start, end = theme.span if theme.span else (max(section_text.find(text), 0), len(text))
    starts = start == 0 or bool(_START_BEFORE.search(section_text[max(0, start - 4) : start]))
    if _END.search(text):
        return not starts
    alone = starts and section_text[end : end + 1] in ("", "\n")
    return not (alone and len(text) <= TITLE_MAX and not re.search(r"[，,。]", text))


def truths() -> list[tuple[str, Path, dict[str, Any]]]:
    paths = sorted((ROOT / "corpus").rglob("truth/*.json"))
    if REAL.is_dir():
        paths += sorted((REAL / "truth").glob("*.json"))
    out = []
    for path in paths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        try:
            out.append((truth["doc_id"], document_of(path, truth), truth))
        except (FileNotFoundError, KeyError):
            continue
    return out


def drop_title(text: str) -> str:
    """``text`` without the lines of its head that name the report (title, crawler header
    fields), as trafilatura keeps a page: metadata must then come from the body."""
    lines = text.splitlines()
    head = [ln for ln in lines[:12] if "报告" in ln and "。" not in ln]
    return "\n".join(ln for ln in lines if ln not in head) + "\n"


def new_form(text: str, family: str, rng: random.Random) -> str:
    """Forms added in session 8 (issue #15, sources nobody had tried): prose hard-wrapped at 40
    or 120 columns with a two full-width-space indent on each paragraph's first line (a Word
    document saved as text); every sentence on a line of its own; a web page whose paragraphs
    are only ``<br><br>`` apart (tables and labels one ``<br>`` line each)."""
    out: list[str] = []
    for line in text.splitlines():
        t = line.strip()
        prose = bool(t) and is_prose(t) and not is_pipe_line(t)
        if family in ("wrap40fw", "wrap120fw") and prose:
            columns = 40 if family == "wrap40fw" else 120
            lines = wrap("\u3000\u3000" + t, columns, rng, kinsoku=True, whole_words=True)
            out += ["\u3000\u3000" + lines[0], *lines[1:]]
        elif family == "sentences" and prose:
            out += [s for s in _SENTENCE_END.split(t) if s.strip()]
        elif family == "brbr":
            if t:
                out.append(html.escape(t) + ("<br><br>" if prose else "<br>"))
        else:
            out.append(line)
    if family == "brbr":
        return '<html><head><meta charset="utf-8"></head><body><div class="content">' + (
            "".join(out) + "</div></body></html>\n"
        )
    return "\n".join(out) + "\n"


def text_variant(text: str, family: str, rng: random.Random) -> str:
    """``text`` with its prose lines and headings laid out as ``family`` lays them out."""
    if family == "notitle":
        return drop_title(text)
    if family in ("wrap40fw", "wrap120fw", "sentences", "brbr"):
        return new_form(text, family, rng)
    columns = 80 if family in ("wrap80", "pagebreaks") else rng.randrange(40, 161)
    out: list[str] = []
    top_heading = ""
    in_table = False
    for line in text.splitlines():
        t = line.strip()
        table_line = is_pipe_line(t) or is_table_row(t)
        if family == "crawler" and table_line and not in_table and top_heading:
            # A portal repeats the part's heading as the table's caption.
            out.append(top_heading)
        in_table = table_line or (in_table and not t)
        if not t or is_pipe_line(t):
            out.append(line)
            continue
        heading = is_heading_like(t)
        if heading and re.match(r"^[一二三四五六七八九十]{1,2}、", t):
            top_heading = t
        if family == "crawler":
            if is_table_row(t):
                out += t.split()
            elif is_prose(t) or heading:
                out += crawler_split(t, "heading" if heading else "paragraph", rng)
            else:
                out.append(t)
        elif is_prose(t):
            out += wrap(t, columns, rng, kinsoku=True, whole_words=True)
        else:
            out.append(t)
    if family == "pagebreaks":
        paged: list[str] = []
        for i, line in enumerate(out):
            if i and i % 40 == 0:
                paged.append(
                    rng.choice(["— {} —", "- {} -", "第 {} 页", "第{}页 共9页"]).format(i // 40)
                )
            paged.append(line)
        out = paged
    # Crawled pages keep the server's CRLF line ends.
    end = "\r\n" if family == "crawler" else "\n"
    return end.join(out) + end


def _bare(text: str) -> str:
    # Probes say which part holds a text: the spaces PDF text puts between CJK and the cell
    # bars a markdown table puts inside a wrapped label (一、本年新收政府信息|公开申请数量) say
    # nothing about that, and are left out of the comparison.
    return re.sub(r"[\s|]+", "", text)


class Tally:
    def __init__(self) -> None:
        self.docs = 0
        self.themes = 0
        self.fragments = 0
        self.section_probes = [0, 0]
        self.theme_probes = [0, 0]
        self.metadata_ok = 0
        self.metadata_wrong = 0
        self.seconds = 0.0
        self.examples: list[str] = []

    def add(self, doc_id: str, report: Any, truth: dict[str, Any], seconds: float) -> None:
        self.docs += 1
        self.seconds += seconds
        texts_ws = {sec.id: _bare(sec.text) for sec in report.sections}
        for sid, probes in truth.get("sections", {}).items():
            for p in probes:
                self.section_probes[1] += 1
                self.section_probes[0] += _bare(p) in texts_ws.get(sid, "")
        for label, probes in truth.get("themes", {}).items():
            for p in probes:
                self.theme_probes[1] += 1
                self.theme_probes[0] += any(
                    _bare(p) in _bare(t.text) and t.label == label for t in report.themes
                )

        got = (report.metadata.agency, report.metadata.year)
        want = (truth["metadata"].get("agency"), truth["metadata"].get("year"))
        self.metadata_ok += got == want
        # A wrong agency or year (not a missing one) is the error that costs.
        self.metadata_wrong += any(g is not None and g != w for g, w in zip(got, want, strict=True))
        texts = {sec.id: sec.text for sec in report.sections}
        for theme in report.themes:
            self.themes += 1
            if is_fragment(theme, texts.get(theme.section, "")):
                self.fragments += 1
                self.examples.append(f"{doc_id}: {theme.text[:60]!r}")

    def row(self) -> dict[str, Any]:
        return {
            "documents": self.docs,
            "themes": self.themes,
            "fragments": self.fragments,
            "fragment_share": round(self.fragments / self.themes, 4) if self.themes else 0.0,
            "section_probes": f"{self.section_probes[0]}/{self.section_probes[1]}",
            "theme_probes": f"{self.theme_probes[0]}/{self.theme_probes[1]}",
            "agency_year_ok": f"{self.metadata_ok}/{self.docs}",
            "agency_year_wrong": self.metadata_wrong,
            "ms_per_doc": round(1000 * self.seconds / self.docs, 1) if self.docs else 0.0,
        }


DUMP: Path | None = None


def run(path: Path, doc_id: str, truth: dict[str, Any], tally: Tally, family: str = "") -> None:
    started = time.perf_counter()
    report = extractor.extract(path)
    tally.add(doc_id, report, truth, time.perf_counter() - started)
    if DUMP is not None:
        # Records kept to diff two versions of the code document by document.
        out = DUMP / (family or "other") / f"{doc_id}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.model_dump_json(indent=1), encoding="utf-8")


def scans(zoo: Path, by_id: dict[str, Any], tally: Tally) -> None:
    try:
        import rapidocr  # noqa: F401
        from make_scans import save, scan_pages
    except ImportError as exc:
        print(f"skip scans: {exc}", file=sys.stderr)
        return
    pdfs = sorted((zoo / "pdf").glob("*.pdf")) if (zoo / "pdf").is_dir() else []
    pdfs += [d[1] for d in by_id.values() if d[1].suffix == ".pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            doc_id = pdf.stem.removesuffix("@print")
            if doc_id not in by_id:
                continue
            scan = Path(tmp) / f"{doc_id}.pdf"
            save(scan_pages(pdf, seed=1), scan, 200)
            run(scan, doc_id, by_id[doc_id][2], tally)


FAMILIES = (
    "native",
    "wrap80",
    "wrapNN",
    "crawler",
    "pagebreaks",
    "notitle",
    "wrap40fw",
    "wrap120fw",
    "sentences",
    "brbr",
)
# Families written as an HTML page rather than text.
HTML_FAMILIES = ("brbr",)
_SENTENCE_END = re.compile(r"(?<=[。！？；])(?![”’」』）)])")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated families (native, wrap80, …, zoo)")
    ap.add_argument(
        "--zoo",
        type=Path,
        action="append",
        help="converter zoo folder (repeatable: folders of the same converter are merged, the "
        "first copy of a file wins); default /tmp/converter-zoo",
    )
    ap.add_argument("--dump", type=Path, help="write every record here, FAMILY/DOC.json")
    ap.add_argument("--verbose", action="store_true", help="list the fragments")
    ap.add_argument("--json", type=Path, help="write the table here")
    ap.add_argument("--no-reflow", action="store_true", help="baseline: lines as readers give them")
    args = ap.parse_args(argv)
    zoos: list[Path] = args.zoo or [Path("/tmp/converter-zoo")]
    global DUMP
    DUMP = args.dump
    if args.no_reflow:
        import extractor.pipeline

        extractor.pipeline.reflow = lambda document: document  # type: ignore[assignment]
    only = set(args.only.split(",")) if args.only else None
    docs = truths()
    by_id = {d[0]: d for d in docs}
    tallies: dict[str, Tally] = defaultdict(Tally)
    with tempfile.TemporaryDirectory() as tmp:
        for family in FAMILIES:
            if only and family not in only:
                continue
            for doc_id, path, truth in docs:
                if family == "native":
                    run(path, doc_id, truth, tallies[family], family)
                    continue
                if path.suffix != ".txt":
                    continue
                rng = random.Random(f"{family}:{doc_id}")
                text = path.read_text(encoding="utf-8", errors="replace")
                suffix = ".html" if family in HTML_FAMILIES else ".txt"
                out = Path(tmp) / f"{family}-{doc_id}{suffix}"
                out.write_text(text_variant(text, family, rng), encoding="utf-8")
                run(out, doc_id, truth, tallies[family], family)
    if not only or "zoo" in only:
        zoo_files: dict[str, dict[str, Path]] = defaultdict(dict)
        for zoo in (z for z in zoos if z.is_dir()):
            for folder in (p for p in zoo.iterdir() if p.is_dir() and p.name != "src"):
                for f in folder.iterdir():
                    zoo_files[folder.name].setdefault(f.name, f)
        for name in sorted(zoo_files):
            for _, f in sorted(zoo_files[name].items()):
                doc_id = f.stem.removesuffix("@print")
                if doc_id not in by_id:
                    continue
                run(f, doc_id, by_id[doc_id][2], tallies[f"zoo:{name}"], f"zoo-{name}")
    if not only or "scan" in only:
        scans(zoos[0], by_id, tallies["scan"])
    table = {name: t.row() for name, t in tallies.items() if t.docs}
    total = Tally()
    for t in tallies.values():
        total.docs += t.docs
        total.themes += t.themes
        total.fragments += t.fragments
        total.seconds += t.seconds
        total.metadata_ok += t.metadata_ok
        total.metadata_wrong += t.metadata_wrong
        for i in range(2):
            total.section_probes[i] += t.section_probes[i]
            total.theme_probes[i] += t.theme_probes[i]
    table["all"] = total.row()
    cols = list(table["all"])
    print("| source | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name, row in table.items():
        print(f"| {name} | " + " | ".join(str(row[c]) for c in cols) + " |")
    if args.verbose:
        for name, t in tallies.items():
            for e in t.examples:
                print(f"[{name}] {e}")
    if args.json:
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
