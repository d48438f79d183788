"""Tables written in a markup language, turned into rows the token reader knows.

Two families that converters write and no site prints, found by trying converters nobody had
used on the team's documents (session 8):

- **ASCII grid tables**: ``+-----+-----+`` rules around ``| cell | cell |`` lines, a row's cells
  wrapped over several lines between two rules (reStructuredText grid tables, as pandoc writes
  them; Python's tabulate and prettytable, MySQL's client). They are box drawing in ASCII, so
  they become box drawing and :func:`extractor.tables.tokens.unbox` joins the wrapped rows.
  Without this each wrapped line was a row of its own: pandoc's RST kept 5.7% of the fields.
- **LaTeX tabulars** (pandoc ``-t latex``, PDF-to-LaTeX tools): ``&`` between cells, ``\\\\``
  ending a row that may run over several lines, spans as ``\\multicolumn{3}{l}{2293}``. The
  digits of a command's arguments are not printed numbers: read as text they put the 3 of
  ``\\multicolumn{3}`` in 行政许可's cell (36 wrong values over 9 documents). Rows become pipe
  rows of the cells' text; a cell holding a command this module does not know becomes ``?``,
  which no reading takes as a number.
- **Comma-separated rows** (a table saved as CSV, or pasted from one): cells between ASCII
  commas (or semicolons), quoted or not. Read as text, a row's empty fields vanished and
  ``"1 5"`` lost its quotes (5 wrong values over 9 documents); as pipe rows they are cells, an
  empty field a visible blank.
- **Cells behind markers** (session 9 and 10): texinfo ``@multitable``, ConTeXt ``\\startxtable``,
  troff's tbl and XWiki tables, whose cells stand on lines of their own, as pipe rows.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
from collections.abc import Iterable

from extractor.document import Line

# -- ASCII grid ---------------------------------------------------------------------------------

# A rule: "+" then runs of "-", "=" or ":" each closed by "+" (at least one run).
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_RUN = re.compile(r"\+(?:[-=:]+\+)+")
# A cell line of a grid: bars at both ends (a partial rule of a spanning cell has "+---+" in it).
_GRID_CELLS = re.compile(r"^\s*[|+].*[|+]\s*$")


def _box_rule(m: re.Match[str]) -> str:
    return m.group(0).translate(_RULE_CHARS)


_RULE_CHARS = str.maketrans({"+": "┼", "-": "─", "=": "═", ":": "─"})


_NUMERIC = re.compile(r"^[-+]?[\d,，.．%]+$")


def _grid_parts(text: str) -> list[str]:
    parts = text.strip().split("|")
    return parts[1:-1] if len(parts) >= 3 else parts


def _continues(first: list[str], line: list[str]) -> bool:
    """Whether a cell line under the first of its row only goes on with the first line's text:
    no number in it, text only in columns the first line wrote in."""
    if len(line) != len(first):
        return False
    for top, part in zip(first, line, strict=True):
        text = part.strip()
        if text and (not top.strip() or _NUMERIC.match(text)):
            return False
    return True


def _grid_row(group: list[Line]) -> list[Line]:
    """The cell lines between two rules. A row wrapped over them (pandoc's RST: "2" / ".重复" /
    "申请" for 2.重复申请, its values on the first line) is one row when every line after the
    first only goes on with the first line's text; otherwise (prettytable and MySQL print many
    one-line rows between two rules) the lines are left to :func:`unbox`, which joins only cells
    that fill their width."""
    parts = [_grid_parts(line.text) for line in group]
    if len(group) > 1 and all(_continues(parts[0], p) for p in parts[1:]):
        merged = ["".join(p[i].strip() for p in parts) for i in range(len(parts[0]))]
        return [Line("│" + "│".join(merged) + "│", group[0].provenance)]
    return [Line(_GRID_RUN.sub(_box_rule, line.text).replace("|", "│"), line.provenance)
            for line in group]  # fmt: skip


def ascii_grid(lines: Iterable[Line]) -> list[Line]:
    """Lines of ASCII grid tables as box drawing; every other line as it was.

    A grid starts at a rule line and goes on while lines are rules or bar-ended cell lines, so a
    markdown or org table (``|---|``, ``|---+---|`` separators) is never taken for one."""
    out: list[Line] = []
    inside = False
    group: list[Line] = []
    for line in lines:
        text = line.text
        if inside and _GRID_CELLS.match(text) and not _GRID_RUN.search(text):
            group.append(line)
            continue
        out.extend(_grid_row(group) if group else [])
        group = []
        if _GRID_RULE.match(text):
            inside = True
            out.append(Line(_GRID_RUN.sub(_box_rule, text), line.provenance))
            continue
        if inside and _GRID_CELLS.match(text):
            # a partial rule under a spanning cell
            out.append(Line(_GRID_RUN.sub(_box_rule, text).replace("|", "│"), line.provenance))
            continue
        inside = False
        out.append(line)
    out.extend(_grid_row(group) if group else [])
    return out


# -- LaTeX --------------------------------------------------------------------------------------

_TEX_BEGIN = re.compile(r"\\begin\{(?:tabular[x*]?|longtable|longtabu|tabu|array|supertabular)\}")
_TEX_END = re.compile(r"\\end\{(?:tabular[x*]?|longtable|longtabu|tabu|array|supertabular)\}")
# Lines inside a tabular that carry no cell: rules, header/footer markers, captions.
_TEX_NOISE = {
    "toprule", "midrule", "bottomrule", "hline", "endhead", "endfirsthead", "endfoot",
    "endlastfoot", "cline", "cmidrule", "addlinespace", "caption", "label", "noalign",
    "centering", "raggedright", "raggedleft", "arraybackslash", "strut", "small", "footnotesize",
    "scriptsize", "normalsize", "tabularnewline",
}  # fmt: skip
# Commands whose last brace argument is the cell's text, with how many arguments come before it
# (optional [..] arguments are skipped wherever they stand).
_TEX_WRAPPERS = {
    "multicolumn": 2, "multirow": 2, "makecell": 0, "textbf": 0, "textit": 0, "emph": 0,
    "underline": 0, "mbox": 0, "text": 0, "textrm": 0, "textsf": 0, "texttt": 0, "shortstack": 0,
    "parbox": 1, "thead": 0,
}  # fmt: skip
_TEX_DROP = {
    "centering", "raggedright", "raggedleft", "arraybackslash", "strut", "newline", "linebreak",
    "par", "hfill", "quad", "qquad", "relax", "noindent", "small", "footnotesize", "scriptsize",
    "normalsize", "bfseries", "itshape",
}  # fmt: skip
_TEX_ESCAPES = {"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " "}
_UNKNOWN = "?"
_NAME = re.compile(r"[A-Za-z]+")


def _group(text: str, i: int) -> tuple[str, int] | None:
    """The text of the brace group opening at ``text[i]`` and the index after it."""
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        ch = text[j]
        if ch == "\\":
            continue
        if ch == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif ch == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
    return None


def _skip_options(text: str, i: int) -> int:
    while i < len(text) and text[i] in " [":
        if text[i] == "[":
            end = text.find("]", i)
            if end < 0:
                return i
            i = end + 1
        else:
            i += 1
    return i


def tex_text(cell: str) -> str:
    """A cell's printed text: wrapper commands unwrapped, layout commands dropped, escapes
    undone; ``?`` where a command is not known (its arguments may hold digits)."""
    out: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\":
            if i + 1 < len(cell) and cell[i + 1] in _TEX_ESCAPES:
                out.append(_TEX_ESCAPES[cell[i + 1]])
                i += 2
                continue
            if cell.startswith("\\\\", i):  # a line break inside the cell
                i += 2
                continue
            m = _NAME.match(cell, i + 1)
            if m is None:
                i += 1
                continue
            name, i = m.group(0), m.end()
            if name in _TEX_WRAPPERS:
                for _ in range(_TEX_WRAPPERS[name]):
                    i = _skip_options(cell, i)
                    got = _group(cell, i)
                    if got is None:
                        return _UNKNOWN
                    i = got[1]
                i = _skip_options(cell, i)
                got = _group(cell, i)
                if got is None:
                    return _UNKNOWN
                out.append(tex_text(got[0]))
                i = got[1]
                continue
            if name in ("begin", "end"):
                # an environment inside a cell (pandoc's minipage): its name and size go
                i = _skip_options(cell, i)
                got = _group(cell, i)
                if got is not None:
                    i = _skip_options(cell, got[1])
                    while (size := _group(cell, i)) is not None:
                        i = _skip_options(cell, size[1])
                continue
            if name in _TEX_DROP:
                continue
            return _UNKNOWN
        if ch in "{}":
            i += 1
            continue
        if ch == "~":
            out.append(" ")
            i += 1
            continue
        out.append(ch)
        i += 1
    return " ".join("".join(out).replace("``", "“").replace("''", "”").split())


def _cells(row: str) -> list[str]:
    """A row split at its unescaped ``&`` that stand outside braces."""
    cells: list[str] = []
    depth = 0
    start = 0
    for j, ch in enumerate(row):
        if ch == "{" and (j == 0 or row[j - 1] != "\\"):
            depth += 1
        elif ch == "}" and (j == 0 or row[j - 1] != "\\"):
            depth = max(0, depth - 1)
        elif ch == "&" and depth == 0 and (j == 0 or row[j - 1] != "\\"):
            cells.append(row[start:j])
            start = j + 1
    cells.append(row[start:])
    return cells


_ROW_END = re.compile(r"(?<!\\)\\\\\s*(?:\[[^\]]*\])?\s*$")


def untex(lines: Iterable[Line]) -> list[Line]:
    """LaTeX tabulars as pipe rows: a row gathered over its lines up to ``\\\\``, split at
    ``&``, each cell reduced to its text. Lines outside a tabular are kept."""
    out: list[Line] = []
    inside = False
    pending: list[Line] = []

    def flush() -> None:
        if not pending:
            return
        row = " ".join(p.text.strip() for p in pending)
        row = _ROW_END.sub("", row)
        cells = [tex_text(c) for c in _cells(row)]
        if any(cells):
            out.append(Line("| " + " | ".join(cells) + " |", pending[0].provenance))
        pending.clear()

    for line in lines:
        text = line.text
        if not inside:
            if _TEX_BEGIN.search(text):
                inside = True
                continue
            out.append(line)
            continue
        if _TEX_END.search(text):
            flush()
            inside = False
            continue
        stripped = text.strip()
        if not pending and (not stripped or _noise_only(stripped)):
            continue
        pending.append(line)
        if _ROW_END.search(text):
            flush()
    flush()
    return out


_NOISE_COMMAND = re.compile(r"\\([A-Za-z]+)\*?\s*(?:\{[^{}]*\}|\[[^\]]*\]|\([^)]*\))*\s*")


def _noise_only(text: str) -> bool:
    """Whether a line holds only commands that carry no cell (rules, header markers, captions)."""
    i = 0
    while i < len(text):
        m = _NOISE_COMMAND.match(text, i)
        if m is None or m.group(1) not in _TEX_NOISE:
            return False
        i = m.end()
    return True


# -- comma-separated rows -----------------------------------------------------------------------

# A comma that separates cells rather than digit groups: after a label's character, a closing
# bracket or quote, at the start of the line, or next to another comma or a quote. A semicolon
# (spreadsheets set to a European locale) the same way.
_SEPARATES = {
    sep: re.compile(rf"^{sep}|{sep}{sep}|[\u4e00-\u9fff）)\"”]{sep}|{sep}\"") for sep in (",", ";")
}


# A row of values only ("0;0;1;1", "0,0,0,1,1"): every field a number or empty.
_VALUES_ONLY = {
    sep: re.compile(rf"^\s*[-\d.]*\s*(?:{sep}\s*[-\d.]*\s*){{2,}}$") for sep in (",", ";")
}
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


# A label and its one value ("行政事业性收费;0"): a row of two fields.
_LABEL_VALUE = {
    sep: re.compile(rf"^[^,;]*[\u4e00-\u9fff）)]{sep}\s*-?[\d.]+\s*$") for sep in (",", ";")
}


def _delimiter(text: str) -> str | None:
    if "|" in text or "\t" in text:
        return None
    for sep, separates in _SEPARATES.items():
        if _LABEL_VALUE[sep].match(text):
            return sep
        if text.count(sep) < 2:
            continue
        if separates.search(text):
            return sep
        if _VALUES_ONLY[sep].match(text) and not _THOUSANDS.match(text.strip()):
            # values alone: "1,234,567" is one number with thousands separators, "0,0,1" three
            return sep
    return None


def uncsv(lines: Iterable[Line]) -> list[Line]:
    """Comma- (or semicolon-) separated rows as pipe rows. A line is such a row when it has no
    pipe or tab and is a label and one value, or has at least three fields and a separator
    that stands between cells
    (:data:`_SEPARATES`): "1,234" and "1,234,567" alone stay numbers with thousands separators,
    and prose writes "，" and "；"."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        sep = _delimiter(text)
        if sep is None:
            out.append(line)
            continue
        try:
            fields = next(csv.reader([text], delimiter=sep))
        except (csv.Error, StopIteration):
            out.append(line)
            continue
        if len(fields) < 2:
            out.append(line)
            continue
        cells = [f.strip().replace("|", "／") for f in fields]
        out.append(Line("| " + " | ".join(cells) + " |", line.provenance))
    return out


