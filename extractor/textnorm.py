"""Text normalisation shared by the stages: traditional → simplified characters (C1) and
pinyin glosses that mirror sites insert after characters (C2: 國務(wù)院)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
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


@cache
def _traditional() -> frozenset[str]:
    return frozenset(map(chr, _t2s_table()))


# The stages simplify each block's text several times (headings, the section model, the
# tables' regions, the themes), so recent texts are remembered; only texts up to this long,
# which bounds what the cache holds (a paragraph is shorter; a whole document is not kept).
CACHED_CHARS = 2000


def to_simplified(text: str) -> str:
    return _remembered(text) if len(text) <= CACHED_CHARS else _simplified(text)


@lru_cache(maxsize=4096)
def _remembered(text: str) -> str:
    return _simplified(text)


def _simplified(text: str) -> str:
    # Most text has no traditional character, and looking for one is cheaper than translating
    # (str.translate raises and catches a KeyError inside for every character it leaves).
    if _traditional().isdisjoint(text):
        return text
    return text.translate(_t2s_table())


@cache
def _compat_table() -> dict[int, str]:
    """Kangxi radicals (U+2F00–U+2FD5) and CJK compatibility ideographs (U+F900–U+FAFF) → the
    unified ideographs they look like. PDF producers (Chrome's print to PDF among them) emit
    ⾏ U+2F8F for 行; NFKC maps every one of these code points to a single ideograph."""
    import unicodedata

    table: dict[int, str] = {}
    for cp in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFB00)):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if folded != chr(cp) and len(folded) == 1:
            table[cp] = folded
    # CJK Radicals Supplement forms that stand for a whole simplified character (NFKC leaves
    # this block alone); component-only radicals (⺅, ⺡) are not characters and stay.
    table.update({ord(k): v for k, v in _RADICAL_CHARS.items()})
    return table


_RADICAL_CHARS = {
    "⺠": "民", "⺟": "母", "⺢": "水", "⺣": "火", "⺭": "示", "⺳": "网", "⺷": "羊", "⺹": "老",
    "⻄": "西", "⻅": "见", "⻆": "角", "⻋": "车", "⻔": "门", "⻑": "长", "⻓": "长", "⻘": "青",
    "⻚": "页", "⻛": "风", "⻢": "马", "⻣": "骨", "⻥": "鱼", "⻦": "鸟", "⻨": "麦", "⻩": "黄",
    "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟", "⻗": "雨", "⻊": "足",
}  # fmt: skip


# Where the look-alikes live (CJK radicals supplement, Kangxi radicals, compatibility
# ideographs): a search in C finds none in most texts, and the per-character translate is then
# skipped (0.1 µs a character: 50 ms for a 500 kB page).
_COMPAT_RANGE = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")


def fold_compat(text: str) -> str:
    """Radical and compatibility look-alikes folded to the ideographs readers expect."""
    if _COMPAT_RANGE.search(text) is None:
        return text
    return text.translate(_compat_table())
