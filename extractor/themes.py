"""Stage 5, themes and keywords: narrative sentences labelled problem / measure, and each
section's keywords.

This is the cue-word tagger: a sentence of section 五 is a ``problem`` when it states a
shortcoming (不够, 不足, 有待, …) and a ``measure`` when it states a step (加强, 推进, 完善, …);
the subsection it sits in (（一）存在问题 / （二）改进措施) breaks ties. Keywords are the most
frequent content words of each narrative section, cut by jieba with the domain dictionary in
``extractor/data/lexicon``. The trained tagger of the themes issue replaces the cue rules.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from extractor.report import Section, Theme
from extractor.textnorm import to_simplified

logger = logging.getLogger(__name__)

PROBLEM_CUES = (
    "不够", "不足", "有待", "仍需", "还需", "尚需", "薄弱", "欠缺", "不强", "较少", "不高",
    "不深", "滞后", "短板", "差距", "不到位", "不及时", "不完善", "不规范", "不平衡", "单一",
    "存在问题", "问题", "仍有", "尚未",
)  # fmt: skip
MEASURE_CUES = (
    "加强", "推进", "完善", "进一步", "将", "持续", "优化", "提升", "强化", "丰富", "加大",
    "拓宽", "拓展", "健全", "落实", "深化", "做好", "继续", "着力", "建立", "规范", "提高",
    "下一步", "推动", "扩大", "推行", "纳入", "统一", "严防", "增加", "配发", "开展", "实行",
    "探索", "加快", "确保", "坚持", "引入", "定期", "用好", "力争", "着重", "狠抓", "细化",
)  # fmt: skip
PROBLEM_CONTEXT = re.compile(r"问题|不足|短板|差距")
MEASURE_CONTEXT = re.compile(r"改进|措施|举措|计划|打算|下一步|努力方向")
# A sentence that announces what follows ("下一步，我们将从以下方面…", "主要存在以下不足：")
# sets the context of the enumerated sentences after it, as a subsection title does.
MEASURE_INTRO = re.compile(r"下一步|今后|以下方面|以下措施|以下工作|改进措施|整改措施|将从")
PROBLEM_INTRO = re.compile(r"存在以下|存在的问题|主要问题|不足之处|存在一些|仍存在")
# Sections whose sentences are tagged; problems and measures live in 五 by the template.
THEMED_SECTIONS = frozenset({"problems_improvements"})
TABLE_SECTIONS = frozenset({"proactive_disclosure", "requests", "review_litigation"})

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_ENUM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]是|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
# Sentences shorter than this are headings or fragments (（二）改进措施), not statements.
MIN_SENTENCE_CHARS = 8


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    context: str
    """The subsection title the sentence sits under, or ''."""


def sentences(section: Section) -> Iterator[Sentence]:
    """Sentences of a section with their character spans in ``section.text``."""
    titles = {s.title for s in section.subsections}
    context = ""
    for m in _SENTENCE.finditer(section.text):
        raw = m.group(0)
        stripped = raw.strip()
        # A subsection title sets the context of what follows; when it is itself a statement
        # (（一）继续强化信息公开责任。) it is tagged too.
        title = next((t for t in titles if t and stripped.startswith(t)), None)
        if title is not None:
            context = title
        elif not _ENUM.match(stripped):
            simplified = to_simplified(stripped)
            if MEASURE_INTRO.search(simplified):
                context = "改进措施"
            elif PROBLEM_INTRO.search(simplified):
                context = "存在问题"
        body = _ENUM.sub("", stripped)
        if len(body) < MIN_SENTENCE_CHARS:
            continue
        start = m.start() + raw.index(stripped)
        yield Sentence(stripped, start, start + len(stripped), context)


def label_sentence(sentence: Sentence) -> tuple[str, list[str], float] | None:
    text = to_simplified(sentence.text)
    problems = [c for c in PROBLEM_CUES if c in text]
    measures = [c for c in MEASURE_CUES if c in text]
    context = to_simplified(sentence.context)
    prior = (
        "problem"
        if PROBLEM_CONTEXT.search(context)
        else "measure"
        if MEASURE_CONTEXT.search(context)
        else None
    )
    if not problems and not measures:
        return None
    if problems and (prior == "problem" or (prior is None and len(problems) >= len(measures))):
        label, cues = "problem", problems
    elif measures and (prior == "measure" or prior is None or not problems):
        label, cues = "measure", measures
    else:
        label, cues = "problem", problems
    # A fixed-step score, not a probability: each cue adds evidence, and agreeing with the
    # subsection heading adds more. Capped below 1 because cue rules do make mistakes.
    score = min(0.95, 0.5 + 0.1 * len(cues) + (0.25 if prior == label else 0.0))
    return label, cues, round(score, 2)


def tag_themes(sections: list[Section]) -> list[Theme]:
    out: list[Theme] = []
    for section in sections:
        if section.id not in THEMED_SECTIONS:
            continue
        for sentence in sentences(section):
            labelled = label_sentence(sentence)
            if labelled is None:
                continue
            label, cues, score = labelled
            out.append(
                Theme(
                    label=label,
                    text=sentence.text,
                    section=section.id,
                    keywords=cues,
                    score=score,
                    span=(sentence.start, sentence.end),
                )
            )
    return out


@cache
def _stopwords() -> frozenset[str]:
    text = resources.files("extractor").joinpath("data/lexicon/stopwords.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


@cache
def _jieba() -> Any:
    """jieba with the domain dictionary, loaded once per process (its dictionary takes ~0.5 s)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    with resources.as_file(
        resources.files("extractor").joinpath("data/lexicon/user_dict.txt")
    ) as path:
        tokenizer.load_userdict(str(path))
    return tokenizer


_CONTENT = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff0-9A-Za-z]*$|^\d{3,}[\u4e00-\u9fff]+$")


def keywords(text: str, top_k: int) -> list[str]:
    if top_k <= 0 or not text.strip():
        return []
    stop = _stopwords()
    counts = Counter(
        w for w in _jieba().lcut(text) if len(w) >= 2 and w not in stop and _CONTENT.match(w)
    )
    # Ties keep first-seen order (Counter preserves insertion order), so output is stable.
    return [w for w, _ in counts.most_common(top_k)]


def section_keywords(sections: list[Section], top_k: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for section in sections:
        if section.id in TABLE_SECTIONS:
            continue
        words = keywords(section.text, top_k)
        if words:
            out[section.id] = words
    return out
