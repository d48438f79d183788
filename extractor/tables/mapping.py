"""Tokens → template table: which table a stream of cells is, and the value of every field.

``map_tokens`` runs the chain for one template (assemble logical rows, then solve their values);
``best_mapping`` tries every template and keeps the one the cells fit best.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.fields import is_amount
from extractor.tables.assemble import PREFIX_MIN, Assembly, Reading, assemble
from extractor.tables.labels import normalize, normalize_chars
from extractor.tables.repair import Cell, Solution, rule_can_hold, solve, trailing_blanks
from extractor.tables.templates import TableTemplate, expand, templates
from extractor.tables.tokens import SPACE_CELL, Token

logger = logging.getLogger(__name__)

# Words of table 四's header rows; the data row is the run of values after the last of them.
_REVIEW_HEADER = re.compile(
    r"^(?:行政复议|行政诉讼|未经复议直接起诉|复议后起诉|[\s结果维持纠正其他尚未审总计])+$"
)
# Each number no label took costs this much when templates compete: a quarter of a row's
# worth, so that one stray footnote number never outweighs a matched row.
LEFTOVER_COST = 0.25

MIN_REVIEW_ANCHORS = 3

# Table 四's column words in the template's order: each of its three blocks (复议, 直接起诉,
# 复议后起诉) prints 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 left to right. "审结" alone
# stands for 尚未审结 (a narrow cell cut "尚未" / "审结").
_REVIEW_COLUMNS = re.compile(r"维持|纠正|其他|审结|总计")
_REVIEW_ORDER = {"维持": 0, "纠正": 1, "其他": 2, "审结": 3, "总计": 4}
_REVIEW_BLOCKS = 3
_REVIEW_WHOLE = re.compile(
    r"(?:结果维持|结果纠正|其他结果|尚未审结|总计|行政复议|行政诉讼|未经复议直接起诉|复议后起诉)+"
)
# A header cell's pieces where a narrow cell cut it, with the part each piece is: the whole
# word (W), its first piece (F) or its last (L). "结果" begins 结果维持 and 结果纠正 and ends
# 其他结果: it names no column. Single characters other than 总 and 计 are left out: a grid
# that cuts a cell a character a line (w3m: "结" / "果" / "维" / "持", row after row of
# cells) prints them in an order no reading here follows, and 结 begins 结果 and ends 尚未审结.
_REVIEW_PIECES: dict[str, tuple[int, str]] = {
    "结果维持": (0, "W"), "结果纠正": (1, "W"), "其他结果": (2, "W"), "尚未审结": (3, "W"),
    "总计": (4, "W"),
    "结果维": (0, "F"), "结果纠": (1, "F"), "其他": (2, "F"), "其他结": (2, "F"),
    "尚未": (3, "F"), "尚未审": (3, "F"), "总": (4, "F"),
    "维持": (0, "L"), "纠正": (1, "L"), "审结": (3, "L"), "计": (4, "L"),
}  # fmt: skip
_REVIEW_PIECE = re.compile("|".join(sorted([*_REVIEW_PIECES, "结果"], key=len, reverse=True)))


def _score(template: TableTemplate, assembly: Assembly, anchors: int) -> float:
    matched = assembly.labels_found
    unmatched = len(template.rows) - matched
    return matched - 0.5 * unmatched + 2 * anchors - LEFTOVER_COST * assembly.leftover_values


def _accepted(template: TableTemplate, assembly: Assembly, anchors: int, blank_form: bool) -> bool:
    if blank_form:
        return True
    if assembly.labels_found == 0:
        return False
    if any(not r.label for r in template.rows):
        # Table 四's unlabelled data row is believed only under its own header words, one
        # of them more than 行政复议 and 行政诉讼: prose names those two (a pre-2019 report's
        # "行政复议数件00行政诉讼数件00" had been read as an empty table 四). Real headers
        # in corpus/ and ../shared/real show 3 to 5 of the 5.
        return anchors >= MIN_REVIEW_ANCHORS
    # Two anchor labels with a row, or several rows: prose that names 行政许可 once
    # is not a table.
    return (anchors >= 2 and assembly.labels_found >= 1) or assembly.labels_found >= 3


def count_anchors(tokens: Sequence[Token], template: TableTemplate, text: str | None = None) -> int:
    """Anchors of ``template`` in the tokens' text (``text``: that text normalised, when the
    caller tries several templates on the same tokens)."""
    if text is None:
        text = anchor_text(tokens)
    return sum(1 for a in template.anchors if normalize(a) in text)


def anchor_text(tokens: Sequence[Token]) -> str:
    return normalize("".join(t.text for t in tokens if t.kind == "text"))


def _review_values(tokens: Sequence[Token], cells: int) -> list[Token]:
    """The value tokens of table 四's data row: those after its last header word. Merged-cell
    stubs printed on that header line are left out when the numbers are on a line of their own.
    Where numbers print among the header words (pdftotext: "…审结 10 1 0 … 5 0 0 0 总计 0") and
    fewer than the row's ``cells`` follow the last one, which numbers are the row is unknown."""
    first_header = last_header = -1
    for i, tok in enumerate(tokens):
        if tok.kind == "text" and _REVIEW_HEADER.match(normalize(tok.text)):
            first_header = i if first_header < 0 else first_header
            last_header = i
    if last_header < 0:
        return []  # no header words on a line of their own: which numbers are the row is unknown
    jumbled = not _columns_in_order(tokens[first_header : last_header + 1])
    between = any(t.kind == "num" for t in tokens[first_header:last_header])
    after = sum(1 for t in tokens[last_header + 1 :] if t.kind == "num")
    if between and after < cells:
        return []
    out: list[Token] = []
    for i, tok in enumerate(tokens[last_header + 1 :], start=last_header + 1):
        if tok.kind == "text":
            if any(t.kind == "num" for t in out):
                if _numbers(out) < cells and _numbers(tokens[i:]):
                    # Text between the row's values (texinfo's "@tab" before each cell): the
                    # values stop short of the row and go on after it, so which are the row is
                    # unknown; one "0" read alone had given fifteen zeros through the rules.
                    return []
                break
            continue
        out.append(tok)
    if last_header >= 0:
        head = tokens[last_header]
        where = (head.page, head.line, head.row)
        own_line = [t for t in out if (t.page, t.line, t.row) != where]
        if where != (None, None, None) and any(t.kind == "num" for t in own_line):
            if _numbers(own_line) < cells and _numbers(out) > _numbers(own_line):
                # Values on the header line and a short group on the next: the row hard-wrapped
                # after its first values (`…尚未审结 总计 4 0 1 1 6 0 0 0 0 0` / `3 1 0 0 4`),
                # not stubs before a row. Exactly the row's cells together are the row (B6);
                # otherwise the short group read alone is no row: its collapsed blanks had
                # given review.other 0 for a printed 1.
                return out if _numbers(out) == cells else []
            out = own_line
    if _blocks_after_results(tokens[first_header:]) and not _order_free(out, cells):
        # The blocks are named after the five results (结果维持 … 总计, then 行政复议 /
        # 行政诉讼（未经复议直接起诉） / 行政诉讼（复议后起诉）): the table was printed transposed,
        # a row per block, and a converter that lists its cells column by column (pdfminer)
        # gives no cell's place. Read in the template's order, a transposed table had given
        # review.other the 1 of 复议后起诉's 结果维持 (session 12, heyuan2019_2019fmt).
        logger.info("table 四: blocks named after the results (transposed); values unplaced")
        return []
    if jumbled and not _order_free(out, cells):
        # The header's column words are printed out of the template's order (pdfminer with
        # boxes_flow=1.0 reads table 四's cells in an order of its own: "结果纠正 结果维持 尚未审结
        # 其他结果 总计 总计 …", then its 15 values one a line, whose third block came as
        # "0 5 0 0 0" for 5 0 0 0 0): the values' order is no evidence of their columns.
        logger.info("table 四: header columns printed out of order; its values are unplaced")
        return []
    if _outside_header_grid(tokens[last_header], out) and not _order_free(out, cells):
        # The header is a grid row (pipe cells) and the values are loose lines after it
        # (pymupdf4llm on an A3 page: the value row fell out of the table it found, its 15
        # values one a line as "0 2 2 2 0 0 3 1 1 4 7 4 4 17 1" for 1 1 0 2 4 7 4 4 2 17 2 1 0
        # 0 3): the converter orders loose lines by its own reading, so neither the grid's
        # column order nor the lines' order places them.
        logger.info("table 四: values printed outside their header's grid; they are unplaced")
        return []
    return out


