"""HTML pages → document: the report body without site chrome, tables as grids with spans."""

from __future__ import annotations

import codecs
import re
from typing import Any, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractor.budget import caps, check
from extractor.document import Block, BlockKind, Cell, Document, Grid, Line, Page
from extractor.errors import ResourceLimit, TooLong
from extractor.reading.encoding import decode, html_declared_charset
from extractor.reading.text import is_heading_like
from extractor.textnorm import fold_compat

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
)
# class/id tokens that mark site chrome on Chinese government portals (nav bars, breadcrumbs
# "当前位置", share buttons, footers with 版权所有 and ICP numbers).
_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|bread|footer|foot|header|topbar|"
    r"share|sidebar|copyright|position|location|toolbar|search|login|banner|dh|wzdh)"
    r"(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "center",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "hr",
        "address",
        "figure",
        "figcaption",
    ]
)
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_WS = re.compile(r"[\s\u00a0\u3000\u200b]+")
# A content node is the deepest element that still holds this share of the page's text. After
# chrome removal the report body is 85-99% of the text on the pages in ../shared/real and our
# corpus; 0.7 leaves room for a leftover sidebar while never choosing one of two halves.
CONTENT_SHARE = 0.7
# A "table" holding nested tables or paragraph-sized cells is page layout, not data. The longest
# data cell in a template table is the 52-character （六）1 label; whole paragraphs run to
# hundreds of characters, so 400 separates the two with a wide margin.
LAYOUT_CELL_CHARS = 400


def clean_text(text: str) -> str:
    # Look-alikes written as character references (mutool writes every character as "&#x2f06;")
    # are only seen once the parser has decoded them: "⼆、主动公开…" had been no heading, so the
    # numbers of the prose before table 二 stood in its region as values above its first label.
    return _WS.sub(" ", fold_compat(text)).strip()


def read_html(data: bytes, *, declared_charset: str | None = None) -> Document:
    charset = text_codec(declared_charset or html_declared_charset(data))
    text, encoding = decode(data, charset)
    # HTML made from PDFs (pdftohtml, PDF-to-HTML converters) keeps the PDF's look-alike code
    # points (⽅ U+2F45 for 方), as text converted from PDFs does.
    text = fold_compat(text)
    _check_nesting(text)
    parser = LexborHTMLParser(text)
    meta = {"encoding": encoding}
    title = _title(parser)
    if (
        pub := _meta(parser, "PubDate", "pubdate", "publishdate", "firstpublishedtime")
    ) is not None:
        meta["publication_date"] = pub
    body = parser.body or parser.root
    if body is None:
        return Document(kind="html", pages=(Page(1, ()),), title_hint=title, meta=meta)
    # The page's text as lexbor gives it, in C, before the Python passes over it (~0.4 us a
    # character each: 8 million characters of entities took 3 s): scripts and styles are in
    # it, hence the margin over the document's own count.
    chars = len(body.text(deep=True))
    if chars > HTML_TEXT_MARGIN * caps().max_chars:
        raise TooLong(
            f"the page has {chars:,} characters of text, more than {HTML_TEXT_MARGIN} x "
            f"Options.max_chars ({caps().max_chars:,})"
        )
    blocks: list[Block] = []
    if poppler := _bbox_blocks(body):
        # Poppler's word boxes (``pdftotext -bbox-layout``): its text blocks in its order, each
        # <line> a line. Read as written, these tags hold no block of HTML and the whole
        # document ran into one line, where values printed above their labels (B3) read as
        # the next row's (34 wrong values).
        lines = _Lines(blocks)
        for text in (text for block in poppler for text in block):
            lines.add(text)
            lines.flush()
    elif (placed := _placed_lines(body)) is not None:
        # Text boxes placed on the page, in the order a layout analysis found them (pdfminer's
        # HTML prints a ruled table box by box, column by column: A15). Their coordinates say
        # which values stand on a row's line, so the lines are read in the page's order.
        for text in placed:
            lines = _Lines(blocks)
            lines.add(text)
            lines.flush()
    else:
        _drop_chrome(body)
        content = _content_node(body)
        _walk(content, blocks)
    return Document(
        kind="html", pages=(Page(1, tuple(blocks)),), paged=False, title_hint=title, meta=meta
    )


# Text of a page (scripts and styles included) this many times Options.max_chars is refused
# as soon as the page is parsed; the document's own count after reading is exact.
HTML_TEXT_MARGIN = 4

