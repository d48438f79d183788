"""Lines → cells: the first link of the table chain, for every text form a table arrives in.

Whatever the layout (pipe rows A1, one cell per line A2–A5, flattened runs A10/A11, PDF text
B1–B8, or a real grid), a table becomes one stream of tokens in reading order:

- ``text``: a run of label or header text;
- ``num``: a run of digits as printed (it may hold several glued cells: A10);
- ``blank``: a cell that is there but empty (A7: blank instead of 0);
- ``gap``: a line of several pipes, merged-cell placeholders whose count means nothing (A2, A6);
- ``eol``: the end of a source line or grid row.

Page footers (B5) are dropped here; labels are found and values grouped in
:mod:`extractor.tables.assemble`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, NamedTuple

from extractor.document import CELL_LINE_BREAK, Grid, Line
from extractor.tables.cells import parse_cell
from extractor.tables.markup import ascii_grid, uncell, uncsv, untex
from extractor.tables.pipe import split_pipe_row

TokenKind = Literal["text", "num", "blank", "gap", "eol"]


class Token(NamedTuple):
    """Immutable and hashable like the frozen dataclass it was, and made in a third of the
    time: a report's tables are read from about 600 of them."""

    kind: TokenKind
    text: str = ""
    line: int | None = None
    page: int | None = None
    row: int | None = None
    """Grid row and column, for tokens read from a real grid."""
    col: int | None = None
    glued: bool = False
    """A number printed against the label before it, no space between: a converter that runs
    a row's cells together (lxml ``text_content``: "行政许可3-55 0" for 3 | -5 | 50)."""
    x: int | None = None
    """Where a number starts on its flat line, in characters, the line's leading spaces
    counted: the columns of a layout dump (pdftotext ``-layout``)."""
    inner: bool = False
    """A number glued to text on both sides ("纳费用1行政机关"): a value where the text after
    it is another label's, a misread glyph where the same label's text goes on (assemble)."""
    broken: bool = False
    """A number on a later line of its pipe cell than the number before it (``CELL_LINE_BREAK``:
    a ``<br>`` between them), never a run of that number's value."""


# Page footers and headers printed into the text stream (B5): "- 2 -", "— 4 —", "第 3 页" (頁 on a
# page a mirror converted to traditional characters, C1),
# "第3页 共5页", "P. 8", "Page 8 - title", "3/12".
FOOTER_LINE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|P\.?\s*\d{1,4}|Page\s+\d{1,4}\b.*|\d{1,4}\s*/\s*\d{1,4})\s*$",
    re.IGNORECASE,
)
# Inside a flattened line a footer needs its spaces to be told from a minus sign.
FOOTER_INLINE = re.compile(r"(?<![\d.])[-—–－]\s+\d{1,4}\s+[-—–－](?![\d])|第\s*\d{1,4}\s*[页頁]")
# Markdown table rules (| --- | :---: |) carry no cells.
_MD_RULE = re.compile(r"^:?-{2,}:?$")
# A number as printed: digits, an optional decimal part, an optional unit, and a minus sign
# (本年增/减 may be negative; glued after another cell it still starts a number: 17-9 is 17, -9).
# A label's last character, where a number printed right after it is glued to it: a CJK
# character (a closing bracket ends numbering such as "（一）" and is no label's end).
_LABEL_END = re.compile(r"[\u4e00-\u9fff]")
# The same with the radicals' look-alikes a PDF's fonts map some characters to (⾏ U+2F8F).
_GLUED_CJK = re.compile(r"[\u2e80-\u2fdf\u4e00-\u9fff]")
_LEADING_NUMBERING = re.compile(r"^([1-9][.．、])\s+(?=[-−－]?\d)")
# Thousands separators ("45,585", as printed reports and spreadsheets write large counts) keep
# the number whole: read as digits and text, "2,293" had given 行政许可 2.
# A count's unit printed after it ("12件" alone in its cell, "行政许可 5件 3件 0件") belongs to
# it where a space or the text's end follows: read as text it split the row into groups of one
# number. In prose ("行政规范性文件68条，") punctuation follows, and it stays text.
_NUMBER_RUN = re.compile(
    r"[-−－]?(?:(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:[.．]\d+)?"
    r"(?:\s*万元|\s*元|[件项条个次](?=\s|$))?"
)
# A count's unit with more text right after it: the count is a sentence's, not a cell's (the
# measure words of a crawler's cut sentence, ``_UNIT_THEN_PUNCT`` in tables/__init__.py). So is
# a number followed by 年, a year or a span of years ("2024年，省政府共收到…"): no cell of the
# tables counts in years, and a label at the end of a wrapped prose line had taken the year.
_IN_SENTENCE = re.compile(r"[件条篇次个项人份家期场例批起宗][^\s\d]|年")
# The closing bracket of a numbered item with its text right after it: "（13）推进…".
_ITEM_NUMBERING = re.compile(r"[）)][\u4e00-\u9fff]")
# "…00000002.其他法律…": the label's own numbering (1.–9.) glued after a run of values; also
# at the end of a line, the label's text on the next ("（四）无法提供 1." / "本机关不掌握…").
_GLUED_NUMBERING = re.compile(r"\d[.．、](?=[^\d\s.．]|\s+[\u4e00-\u9fff“\"（(]|\s*$)")