# A header word that names one block of table 四 alone: 行政复议, 未经复议直接起诉, 复议后起诉, the
# last two maybe as 行政诉讼（…）. A heading such as 四、…行政复议、行政诉讼情况 is none.
_BLOCK_WORD = re.compile(r"行政复议|(?:行政诉讼)?[（(]?(?:未经复议直接起诉|复议后起诉)[）)]?")
_RESULT_WORD = re.compile(r"结果维持|结果纠正|其他结果|尚未审结|总计")


def _blocks_after_results(tokens: Sequence[Token]) -> bool:
    """Whether the header, up to the first value, names all five results before it names any
    block: the template prints each block's name above its results (行政复议 first), in every
    order a converter reads a header in (cell by cell, row by row); a table printed with a row
    per block and a column per result names the results first."""
    seen: set[str] = set()
    for tok in tokens:
        if tok.kind == "num":
            return False
        if tok.kind != "text":
            continue
        text = normalize(tok.text).replace(" ", "")
        if _BLOCK_WORD.fullmatch(text):
            return len(seen) == 5
        seen.update(m.group() for m in _RESULT_WORD.finditer(text) if _REVIEW_HEADER.match(text))
    return False


def _outside_header_grid(head: Token, values: Sequence[Token]) -> bool:
    """Whether table 四's last header word is a cell of a grid row (a pipe row: ``col`` set)
    while the row's values stand outside any grid, on more than one line. One loose line keeps
    its own left-to-right order (a converter sorts a line's pieces by their places); lines
    come in the converter's order, which nothing ties to the grid's columns."""
    if head.col is None and head.row is None:
        return False
    nums = [t for t in values if t.kind == "num"]
    if not nums or any(t.col is not None or t.row is not None for t in nums):
        return False
    return len({(t.page, t.line) for t in nums}) > 1


def _order_free(values: Sequence[Token], cells: int) -> bool:
    """Whether a row's values need no order to be placed: one value for every cell, all the
    same, and no blank cell shown among them (fifteen zeros are fifteen zeros in any order)."""
    nums = [t.text for t in values if t.kind == "num"]
    shown_blank = any(t.kind == "blank" for t in values)
    return len(nums) == cells and len(set(nums)) == 1 and not shown_blank


