"""Stage 2, sections: the document's blocks → the template's six parts.

This is the rule-based finder: top-level headings numbered like the template (一、… 六、) are
recognised by their words, must come in template order (a section runs once), and everything
before the first one is the preamble. Sub-headings numbered （一）… inside a section become its
subsections. Confidence is a fixed value per kind of evidence (see ``CONFIDENCE``), not a
probability; the trained classifier of the sections issue replaces it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extractor.document import Block, Document, Line
from extractor.reading.text import HEADING_MAX_CHARS, is_table_row
from extractor.report import SECTION_IDS, Section, Subsection
from extractor.textnorm import to_simplified

# Template order of the contract's section ids (all but unclassified, which has no place).
ORDER = tuple(s for s in SECTION_IDS if s != "unclassified")
# Words that name each part in the 2019/2021 headings and their variants (template.md §1, §4).
# Tested in this order: a 复议/诉讼 heading also says 申请, a 问题 heading may say 公开.
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("review_litigation", re.compile(r"复议|诉讼")),
    ("problems_improvements", re.compile(r"问题|改进|不足")),
    ("other_matters", re.compile(r"其他需要报告|其他事项|需要报告的事项|收费及减免|收费和减免")),
    ("requests", re.compile(r"申请")),
    ("proactive_disclosure", re.compile(r"主动公开")),
    ("overview", re.compile(r"总体情况|概述|概况|基本情况|总体工作")),
)
TOP_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*")
SUB_NUMBER = re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[)）]\s*")
NUMERALS = "一二三四五六七八九十"
HEADING_MAX = HEADING_MAX_CHARS
# A long paragraph opening with （一）xxx。 names its subsection in that first clause when the
# clause is this short; longer openings are prose, not a title.
INLINE_TITLE_MAX = 24

# The headings are trusted when they name at least this many of the six parts; otherwise the
# trained classifier labels the blocks (renamed, merged or lost headings, flattened pages).
# Chosen on the held-out reports of scripts/train_sections.py.
RULES_ENOUGH = 6

logger = logging.getLogger(__name__)

CONFIDENCE = {
    # numbered like the template position it fills, and worded like it
    "number_and_words": 0.95,
    # worded like the part but numbered otherwise (renumbered or merged reports)
    "words": 0.8,
    # the preamble: what precedes the first heading
    "preamble": 0.9,
}


@dataclass
class SectionSpan:
    id: str
    title: str | None
    confidence: float
    blocks: list[Block] = field(default_factory=list)
    heading: Block | None = None
    """The block that opened the span (its title), when one did."""


def topic_of(heading: str) -> str | None:
    body = TOP_NUMBER.sub("", to_simplified(heading), count=1)
    for section_id, pattern in TOPICS:
        if pattern.search(body):
            return section_id
    return None


def top_heading(block: Block) -> str | None:
    """The block's text if it is a top-level heading (一、…), else None."""
    if block.kind == "table":
        return None
    text = block.text.strip()
    if "\n" in text or len(text) > HEADING_MAX or not TOP_NUMBER.match(text):
        return None
    if text.endswith(("。", "；", ";")):
        return None
    return text


# Top-level headings as they appear run into the text of flattened pages (a crawler's one-line
# body: "…政府建设。二、主动公开政府信息情况 第二十条…"). Only the template's own heading wordings
# and their variants from template.md are split out, so prose that lists the parts without
# numbers ("本报告包括总体情况、主动公开…") is left alone.
INLINE_HEADING = re.compile(
    r"[一二三四五六七八九十]{1,2}\s*[、.．]\s*(?:"
    r"总体情况|概述|基本情况"
    r"|主动公开政府信息(?:的)?情况|主动公开情况"
    r"|收到和处理政府信息公开申请(?:的)?情况|依申请公开(?:政府信息)?(?:的)?情况"
    r"|因?政府信息公开[^。；\s]{0,16}?(?:复议|诉讼)[^。；\s]{0,14}?情况"
    r"|(?:政府信息公开工作)?(?:存在的?)?(?:主要)?问题(?:及|和|与)改进(?:情况|措施|举措)"
    r"|(?:存在的?)?(?:主要)?问题(?:及|和|与)(?:明年|下一步|下一年度?)(?:的)?(?:工作)?(?:计划|打算|安排)"
    r"|现存问题与改进举措"
    r"|其他需要报告的?事项"
    r")"
)


_PROSE_MARK = re.compile(r"[，。；,;]")


