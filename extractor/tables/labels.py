"""Label normalisation and fuzzy matching for table row and column labels."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_ARABIC_NUM = re.compile(r"^(\d{1,2})\s*[.、．,，]\s*")
_CHINESE_NUM = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．,，]")
_NUMBERING = re.compile(
    r"^(?:\d{1,2}\.|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)"
)

# Two labels with the same numbering are the same row when this similar (difflib ratio). 0.8
# accepts one or two lost characters in a label of ten (B4: 2.其他法律行政止公开 scores 0.92)
# while the closest pair of distinct template labels, （一）予以公开 / （三）不予公开, differ in
# their numbering and never reach this comparison.
SIMILARITY = 0.8


def normalize(label: str) -> str:
    """NFKC (full-width → ASCII), no spaces or quotes, numbering in one form (1. / (一) / 一、)."""
    t = unicodedata.normalize("NFKC", label)
    t = _SPACE.sub("", t).translate(_QUOTES).rstrip(":：")
    t = _ARABIC_NUM.sub(r"\1.", t)
    t = _CHINESE_NUM.sub(r"\1、", t)
    return t


def numbering(label: str) -> str:
    m = _NUMBERING.match(label)
    return m.group(0) if m else ""


def similar(a: str, b: str) -> float:
    """Similarity of two normalised labels; 0 when both are numbered differently."""
    if a == b:
        return 1.0
    na, nb = numbering(a), numbering(b)
    if na and nb and na != nb:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