def _columns_in_order(header: Sequence[Token]) -> bool:
    """Whether table 四's header words show its columns in the template's order (结果维持,
    结果纠正, 其他结果, 尚未审结, 总计, block after block; a converter may drop a header cell or
    print a block's words once), read either way a converter prints a header:

    - cell by cell, or each line of the header's rows in turn (a cell's lines together,
      "结果" / "维持"; or every first piece of a row of cut cells, then every last piece): the
      whole words and first pieces, in print order, are in that order, and so are the whole
      words and last pieces;
    - row by row (pdftotext -layout, cut cells: "总 计 结果 结果 其他 尚未 …" / "维持 纠正 结果
      审结 总计"): every line holding two or more columns holds them in that order, and such
      lines hold more of the header's pieces than lines of one column (a cell centred between
      two rows stands alone). A line of one column shows no order, so a header printed a
      piece a line is read the first way only.

    A header with no column words shows no order and is read as before. Words that do not
    tell blocks apart cannot show two blocks' cells swapped: that stays unseen.
    """
    pieces: list[tuple[tuple[int | None, int | None, int | None], int, str]] = []
    for tok in header:
        if tok.kind != "text" or not _REVIEW_HEADER.match(normalize(tok.text)):
            continue
        where = (tok.page, tok.line, tok.row)
        joined = normalize(tok.text)
        if _REVIEW_WHOLE.fullmatch(joined):  # whole words, maybe spaced out: "结 果 维 持"
            pieces += [
                (where, _REVIEW_ORDER[m.group()], "W") for m in _REVIEW_COLUMNS.finditer(joined)
            ]
            continue
        for piece in tok.text.split():
            # A piece may hold several ("审结总计", "总计结果": PyMuPDF joins a cell's last line
            # to the next cell's), read longest first.
            for m in _REVIEW_PIECE.finditer(normalize(piece)):
                if m.group() in _REVIEW_PIECES:
                    pieces.append((where, *_REVIEW_PIECES[m.group()]))
    merged = _merge_cut(pieces)
    first = [c for _, c, part in merged if part != "L"]
    last = [c for _, c, part in merged if part != "F"]
    if _in_order(first) and _in_order(last):
        return True
    lines: dict[tuple[int | None, int | None, int | None], list[int]] = {}
    for where, column, _ in merged:
        lines.setdefault(where, []).append(column)
    rows = [cols for cols in lines.values() if len(set(cols)) >= 2]
    alone = sum(len(cols) for cols in lines.values() if len(set(cols)) < 2)
    return sum(map(len, rows)) > alone and all(_in_order(cols) for cols in rows)


def _merge_cut(
    pieces: list[tuple[tuple[int | None, int | None, int | None], int, str]],
) -> list[tuple[tuple[int | None, int | None, int | None], int, str]]:
    """A word's first piece followed at once by its last piece ("总 计", "尚未" / "审结") is the
    whole word."""
    out: list[tuple[tuple[int | None, int | None, int | None], int, str]] = []
    for item in pieces:
        if out and out[-1][2] == "F" and item[2] == "L" and out[-1][1] == item[1]:
            out[-1] = (out[-1][0], item[1], "W")
        else:
            out.append(item)
    return out


def _in_order(columns: Sequence[int]) -> bool:
    """Whether ``columns`` is a subsequence of table 四's columns, block after block."""
    want = list(range(len(_REVIEW_ORDER))) * _REVIEW_BLOCKS
    pos = 0
    for c in columns:
        while pos < len(want) and want[pos] != c:
            pos += 1
        if pos == len(want):
            return False
        pos += 1
    return True


def _numbers(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.kind == "num")


def has_fillers(tokens: Sequence[Token]) -> bool:
    """Whether pipe rows carry merged-cell fillers: an empty cell before a row's label text on
    its line (A18, markdownify: "|  | （二）部分公开 |  | 27 |")."""
    return any(
        a.kind == "blank"
        and a.col is not None
        and b.kind == "text"
        and (a.line, a.page) == (b.line, b.page)
        for a, b in itertools.pairwise(tokens)
    )


def repeats_dropped(tokens: Sequence[Token]) -> bool:
    """Whether the text may have lost lines equal to the line before them (A13: a crawler's
    page text): not when two neighbouring source lines are still the same (a real grid has no
    lines to lose). Without line numbers nothing shows it, so they may have."""
    if any(t.row is not None for t in tokens):
        return False
    lines: dict[tuple[int | None, int], list[tuple[str, str]]] = {}
    for tok in tokens:
        if tok.line is None:
            return True
        if tok.kind != "eol":
            lines.setdefault((tok.page, tok.line), []).append((tok.kind, tok.text))
    return not any(
        (page, n + 1) in lines and lines[(page, n + 1)] == cells
        for (page, n), cells in lines.items()
    )


@dataclass(frozen=True)
class Layout:
    """What the text shows of how it was made, the same for every template tried on it."""

    repeats_dropped: bool
    fillers: bool

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Layout:
        return cls(repeats_dropped(tokens), has_fillers(tokens))


@dataclass
class _Assembled:
    """A template's rows found in the tokens, before their values are solved: enough to say
    whether the template is accepted and how well it fits (neither depends on the solution)."""

    template: TableTemplate
    assembly: Assembly
    anchors: int
    blank_form: bool
    """Table 四's headers with no number at all (a blank form): recognised, values null."""

    @property
    def score(self) -> float:
        return _score(self.template, self.assembly, self.anchors)

    @property
    def accepted(self) -> bool:
        return _accepted(self.template, self.assembly, self.anchors, self.blank_form)


