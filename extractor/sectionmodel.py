"""The trained section classifier: features of a block, decoding that respects the template's
order, and pickle-free inference with numpy.

Blocks are classified from two views: character 1–3-grams of the block's text (simplified
characters), and shape tokens (heading-like or not, its numbering, the part its words name, its
position in the report, whether it is a table). A logistic regression gives each block a
probability per section; decoding then picks the most probable labelling in which the parts
come in template order, each in one run, with ``unclassified`` (chrome, footers) allowed
anywhere without breaking the run it interrupts.

The sections stage uses it when a report's numbered headings do not name all six parts
(renamed, merged or lost headings); ``scripts/train_sections.py`` trains and evaluates it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extractor.modelfiles import verified
from extractor.ngrams import Vocabulary, count_known_each
from extractor.reading.text import is_heading_like, is_table_row
from extractor.sections import ORDER, SUB_NUMBER, TOP_NUMBER, topic_of
from extractor.textnorm import to_simplified

LABELS = (*ORDER, "unclassified")
# Position in the report, in tenths: where a block sits says a lot (the preamble opens,
# 六 closes).
POSITION_BUCKETS = 10
_ARABIC = re.compile(r"^\s*\d{1,2}\s*[.、．]")


def shape(text: str, kind: str, index: int, count: int) -> str:
    """Shape tokens of one block."""
    t = to_simplified(text.strip())
    tokens = [f"pos{min(POSITION_BUCKETS - 1, index * POSITION_BUCKETS // max(count, 1))}"]
    tokens.append(f"kind_{kind}")
    if is_heading_like(t):
        tokens.append("heading")
    # A short line that names a part is a heading whether or not it is numbered (renumbered
    # or unnumbered reports): the same token either way.
    if len(t) <= 30 and not re.search(r"[。；;，,]", t) and (topic := topic_of(t)):
        tokens.append(f"topic_{topic}")
    if TOP_NUMBER.match(t):
        tokens.append("num_top")
    elif SUB_NUMBER.match(t):
        tokens.append("num_sub")
    elif _ARABIC.match(t):
        tokens.append("num_arabic")
    if "|" in t or is_table_row(t):
        tokens.append("tableish")
    n = len(t)
    tokens.append("len_s" if n < 20 else "len_m" if n < 80 else "len_l")
    if index == 0:
        tokens.append("first")
    if index == count - 1:
        tokens.append("last")
    return " ".join(tokens)


def text_view(text: str) -> str:
    return to_simplified(text)[:400]


def decode(log_probs: Sequence[Sequence[float]]) -> list[str]:
    """Most probable labelling under the template's order (Viterbi over (part, in-chrome)).

    The order has one extra step: pre-2019 reports put 收费及减免情况 (which the 2021 format moved
    into 六, so it is ``other_matters``) between 依申请公开 and 复议诉讼; a run of
    ``other_matters`` may therefore also come right after ``requests``."""
    parts = list(ORDER)
    parts.insert(parts.index("review_litigation"), "other_matters")
    parts.insert(parts.index("problems_improvements"), "overview")
    parts.insert(parts.index("other_matters", parts.index("problems_improvements")), "overview")
    parts += ["proactive_disclosure", "requests", "review_litigation"]
    column = [LABELS.index(p) for p in parts]
    unc = LABELS.index("unclassified")
    n = len(log_probs)
    if n == 0:
        return []
    # state: (part index, chrome flag); a chrome block keeps the part it interrupts.
    states = [(p, c) for p in range(len(parts)) for c in (False, True)]
    neg = -math.inf
    score = {s: neg for s in states}
    back: list[dict[tuple[int, bool], tuple[int, bool] | None]] = []
    for s in states:
        p, c = s
        lp = log_probs[0][unc] if c else log_probs[0][column[p]]
        score[s] = lp
    back.append({s: None for s in states})
    for i in range(1, n):
        new = {s: neg for s in states}
        ptr: dict[tuple[int, bool], tuple[int, bool] | None] = {}
        for s in states:
            p, c = s
            emit = log_probs[i][unc] if c else log_probs[i][column[p]]
            best, arg = neg, None
            for prev in states:
                pp, _ = prev
                # parts never go back; chrome keeps the current part.
                if (c and pp != p) or (not c and pp > p):
                    continue
                if score[prev] > best:
                    best, arg = score[prev], prev
            new[s] = best + emit
            ptr[s] = arg
        score = new
        back.append(ptr)
    state: tuple[int, bool] | None = max(score, key=lambda s: score[s])
    out: list[str] = []
    for i in range(n - 1, -1, -1):
        assert state is not None
        p, c = state
        out.append("unclassified" if c else parts[p])
        state = back[i][state] if i > 0 else None
    return out[::-1]


# --- inference -------------------------------------------------------------------------------

_WHITE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class SectionModel:
    ngrams: dict[str, int]
    shapes: dict[str, int]
    idf: Any
    coef: Any
    intercept: Any
    classes: tuple[str, ...]
    vocabulary: Vocabulary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", Vocabulary.of(self.ngrams))

    def log_probs(self, texts: Sequence[str], shapes: Sequence[str]) -> list[list[float]]:
        """Per block, the log-probability of each label in ``LABELS`` order."""
        import numpy as np

        # Row by row over each block's own columns: a block has a few hundred of the 30,000
        # features, and a dense blocks × features matrix was most of this stage's time.
        n_ngrams = len(self.ngrams)
        intercept = self.intercept.astype(np.float32)
        scores = np.empty((len(texts), len(self.classes)), dtype=np.float32)
        # Each block's known n-grams in order of first occurrence (a Counter keeps that order,
        # so the columns, and the float sums, are in the order of counting gram by gram),
        # counted for all the blocks at once (extractor.ngrams).
        counted = count_known_each([_WHITE.sub(" ", t.lower()) for t in texts], self.vocabulary)
        # Every block's tf·idf at once, element by element as block by block (the same float32
        # values); each block's own copy of them then, so that its norm and product are
        # computed on an array of its own as before (BLAS sums may follow the memory's
        # alignment).
        weighted: Any = None
        if counted:
            weighted = (
                1.0 + np.log(np.concatenate([c for _, c in counted]).astype(np.float32))
            ) * self.idf[np.concatenate([c for c, _ in counted])]
        start = 0
        for row, ((columns, _), shape_text) in enumerate(zip(counted, shapes, strict=True)):
            total = intercept.copy()
            if n := len(columns):
                values = weighted[start : start + n].copy()
                start += n
                # np.linalg.norm of a vector, without its checks (a third of its time here).
                values /= np.sqrt(values.dot(values)) or 1.0
                total += self.coef[:, columns] @ values
            shape_idx = [
                n_ngrams + j
                for t in shape_text.lower().split()
                if (j := self.shapes.get(t)) is not None
            ]
            if shape_idx:
                total += self.coef[:, shape_idx].sum(axis=1)
            scores[row] = total
        scores -= scores.max(axis=1, keepdims=True)
        logp = (scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))).tolist()
        order = [self.classes.index(label) if label in self.classes else -1 for label in LABELS]
        return [[r[j] if j >= 0 else -30.0 for j in order] for r in logp]


@cache
def load_model() -> SectionModel:
    """Load once per process; the manifest's hashes must match the files."""
    import numpy as np

    folder, _ = verified("sections", "sections/1", "scripts/train_sections.py")

    def strings(name: str) -> list[str]:
        values: list[str] = json.loads((folder / name).read_text(encoding="utf-8"))
        return values

    def array(name: str) -> Any:
        return np.load(folder / name, allow_pickle=False)

    return SectionModel(
        ngrams={g: i for i, g in enumerate(strings("ngrams.json"))},
        shapes={s: i for i, s in enumerate(strings("shapes.json"))},
        idf=array("idf.npy"),
        coef=array("coef.npy"),
        intercept=array("intercept.npy"),
        classes=tuple(strings("classes.json")),
    )
