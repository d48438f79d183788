#!/usr/bin/env python3
"""Train the reflow model (does the next line go on the paragraph?) on wrapped, split and spaced
versions of corpus/ text whose true paragraphs are known; report held-out paragraph-boundary
F1 per layout; ``--save`` refits on every document and writes models/reflow/.

Documents (their paragraphs, headings and cells, in order; a table ends a run of lines):
corpus/tables/docs and corpus/samples (text and HTML, read by the extractor's own readers),
corpus/sections (the documents without the ``wrap`` noise, whose blocks are whole paragraphs)
and corpus/themes (paragraphs under the template's headings).

Layouts (``render``), each what a family of sources does to lines:

- ``native``: one paragraph per line (web pages, well-made text), blank lines between them or not;
- ``hardwrap``: wrapped at 40–160 display columns (PDF-to-text converters, text browsers,
  pandoc/markdown at 72), with or without blank lines between paragraphs, with or without
  line-breaking rules (no line opens with ，。), ASCII words kept whole or not;
- ``pdf``: wrapped at 18–45 characters with bounding boxes (first-line indent, justified lines,
  centred headings, page breaks), as the PDF reader's lines are when it could not join them;
- ``ocr``: the same geometry without line numbers, and lines grouped into blocks as the OCR
  layout groups them (mostly by paragraph, sometimes two paragraphs in one group);
- ``crawler``: every inline element on a line of its own: numbers, brackets and quotes, random
  spans, headings cut as ``（`` / ``五`` / ``）``;
- ``mixed``: one paragraph per line with some paragraphs hard-wrapped (``<br>`` in a web page).

Text layouts get blank lines in one of five ways per document: none, after every line, after
each paragraph, around table cells only, or at random.

Usage: python scripts/train_reflow.py [--save] [--c C]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from extractor.reading.html import read_html  # noqa: E402
from extractor.reading.text import is_table_row, read_text  # noqa: E402
from extractor.reflow import (  # noqa: E402
    FORMAT,
    JOIN_P,
    PAGE_NUMBER,
    Piece,
    ReflowModel,
    break_features,
    decide,
    dictionary_words,
    join_text,
    layout_of,
    pieces_of,
    width,
)

SEED = 20261207
LAYOUTS = ("native", "hardwrap", "pdf", "ocr", "crawler", "mixed")
HELD_OUT_SHARE = 0.2
# Features seen fewer times than this in training are dropped: single pairs of characters would
# otherwise be learnt from one document.
MIN_FEATURE_COUNT = 3

Unit = tuple[str, str]  # (text, kind): kind is "paragraph", "heading" or "table" (a run break)


@dataclass
class Doc:
    doc_id: str
    units: list[Unit]
    read: list[Piece] | None = None
    """The lines as the extractor reads the file itself (its own blank lines), for the ``asis``
    score: every break between them is a paragraph boundary."""


def _blocks_units(blocks: Any) -> list[Unit]:
    out: list[Unit] = []
    for b in blocks:
        if b.kind == "table":
            if not out or out[-1][1] != "table":
                out.append(("", "table"))
            continue
        text = b.text.strip()
        if text and not PAGE_NUMBER.match(text):
            out.append((text, b.kind))
    return out


def _section_heading(section: str) -> str:
    return {
        "overview": "一、总体情况",
        "proactive_disclosure": "二、主动公开政府信息情况",
        "requests": "三、收到和处理政府信息公开申请情况",
        "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
        "problems_improvements": "五、存在的主要问题及改进情况",
        "other_matters": "六、其他需要报告的事项",
    }.get(section, "")


def load_docs() -> list[Doc]:
    docs: list[Doc] = []
    for path in sorted((ROOT / "corpus").glob("*/*.txt")) + sorted(
        (ROOT / "corpus" / "tables" / "docs").glob("*.*")
    ):
        if path.suffix == ".txt":
            blocks = list(read_text(path.read_bytes()).blocks())
        elif path.suffix in (".html", ".htm"):
            blocks = list(read_html(path.read_bytes()).blocks())
        else:
            continue
        units = _blocks_units(blocks)
        if not _wrapped(units):
            read = pieces_of([b for b in blocks if b.kind != "table"])
            docs.append(Doc(f"{path.parent.name}/{path.name}", units, read))
    for path in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if "wrap" in d["noise"]:
                continue
            units: list[Unit] = []
            for b in d["blocks"]:
                if b["kind"] == "table":
                    units.append(("", "table"))
                elif b["text"].strip():
                    kind = "heading" if b["kind"] in ("heading", "subheading") else "paragraph"
                    units.append((b["text"].strip(), kind))
            docs.append(Doc(f"sections/{d['doc_id']}", units))
    for path in sorted((ROOT / "corpus" / "themes").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            units = [(f"{d['agency']}{d['year']}年政府信息公开工作年度报告", "heading")]
            for s in d["sections"]:
                heading = _section_heading(s["section"])
                if heading:
                    units.append((heading, "heading"))
                for para in s["paragraphs"]:
                    text = "".join(x["text"] for x in para).strip()
                    if text:
                        units.append((text, "paragraph"))
            docs.append(Doc(f"themes/{d['doc_id']}", units))
    return docs


# Some table documents print their prose hard-wrapped already (a PDF-to-text layout): their
# lines are not paragraphs, so they cannot say where paragraphs end. A quarter of long prose
# lines not ending a sentence marks them (clean documents have up to a fifth: titles, labels).
WRAPPED_DOC_SHARE = 0.25


def _wrapped(units: list[Unit]) -> bool:
    long = [t for t, k in units if k != "table" and len(t) >= 20 and not is_table_row(t)]
    cut = [t for t in long if t[-1] not in "。！？；：:;!?）)"]
    return bool(long) and len(cut) / len(long) > WRAPPED_DOC_SHARE


def is_prose(text: str) -> bool:
    """A unit whose breaks are scored: a sentence of narrative, not a cell, label or row."""
    return not is_table_row(text) and (bool(re.search(r"[。！？；，]", text)) or len(text) >= 15)


def held_out(doc: Doc) -> bool:
    digest = hashlib.sha256(doc.doc_id.encode()).digest()
    return digest[0] < 256 * HELD_OUT_SHARE


# --- layouts ----------------------------------------------------------------------------------

_PUNCT_NO_START = "，。、；：！？）》”’」』】,.;:!?)"


def wrap(
    text: str, columns: int, rng: random.Random, *, kinsoku: bool, whole_words: bool
) -> list[str]:
    """``text`` cut into lines of at most ``columns`` display columns."""
    lines: list[str] = []
    cur, w = "", 0
    i = 0
    while i < len(text):
        ch = text[i]
        token = ch
        if whole_words and ch.isascii() and ch.isalnum():
            m = re.match(r"[A-Za-z0-9.]+", text[i:])
            token = m.group(0) if m else ch
        tw = width(token)
        if cur and w + tw > columns and not (kinsoku and token[0] in _PUNCT_NO_START):
            lines.append(cur)
            cur, w = "", 0
        cur += token
        w += tw
        i += len(token)
    if cur:
        lines.append(cur)
    return [ln.strip() for ln in lines if ln.strip()]


_BRACKETS = "（(《“【）)》”】"


def crawler_split(text: str, kind: str, rng: random.Random) -> list[str]:
    """``text`` cut where inline elements of a web page end: numbers, brackets and quotes,
    random spans (links, emphasis), a heading's pieces, now and then inside a number."""
    p_random = rng.uniform(0.01, 0.06)

    def cut(a: str, b: str) -> bool:
        if a.isdigit() != b.isdigit():
            return rng.random() < 0.5
        if a in _BRACKETS or b in _BRACKETS:
            return rng.random() < 0.4
        if kind == "heading":
            return rng.random() < 0.25
        if a.isdigit() and b.isdigit():
            return rng.random() < 0.05
        return rng.random() < p_random

    cuts = [i for i in range(1, len(text)) if cut(text[i - 1], text[i])]
    out, start = [], 0
    for c in cuts:
        out.append(text[start:c])
        start = c
    out.append(text[start:])
    return [p.strip() for p in out if p.strip()]


