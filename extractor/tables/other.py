"""Tables that are no template table: the pre-2019 统计表 in flattened text (A10, A11), rebuilt
as a clean grid of ``label | unit | values…`` rows under the header words the table printed."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.budget import caps
from extractor.tables.labels import normalize
from extractor.tables.repair import digit_splits
from extractor.tables.tokens import Token

# Anchor labels of the pre-2019 统计表 (template.md §4): either local form or the 2014 national one.
PRE2019_ANCHORS = (("指标名称", "计量单位"), ("统计指标", "统计数"))
# Column headings of those forms, printed with or without spaces between them ("指标名称计量单位
# 2016年度历年累计主动公开文件数条…" on 平潭 2016–2018); the first row's label follows them.
# Spaces may also split a heading ("计量 单位", "2011 年度": A9).
_HEADINGS = [
    "指标名称",
    "计量单位",
    "统计指标",
    "单位",
    "统计数",
    "代码",
    "本期实际",
    "本年累计",
    "历年累计",
    "本年度",
    "上年度",
]
_HEADER_WORD = re.compile(
    r"\s*(" + "|".join(r"\s*".join(w) for w in _HEADINGS) + r"|(?:19|20)\d\d\s*年度?)"
)
# Headings that name a value column (the others name the label, unit and code columns).
_LABEL_COLUMNS = frozenset({"指标名称", "计量单位", "统计指标", "单位", "代码"})
# Units printed in the unit column of those forms.
_UNIT = re.compile(r"\s*(条|件|个|次|人次|人|篇|项|场|期|万元|元|%)$")
_YEAR = re.compile(r"(?:19|20)\d\d")


def is_statistics_table(tokens: Sequence[Token]) -> bool:
    text = normalize("".join(t.text for t in tokens if t.kind == "text"))
    return any(all(a in text for a in pair) for pair in PRE2019_ANCHORS)


@dataclass
class StatisticsGrid:
    header: list[list[str]]
    rows: list[list[str]]
    glued: list[str] = field(default_factory=list)
    """Labels of rows whose values were printed as one run of digits that splits more than one
    way into the table's value columns: the run is kept as printed, in the first value cell."""


def _header_words(text: str) -> tuple[list[str], str, str]:
    """(header words, the text before them, the text after them) of a run that holds them."""
    m = _HEADER_WORD.search(text)
    if m is None:
        return [], "", text
    words, pos = [], m.start()
    while (w := _HEADER_WORD.match(text, pos)) is not None:
        words.append(re.sub(r"\s+", "", w.group(1)))
        pos = w.end()
    return words, text[: m.start()].strip(), text[pos:].strip()


def _value_cells(run: str, columns: int) -> list[str] | None:
    """A glued run of digits as ``columns`` cells, when only one split has no leading zero
    ("00" is 0 and 0); None when there is no such split or more than one, or when the run is
    longer than the splitter searches (Options.max_glued_digits)."""
    if len(run) > caps().max_glued_digits:
        return None
    found = list(itertools.islice(digit_splits(run, columns), 2))
    return found[0] if len(found) == 1 else None


def statistics_grid(tokens: Sequence[Token]) -> StatisticsGrid:
    """The header and rows of a flattened statistics table: each label starts a row, its unit
    (when printed) is the second cell, the numbers after it are the value cells. A title printed
    before the header words is left out."""
    header: list[str] = []
    rows: list[list[str]] = []
    toks = list(tokens)
    i = 0
    while i < len(toks):
        tok = toks[i]
        i += 1
        if tok.kind == "num" and not rows and header and _YEAR.fullmatch(tok.text):
            # "2016" then "年度历年累计…": a year heading cut in two by the number pattern.
            nxt = toks[i] if i < len(toks) else None
            if nxt is not None and nxt.kind == "text" and nxt.text.startswith("年"):
                words, _, rest = _header_words(tok.text + nxt.text)
                header.extend(words)
                i += 1
                if rest:
                    rows.append(_label_row(rest))
                continue
        if tok.kind == "text":
            text = tok.text.strip()
            if not rows:
                words, _, rest = _header_words(text)
                if words:
                    header.extend(words)
                    text = rest
                elif not header:
                    continue  # a title before the table's header words
                if not text:
                    continue
            rows.append(_label_row(text))
        elif tok.kind == "num" and rows:
            rows[-1].append(tok.text)
    rows = [r for r in rows if len(r) > 2 or r[0]]
    while rows and rows[-1][1:] == [""]:
        rows.pop()  # page text after the table ("附件下载"): no unit, no value
    columns = sum(1 for w in header if w not in _LABEL_COLUMNS)
    glued = []
    for row in rows:
        values = row[2:]
        if columns > 1 and len(values) == 1 and values[0].isdigit() and len(values[0]) > 1:
            cells = _value_cells(values[0], columns)
            if cells is None:
                glued.append(row[0])
            else:
                row[2:] = cells
    return StatisticsGrid([header] if header else [], rows, glued)


def _label_row(text: str) -> list[str]:
    m = _UNIT.search(text)
    label, unit = (text[: m.start()].strip(), m.group(1)) if m else (text, "")
    return [label, unit]