_DECIMAL = re.compile(r"[.．]\d")
_MINUS = re.compile(r"^[−－]")


# A label's numbering (1.–9.) alone at the end of a line after label text.
_TRAILING_NUMBERING = re.compile(r"(?<=[\u4e00-\u9fff）)]\s)[1-9][.．、]\s*$")


def _space_cells(chunk: str, line: int | None, page: int | None) -> list[Token]:
    """The blank cells a run of spaces may stand for: pypdf writes each blank cell of a row as
    a space of its own besides the one between two cells ("138   3   141" is 138, two blanks,
    3, two blanks, 141). Believed only where a table's rows show it (``SPACE_CELL``)."""
    spaces = len(chunk) - len(chunk.rstrip(" "))
    return [Token("blank", SPACE_CELL, line, page)] * (spaces - 1) if spaces > 1 else []


def _flat_tokens(
    text: str,
    line: int | None,
    page: int | None,
    spaces: bool = False,
    indent: int | None = None,
) -> list[Token]:
    """One run of text without pipes → alternating text and number tokens. ``spaces``: runs of
    spaces after the label and between the values may stand for blank cells (a flat line of
    text, see :func:`_space_cells`)."""
    text = FOOTER_INLINE.sub(" ", text)
    out: list[Token] = []
    pos = 0
    unsure = (
        [m.span() for m in _GLUED_FULLWIDTH_GROUPS.finditer(text)]
        if "," in text or "，" in text
        else []
    )
    at = 0  # the spans and the numbers both come in increasing order: one walk, not one scan each
    for m in _NUMBER_RUN.finditer(text):
        start, end = m.span()
        raw = m.group(0)
        while at < len(unsure) and unsure[at][1] <= start:
            at += 1
        span = unsure[at] if at < len(unsure) and unsure[at][0] <= start else None
        if span is not None:
            # "行政许可272，673" (lxml glues a row's cells): one number with a full-width
            # separator, or two of a sentence; which is not told, so neither is a value. It
            # stays a text of its own after the label: the row printed something there.
            if start >= pos:
                chunk = text[pos : span[0]].strip()
                if chunk:
                    out.append(Token("text", chunk, line, page))
                out.append(Token("text", text[span[0] : span[1]], line, page))
                pos = span[1]
            continue
        # A run that ends in "2." followed by a label character, or by spaces and a Chinese
        # one (pypdf: "1. 属于国家秘密"): that digit numbers the label.
        if _TRAILING_NUMBERING.match(text, start):
            # "（四）无法提供 1." / … / "本机关不掌握…": the numbering of a label that goes on
            # lines later (A14), not a count of 1.
            break
        if not _DECIMAL.search(raw) and _GLUED_NUMBERING.match(text, end - 1):
            raw = raw[:-1]
            end -= 1
            if not raw:
                continue
        if start < pos:
            continue
        if _IN_SENTENCE.match(text, end):
            # A count in a sentence ("行政许可类信息69条，重大…"): its unit is followed by more
            # text, never so in a cell. Taken for a value, a label earlier in the sentence
            # took it (proactive 行政许可 69 for a table's 181).
            continue
        if start > 0 and text[start - 1] in "（(" and _ITEM_NUMBERING.match(text, end):
            # An item's numbering in prose ("（13）推进行政执法信息公开"), no count: with the
            # year before it no longer a value (年), a 行政许可 named earlier in the paragraph
            # had taken the 13.
            continue
        if start == 0 and _LEADING_NUMBERING.match(text):
            # A line that opens with a label's numbering and then values ("8.   5   0 …",
            # pdftotext -layout: the label's text sat a line higher in its tall cell): the
            # numbering is label text, not a value.
            numbering = _LEADING_NUMBERING.match(text)
            assert numbering is not None
            out.append(Token("text", numbering.group(1), line, page))
            pos = numbering.end()
            continue
        gap = text[pos:start]
        chunk = gap.strip()
        marks = chunk.split()
        between = bool(out) and out[-1].kind in ("num", "blank") and gap[:1].isspace()
        if chunk and between and gap[-1:].isspace() and all(m in DASH_MARKS for m in marks):
            # Dashes standing alone between a row's values ("118 26 2 3 - 9 158"): the row's
            # blank cells, printed as the template's "nothing here" (session 12).
            out.extend(Token("blank", "", line, page) for _ in marks)
        elif chunk:
            out.append(Token("text", chunk, line, page))
        if spaces and (out or chunk):
            out.extend(_space_cells(gap, line, page))
        glued = bool(chunk) and _LABEL_END.match(text[start - 1]) is not None
        inner = (
            bool(chunk)
            and end < len(text)
            and _GLUED_CJK.match(text[start - 1]) is not None
            and _GLUED_CJK.match(text[end]) is not None
        )
        # Spaces inside a run of digits split it into separate groups (230 000023); a unit
        # after a space stays with its number ("73802895.90 元").
        groups: list[str] = []
        for group in raw.split():
            if groups and not any(ch.isdigit() for ch in group):
                groups[-1] += group
            else:
                groups.append(group)
        for i, group in enumerate(groups):
            # One form for the splitter: "−18538" (U+2212) and "－18538" are "-18538", and
            # "12．5" is "12.5".
            group = _MINUS.sub("-", group).replace("．", ".")
            x = None if indent is None else indent + start
            out.append(
                Token("num", group, line, page, glued=glued and i == 0, x=x,
                      inner=inner and len(groups) == 1)
            )  # fmt: skip
        pos = end
    rest = text[pos:].strip()
    tail = rest.split()
    if (
        rest
        and out
        and out[-1].kind in ("num", "blank")
        and text[pos : pos + 1].isspace()
        and all(m in DASH_MARKS for m in tail)
    ):
        out.extend(Token("blank", "", line, page) for _ in tail)  # the row's last cells blank
    elif rest:
        n_marks, width = _trailing_dashes(rest)
        head = rest[: len(rest) - width]
        if n_marks and _CJK_START.search(head):
            # A label and then only dashes ("1.属于国家秘密 - - - - - - -", "规章 / / /"): a row
            # of blank cells.
            out.append(Token("text", head.strip(), line, page))
            out.extend(Token("blank", "", line, page) for _ in range(n_marks))
        else:
            out.append(Token("text", rest, line, page))
    if spaces and out:
        out.extend(_space_cells(text[pos:], line, page))
    return out


