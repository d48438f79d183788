"""N-grams counted with numpy: the same columns, counts and order as the Counter of the
n-gram list they replace, so the models' float sums, and the records, stay bit for bit."""

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from extractor.ngrams import Vocabulary, count_known, count_known_each, encode
from extractor.reportscore import char_ngrams, load_report_model, view
from extractor.sectionmodel import load_model

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
_WHITE = re.compile(r"\s\s+")


def _reference(text: str, ngrams: dict[str, int]) -> tuple[list[int], list[int], int]:
    """What the models did before: a Counter of the n-gram list, then each looked up."""
    grams = Counter(char_ngrams(text))
    found = [(j, c) for g, c in grams.items() if (j := ngrams.get(g)) is not None]
    return [j for j, _ in found], [c for _, c in found], grams.total()


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    return ["", "a", "Ab", "报告报告 ab AB", "aaaa", "\ud800x", "ICP备 XYZ", *texts]


def test_one_text_counts_as_the_counter_did() -> None:
    model = load_report_model()
    for text in _texts():
        t = view(text) if len(text) > 20 else text.lower()
        columns, counts, total = count_known(t.lower(), model.vocabulary)
        assert (list(columns), list(counts), total) == _reference(t, model.ngrams)


def test_blocks_counted_together_count_as_each_alone() -> None:
    model = load_model()
    for text in _texts():
        blocks = [_WHITE.sub(" ", b.lower())[:400] for b in text.split("\n")] + ["", "x", "xy"]
        for block, (columns, counts) in zip(
            blocks, count_known_each(blocks, model.vocabulary), strict=True
        ):
            want = _reference(block, model.ngrams)
            assert (list(columns), list(counts)) == want[:2], block
    assert count_known_each([], model.vocabulary) == []


def test_more_blocks_than_small_ranks_hold_count_alike() -> None:
    # Past 10,922 blocks the ranks no longer fit 16 bits and are sorted as 64-bit integers.
    model = load_model()
    lines = [line for p in SAMPLES for line in p.read_text(encoding="utf-8").split("\n")]
    blocks = [_WHITE.sub(" ", b.lower())[:400] for b in (lines * 200)[:11_000]]
    assert len(blocks) * 3 > np.iinfo(np.int16).max
    counted = count_known_each(blocks, model.vocabulary)
    for block, (columns, counts) in list(zip(blocks, counted, strict=True))[::97]:
        assert (list(columns), list(counts)) == _reference(block, model.ngrams)[:2], block


def test_vocabulary_keys() -> None:
    assert encode("a") < encode("a\x00") < encode("a\x00\x00")  # lengths never collide
    vocab = Vocabulary.of({"ab": 0, "a": 1, "政府": 2, "公开的": 3})
    known, columns = vocab.columns_of(np.array([encode("政府"), encode("x"), encode("a")]))
    assert list(known) == [True, False, True] and list(columns) == [2, 1]
    with pytest.raises(ValueError):
        Vocabulary.of({"abcd": 0})
