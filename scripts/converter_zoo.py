#!/usr/bin/env python3
"""A converter zoo of our own: text versions of the documents that have truth files, made with the
converter tools real users use, extracted and scored against truth like scripts/evaluate.py.

Inputs: the HTML documents of ``corpus/`` with truth files (corpus/tables/docs/*.html, corpus/
samples/*.html) and ``../shared/real`` (its *.html pages and hzq2023.pdf) when present. PDFs are
hzq2023.pdf plus each HTML document printed with headless Chromium (as tests/test_pdf_browser.py
prints them; skipped without ``chromium``).

Converters (each optional; one that is not installed is skipped with a message):

- PDF → text: pdfminer.six, pdftotext (default and ``-layout``), pypdf, PyMuPDF, pdfplumber,
  markitdown, pymupdf4llm, pypdfium2, ``mutool draw`` (text and HTML), ``pdftohtml``;
- PDF → text, added in session 9: pdfminer with ``LAParams(all_texts=True, boxes_flow=None)``
  and as HTML, PyMuPDF's ``get_text("blocks", sort=True)``; in session 11: ``pdftotext
  -bbox-layout`` (XHTML of word boxes) and Ghostscript's ``-sDEVICE=txtwrite``;
- HTML → text: BeautifulSoup ``get_text("\\n")``, html2text, trafilatura, markdownify, markitdown,
  ``w3m -dump``, ``lynx``/``links``/``elinks -dump``, pandoc (plain, markdown, reStructuredText,
  LaTeX, AsciiDoc, org, MediaWiki, Word; since session 9 texinfo, ms, man, ConTeXt, Markua,
  XWiki), lxml ``text_content()``, inscriptis, html-text,
  html-to-markdown, resiliparse;
- ``native``: the original document itself, as a reference row.

The Python converters run in a venv of their own, ``.venv-zoo/`` in the repo root (created and
filled with pip when missing; ``--install`` refreshes it), in a subprocess, so the project's
dependencies stay untouched. Debian's tools (w3m, lynx, links, elinks, pandoc, pdftotext,
pdftohtml, mutool, gs, chromium) are used when on PATH. HTML is handed to every converter as a UTF-8
copy (charset meta rewritten), as a user who downloaded the page with a browser or ``requests``
would have it.

Output under ``--out`` (default /tmp/converter-zoo): ``<converter>/<doc>.txt|.md`` (the converted
texts), ``pdf/`` (printed PDFs), ``summary.json`` and ``report.md``; the per-converter table and
the list of every WRONG value (a value that differs from the truth) are printed too.

Usage:
    python scripts/converter_zoo.py [--out DIR] [--converters a,b] [--docs GLOB] [--limit N]
                                    [--install] [--list] [--rescore] [--page SETUP]

``--docs`` takes one glob over the truth files' doc_ids or several, comma-separated (session 12:
``--docs 'qinglan2022_split,songpu2023_sep'``); every HTML or PDF document of ``corpus/`` with a
truth file is an input, so a new one (``corpus/samples/``) is picked up with no option.

``--page`` prints the HTML documents with another page set-up (CSS put before ``</head>``):
``a5`` (A5), ``landscape`` (A4 landscape at 9 pt), ``zoom`` (Letter at 130%), added in
session 10; ``zoom150`` (Letter at 150%), ``scale70`` (A4 at 70%), ``a3`` (A3 portrait),
``narrow`` (A4 with 3 mm margins), ``letter`` (Letter at 100%, 25 mm margins), ``font14`` and
``font7`` (A4 with every text at 14 pt or 7 pt), added in session 11. Each needs an ``--out``
of its own.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
REAL = ROOT.parent / "shared" / "real"
ZOO_VENV = ROOT / ".venv-zoo"
ZOO_PACKAGES = [
    "pdfminer.six", "pypdf", "pymupdf", "pymupdf4llm", "pdfplumber", "markitdown[pdf]",
    "beautifulsoup4", "lxml", "html2text", "trafilatura", "markdownify", "pypdfium2",
    "inscriptis", "html-text", "html-to-markdown", "resiliparse",
]  # fmt: skip

from evaluate import DocScore, document_of, score_report, summarize  # noqa: E402

import extractor  # noqa: E402


@dataclass(frozen=True)
class Converter:
    name: str
    kind: str  # "pdf" or "html": what it reads
    runner: str  # "py" (in .venv-zoo), "cmd" (a Debian tool), "native" (no conversion)
    ext: str  # ".txt" or ".md": what it writes
    tool: str = ""  # the executable, for runner "cmd"


CONVERTERS = [
    Converter("native", "any", "native", ""),
    Converter("pdfminer", "pdf", "py", ".txt"),
    Converter("pdftotext", "pdf", "cmd", ".txt", "pdftotext"),
    Converter("pdftotext-layout", "pdf", "cmd", ".txt", "pdftotext"),
    Converter("pypdf", "pdf", "py", ".txt"),
    Converter("pymupdf", "pdf", "py", ".txt"),
    Converter("pdfplumber", "pdf", "py", ".txt"),
    Converter("markitdown-pdf", "pdf", "py", ".md"),
    Converter("pymupdf4llm", "pdf", "py", ".md"),
    Converter("bs4", "html", "py", ".txt"),
    Converter("html2text", "html", "py", ".md"),
    Converter("trafilatura", "html", "py", ".txt"),
    Converter("markdownify", "html", "py", ".md"),
    Converter("markitdown-html", "html", "py", ".md"),
    Converter("w3m", "html", "cmd", ".txt", "w3m"),
    Converter("pandoc-plain", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-md", "html", "cmd", ".md", "pandoc"),
    Converter("lxml", "html", "py", ".txt"),
    # Added in session 7, unseen by the rules before them: the test of "never the last layout".
    Converter("pypdfium2", "pdf", "py", ".txt"),
    Converter("inscriptis", "html", "py", ".txt"),
    Converter("html-text", "html", "py", ".txt"),
    Converter("html-to-markdown", "html", "py", ".md"),
    Converter("resiliparse", "html", "py", ".txt"),
    # Added in session 8, also unseen by the rules before them: text browsers' dumps, pandoc's
    # other text formats (tables as ASCII grids, LaTeX tabulars, org/mediawiki/asciidoc rows,
    # Word), poppler's and MuPDF's HTML and text.
    Converter("lynx", "html", "cmd", ".txt", "lynx"),
    Converter("links", "html", "cmd", ".txt", "links"),
    Converter("elinks", "html", "cmd", ".txt", "elinks"),
    Converter("pandoc-rst", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-latex", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-asciidoc", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-org", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-mediawiki", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-docx", "html", "cmd", ".docx", "pandoc"),
    Converter("pdftohtml", "pdf", "cmd", ".html", "pdftohtml"),
    Converter("mutool-txt", "pdf", "cmd", ".txt", "mutool"),
    Converter("mutool-html", "pdf", "cmd", ".html", "mutool"),
    # Added in session 9, unseen before them too: pdfminer without its box flow and as HTML,
    # PyMuPDF's text blocks, pandoc's typesetting and wiki writers (cells behind markers,
    # roff escapes, numbers set as code).
    Converter("pdfminer-nobox", "pdf", "py", ".txt"),
    Converter("pdfminer-html", "pdf", "py", ".html"),
    Converter("pymupdf-blocks", "pdf", "py", ".txt"),
    Converter("pandoc-texinfo", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-ms", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-man", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-context", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-markua", "html", "cmd", ".txt", "pandoc"),
    Converter("pandoc-xwiki", "html", "cmd", ".txt", "pandoc"),
    # Added in session 11, unseen before them: poppler's word boxes as XHTML (no HTML blocks:
    # the whole document had read as one line) and Ghostscript's text device (glyphs of some
    # fonts misread as digits inside labels; rows centred half a line off their labels).
    Converter("pdftotext-bbox", "pdf", "cmd", ".html", "pdftotext"),
    Converter("gs-txtwrite", "pdf", "cmd", ".txt", "gs"),
]

# Runs in .venv-zoo: {"converter": name, "jobs": [[input, output], ...]} on stdin, one JSON object
# {output: "ok" | error} on stdout, or {"missing": why} when the converter's package is absent.
WORKER = r"""
import json, sys, traceback

