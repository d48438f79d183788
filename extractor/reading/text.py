"""Plain text (and the flattened text crawlers make of web pages) → document."""

from __future__ import annotations

import re

from extractor.document import Block, BlockKind, Document, Line, Page, Provenance
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


def lines_to_blocks(
    lines: list[str], *, page: int | None = None, first_line: int = 1
) -> list[Block]:
    """Group decoded lines into paragraph, heading and table blocks, keeping line numbers
    (``first_line`` is the number of ``lines[0]``)."""
    base = first_line - 1
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        text = lines[i].strip()
        if not text:
            if "\xa0" in lines[i]:
                # A &nbsp; cell of a table printed one cell per line (A17) is a blank cell,
                # not nothing: kept as a line of its own.
                prov = Provenance(page=page, line=base + i + 1)
                blocks.append(Block("paragraph", (Line("\xa0", prov),), provenance=prov))
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
                    table_lines.append(Line(t, Provenance(page=page, line=base + i + 1)))
                    i += 1
                else:
                    break
            blocks.append(
                Block(
                    "table",
                    tuple(table_lines),
                    provenance=Provenance(page=page, line=base + start + 1),
                )
            )
            continue
        kind: BlockKind = "heading" if is_heading_like(text) else "paragraph"
        prov = Provenance(page=page, line=base + i + 1)
        if kind == "paragraph" and (tail := _NBSP_CELLS_AT_END.search(lines[i].rstrip(" \t\r\n"))):
            text += tail.group(0)
        blocks.append(Block(kind, (Line(text, prov),), provenance=prov))
        i += 1
    return blocks


def tabs_to_pipes(line: str) -> str:
    """A tab-separated row, as a browser copies a table (``innerText``, spreadsheet paste), as
    a pipe row: ``规章\t0\t\xa0\t5`` → ``规章 | 0 |  | 5 |``. A cell of spaces or no-break
    spaces (an HTML ``&nbsp;`` cell) is a blank cell, which the tab keeps in its place; without
    the tabs the row's blanks collapse (A6). Lines with pipes already, or no tab between two
    pieces of text, are left alone."""
    # Only line ends and ordinary spaces go: str.strip() would also take the tabs and the
    # no-break spaces of blank cells at the row's ends (上海 2019's blank 总计 cells).
    if "\t" not in line.strip() or "|" in line:
        return line  # an indent is no cell; pipes already say where the cells are
    t = line.strip(" \r\n")
    cells = [c.strip() for c in t.split("\t")]
    return " | ".join(cells) + " |"


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


def _plain(line: str) -> str:
    return _MD_BOLD.sub("", _MD_HEADING.sub("", _TAG.sub(" ", line)))


def _html_blocks(fragment: str) -> list[Block]:
    from extractor.reading.html import read_html

    return [b for page in read_html(fragment.encode("utf-8")).pages for b in page.blocks]


def read_text(data: bytes) -> Document:
    text, encoding = decode(data)
    # Text converted from PDFs keeps the PDF's look-alike code points (⼀ U+2F00 for 一, ⾏ for
    # 行), which no heading or label pattern matches.
    text = cells_on_one_line(fold_compat(text))
    blocks: list[Block] = []
    pos = 0
    for m in [*_RAW_TABLE.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        first = text.count("\n", 0, pos) + 1
        chunk = text[pos:end].splitlines()
        lines = [tabs_to_pipes(_plain(line)) for line in chunk]
        blocks.extend(lines_to_blocks(lines, first_line=first))
        if m is not None:
            blocks.extend(_html_blocks(m.group(0)))
            pos = m.end()
    return Document(
        kind="txt",
        pages=(Page(1, tuple(blocks)),),
        paged=False,
        meta={"encoding": encoding},
    )
