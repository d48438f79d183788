"""Stage 1b, reflow: the lines readers give → paragraphs, before sections and themes see them.

Readers hand over lines as the source printed them: hard-wrapped text at any width (PDF-to-text
converters, text browsers at 80 columns, markdown at 72), crawler text with one inline element
per line (``（`` / ``五`` / ``）``, ``201`` / ``9`` / ``年``), OCR lines grouped by box geometry,
PDF lines the reader could not join (page breaks, odd margins). Each break between two lines of
narrative is a yes/no question — does the next line go on the paragraph? — answered by a
logistic regression over features of both sides (:func:`break_features`): how the paragraph so
far ends and how the next line starts, lengths, how full the last line is against the document's
wrap width or column (from the bounding box where the reader has one), the next line's indent, a
dictionary word across the break, an open bracket, blank lines and page breaks. It is trained by
``scripts/train_reflow.py`` on wrapped, split and spaced versions of corpus/ text whose true
paragraphs are known, and decodes left to right (each decision sees the paragraph as joined so
far).

Tables are kept out: a table block ends the run of lines and is passed through as it is, and the
tables stage reads the document as the reader gave it, never the reflowed one. A joined
paragraph is one line (its pieces joined with a space only between two ASCII letters or digits)
with the provenance of its first line.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extractor.budget import check
from extractor.document import BBox, Block, BlockKind, Document, Line, Page, Provenance
from extractor.modelfiles import verified
from extractor.reading.text import is_heading_like

logger = logging.getLogger(__name__)

FORMAT = "reflow/1"
# The document's deadline is looked at every this many line breaks (about 20 ms of work).
CHECK_EVERY = 512
# A break is a join when the model gives it at least this probability. 0.5: the classes are
# weighted equally in training, and the held-out boundary F1 of scripts/train_reflow.py is flat
# between 0.4 and 0.6.
JOIN_P = 0.5


@dataclass(frozen=True, slots=True)
class Piece:
    """One line of narrative as a reader gave it."""

    text: str
    page: int | None
    line: int | None
    bbox: BBox | None
    block: int
    """Index of the reader's block: lines a reader grouped (OCR paragraphs) share it."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Facts about the whole document that a single break cannot see."""

    wrap_width: int
    """The width (display columns) most lines stop at in hard-wrapped text; 0 when none."""
    wrapped_share: float
    """Share of the lines of ≥ 16 columns that stop within two columns of ``wrap_width``."""
    blank_share: float
    """Share of the breaks with a blank line in them (a double-spaced dump says nothing)."""
    columns: dict[int | None, tuple[float, float, float]]
    """Per page: the text column's left and right edge and the median line height."""
    end_share: float
    """Share of the lines of ≥ 10 characters that end a sentence: near 1 when each line is a
    paragraph, low when lines were cut anywhere."""
    short_share: float
    """Share of the lines of at most 4 characters: high when inline elements got lines."""