def split_inline_headings(blocks: Iterable[Block]) -> Iterator[Block]:
    """Paragraphs with template headings inside them → paragraph, heading, paragraph blocks;
    a heading followed by its body's first words on its line → heading, paragraph."""
    for block in blocks:
        # Matched in simplified characters; the positions are the same in the printed text.
        simplified = to_simplified(block.text)
        if block.kind == "heading":
            # A heading line that runs on into its part's first words after a space or with a
            # comma among them (六、其他需要报告的事项 无其他需要报告的事项; …事项2021年，无收取
            # 信息: a flattened page cut at its sentences or hard-wrapped) is the heading and
            # the start of its body.
            m = INLINE_HEADING.match(simplified.strip())
            lead = len(block.text) - len(block.text.lstrip())
            rest = block.text[lead + m.end() :] if m else ""
            if m and rest.strip() and (rest[:1].isspace() or _PROSE_MARK.search(rest)):
                prov = block.provenance
                heading = block.text[lead : lead + m.end()]
                yield Block("heading", (Line(heading, prov),), provenance=prov)
                yield Block("paragraph", (Line(rest.strip(), prov),), provenance=prov)
                continue
        if block.kind != "paragraph" or not INLINE_HEADING.search(simplified):
            yield block
            continue
        text, prov = block.text, block.provenance
        pos = 0
        for m in INLINE_HEADING.finditer(simplified):
            before = text[pos : m.start()].strip()
            if before:
                yield Block("paragraph", (Line(before, prov),), provenance=prov)
            yield Block(
                "heading", (Line(text[m.start() : m.end()].strip(), prov),), provenance=prov
            )
            pos = m.end()
        after = text[pos:].strip()
        if after:
            yield Block("paragraph", (Line(after, prov),), provenance=prov)


# A block the classifier calls site chrome (navigation, footers, share buttons) with at least
# this probability is taken out of the section the headings put it in. 0.8: on the held-out
# reports of corpus/sections, 0.5–0.9 give the same result; below 0.5 real sentences go.
CHROME_P = 0.8


def split_sections(document: Document, model: Any = None) -> list[SectionSpan]:
    """Sections of a document. When the numbered headings name all six parts, the heading rules
    decide and the classifier only takes out site chrome; otherwise the trained classifier
    labels every block in template order. The rules alone when the model cannot load."""
    blocks = list(split_inline_headings(document.blocks()))
    spans = _rule_spans(blocks)
    found = {s.id for s in spans} - {"preamble"}
    try:
        from extractor.sectionmodel import load_model

        log_probs = _log_probs(model or load_model(), blocks)
    except Exception as exc:  # the model is an improvement, never a reason to fail
        logger.warning("section model unavailable (%s); using the headings alone", exc)
        return spans
    if len(found) >= RULES_ENOUGH:
        return _without_chrome(spans, blocks, log_probs)
    return _model_spans(blocks, log_probs)


def rule_labels(spans: list[SectionSpan], blocks: list[Block]) -> list[str | None]:
    """The rules' section of each block; a heading that opens a span is that span's."""
    of: dict[int, str] = {}
    for span in spans:
        for block in [span.heading, *span.blocks] if span.heading else span.blocks:
            of[id(block)] = span.id
    out: list[str | None] = [of.get(id(b)) for b in blocks]
    for i in range(len(out) - 1, -1, -1):
        if out[i] is None and i + 1 < len(out):
            out[i] = out[i + 1]
    return out


def _log_probs(model: Any, blocks: list[Block]) -> list[list[float]]:
    from extractor.sectionmodel import shape, text_view

    texts = [text_view(b.text) for b in blocks]
    shapes = [
        shape(b.text, "table" if b.kind == "table" else "text", i, len(blocks))
        for i, b in enumerate(blocks)
    ]
    # Each distinct (text, shape) is scored once (a row's scores are its own): a document that
    # repeats its text repeats its blocks.
    keys = list(zip(texts, shapes, strict=True))
    distinct = list(dict.fromkeys(keys))
    scored: list[list[float]] = model.log_probs([k[0] for k in distinct], [k[1] for k in distinct])
    of = dict(zip(distinct, scored, strict=True))
    return [of[k] for k in keys]


# Lines no report sentence looks like: breadcrumbs, copyright and ICP lines, page tools. The
# classifier is unsure of a breadcrumb in the middle of flattened text (p ≈ 0.2); these words
# settle it.
CHROME_LINE = re.compile(
    r"^(?:您?(?:当前|现在)的?位置|当前位置)\s*[:：]|版权所有|ICP备\d|打印本页|关闭窗口|"
    r"^分享到\s*[:：]|【字体\s*[:：]"
)
CHROME_LINE_MAX_CHARS = 80


def is_chrome_line(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind != "table"
        and len(text) <= CHROME_LINE_MAX_CHARS
        and bool(CHROME_LINE.search(text))
    )


