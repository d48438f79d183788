"""Text normalisation shared by the stages: traditional → simplified characters (C1) and
pinyin glosses that mirror sites insert after characters (C2: 國務(wù)院)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PINYIN_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,8}[)）]")


@cache
def _t2s_table() -> dict[int, str]:
    """Character-level traditional → simplified map from OpenCC's TSCharacters dictionary
    (shipped by opencc-python-reimplemented, Apache-2.0). Character level is enough for our
    labels and cue words and keeps conversion a single ``str.translate``."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and first and first != trad:
            table[ord(trad)] = first
    return table


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())