_SKIPPED = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|textarea|title|xmp)\b.*?(?:</\1\s*>|$)", re.S | re.I
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_START_TAG = re.compile(r"<[a-zA-Z]")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "frame",
        "basefont",
        "bgsound",
        "keygen",
        "isindex",
    ]
)
# Elements a start tag of the same name closes (roughly: <p> closes an open <p>, <li> an open
# <li>, a row a row …), so an unclosed run of them does not count as nesting.
_SELF_CLOSING = frozenset(
    ["p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option", "optgroup"]
)
_BOUNDARY = frozenset(["table", "ul", "ol", "dl", "select", "menu"])
# The HTML parser's own work grows with the square of the depth (each start tag looks down the
# stack of open elements: 50,000 nested divs took 4-11 s in lexbor); a page this many times
# deeper than Options.max_depth is refused before it is parsed. The scan only ever
# overestimates by unclosed elements whose parent closes them, hence the margin.
NESTING_MARGIN = 2


def _check_nesting(text: str) -> None:
    """Refuse a page whose tags nest deeper than NESTING_MARGIN × Options.max_depth, from one
    pass over its tags (a stack closed the way HTML closes it: an end tag closes what is open
    inside its element), before the parser builds the tree."""
    # Start tags counted first, in C: the scan below is Python, ~4 µs a tag.
    elements = sum(1 for _ in _START_TAG.finditer(text))
    if elements > caps().max_html_elements:
        raise ResourceLimit(
            f"the page has {elements:,} elements, more than Options.max_html_elements "
            f"({caps().max_html_elements:,})"
        )
    limit = NESTING_MARGIN * caps().max_depth
    stack: list[str] = []
    open_count: dict[str, int] = {}
    for m in _TAG.finditer(_SKIPPED.sub("", text)):
        name = m.group(2).lower()
        if name in _VOID:
            continue
        if m.group(1):
            if open_count.get(name, 0) > 0:
                _pop_to(stack, open_count, len(stack) - 1 - stack[::-1].index(name))
            continue
        if name in _SELF_CLOSING and open_count.get(name, 0) > 0:
            # Only the same element of the innermost table or list: a cell of a nested table
            # does not close the cell around the table.
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] == name:
                    _pop_to(stack, open_count, i)
                    break
                if stack[i] in _BOUNDARY:
                    break
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > limit:
            raise ResourceLimit(
                f"elements nested more than {limit} deep ({NESTING_MARGIN} × Options.max_depth)"
            )


def _pop_to(stack: list[str], open_count: dict[str, int], index: int) -> None:
    for name in stack[index:]:
        open_count[name] -= 1
    del stack[index:]


def text_codec(name: str | None) -> str | None:
    """A declared charset only when it names a text encoding: Python also knows codecs such as
    ``undefined`` (fails on every byte) and ``rot13`` or ``base64`` (no text encodings), which
    a page's meta tag could name; those declare nothing."""
    if name is None:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return name  # unknown names are the decoder's to judge, as before
    if info.name == "undefined" or not getattr(info, "_is_text_encoding", True):
        return None
    return name


def _meta(parser: LexborHTMLParser, *names: str) -> str | None:
    for name in names:
        node = parser.css_first(f'meta[name="{name}"]')
        if node is not None and (content := node.attributes.get("content")):
            return clean_text(content)
    return None


def _title(parser: LexborHTMLParser) -> str | None:
    if t := _meta(parser, "ArticleTitle", "title", "og:title"):
        return t
    node = parser.css_first("title")
    if node is not None and (t := clean_text(node.text())):
        return t
    node = parser.css_first("h1")
    return clean_text(node.text()) if node is not None else None


def _drop_chrome(body: LexborNode) -> None:
    for tag in _DROP_TAGS:
        for node in body.css(tag):
            node.decompose()
    for node in body.css("[class], [id]"):
        marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME.search(marks) and not node.css_first("table"):
            node.decompose()