# -- tables with a marker before every cell -----------------------------------------------------
#
# Typesetting formats write a table one cell per line, each cell opened (and maybe closed) by a
# marker: texinfo (`@multitable`, a row per `@item`, a cell per `@tab`), ConTeXt
# (`\startxrow` … `\startxcell 2293 \stopxcell` … `\stopxrow`) and troff's tbl (`.TS`, cells
# in `T{` … `T}` blocks, a tab between the cells of a row). Read as text, a row's values were
# lines apart, each behind its marker: a short row's first value read with collapsed blanks
# had given 2 for a printed 25. As pipe rows their cells are cells, an empty one a blank.

_TEXI_BEGIN = re.compile(r"^\s*@multitable\b")
_TEXI_END = re.compile(r"^\s*@end\s+multitable\b")
_TEXI_ROW = re.compile(r"^\s*@(?:item|headitem)\b")
_TEXI_CELL = re.compile(r"(?:^|\s)@tab\b")
_CONTEXT_CELL = re.compile(r"\\startxcell(?:\[[^\]]*\])?(.*?)\\stopxcell", re.S)
_CONTEXT_ROW = re.compile(r"\\startxrow(?:\[[^\]]*\])?(.*?)\\stopxrow", re.S)
# An XWiki table (pandoc -t xwiki): rows begin with "|" ("|=" a header cell) and never end with
# one; a cell holding paragraphs (a Word-pasted cell) is a "(((" … ")))" group over several lines.
_XWIKI_START = re.compile(r"^\|(?:=|\(\(\()")


