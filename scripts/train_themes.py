#!/usr/bin/env python3
"""Train and evaluate the sentence-theme classifier on corpus/themes/*.jsonl, and build the
keyword IDF table from every report of corpus/.

Split by report (never by sentence) with a fixed seed: 80% train, 20% test. The regularisation
C is chosen by 5-fold cross-validation grouped by report inside the training part only. The test
reports are scored end to end: their section text goes through the tagger's own sentence
splitter and context tracking (``extractor.themes``), and predicted sentences are matched to the
labelled ones by text. Prints precision, recall and F1 per label, the confusion matrix, and the
problem → measure pairing scores. With --save, refits on every report and writes
models/themes/ and models/keywords/ (JSON and .npy, no pickle) with manifests (library
versions, sha256, labels, corpus hash, metrics).

Usage: python scripts/train_themes.py [--save]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.report import Section, Theme  # noqa: E402
from extractor.thememodel import LABELS, features  # noqa: E402
from extractor.themes import (  # noqa: E402
    _ENUM,
    MIN_SENTENCE_CHARS,
    REPORTED,
    THEMED_SECTIONS,
    ContextTracker,
    keyword_candidates,
    pair_themes,
    sentences,
)

SEED = 20261127
C_GRID = (1.0, 3.0, 10.0, 30.0)
Report = dict[str, Any]


def load() -> tuple[list[Report], str]:
    reports, digest = [], hashlib.sha256()
    for f in sorted((ROOT / "corpus" / "themes").glob("*.jsonl")):
        data = f.read_bytes()
        digest.update(data)
        reports += [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    return reports, digest.hexdigest()


def flat(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for para in section["paragraphs"] for s in para]


def samples(report: Report) -> tuple[list[list[str]], list[str]]:
    """(features, label) of every taggable labelled sentence, context tracked as the tagger
    does, headings feeding the context."""
    x, y = [], []
    for section in report["sections"]:
        tracker = ContextTracker()
        for s in flat(section):
            title = s["label"] == "heading"
            context = tracker.see(s["text"], title=title)
            if title or len(_ENUM.sub("", s["text"])) < MIN_SENTENCE_CHARS:
                continue
            x.append(features(s["text"], section["section"], context))
            y.append(s["label"])
    return x, y


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=lambda tokens: tokens, lowercase=False)


def fit(reports: list[Report], c: float) -> tuple[TfidfVectorizer, LogisticRegression]:
    x, y = [], []
    for r in reports:
        a, b = samples(r)
        x += a
        y += b
    vec = vectorizer()
    matrix = vec.fit_transform(x)
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=SEED)
    clf.fit(matrix, y)
    return vec, clf


def choose_c(reports: list[Report]) -> float:
    x, y, groups = [], [], []
    for i, r in enumerate(reports):
        a, b = samples(r)
        x += a
        y += b
        groups += [i] * len(a)
    best, best_f1 = C_GRID[0], -1.0
    for c in C_GRID:
        f1s = []
        for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
            vec = vectorizer()
            clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
            clf.fit(vec.fit_transform([x[i] for i in tr]), [y[i] for i in tr])
            pred = clf.predict(vec.transform([x[i] for i in te]))
            gold = [y[i] for i in te]
            f1s.append(np.mean([prf(gold, list(pred), lab)[2] for lab in ("problem", "measure")]))
        score = float(np.mean(f1s))
        print(f"  C={c:<5} cv mean problem/measure F1 {score:.4f}")
        if score > best_f1:
            best, best_f1 = c, score
    return best


def prf(gold: list[str], pred: list[str], label: str) -> tuple[float, float, float, int]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label != g)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label != p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


class _Model:
    """Wraps the sklearn pair for the tagger-shaped end-to-end evaluation."""

    def __init__(self, vec: TfidfVectorizer, clf: LogisticRegression) -> None:
        self.vec, self.clf = vec, clf

    def labels(self, feats: list[list[str]]) -> list[str]:
        return list(self.clf.predict(self.vec.transform(feats))) if feats else []


def section_of(section: dict[str, Any]) -> Section:
    # A heading stands on its own line, as in a report; the rest of a paragraph runs on.
    text = "\n".join(
        "".join(s["text"] + ("\n" if s["label"] == "heading" else "") for s in para)
        for para in section["paragraphs"]
    )
    return Section(id=section["section"], title=None, text=text, confidence=1.0, subsections=[])


def end_to_end(model: _Model, reports: list[Report]) -> dict[str, Any]:
    """Gold and predicted label per labelled sentence (a sentence the splitter did not
    reproduce, or skipped, counts as predicted 'other'), plus pairing scores."""
    gold, pred = [], []
    unmatched = 0
    pair_tp = pair_fp = pair_fn = 0
    for r in reports:
        for sec in r["sections"]:
            if sec["section"] not in THEMED_SECTIONS:
                continue
            section = section_of(sec)
            found = [s for s in sentences(section) if not s.title
                     and len(_ENUM.sub("", s.text)) >= MIN_SENTENCE_CHARS]  # fmt: skip
            labels = model.labels([features(s.text, section.id, s.context) for s in found])
            by_text = dict(zip((s.text for s in found), labels, strict=True))
            items = flat(sec)
            for s in items:
                if s["label"] == "heading":
                    continue
                gold.append(s["label"])
                got = by_text.get(s["text"].strip())
                if got is None:
                    unmatched += 1
                pred.append(got or "other")
            themes = [
                Theme(label=lab, text=s.text, section=section.id, keywords=[], score=1.0)
                for s, lab in zip(found, labels, strict=True)
                if lab in REPORTED
            ]
            index = {t.text: i for i, t in enumerate(themes)}
            got_pairs = {
                (themes[p.problem].text, themes[p.measure].text) for p in pair_themes(themes)
            }
            want = {
                (items[s["answers"]]["text"].strip(), s["text"].strip())
                for s in items
                if s.get("answers") is not None and s["label"] == "measure"
                and s["text"].strip() in index and items[s["answers"]]["text"].strip() in index
            }  # fmt: skip
            pair_tp += len(got_pairs & want)
            pair_fp += len(got_pairs - want)
            pair_fn += len(want - got_pairs)
    per_label = {}
    for label in LABELS:
        p, rc, f1, n = prf(gold, pred, label)
        per_label[label] = {"precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1, 4),
                            "sentences": n}  # fmt: skip
    confusion = {g: dict(Counter(p for gg, p in zip(gold, pred, strict=True) if gg == g))
                 for g in LABELS}  # fmt: skip
    pp = pair_tp / (pair_tp + pair_fp) if pair_tp + pair_fp else 1.0
    pr = pair_tp / (pair_tp + pair_fn) if pair_tp + pair_fn else 1.0
    return {
        "labels": per_label,
        "confusion": confusion,
        "sentences": len(gold),
        "not_reproduced_by_splitter": unmatched,
        "pairs": {"precision": round(pp, 4), "recall": round(pr, 4), "gold": pair_tp + pair_fn},
    }


def keyword_idf(theme_reports: list[Report]) -> tuple[dict[str, float], float, int]:
    """IDF over documents = one section of one report, from both corpora."""
    docs: list[set[str]] = []
    for f in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            report = json.loads(line)
            by_section: dict[str, list[str]] = {}
            for b in report["blocks"]:
                by_section.setdefault(b["section"], []).append(b["text"])
            docs += [set(keyword_candidates("\n".join(t))) for t in by_section.values()]
    for r in theme_reports:
        for sec in r["sections"]:
            docs.append(set(keyword_candidates("".join(s["text"] for s in flat(sec)))))
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    # Words seen in one document only get the unseen weight: a table of every hapax would
    # triple the file for no ranking difference.
    idf = {w: round(math.log((1 + n) / (1 + c)) + 1, 4) for w, c in df.items() if c >= 2}
    return idf, round(math.log(1 + n) + 1, 4), n


def save(vec: TfidfVectorizer, clf: LogisticRegression, corpus_hash: str, metrics: dict[str, Any],
         c: float, c_source: str, theme_reports: list[Report]) -> None:  # fmt: skip
    libs = {"scikit-learn": sklearn.__version__, "numpy": np.__version__}
    folder = ROOT / "models" / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
    (folder / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    (folder / "classes.json").write_text(
        json.dumps(list(clf.classes_), ensure_ascii=False), "utf-8"
    )
    np.save(folder / "idf.npy", vec.idf_.astype(np.float64), allow_pickle=False)
    np.save(folder / "coef.npy", clf.coef_.astype(np.float64), allow_pickle=False)
    np.save(folder / "intercept.npy", clf.intercept_.astype(np.float64), allow_pickle=False)
    files = ["vocabulary.json", "classes.json", "idf.npy", "coef.npy", "intercept.npy"]
    manifest = {
        "format": "themes/1",
        "files": {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in files},
        "labels": list(clf.classes_),
        "C": c,
        "C_source": c_source,
        "corpus_sha256": corpus_hash,
        "seed": SEED,
        "libraries": libs,
        "metrics_held_out": metrics,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )

    idf, unseen, n = keyword_idf(theme_reports)
    kfolder = ROOT / "models" / "keywords"
    kfolder.mkdir(parents=True, exist_ok=True)
    (kfolder / "idf.json").write_text(
        json.dumps(dict(sorted(idf.items())), ensure_ascii=False, indent=0), "utf-8"
    )
    kmanifest = {
        "format": "keywords/1",
        "files": {"idf.json": hashlib.sha256((kfolder / "idf.json").read_bytes()).hexdigest()},
        "documents": n,
        "words": len(idf),
        "unseen_idf": unseen,
        "definition": "idf = ln((1 + N) / (1 + df)) + 1 over N documents = one section of one "
        "report of corpus/sections and corpus/themes; words with df < 2 use unseen_idf",
        "libraries": libs,
    }
    (kfolder / "manifest.json").write_text(
        json.dumps(kmanifest, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    print(f"wrote {folder} and {kfolder} ({len(idf)} words over {n} documents)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", action="store_true", help="refit on every report and write models/")
    ap.add_argument("--c", type=float, help="use this C instead of choosing it by cross-validation")
    args = ap.parse_args(argv)
    reports, corpus_hash = load()
    order = list(range(len(reports)))
    random.Random(SEED).shuffle(order)
    cut = int(len(reports) * 0.8)
    train = [reports[i] for i in order[:cut]]
    test = [reports[i] for i in order[cut:]]
    print(f"{len(reports)} reports: {len(train)} train, {len(test)} test")
    c = args.c if args.c is not None else choose_c(train)
    vec, clf = fit(train, c)
    metrics = end_to_end(_Model(vec, clf), test)
    metrics["C"] = c
    metrics["test_reports"] = len(test)
    print(json.dumps(metrics, ensure_ascii=False, indent=1))
    if args.save:
        vec, clf = fit(reports, c)
        c_source = (
            "--c" if args.c is not None else "5-fold grouped cross-validation on the train part"
        )
        save(vec, clf, corpus_hash, metrics, c, c_source, reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
