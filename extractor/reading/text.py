"""Plain text (and the flattened text crawlers make of web pages) → document."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.budget import caps
from extractor.document import (
    CELL_LINE_BREAK,
    Block,
    BlockKind,
    Document,
    Line,
    Page,
    Provenance,
)
from extractor.errors import TooLong
from extractor.reading.encoding import decode
from extractor.textnorm import fold_compat

# A heading line: short, numbered like the template (一、 / （一） / 1.), no sentence end. The
# longest official heading variant (因政府信息公开工作被申请行政复议…情况, with its number) is
# 41 characters; 48 leaves room for an agency's extra words. Shared by the sections stage and
# the table regions.
HEADING_MAX_CHARS = 48
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])"
)


# Three or more separate numbers make a flattened table row (一、本年新收… 21 0 0 0 0 0 21).
_TABLE_ROW = re.compile(r"(?:\s\d+(?:\.\d+)?){3,}\s*$")


def is_table_row(text: str) -> bool:
    return bool(_TABLE_ROW.search(text))


def is_heading_like(text: str) -> bool:
    t = text.strip()
    return (
        bool(_NUMBERED.match(t))
        and not _TABLE_ROW.search(t)
        and len(t) <= HEADING_MAX_CHARS
        and not t.endswith(("。", "；", ";", "，", ","))
        and "|" not in t
    )


def is_pipe_line(text: str) -> bool:
    return "|" in text


# A short line between two pipe lines still belongs to the table (A3: a value or header cell
# printed on its own line). 30 characters cover the longest cell label except the two long
# (六) labels, which always come with their own pipe.
TABLE_GAP_MAX_CHARS = 30


# &nbsp; cells at the end of a row flattened with spaces (`7.属于行政执法案卷 \xa0 \xa0 \xa0`):
# blank cells the table reader places (A17), which str.strip() would take.
_NBSP_CELLS_AT_END = re.compile(r"(?: \xa0+)+$")


# Spaces at the end of a row of blank cells after its label (pypdf writes a space for each:
# "2.其他法律行政法规禁止公开        "): kept for the tables stage, which believes them only
# where a table's rows show it.
_SPACE_CELLS_AT_END = re.compile(r"(?<=[\u4e00-\u9fff\d）)]) {2,}$")


def lines_to_blocks(
    lines: list[str],
    *,
    page: int | None = None,
    first_line: int = 1,
    numbers: Sequence[int] | None = None,
) -> list[Block]:
    """Group decoded lines into paragraph, heading and table blocks, keeping line numbers
    (``first_line`` is the number of ``lines[0]``; ``numbers``, when given, the source line of
    each line: several lines may come from one)."""
    base = first_line - 1
    blocks: list[Block] = []
    i, n = 0, len(lines)

    def number(k: int) -> int:
        return numbers[k] if numbers is not None else base + k + 1

    while i < n:
        text = lines[i].strip()
        if not text:
            if "\xa0" in lines[i] or lines[i].strip("\r\n") == " ":
                # A &nbsp; cell of a table printed one cell per line (A17) is a blank cell,
                # not nothing: kept as a line of its own. So may be a line of one space (the
                # space glyph a printed page's &nbsp; cell became: mutool, pdfminer), which the
                # tables stage believes only where the rows show it (``SPACE_CELL``).
                prov = Provenance(page=page, line=number(i))
                blank = "\xa0" if "\xa0" in lines[i] else " "
                blocks.append(Block("paragraph", (Line(blank, prov),), provenance=prov))
            i += 1
            continue
        if is_pipe_line(text):
            start = i
            table_lines: list[Line] = []
            while i < n:
                t = lines[i].strip()
                if is_pipe_line(t) or (
                    t
                    and len(t) <= TABLE_GAP_MAX_CHARS
                    and not is_heading_like(t)
                    and i + 1 < n
                    and is_pipe_line(lines[i + 1].strip())
                ):
                    table_lines.append(Line(t, Provenance(page=page, line=number(i))))
                    i += 1
                else:
                    break
            blocks.append(
                Block(
                    "table",
                    tuple(table_lines),
                    provenance=Provenance(page=page, line=number(start)),
                )
            )
            continue
        kind: BlockKind = "heading" if is_heading_like(text) else "paragraph"
        prov = Provenance(page=page, line=number(i))
        if (tail := _NBSP_CELLS_AT_END.search(lines[i].rstrip(" \t\r\n"))) or (
            kind == "paragraph" and (tail := _SPACE_CELLS_AT_END.search(lines[i].rstrip("\r\n")))
        ):
            # &nbsp; cells also after a numbered label taken for a heading (`二、上年结转…数量
            # \xa0 \xa0 …`): stripped, the row had printed nothing and taken the next group.
            text += tail.group(0)
        raw = lines[i].strip("\r\n")
        indent = len(raw) - len(raw.lstrip())
        blocks.append(Block(kind, (Line(text, prov, indent),), provenance=prov))
        i += 1
    return blocks


def tabs_to_pipes(line: str, separator: str = "\t") -> str:
    """A tab-separated row, as a browser copies a table (``innerText``, spreadsheet paste), as
    a pipe row: ``规章\t0\t\xa0\t5`` → ``规章 | 0 |  | 5 |``. A cell of spaces or no-break
    spaces (an HTML ``&nbsp;`` cell) is a blank cell, which the tab keeps in its place; without
    the tabs the row's blanks collapse (A6). Lines with pipes already, or no tab between two
    pieces of text, are left alone. ``separator``: see :func:`tab_separator`."""
    # Only line ends and ordinary spaces go: str.strip() would also take the tabs and the
    # no-break spaces of blank cells at the row's ends (上海 2019's blank 总计 cells).
    if "\t" not in line.strip(" \t\r\n") or "|" in line:
        return line  # an indent is no cell; pipes already say where the cells are
    # A row of blank &nbsp; cells after its label keeps them ("2.其他…\t\t\xa0 \t\t\xa0 "):
    # str.strip() had taken them with the tabs, and the row had seemed to print nothing.
    t = line.strip(" \r\n")
    cells = [c.strip() for c in t.split(separator)]
    return " | ".join(cells) + " |"


# A run of tabs between two pieces of a line's text.
_TABS_BETWEEN = re.compile(r"(?<=[^\t\n])\t+(?=[^\t\n])")


def tab_separator(text: str) -> str:
    """The tabs that part two cells: one, or as many as every run of tabs between text holds
    where all such runs in the text are alike and longer (resiliparse writes ``\t\t`` between
    cells: read one cell per tab, every row had an empty cell after each value and a blank
    ``&nbsp;`` row did not fit its width). A text that shows an empty cell anywhere has runs of
    two lengths, and keeps one tab per cell."""
    runs = {len(m.group(0)) for m in _TABS_BETWEEN.finditer(text)}
    if len(runs) == 1 and len(_TABS_BETWEEN.findall(text)) >= MIN_TAB_RUNS:
        return "\t" * runs.pop()
    return "\t"


# A table whose cells hold paragraphs (<td><p>…</p></td>, Word-pasted pages such as 上海 2019)
# comes out of a browser's innerText with each cell's text and each run of tabs on lines of
# their own, a blank line on either side ("一、本年新收…\n\n\t\n\n821\n\n\t\n\n35…", blank
# &nbsp; cells as "\t\xa0\t"). Rows are three or more newlines apart; the cells of one row, two.
_TAB_RUN = re.compile(r"\n\n([ \xa0]*\t[\t \xa0]*)(\n\n+)")
# Several such lines make the shape; one tab on a line of its own is a stray indent.
MIN_TAB_RUNS = 3


def cells_on_one_line(text: str) -> str:
    """Such rows put back on one tab-separated line. A run of tabs joins the cell before it;
    it joins the cell after it when it ends in a tab and only one blank line follows (a run
    ending in a blank cell's no-break space ends the row)."""
    if len(_TAB_RUN.findall(text)) < MIN_TAB_RUNS:
        return text

    def join(m: re.Match[str]) -> str:
        tabs, after = m.group(1), m.group(2)
        return tabs if tabs.endswith("\t") and after == "\n\n" else tabs + after

    return _TAB_RUN.sub(join, text)


# Raw HTML left in text by converters (A19: pandoc keeps a table with merged cells as HTML in
# markdown; markdown files carry <br>, <div>): a whole <table> is read as the web page's table,
# and other tags are dropped so that their attributes (colspan="3") are no numbers.
_RAW_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


# Markdown that converters write (pymupdf4llm, markitdown, html2text, pandoc): a heading's
# ``## `` and bold ``**2023**`` hide a heading's numbering and cut words; both go.
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BOLD = re.compile(r"\*\*|__")
# Markua and some markdown writers set numbers as code (`` `1` `5` ``, a Word-pasted 15 split
# into runs): the backticks go, the runs stay apart (the backticks had cut the cell into text
# and numbers, and the row's first number was read as the whole cell's).
_MD_CODE_NUMBER = re.compile(r"`(-?[\d.,]+)`")


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CELL_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def split_cell_lines(line: str) -> list[str]:
    """A markdown pipe row whose cells hold lines (``<br>``: pymupdf4llm, where a PDF table's
    rule between rows was not seen) as one pipe row per line, when the cells say the lines are
    rows: the first cell and every other cell that holds text have as many lines, none empty,
    each line of a value cell a number. An empty line is no blank cell (pymupdf4llm ends many
    cells with ``<br>``), so a row with one stays one, and so does a wrapped label or a cell
    whose lines are the numbers of several columns (``|（七）总计|23|0<br>0<br>0|``): its lines
    are joined by spaces, and a cell that then holds two rows' labels leaves them null."""
    if "|" not in line or not _BR.search(line):
        return [line]
    t = line.strip()
    if not (t.startswith("|") and t.endswith("|")):
        return [line]
    cells = [_lines(c) for c in t[1:-1].split("|")]
    n = len(cells[0])
    if n < 2 or not all(cells[0]):
        return [line]
    split = False
    for parts in cells[1:]:
        if not parts:
            continue
        if len(parts) != n or not all(_CELL_NUMBER.match(p) for p in parts):
            return [line]
        split = True
    if not split:
        return [line]
    return ["|" + "|".join(parts[k] if parts else "" for parts in cells) + "|" for k in range(n)]


def mark_cell_lines(line: str) -> str:
    """A markdown pipe row left whole by :func:`split_cell_lines` with its cells' number lines
    parted by ``CELL_LINE_BREAK`` instead of ``<br>``: such a cell prints several values (two
    rows' whose lines do not match, ``|6.…<br>7.…|138<br>133|33<br><br>21|``, or the numbers
    of several columns), never one number split into runs as a Word-pasted cell's spaces are.
    Joined as runs they had given 7.属于行政执法案卷 138133 for 138 and 133. Other ``<br>``
    (a wrapped label, a decimal point wrapped: ``9116<br>.36``) are left to :func:`_plain`."""
    if "|" not in line or not _BR.search(line):
        return line
    cells = line.split("|")
    out = []
    for cell in cells:
        parts = [p for p in _lines(cell) if p]
        if len(parts) > 1 and all(_CELL_NUMBER.match(p) for p in parts):
            cell = f" {f' {CELL_LINE_BREAK} '.join(parts)} "
        out.append(cell)
    return "|".join(out)


def _lines(cell: str) -> list[str]:
    parts = [p.strip() for p in _BR.split(cell)]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _plain(line: str) -> str:
    return _MD_CODE_NUMBER.sub(r"\1", _MD_BOLD.sub("", _MD_HEADING.sub("", _TAG.sub(" ", line))))


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NUMBER_PART = re.compile(r"^[\d.,\-]+$")


def unstack_header(line: str) -> list[str]:
    """A markdown table row whose cells stack two header rows with ``<br>`` as one row (the
    two PDF rows under a spanning cell: pymupdf4llm cuts the spanning label at the column
    lines and writes each piece above its column's own label, ``|未经复<br>结果<br>纠正|议直接<br>
    其他<br>结果|起诉<br>…|``) as two rows: the pieces above, in a row of their own so that
    they read as one label again, then the row's own labels. The row's own depth is the most
    common number of ``<br>`` lines of its cells (a label wrapped in its cell, 结果<br>维持,
    is two lines deep); cells deeper than that, two or more side by side, hold pieces of the
    row above. Rows with a number in them and other lines come back as they are."""
    if "|" not in line or not _BR.search(line):
        return [line]
    cells = line.split("|")
    parts = [[p.strip() for p in _BR.split(c)] for c in cells]
    depths = [len(p) for p, c in zip(parts, cells, strict=True) if c.strip()]
    # Header rows only: a value cell (3<br>0, a row of data merged) is no label.
    if len(depths) < 2 or any(_NUMBER_PART.match(x) for p in parts for x in p):
        return [line]
    common = max(sorted(set(depths)), key=depths.count)
    deeper = [len(p) > common and bool(c.strip()) for p, c in zip(parts, cells, strict=True)]
    # A spanning label covers two columns or more; one deeper cell is a label that wrapped
    # once more than the others, and the row's depth must be most of its cells'.
    runs = [len(r) for r in re.findall(r"1+", "".join("1" if d else "0" for d in deeper))]
    if not runs or min(runs) < 2 or 2 * depths.count(common) <= len(depths):
        return [line]
    # And the columns under a spanning label repeat labels the row prints elsewhere (结果纠正
    # under each of 行政复议, 未经复议直接起诉, 复议后起诉); a three-line label of its own
    # (社会<br>公益<br>组织 next to 法律<br>服务<br>机构) repeats nothing and stays whole.
    others = {tuple(p) for p, d in zip(parts, deeper, strict=True) if not d}
    if any(
        d and tuple(p[len(p) - common :]) not in others for p, d in zip(parts, deeper, strict=True)
    ):
        return [line]
    above = ["".join(p[: len(p) - common]) if len(p) > common else "" for p in parts]
    own = [
        " ".join(p[len(p) - common :]) if len(p) > common else c
        for p, c in zip(parts, cells, strict=True)
    ]
    above = [f" {a} " if a and 0 < i < len(cells) - 1 else a for i, a in enumerate(above)]
    return ["|".join(above), "|".join(own)]


# A tag that a hard wrap cut ("<t" / "d>0</td>", "0<" / "/td>"): its line break is no part of
# it. Left in, "<t\nd>" parsed as a tag <t> with an attribute d, and the cells after it shifted.
# A writer that wraps its lines at spaces (pandoc: "<td" / 'style="…"><p>0</p></td>') breaks a
# tag between its name and its attributes: that break is the space, and taken out it had made
# a tag <tdstyle>, and every cell of the table but the spanning ones was lost.
_TAG = re.compile(r"<[^<>]*>")
_TAG_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:-")
_NAME_AT = re.compile(r"[A-Za-z0-9_:-]+")
# The names a table's markup is made of (tags and attributes): a break between two pieces that
# join into one of them is a cut; between two whole names, or after a name's end, a space.
# fmt: off
_HTML_NAMES = frozenset({
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "p", "br",
    "div", "span", "font", "b", "strong", "i", "em", "u", "sup", "sub", "a", "center", "style",
    "class", "colspan", "rowspan", "width", "height", "align", "valign", "border", "bgcolor",
    "cellspacing", "cellpadding", "id", "name", "lang", "href", "src",
})
# fmt: on


def _mend_tag(tag: str) -> str:
    """The line breaks inside one tag: a break that cuts a name or a value goes; one between
    two names, or between a name and what follows it outside quotes, is a space. One pass over
    the tag (a tag of thousands of broken lines is hostile input, not a table)."""
    out: list[str] = []
    pos = 0
    quote = ""
    tail = ""  # the name characters the text so far ends with
    end = ""  # the text so far, its last two characters
    for m in _TAG_BREAK.finditer(tag):
        before = tag[pos : m.start()]
        for ch in before:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
        k = len(before)
        while k and before[k - 1] in _NAME_CHARS:
            k -= 1
        # No markup name is longer than 32 characters: a longer run is no name to find.
        tail = (tail + before if k == 0 else before[k:])[-32:]
        end = (end + before)[-2:]
        out.append(before)
        pos = m.end()
        if quote or end.endswith(("<", "</")):
            continue
        right = _NAME_AT.match(tag, pos)
        if tail and right:
            joined = (tail + right.group(0)).lower()
            whole = tail.lower() in _HTML_NAMES or right.group(0).lower() in _HTML_NAMES
            if joined in _HTML_NAMES or not whole:
                continue
        out.append(" ")
        tail, end = "", (end + " ")[-2:]
    out.append(tag[pos:])
    return "".join(out)


def _html_blocks(fragment: str) -> list[Block]:
    from extractor.reading.html import read_html

    fragment = _TAG.sub(lambda m: _mend_tag(m.group(0)), fragment)
    return [b for page in read_html(fragment.encode("utf-8")).pages for b in page.blocks]


# Tables drawn with box-drawing characters (elinks -dump, some CLI and converter dumps): cells
# between │ bars, rows between rule lines (├──┼──┤). A cell too narrow for its text wraps onto
# more lines of the same row (│一、本年新收政府信息公开申请 │142│ / │数量 │ │), so every line
# between two rules is one row: its cells are joined column by column.
_BOX_BAR = re.compile(r"[│┃║]")
_BOX_RULE = re.compile(r"^[\s\u2500-\u257f]*[─━═][\s\u2500-\u257f]*$")


_NUMERIC_CELL = re.compile(r"^[-+]?[\d,.]+\s*(?:万元|元|件)?$")


def _join_cells(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def box_rows(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Box-drawn table rows on one line each (numbered as the row's first line), cells
    between │ bars as the tables stage reads them. Other lines come back as they are."""
    out: list[tuple[int, str]] = []
    row: list[tuple[int, list[str]]] = []
    printed = dict(lines)

    def flush() -> None:
        if not row:
            return
        number, cells = row[0]
        # One row wrapped over lines prints its values on one of them; lines that each hold a
        # number are rows of their own, drawn without rules between them (rich, prettytable):
        # joined, "规章 0 1 2" and "行政规范性文件 5 3 191" had become one row of neither.
        valued = sum(1 for _, c in row if any(_NUMERIC_CELL.match(x) for x in c))
        if valued <= 1 and all(len(c) == len(cells) for _, c in row):
            joined = cells
            for _, more in row[1:]:
                joined = [_join_cells(x, y) for x, y in zip(joined, more, strict=True)]
            out.append((number, "│" + "│".join(joined) + "│"))
        else:
            # Bars that do not line up (a cell spanning columns on one line only), or rows of
            # their own: as printed, padding kept (the tables stage tells a wrapped cell by it).
            out.extend((n, printed[n]) for n, _ in row)
        row.clear()

    for number, line in lines:
        if _BOX_RULE.match(line) and line.strip():
            flush()
            out.append((number, line))
            continue
        if _BOX_BAR.search(line):
            cells = [c.strip() for c in _BOX_BAR.split(line.strip())]
            if cells and not cells[0]:
                cells = cells[1:]
            if cells and not cells[-1]:
                cells = cells[:-1]
            row.append((number, cells))
            continue
        flush()
        out.append((number, line))
    flush()
    return out


# roff (man, ms: pandoc's `-t man` / `-t ms`, groff sources): every CJK character escaped as
# \[u5E73], quotes as \[lq], a minus as \-, fonts as \f[B]; paragraphs are ".PP" requests.
# Unescaped, the text reads like any other; a table (.TS … .TE) is left to the tables stage.
_ROFF_REQUEST = re.compile(
    r"^\.(?:PP|LP|P|IP|TP|HP|sp|br|na|ad|nh|hy|fi|nf|in|ti|RS|RE|ft|ne)\b.*$", re.M
)
_ROFF_HEADING = re.compile(r'^\.(?:SH|SS|NH|TL|TH|B|I|BR|IR|BI)\b[ \t]*"?([^"\n]*)"?[ \t]*$', re.M)
_ROFF_ESCAPE = re.compile(
    r"\\(?:\[([^\]\s]{1,40})\]|\(([^\s]{2})"  # named glyphs: \[u5E73], \[lq], \(lq
    r"|f(?:\[[^\]]*\]|\([A-Za-z]{2}|[A-Za-z0-9])|s[-+]?\d+"  # fonts and sizes: dropped
    r"|([-~ &c%|^e]))"  # \- minus, \~ and "\ " spaces, \& \c \% \| \^ nothing, \e backslash
)
_ROFF_NAMED = {
    "lq": "“", "rq": "”", "oq": "‘", "cq": "’", "dq": '"', "aq": "'", "em": "—", "en": "–",
    "hy": "-", "bu": "•", "ti": "~", "rs": "\\", "at": "@", "sl": "/", "ha": "^", "lB": "[",
    "rB": "]", "lC": "{", "rC": "}", "mi": "-", "pl": "+", "eq": "=", "mu": "×", "di": "÷",
}  # fmt: skip
# \[u5E73], \[u0041_0301]: four to six hex digits per code point.
_ROFF_UNICODE = re.compile(r"u[0-9A-Fa-f]{4,6}(?:_[0-9A-Fa-f]{4,6})*")
_ROFF_CHAR = {"-": "-", "~": " ", " ": " ", "e": "\\"}


def _roff_char(m: re.Match[str]) -> str:
    name = m.group(1) or m.group(2)
    if name is not None:
        if _ROFF_UNICODE.fullmatch(name):
            try:
                return "".join(chr(int(part, 16)) for part in name[1:].split("_"))
            except ValueError:
                return "?"
        # An unknown glyph is no digit: "?" keeps the numbers around it apart.
        return _ROFF_NAMED.get(name, "?")
    return _ROFF_CHAR.get(m.group(3) or "", "")


def unroff(text: str) -> str:
    """The text of a roff document (see above); any other text as it is."""
    if len(_ROFF_REQUEST.findall(text, 0, 200_000)) < 3:
        return text
    text = _ROFF_HEADING.sub(lambda m: m.group(1), text)
    text = _ROFF_REQUEST.sub("", text)
    return _ROFF_ESCAPE.sub(_roff_char, text)


def read_text(data: bytes) -> Document:
    text, encoding = decode(data)
    check_text_size(text)
    text = unroff(text)
    # Text converted from PDFs keeps the PDF's look-alike code points (⼀ U+2F00 for 一, ⾏ for
    # 行), which no heading or label pattern matches.
    text = cells_on_one_line(fold_compat(text))
    separator = tab_separator(text)
    blocks: list[Block] = []
    pos = 0
    for m in [*_RAW_TABLE.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        first = text.count("\n", 0, pos) + 1
        lines: list[str] = []
        numbers: list[int] = []
        numbered = list(enumerate(text[pos:end].splitlines(), first))
        if _BOX_BAR.search(text, pos, end):
            numbered = box_rows(numbered)
        for number_, line in numbered:
            for row in split_cell_lines(line):
                for piece in unstack_header(mark_cell_lines(row)):
                    lines.append(tabs_to_pipes(_plain(piece), separator))
                    numbers.append(number_)
        blocks.extend(lines_to_blocks(lines, numbers=numbers))
        if m is not None:
            blocks.extend(_html_blocks(m.group(0)))
            pos = m.end()
    return Document(
        kind="txt",
        pages=(Page(1, tuple(blocks)),),
        paged=False,
        meta={"encoding": encoding},
    )


def check_text_size(text: str) -> None:
    """Fail decoded text past ``Options.max_chars`` or ``max_lines`` (TooLong) before any
    stage reads it: counted in C, where the stages take ~10 us a character (a million lines
    of one character took 9 s and 570 MB before the count after reading)."""
    options = caps()
    if len(text) > options.max_chars:
        raise TooLong(
            f"{len(text):,} characters, more than Options.max_chars ({options.max_chars:,})"
        )
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > options.max_lines:
        raise TooLong(f"{lines:,} lines, more than Options.max_lines ({options.max_lines:,})")