def _without_chrome(
    spans: list[SectionSpan], blocks: list[Block], log_probs: list[list[float]]
) -> list[SectionSpan]:
    from extractor.sectionmodel import LABELS

    unc = LABELS.index("unclassified")
    chrome = {
        id(b)
        for b, lp in zip(blocks, log_probs, strict=True)
        if b.kind != "table" and (math.exp(lp[unc]) >= CHROME_P or is_chrome_line(b))
    }
    out: list[SectionSpan] = []
    for span in spans:
        current = SectionSpan(span.id, span.title, span.confidence, heading=span.heading)
        out.append(current)
        for block in span.blocks:
            if id(block) in chrome:
                if out[-1].id != "unclassified":
                    out.append(SectionSpan("unclassified", None, CHROME_P))
                out[-1].blocks.append(block)
                continue
            if out[-1].id == "unclassified":
                # The section goes on after the chrome: build_sections joins the pieces.
                out.append(SectionSpan(span.id, None, span.confidence))
            out[-1].blocks.append(block)
    return [s for s in out if s.blocks or s.title is not None]


def _model_spans(blocks: list[Block], log_probs: list[list[float]]) -> list[SectionSpan]:
    from extractor.sectionmodel import decode

    labels = ["unclassified" if is_chrome_line(b) else label
              for b, label in zip(blocks, decode(log_probs), strict=True)]  # fmt: skip
    spans: list[SectionSpan] = []
    sure: list[list[float]] = []
    for block, label, lp in zip(blocks, labels, log_probs, strict=True):
        p = math.exp(max(lp))
        if not spans or spans[-1].id != label:
            text = block.text.strip()
            headingish = len(text) <= HEADING_MAX and not re.search(r"[。；;]", text)
            title = text if block.kind == "heading" or (headingish and topic_of(text)) else None
            spans.append(SectionSpan(label, title, 0.0, heading=block if title else None))
            sure.append([])
            if title is not None:
                sure[-1].append(p)
                continue
        spans[-1].blocks.append(block)
        sure[-1].append(p)
    for span, ps in zip(spans, sure, strict=True):
        # The mean probability the classifier gave its blocks: a calibrated-ish score, not 1.
        span.confidence = round(sum(ps) / len(ps), 3) if ps else 0.5
    return spans


def _rule_spans(blocks: list[Block]) -> list[SectionSpan]:
    spans = [SectionSpan("preamble", None, CONFIDENCE["preamble"])]
    current = 0
    for block in blocks:
        heading = top_heading(block)
        topic = topic_of(heading) if heading else None
        if heading and topic and ORDER.index(topic) > current:
            current = ORDER.index(topic)
            number = TOP_NUMBER.match(heading)
            expected = NUMERALS[current - 1] if current <= len(NUMERALS) else ""
            kind = "number_and_words" if number and number.group(1) == expected else "words"
            spans.append(SectionSpan(topic, heading, CONFIDENCE[kind], heading=block))
            continue
        spans[-1].blocks.append(block)
    if not spans[0].blocks:
        spans.pop(0)
    return spans


# Parts whose （一）… lines are table rows, not subsection headings.
TABLE_SECTIONS = frozenset({"proactive_disclosure", "requests", "review_litigation"})


def subsections(blocks: list[Block]) -> list[Subsection]:
    out: list[tuple[str, list[str]]] = []
    for block in blocks:
        text = block.text.strip()
        if block.kind != "table" and SUB_NUMBER.match(text) and not is_table_row(text):
            title = _sub_title(text)
            if title == text:
                out.append((title, []))
                continue
            out.append((title, [text]))
            continue
        if out:
            out[-1][1].append(block.text)
    return [Subsection(title=t, text="\n".join(body)) for t, body in out]


def _sub_title(text: str) -> str:
    """A heading line is its own title; a paragraph opening with （一）… gives its first clause."""
    if len(text) <= HEADING_MAX and not re.search(r"[。；;，,]", text):
        return text
    m = re.match(rf"^(.{{2,{INLINE_TITLE_MAX}}}?)[。：:；;，,]", text)
    return m.group(1) if m else SUB_NUMBER.match(text).group(0).strip()  # type: ignore[union-attr]


def build_sections(spans: list[SectionSpan]) -> list[Section]:
    """One section per id, in order of first appearance: pieces of a part that chrome or an
    appendix interrupted are joined (its text in document order, its first title)."""
    merged: dict[str, SectionSpan] = {}
    for s in spans:
        if s.id in merged:
            first = merged[s.id]
            first.blocks.extend(s.blocks)
            if first.title is None:
                first.title = s.title
            first.confidence = min(first.confidence, s.confidence)
        else:
            merged[s.id] = SectionSpan(s.id, s.title, s.confidence, list(s.blocks))
    return [
        Section(
            id=s.id,
            title=s.title,
            text="\n".join(b.text for b in s.blocks),
            confidence=s.confidence,
            subsections=[]
            if s.id in TABLE_SECTIONS or s.id == "preamble"
            else subsections(s.blocks),
        )
        for s in merged.values()
    ]


def missing_sections(spans: list[SectionSpan]) -> list[str]:
    found = {s.id for s in spans}
    return [s for s in ORDER[1:] if s not in found]
