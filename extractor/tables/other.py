"""Tables that are no template table: the pre-2019 统计表 in flattened text (A11), rebuilt as a
clean grid of ``label | unit | values…`` rows under the header words the table printed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.tables.labels import normalize
from extractor.tables.tokens import Token

# Anchor labels of the pre-2019 统计表 (template.md §4): either local form or the 2014 national one.
PRE2019_ANCHORS = (("指标名称", "计量单位"), ("统计指标", "统计数"))
# Column headings of those forms; the first row's label follows them in the same text run.
_HEADER_WORD = re.compile(
    r"^(?:指标名称|计量单位|统计指标|单位|统计数|代码|本期实际|本年累计|历年累计|本年度\S*|上年度\S*"
    r"|(?:19|20)\d\d年度?\S*)$"
)
# Units printed in the unit column of those forms.
_UNIT = re.compile(r"\s*(条|件|个|次|人次|人|篇|项|场|期|万元|元|%)$")


def is_statistics_table(tokens: Sequence[Token]) -> bool:
    text = normalize("".join(t.text for t in tokens if t.kind == "text"))
    return any(all(a in text for a in pair) for pair in PRE2019_ANCHORS)


def statistics_grid(tokens: Sequence[Token]) -> tuple[list[list[str]], list[list[str]]]:
    """(header, rows) of a flattened statistics table: each label starts a row, its unit (when
    printed) is the second cell, the numbers after it are the value cells."""
    header: list[list[str]] = []
    rows: list[list[str]] = []
    for tok in tokens:
        if tok.kind == "text":
            text = tok.text.strip()
            words = text.split()
            if not rows and not header and words and _HEADER_WORD.match(words[0]):
                n = next((i for i, w in enumerate(words) if not _HEADER_WORD.match(w)), len(words))
                header.append(words[:n])
                text = " ".join(words[n:])
                if not text:
                    continue
            m = _UNIT.search(text)
            label, unit = (text[: m.start()].strip(), m.group(1)) if m else (text, "")
            rows.append([label, unit])
        elif tok.kind == "num" and rows:
            rows[-1].append(tok.text)
    return header, [r for r in rows if len(r) > 2 or r[0]]
