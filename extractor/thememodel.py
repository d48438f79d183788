"""The trained sentence-theme classifier: features of a sentence and pickle-free inference.

A sentence is seen as jieba words and word bigrams (simplified characters, the domain dictionary
of ``extractor/data/lexicon``, numbers folded to one token) plus context tokens: the section it
is in, the subsection or announcing sentence it follows (存在问题 / 改进措施 / none), whether it
opens an enumeration (一是, 1., （一）), whether it has numbers, its length, and how many
problem cues (不够, 不足, 有待, …) and measure cues (加强, 推进, 将, …) it carries. A logistic
regression over TF-IDF weights gives each label a probability.

``scripts/train_themes.py`` trains it on ``corpus/themes`` and writes ``models/themes``; the
keyword IDF table (``models/keywords``) is written by the same script.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from extractor.modelfiles import verified
from extractor.textnorm import to_simplified

logger = logging.getLogger(__name__)

LABELS = ("problem", "measure", "achievement", "other")
TRAINER = "scripts/train_themes.py"

PROBLEM_CUES = (
    "不够", "不足", "有待", "仍需", "还需", "尚需", "薄弱", "欠缺", "不强", "较少", "不高",
    "不深", "滞后", "短板", "差距", "不到位", "不及时", "不完善", "不规范", "不平衡", "单一",
    "不多", "不一", "不全", "不明显", "不充分", "偏少", "偏弱", "较弱", "较慢", "仍待", "亟待",
    "存在问题", "问题", "仍有", "尚未", "没有", "不便", "缺乏", "局限",
)  # fmt: skip
MEASURE_CUES = (
    "加强", "推进", "完善", "进一步", "将", "持续", "优化", "提升", "强化", "丰富", "加大",
    "拓宽", "拓展", "健全", "落实", "深化", "做好", "继续", "着力", "建立", "规范", "提高",
    "下一步", "推动", "扩大", "推行", "纳入", "统一", "严防", "增加", "开展", "实行", "探索",
    "加快", "确保", "坚持", "引入", "定期", "用好", "力争", "着重", "狠抓", "细化", "计划",
    "拟", "要", "今后", "明年",
)  # fmt: skip
# Cues that a step is already done: the same verbs that plan a measure report an achievement
# when followed by 了 or preceded by 已.
DONE_CUES = ("了", "已", "已经", "完成", "共", "累计", "全年", "实现", "建成", "开通", "均")

_ENUM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]是|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])"
)
_NUM = re.compile(r"\d+(?:\.\d+)?")
_WHITE = re.compile(r"\s+")


def shape_tokens(text: str, section: str, context: str) -> list[str]:
    t = to_simplified(text)
    out = [f"§sec_{section}", f"§ctx_{context or 'none'}"]
    if _ENUM.match(t):
        out.append("§enum")
    if _NUM.search(t):
        out.append("§num")
    n = len(t)
    out.append("§len_s" if n < 20 else "§len_m" if n < 60 else "§len_l")
    p = sum(1 for c in PROBLEM_CUES if c in t)
    m = sum(1 for c in MEASURE_CUES if c in t)
    d = sum(1 for c in DONE_CUES if c in t)
    out += [f"§pcue{min(p, 2)}", f"§mcue{min(m, 3)}", f"§done{min(d, 2)}"]
    if t.rstrip().endswith(("：", ":")):
        out.append("§colon")
    return out


def words(text: str) -> list[str]:
    """jieba words of a sentence, simplified, numbers folded to ``<n>``, spaces dropped."""
    t = _NUM.sub("0", _WHITE.sub("", to_simplified(text)))
    return ["<n>" if w.isdigit() else w for w in cut_words(t) if w.strip()]


def features(text: str, section: str, context: str) -> list[str]:
    w = words(text)
    bigrams = [f"{a}_{b}" for a, b in pairwise(w)]
    return w + bigrams + shape_tokens(text, section, context)


# Look-ups of jieba's dictionary after which a process builds it as a dict: about what the
# dict costs to build (~0.2 s), at the ~1–2 µs more that each look-up costs in the compact
# form. A single document does ~2,000–11,000 (its distinct runs are segmented once).
DICT_AFTER_LOOKUPS = 100_000


def jieba_tokenizer(full: bool = False) -> Any:
    """jieba with the domain dictionary, loaded once per process. Its dictionary is read in
    the compact form (extractor.jiebacache: ~15 ms instead of ~0.2 s, what a single
    extraction needs) and built as a dict once it has been looked up more than
    ``DICT_AFTER_LOOKUPS`` times, or at once with ``full`` (a batch worker's many documents)."""
    from extractor.jiebacache import CompactDictionary

    tokenizer = _tokenizer()
    freq = tokenizer.FREQ
    if isinstance(freq, CompactDictionary) and (full or freq.lookups > DICT_AFTER_LOOKUPS):
        tokenizer.FREQ = freq.to_dict()
    return tokenizer


@cache
def _tokenizer() -> Any:
    from extractor.jiebacache import compact_prefix_dictionary, import_jieba

    jieba = import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    # The prefix dictionary from the user cache (extractor.jiebacache), not jieba's marshal
    # file in the shared temporary folder: safe to read and faster to load.
    tokenizer.FREQ, tokenizer.total = compact_prefix_dictionary(tokenizer)
    tokenizer.initialized = True
    with resources.as_file(
        resources.files("extractor").joinpath("data/lexicon/user_dict.txt")
    ) as path:
        tokenizer.load_userdict(str(path))
    return tokenizer


# Distinct runs segmented per process: a batch repeats most runs (a template's boilerplate, the
# same sentence segmented for theme features, pairs and keywords), and each entry is small.
SEGMENT_CACHE = 1 << 16


def cut_words(text: str) -> list[str]:
    """``jieba_tokenizer().lcut(text)``, word for word, with each run of word characters
    segmented once per process.

    jieba cuts a text into runs of word characters (its ``re_han_default``) and segments each
    run on its own (dictionary DAG, then HMM for unknown runs), whatever surrounds it; the runs
    are cached here, so a sentence segmented for its theme features and again inside its
    section's keywords, or a paragraph every report of a template repeats, costs one
    segmentation. The loop between the runs is jieba's own (``Tokenizer.cut``, HMM on)."""
    from extractor.jiebacache import import_jieba

    jieba = import_jieba()

    han, skip = jieba.re_han_default, jieba.re_skip_default
    out: list[str] = []
    for block in han.split(text):
        if not block:
            continue
        if han.match(block):
            out.extend(_cut_run(block))
        else:
            for piece in skip.split(block):
                if skip.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
    return out


def cut_text(text: str) -> list[str]:
    """:func:`cut_words` of a long text, line by line, each distinct line cut once: a line
    break always parts jieba's runs (it is no word character) and is a token of its own, so
    the words are the same; a section that repeats its lines (a report pasted into itself)
    costs its distinct lines. ``\r\n``, one token to jieba, is left to :func:`cut_words`."""
    if "\r" in text:
        return cut_words(text)
    out: list[str] = []
    for k, line in enumerate(text.split("\n")):
        if k:
            out.append("\n")
        out.extend(_cut_line(line))
    return out


@lru_cache(maxsize=1 << 12)
def _cut_line(line: str) -> tuple[str, ...]:
    return tuple(cut_words(line))


@lru_cache(maxsize=SEGMENT_CACHE)
def _cut_run(run: str) -> tuple[str, ...]:
    # jieba's per-run segmentation (Tokenizer.__cut_DAG): what Tokenizer.cut calls for each run.
    return tuple(jieba_tokenizer()._Tokenizer__cut_DAG(run))


def _word_list(name: str) -> frozenset[str]:
    """A word list of ``extractor/data/lexicon``: one word a line, ``#`` lines are comments."""
    text = resources.files("extractor").joinpath(f"data/lexicon/{name}").read_text("utf-8")
    return frozenset(
        w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")
    )


@cache
def function_words() -> frozenset[str]:
    """Adverbs, particles, pronouns, … (see the file's header for how they were chosen)."""
    return _word_list("function_words.txt")


@cache
def keyword_stopwords() -> frozenset[str]:
    """The function words and the domain's too-common words (工作, 加强, 报告)."""
    return function_words() | _word_list("stopwords.txt")


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    score: float
    evidence: list[str]
    """Words of the sentence that pushed hardest towards the label (the model's own reasons)."""


@dataclass(frozen=True)
class ThemeModel:
    vocabulary: dict[str, int]
    idf: Any  # numpy arrays
    coef: Any
    intercept: Any
    classes: tuple[str, ...]
    _names: list[str] = field(default_factory=list, init=False, repr=False)
    """Feature index → token, for the evidence words."""

    def predict(self, feats: Sequence[Sequence[str]]) -> list[Prediction]:
        """Sparse on purpose: a sentence has ~40 of the ~20,000 features, so each row is
        computed over its own columns only (a dense matrix made this stage 5× slower)."""
        import numpy as np

        # Each sentence's columns and counts, counted and looked up in C, in order of first
        # occurrence (a token's column is its own, so no two tokens share a key; None: not in
        # the vocabulary); made into arrays and weighted by idf for all the sentences at once
        # (element by element, the same values as sentence by sentence).
        columns: list[int] = []
        counted: list[int] = []
        sizes: list[int] = []
        for tokens in feats:
            seen = Counter(tokens)
            counts = dict(zip(map(self.vocabulary.get, seen), seen.values(), strict=True))
            counts.pop(None, None)
            columns.extend(counts)  # type: ignore[arg-type]  # None popped
            counted.extend(counts.values())
            sizes.append(len(counts))
        all_idx = np.array(columns, dtype=np.int64)
        all_values = np.array(counted, dtype=np.float64)
        all_values *= self.idf[all_idx]
        out = []
        start = 0
        for size in sizes:
            idx = all_idx[start : start + size]
            # A copy of its own: the sums below on an array of its own, as before.
            values = all_values[start : start + size].copy()
            start += size
            # np.linalg.norm of a vector, without its checks.
            norm = float(np.sqrt(values.dot(values)))
            if norm:
                values /= norm
            weights = self.coef[:, idx]
            scores = weights @ values + self.intercept
            scores -= scores.max()
            probs = np.exp(scores)
            probs /= probs.sum()
            k = int(probs.argmax())
            contrib = weights[k] * values
            positive = (contrib > 0).tolist()
            at = idx.tolist()
            top = [
                self._names[at[i]]
                for i in (-contrib).argsort()[:12].tolist()
                if positive[i] and _evidence(self._names[at[i]])
            ][:4]
            out.append(Prediction(self.classes[k], float(probs[k]), top))
        return out

    def __post_init__(self) -> None:
        names = [""] * len(self.vocabulary)
        for tok, j in self.vocabulary.items():
            names[j] = tok
        object.__setattr__(self, "_names", names)


_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def _evidence(token: str) -> bool:
    """Words worth showing as evidence: whole words of two or more Chinese characters, cue
    words among them (有待, 加强), but no function words (已, 了, 均, 还有, 一定: they do push
    the model, towards achievement mostly, but tell a reader nothing), no bigram, context or
    number features and no punctuation."""
    return (
        _HAN_WORD.match(token) is not None
        and token not in _EVIDENCE_STOP
        and token not in function_words()
    )


_EVIDENCE_STOP = frozenset(
    [
        "我们",
        "我局",
        "我区",
        "我市",
        "我县",
        "我镇",
        "本局",
        "通过",
        "进行",
        "以及",
        "有关",
        "相关",
        "其中",
        "方面",
        "工作",
        "一是",
        "二是",
        "三是",
        "四是",
        "五是",
        "六是",
    ]
)


@cache
def load_theme_model() -> ThemeModel:
    """Load once per process; the manifest's hashes must match the files."""
    import numpy as np

    folder, _ = verified("themes", "themes/1", TRAINER)
    vocab: list[str] = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
    classes: list[str] = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    return ThemeModel(
        vocabulary={t: i for i, t in enumerate(vocab)},
        idf=np.load(folder / "idf.npy", allow_pickle=False),
        coef=np.load(folder / "coef.npy", allow_pickle=False),
        intercept=np.load(folder / "intercept.npy", allow_pickle=False),
        classes=tuple(classes),
    )


@cache
def load_keyword_idf() -> tuple[dict[str, float], float]:
    """The IDF of words over the corpus's reports, and the IDF given to unseen words."""
    folder, manifest = verified("keywords", "keywords/1", TRAINER)
    idf: dict[str, float] = json.loads((folder / "idf.json").read_text(encoding="utf-8"))
    return idf, float(manifest["unseen_idf"])