def width(text: str) -> int:
    """Display columns: CJK and fullwidth characters take two, as text dumps wrap them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Lines shorter than this are headings, cells and fragments: they say nothing of the wrap width.
MIN_WRAP_COLUMNS = 16


def layout_of(pieces: Sequence[Piece]) -> Layout:
    widths = [width(p.text) for p in pieces]
    long = [w for w in widths if w >= MIN_WRAP_COLUMNS]
    wrap, share = 0, 0.0
    if long:
        counts = Counter(long)
        # A CJK line wrapped at W columns stops at W or W - 1 (a wide character does not fit in
        # the last column), and mixed text a little shorter: the window of three columns with
        # the most lines, named by its right end.
        best = max(counts, key=lambda w: (counts[w] + counts[w - 1] + counts[w - 2], w))
        wrap = best
        share = (counts[best] + counts[best - 1] + counts[best - 2]) / len(long)
    gaps = [
        b.line - a.line - 1
        for a, b in itertools.pairwise(pieces)
        if a.line is not None and b.line is not None
    ]
    blank = sum(1 for g in gaps if g > 0) / len(gaps) if gaps else 0.0
    columns: dict[int | None, tuple[float, float, float]] = {}
    by_page: dict[int | None, list[BBox]] = {}
    for p in pieces:
        if p.bbox is not None:
            by_page.setdefault(p.page, []).append(p.bbox)
    for page, boxes in by_page.items():
        lefts = sorted(b[0] for b in boxes)
        rights = sorted(b[2] for b in boxes)
        heights = sorted(b[3] - b[1] for b in boxes)
        columns[page] = (
            lefts[len(lefts) // 10],
            rights[(len(rights) * 9) // 10],
            max(heights[len(heights) // 2], 1.0),
        )
    texts = [p.text.strip() for p in pieces]
    longer = [t for t in texts if len(t) >= 10]
    ends = sum(1 for t in longer if t[-1] in "。！？!?；;：:") / len(longer) if longer else 1.0
    short = sum(1 for t in texts if len(t) <= 4) / len(texts) if texts else 0.0
    return Layout(wrap, share, blank, columns, ends, short)


_OPEN = "（(《“‘【「[〔"
_CLOSE = "）)》”’】」]〕"
_ENDS = {
    **dict.fromkeys("。！？!?", "end"),
    **dict.fromkeys("；;", "semi"),
    **dict.fromkeys("：:", "colon"),
    **dict.fromkeys("，,、", "comma"),
}
_ENUM = (
    ("top", re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]")),
    ("sub", re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")),
    ("shi", re.compile(r"^[一二三四五六七八九十]是")),
    ("arabic", re.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
    ("arabic_paren", re.compile(r"^[（(]\d{1,2}[)）]")),
)
_NUMBER = re.compile(r"^[\d,，.．%％\s]+$")
# The report's title (…2023年政府信息公开工作年度报告): a line of its own, never the preface's.
_TITLE = re.compile(r"^[^，。；]{0,40}(?:19|20)\d\d\s*年[^，。；]{0,30}报告$")


def char_class(ch: str) -> str:
    if ch in _ENDS:
        return _ENDS[ch]
    if ch in _OPEN:
        return "open"
    if ch in _CLOSE:
        return "close"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if "\u4e00" <= ch <= "\u9fff":
        return "cjk"
    return "other"


def _enum(text: str) -> str:
    return next((name for name, pattern in _ENUM if pattern.match(text)), "none")


def _bucket(n: float, edges: Sequence[float]) -> str:
    for i, edge in enumerate(edges):
        if n <= edge:
            return str(i)
    return str(len(edges))


_LENGTH_EDGES = (1, 2, 4, 8, 16, 32)


def _heading(text: str) -> bool:
    """A heading line: numbered like one and no sentence inside (（二）依申请公开情况。进一步… is a
    paragraph that opens with its title)."""
    return is_heading_like(text) and not re.search(r"[。；;，,]", text)


def _unbalanced(text: str) -> bool:
    return sum(text.count(c) for c in _OPEN) > sum(text.count(c) for c in _CLOSE)


# A dictionary word across the break is the mark of a line cut inside a sentence; how far on
# either side to look: Chinese words of the domain are two to four characters.
WORD_REACH = 3


def word_across(left: str, right: str, words: Mapping[str, int]) -> int:
    """Length of the longest dictionary word that takes the last characters of ``left`` and the
    first of ``right`` (0 when none)."""
    best = 0
    tail, head = left[-WORD_REACH:], right[:WORD_REACH]
    for i in range(1, len(tail) + 1):
        for j in range(1, len(head) + 1):
            w = tail[-i:] + head[:j]
            if words.get(w, 0) > 0 and i + j > best:
                best = i + j
    return best


# A next line this short (a number, a bracket, a word) is read with the line after it: 2023 / 件
# says the number goes on a sentence, 2023 / 15 that it is a cell.
SHORT_NEXT_CHARS = 6


@cache
def table_labels() -> frozenset[str]:
    """The template's row labels, aliases and column names, normalised: a line that is one of
    them is a cell, whatever number comes next (538 / 行政处罚 is two cells, 42 / 件 one word)."""
    from extractor.tables.labels import normalize
    from extractor.tables.templates import templates

    out: set[str] = set()
    for t in templates():
        out.update(normalize(c) for c in t.columns)
        for row in t.rows:
            out.update(row.keys)
    return frozenset(k for k in out if k)


def _is_label(text: str) -> bool:
    from extractor.tables.labels import normalize

    return len(text) <= 40 and normalize(text) in table_labels()


def break_features(
    left: str,
    last: Piece,
    nxt: Piece,
    layout: Layout,
    words: Mapping[str, int],
    after: Piece | None = None,
) -> list[str]:
    """Feature tokens of the break between the paragraph joined so far (``left``, ending in the
    printed line ``last``) and the next printed line ``nxt`` (``after`` is the line after it)."""
    a, b = left.strip(), nxt.text.strip()
    if not a or not b:
        return ["empty"]
    ae, bs = char_class(a[-1]), char_class(b[0])
    feats = [
        f"ae={ae}",
        f"bs={bs}",
        f"ae={ae}&bs={bs}",
        f"ac={a[-1]}",
        f"bc={b[0]}",
        f"pair={a[-1]}{b[0]}",
        f"aenum={_enum(a)}",
        f"benum={_enum(b)}",
        f"alen={_bucket(len(a), _LENGTH_EDGES)}",
        f"lastlen={_bucket(len(last.text.strip()), _LENGTH_EDGES)}",
        f"blen={_bucket(len(b), _LENGTH_EDGES)}",
        f"be={char_class(b[-1])}",
        # How the paragraph ends matters most together with what comes next.
        f"ae={ae}&alen={_bucket(len(a), _LENGTH_EDGES)}",
        f"ae={ae}&blen={_bucket(len(b), _LENGTH_EDGES)}",
        f"ae={ae}&benum={_enum(b)}",
    ]
    c = after.text.strip() if after is not None else ""
    if len(b) <= SHORT_NEXT_CHARS:
        cs = char_class(c[0]) if c else "none"
        feats += [f"short_b&cs={cs}", f"short_b&bs={bs}&cs={cs}"]
        if c:
            feats.append(f"short_b&cc={c[0]}")
    ends = _bucket(layout.end_share, (0.3, 0.6, 0.85))
    shorts = _bucket(layout.short_share, (0.1, 0.3))
    feats += [
        f"ends={ends}&ae={ae}",
        f"shorts={shorts}&ae={ae}",
        f"shorts={shorts}&lastlen={_bucket(len(last.text.strip()), _LENGTH_EDGES)}",
        f"shorts={shorts}&blen={_bucket(len(b), _LENGTH_EDGES)}",
    ]
    if _is_label(last.text.strip()):
        feats.append("alabel")
    if _is_label(b):
        feats.append("blabel")
    if _TITLE.search(a):
        feats.append("atitle")
    if _heading(a):
        feats.append("ahead")
    if _heading(b):
        feats.append("bhead")
    if _NUMBER.match(last.text.strip()):
        feats.append("anum")
    if _NUMBER.match(b):
        feats.append("bnum")
    if _unbalanced(a):
        feats.append("open_bracket")
    across = word_across(a, b, words)
    if across:
        feats += [f"word={min(across, 4)}", f"word&ae={ae}"]
    # How full the last printed line is.
    geometry = (
        last.bbox is not None
        and nxt.bbox is not None
        and last.page == nxt.page
        and last.page in layout.columns
    )
    if geometry:
        assert last.bbox is not None and nxt.bbox is not None
        left_edge, right_edge, h = layout.columns[last.page]
        gap = (right_edge - last.bbox[2]) / h
        indent = (nxt.bbox[0] - left_edge) / h
        size = (nxt.bbox[3] - nxt.bbox[1]) / max(last.bbox[3] - last.bbox[1], 1.0)
        fill = "full" if gap <= 1.5 else "near" if gap <= 4 else "short"
        feats += [
            "geo",
            f"fill={fill}",
            f"fill={fill}&ae={ae}",
            f"indent={_bucket(indent, (0.5, 1.5, 3))}",
            f"size={_bucket(size, (0.8, 1.25))}",
        ]
    elif layout.wrapped_share >= 0.2:
        w = width(last.text.strip())
        fill = (
            "full"
            if w >= layout.wrap_width - 2
            else "near"
            if w >= 0.8 * layout.wrap_width
            else "short"
        )
        feats += [
            f"fill={fill}",
            f"fill={fill}&ae={ae}",
            f"wrap={_bucket(layout.wrapped_share, (0.4, 0.6))}",
        ]
    else:
        feats.append("fill=na")
    if last.line is not None and nxt.line is not None:
        blank = "blank" if nxt.line - last.line > 1 else "noblank"
        spaced = "spaced" if layout.blank_share >= 0.8 else "plain"
        feats += [f"{blank}&{spaced}", f"{blank}&{spaced}&ae={ae}"]
    if last.block == nxt.block:
        feats.append("same_block")
    if last.page != nxt.page:
        feats.append("page_break")
    return feats


@dataclass(frozen=True)
class ReflowModel:
    vocabulary: dict[str, int]
    coef: Any  # numpy arrays
    intercept: float
    weights: list[float] = field(init=False, repr=False, compare=False)
    """``coef`` as Python floats (the same values): indexing the array per feature, a numpy
    scalar each time, was most of this function's time."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", [float(w) for w in self.coef])

    def join_probability(self, feats: Iterable[str]) -> float:
        weights, get = self.weights, self.vocabulary.get
        z = self.intercept + sum(weights[j] for f in feats if (j := get(f)) is not None)
        return 1.0 / (1.0 + math.exp(-z))