@dataclass
class Rendered:
    pieces: list[Piece]
    joins: list[bool]
    lefts: list[str]
    """For each break, the true paragraph joined up to it (teacher forcing)."""
    scored: list[bool]
    """For each break, whether prose is on either side (cells and labels are not scored)."""


def render(units: list[Unit], layout: str, rng: random.Random) -> list[Rendered]:
    """The runs of lines a reader would give for ``units`` in ``layout``."""
    runs: list[list[Unit]] = [[]]
    for u in units:
        if u[1] == "table":
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(u)
    # Blank lines: none; after every line (a double-spaced dump); after each paragraph
    # (markdown, pandoc); around table cells only (a page whose cells are blocks); or at random
    # (a converter's whims). Text layouts only: PDF and OCR lines have no blank lines.
    blanks = (
        rng.choice(["none", "none", "all", "paragraph", "cells", "random"])
        if layout not in ("pdf", "ocr")
        else "none"
    )
    columns = rng.randrange(40, 161)
    chars = rng.randrange(18, 46)
    kinsoku = rng.random() < 0.8
    whole_words = rng.random() < 0.7
    indent_first = rng.random() < 0.8
    page_lines = rng.randrange(25, 45)
    wrap_share = rng.uniform(0.1, 0.4)
    out: list[Rendered] = []
    line_no = 1
    page, y = 1, 0
    block = 0
    for run in runs:
        if not run:
            continue
        pieces: list[Piece] = []
        joins: list[bool] = []
        lefts: list[str] = []
        scored: list[bool] = []
        previous_kind = ""
        text_so_far = ""
        expanded: list[Unit] = []
        for text, kind in run:
            if layout == "crawler" and is_table_row(text):
                # A crawler gives each cell of a flattened row a line of its own.
                expanded += [(cell, "cell") for cell in text.split()]
            else:
                expanded.append((text, kind if is_prose(text) or kind == "heading" else "cell"))
        for text, kind in expanded:
            if kind == "cell" or layout == "native":
                parts = [text]
            elif layout == "hardwrap":
                parts = wrap(text, columns, rng, kinsoku=kinsoku, whole_words=whole_words)
            elif layout in ("pdf", "ocr"):
                parts = wrap(
                    text,
                    2 * chars - (4 if indent_first else 0),
                    rng,
                    kinsoku=kinsoku,
                    whole_words=True,
                )
                if len(parts) > 1:
                    rest = wrap(
                        text[len(parts[0]) :].strip(),
                        2 * chars,
                        rng,
                        kinsoku=kinsoku,
                        whole_words=True,
                    )
                    parts = [parts[0], *rest]
            elif layout == "crawler":
                parts = crawler_split(text, kind, rng)
            else:  # mixed
                parts = (
                    wrap(text, columns, rng, kinsoku=kinsoku, whole_words=whole_words)
                    if rng.random() < wrap_share
                    else [text]
                )
            if not parts:
                continue
            if pieces:
                joins.append(False)
                lefts.append(text_so_far)
                scored.append(kind == "paragraph" or previous_kind == "paragraph")
            previous_kind = kind
            text_so_far = ""
            for k, part in enumerate(parts):
                if k > 0:
                    joins.append(True)
                    lefts.append(text_so_far)
                    # A crawler's cut right after a sentence end inside a paragraph may go
                    # either way: both halves are whole sentences, and joining there is how a
                    # footer line (打印本页) ends up in the last paragraph. Neither learnt nor
                    # scored.
                    scored.append(not (layout == "crawler" and text_so_far[-1] in "。！？；"))
                text_so_far = join_text(text_so_far, part) if text_so_far else part
                bbox = None
                if layout in ("pdf", "ocr"):
                    if y >= page_lines:
                        page, y = page + 1, 0
                    w = width(part) / 2
                    if kind == "heading":
                        x0 = max(0.0, (chars - w) / 2)
                    elif k == 0 and indent_first:
                        x0 = 2.0
                    else:
                        x0 = 0.0
                    full = k < len(parts) - 1 and kind != "heading"
                    x1 = chars + rng.uniform(-0.3, 0.0) if full else x0 + w
                    scale = 1.4 if kind == "heading" and rng.random() < 0.5 else 1.0
                    bbox = (x0 * 10, y * 16.0, x1 * 10, y * 16.0 + 10 * scale)
                    y += 1
                if layout == "ocr":
                    # The OCR layout groups a paragraph's lines, and now and then two paragraphs.
                    if k == 0 and not (pieces and rng.random() < 0.1):
                        block += 1
                    pieces.append(Piece(part, page, None, bbox, block))
                else:
                    if layout != "pdf":
                        block += 1
                    pieces.append(
                        Piece(part, page if layout == "pdf" else None, line_no, bbox, block)
                    )
                last_of_unit = k == len(parts) - 1
                blank = (
                    blanks == "all"
                    or (blanks == "paragraph" and last_of_unit)
                    or (blanks == "cells" and kind == "cell")
                    or (blanks == "random" and rng.random() < 0.3)
                )
                line_no += 2 if blank else 1
        out.append(Rendered(pieces, joins, lefts, scored))
    return out