@dataclass
class Mapping(_Assembled):
    """A template's rows with their values solved."""

    solution: Solution
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def matched_rows(self) -> int:
        return self.assembly.labels_found

    @property
    def values(self) -> dict[str, Cell | None]:
        return self.solution.values


# Rows that must show a line of one space as a blank cell before any is believed one.
MIN_SPACE_ROWS = 3


def _space_cell(tok: Token) -> bool:
    return tok.kind == "blank" and tok.text == SPACE_CELL


def space_cells_shown(assemblies: Sequence[Assembly], min_rows: int = MIN_SPACE_ROWS) -> bool:
    """Whether the spaces that may be blank cells (``SPACE_CELL``: a line of one space, one
    cell per line; a space more than one between a flat row's values) are its blank cells:
    every row of the tables found that holds one has, counting them, exactly its cells, and at
    least ``MIN_SPACE_ROWS`` rows do (a page printed to PDF with a space in each &nbsp; cell).
    Where such a space sits between the runs of one number (a Word-pasted "7" / " " / "9"), or
    spaces align columns (pdftotext ``-layout``, pandoc), the rows do not add up, and the
    spaces are nothing. ``min_rows``: 1 where another table of the document showed it (table
    四 has one row)."""
    rows = [r for a in assemblies for r in a.readings if any(_space_cell(t) for t in r.items)]
    return len(rows) >= min_rows and all(
        sum(1 for t in r.items if t.kind in ("num", "blank")) == len(r.spec.fields) for r in rows
    )


def spaced_runs_joined(tokens: Sequence[Token]) -> tuple[list[Token], set[int]]:
    """``tokens`` without the spaces that may be blank cells, and with the runs of digits of
    one Word-pasted number split into runs joined into one value: on a flat row's line that
    parts its values with wide gaps (two spaces or more: pandoc's plain and markdown tables,
    inscriptis), the runs one space apart between two gaps (``行政强制   5   1 5   1``, 5 | 15
    | 1); one value per line (BeautifulSoup ``get_text("\\n")``), the two lines around a line of
    one space (``1`` / `` `` / ``5``, the space between the runs' <span>s). Also the ids of the
    joined tokens, which :func:`spaced_runs_shown` checks."""
    lines: dict[tuple[int | None, int | None], list[int]] = {}
    for i, tok in enumerate(tokens):
        if tok.col is None and tok.row is None and tok.line is not None and tok.kind != "eol":
            lines.setdefault((tok.page, tok.line), []).append(i)
    into: dict[int, int] = {}  # a later run's index → the index of its value's first run
    for at in lines.values():
        kinds = [tokens[i].kind for i in at]
        nums = [i for i in at if tokens[i].kind == "num"]
        gaps = any(_space_cell(tokens[i]) and nums[0] < i < nums[-1] for i in at) if nums else False
        if not gaps or "text" in kinds[kinds.index("num") :]:
            continue
        for a, b in itertools.pairwise(at):
            if tokens[a].kind == tokens[b].kind == "num" and _digits(tokens[a], tokens[b]):
                into[b] = into.get(a, a)
    ordered = [at for _, at in sorted(lines.items(), key=lambda x: (x[0][0] or 0, x[0][1] or 0))]
    for before, space, after in zip(ordered, ordered[1:], ordered[2:], strict=False):
        if (
            len(space) == 1
            and _space_cell(tokens[space[0]])
            and len(before) == len(after) == 1
            and tokens[before[0]].kind == tokens[after[0]].kind == "num"
            and _digits(tokens[before[0]], tokens[after[0]])
        ):
            into[after[0]] = into.get(before[0], before[0])
    out: list[Token] = []
    at_out: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        if i in into:
            k = at_out[into[i]]
            out[k] = out[k]._replace(text=out[k].text + tok.text, glued=False)
        elif not _space_cell(tok):
            at_out[i] = len(out)
            out.append(tok)
    return out, {id(out[at_out[root]]) for root in set(into.values())}


def _digits(a: Token, b: Token) -> bool:
    return a.text.isdigit() and b.text.isdigit()


def spaced_runs_shown(assemblies: Sequence[Assembly], joined: set[int]) -> bool:
    """Whether the joins of :func:`spaced_runs_joined` are the table's layout: every row that
    holds a joined value then has exactly its cells, all on one line or each on its own, and
    at least ``MIN_SPACE_ROWS`` rows of two cells or more do. Where a gap is no cell boundary,
    or one space is (pdftotext ``-layout`` sets narrow columns one space apart: ``1 0``; a
    line of one space is a blank cell), the rows do not add up and nothing is joined."""
    rows = [r for a in assemblies for r in a.readings if any(id(t) in joined for t in r.items)]
    wide = 0
    for r in rows:
        nums = [t for t in r.items if t.kind == "num"]
        lines = len({(t.page, t.line) for t in nums})
        if len(nums) != len(r.spec.fields) or lines not in (1, len(nums)):
            return False
        wide += len(nums) >= 2
    return wide >= MIN_SPACE_ROWS


def has_space_cells(mappings: Sequence[Mapping]) -> bool:
    """Whether the mappings read spaces as blank cells (their table showed it)."""
    return any(_space_cell(t) for m in mappings for r in m.assembly.readings for t in r.items)


def without_space_cells(tokens: Sequence[Token]) -> list[Token]:
    return [t for t in tokens if not _space_cell(t)]