_PLACED = re.compile(r"position\s*:\s*absolute", re.I)
_FRAME = re.compile(r"position\s*:\s*(?:absolute|relative)", re.I)
_NO_WS = re.compile(r"\s+")
_VALUE_LINE = re.compile(r"[-\d.,% ]*\d[-\d.,% ]*")
_COORD = re.compile(r"(?<![-\w])(left|top|height|width)\s*:\s*(-?\d+(?:\.\d+)?)(px|pt)", re.I)
# Text boxes placed at coordinates make a page of placed text when there are at least this many
# and they hold this share of the page's text (the rest: pdfminer's page markers).
PLACED_MIN_BOXES = 20
# Pages of more placed boxes, or more boxes of several values, are read as written: pdfminer's
# HTML of the zoo's reports (5-7 pages) places 1,456-1,537 boxes, about 250 a page, and a
# few dozen boxes of several values; the placing passes compare boxes pairwise, and a page of
# 20,000 boxes made to overlap had cost minutes (hostile input, not a report).
PLACED_MAX_BOXES = 4000
PLACED_MAX_VALUE_BOXES = 200
# Boxes one box's height may reach over: a row of cells, or a tall label beside some rows,
# reaches tens; one reaching over more is no table's (and would make the check pairwise).
OVERLAP_SCAN = 200
PLACED_SHARE = 0.9


class _Box(NamedTuple):
    top: float
    left: float
    height: float
    lines: list[str]
    width: float = 0.0

    @property
    def values(self) -> bool:
        return any(_VALUE_LINE.fullmatch(line) for line in self.lines)


def _placed_lines(body: LexborNode) -> list[str] | None:
    """The text lines of a page made of absolutely placed text boxes in one frame (no placed
    box inside another, as pdfminer writes a PDF: each box a ``<div>`` whose lines are parted
    by ``<br>``), in reading order: by their top, lines less than half a line apart as one,
    then left to right. None for any other page (pdftohtml and mutool place lines inside page
    boxes, in reading order already), and for one whose boxes of several values no row
    labels line up with (``_rows_of``)."""
    found: list[_Box] = []
    placed_chars = 0
    for node in body.css("div, p, span"):
        style = node.attributes.get("style") or ""
        if not _PLACED.search(style):
            continue
        coords = {m.group(1).lower(): float(m.group(2)) for m in _COORD.finditer(style)}
        lines = _box_lines(node)
        if not lines or not {"left", "top", "height"} <= coords.keys():
            continue
        parent = node.parent
        while parent is not None and parent.tag not in ("body", "html"):
            if _FRAME.search(parent.attributes.get("style") or ""):
                return None
            parent = parent.parent
        found.append(
            _Box(coords["top"], coords["left"], coords["height"], lines, coords.get("width", 0.0))
        )
        placed_chars += sum(len(_NO_WS.sub("", line)) for line in lines)
    all_chars = len(_NO_WS.sub("", body.text(deep=True)))
    if len(found) < PLACED_MIN_BOXES or placed_chars < PLACED_SHARE * all_chars:
        return None
    if len(found) > PLACED_MAX_BOXES or _overlapping(found):
        return None
    if sum(1 for box in found if len(box.lines) > 1 and box.values) > PLACED_MAX_VALUE_BOXES:
        return None
    items: list[_Item] = []
    for box in found:
        step = box.height / len(box.lines)
        if len(box.lines) > 1 and box.values:
            check("placed text boxes")
            beside = _rows_of(box, found)
            if beside is None:
                return None
            items += [
                _Item(r.top, box.left, r.height / len(r.lines), text, box)
                for r, text in zip(beside, box.lines, strict=True)
            ]
            continue
        if len(box.lines) > 1 and not box.values:
            # A box of several lines and no value is one cell whose text wrapped (a narrow
            # header cell: "结果" / "维持"): its lines are read together, at the place of a
            # line as high as each of them centred in the box, as a table centres a row's
            # cells (a one-line "总 计" beside it has the same middle). Spread over the page's
            # lines one by one, the pieces of a header row's cells interleaved ("结果 结果 其他
            # 尚未" / "维持 纠正 结果 审结": hzq 2023's table 四), and no reading showed which
            # piece was whose.
            middle = box.top + box.height / 2
            items.append(_Item(middle - step / 2, box.left, step, "\n".join(box.lines), box))
            continue
        items += [
            _Item(box.top + i * step, box.left, step, t, box) for i, t in enumerate(box.lines)
        ]
    items.sort(key=lambda it: (it.top, it.left))
    rows: list[list[_Item]] = []
    row_top = row_step = 0.0
    for item in items:
        if not rows or item.top - row_top >= min(item.step, row_step) / 2:
            rows.append([])
            row_top, row_step = item.top, item.step
        rows[-1].append(item)
    out: list[str] = []
    for line in _with_blanks(rows):
        out += [text for it in sorted(line, key=lambda it: it.left) for text in it.text.split("\n")]
    return out