# A line of one space: the space glyph that a page printed to PDF put in an &nbsp; cell, one
# cell per line (mutool, pdfminer: "138" / " " / " " / "3" …). Also the space between two
# runs of one Word-pasted number (BeautifulSoup: "7" / " " / "9" is 79), so it is a blank
# cell only where a table's rows show it (see :func:`space_cells_shown`).
SPACE_CELL = " "


def line_tokens(
    text: str, line: int | None = None, page: int | None = None, indent: int | None = None
) -> list[Token]:
    """Tokens of one source line, followed by ``eol``. ``indent``: the spaces a reader stripped
    from the line's start, where it counted them (numbers of flat lines then get their ``x``)."""
    if "\\" in text:
        text = _ESCAPED_POINT.sub("", text)
    if "，" in text:
        text = _FULLWIDTH_GROUPS.sub(lambda m: m.group().replace("，", ","), text)
    t = text.strip()
    out: list[Token] = []
    if not t and "\xa0" in text:
        # A line holding only a no-break space: a &nbsp; cell printed one per line (A17).
        return [Token("blank", "\xa0", line, page), Token("eol", "", line, page)]
    if text.strip("\r\n") == SPACE_CELL:
        return [Token("blank", SPACE_CELL, line, page), Token("eol", "", line, page)]
    if not t or FOOTER_LINE.match(t):
        return out
    if set(t) <= {"|", " ", "\t"}:
        pipes = t.count("|")
        out.append(Token("blank" if pipes == 1 else "gap", t, line, page))
    elif "|" in t:
        # A pipe row's cells keep their place (``col``; ``row`` stays None: no real grid), so a
        # row with a cell too few is known to have lost one (A20), not a collapsed blank. A line
        # of one cell with a pipe on one side only is one cell per line (A2 "49 |", A3), no row.
        cells = split_pipe_row(t)
        whole_row = len(cells) > 1 or (t.startswith("|") and t.endswith("|") and len(t) > 1)
        for c, cell in enumerate(cells):
            col = c if whole_row else None
            if not cell or cell in DASH_MARKS:
                # An empty cell, or one printing only a dash (a visible blank, as in a grid).
                out.append(Token("blank", "", line, page, None, col))
            elif _MD_RULE.match(cell):
                continue
            elif _NUMBERING_PIECE.match(cell):
                # A label's numbering cut from it ("| 4." / "保护第三方合法权益 |…", A14) is
                # label text, not a value.
                out.append(Token("text", cell, line, page, None, col))
            else:
                # The text of a line opened by a pipe is a cell's, even where the row went on
                # over more lines (a hard wrap, B6: "| 一、…数量 二、上年结转…申" /
                # "请数量 | 23 1 |…"): a cell that holds two rows' labels is told by it.
                lead = 0 if c == 0 and t.startswith("|") else None
                pieces = [p.strip() for p in cell.split(CELL_LINE_BREAK)]
                for k, piece in enumerate(pieces if len(pieces) > 1 else [cell]):
                    toks = _flat_tokens(piece, line, page)
                    out.extend(
                        Token(tok.kind, tok.text, line, page, None,
                              col if col is not None or tok.kind != "text" else lead,
                              broken=k > 0 and i == 0)
                        for i, tok in enumerate(toks)
                    )  # fmt: skip
    elif _NBSP_CELL.search(text.strip(" \t\r\n")):
        out.extend(_nbsp_row_tokens(text.strip(" \t\r\n"), line, page))
    else:
        # Spaces at the line's end after its text (a row of blank cells, pypdf) are kept by
        # the readers as printed.
        flat = text.strip("\r\n")
        lead = None if indent is None else indent + len(flat) - len(flat.lstrip())
        out.extend(_flat_tokens(flat.lstrip(), line, page, spaces=True, indent=lead))
    out.append(Token("eol", "", line, page))
    return out


