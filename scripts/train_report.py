#!/usr/bin/env python3
"""Train and evaluate the report/not-a-report score (``extractor.reportscore``).

Positives are the team's reports in every form: ``corpus/tables/docs/*`` and
``corpus/samples/*`` (read by the extractor's readers, as in production), the block documents
of ``corpus/sections/*.jsonl`` and the section documents of ``corpus/themes/*.jsonl``, plus
parts of reports as a crawler or a PDF split finds them: sections 一–二 alone, 三 (the request
table) alone, 五–六 alone, and one page-sized window of each table-corpus report. Negatives are
``corpus/negatives/*.jsonl`` (``scripts/make_negatives.py``), read the same way; those the
readers refuse (undecodable bytes, empty pages) never reach the score and are left out.

Evaluation is grouped by source document (a report and its parts stay on one side; seed
fixed): 75% train, 25% held out, with accuracy per negative kind and per positive form. The
threshold is chosen on out-of-fold scores of 5 grouped folds over the whole corpus. With
--save, refits on everything and writes ``models/report/`` (JSON vocabularies, ``.npy``
weights, no pickle) with a manifest (sha256s, labels, corpus hash, seed, library versions,
threshold, held-out metrics).

Usage: python scripts/train_report.py [--save]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.errors import ExtractorError  # noqa: E402
from extractor.options import Options  # noqa: E402
from extractor.reading import detect, load, read  # noqa: E402
from extractor.reading.sources import NamedBytes  # noqa: E402
from extractor.reportscore import (  # noqa: E402
    FORMAT,
    REPORT_THRESHOLD,
    ReportModel,
    char_ngrams,
    document_text,
    shape,
    view,
)

SEED = 20260515
FOLDS = 5
# 20,000 n-grams keep the model files at 0.38 MB (the brief: under 1 MB); larger vocabularies
# were not tried.
MAX_FEATURES = 20_000


@dataclass
class Doc:
    text: str  # the document text as the pipeline sees it (before view)
    label: int  # 1 report, 0 not
    kind: str  # positive form or negative kind
    group: str  # source document: its parts share it


def read_bytes(data: bytes, name: str) -> str | None:
    """The text the pipeline would score, or None when reading fails."""
    options = Options()
    try:
        raw = load(NamedBytes(uri=name, data=data), options)
        document = read(raw, detect(raw.data, raw.name, raw.content_type), options)
    except ExtractorError:
        return None
    text = document_text(document)
    return text if text.strip() else None


def jsonl(folder: Path) -> tuple[list[dict], bytes]:  # type: ignore[type-arg]
    rows, data = [], b""
    for f in sorted(folder.glob("*.jsonl")):
        chunk = f.read_bytes()
        data += chunk
        rows += [json.loads(line) for line in chunk.decode("utf-8").splitlines() if line.strip()]
    return rows, data


HEADINGS = {
    "2021": {"overview": "一、总体情况", "problems_improvements": "五、存在的主要问题及改进情况"},
    "pre2019": {"overview": "一、概述", "problems_improvements": "五、存在的主要问题及改进措施"},
}


def positives(digest: hashlib._Hash, rng: random.Random) -> list[Doc]:  # type: ignore[name-defined]
    docs: list[Doc] = []
    files = sorted((ROOT / "corpus" / "tables" / "docs").iterdir())
    files += sorted((ROOT / "corpus" / "samples").iterdir())
    for f in files:
        data = f.read_bytes()
        digest.update(data)
        text = read_bytes(data, f.name)
        assert text, f"{f} does not read"
        group = f"file:{f.stem}"
        docs.append(Doc(text, 1, "report_file", group))
        # One PDF-page-sized window (a page holds about 1,000–2,000 characters).
        if len(text) > 2500:
            size = rng.randint(1000, 2000)
            start = rng.randint(0, len(text) - size)
            docs.append(Doc(text[start : start + size], 1, "page_window", group))
        # The request table's part alone (三、 up to 四、).
        m = re.search(r"\n\s*三\s*[、.．].*?(?=\n\s*四\s*[、.．]|\Z)", text, re.S)
        if m:
            docs.append(Doc(m.group(0), 1, "part_table3", group))
    rows, data = jsonl(ROOT / "corpus" / "sections")
    digest.update(data)
    for r in rows:
        blocks = r["blocks"]
        group = f"sections:{r['doc_id']}"
        docs.append(Doc("\n".join(b["text"] for b in blocks), 1, "report_blocks", group))
        for kind, ids in (
            ("part_1_2", {"preamble", "overview", "proactive_disclosure"}),
            ("part_3", {"requests"}),
            ("part_5_6", {"problems_improvements", "other_matters"}),
        ):
            part = "\n".join(b["text"] for b in blocks if b["section"] in ids)
            if len(part) >= 30:
                docs.append(Doc(part, 1, kind, group))
    rows, data = jsonl(ROOT / "corpus" / "themes")
    digest.update(data)
    for r in rows:
        heads = HEADINGS["pre2019" if r["year"] < 2019 else "2021"]
        lines = []
        if rng.random() < 0.5:
            lines.append(f"{r['agency']}{r['year']}年政府信息公开工作年度报告")
        for s in r["sections"]:
            lines.append(heads.get(s["section"], ""))
            lines += ["".join(sent["text"] for sent in p) for p in s["paragraphs"]]
        docs.append(Doc("\n".join(lines), 1, "report_themes", f"themes:{r['doc_id']}"))
    return docs


def negatives(digest: hashlib._Hash) -> tuple[list[Doc], dict[str, int]]:  # type: ignore[name-defined]
    rows, data = jsonl(ROOT / "corpus" / "negatives")
    digest.update(data)
    docs, refused = [], defaultdict(int)
    for r in rows:
        raw = base64.b64decode(r["b64"]) if "b64" in r else r["text"].encode("utf-8")
        text = read_bytes(raw, f"{r['doc_id']}.{r['ext']}")
        if text is None:
            refused[r["kind"]] += 1
            continue
        docs.append(Doc(text, 0, r["kind"], f"neg:{r['doc_id']}"))
    return docs, dict(refused)


def fit(docs: list[Doc]):  # type: ignore[no-untyped-def]
    views = [view(d.text) for d in docs]
    tv = TfidfVectorizer(
        analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True,
        max_features=MAX_FEATURES, lowercase=True,
    )  # fmt: skip
    sv = CountVectorizer(token_pattern=r"\S+", binary=True)
    xt = tv.fit_transform(views)
    shapes = [shape(v, coverage(tv.vocabulary_, v)) for v in views]
    x = sp.hstack([xt, sv.fit_transform(shapes)]).tocsr()
    clf = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced", random_state=SEED)
    clf.fit(x, [d.label for d in docs])
    tv.stop_words_ = None
    return tv, sv, clf


def coverage(vocabulary: dict[str, int], v: str) -> float:
    grams = char_ngrams(v)
    return sum(g in vocabulary for g in grams) / max(len(grams), 1)


def in_memory(model) -> ReportModel:  # type: ignore[no-untyped-def]
    tv, sv, clf = model
    return ReportModel(
        ngrams=dict(tv.vocabulary_), shapes=dict(sv.vocabulary_),
        idf=np.asarray(tv.idf_, dtype=np.float32),
        coef=np.asarray(clf.coef_[0], dtype=np.float32), intercept=float(clf.intercept_[0]),
    )  # fmt: skip


def grouped_split(docs: list[Doc], k: int, rng: random.Random) -> list[int]:
    """A fold per document, the same for every document of a group."""
    groups = sorted({d.group for d in docs})
    rng.shuffle(groups)
    fold = {g: i % k for i, g in enumerate(groups)}
    return [fold[d.group] for d in docs]


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def choose_threshold(scores: list[float], labels: list[int]) -> dict[str, float]:
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    lo, hi = max(neg), min(pos)
    if hi > lo:
        mid = (logit(lo) + logit(hi)) / 2
        threshold = 1 / (1 + math.exp(-mid))
    else:
        # Not separable: the cut with fewest errors, a missed report counting three times (a
        # report dropped from a batch is lost; a stray page is only noise).
        cands = sorted(set(scores))
        threshold = min(cands, key=lambda t: 3 * sum(p < t for p in pos) + sum(n >= t for n in neg))
    return {"threshold": round(threshold, 2), "max_negative": round(lo, 4),
            "min_positive": round(hi, 4)}  # fmt: skip


def per_kind(docs: list[Doc], scores: list[float], threshold: float) -> dict[str, dict]:  # type: ignore[type-arg]
    out: dict[str, dict] = {}  # type: ignore[type-arg]
    by: dict[str, list[float]] = defaultdict(list)
    for d, s in zip(docs, scores, strict=True):
        by[f"{'pos' if d.label else 'neg'}:{d.kind}"].append(s)
    for key, values in sorted(by.items()):
        right = sum((s >= threshold) == key.startswith("pos") for s in values)
        out[key] = {"n": len(values), "accuracy": round(right / len(values), 4),
                    "min": round(min(values), 4), "max": round(max(values), 4)}  # fmt: skip
    return out


def save(model, corpus_hash: str, metrics: dict, threshold: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    tv, sv, clf = model
    folder = ROOT / "models" / "report"
    folder.mkdir(parents=True, exist_ok=True)
    ngrams = sorted(tv.vocabulary_, key=tv.vocabulary_.get)
    shapes = sorted(sv.vocabulary_, key=sv.vocabulary_.get)
    files = {
        "ngrams.json": json.dumps(ngrams, ensure_ascii=False).encode("utf-8"),
        "shapes.json": json.dumps(shapes).encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    arrays = {"idf.npy": tv.idf_, "coef.npy": clf.coef_[0], "intercept.npy": clf.intercept_}
    for name, array in arrays.items():
        np.save(folder / name, np.asarray(array, dtype=np.float32), allow_pickle=False)
    manifest = {
        "format": FORMAT,
        "files": {
            name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in (*files, *arrays)
        },
        "labels": ["not_a_report", "report"],
        "ngram_range": [1, 3],
        "corpus_sha256": corpus_hash,
        "seed": SEED,
        "libraries": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "threshold": threshold,
        "metrics_held_out": metrics,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    size = sum((folder / n).stat().st_size for n in manifest["files"])
    print(f"wrote {folder} ({size / 1e6:.2f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    digest = hashlib.sha256()
    pos = positives(digest, rng)
    neg, refused = negatives(digest)
    docs = pos + neg
    print(f"{len(pos)} positives, {len(neg)} negatives (refused by the readers: {refused})")

    # Held-out split (fold 0 of 4 → 25%) for the per-kind numbers.
    folds = grouped_split(docs, 4, random.Random(SEED))
    train = [d for d, f in zip(docs, folds, strict=True) if f]
    test = [d for d, f in zip(docs, folds, strict=True) if not f]
    held = in_memory(fit(train))
    test_scores = [held.score(d.text) for d in test]

    # Out-of-fold scores of every document for the threshold.
    oof = [0.0] * len(docs)
    folds5 = grouped_split(docs, FOLDS, random.Random(SEED + 1))
    for k in range(FOLDS):
        model = in_memory(fit([d for d, f in zip(docs, folds5, strict=True) if f != k]))
        for i, (d, f) in enumerate(zip(docs, folds5, strict=True)):
            if f == k:
                oof[i] = model.score(d.text)
    threshold = choose_threshold(oof, [d.label for d in docs])
    t = threshold["threshold"]
    if t != REPORT_THRESHOLD:
        print(f"NOTE: chosen threshold {t} differs from extractor.reportscore.REPORT_THRESHOLD")

    held_kinds = per_kind(test, test_scores, t)
    labels = [d.label for d in test]
    acc = sum((s >= t) == bool(y) for s, y in zip(test_scores, labels, strict=True)) / len(test)
    metrics = {
        "held_out": {"accuracy": round(acc, 4), "documents": len(test), "per_kind": held_kinds},
        "out_of_fold": {"documents": len(docs), "per_kind": per_kind(docs, oof, t)},
        "train_documents": len(train), "refused_by_readers": refused,
    }  # fmt: skip
    print(f"threshold {t} (out-of-fold: max negative {threshold['max_negative']}, "
          f"min positive {threshold['min_positive']})")  # fmt: skip
    print(f"held-out accuracy {acc:.4f} on {len(test)} documents")
    print(f"{'kind':28} {'n':>4} {'acc':>7} {'min':>7} {'max':>7}   (held out | out of fold)")
    for key, m in held_kinds.items():
        o = metrics["out_of_fold"]["per_kind"][key]  # type: ignore[index]
        print(f"{key:28} {m['n']:4} {m['accuracy']:7.3f} {m['min']:7.4f} {m['max']:7.4f}   "
              f"| {o['n']:4} {o['accuracy']:7.3f} {o['min']:7.4f} {o['max']:7.4f}")  # fmt: skip
    if args.save:
        final = fit(docs)
        started = time.perf_counter()
        model = in_memory(final)
        for d in docs[:200]:
            model.score(d.text)
        ms = (time.perf_counter() - started) * 1000 / 200
        print(f"inference: {ms:.2f} ms per document")
        save(final, digest.hexdigest(), metrics, threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
