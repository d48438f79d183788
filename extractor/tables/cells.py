"""What a printed cell holds: a number (with its unit), a blank, or text. One parser for the
whole table chain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.tables.templates import Number

_NUMBER = re.compile(r"^(?P<num>[-+]?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|元|件|项|条|个|次|%)?$")
# Cells that print "nothing here" rather than a number: the template's blank-means-zero habit.
BLANK_MARKS = frozenset({"", "-", "—", "–", "——", "/", "／", "无", "\\"})


@dataclass(frozen=True, slots=True)
class ParsedCell:
    kind: str
    """number, blank or text."""
    value: Number | None = None
    unit: str | None = None


# Cells are few distinct strings ("0", "12", "-", a label) read many times over (each template
# tried, each reading of a row): parsed once each.
@lru_cache(maxsize=8192)
def parse_cell(raw: str) -> ParsedCell:
    t = raw.strip().replace(" ", "").replace("．", ".").replace("−", "-")
    if t in BLANK_MARKS:
        return ParsedCell("blank")
    m = _NUMBER.match(t)
    if not m:
        return ParsedCell("text")
    num = m.group("num").replace(",", "").replace("，", "").lstrip("+")
    value: Number = float(num) if "." in num else int(num)
    return ParsedCell("number", value, m.group("unit"))


def parse_number(raw: str) -> Number | None:
    """The number a cell holds, or None for blanks and text."""
    return parse_cell(raw).value