# Markdown writers escape a decimal point (mammoth's markdown: "317\\.30"): the backslash is
# no part of the number, which had read as 317, the rest text.
_ESCAPED_POINT = re.compile(r"(?<=\d)\\(?=[.．]\d)")


# A web page's row flattened with spaces between its cells keeps an &nbsp; cell as a no-break
# space standing alone between two spaces (`7.属于行政执法案卷 \xa0 \xa0 …`, BeautifulSoup's
# get_text(" ")): a visible blank in its place, also at the line's end. Without it the row
# seemed to print no value and took the next line's, which belonged to the row below (A17).
_NBSP_CELL = re.compile(r"(?<=[^\s\xa0] |\xa0 )\xa0+(?= |$)")


def _nbsp_row_tokens(text: str, line: int | None, page: int | None) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for m in _NBSP_CELL.finditer(text):
        out.extend(_flat_tokens(text[pos : m.start()], line, page))
        out.append(Token("blank", "\xa0", line, page))
        pos = m.end()
    out.extend(_flat_tokens(text[pos:], line, page))
    return out


# A line holding only a row label's numbering, or a piece of it (A14: "2." / "重复申请 | 3 |…",
# "（" / "七" / "）" / "总计"): it belongs to the line after it. Never a bare number, which is a
# value.
_NUMBERING_PIECE = re.compile(
    r"^(?:[（(]|[）)、]|[（(]?[一二三四五六七八九十]{1,2}[）)、]?|\d{1,2}[.．、])$"
)


# The same, as a cell of its own in one-cell-per-line text ("| 3." in A3, "3. |" in A2).
_NUMBERING_CELL = re.compile(r"^(\|\s*)?(.+?)(\s*\|)?$")
_OPEN_NUMBERING = re.compile(r"\|\s*([^|\s]+)$")


def join_numbering(lines: Iterable[Line]) -> list[Line]:
    out: list[Line] = []
    carry: Line | None = None
    skipped: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if carry is not None:
            if not text or FOOTER_LINE.match(text):
                # A page footer between a label's numbering and the rest ("一、" / "- 6 -" /
                # "本年新收…") is no part of the label.
                skipped.append(line)
                continue
            if text[0].isdigit():
                # No label's text starts with a digit: the numbering ends a label printed
                # before it ("属于行政查询事项" / "8." / " " / "5", poppler's word boxes of a
                # row centred on two lines), and the value is the row's. Joined, "8.5" had been
                # a value.
                out.append(carry)
                out.extend(skipped)
                carry = None
                skipped.clear()
            else:
                line = Line(carry.text + text, carry.provenance)
                text = line.text
                carry = None
        skipped.clear()
        m = _NUMBERING_CELL.match(text)
        if m and _NUMBERING_PIECE.match(m.group(2).strip()):
            carry = Line((m.group(1) or "") + m.group(2).strip(), line.provenance)
            continue
        tail = _OPEN_NUMBERING.search(text)
        if tail and _NUMBERING_PIECE.match(tail.group(1)):
            # A pipe row cut after the numbering of its last, unclosed cell ("| （六）其他处理 | 1."
            # / "申请人无正当理由…| 0 |…"): the label goes on in the next line.
            carry = Line(text, line.provenance)
            continue
        out.append(line)
    if carry is not None:
        out.append(carry)
    return out


# A label printed one character per line (pypdfium2 on a Word table's narrow label cell:
# "1.本" / "机" / "关" / … / "息"): at least this many lines of one character each.
MIN_VERTICAL = 3
_ONE_CHAR = re.compile(r"^[\u4e00-\u9fff（）()、“”]$")
_ONE_DIGIT = re.compile(r"^\d$")
_ROW_NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、])[\u4e00-\u9fff]"
)
# The piece before such a run that starts the label: its numbering and a character or two.
_LABEL_HEAD = re.compile(r"^(?:\d{1,2}[.．、])?[\u4e00-\u9fff]{1,2}$")