def _assemble(
    tokens: Sequence[Token], template: TableTemplate, text: str | None = None
) -> _Assembled:
    anchors = count_anchors(tokens, template, text)
    unlabeled = any(not r.label for r in template.rows)
    if unlabeled and anchors < MIN_REVIEW_ANCHORS:
        # Not this table: spare the search over a stranger's numbers.
        stream: Sequence[Token] = []
    else:
        stream = _review_values(tokens, len(template.rows[0].fields)) if unlabeled else tokens
    assembly = assemble(stream, template)
    if unlabeled and assembly.readings and stream:
        # Table 四's row is labelled by its header: the line of the last header word before it.
        first = next(t for t in stream if t.kind == "num")
        head = [t for t in tokens[: tokens.index(first)] if t.kind == "text"]
        if head and head[-1].line is not None:
            assembly.readings[0].where = (head[-1].page, head[-1].line)
    # An unlabelled table (四) has no row label to match; without numbers it is known by its
    # header words alone. All five is what a blank form shows; prose never names them all.
    blank_form = (
        unlabeled and anchors == len(template.anchors) and not any(t.kind == "num" for t in tokens)
    )
    return _Assembled(template, assembly, anchors, blank_form)


def _solved(
    tokens: Sequence[Token], found: _Assembled, blank_rows_are_zero: bool, layout: Layout | None
) -> Mapping:
    template, assembly = found.template, found.assembly
    has_numbers = any(t.kind == "num" for r in assembly.readings for t in r.items)
    solution = solve(
        assembly.readings,
        template,
        has_numbers,
        blank_rows_are_zero,
        (layout := layout or Layout.of(tokens)).repeats_dropped,
        layout.fillers,
        trailing_blanks(tokens),
    )
    mapping = Mapping(
        template, assembly, found.anchors, found.blank_form, solution, list(solution.warnings)
    )
    if assembly.readings and not has_numbers:
        mapping.warnings.append(
            ("no_values", f"{template.title}: labels found but no values (left null, not zero)")
        )
    found_labels = {x.spec.label for x in assembly.readings}
    absent = [r.label for r in template.rows if r.label not in found_labels]
    if assembly.readings and absent:
        mapping.warnings.append(
            ("rows_missing", f"{template.title}: rows not found: {', '.join(absent[:5])}")
        )
    # A label repeated many times (an OCR'd cell spanning rows repeats its text in each) is
    # one warning.
    if assembly.unsure:
        mapping.warnings.append(
            (
                "values_row_unsure",
                f"{template.title}: values printed between rows could be either row's "
                f"(left null): {', '.join(assembly.unsure[:5])}",
            )
        )
    if assembly.crowded:
        mapping.warnings.append(
            (
                "rows_in_one_cell",
                f"{template.title}: one cell holds the labels of several rows, the cells beside "
                f"it their values in an order no one can tell (left null): "
                f"{', '.join(assembly.crowded[:5])}",
            )
        )
    for label in dict.fromkeys(assembly.duplicates):
        mapping.warnings.append(("duplicate_row", f"row {label} appears again; the first kept"))
    return mapping


def _number_blocks(tokens: Sequence[Token]) -> list[list[Token]]:
    """The runs of two or more values each on a line of its own with nothing else between
    them (A15: pdfminer, pdftotext print a ruled table's labels, then its numbers), in order."""
    blocks: list[list[Token]] = []
    run: list[Token] = []
    for tok in tokens:
        if tok.kind == "eol":
            continue
        if tok.kind == "num" and tok.line is not None and (not run or run[-1].line != tok.line):
            run.append(tok)
            continue
        if len(run) >= 2:
            blocks.append(run)
        run = [tok] if tok.kind == "num" and tok.line is not None else []
    if len(run) >= 2:
        blocks.append(run)
    return blocks


def _orders(sizes: list[int], values: list[Token]) -> dict[str, list[list[Token]]]:
    """The values dealt to rows of ``sizes`` cells row by row, and column by column (the first
    cell of every row, then the second of every row that has one, …)."""
    by_row: list[list[Token]] = []
    pos = 0
    for k in sizes:
        by_row.append(values[pos : pos + k])
        pos += k
    by_col: list[list[Token]] = [[] for _ in sizes]
    it = iter(values)
    for j in range(max(sizes)):
        for i, k in enumerate(sizes):
            if j < k:
                by_col[i].append(next(it))
    return {"row by row": by_row, "column by column": by_col}