def variants(doc: Doc, seed: int) -> list[tuple[str, Rendered]]:
    rng = random.Random(f"{seed}:{doc.doc_id}")
    out = []
    for layout in LAYOUTS:
        for r in render(doc.units, layout, rng):
            if len(r.pieces) > 1:
                out.append((layout, r))
    return out


# --- training and scoring ---------------------------------------------------------------------


def samples(
    docs: list[Doc], seed: int, words: Mapping[str, int]
) -> tuple[list[list[str]], list[int]]:
    feats: list[list[str]] = []
    labels: list[int] = []
    for doc in docs:
        for _, r in variants(doc, seed):
            layout = layout_of(r.pieces)
            for i, (join, left, counted) in enumerate(zip(r.joins, r.lefts, r.scored, strict=True)):
                if join and not counted:
                    continue
                after = r.pieces[i + 2] if i + 2 < len(r.pieces) else None
                feats.append(
                    break_features(left, r.pieces[i], r.pieces[i + 1], layout, words, after)
                )
                labels.append(int(join))
    return feats, labels


def fit(feats: list[list[str]], labels: list[int], c: float) -> ReflowModel:
    counts = Counter(f for fs in feats for f in set(fs))
    vocab = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in set(fs):
            j = index.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(vocab)))
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    clf.fit(x, np.array(labels))
    return ReflowModel(index, clf.coef_[0].astype(np.float64), float(clf.intercept_[0]))