def join_vertical(lines: Iterable[Line]) -> list[Line]:
    """Lines of one character each, run together, as one line: a label (or header word)
    printed down its cell. The short piece before the run that opens it (``1.本``) joins it.
    Shorter runs ("其" / "他") are left as they are."""
    out: list[Line] = []
    run: list[Line] = []
    digits: list[Line] = []
    vertical = False

    def flush() -> None:
        nonlocal vertical
        if len(run) >= MIN_VERTICAL:
            text = "".join(x.text.strip() for x in run)
            if out and _LABEL_HEAD.match(out[-1].text.strip()):
                out[-1] = Line(out[-1].text.strip() + text, out[-1].provenance)
            else:
                out.append(Line(text, run[0].provenance))
            # A numbered row label, not header words alone ("结" / "总" / "计" above one-digit
            # cells); header words printed down their cells may run into the label.
            vertical = _ROW_NUMBERING.search(out[-1].text) is not None
        else:
            out.extend(run)
        run.clear()

    def flush_digits() -> None:
        # Digits one per line right after a label printed down its cell are the row's numbers
        # printed down theirs (pypdfium2 on a zoomed page: "1" / "3" / "8" / "3" / "1" / "4" /
        # "1" for 138 | 3 | 141): where one number ends is not printed, so the digits are one
        # glued run for the rules to split, not a cell each.
        if len(digits) >= 2:
            out.append(Line("".join(x.text.strip() for x in digits), digits[0].provenance))
        else:
            out.extend(digits)
        digits.clear()

    for line in lines:
        text = line.text.strip()
        if _ONE_CHAR.match(text):
            flush_digits()
            run.append(line)
            continue
        if run:
            vertical = False
            flush()
        if vertical and _ONE_DIGIT.match(text):
            digits.append(line)
            continue
        flush_digits()
        vertical = False
        out.append(line)
    flush_digits()
    flush()
    return out


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def join_cut_cells(lines: Iterable[Line]) -> list[Line]:
    """A pipe row cut inside its last cell's text by a hard wrap (B6: "| 一、本年新收…数量<br>二、
    上年结" / "转政府信息公开申请数量 | 5231<br>308 |") as one line: the next line, which goes on
    without opening a cell, begins with the rest of that cell. Read apart, the cell's two pieces
    looked like two cells of their own, and two rows' labels in the cell (which leave both rows
    null) like one row's label and its values on the next line. Only label text is joined (the
    cut cell and the next line's first cell hold Chinese text, the cut falls after no digit): a
    run of digits cut at a line end may be one number or two."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if out and text and not text.startswith("|") and "|" in text:
            before = out[-1].text.strip()
            last_cell = before.rsplit("|", 1)[-1]
            first_cell = text.split("|", 1)[0]
            if (
                before.startswith("|")
                and not before.endswith("|")
                and _CJK_CHAR.search(last_cell)
                and _CJK_CHAR.search(first_cell)
                and not before[-1].isdigit()
            ):
                out[-1] = Line(before + text, out[-1].provenance)
                continue
        out.append(line)
    return out


def tokenize_lines(lines: Iterable[Line]) -> list[Token]:
    out: list[Token] = []
    for line in join_cut_cells(join_numbering(join_vertical(_markup_as_pipes(lines)))):
        out.extend(_line_tokens_memo(line.text, line.provenance.line, line.provenance.page,
                                     line.indent))  # fmt: skip
    return _ordinals_as_text(out)


# A table with a 序号 column prints each row's ordinal before its label ("6 行政事业性收费 …",
# lxml "6行政事业性收费…", or "6" on a line of its own above the label). Where the row's own
# value is missing or unreadable, the ordinal looked like a value printed before the label and
# was taken (行政事业性收费 6 for a printed 141，341.35; session 12, songpu2023_sep).
# Blank marks a line of text may print alone between cells: the dashes and slashes of
# ``cells.BLANK_MARKS`` (无 and \\ are words and escapes in text, not taken here).
DASH_MARKS = frozenset({"-", "—", "–", "——", "/", "／"})


def _trailing_dashes(rest: str) -> tuple[int, int]:
    """How many dash marks, each after a space, end ``rest``, and the characters they take
    with their spaces. A walk from the end: the regex it replaces (spaces, then a mark,
    repeated to the end) retried a long run of spaces from every start, quadratic (20,000
    spaces: 3.6 s)."""
    count, end = 0, len(rest)
    while True:
        cut = end
        if rest.endswith("——", 0, cut):
            cut -= 2
        elif cut and rest[cut - 1] in "-—–/／":
            cut -= 1
        else:
            break
        before = cut
        while before and rest[before - 1].isspace():
            before -= 1
        if before == cut:
            break
        count, end = count + 1, before
    return count, len(rest) - end


_ORDINAL = re.compile(r"[1-9]\d?")  # ordinals of a table: 1 to 99, never 0
_CJK_START = re.compile(r"[\u4e00-\u9fff（(]")


def _ordinals_as_text(tokens: list[Token]) -> list[Token]:
    """After a 序号 header word, a small integer right before a label, on its line (the line's
    first value) or alone on the line before it, is the row's ordinal: text, no value."""
    seen = next((i for i, t in enumerate(tokens) if t.kind == "text" and "序号" in t.text), None)
    if seen is None:
        return tokens
    out = list(tokens)
    sure: set[int] = set()  # ordinals opening their label's line
    lone: set[int] = set()  # ordinals only where a run of them counts up
    for i in range(seen + 1, len(out) - 1):
        tok = out[i]
        prev = out[i - 1]
        if tok.kind != "num" or not _ORDINAL.fullmatch(tok.text):
            continue
        if out[i + 1].kind == "eol":
            # Alone on its line, the label opening the next. Only a number alone: the last value
            # of a row printed on the line under its label ("规章" / "0 0 5" / "行政规范性文件")
            # is a value.
            if prev.kind != "eol":
                continue
            nxt = i + 2
        else:
            # Opening its label's line, or after the row before (its values) or the header on
            # one line of glued cells: "…本年处理决定数量4行政处罚63,511 5行政强制4,233".
            if prev.kind not in ("eol", "num", "blank") and "序号" not in prev.text:
                continue
            nxt = i + 1
        if nxt < len(out) and out[nxt].kind == "text" and _CJK_START.match(out[nxt].text):
            (lone if out[i + 1].kind == "eol" else sure).add(i)
    # A column dump (pdftotext, A15) lists the 序号 column under its header word: "序号" /
    # "4" / "5" / "信息内容" / "行政处罚" / "行政强制" (行政许可 had taken the next block's 4).
    for i, tok in enumerate(out):
        if tok.kind != "text" or "序号" not in tok.text:
            continue
        k = i + 1
        while k < len(out) and out[k].kind == "eol":
            k += 1
        while k + 1 < len(out) and out[k].kind == "num" and out[k + 1].kind == "eol":
            if not _ORDINAL.fullmatch(out[k].text):
                break
            lone.add(k)
            k += 2
            while k < len(out) and out[k].kind == "eol":
                k += 1
    # A number alone on its line is also how a table printing its values above their labels
    # (B3), or a column dump, prints a small count: it is an ordinal only within a run of
    # ordinals counting up by one down the table (3, 4, 5, 6, across table 二's sub-tables).
    # Taken alone, a lone 12 above a table's first label had become an ordinal, and the groups
    # after it paired one row off.
    found = sorted(sure | lone)
    runs: list[list[int]] = []
    for k, i in enumerate(found):
        if k and int(out[i].text) == int(out[found[k - 1]].text) + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        for i in run:
            if len(run) >= 2 or i in sure:
                out[i] = out[i]._replace(kind="text")
    return out