def load(name):
    if name == "pdfminer":
        from pdfminer.high_level import extract_text
        return lambda p: extract_text(p)
    if name == "pdfminer-nobox":
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams
        return lambda p: extract_text(p, laparams=LAParams(all_texts=True, boxes_flow=None))
    if name == "pdfminer-html":
        import io
        from pdfminer.high_level import extract_text_to_fp
        from pdfminer.layout import LAParams
        def run(p):
            out = io.BytesIO()
            with open(p, "rb") as f:
                extract_text_to_fp(f, out, output_type="html", laparams=LAParams(), codec="utf-8")
            return out.getvalue().decode("utf-8")
        return run
    if name == "pymupdf-blocks":
        import pymupdf
        def run(p):
            with pymupdf.open(p) as doc:
                return "\n".join(b[4] for page in doc for b in page.get_text("blocks", sort=True))
        return run
    if name == "pypdf":
        from pypdf import PdfReader
        return lambda p: "\n".join(pg.extract_text() or "" for pg in PdfReader(p).pages)
    if name == "pymupdf":
        import pymupdf
        def run(p):
            with pymupdf.open(p) as doc:
                return "".join(page.get_text() for page in doc)
        return run
    if name == "pdfplumber":
        import pdfplumber
        def run(p):
            with pdfplumber.open(p) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)
        return run
    if name in ("markitdown-pdf", "markitdown-html"):
        from markitdown import MarkItDown
        md = MarkItDown()
        return lambda p: md.convert(p).text_content
    if name == "pymupdf4llm":
        import pymupdf4llm
        return lambda p: pymupdf4llm.to_markdown(p)
    read = lambda p: open(p, encoding="utf-8").read()
    if name == "bs4":
        from bs4 import BeautifulSoup
        return lambda p: BeautifulSoup(read(p), "html.parser").get_text("\n")
    if name == "html2text":
        import html2text
        return lambda p: html2text.html2text(read(p))
    if name == "trafilatura":
        import trafilatura
        return lambda p: trafilatura.extract(read(p), include_tables=True) or ""
    if name == "markdownify":
        from markdownify import markdownify
        return lambda p: markdownify(read(p))
    if name == "lxml":
        import lxml.html
        return lambda p: lxml.html.fromstring(read(p)).body.text_content()
    if name == "pypdfium2":
        import pypdfium2 as pdfium
        def run(p):
            pdf = pdfium.PdfDocument(p)
            try:
                return "\n".join(page.get_textpage().get_text_range() for page in pdf)
            finally:
                pdf.close()
        return run
    if name == "inscriptis":
        from inscriptis import get_text
        return lambda p: get_text(read(p))
    if name == "html-text":
        import html_text
        return lambda p: html_text.extract_text(read(p))
    if name == "html-to-markdown":
        import html_to_markdown
        return lambda p: html_to_markdown.convert(read(p)).content
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        return lambda p: extract_plain_text(read(p))
    raise ImportError("unknown converter " + name)

