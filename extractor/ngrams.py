"""Character 1–3-grams of a text counted with numpy, for the linear models' features.

The report score and the section model read a text as its character 1–3-grams, the way
scikit-learn's ``analyzer="char"`` makes them: every character, then every pair, then every
triple, and the model's columns are summed in the order a ``Counter`` of that list gives (the
first occurrence of each n-gram), so the float sums are the trained ones bit for bit. Counting
them in Python (a string per n-gram, a dictionary look-up per distinct one) was most of both
models' time; here each n-gram is a 63-bit integer (21 bits per character, the code point + 1,
so a shorter n-gram never equals a longer one), the vocabulary a sorted array of the same
integers, and counting, ordering and looking up are a few array operations per text, or per
document for the section model's blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_BITS = 21  # the code points go up to 0x10FFFF < 2**21 - 1


def encode(gram: str) -> int:
    """The integer of an n-gram of 1–3 characters."""
    if not 1 <= len(gram) <= 3:
        raise ValueError(f"not a character 1–3-gram: {gram!r}")
    key = 0
    for i, ch in enumerate(gram):
        key |= (ord(ch) + 1) << (_BITS * (2 - i))
    return key


def _codes(text: str) -> Any:
    # surrogatepass: a lone surrogate (bytes escaped while reading) is a character like any.
    raw = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(raw, dtype=np.uint32).astype(np.int64) + 1


@dataclass(frozen=True)
class Vocabulary:
    """A model's n-gram columns: ``keys`` sorted, ``columns[i]`` the column of ``keys[i]``."""

    keys: Any
    columns: Any

    @classmethod
    def of(cls, ngrams: dict[str, int]) -> Vocabulary:
        """From a model's n-gram → column map (every n-gram 1–3 characters long)."""
        grams = list(ngrams)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        if len(grams) and (lengths.min() < 1 or lengths.max() > 3):
            raise ValueError("the vocabulary has an n-gram that is not 1–3 characters long")
        codes = _codes("".join(grams))
        starts = np.cumsum(lengths) - lengths
        keys = np.zeros(len(grams), dtype=np.int64)
        for k in range(3):
            has = lengths > k
            keys[has] |= codes[starts[has] + k] << (_BITS * (2 - k))
        columns = np.fromiter(ngrams.values(), dtype=np.int64, count=len(grams))
        order = np.argsort(keys)
        if len(keys) and np.any(np.diff(keys[order]) == 0):
            raise ValueError("two n-grams of the vocabulary have the same key")
        return cls(keys[order], columns[order])

    def columns_of(self, keys: Any) -> tuple[Any, Any]:
        """(known, columns): which of ``keys`` the vocabulary has, and their columns."""
        if len(self.keys) == 0:
            return np.zeros(len(keys), dtype=bool), np.empty(0, dtype=np.int64)
        at = np.searchsorted(self.keys, keys)
        np.minimum(at, len(self.keys) - 1, out=at)
        known = self.keys[at] == keys
        return known, self.columns[at[known]]


def _grams(codes: Any) -> tuple[Any, Any, Any]:
    """The 1-, 2- and 3-gram keys at each position of ``codes``."""
    ones = codes << (2 * _BITS)
    twos = ones[:-1] | (codes[1:] << _BITS)
    threes = twos[:-1] | codes[2:]
    return ones, twos, threes


def count_known(text: str, vocabulary: Vocabulary) -> tuple[Any, Any, int]:
    """``(columns, counts, total)``: the columns of the text's n-grams that the vocabulary has,
    in order of first occurrence (1-grams, then 2-grams, then 3-grams), how often each occurs,
    and how many n-grams the text has in all: ``Counter`` of the n-gram list, looked up."""
    occurrences = np.concatenate(_grams(_codes(text)))
    total = len(occurrences)
    if total == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), 0
    unique, first, counts = np.unique(occurrences, return_index=True, return_counts=True)
    known, columns = vocabulary.columns_of(unique)
    order = np.argsort(first[known])
    return columns[order], counts[known][order], total


def count_known_each(texts: Sequence[str], vocabulary: Vocabulary) -> list[tuple[Any, Any]]:
    """:func:`count_known`'s ``(columns, counts)`` for each of ``texts``, counted together (a
    document's blocks: a few array operations for all of them, not per block)."""
    if not texts:
        return []
    codes = _codes("".join(texts))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    block = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    ones, twos, threes = _grams(codes)
    # An n-gram belongs to its first character's block and must end in it.
    two_ok = block[:-1] == block[1:]
    three_ok = block[:-2] == block[2:]
    keys = np.concatenate((ones, twos[two_ok], threes[three_ok]))
    # Order of the n-grams: by block, then 1-, 2-, 3-grams, then position (stable sort).
    rank = np.concatenate((block * 3, block[:-1][two_ok] * 3 + 1, block[:-2][three_ok] * 3 + 2))
    # The ranks are small (three a block): as 16-bit integers numpy sorts them stably by radix,
    # four times faster than as 64-bit ones, in the same order.
    small = len(texts) * 3 <= np.iinfo(np.int16).max
    order = np.argsort(rank.astype(np.int16) if small else rank, kind="stable")
    keys, rank = keys[order], rank[order]
    known, columns = vocabulary.columns_of(keys)
    owner = rank[known] // 3
    # One id per (block, column): unique, counted, kept in order of first occurrence.
    width = int(vocabulary.columns.max()) + 1 if len(vocabulary.columns) else 1
    ids = owner * width + columns
    out: list[tuple[Any, Any]] = []
    if len(ids) == 0:
        empty = np.empty(0, dtype=np.int64)
        return [(empty, empty) for _ in texts]
    unique, first, counts = np.unique(ids, return_index=True, return_counts=True)
    by_first = np.argsort(first)
    unique, counts = unique[by_first], counts[by_first]
    owners = unique // width
    bounds = np.searchsorted(owners, np.arange(len(texts) + 1, dtype=np.int64))
    cols = unique % width
    for i in range(len(texts)):
        lo, hi = bounds[i], bounds[i + 1]
        out.append((cols[lo:hi], counts[lo:hi]))
    return out
