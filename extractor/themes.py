"""Stage 5, themes and keywords.

- **Sentences** of the narrative sections, cut at Chinese sentence ends (。！？；), and at a
  colon that ends a lead-in (主要存在以下问题：…, 改进措施：…) but not at a field label
  (地址：…); hard wraps were joined by the readers. Each sentence knows the subsection title
  or announcing sentence it follows (存在问题 / 改进措施), its *context*.
- **Themes**: the trained classifier of :mod:`extractor.thememodel` labels each sentence
  ``problem``, ``measure``, ``achievement`` or ``other``; all but ``other`` are reported with
  their span, score and the words that decided the label.
- **Pairs**: each measure is linked to the problem it answers (:func:`pair_themes`).
- **Keywords** per section: TF-IDF with an IDF table computed from ``corpus/`` and shipped in
  ``models/keywords`` (jieba's own IDF is general news), or TextRank.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from extractor.report import Section, Theme, ThemePair
from extractor.textnorm import to_simplified
from extractor.thememodel import (
    MEASURE_CUES,
    PROBLEM_CUES,
    cut_text,
    cut_words,
    features,
    function_words,
    jieba_tokenizer,
    keyword_stopwords,
    load_keyword_idf,
    load_theme_model,
)

logger = logging.getLogger(__name__)

PROBLEM_CONTEXT = re.compile(r"问题|不足|短板|差距|困难")
MEASURE_CONTEXT = re.compile(r"改进|措施|举措|计划|打算|下一步|努力方向|工作思路|整改方向")
DONE_CONTEXT = re.compile(r"整改情况|落实情况|完成情况|上年度")
# A sentence that announces what follows ("下一步，我们将从以下方面…", "主要存在以下不足：")
# sets the context of the enumerated sentences after it, as a subsection title does.
MEASURE_INTRO = re.compile(
    r"下一步|今后|以下方面|以下措施|以下工作|改进措施|整改措施|将从|打算如下"
)
PROBLEM_INTRO = re.compile(
    r"存在以下|存在的问题|主要问题|不足之处|存在一些|仍存在|问题如下|不足如下"
)
# Sections whose sentences are tagged: problems and measures live in 五, achievements in 一.
THEMED_SECTIONS = ("overview", "problems_improvements")
TABLE_SECTIONS = frozenset({"proactive_disclosure", "requests", "review_litigation"})
REPORTED = frozenset({"problem", "measure", "achievement"})

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
# A colon ends a sentence (主要存在以下问题：…, 以下工作：一是…) unless it labels a short field
# (地址：…, 主要做法：…): what precedes it in the sentence is at most SHORT_LABEL_CHARS long and
# names no context (改进措施：… does end one), or names a contact field.
_COLON = re.compile(r"[：:]")
_FIELD_LABEL = re.compile(r"地址|电话|邮编|邮箱|网址|传真|联系人|邮政编码")
SHORT_LABEL_CHARS = 6
_ENUM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]是|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_ORDINAL = re.compile(
    r"^\s*(?:([一二三四五六七八九十])是|(\d+)[.、．]|[（(]([一二三四五六七八九十]|\d+)[)）])"
)
_CN_DIGITS = "一二三四五六七八九十"
# Sentences shorter than this are headings or fragments (（二）改进措施), not statements.
MIN_SENTENCE_CHARS = 6


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    context: str
    """problem, measure, done or '' — what the subsection title or announcing sentence says."""
    title: bool = False
    """A subsection title, which sets the context instead of being tagged."""


def context_of(text: str) -> str | None:
    """The context a subsection title sets, or None when it names none."""
    t = to_simplified(text)
    if DONE_CONTEXT.search(t):
        return "done"
    if MEASURE_CONTEXT.search(t):
        return "measure"
    if PROBLEM_CONTEXT.search(t):
        return "problem"
    return None


def intro_context(text: str) -> str | None:
    """The context an announcing sentence sets (它 is not an enumeration item itself)."""
    t = to_simplified(text)
    if _ENUM.match(t):
        return None
    if MEASURE_INTRO.search(t):
        return "measure"
    if PROBLEM_INTRO.search(t):
        return "problem"
    return None


class ContextTracker:
    """Feeds sentences in order; says which context each one is in. Shared by the tagger and by
    the training script, so that both see the same context tokens."""

    def __init__(self) -> None:
        self.context = ""

    def see(self, text: str, *, title: bool) -> str:
        if title:
            # A title that names no context (（二）关于平台运维) is an item of the list it is
            # in: the context goes on.
            self.context = context_of(text) or self.context
            return self.context
        current = self.context
        announced = intro_context(text)
        if announced is not None:
            self.context = announced
            # The announcing sentence itself is read in the context it opens only when it is a
            # lead-in (ends with a colon); 下一步，我们将… is already a measure by its words.
        return current


def _is_title(stripped: str, titles: set[str]) -> bool:
    if any(t and stripped.startswith(t) and len(stripped) <= len(t) + 2 for t in titles):
        return True
    # An unpunctuated short line (（二）改进措施, 1.上年度问题整改情况) is a title.
    return len(stripped) <= 30 and not re.search(r"[。！？；，,：:!?;]$|[。，,；]", stripped)


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) spans of the sentences of ``text``, spaces trimmed."""
    for m in _SENTENCE.finditer(text):
        start = m.start()
        for c in _COLON.finditer(m.group(0)):
            before = m.group(0)[start - m.start() : c.start()]
            after = m.group(0)[c.end() :]
            label = before.strip()
            if (
                after.strip()
                and (len(label) > SHORT_LABEL_CHARS or context_of(label) is not None)
                and not _FIELD_LABEL.search(label[-8:])
            ):
                yield from _trimmed(text, start, m.start() + c.end())
                start = m.start() + c.end()
        yield from _trimmed(text, start, m.end())


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def sentences(section: Section) -> Iterator[Sentence]:
    """Sentences of a section with their character spans in ``section.text``."""
    titles = {s.title.strip() for s in section.subsections}
    tracker = ContextTracker()
    for start, end in split_sentences(section.text):
        stripped = section.text[start:end]
        title = _is_title(stripped, titles)
        if title and context_of(stripped) is None and _has_cue(stripped):
            # A title that is itself a statement (（一）继续强化信息公开责任) sets the context
            # like a title and is tagged like a sentence.
            tracker.see(stripped, title=True)
            title = False
        context = tracker.see(stripped, title=title)
        yield Sentence(stripped, start, end, context, title)