req = json.load(sys.stdin)
try:
    convert = load(req["converter"])
except ImportError as exc:
    print(json.dumps({"missing": str(exc)}))
    sys.exit(0)
out = {}
for src, dst in req["jobs"]:
    try:
        text = convert(src)
        with open(dst, "w", encoding="utf-8") as f:
            f.write(text)
        out[dst] = "ok"
    except Exception as exc:
        out[dst] = "".join(traceback.format_exception_only(type(exc), exc)).strip()[-300:]
print(json.dumps(out))
"""


@dataclass
class Source:
    doc_id: str  # the truth's doc_id; printed PDFs get a "@print" suffix
    path: Path  # the document a converter reads (UTF-8 copy for HTML)
    kind: str  # "html" or "pdf"
    truth: dict[str, Any]
    original: Path  # the document as stored (what "native" extracts)


@dataclass
class Result:
    converter: str
    doc: str
    text: str  # the converted text ("" for native)
    score: DocScore | None = None
    error: str | None = None
    wrong: list[dict[str, Any]] = field(default_factory=list)


# -- documents ----------------------------------------------------------------------------------


def documents(docs_glob: str | None, limit: int | None) -> list[tuple[str, Path, dict[str, Any]]]:
    """(doc_id, document, truth) of each HTML or PDF document with a truth file."""
    found: list[tuple[str, Path, dict[str, Any]]] = []
    truths = sorted((ROOT / "corpus").rglob("truth/*.json"))
    if REAL.is_dir():
        truths += sorted((REAL / "truth").glob("*.json"))
    else:
        print(f"skip {REAL}: not present")
    for path in truths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        try:
            doc = document_of(path, truth)
        except (FileNotFoundError, KeyError):
            continue
        if doc.suffix.lower() not in (".html", ".htm", ".pdf"):
            continue
        globs = docs_glob.split(",") if docs_glob else []
        if globs and not any(fnmatch.fnmatch(truth["doc_id"], g) for g in globs):
            continue
        found.append((truth["doc_id"], doc, truth))
    return found[:limit] if limit else found


CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([\w-]+)""", re.I)