def _pipe(cells: list[str], provenance: Line) -> Line | None:
    texts = [" ".join(c.split()) for c in cells]
    if not any(texts):
        return None
    return Line("| " + " | ".join(texts) + " |", provenance.provenance)


def uncell(lines: Iterable[Line]) -> list[Line]:
    """texinfo, ConTeXt and tbl tables as pipe rows; lines outside them are kept."""
    items = list(lines)
    out: list[Line] = []
    i = 0
    while i < len(items):
        text = items[i].text
        if _TEXI_BEGIN.match(text):
            end = next(
                (j for j in range(i + 1, len(items)) if _TEXI_END.match(items[j].text)), None
            )
            if end is not None:
                out.extend(_texinfo_rows(items[i + 1 : end]))
                i = end + 1
                continue
        elif text.strip() == "\\startxtable" or text.strip().startswith("\\startxtable["):
            end = next(
                (j for j in range(i + 1, len(items)) if items[j].text.strip() == "\\stopxtable"),
                None,
            )
            if end is not None:
                out.extend(_context_rows(items[i + 1 : end]))
                i = end + 1
                continue
        elif _XWIKI_START.match(text) and ("(((" in text or text.rstrip()[-1] != "|"):
            rows, i = _xwiki_rows(items, i)
            out.extend(rows)
            continue
        elif text.strip() == ".TS":
            end = next(
                (j for j in range(i + 1, len(items)) if items[j].text.strip() == ".TE"), None
            )
            if end is not None:
                out.extend(_tbl_rows(items[i + 1 : end]))
                i = end + 1
                continue
        out.append(items[i])
        i += 1
    return out