def _bbox_blocks(body: LexborNode) -> list[list[str]]:
    """The blocks of poppler's word boxes (``<page>`` / ``<flow>`` / ``<block>`` / ``<line
    xMin= …>`` / ``<word>``), each its lines, their words parted by a space: the text
    ``pdftotext`` prints without ``-layout`` (its reading order: a ruled table column by
    column, A15). Their places are not used: poppler's line boxes are a font's height, and a
    row centred on two lines prints a label's numbering after its text ("属于行政查询事项" /
    "8."), read by position as another row's. Empty for any other page."""
    out: list[list[str]] = []
    for block in body.css("page > flow > block"):
        lines = []
        for line in block.css("line"):
            if not {"xmin", "ymin"} <= line.attributes.keys():
                return []
            words = (w.text(deep=True).strip() for w in line.css("word"))
            if text := " ".join(w for w in words if w):
                lines.append(text)
        if lines:
            out.append(lines)
    return out


class _Item(NamedTuple):
    """A line of a placed box, where it stands."""

    top: float
    left: float
    step: float
    text: str
    box: _Box

    @property
    def value(self) -> bool:
        return _VALUE_LINE.fullmatch(self.text) is not None

    @property
    def middle(self) -> float:
        return self.left + self.box.width / 2


# Values and header words whose middles are this close stand in one column (pdfminer's boxes of
# one column's cells share their middle to a tenth of a point; columns stand 30 points apart).
SLOT_SLACK = 4.0
# Header lines looked at above a table's first row of values.
HEADER_LINES = 8


def _with_blanks(lines: list[list[_Item]]) -> list[list[_Item]]:
    """The lines, where a table's columns are known, with a blank cell (a line of one space, as
    pdftohtml writes a blank cell's glyph) in each column a line of values prints nothing in.
    pdfminer drops a blank cell's space glyph, and a row of values beside a column left blank
    reads as a row whose blanks vanished (A17): the values' places say which cells are empty.
    A table's columns are the middles of its values and of its header's lowest words (header
    words with no other below them: not 申请人情况 or 行政复议, which span columns), in the lines
    of values that follow one another with nothing but row labels between them; where a value
    stands in no column, or two values in one, the table's lines are kept as they are. The
    tables stage believes such blanks only where its rows show them (docs/tables.md)."""
    out = [list(line) for line in lines]
    i = 0
    while i < len(out):
        if not any(it.value for it in out[i]):
            i += 1
            continue
        first = min(it.left for it in out[i] if it.value)
        band = [i]
        j = i + 1
        while j < len(out) and all(it.value or it.left + it.box.width < first for it in out[j]):
            if any(it.value for it in out[j]):
                band.append(j)
                first = min([first] + [it.left for it in out[j] if it.value])
            j += 1
        top = i
        while top > max(0, i - HEADER_LINES) and not any(it.value for it in out[top - 1]):
            top -= 1
        header = [it for line in out[top:i] for it in line if it.left + it.box.width >= first]
        slots = _slots(
            [it for it in header if _lowest(it, header)]
            + [it for n in band for it in out[n] if it.value]
        )
        if slots is not None:
            for n in band:
                filled = _placed_in(out[n], slots)
                if filled is None:
                    break
            else:
                for n in band:
                    out[n] = _placed_in(out[n], slots) or out[n]
        i = j
    return out


def _lowest(item: _Item, header: list[_Item]) -> bool:
    """Whether no other header word stands below ``item`` across its width (a word over
    several columns has their words below it)."""
    return not any(
        other.box is not item.box
        and other.top > item.top
        and other.left < item.left + item.box.width
        and item.left < other.left + other.box.width
        for other in header
    )


def _slots(items: list[_Item]) -> list[float] | None:
    """The middles of the columns ``items`` stand in: middles closer than SLOT_SLACK are one."""
    middles = sorted(it.middle for it in items)
    if not middles:
        return None
    groups: list[list[float]] = [[middles[0]]]
    for m in middles[1:]:
        if m - groups[-1][-1] < SLOT_SLACK:
            groups[-1].append(m)
        else:
            groups.append([m])
    if any(g[-1] - g[0] >= SLOT_SLACK for g in groups):
        return None
    return [sum(g) / len(g) for g in groups]