def utf8_copy(html: Path, out: Path) -> Path:
    """The page decoded by its declared charset (else UTF-8, else GB18030), saved as UTF-8."""
    data = html.read_bytes()
    m = CHARSET.search(data[:4096])
    names = [m.group(1).decode()] if m else []
    for enc in [*names, "utf-8", "gb18030"]:
        try:
            text = data.decode("gb18030" if enc.lower() in ("gbk", "gb2312") else enc)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:
        text = data.decode("utf-8", "replace")
    text = re.sub(r"""(<meta[^>]*charset\s*=\s*["']?)[\w-]+""", r"\1utf-8", text, count=1,
                  flags=re.I)  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


# Page set-ups for --page (session 10): the same reports printed narrow, wide or enlarged, so
# that tables wrap, cells break over lines and rows print on two baselines. Each converter's
# text of these PDFs was new to the rules (72, 16 and 93 wrong values at first).
PAGE_STYLES = {
    "a4": "",
    "a5": "<style>@page{size:A5;margin:10mm}</style>",
    "landscape": (
        "<style>@page{size:A4 landscape;margin:8mm} body{font-size:9pt !important}"
        " td,th{font-size:9pt !important}</style>"
    ),
    "zoom": "<style>@page{size:Letter;margin:15mm} body{zoom:1.3}</style>",
    # Session 11: more of the same family (see the module docstring).
    "zoom150": "<style>@page{size:Letter;margin:15mm} body{zoom:1.5}</style>",
    "scale70": "<style>@page{size:A4;margin:10mm} body{zoom:0.7}</style>",
    "a3": "<style>@page{size:A3;margin:20mm}</style>",
    "narrow": "<style>@page{size:A4;margin:3mm}</style>",
    "letter": "<style>@page{size:Letter;margin:25mm}</style>",
    "font14": (
        "<style>@page{size:A4;margin:15mm} body,td,th,p,span{font-size:14pt !important}</style>"
    ),
    "font7": (
        "<style>@page{size:A4;margin:15mm} body,td,th,p,span{font-size:7pt !important}</style>"
    ),
}


def print_pdf(html: Path, pdf: Path, page: str = "a4") -> None:
    """Chromium's print-to-PDF, as scripts/evaluate_scans.py (and tests/test_pdf_browser.py),
    with the page set-up ``page`` (PAGE_STYLES) put before the page's ``</head>``."""
    from evaluate_scans import print_to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        source = html
        if PAGE_STYLES[page]:
            text = html.read_text(encoding="utf-8", errors="replace")
            at = text.lower().find("</head>")
            style = PAGE_STYLES[page]
            text = text[:at] + style + text[at:] if at >= 0 else style + text
            source = Path(tmp) / html.name
            source.write_text(text, encoding="utf-8")
        made = print_to_pdf(source, Path(tmp))
        shutil.move(str(made), pdf)


def stored_sources(selected: list[tuple[str, Path, dict[str, Any]]], out: Path) -> list[Source]:
    """The sources of an earlier run (``--rescore``): the HTML copies it left in ``out/src`` and
    the PDFs it printed in ``out/pdf`` (their truth under the ``@print`` name)."""
    found: list[Source] = []
    for doc_id, doc, truth in selected:
        if doc.suffix.lower() == ".pdf":
            found.append(Source(doc_id, doc, "pdf", truth, doc))
            continue
        found.append(Source(doc_id, out / "src" / f"{doc_id}.html", "html", truth, doc))
        printed = out / "pdf" / f"{doc_id}.pdf"
        if printed.is_file():
            found.append(Source(f"{doc_id}@print", printed, "pdf", truth, printed))
    return found


