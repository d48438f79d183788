"""Label normalisation and fuzzy matching for table row and column labels."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractor.textnorm import PINYIN_GLOSS, to_simplified

_DROP = frozenset("“”\"'‘’「」『』")
_CHINESE_NUM = re.compile(r"^([一二三四五六七八九十]{1,3})[.,，]")
_NUMBERING = re.compile(
    r"^(?:\d{1,2}\.|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)"
)

# A printed label is the template's label when this similar (difflib ratio) and numbered the
# same. 0.8 accepts one or two lost characters in a label of ten (B4: 2.其他法律行政止公开
# scores 0.89) while the closest pair of distinct template labels, （一）予以公开 / （三）不予公开,
# differ in their numbering and are never compared.
SIMILARITY = 0.8


@lru_cache(maxsize=8192)
def normalize_chars(text: str) -> tuple[str, tuple[int, ...]]:
    """Character-level normalisation with a map back to positions in ``text``: NFKC
    (full-width → ASCII), simplified characters, no whitespace, quotes or pinyin glosses, and
    ``3、`` numbering written ``3.``."""
    skip: set[int] = set()
    for m in PINYIN_GLOSS.finditer(text):
        skip.update(range(m.start(), m.end()))
    out: list[str] = []
    index: list[int] = []
    # Character-for-character, so positions still map back to ``text``.
    for i, ch in enumerate(to_simplified(text)):
        if i in skip or ch.isspace() or ch in _DROP:
            continue
        # Common CJK and ASCII characters are their own NFKC form: skip the call.
        plain = "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isprintable())
        for c in ch if plain else unicodedata.normalize("NFKC", ch):
            if c.isspace() or c in _DROP:
                continue
            if c == "、" and out and out[-1].isdigit():
                c = "."
            out.append(c)
            index.append(i)
    return "".join(out), tuple(index)


def normalize(label: str) -> str:
    """The matching key of a label: see :func:`normalize_chars`; numbering in one form
    (1. / (一) / 一、)."""
    # Labels and short lines (the reflow asks for every line) are remembered; a region's
    # whole text, normalised once per template tried, is not kept.
    return _normalize_label(label) if len(label) <= 200 else _normalize(label)


@lru_cache(maxsize=8192)
def _normalize_label(label: str) -> str:
    return _normalize(label)


def _normalize(label: str) -> str:
    t = normalize_chars(label)[0].rstrip(":：")
    return _CHINESE_NUM.sub(r"\1、", t)


def numbering(label: str) -> str:
    m = _NUMBERING.match(label)
    return m.group(0) if m else ""