def _rules_hold(
    template: TableTemplate,
    values: dict[str, Cell | None],
    listed: set[str],
    unknown: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """Whether no rule of the table fails on ``values`` and every ``listed`` field is in a rule
    that holds with all its cells known: without a rule the order alone would place the
    values (table 二's rows of one cell, where row by row and column by column deal alike). A
    rule through a cell not yet known (a row whose values are printed in another block) can
    still hold and settles nothing."""
    # A cell printed nowhere that the solver fixed at 0 from these very values (forced by a
    # rule through the listed rows) would confirm any reading: it is no evidence.
    known = {
        f: c.value
        for f, c in values.items()
        if c is not None and f not in unknown and (c.token is not None or c.raw)
    }
    confirmed: set[str] = set()
    for rule in template.rules:
        for _, lhs, rhs in expand(rule):
            if any(f not in known for f in (*lhs, *rhs)):
                continue
            if not rule_can_hold(known, lhs, rhs):
                return False
            confirmed.update(lhs, rhs)
    return listed <= confirmed


def labels_then_numbers(
    tokens: Sequence[Token],
    found: _Assembled,
    blank_rows_are_zero: bool,
    layout: Layout | None,
) -> Mapping | None:
    """A15: the template's rows listed one after another with no value of their own, then one
    block of as many values as their cells, each on a line of its own (a table may print
    several such blocks: the rows of a page, the rows after a header). Nothing printed says
    which value is whose; each block's order is read row by row and column by column, and a
    reading is kept only where it fills every such row, no rule of the table fails on it and
    every cell of the rows is in a rule that holds, and the two orders do not both keep
    different values (table 二, no rule: null). Case (b) of the evidence contract: the cells
    are ``repaired``."""
    mapping: Mapping | None = None
    dealt: set[str] = set()
    unsettled: set[str] = set()
    notes: list[str] = []
    # Every value by where it stands: each block asks for the last one printed before it.
    values = sorted(
        ((t.page or 0, t.line or 0), i, t) for i, t in enumerate(tokens) if t.kind == "num"
    )
    for block in _number_blocks(tokens):
        at = bisect.bisect_left(values, ((block[0].page or 0, block[0].line or 0), -1))
        last = values[at - 1][2] if at else None
        got = _dealt(tokens, found, block, last, unsettled, blank_rows_are_zero, layout)
        if got is None:
            continue
        found, mapping, fields, open_cells, note = got
        dealt |= fields
        unsettled |= open_cells
        notes.append(note)
    if mapping is None:
        return None
    for fid in unsettled:
        mapping.values[fid] = None
    if unsettled:
        notes.append(
            f"{len(unsettled)} cells left null: another order of the columns keeps every rule"
        )
    for fid in dealt - unsettled:
        cell = mapping.values[fid]
        if cell is None:
            # A later block's rule left a cell of an earlier block open: nothing to mark.
            continue
        mapping.values[fid] = dataclasses.replace(cell, how="repaired")
    mapping.warnings = [w for w in mapping.warnings if w[0] != "no_values"]
    mapping.warnings.append(
        (
            "labels_then_numbers",
            f"{found.template.title}: {'; '.join(notes)}: the one reading the rules leave",
        )
    )
    return mapping


def _at(where: tuple[int | None, int | None]) -> tuple[int, int]:
    return (where[0] or 0, where[1] or 0)


def _starts_clean(readings: list[Reading], last: Token) -> bool:
    """Whether the value printed last before a run of listed labels leaves the run where it
    starts: it is no value of the table (its labels all come after it), or a whole row's
    own, printed after that row's label. A group no label took, or one printed above its
    label (B3), says the rows may own the values before them: the run's first label may be
    the previous group's, and its last row's values in the block (hzq 2023 in pdfminer
    without box flow: row sums hold on rows shifted whole, and every row of the run had taken
    the values of the row after it)."""
    at = (last.page or 0, last.line or 0)
    if all(r.where is None or _at(r.where) > at for r in readings):
        return True
    owner = next((r for r in readings if any(t is last for t in r.items)), None)
    return (
        owner is not None
        and owner.where is not None
        and _at(owner.where) <= at
        and len([t for t in owner.items if t.kind == "num"]) == len(owner.spec.fields)
    )


def _dealt(
    tokens: Sequence[Token],
    found: _Assembled,
    block: list[Token],
    last: Token | None,
    unsettled: set[str],
    blank_rows_are_zero: bool,
    layout: Layout | None,
) -> tuple[_Assembled, Mapping, set[str], set[str], str] | None:
    """One block of values dealt to the rows listed right before it (``labels_then_numbers``):
    the rows with their values, the table solved, the fields dealt and a note; None where the
    block is no such block or the rules leave more than one reading."""
    readings = found.assembly.readings
    if not readings:
        return None
    first = (block[0].page, block[0].line or 0)
    lines = {(t.page, t.line) for t in block}
    last_value = None if last is None else (last.page, last.line or 0)
    listed = [
        r
        for r in readings
        if r.spec.fields
        and r.where is not None
        and (r.where[0], r.where[1] or 0) < first
        and (last_value is None or (r.where[0], r.where[1] or 0) > last_value)
        and all((t.page, t.line) in lines for t in r.items if t.kind == "num")
    ]
    sizes = [len(r.spec.fields) for r in listed]
    if len(listed) < 2 or sum(sizes) != len(block):
        return None
    if last is not None and not _starts_clean(readings, last):
        return None
    in_block = {id(t) for t in block}
    if any(id(t) in in_block for r in readings if r not in listed for t in r.items):
        return None  # a row outside the list already took some of the block's values
    fields = {f for r in listed for f in r.spec.fields}
    kept: dict[str, tuple[_Assembled, Mapping]] = {}
    for name, dealt in _orders(sizes, block).items():
        mine = {id(r): items for r, items in zip(listed, dealt, strict=True)}
        new = [dataclasses.replace(r, items=mine.get(id(r), r.items)) for r in readings]
        now = dataclasses.replace(found, assembly=dataclasses.replace(found.assembly, readings=new))
        mapping = _solved(tokens, now, blank_rows_are_zero, layout)
        if all(mapping.values.get(f) is not None for f in fields) and _rules_hold(
            found.template, mapping.values, fields, unsettled
        ):
            kept[name] = (now, mapping)
    if not kept:
        return _dealt_total_found(
            tokens, found, listed, block, unsettled, blank_rows_are_zero, layout
        )
    (name, (now, mapping)), *others = kept.items()
    # The same values, not the same cells: each order deals other tokens to the rows (every
    # order gives a block of zeros the same 0s, each from another line).
    if any(_values_of(other) != _values_of(mapping) for _, (_, other) in others):
        return None
    open_cells = (
        _columns_unpinned(found.template, mapping.values, listed, fields, unsettled)
        if "column by column" in kept
        else set()
    )
    note = (
        f"{len(listed)} labels listed apart from their {len(block)} values, "
        f"read {' and '.join(kept)}"
    )
    return now, mapping, fields, open_cells, note


def _values_of(mapping: Mapping) -> dict[str, object]:
    return {f: (None if c is None else c.value) for f, c in mapping.values.items()}


def _total_last(template: TableTemplate, listed: list[Reading]) -> bool:
    """Whether every listed row's last cell is the sum of its others by a rule of the table
    (table 三's 总计, R2): the one column whose place the rows' sums can find."""
    sums = {(frozenset(lhs), tuple(rhs)) for rule in template.rules for _, lhs, rhs in expand(rule)}
    return all((frozenset(r.spec.fields[:-1]), (r.spec.fields[-1],)) in sums for r in listed)


def _dealt_total_found(
    tokens: Sequence[Token],
    found: _Assembled,
    listed: list[Reading],
    block: list[Token],
    unsettled: set[str],
    blank_rows_are_zero: bool,
    layout: Layout | None,
) -> tuple[_Assembled, Mapping, set[str], set[str], str] | None:
    """A block dealt column by column whose printed columns' order keeps no rule: the total
    column may be printed anywhere (pdfminer put hzq 2023's 总计 before its 其他), so each
    printed column is tried as the total, the others as the parts in the order printed. The
    columns' order being no evidence, a cell is kept only where every column order that the
    rules leave gives it the same value: a row's total where the rules leave one column (or
    columns equal in that row) as the total, a part only where the row's parts are all equal
    (a row of zeros); the rest are left null. No single rule decides alone (C6: a report may
    break one row's sum): the orders where one row of the block breaks its sum count as
    orders the rules leave. Every listed row must have the same width, its last cell the sum
    of the others by a rule (R2), and no rule may fail on the reading kept."""
    sizes = [len(r.spec.fields) for r in listed]
    width = sizes[0]
    if width < 3 or any(k != width for k in sizes) or not _total_last(found.template, listed):
        return None
    by_col = _orders(sizes, block)["column by column"]
    readings = found.assembly.readings
    fields = {f for r in listed for f in r.spec.fields}
    kept: list[tuple[_Assembled, Mapping]] = []
    # Orders that break at most one row's sum: read as the report's own slip, they may be
    # the order printed, so they must agree with the kept ones on every cell kept.
    near: list[Mapping] = []
    for t in range(width):  # t = width - 1: the order as printed (its sums already failed)
        dealt = [row[:t] + row[t + 1 :] + [row[t]] for row in by_col]
        mine = {id(r): items for r, items in zip(listed, dealt, strict=True)}
        new = [dataclasses.replace(r, items=mine.get(id(r), r.items)) for r in readings]
        now = dataclasses.replace(found, assembly=dataclasses.replace(found.assembly, readings=new))
        mapping = _solved(tokens, now, blank_rows_are_zero, layout)
        if _sums_broken(mapping.values, listed) > 1:
            continue
        near.append(mapping)
        if all(mapping.values.get(f) is not None for f in fields) and _rules_hold(
            found.template, mapping.values, fields, unsettled
        ):
            kept.append((now, mapping))
    if not kept:
        return None
    now, mapping = kept[0]
    open_cells: set[str] = set()
    for r in listed:
        *parts, total = r.spec.fields
        if len({getattr(m.values.get(total), "value", None) for m in near}) != 1:
            open_cells.add(total)
        # A part is placed by no rule: kept only where every part of the row is the same
        # value in every order left (any order of the columns gives it then).
        values = {getattr(m.values.get(f), "value", None) for m in near for f in parts}
        if len(values) != 1:
            open_cells.update(parts)
    note = (
        f"{len(listed)} labels listed apart from their {len(block)} values, read column by "
        f"column with the total column found by the rows' sums"
    )
    return now, mapping, fields, open_cells, note


def _sums_broken(values: dict[str, Cell | None], listed: list[Reading]) -> int:
    """How many of the rows break their sum (the last cell the sum of the others) as read; a
    row with a cell unread counts as broken (nothing shows it holds)."""
    broken = 0
    for r in listed:
        cells = [values.get(f) for f in r.spec.fields]
        if any(c is None for c in cells):
            broken += 1
            continue
        *parts, total = (c.value for c in cells if c is not None)
        if abs(sum(parts) - total) > 1e-9:
            broken += 1
    return broken


def _columns_unpinned(
    template: TableTemplate,
    values: dict[str, Cell | None],
    listed: list[Reading],
    fields: set[str],
    unsettled: set[str],
) -> set[str]:
    """The cells of rows dealt column by column that the columns' order alone placed: a
    converter prints a table's columns in any order (pdfminer put hzq 2023's 总计 before its
    其他), and the rules hold alike on the columns of parts exchanged (a row's sum, a
    column's rules). Two columns exchanged that still keep every rule and read differently
    leave their cells unsettled (a reading of every order would cost 7! checks; an exchange
    of two finds each order two columns could take)."""
    width = min(len(r.spec.fields) for r in listed)
    out: set[str] = set()
    for i, j in itertools.combinations(range(width), 2):
        swapped = dict(values)
        for r in listed:
            a, b = r.spec.fields[i], r.spec.fields[j]
            swapped[a], swapped[b] = values[b], values[a]
        differ = {
            f
            for f in fields
            if (swapped[f] or values[f]) is not None
            and getattr(swapped[f], "value", None) != getattr(values[f], "value", None)
        }
        if differ and _rules_hold(template, swapped, fields, unsettled):
            out |= differ
    return out


def map_tokens(
    tokens: Sequence[Token],
    template: TableTemplate,
    *,
    blank_rows_are_zero: bool = True,
    layout: Layout | None = None,
) -> Mapping:
    found = _assemble(tokens, template)
    if any(_space_cell(t) for t in tokens) and not space_cells_shown([found.assembly]):
        spaced, joined = spaced_runs_joined(tokens)
        again = _assemble(spaced, template) if joined else None
        if again is not None and spaced_runs_shown([again.assembly], joined):
            tokens, found = spaced, again
        else:
            tokens = without_space_cells(tokens)
            found = _assemble(tokens, template)
    alt = labels_then_numbers(tokens, found, blank_rows_are_zero, layout)
    return _money_in_counts(alt or _solved(tokens, found, blank_rows_are_zero, layout))


def _money_in_counts(mapping: Mapping) -> Mapping:
    """A row that gave a count (项, 件: not 元 or 万元) a cell printed with a money unit or a
    fraction does not hold its cells in the template's order: the converter moved them
    (pymupdf4llm lists 政府集中采购's cells below the table as `75394432.52元` / `135`, the
    amount first). Which cell is which the order no longer tells, so the whole row is null."""
    bad = [
        row
        for row in mapping.template.rows
        if any(
            (cell := mapping.values.get(fid)) is not None
            and not is_amount(fid)
            and (
                cell.raw.rstrip().endswith("元")
                # an int is whole however long (float() of 400 digits overflows)
                or (isinstance(cell.value, float) and not cell.value.is_integer())
            )
            for fid in row.fields
        )
    ]
    for row in bad:
        for fid in row.fields:
            if fid in mapping.values:
                mapping.values[fid] = None
    if bad:
        # The row's readings assume its cells in the template's order, which is what failed:
        # no later step may settle them (the prose's counts in settle_with_facts would refill
        # the row from one of them), and they are no readings to list for a user either.
        gone = {fid for row in bad for fid in row.fields}
        solution = mapping.solution
        solution.rows = [r for r in solution.rows if not gone & set(r.reading.spec.fields)]
        solution.ambiguities = [a for a in solution.ambiguities if not gone & set(a.fields)]
        mapping.warnings.append(
            (
                "money_in_count",
                f"{mapping.template.title}: a count printed as money or with a fraction, the "
                f"row's cells out of order (left null): {', '.join(r.label for r in bad[:5])}",
            )
        )
    return mapping


_PROBES: dict[str, re.Pattern[str] | None] = {}


def _row_probe(template: TableTemplate) -> re.Pattern[str] | None:
    """What text must contain for ``assemble`` to find any of the template's row labels: the
    first ``PREFIX_MIN`` characters of a label or alias (the whole key when shorter). Labels
    are found exactly, as a wrapped label's first part of at least that length, or fuzzily
    only once two were found exactly, so text without any of these finds no row. None for
    table 四, whose unlabelled row is known by its header words."""
    if template.id not in _PROBES:
        heads = {key[:PREFIX_MIN] for r in template.rows if r.label for key in r.keys}
        _PROBES[template.id] = (
            None
            if any(not r.label for r in template.rows)
            else re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))
        )
    return _PROBES[template.id]