# A line's tokens per (text, indent): ``line_tokens`` is a pure function of its arguments in
# which ``line`` and ``page`` are only copied into every token, so the tokens of a text seen
# before are its tokens then with this line's number and page put in. Within one report about
# half of the table lines repeat a text (lone values "0" / "1", the one-cell-per-line labels
# and headers), and a batch's reports print the template's labels and headers alike. Cleared
# when full, like assemble's ``_SPOTS``: the 98 text and HTML reports of corpus/ and
# ../shared/real fill 2,539 entries of about 400 bytes each (tracemalloc: ~290 for the tokens
# and the entry, the key's text besides), so 20,000 are a hundred or more reports' tables in
# ~8 MB of a worker's ~140.
# The tokens are made anew for each line, and where ``line_tokens`` gave one object several
# times (a run of spaces' blank cells, ``_space_cells``) so do the copies: assemble tells
# tokens apart by ``id``.
_LINE_TOKENS: dict[tuple[str, int | None], tuple[tuple[Token, ...], bool]] = {}
LINE_TOKENS_MAX = 20_000
# Table lines are short (a row of table 三 with its labels: under 200 characters), so 500
# keeps every row's line in the memo and bounds it at 20,000 × 500 characters.
LINE_TOKENS_TEXT_MAX = 500


def _line_tokens_memo(
    text: str, line: int | None, page: int | None, indent: int | None
) -> list[Token]:
    if len(text) > LINE_TOKENS_TEXT_MAX:
        # A long line is prose or a whole flattened table, seldom seen twice; held, a worker fed
        # many such lines would keep megabytes per entry.
        return line_tokens(text, line, page, indent)
    key = (text, indent)
    cached = _LINE_TOKENS.get(key)
    if cached is None:
        if len(_LINE_TOKENS) >= LINE_TOKENS_MAX:
            _LINE_TOKENS.clear()
        shapes = tuple(line_tokens(text, None, None, indent))
        shared = len({id(t) for t in shapes}) < len(shapes)
        cached = _LINE_TOKENS[key] = (shapes, shared)
    shapes, shared = cached
    if not shared:
        return [
            Token(t.kind, t.text, line, page, t.row, t.col, t.glued, t.x, t.inner, t.broken)
            for t in shapes
        ]
    made: dict[int, Token] = {}
    for t in shapes:
        if id(t) not in made:
            made[id(t)] = t._replace(line=line, page=page)
    return [made[id(t)] for t in shapes]