def sources(
    selected: list[tuple[str, Path, dict[str, Any]]], out: Path, page: str = "a4"
) -> list[Source]:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("skip printed PDFs: chromium is not installed (apt-get install chromium)")
    found: list[Source] = []
    for doc_id, doc, truth in selected:
        if doc.suffix.lower() == ".pdf":
            found.append(Source(doc_id, doc, "pdf", truth, doc))
            continue
        found.append(Source(doc_id, utf8_copy(doc, out / "src" / f"{doc_id}.html"), "html",
                            truth, doc))  # fmt: skip
        if chromium is None:
            continue
        pdf = out / "pdf" / f"{doc_id}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        if pdf.is_file():
            # Printed by an earlier run into the same --out: Chromium takes a while.
            found.append(Source(f"{doc_id}@print", pdf, "pdf", truth, pdf))
            continue
        try:
            # Another page set-up is put into the UTF-8 copy (its charset is known).
            print_pdf(doc if page == "a4" else out / "src" / f"{doc_id}.html", pdf, page)
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"skip printed PDF of {doc_id}: {exc}")
            continue
        found.append(Source(f"{doc_id}@print", pdf, "pdf", truth, pdf))
    return found


# -- converters ---------------------------------------------------------------------------------


def zoo_python(install: bool) -> Path | None:
    """The interpreter of .venv-zoo, created and filled when missing (or with --install)."""
    python = ZOO_VENV / "bin" / "python"
    if python.exists() and not install:
        return python
    try:
        if not python.exists():
            print(f"creating {ZOO_VENV} ...")
            base = shutil.which("python3") or sys.executable
            subprocess.run([base, "-m", "venv", str(ZOO_VENV)], check=True)
        print(f"pip install {' '.join(ZOO_PACKAGES)} ...")
        subprocess.run([str(python), "-m", "pip", "install", "-q", *ZOO_PACKAGES], check=False,
                       timeout=1200)  # fmt: skip
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"cannot set up {ZOO_VENV}: {exc}")
    return python if python.exists() else None


def run_python(
    conv: Converter, jobs: list[tuple[Path, Path]], python: Path | None
) -> dict[str, str]:
    if python is None:
        return {"missing": f"no {ZOO_VENV}"}
    req = {"converter": conv.name, "jobs": [[str(a), str(b)] for a, b in jobs]}
    try:
        done = subprocess.run([str(python), "-c", WORKER], input=json.dumps(req), text=True,
                              capture_output=True, timeout=900)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"missing": "timed out"}
    if done.returncode != 0:
        return {"missing": f"worker failed: {done.stderr.strip()[-300:]}"}
    result: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def command(conv: Converter, src: Path, dst: Path) -> list[str]:
    if conv.name == "pdftotext":
        return ["pdftotext", "-enc", "UTF-8", str(src), str(dst)]
    if conv.name == "pdftotext-layout":
        return ["pdftotext", "-layout", "-enc", "UTF-8", str(src), str(dst)]
    if conv.name == "pdftotext-bbox":
        return ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(src), str(dst)]
    if conv.name == "gs-txtwrite":
        return ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-o", str(dst),
                str(src)]  # fmt: skip
    if conv.name == "w3m":
        return ["w3m", "-dump", "-cols", "80", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8",
                str(src)]  # fmt: skip
    if conv.name == "lynx":
        return ["lynx", "-dump", "-display_charset=utf-8", "-assume_charset=utf-8", str(src)]
    if conv.name == "links":
        return ["links", "-dump", "-codepage", "utf-8", str(src)]
    if conv.name == "elinks":
        return ["elinks", "-no-home", "-dump", "-dump-charset", "utf-8", str(src)]
    if conv.name == "pdftohtml":
        return ["pdftohtml", "-s", "-i", "-noframes", "-q", "-enc", "UTF-8", str(src), str(dst)]
    if conv.name == "pandoc-plain":
        return ["pandoc", "-f", "html", "-t", "plain", "-o", str(dst), str(src)]
    if conv.name == "pandoc-md":
        return ["pandoc", "-f", "html", "-t", "markdown", "-o", str(dst), str(src)]
    if conv.name.startswith("pandoc-"):
        # (docx embeds the page's images: a page whose images pandoc cannot find fails)
        return ["pandoc", "-f", "html", "-t", conv.name[len("pandoc-") :], "-o", str(dst),
                str(src)]  # fmt: skip
    if conv.name == "mutool-txt":
        return ["mutool", "draw", "-q", "-F", "txt", "-o", str(dst), str(src)]
    if conv.name == "mutool-html":
        return ["mutool", "draw", "-q", "-F", "html", "-o", str(dst), str(src)]
    raise ValueError(conv.name)


