#!/usr/bin/env python3
"""Score the section finder on the labelled section corpus (corpus/sections/*.jsonl).

Each report's blocks become a document (one block per corpus block, in order); the finder's
section for every block is compared with its label. Prints per-section precision, recall and
F1 over blocks, and the confusion of the most frequent mistakes.

Usage: python scripts/evaluate_sections.py [FILE ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.document import Block, Document, Line, Page  # noqa: E402
from extractor.reading.text import is_heading_like  # noqa: E402
from extractor.report import SECTION_IDS  # noqa: E402
from extractor.sections import split_sections  # noqa: E402


def to_document(report: dict) -> tuple[Document, list[str]]:  # type: ignore[type-arg]
    blocks, labels = [], []
    for b in report["blocks"]:
        text = b["text"]
        kind = "table" if b["kind"] == "table" else (
            "heading" if is_heading_like(text) else "paragraph")  # fmt: skip
        blocks.append(Block(kind, tuple(Line(t) for t in text.splitlines() or [text])))
        labels.append(b["section"])
    return Document(kind="txt", pages=(Page(1, tuple(blocks)),)), labels


def predict(document: Document, model: Any = None) -> list[str]:
    """The finder's section for each block of the document, in order (``model``: a
    SectionModel to use instead of the shipped one)."""
    section_of = {}
    for span in split_sections(document, model):
        for block in [span.heading, *span.blocks] if span.heading else span.blocks:
            section_of[id(block)] = span.id
    out = []
    for block in document.blocks():
        # Heading blocks that open a section are not in span.blocks: they belong to it.
        out.append(section_of.get(id(block), ""))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "corpus" / "sections").glob("*.jsonl"))
    gold: list[str] = []
    pred: list[str] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            document, labels = to_document(json.loads(line))
            guesses = predict(document)
            # A heading that opened a section is the next block's section.
            for i, g in enumerate(guesses):
                if not g:
                    guesses[i] = next((x for x in guesses[i + 1 :] if x), "unclassified")
            gold += labels
            pred += guesses
    print(f"{len(gold)} blocks in {len(files)} files; accuracy "
          f"{sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold):.3f}")  # fmt: skip
    print(f"{'section':24} {'precision':>9} {'recall':>7} {'F1':>6} {'blocks':>7}")
    for sid in SECTION_IDS:
        tp = sum(g == p == sid for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = pred.count(sid), gold.count(sid)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{sid:24} {p:9.3f} {r:7.3f} {f1:6.3f} {n_gold:7}")
    confusion = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    print("most frequent confusions (gold -> predicted):")
    for (g, p), n in confusion.most_common(8):
        print(f"  {g} -> {p}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