def _has_cue(text: str) -> bool:
    t = to_simplified(text)
    return any(c in t for c in PROBLEM_CUES + MEASURE_CUES if len(c) >= 2)


def tag_themes(sections: list[Section]) -> list[Theme]:
    found: list[tuple[Section, Sentence]] = []
    for section in sections:
        if section.id not in THEMED_SECTIONS:
            continue
        for s in sentences(section):
            # A table printed inside the narrative (a converter's markdown table, pipe text) is
            # no sentence: its cells are cut wherever the page put them.
            if s.title or "|" in s.text or len(_ENUM.sub("", s.text)) < MIN_SENTENCE_CHARS:
                continue
            found.append((section, s))
    if not found:
        return []  # nothing to tag: the theme model is not loaded for it
    model = load_theme_model()
    # Each distinct sentence in its section and context is predicted once: a document that
    # repeats its text repeats them.
    keys = [(s.text, sec.id, s.context) for sec, s in found]
    distinct = list(dict.fromkeys(keys))
    predicted = dict(zip(distinct, model.predict([features(*k) for k in distinct]), strict=True))
    predictions = [predicted[k] for k in keys]
    out: list[Theme] = []
    for (section, sentence), pred in zip(found, predictions, strict=True):
        if pred.label not in REPORTED:
            continue
        out.append(
            Theme(
                label=pred.label,
                text=sentence.text,
                section=section.id,
                keywords=pred.evidence,
                score=round(pred.score, 3),
                span=(sentence.start, sentence.end),
            )
        )
    return out


# --- problem → measure pairs ------------------------------------------------------------------

# Lexical overlap (Dice over content words) a measure needs with a problem to be paired without
# an ordinal match. Chosen on corpus/themes with gold labels (all 180 reports): 0.12 / 0.15 /
# 0.2 / 0.25 gave pair precision 0.91 / 0.92 / 0.94 / 0.96 and recall 0.80 / 0.75 / 0.67 / 0.58;
# rechecked with function words out and pairs kept within a section (issue #15): 0.10 / 0.12 /
# 0.15 / 0.2 give 0.909 / 0.914 / 0.925 / 0.934 and 0.871 / 0.823 / 0.773 / 0.704.
MIN_OVERLAP = 0.15
_PAIR_STOP = frozenset(
    [
        "信息",
        "公开",
        "政务",
        "政府",
        "工作",
        "进一步",
        "加强",
        "推进",
        "不够",
        "不足",
        "有待",
        "问题",
        "存在",
        "部分",
        "个别",
        "还",
        "仍",
        "将",
        "提升",
        "提高",
        "完善",
        "水平",
        "方面",
        "一是",
        "二是",
        "三是",
        "四是",
        "五是",
        "继续",
        "持续",
    ]
)