def _placed_in(line: list[_Item], slots: list[float]) -> list[_Item] | None:
    """``line`` with a blank cell in each slot none of its values stands in; None when a value
    stands in no slot or two in one."""
    taken: set[int] = set()
    for it in line:
        if not it.value:
            continue
        near = [k for k, slot in enumerate(slots) if abs(it.middle - slot) < SLOT_SLACK]
        if len(near) != 1 or near[0] in taken:
            return None
        taken.add(near[0])
    at = next(it for it in line if it.value)
    blank = _Box(at.top, 0.0, at.step, [" "])
    return line + [
        _Item(at.top, slot, at.step, " ", blank) for k, slot in enumerate(slots) if k not in taken
    ]


def _overlapping(boxes: list[_Box]) -> bool:
    """Whether two boxes cover one another's text (more than half of the smaller one's height
    and width): boxes placed page by page in one frame never do, and pages placed over one
    another (each box's place counted from its own page's top) would interleave their lines."""
    ordered = sorted(boxes, key=lambda b: b.top)
    for n, a in enumerate(ordered):
        check("placed text boxes")
        for k, b in enumerate(ordered[n + 1 :]):
            if b.top >= a.top + a.height:
                break
            if k >= OVERLAP_SCAN:
                return True
            tall = min(a.top + a.height, b.top + b.height) - b.top
            wide = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
            if tall > min(a.height, b.height) / 2 and wide > min(a.width, b.width) / 2:
                return True
    return False


# Boxes whose left edges are this close stand in one column.
COLUMN_SLACK = 2.0


def _rows_of(box: _Box, boxes: list[_Box]) -> list[_Box] | None:
    """The row labels beside a box of several values, one per line: pdfminer gives a box's
    place, not its lines' (a column's values close together, beside rows of any heights), so
    its lines are the rows whose labels stand in the nearest column of text boxes to its left
    with their middles inside its height, in order, only where there are exactly as many of
    them as lines and each is less than a line from where evenly spaced lines would be.
    Otherwise None: which value is on which row is not known."""
    step = box.height / len(box.lines)
    beside = [
        b
        for b in boxes
        if not b.values
        and b.left < box.left
        and box.top <= b.top + b.height / 2 <= box.top + box.height
    ]
    if not beside:
        return None
    nearest = max(b.left for b in beside)
    rows = sorted(
        (b for b in beside if b.left >= nearest - COLUMN_SLACK), key=lambda b: b.top + b.height / 2
    )
    if len(rows) != len(box.lines):
        return None
    for i, r in enumerate(rows):
        if abs(r.top + r.height / 2 - (box.top + (i + 0.5) * step)) > step:
            return None
    return rows