@cache
def load_reflow_model() -> ReflowModel:
    """Load once per process; the manifest's hashes must match the files."""
    import numpy as np

    folder, _ = verified("reflow", FORMAT, "scripts/train_reflow.py")
    vocab: list[str] = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
    return ReflowModel(
        vocabulary={f: i for i, f in enumerate(vocab)},
        coef=np.load(folder / "coef.npy", allow_pickle=False),
        intercept=float(np.load(folder / "intercept.npy", allow_pickle=False)[0]),
    )


def dictionary_words() -> Mapping[str, int]:
    """jieba's dictionary with the domain words (word → frequency); not kept here, as jieba's
    tokenizer may swap its compact form for a dict (extractor.thememodel.jieba_tokenizer)."""
    from extractor.thememodel import jieba_tokenizer

    freq: Mapping[str, int] = jieba_tokenizer().FREQ
    return freq


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def join_text(a: str, b: str) -> str:
    """Two pieces of one paragraph: a space between two Latin words only (a number cut by a
    line end is one number, 4 / 2件 → 42件)."""
    a, b = a.rstrip(), b.lstrip()
    if a and b and _latin(a[-1]) and _latin(b[0]):
        return a + " " + b
    return a + b


# A page number printed in the text flow (a PDF-to-text dump keeps them between a paragraph's
# two halves): decorated so that no table cell looks like it (a bare 3 may be a count).
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*[页頁](?:\s*[，,/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)


def pieces_of(blocks: Sequence[Block]) -> list[Piece]:
    """The narrative lines of ``blocks``; page numbers are not narrative and go."""
    return [
        Piece(
            line.text,
            line.provenance.page if line.provenance.page is not None else block.provenance.page,
            line.provenance.line,
            line.provenance.bbox,
            i,
        )
        for i, block in enumerate(blocks)
        for line in block.lines
        if line.text.strip() and not PAGE_NUMBER.match(line.text.strip())
    ]


def decide(
    pieces: Sequence[Piece],
    model: ReflowModel,
    words: Mapping[str, int],
    layout: Layout,
    seen: dict[tuple[object, ...], float] | None = None,
) -> list[bool]:
    """For each break between consecutive pieces, whether the second goes on the paragraph.

    A break is decided once for each distinct view of it (everything :func:`break_features`
    reads) in ``seen``, shared by the runs of one document with one layout: a document that
    repeats its text (a report pasted into itself) repeats its breaks."""
    joins: list[bool] = []
    left = pieces[0].text.strip() if pieces else ""
    seen = {} if seen is None else seen
    for i, (last, nxt) in enumerate(itertools.pairwise(pieces)):
        if i % CHECK_EVERY == 0:
            check("joining lines into paragraphs")
        after = pieces[i + 2] if i + 2 < len(pieces) else None
        key = (
            left,
            last.text,
            nxt.text,
            after.text if after is not None else None,
            last.bbox,
            nxt.bbox,
            last.page,
            nxt.page,
            None if last.line is None or nxt.line is None else nxt.line - last.line > 1,
            last.block == nxt.block,
        )
        p = seen.get(key)
        if p is None:
            p = seen[key] = model.join_probability(
                break_features(left, last, nxt, layout, words, after)
            )
        join = p >= JOIN_P
        joins.append(join)
        left = join_text(left, nxt.text.strip()) if join else nxt.text.strip()
    return joins


# PDF text and its converters space out CJK (服务型 政府, 2023 年): in a sentence of Chinese
# prose a space next to a CJK character or fullwidth punctuation is typesetting, not text. Only
# prose is touched (a line with a Chinese comma or full stop): 规章 0 0 0 keeps its cells apart.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}\d])|(?<=[{_CJK}\d])[ \t]+(?=[{_CJK}])")
_PROSE = re.compile(r"[，。；]")


def unspaced(text: str) -> str:
    return _CJK_SPACE.sub("", text) if _PROSE.search(text) else text


def _merged(group: list[tuple[Piece, Block]]) -> Block:
    first_piece, first_block = group[0]
    text = first_piece.text.strip()
    for piece, _ in group[1:]:
        text = join_text(text, piece.text.strip())
    text = unspaced(text)
    if len(group) == 1 and len(first_block.lines) == 1 and text == first_block.text:
        return first_block
    kinds = {blk.kind for _, blk in group}
    kind: BlockKind = "heading" if kinds == {"heading"} or is_heading_like(text) else "paragraph"
    boxes = [p.bbox for p, _ in group if p.bbox is not None and p.page == first_piece.page]
    bbox = (
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        if boxes
        else first_block.provenance.bbox
    )
    prov = Provenance(page=first_piece.page, line=first_piece.line, bbox=bbox)
    return Block(kind, (Line(text, prov),), provenance=prov)


def reflow_blocks(
    blocks: Sequence[Block], model: ReflowModel, words: Mapping[str, int]
) -> list[Block]:
    """Runs of narrative blocks joined into paragraphs; table blocks pass through and end a
    run."""
    out: list[Block] = []
    run: list[Block] = []
    narrative = [b for b in blocks if b.kind != "table"]
    layout = layout_of(pieces_of(narrative))
    seen: dict[tuple[object, ...], float] = {}

    def flush() -> None:
        pieces = pieces_of(run)
        owner = [run[p.block] for p in pieces]
        joins = decide(pieces, model, words, layout, seen)
        group: list[tuple[Piece, Block]] = []
        for i, piece in enumerate(pieces):
            if i > 0 and not joins[i - 1]:
                out.append(_merged(group))
                group = []
            group.append((piece, owner[i]))
        if group:
            out.append(_merged(group))
        run.clear()

    for block in blocks:
        if block.kind == "table":
            flush()
            out.append(block)
        else:
            run.append(block)
    flush()
    return out


def reflow(document: Document, model: ReflowModel | None = None) -> Document:
    """The document with its narrative lines joined into paragraphs (one line each); pages keep
    the blocks that start on them."""
    try:
        model = model or load_reflow_model()
        words = dictionary_words()
    except Exception as exc:  # the model improves the text; without it the lines stay
        logger.warning("reflow model unavailable (%s); lines are kept as the reader gave them", exc)
        return document
    blocks = reflow_blocks(list(document.blocks()), model, words)
    if not document.paged:
        pages: tuple[Page, ...] = (
            Page(document.pages[0].number if document.pages else 1, tuple(blocks)),
        )
    else:
        by_page: dict[int, list[Block]] = {p.number: [] for p in document.pages}
        current = document.pages[0].number if document.pages else 1
        for block in blocks:
            page = block.provenance.page
            if page is not None and page in by_page:
                current = page
            by_page.setdefault(current, []).append(block)
        pages = tuple(Page(n, tuple(bs)) for n, bs in by_page.items())
    return Document(
        kind=document.kind,
        pages=pages,
        paged=document.paged,
        title_hint=document.title_hint,
        meta=document.meta,
    )