def best_mapping(
    tokens: Sequence[Token],
    kinds: set[str] | None = None,
    *,
    blank_rows_are_zero: bool = True,
    spaces_shown: bool = False,
) -> list[Mapping]:
    """The best accepted mapping of each table kind found in ``tokens`` (at most one per kind).
    ``spaces_shown``: an earlier table of the document showed its spaces to be blank cells."""
    best = _best_assembled(tokens, kinds)
    if any(_space_cell(t) for t in tokens) and not space_cells_shown(
        [found.assembly for found in best.values()], 1 if spaces_shown else MIN_SPACE_ROWS
    ):
        spaced, joined = spaced_runs_joined(tokens)
        alt = _best_assembled(spaced, kinds) if joined else {}
        if joined and spaced_runs_shown([found.assembly for found in alt.values()], joined):
            tokens, best = spaced, alt
        else:
            tokens = without_space_cells(tokens)
            best = _best_assembled(tokens, kinds)
    if not best:
        return []
    layout = Layout.of(tokens)
    return [
        _money_in_counts(
            labels_then_numbers(tokens, found, blank_rows_are_zero, layout)
            or _solved(tokens, found, blank_rows_are_zero, layout)
        )
        for found in best.values()
    ]


def _best_assembled(tokens: Sequence[Token], kinds: set[str] | None) -> dict[str, _Assembled]:
    # Whether a template is accepted and its score depend on the rows found, not on their
    # solved values: only each kind's winner is solved (the solution is most of the cost).
    best: dict[str, _Assembled] = {}
    # Text tokens as the labels are matched (each normalised on its own, as _spot does), kept
    # apart so that no probe matches across two tokens.
    text = "\x00".join(normalize_chars(t.text)[0] for t in tokens if t.kind == "text")
    anchors_in: str | None = None
    for template in templates():
        if kinds is not None and template.kind not in kinds:
            continue
        probe = _row_probe(template)
        if probe is not None and not probe.search(text):
            # No label of this template in the text: no row, not accepted (the cheap anchor
            # that spares the full match on most regions).
            continue
        if anchors_in is None:
            anchors_in = anchor_text(tokens)
        found = _assemble(tokens, template, anchors_in)
        if not found.accepted:
            continue
        current = best.get(template.kind)
        if current is None or found.score > current.score:
            best[template.kind] = found
    return best