def _box_lines(node: LexborNode) -> list[str]:
    """A placed box's lines, parted at ``<br>``, without the empty ones at its end."""
    lines = [""]
    for child in node.traverse(include_text=True):
        if child.is_text_node:
            lines[-1] += child.text_content or ""
        elif child.tag == "br":
            lines.append("")
    lines = [clean_text(line) for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _text_len(node: LexborNode) -> int:
    return len(clean_text(node.text(deep=True)))


def _content_node(body: LexborNode) -> LexborNode:
    """Descend from ``body`` while one child holds most of the text."""
    node = body
    total = _text_len(body)
    for _ in range(caps().max_depth):
        best: LexborNode | None = None
        for child in _element_children(node):
            if _text_len(child) >= CONTENT_SHARE * total:
                best = child
                break
        if best is None or best.tag in ("table", "p", "tr", "td"):
            return node
        node = best
    # Each level measures the text below it: a page nested deeper than any report costs
    # quadratic time here, so it stops at the cap.
    raise ResourceLimit(f"elements nested more than {caps().max_depth} deep (Options.max_depth)")


def _element_children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        if child.is_element_node:
            out.append(child)
        child = child.next
    return out


# A paragraph of a &nbsp; (and a space) before a number and nothing else.
_BLANK_THEN_VALUE = re.compile(r"^\xa0[ \xa0]?(?=[-\d])[-\d.,]+\s*$")
# ... and a value with the &nbsp; of the blank cell after it.
_VALUE_THEN_BLANK = re.compile(r"^\s*-?[\d.,]*\d[ \xa0]?\xa0$")


class _Lines:
    """Collects inline text between block boundaries into lines."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.buf: list[str] = []
        self.heading = False

    def add(self, text: str) -> None:
        self.buf.append(text)

    def flush(self) -> None:
        raw = "".join(self.buf)
        text = clean_text(raw)
        self.buf.clear()
        if not text and raw and set(raw) <= {" ", "\xa0"} and len(raw) <= 2:
            # A paragraph of one space or &nbsp; alone: in a PDF page converted to positioned
            # HTML (pdftohtml, mutool) the glyph of a blank table cell, on its row's line. The
            # tables stage takes it for a blank cell only where the rows show that (A17).
            self.blocks.append(Block("paragraph", (Line(" "),)))
            return
        if _BLANK_THEN_VALUE.match(raw):
            # pdftohtml runs a blank cell's &nbsp; into the value printed right after it
            # ("&#160;&#160;141"): the blank comes first, on the same terms.
            self.blocks.append(Block("paragraph", (Line(" "),)))
        if text:
            kind: BlockKind = "heading" if self.heading or is_heading_like(text) else "paragraph"
            self.blocks.append(Block(kind, (Line(text),)))
        if _VALUE_THEN_BLANK.match(raw):
            # pdftohtml runs it into the value before it as well ("138&#160;&#160;").
            self.blocks.append(Block("paragraph", (Line(" "),)))
        self.heading = False


def _walk(node: LexborNode, blocks: list[Block]) -> None:
    lines = _Lines(blocks)
    _walk_into(node, lines)
    lines.flush()


def _walk_into(node: LexborNode, lines: _Lines, depth: int = 0) -> None:
    if depth > caps().max_depth:
        # Checked before the descent: each level asks whether a block lies below it, so a
        # 50,000-deep page costs quadratic time long before Python's recursion limit.
        raise ResourceLimit(
            f"elements nested more than {caps().max_depth} deep (Options.max_depth)"
        )
    check("reading the page")
    child = node.child
    while child is not None:
        if child.is_text_node:
            lines.add(child.text_content or "")
        elif child.is_element_node:
            tag = child.tag
            if tag == "br":
                lines.flush()
            elif tag == "table":
                lines.flush()
                _table(child, lines, depth + 1)
            elif tag in _BLOCK_TAGS or child.css_first(",".join(sorted(_BLOCK_TAGS))) is not None:
                lines.flush()
                lines.heading = tag in _HEADING_TAGS
                _walk_into(child, lines, depth + 1)
                lines.flush()
            else:
                _walk_into(child, lines, depth + 1)
        child = child.next


def _own_rows(table: LexborNode) -> list[LexborNode]:
    rows = []
    for tr in table.css("tr"):
        parent = tr.parent
        while parent is not None and parent.tag != "table":
            parent = parent.parent
        if parent is not None and parent.mem_id == table.mem_id:
            rows.append(tr)
    return rows


def _span(node: LexborNode, name: str) -> int:
    raw: Any = node.attributes.get(name) or "1"
    m = re.match(r"\s*(\d{1,9})", str(raw))
    value = int(m.group(1)) if m else 1
    # Spans beyond Options.max_span are typos (or bombs): real tables span at most 25 rows.
    return min(max(value, 1), caps().max_span)


def _is_layout(table: LexborNode, rows: list[LexborNode]) -> bool:
    if table.css_first("table table") is not None or any(
        tr.css_first("table") is not None for tr in rows
    ):
        return True
    return any(_text_len(td) > LAYOUT_CELL_CHARS for tr in rows for td in _element_children(tr))


def _table(table: LexborNode, lines: _Lines, depth: int) -> None:
    rows = _own_rows(table)
    if not rows:
        return
    if _is_layout(table, rows):
        for tr in rows:
            for td in _element_children(tr):
                _walk_into(td, lines, depth + 1)
                lines.flush()
        return
    grid = table_to_grid(rows)
    if grid.n_rows == 0:
        return
    text_lines = tuple(Line(" | ".join(r)) for r in grid.matrix())
    lines.blocks.append(Block("table", text_lines, grid=grid))


def table_to_grid(rows: list[LexborNode]) -> Grid:
    """``<tr>`` elements → grid, expanding rowspan/colspan by the HTML table algorithm."""
    occupied: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    n_rows = len(rows)
    for r, tr in enumerate(rows):
        c = 0
        for td in _element_children(tr):
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in occupied:
                c += 1
            rs = min(_span(td, "rowspan"), n_rows - r)
            cs = _span(td, "colspan")
            cells.append(Cell(r, c, clean_text(td.text(deep=True, separator=" ")), rs, cs))
            if len(occupied) + rs * cs > caps().max_table_cells:
                raise ResourceLimit(
                    f"a table of more than {caps().max_table_cells:,} cells once its spans are "
                    "expanded (Options.max_table_cells)"
                )
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    occupied.add((i, j))
            c += cs
    n_cols = max((col for _, col in occupied), default=-1) + 1
    return Grid(tuple(cells), n_rows, n_cols)