# Box drawing (A16: w3m, lynx and other text browsers): vertical bars are cell borders, lines of
# horizontal rules and corners carry nothing.
_BOX_BAR = re.compile(r"[│┃║]")
_BOX_JOINT = re.compile(r"[─━═┼╋├┤┬┴┌┐└┘╔╗╚╝╠╣╦╩╬╞╡╪╤╧╟╢╫]+")
_BOX_RULE = re.compile(
    r"^[\s─━═┼╋├┤┬┴┌┐└┘╔╗╚╝╠╣╦╩╬╞╡╪╤╧╟╢╫│┃║]*[─━═][\s─━═┼╋├┤┬┴┌┐└┘╔╗╚╝╠╣╦╩╬╞╡╪╤╧╟╢╫│┃║]*$"
)


def _segments(text: str) -> list[str]:
    """The cells of one bordered line, padding kept (a full cell tells a wrap)."""
    inner = _BOX_JOINT.sub("│", text.strip())
    parts = _BOX_BAR.split(inner)
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return parts


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _full(part: str) -> bool:
    """Whether a bordered cell's text reaches its border (so it may wrap onto the next line):
    no padding left but the cell's margin (as wide as the space before its text), and one
    column more where the next character, a wide one, did not fit."""
    text = part.rstrip()
    if not text:
        return False
    room = _width(part) - _width(text)
    margin = len(part) - len(part.lstrip())
    return room <= margin + (1 if unicodedata.east_asian_width(text[-1]) in "WF" else 0)


def _joined(block: list[tuple[Line, list[str]]]) -> list[Line]:
    """One bordered row printed over several lines: the lines as one row when every cell's
    text either stands on one line or wraps (fills its width before the next line); several
    rows printed without rules between them stay apart."""
    if len(block) == 1 or len({len(parts) for _, parts in block}) != 1:
        return [Line(_pipe_row(parts), line.provenance) for line, parts in block]
    columns = list(zip(*(parts for _, parts in block), strict=True))
    for column in columns:
        filled = [p for p in column if p.strip()]
        if not all(_full(p) for p in filled[:-1]):
            return [Line(_pipe_row(parts), line.provenance) for line, parts in block]
    merged = ["".join(p.strip() for p in column) for column in columns]
    return [Line(_pipe_row(merged), block[0][0].provenance)]


def _pipe_row(parts: list[str]) -> str:
    return "| " + " | ".join(p.strip() for p in parts) + " |"


def unbox(lines: Iterable[Line]) -> list[Line]:
    """Box-drawn tables as pipe rows: rule lines dropped, and a row printed over several lines
    between two rules (wrapped labels, values on the middle line) joined back."""
    out: list[Line] = []
    block: list[tuple[Line, list[str]]] = []
    for line in lines:
        text = line.text
        boxed = _BOX_BAR.search(text) is not None
        joint = _BOX_JOINT.search(text) is not None
        if boxed and not joint:
            block.append((line, _segments(text)))
            continue
        out.extend(_joined(block) if block else [])
        block = []
        if not boxed and not joint:
            out.append(line)
        elif not _BOX_RULE.match(text):
            # A rule across some columns only: the text of the others (a parent label).
            out.append(Line(_pipe_row(_segments(text)), line.provenance))
    out.extend(_joined(block) if block else [])
    return out


# Each markup reader, in the order they run, with what a line must hold for it to change any
# line: a separator (uncsv), a grid's "+" (ascii_grid), a typesetting table's opening marker
# (uncell: texinfo, ConTeXt, tbl, XWiki), a tabular's \\begin (untex), a box-drawing character
# (unbox). Where no line holds it, the reader gives back the same lines, so it is skipped: most
# reports hold none of these, and each reader looked at every line of every region.
_MARKUP_STEPS: tuple[tuple[re.Pattern[str], Callable[[list[Line]], list[Line]]], ...] = (
    (re.compile(r"[,;]"), uncsv),
    (re.compile(r"\+"), ascii_grid),
    (re.compile(r"@multitable|\\startxtable|\.TS|\|=|\|\(\(\("), uncell),
    (re.compile(r"\\begin\{"), untex),
    (re.compile(f"{_BOX_BAR.pattern}|{_BOX_JOINT.pattern}"), unbox),
)


def _markup_as_pipes(lines: Iterable[Line]) -> list[Line]:
    """``unbox(untex(uncell(ascii_grid(uncsv(lines)))))``, each reader skipped where no line
    holds what it reads (see ``_MARKUP_STEPS``)."""
    out = list(lines)
    text = "\n".join(line.text for line in out)
    for needs, step in _MARKUP_STEPS:
        if needs.search(text):
            out = step(out)
            text = "\n".join(line.text for line in out)
    return out


# A numbered row label inside a cell: "2.没有现成信息…" (not the "24." of a year or a decimal).
_ITEM = re.compile(r"(?<![\d.．])(?=\d{1,2}[.．、](?!\d))")
_ITEM_START = re.compile(r"\d{1,2}[.．、](?!\d)")