def boundary_scores(
    model: ReflowModel, docs: list[Doc], seed: int, words: Mapping[str, int]
) -> dict[str, Any]:
    """Paragraph-boundary precision, recall and F1 per layout, decoding left to right as the
    extractor does (a boundary is a break that is not a join)."""
    tally: dict[str, list[int]] = {}
    for doc in docs:
        for layout_name, r in variants(doc, seed):
            pred = decide(r.pieces, model, words, layout_of(r.pieces))
            t = tally.setdefault(layout_name, [0, 0, 0])
            for p, g, counted in zip(pred, r.joins, r.scored, strict=True):
                if not counted:
                    continue
                t[0] += (not p) and (not g)
                t[1] += (not p) and g
                t[2] += p and (not g)
    # The corpus files as they are: no line of theirs goes on another (prose lines only; a run
    # across a table is not a break the extractor sees, a small overcount).
    asis = [0, 0, 0]
    for doc in docs:
        if doc.read is None or len(doc.read) < 2:
            continue
        pred = decide(doc.read, model, words, layout_of(doc.read))
        for i, p in enumerate(pred):
            if is_prose(doc.read[i].text) or is_prose(doc.read[i + 1].text):
                asis[0 if not p else 2] += 1
    out: dict[str, Any] = {"asis": _prf(*asis)}
    total = [0, 0, 0]
    for name in LAYOUTS:
        tp, fp, fn = tally.get(name, [0, 0, 0])
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        out[name] = _prf(tp, fp, fn)
    out["all"] = _prf(*total)
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "boundaries": tp + fn,
    }


def corpus_hash() -> str:
    h = hashlib.sha256()
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".html", ".jsonl"):
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def save(model: ReflowModel, c: float, metrics: dict[str, Any], n_docs: int, n_breaks: int) -> None:
    folder = ROOT / "models" / "reflow"
    folder.mkdir(parents=True, exist_ok=True)
    vocab = [f for f, _ in sorted(model.vocabulary.items(), key=lambda kv: kv[1])]
    (folder / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    np.save(folder / "coef.npy", np.asarray(model.coef, dtype=np.float64), allow_pickle=False)
    np.save(
        folder / "intercept.npy", np.array([model.intercept], dtype=np.float64), allow_pickle=False
    )
    files = ["vocabulary.json", "coef.npy", "intercept.npy"]
    manifest = {
        "format": FORMAT,
        "files": {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in files},
        "labels": ["boundary", "join"],
        "join_threshold": JOIN_P,
        "C": c,
        "features": len(vocab),
        "documents": n_docs,
        "breaks": n_breaks,
        "layouts": list(LAYOUTS),
        "corpus_sha256": corpus_hash(),
        "seed": SEED,
        "libraries": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "metrics_held_out": metrics,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    print(f"wrote {folder} ({len(vocab)} features)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--save", action="store_true", help="refit on every document and write models/reflow"
    )
    ap.add_argument("--c", type=float, default=3.0, help="inverse regularisation strength")
    args = ap.parse_args(argv)
    words = dictionary_words()
    docs = load_docs()
    train = [d for d in docs if not held_out(d)]
    test = [d for d in docs if held_out(d)]
    feats, labels = samples(train, SEED, words)
    print(
        f"{len(docs)} documents: {len(train)} train, {len(test)} held out; {len(labels)} breaks, "
        f"{sum(labels)} joins"
    )
    model = fit(feats, labels, args.c)
    metrics = boundary_scores(model, test, SEED + 1, words)
    print(json.dumps(metrics, indent=1))
    if args.save:
        all_feats, all_labels = samples(docs, SEED, words)
        save(fit(all_feats, all_labels, args.c), args.c, metrics, len(docs), len(all_labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
