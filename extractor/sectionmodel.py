"""The trained section classifier (work in progress for the sections issue): features of a
block, and decoding that respects the template's order.

Blocks are classified from two views: character 1–3-grams of the block's text (simplified
characters), and shape tokens (heading-like or not, its numbering, the part its words name, its
position in the report, whether it is a table). A logistic regression gives each block a
probability per section; decoding then picks the most probable labelling in which the parts
come in template order, each in one run, with ``unclassified`` (chrome, footers) allowed
anywhere without breaking the run it interrupts.

Not yet used by the pipeline: ``scripts/train_sections.py`` trains and evaluates it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

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
    if TOP_NUMBER.match(t):
        tokens.append("num_top")
        topic = topic_of(t)
        if topic and len(t) <= 48:
            tokens.append(f"topic_{topic}")
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
    """Most probable labelling under the template's order (Viterbi over (part, in-chrome))."""
    parts = list(ORDER)
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
        lp = log_probs[0][unc] if c else log_probs[0][p]
        score[s] = lp
    back.append({s: None for s in states})
    for i in range(1, n):
        new = {s: neg for s in states}
        ptr: dict[tuple[int, bool], tuple[int, bool] | None] = {}
        for s in states:
            p, c = s
            emit = log_probs[i][unc] if c else log_probs[i][p]
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