# "@ " is a space (an &nbsp; cell: a blank), "@@", "@{", "@}" the characters, "@*" a break.
# A line's trailing space may be gone: "@" at its end is "@ ".
_TEXI_ESCAPE = re.compile(r"@([ @{}*.:!?]|$)")


def _texi_char(m: re.Match[str]) -> str:
    return " " if m.group(1) in ("", " ", "*") else m.group(1)


def _texinfo_rows(body: list[Line]) -> list[Line]:
    rows: list[tuple[Line, list[str]]] = []
    for line in body:
        text = line.text
        if _TEXI_ROW.match(text):
            rows.append((line, [""]))
            text = _TEXI_ROW.sub("", text, count=1)
        if not rows:
            continue
        parts = [_TEXI_ESCAPE.sub(_texi_char, part) for part in _TEXI_CELL.split(text)]
        cells = rows[-1][1]
        cells[-1] += " " + parts[0]
        cells.extend(parts[1:])
    return [p for first, cells in rows if (p := _pipe(cells, first)) is not None]


def _context_rows(body: list[Line]) -> list[Line]:
    text = "\n".join(line.text for line in body)
    starts = [0, *itertools.accumulate(len(line.text) + 1 for line in body)]
    out: list[Line] = []
    for row in _CONTEXT_ROW.finditer(text):
        at = bisect.bisect_right(starts, row.start()) - 1
        cells = [tex_text(m.group(1)) for m in _CONTEXT_CELL.finditer(row.group(1))]
        if (p := _pipe(cells, body[min(at, len(body) - 1)])) is not None:
            out.append(p)
    return out


