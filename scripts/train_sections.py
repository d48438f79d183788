#!/usr/bin/env python3
"""Train and evaluate the section classifier on corpus/sections/*.jsonl.

Split by report (never by block) with a fixed seed: 80% train, 20% test. Prints per-section
precision, recall and F1 of the decoded labels on the test reports, next to the rule-based
finder's on the same reports. With --save, refits on every report and writes the model to
models/sections/ (plain text and .npy, no pickle) with a manifest (library versions,
sha256, labels, corpus hash, metrics).

Crawler layouts (issue #15): every report is also laid out as a portal's page text gives it
(every inline element on a line of its own: headings in pieces such as （ / 五 / ）, numbers cut
from their units; table rows one cell per line; the part's heading repeated above a table; CRLF
line ends), read by the text reader and joined by the reflow stage as the pipeline does, each
resulting block labelled with the section of the line it starts on. The training reports'
crawler copies join the training set; the test reports' copies are scored on their own.

Usage: python scripts/train_sections.py [--save] [--no-crawler]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_sections import predict, to_document  # noqa: E402
from train_reflow import crawler_split, is_prose  # noqa: E402

from extractor.reading.text import read_text  # noqa: E402
from extractor.reflow import reflow  # noqa: E402
from extractor.report import SECTION_IDS  # noqa: E402
from extractor.sectionmodel import LABELS, SectionModel, decode, shape, text_view  # noqa: E402
from extractor.sections import (  # noqa: E402
    _rule_spans,
    rule_labels,
    split_inline_headings,
)

SEED = 20261127
# The crawler copies' blocks count for less than the reports' own: at full weight they cost the
# held-out reports as printed a little (see docs/themes.md).
CRAWLER_WEIGHT = float(os.environ.get("CRAWLER_WEIGHT", "0.3"))


def load() -> tuple[list[dict], str]:  # type: ignore[type-arg]
    reports, digest = [], hashlib.sha256()
    for f in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        data = f.read_bytes()
        digest.update(data)
        reports += [json.loads(line) for line in data.decode("utf-8").splitlines()]
    return reports, digest.hexdigest()


_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、")


def crawler_copy(report: dict, rng: random.Random) -> dict:  # type: ignore[type-arg]
    """``report`` as a crawler's page text, read and reflowed as the pipeline does; each block
    labelled with the section of its first line."""
    lines: list[str] = []
    labels: list[str] = []
    top_heading = ""
    repeat = rng.random() < 0.7
    cells_per_line = rng.random() < 0.7

    def put(pieces: list[str], section: str) -> None:
        # The reader's line breaks (a wrapped corpus paragraph holds some) are lines too.
        split = [line for piece in pieces for line in piece.splitlines() or [""]]
        lines.extend(split)
        labels.extend([section] * len(split))

    for b in report["blocks"]:
        text, kind, section = b["text"], b["kind"], b["section"]
        if kind == "table":
            if repeat and top_heading:
                put([top_heading], section)
            for row in text.splitlines():
                cells = [c.strip() for c in row.split("|") if c.strip()]
                put(cells if cells_per_line else [row], section)
            continue
        for line in text.splitlines():
            if kind in ("heading", "subheading"):
                if _TOP_HEADING.match(line.strip()):
                    top_heading = line.strip()
                put(crawler_split(line, "heading", rng), section)
            elif is_prose(line):
                put(crawler_split(line, "paragraph", rng), section)
            else:
                put([line], section)
    text = "\r\n".join(lines)
    assert len(text.splitlines()) == len(labels), "a piece with a line break of its own"
    document = reflow(read_text(text.encode("utf-8")))
    blocks = []
    for block in document.blocks():
        line = block.provenance.line or 1
        kind = "table" if block.kind == "table" else "paragraph"
        blocks.append({"text": block.text, "kind": kind, "section": labels[line - 1]})
    return {"doc_id": f"{report['doc_id']}@crawler", "blocks": blocks}


def crawler_copies(reports: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return [crawler_copy(r, random.Random(f"{SEED}:crawler:{r['doc_id']}")) for r in reports]


def views(report: dict) -> tuple[list[str], list[str], list[str]]:  # type: ignore[type-arg]
    blocks = report["blocks"]
    texts = [text_view(b["text"]) for b in blocks]
    shapes = [shape(b["text"], b["kind"] if b["kind"] == "table" else "text", i, len(blocks))
              for i, b in enumerate(blocks)]  # fmt: skip
    return texts, shapes, [b["section"] for b in blocks]


def fit(reports: list[dict]):  # type: ignore[no-untyped-def,type-arg]
    texts, shapes, labels, weights = [], [], [], []
    for r in reports:
        t, s, y = views(r)
        texts += t
        shapes += s
        labels += y
        weights += [CRAWLER_WEIGHT if r["doc_id"].endswith("@crawler") else 1.0] * len(y)
    # 30,000 n-grams keep the model file near 2 MB (all n-grams: 18 MB) at no loss on the
    # held-out reports.
    tv = TfidfVectorizer(
        analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=30_000
    )
    sv = CountVectorizer(token_pattern=r"\S+", binary=True)
    x = sp.hstack([tv.fit_transform(texts), sv.fit_transform(shapes)]).tocsr()
    clf = LogisticRegression(C=8.0, max_iter=2000, random_state=SEED)
    clf.fit(x, labels, sample_weight=np.asarray(weights))
    # The vectorizer keeps every n-gram it dropped; inference never needs them.
    tv.stop_words_ = None
    return tv, sv, clf


def predict_model(model, report: dict) -> list[str]:  # type: ignore[no-untyped-def,type-arg]
    tv, sv, clf = model
    texts, shapes, _ = views(report)
    x = sp.hstack([tv.transform(texts), sv.transform(shapes)]).tocsr()
    proba = clf.predict_proba(x)
    order = [list(clf.classes_).index(lab) if lab in clf.classes_ else None for lab in LABELS]
    logp = [[float(np.log(max(row[j], 1e-9))) if j is not None else -30.0 for j in order]
            for row in proba]  # fmt: skip
    return decode(logp)


def scores(gold: list[str], pred: list[str]) -> dict[str, dict[str, float]]:
    out = {}
    for sid in SECTION_IDS:
        tp = sum(g == p == sid for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = pred.count(sid), gold.count(sid)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
        out[sid] = {"precision": round(p, 4), "recall": round(r, 4), "f1": f1, "blocks": n_gold}
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    out["_all"] = {"accuracy": round(acc, 4), "blocks": len(gold)}
    return out


def rules_only(report: dict) -> list[str]:  # type: ignore[type-arg]
    """The heading rules alone (no classifier)."""
    document, _ = to_document(report)
    blocks = list(split_inline_headings(document.blocks()))
    labels = rule_labels(_rule_spans(blocks), blocks)
    return [label or "unclassified" for label in labels]


def in_memory(model) -> SectionModel:  # type: ignore[no-untyped-def]
    """The sklearn objects as the SectionModel the pipeline loads from models/sections."""
    tv, sv, clf = model
    return SectionModel(
        ngrams=dict(tv.vocabulary_), shapes=dict(sv.vocabulary_),
        idf=np.asarray(tv.idf_, dtype=np.float32), coef=np.asarray(clf.coef_, dtype=np.float32),
        intercept=np.asarray(clf.intercept_, dtype=np.float32), classes=tuple(clf.classes_),
    )  # fmt: skip


def rule_predict(report: dict, model: SectionModel | None = None) -> list[str]:  # type: ignore[type-arg]
    """The pipeline's sections (heading rules as the classifier's prior)."""
    document, _ = to_document(report)
    guesses = predict(document, model)
    for i, g in enumerate(guesses):
        if not g:
            guesses[i] = next((x for x in guesses[i + 1 :] if x), "unclassified")
    return guesses


def save(model, corpus_hash: str, metrics: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Write the model pickle-free: n-gram and shape vocabularies as JSON lists, weights as .npy
    (loaded with allow_pickle=False), and a manifest with hashes and metrics."""
    tv, sv, clf = model
    folder = ROOT / "models" / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    ngrams = sorted(tv.vocabulary_, key=tv.vocabulary_.get)
    shapes = sorted(sv.vocabulary_, key=sv.vocabulary_.get)
    # JSON lists, not lines: n-grams may hold a newline.
    files = {
        "ngrams.json": json.dumps(ngrams, ensure_ascii=False).encode("utf-8"),
        "shapes.json": json.dumps(shapes).encode("utf-8"),
        "classes.json": json.dumps(list(clf.classes_)).encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    arrays = {"idf.npy": tv.idf_, "coef.npy": clf.coef_, "intercept.npy": clf.intercept_}
    for name, array in arrays.items():
        np.save(folder / name, np.asarray(array, dtype=np.float32), allow_pickle=False)
    manifest = {
        "format": "sections/1",
        "files": {
            name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in (*files, *arrays)
        },
        "labels": list(clf.classes_),
        "ngram_range": [1, 3],
        "corpus_sha256": corpus_hash,
        "seed": SEED,
        "libraries": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "metrics_held_out": metrics,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    size = sum((folder / n).stat().st_size for n in manifest["files"])
    print(f"wrote {folder} ({size / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true")
    parser.add_argument(
        "--no-crawler", action="store_true", help="train without the crawler layouts (baseline)"
    )
    args = parser.parse_args(argv)
    reports, corpus_hash = load()
    rng = random.Random(SEED)
    order = list(range(len(reports)))
    rng.shuffle(order)
    cut = int(0.8 * len(order))
    train = [reports[i] for i in order[:cut]]
    test = [reports[i] for i in order[cut:]]
    crawler_train = [] if args.no_crawler else crawler_copies(train)
    crawler_test = crawler_copies(test)
    model = fit(train + crawler_train)
    held_out = in_memory(model)
    gold, pred, rules, pipeline = [], [], [], []
    for r in test:
        gold += [b["section"] for b in r["blocks"]]
        pred += predict_model(model, r)
        rules += rules_only(r)
        pipeline += rule_predict(r, held_out)
    crawler_gold, crawler_pipeline, crawler_shipped = [], [], []
    for r in crawler_test:
        crawler_gold += [b["section"] for b in r["blocks"]]
        crawler_pipeline += rule_predict(r, held_out)
        crawler_shipped += rule_predict(r)
    metrics = {"model": scores(gold, pred), "rules": scores(gold, rules),
               "pipeline": scores(gold, pipeline),
               "pipeline_crawler": scores(crawler_gold, crawler_pipeline),
               "train_reports": len(train), "test_reports": len(test),
               "crawler_train_reports": len(crawler_train)}  # fmt: skip
    print(f"{len(train)} train / {len(test)} test reports, {len(gold)} test blocks")
    print(f"{'section':24} {'model F1':>9} {'rules F1':>9} {'pipeline F1':>12} {'blocks':>7}")
    for sid in SECTION_IDS:
        m, r, p = (metrics[k][sid]["f1"] for k in ("model", "rules", "pipeline"))
        print(f"{sid:24} {m:9.3f} {r:9.3f} {p:12.3f} {metrics['model'][sid]['blocks']:7}")
    confusion = {g: dict(Counter(pp for gg, pp in zip(gold, pipeline, strict=True) if gg == g))
                 for g in SECTION_IDS}  # fmt: skip
    metrics["pipeline_confusion"] = confusion
    print("pipeline confusion (rows gold, columns predicted; 0 omitted):")
    for g in SECTION_IDS:
        print(f"  {g:24} " + ", ".join(f"{k}: {v}" for k, v in sorted(confusion[g].items())))
    print(f"accuracy: model {metrics['model']['_all']['accuracy']:.3f}, "
          f"rules {metrics['rules']['_all']['accuracy']:.3f}, "
          f"pipeline {metrics['pipeline']['_all']['accuracy']:.3f}")  # fmt: skip
    shipped = scores(crawler_gold, crawler_shipped)["_all"]["accuracy"]
    by_section = ", ".join(
        f"{sid} {metrics['pipeline_crawler'][sid]['f1']:.3f}" for sid in SECTION_IDS
    )
    print(f"crawler layouts of the test reports ({len(crawler_gold)} blocks): pipeline accuracy "
          f"{metrics['pipeline_crawler']['_all']['accuracy']:.3f} "
          f"(the shipped model: {shipped:.3f}); F1 by section: {by_section}")  # fmt: skip
    if args.save:
        everything = reports + ([] if args.no_crawler else crawler_copies(reports))
        save(fit(everything), corpus_hash, metrics)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