def _ordinal(text: str) -> int | None:
    m = _ORDINAL.match(to_simplified(text))
    if not m:
        return None
    token = next(g for g in m.groups() if g)
    if token.isdigit():
        return int(token)
    return _CN_DIGITS.index(token) + 1 if len(token) == 1 else None


@lru_cache(maxsize=1 << 12)
def _content(text: str) -> frozenset[str]:
    """The content words of a sentence: jieba words of two or more characters, no function
    words, numbers or words every problem and measure of a report shares (:data:`_PAIR_STOP`).
    Cached: a document that repeats its sentences pairs each once."""
    stop = function_words()
    return frozenset(
        w
        for w in cut_words(to_simplified(text))
        if len(w) >= 2 and w not in _PAIR_STOP and w not in stop and not w.isdigit()
    )


# Ordinal pairing needs a numbered list on both sides: one numbered sentence is no list (一是
# may open a single measure whose problems were written as one sentence).
MIN_NUMBERED = 2
# Problems on either side of a measure that its overlap pairing looks at.
PAIR_WINDOW = 50


def pair_themes(themes: list[Theme]) -> list[ThemePair]:
    """Link each measure to the problem it answers, within one section (the problems of 五 are
    answered by the measures of 五; a measure of 一 answers none of them).

    By ordinal: when at least two problems and two measures of the section are numbered
    (一是…/二是…, （一）…, 1.…), a measure numbered n (or the explanation that follows it) answers
    the problem numbered n (``ordinal``). Otherwise, and for a measure whose number no problem
    has, a measure is linked to the problem it shares most content words with, if that
    overlap reaches :data:`MIN_OVERLAP` (``overlap``); a measure that answers nothing in
    particular stays unpaired. (Linking a measure to the problem right before it, or to its
    numbered predecessor's problem, was tried and dropped: on corpus/themes with gold labels
    such links were right 23% and 14% of the time.)
    """
    pairs: list[ThemePair] = []
    for section in dict.fromkeys(t.section for t in themes):
        pairs += _pair_section([(i, t) for i, t in enumerate(themes) if t.section == section])
    pairs.sort(key=lambda p: p.measure)
    return pairs


def _pair_section(themes: list[tuple[int, Theme]]) -> list[ThemePair]:
    pairs: list[ThemePair] = []
    problems = [(i, t) for i, t in themes if t.label == "problem"]
    measures = [(i, t) for i, t in themes if t.label == "measure"]
    if not problems or not measures:
        return pairs
    p_ord: dict[int, int] = {}
    for i, t in problems:
        n = _ordinal(t.text)
        if n is not None:
            p_ord.setdefault(n, i)
    m_numbered = sum(1 for _, t in measures if _ordinal(t.text) is not None)
    by_ordinal = len(p_ord) >= MIN_NUMBERED and m_numbered >= MIN_NUMBERED
    words = {i: _content(t.text) for i, t in problems + measures}
    problem_at = [i for i, _ in problems]
    current_ordinal: int | None = None
    for i, t in measures:
        n = _ordinal(t.text)
        if n is not None:
            current_ordinal = n
        if by_ordinal and current_ordinal in p_ord:
            pairs.append(
                ThemePair(problem=p_ord[current_ordinal], measure=i, how="ordinal", score=1.0)
            )
            continue
        best, best_score = None, 0.0
        # The problems nearest the measure only: a section of hundreds of problems (a report
        # pasted into itself 200 times) made this loop quadratic; real sections have under 20.
        at = bisect.bisect_left(problem_at, i)
        for j, _ in problems[max(0, at - PAIR_WINDOW) : at + PAIR_WINDOW]:
            a, b = words[i], words[j]
            if a and b:
                score = 2 * len(a & b) / (len(a) + len(b))
                if score > best_score:
                    best, best_score = j, score
        if best is not None and best_score >= MIN_OVERLAP:
            pairs.append(
                ThemePair(problem=best, measure=i, how="overlap", score=round(best_score, 3))
            )
    return pairs