def _xwiki_rows(items: list[Line], i: int) -> tuple[list[Line], int]:
    """The XWiki table from line i as pipe rows, and the index after it. Read as it stands each
    line of a group was a row of its own: its value on one line, the ")))" closing it and the
    next cell's value on the next, so 196 of a table's 200 fields were lost."""
    out: list[Line] = []
    while i < len(items) and items[i].text.startswith("|"):
        first = items[i]
        parts = [first.text]
        # Groups still open, counted line by line (recounting the joined text each line was
        # quadratic in an unclosed group's length).
        open_groups = first.text.count("(((") - first.text.count(")))")
        i += 1
        while open_groups > 0 and i < len(items):
            parts.append(items[i].text)
            open_groups += items[i].text.count("(((") - items[i].text.count(")))")
            i += 1
        text = "\n".join(parts)
        cells: list[str] = []
        depth = 0
        cell = ""
        k = 1
        while k < len(text):
            if text.startswith("(((", k):
                depth, k = depth + 1, k + 3
            elif text.startswith(")))", k) and depth:
                depth, k = depth - 1, k + 3
            elif text[k] == "|" and not depth:
                cells.append(cell)
                cell, k = "", k + 1
            else:
                cell, k = cell + text[k], k + 1
        cells.append(cell)
        cells = [c[1:] if c.startswith("=") else c for c in cells]
        if (p := _pipe(cells, first)) is not None:
            out.append(p)
    return out, i


_PIPES = re.compile(r"\s*\|\s*")
_TBL_TAB = re.compile(r"\btab\s*\((.)\)")


def _tbl_rows(body: list[Line]) -> list[Line]:
    # The options ("tab(^I);") and the format ("l l l l.") come first, ended by a ".".
    data = next((k + 1 for k, line in enumerate(body) if line.text.rstrip().endswith(".")), 0)
    # The cell separator: a tab unless the options name another ("tab(@);", pandoc's man).
    sep = next((m.group(1) for line in body[:data] if (m := _TBL_TAB.search(line.text))), "\t")
    sep = "\t" if sep.strip() in ("", "|") else sep
    out: list[Line] = []
    cells: list[str] = []
    first: Line | None = None
    in_block = False
    for line in body[data:]:
        # The text reader writes a line's tabs as pipes ("T} | T{ |").
        text = line.text if "\t" in line.text else _PIPES.sub("\t", line.text).rstrip("\t")
        if sep != "\t":
            text = text.replace(sep, "\t")
        if not in_block and text.startswith("."):
            continue  # a request (.PP, .sp) between rows
        if first is None:
            first = line
        if in_block:
            if not text.startswith("T}"):
                if not text.startswith("."):
                    cells[-1] += " " + text
                continue
            in_block = False
            text = text[2:]
            if not text:
                if (p := _pipe(cells, first)) is not None:
                    out.append(p)
                cells, first = [], None
                continue
            text = text.lstrip("\t")
        parts = text.split("\t")
        for part in parts:
            if part.startswith("T{"):
                cells.append(part[2:])
                in_block = True
            else:
                cells.append(part)
        if not in_block:
            if (p := _pipe(cells, first)) is not None:
                out.append(p)
            cells, first = [], None
    return out