# Tools that print the converted text instead of writing a file.
STDOUT_TOOLS = frozenset({"w3m", "lynx", "links", "elinks"})


def run_commands(conv: Converter, jobs: list[tuple[Path, Path]]) -> dict[str, str]:
    if shutil.which(conv.tool) is None:
        return {"missing": f"{conv.tool} is not on PATH"}
    out: dict[str, str] = {}
    for src, dst in jobs:
        try:
            done = subprocess.run(command(conv, src, dst), capture_output=True, timeout=300)
        except (subprocess.SubprocessError, OSError) as exc:
            out[str(dst)] = str(exc)
            continue
        if conv.name in STDOUT_TOOLS and done.returncode == 0:
            dst.write_bytes(done.stdout)
        ok = done.returncode == 0 and dst.exists()
        out[str(dst)] = "ok" if ok else done.stderr.decode("utf-8", "replace")[-300:]
    return out


# -- scoring ------------------------------------------------------------------------------------


def score_text(conv: str, src: Source, text_path: Path | None) -> Result:
    doc = text_path or src.original
    started = time.perf_counter()
    report = extractor.extract(doc)
    res = Result(conv, src.doc_id, str(text_path or ""))
    res.score = score_report(report, src.truth, str(doc), time.perf_counter() - started)
    res.score.doc_id = src.doc_id
    if report.errors:
        res.error = "; ".join(f"{e.code}: {e.message}" for e in report.errors)
    lines = []
    if text_path:
        lines = text_path.read_text(encoding="utf-8", errors="replace").splitlines()
    for fid, value in src.truth["fields"].items():
        got = report.fields.get(fid)
        if value is None or got is None or got == value:
            continue
        ev = report.field_evidence.get(fid)
        item: dict[str, Any] = {"doc": src.doc_id, "converter": conv, "field": fid,
                                "truth": value, "got": got}  # fmt: skip
        if ev is not None:
            item.update(raw=ev.raw, how=str(ev.how), line=ev.line, page=ev.page,
                        cell=[ev.table, ev.row, ev.col])  # fmt: skip
            if ev.line and lines:
                lo = max(0, ev.line - 3)
                item["context"] = lines[lo : ev.line + 2]
        res.wrong.append(item)
    return res


def table(rows: list[dict[str, Any]]) -> str:
    """Per converter: null is a missing value, undecidable the nulls an ambiguity of the record
    lists with readings that all keep the rules (scripts/evaluate.py, ``undecidable``); recall
    over all fields and over the decidable ones (all less the undecidable)."""
    head = ("| converter | documents | fields | correct | wrong | null | undecidable | unexpected "
            "| recall | recall decidable |")  # fmt: skip
    out = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['converter']} | {r['documents']} | {r['fields_expected']} | "
                   f"{r['correct']} | {r['wrong']} | {r['missing']} | {r['undecidable']} | "
                   f"{r['unexpected']} | {pct(r['recall'])} | "
                   f"{pct(r['recall_decidable'])} |")  # fmt: skip
    return "\n".join(out)


def pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", "⏎")


def wrong_list(results: list[Result]) -> str:
    out = ["| doc | converter | field | truth | got | raw | how | line |",
           "|---|---|---|---:|---:|---|---|---:|"]  # fmt: skip
    keys = ("doc", "converter", "field", "truth", "got", "raw", "how", "line")
    for r in results:
        for w in r.wrong:
            out.append("| " + " | ".join(cell(w.get(k, "")) for k in keys) + " |")
    return "\n".join(out)