# --- keywords ---------------------------------------------------------------------------------


_CONTENT = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff0-9A-Za-z]*$|^\d{3,}[\u4e00-\u9fff]+$")
# Numerals and counted amounts (二十个, 第三十二条, 万余条) are no keywords.
_NUMERAL = re.compile(
    r"^[第约近余]?[\d一二三四五六七八九十百千万亿两零]+[个项条次件名种批级类期章部篇层余万]*$"
)
# Characters that begin or end no word of this domain when jieba's HMM coins one around them:
# 中所列 (报告中所列数据), 日起 (1月1日起), 如对本 (如对本报告有疑问). Dictionary words that
# start or end so (中央, 日常, 本级) are kept: the rule is for coined words only.
_FUNCTION_EDGE = frozenset(
    "的了中日起至于在对与和及或等为是将把被从并其也都而就以之所如本该各每已均还仍又再即则年月号"
)
# A place name is the name and its administrative suffix: 洪泽 + 区, 星河 + 市 (jieba knows
# neither 洪泽区 nor 星河市), and 洪 + 泽区 where a hard wrap cut the name.
_PLACE_SUFFIX = frozenset("省市区县镇乡州旗")


def _known(word: str) -> bool:
    """A word of jieba's dictionary or ours (its FREQ also lists every prefix, with 0)."""
    return bool(jieba_tokenizer().FREQ.get(word))


def _join_places(tokens: list[str]) -> list[str]:
    out: list[str] = []
    stop = function_words()
    for tok in tokens:
        if not tok.strip():
            continue  # a line break inside a name (洪\n泽区) does not part it
        prev = out[-1] if out else ""
        if (
            tok in _PLACE_SUFFIX
            and len(prev) >= 2
            and _HAN.match(prev)
            and prev not in stop
            and prev[-1] not in _PLACE_SUFFIX
        ) or (
            len(tok) == 2
            and tok[-1] in _PLACE_SUFFIX
            and not _known(tok)
            and len(prev) == 1
            and _HAN.match(prev)
            and prev not in _FUNCTION_EDGE
        ):
            out[-1] = prev + tok
            continue
        out.append(tok)
    return out


_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def keyword_candidates(text: str) -> list[str]:
    """The words of ``text`` that may be keywords: jieba words (domain dictionary, place names
    joined), two or more characters, no stop words, numerals or coined pieces of words."""
    stop = keyword_stopwords()
    out = []
    for w in _join_places(cut_text(to_simplified(text))):
        if len(w) < 2 or w in stop or not _CONTENT.match(w) or _NUMERAL.match(w):
            continue
        if (w[0] in _FUNCTION_EDGE or w[-1] in _FUNCTION_EDGE) and not _known(w):
            continue
        out.append(w)
    return out


def keywords(text: str, top_k: int, method: str = "tfidf") -> list[str]:
    if top_k <= 0 or not text.strip():
        return []
    if method == "textrank":
        return _textrank(text, top_k)
    idf, unseen = load_keyword_idf()
    counts = Counter(keyword_candidates(text))
    # tf·idf with a sublinear tf: a word said twice is not twice as telling. Ties keep
    # first-seen order (Counter preserves insertion order), so output is stable.
    scored = sorted(counts, key=lambda w: -(1 + math.log(counts[w])) * idf.get(w, unseen))
    return scored[:top_k]


def _textrank(text: str, top_k: int) -> list[str]:
    from jieba import analyse, posseg

    ranker = analyse.TextRank()
    ranker.tokenizer = ranker.postokenizer = posseg.POSTokenizer(jieba_tokenizer())
    ranker.stop_words = set(ranker.stop_words) | set(keyword_stopwords())
    words: list[str] = ranker.textrank(
        to_simplified(text), topK=top_k * 2, allowPOS=("n", "nz", "vn", "v", "ns", "nt", "l")
    )
    stop = keyword_stopwords()
    return [w for w in words if len(w) >= 2 and w not in stop and not _NUMERAL.match(w)][:top_k]


def section_keywords(
    sections: list[Section], top_k: int, method: str = "tfidf"
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for section in sections:
        if section.id in TABLE_SECTIONS:
            continue
        words = keywords(section.text, top_k, method)
        if words:
            out[section.id] = words
    return out