def row_parts(text: str, rowspan: int) -> list[str] | None:
    """The label of each row of a cell spanning ``rowspan`` rows, when the cell holds exactly
    that many numbered labels: a scan that lost the rules between "1.本机关不掌握…",
    "2.没有现成信息…" and "3.补正后…" reads them as one cell over three rows, and repeating the
    whole text in each row put the first row's values under the last label. Text before the
    first label (a parent label) starts every row's part. None otherwise: the cell is one label
    (a parent such as （三）不予公开) and every row repeats it."""
    if rowspan < 2:
        return None
    pieces = [p for p in _ITEM.split(text) if p.strip()]
    numbered = [p for p in pieces if _ITEM_START.match(p)]
    if len(numbered) != rowspan:
        return None
    prefix = "" if _ITEM_START.match(pieces[0]) else pieces[0]
    return [prefix + p for p in numbered]


_BROKEN_DECIMAL = re.compile(r"(?<=\d)\s+(?=[.．]\d)|(?<=\d[.．])\s+(?=\d)")
# A cell holding one number grouped by full-width commas ("272，673", typed with a Chinese input
# method): the thousands separator, as "272,673" is. Only a whole cell, grouped in threes: in
# prose "，" parts two numbers. Read as "272" "，" "673" the cell had given 行政许可 272.
_FULLWIDTH_GROUPED = re.compile(
    r"[-−－]?\d{1,3}(?:，\d{3})+(?:[.．]\d+)?(?:万元|元|件|项|条|个|次)?"
)


# The same standing alone between spaces or pipes in a line of text (a text browser's or
# pandoc's dump of that cell: "3  行政许可    272，673"): one number. Glued to text on either
# side it is prose's ("分别为125，300件") and stays as it was.
_FULLWIDTH_GROUPS = re.compile(
    r"(?<![^\s|])[-−－]?\d{1,3}(?:，\d{3})+(?:[.．]\d+)?(?=(?:万元|元|件|项|条|个|次)?(?:[\s|]|$))"
)


# The same glued to text on its left (lxml's text_content() joins a row's cells: "行政许可272，673";
# or a sentence, "分别为125，300"): one number or two, not told, so no value (it had given 272).
_GLUED_FULLWIDTH_GROUPS = re.compile(
    r"(?<![\d,，.．])\d{1,3}(?:，\d{3})+(?:[.．]\d+)?"
    # A group with more digits glued after it ("行政处罚63,5115行政强制": 63,511 and a 序号
    # column's 5, pdfminer's tagged text) is no group either: read as 63 it had given 行政处罚 63.
    r"|(?<![\d,])\d{1,3}(?:,\d{3})+\d+"
)


def _fullwidth_grouped(cell: str) -> str:
    return cell.replace("，", ",") if _FULLWIDTH_GROUPED.fullmatch(cell) else cell


def tokenize_grid(matrix: Sequence[Sequence[str]], grid: Grid | None = None) -> list[Token]:
    """A real grid (HTML, PDF cells): one token per cell, rows ended by ``eol``. A label spanning
    several columns is one cell, not one per column it covers."""
    lines = {}
    origin = {}
    if grid is not None:
        lines = {(c.row, c.col): c.provenance for c in grid.cells}
        origin = grid.origin()
    out: list[Token] = []
    for r, row in enumerate(matrix):
        for c, cell in enumerate(row):
            if c > 0 and origin and origin.get((r, c)) is origin.get((r, c - 1)) and cell:
                continue
            prov = lines.get((r, c))
            line = prov.line if prov else None
            page = prov.page if prov else None
            text = cell.strip()
            owner = origin.get((r, c)) if origin else None
            if owner is not None and owner.rowspan > 1:
                parts = row_parts(owner.text, owner.rowspan)
                if parts is not None:
                    text = parts[r - owner.row].strip()
            if not text:
                if origin and (r, c) not in origin:
                    # No cell there at all (a row with fewer cells than the table, A20): not a
                    # blank cell, which would be 0.
                    continue
                out.append(Token("blank", "", line, page, r, c))
                continue
            if parse_cell(text).kind == "blank":
                # A grid cell printing only a blank mark ("-", "—", "/", "无": the template's
                # "nothing here") is a visible blank in its place, as an empty cell is. Read as
                # text it had made the row's cells a label's, and a table printing its zeros as
                # "-" lost all its rows (session 12: qinglan2022_split, 178 fields null).
                out.append(Token("blank", "", line, page, r, c))
                continue
            # A decimal number wrapped in its cell at its point ("9116<br>.36", "312.<br>45"
            # in a narrow column) is one number: read as two numbers and a "." it had given the
            # row 9116. Other breaks inside a cell are left to the row's reading.
            text = _BROKEN_DECIMAL.sub("", text)
            text = _fullwidth_grouped(text)
            for tok in _flat_tokens(text, line, page):
                out.append(Token(tok.kind, tok.text, line, page, r, c))
        out.append(Token("eol", "", None, None, r, None))
    return out