# -- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/converter-zoo"))
    parser.add_argument("--converters", help="comma-separated names (default: all)")
    parser.add_argument(
        "--docs", help="glob over truth doc_ids, e.g. 'pingtan*'; several comma-separated"
    )
    parser.add_argument("--limit", type=int, help="at most N documents (before printing PDFs)")
    parser.add_argument("--install", action="store_true", help="pip install into .venv-zoo again")
    parser.add_argument("--list", action="store_true", help="list the converters and stop")
    parser.add_argument("--rescore", action="store_true",
                        help="score the texts an earlier run left in --out again, converting "
                        "nothing (seconds, not minutes)")  # fmt: skip
    parser.add_argument("--page", choices=sorted(PAGE_STYLES), default="a4",
                        help="page set-up of the printed PDFs (a new --out for each)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.list:
        for c in CONVERTERS:
            print(f"{c.name:18} {c.kind:5} {c.runner}")
        return 0
    convs = CONVERTERS
    if args.converters:
        wanted = args.converters.split(",")
        unknown = set(wanted) - {c.name for c in CONVERTERS}
        if unknown:
            parser.error(f"unknown converters: {', '.join(sorted(unknown))}")
        convs = [c for c in CONVERTERS if c.name in wanted]
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.rescore:
        srcs = stored_sources(documents(args.docs, args.limit), out)
    else:
        srcs = sources(documents(args.docs, args.limit), out, args.page)
    print(f"{len(srcs)} documents: {', '.join(s.doc_id for s in srcs)}")
    # Rescoring converts nothing: no .venv-zoo is made or filled for it.
    needs_python = not args.rescore and any(c.runner == "py" for c in convs)
    python = zoo_python(args.install) if needs_python else None
    extractor.extract(b"warm-up: load jieba once")

    results: list[Result] = []
    skipped: dict[str, str] = {}
    for conv in convs:
        mine = [s for s in srcs if conv.kind in (s.kind, "any")]
        if not mine:
            print(f"skip {conv.name}: no {conv.kind} documents")
            continue
        if conv.runner == "native":
            results += [score_text(conv.name, s, None) for s in mine]
            continue
        folder = out / conv.name
        folder.mkdir(exist_ok=True)
        jobs = [(s.path, folder / f"{s.doc_id}{conv.ext}") for s in mine]
        if args.rescore:
            stored = [(s, dst) for s, (_, dst) in zip(mine, jobs, strict=True) if dst.is_file()]
            results += [score_text(conv.name, s, dst) for s, dst in stored]
            continue
        started = time.perf_counter()
        status = run_python(conv, jobs, python) if conv.runner == "py" else run_commands(conv, jobs)
        if "missing" in status:
            skipped[conv.name] = status["missing"]
            print(f"skip {conv.name}: {status['missing']}")
            continue
        print(f"{conv.name}: converted {len(jobs)} in {time.perf_counter() - started:.1f}s")
        for s, (_, dst) in zip(mine, jobs, strict=True):
            if status.get(str(dst)) != "ok":
                print(f"  {conv.name} failed on {s.doc_id}: {status.get(str(dst))}")
                results.append(Result(conv.name, s.doc_id, "", error=status.get(str(dst))))
                continue
            results.append(score_text(conv.name, s, dst))

    rows = []
    for conv in convs:
        scores = [r.score for r in results if r.converter == conv.name and r.score]
        if scores:
            failed = sum(1 for r in results if r.converter == conv.name and r.score is None)
            row = {"converter": conv.name, **summarize(scores), "conversion_failures": failed}
            rows.append(row)
    summary = {
        "documents": [s.doc_id for s in srcs],
        "skipped_converters": skipped,
        "converters": rows,
        "results": [{**asdict(r), "score": asdict(r.score) if r.score else None} for r in results],
        "wrong": [w for r in results for w in r.wrong],
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                      encoding="utf-8")  # fmt: skip
    report = (f"## Converters\n\n{table(rows)}\n\n"
              f"## Wrong values ({len(summary['wrong'])})\n\n{wrong_list(results)}\n")  # fmt: skip
    (out / "report.md").write_text(report, encoding="utf-8")
    print()
    print(report)
    print(f"texts, summary.json and report.md in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
