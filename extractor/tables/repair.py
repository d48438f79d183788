"""Logical rows → values, honestly: read a row as laid out when it is complete; otherwise search
the readings a broken row allows (glued digits split, collapsed blanks put back) and keep one only
when exactly one is consistent with the template's rules (R1–R4).

A reading that is complete as printed is never "fixed": a report whose own numbers disagree keeps
them, and the checks stage reports the failing rule.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from extractor.budget import caps, check
from extractor.fields import field_specs, may_be_negative
from extractor.tables.assemble import Reading
from extractor.tables.cells import parse_number
from extractor.tables.templates import Number, TableTemplate, expand
from extractor.tables.tokens import Token

# Search limits. Past them the row stays unread (null) with a warning rather than slowing a batch
# down; no reading is ever picked from an incomplete search. Readings of one row: a table-三 row
# glued into 20 digits has 27,132 splits into 7 cells before its rule prunes them, and the
# readings with collapsed blanks add C(7, S) placements for each shorter split; 60,000 covers
# every row of corpus/ and ../shared/real (the largest needs about 9,000).
MAX_READINGS = 60_000
MAX_COMBINATIONS = 20_000
# Steps (partial splits tried) of one row's block search, the cap that bounds it by construction
# whatever the digits: the search memoizes which tails can still be split, so a step is spent
# only on a cut whose rest has a reading, but the cuts of one block can still be many ("1111…"
# has a sum in every window). The largest row of corpus/ and ../shared/real needs 6,200 steps;
# 200,000 (30x that) bound the worst row measured to 0.4 s (docs/tables.md, "Glued runs").
MAX_EXPLORED = 200_000
TOLERANCE = 1e-6


class _TooMany(Exception):
    """A row's search ran past :data:`MAX_EXPLORED`: the row stays unread."""


class _Explored:
    """Steps left to one row's search; checks the document's deadline every 4,096 steps."""

    __slots__ = ("left",)

    def __init__(self, steps: int = MAX_EXPLORED) -> None:
        self.left = steps

    def step(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooMany
        if self.left & 4095 == 0:
            check("splitting glued digits")


CellHow = Literal["direct", "blank_as_zero", "repaired"]


@dataclass(frozen=True, slots=True)
class Cell:
    value: Number
    how: CellHow
    raw: str
    token: Token | None


Vector = tuple[Cell, ...]
Partial = tuple[Cell | None, ...]
"""A settled row: the cells no consistent reading disagrees on, the others None."""
CellPlace = tuple[int | None, int | None, int | None]
"""A pipe cell's (page, line, column)."""


@dataclass
class RowResult:
    reading: Reading
    candidates: list[Vector]
    kind: str
    """layout, numbers, placed, readings, solved, blank, none, unreadable, too_many, too_long,
    partial, unplaced (a short row no rule binds), elsewhere (see :func:`_cells_elsewhere`)."""
    agreed: Partial | None = None
    """For ``partial``: the cells every reading gives the same value (the others None)."""
    placements: list[Partial] = dataclasses.field(default_factory=list)
    """For ``partial``: every placement of the printed values that keeps the row's rules."""


LocalRules = dict[str, list[tuple[list[int], list[int]]]]
CrossRules = list[tuple[str, str, list[str], list[str]]]


_RULES_CACHE: dict[str, tuple[LocalRules, CrossRules]] = {}


def _local_rules(template: TableTemplate) -> tuple[LocalRules, CrossRules]:
    """Rule instances inside one row (by row label → index lists), and those across rows;
    computed once per template."""
    if template.id not in _RULES_CACHE:
        _RULES_CACHE[template.id] = _split_rules(template)
    return _RULES_CACHE[template.id]


def _split_rules(template: TableTemplate) -> tuple[LocalRules, CrossRules]:
    row_of = {f: spec for spec in template.rows for f in spec.fields}
    local: dict[str, list[tuple[list[int], list[int]]]] = {}
    cross: list[tuple[str, str, list[str], list[str]]] = []
    for rule in template.rules:
        for scope, lhs, rhs in expand(rule):
            specs = {row_of.get(f) for f in lhs + rhs}
            if len(specs) == 1 and None not in specs:
                spec = specs.pop()
                assert spec is not None
                idx = {f: i for i, f in enumerate(spec.fields)}
                local.setdefault(spec.label, []).append(
                    ([idx[f] for f in lhs], [idx[f] for f in rhs])
                )
            else:
                cross.append((rule.rule, scope, lhs, rhs))
    return local, cross


def _holds(vector: Sequence[Number], rules: list[tuple[list[int], list[int]]]) -> bool:
    return all(
        math.isclose(sum(vector[i] for i in lhs), sum(vector[i] for i in rhs), abs_tol=TOLERANCE)
        for lhs, rhs in rules
    )


def digit_splits(digits: str, parts: int) -> Iterator[list[str]]:
    """Ways to cut a digit string into ``parts`` numbers without leading zeros."""
    if parts == 1:
        if digits and (digits == "0" or digits[0] != "0"):
            yield [digits]
        return
    if digits[:1] == "0":
        for rest in digit_splits(digits[1:], parts - 1):
            yield ["0", *rest]
        return
    for cut in range(1, len(digits) - parts + 2):
        for rest in digit_splits(digits[cut:], parts - 1):
            yield [digits[:cut], *rest]


# A run that may hold several glued cells: digits, after a minus sign (a negative 本年增/减
# glued to the cell after it: "-18538" is -185 and 38, or -18 and 538, …), and before a decimal
# part and a unit, which belong to the last cell ("13575394432.52元" is 135 projects and
# 75394432.52 元, or 13 and 575394432.52 元, …).
_RUN = re.compile(r"(-?)(\d+)((?:\.\d+)?(?:万元|元)?)")


def _run(tok: Token) -> tuple[str, str, str] | None:
    """(sign, integer digits, decimal part and unit) of a splittable run, or None."""
    m = _RUN.fullmatch(tok.text)
    if m is None or len(m.group(2)) < 2:
        return None
    return m.group(1), m.group(2), m.group(3)


def _signs_ok(vector: Vector, signed: Sequence[bool]) -> bool:
    """A reading the row's fields allow: a value below zero only where the field may be
    negative (本年增/减). Applied to the readings a broken row allows, never to a row read as
    printed, whose numbers stay as they are (check S4 reports them)."""
    return all(c.value >= 0 or ok for c, ok in zip(vector, signed, strict=False))


def run_cuts(tok: Token, parts: int) -> list[tuple[Number, ...]]:
    """The values of a glued run cut into ``parts`` cells: no cell with a leading zero, a minus
    sign on the first cell only ("-185" is -1 | 85 or -18 | 5, never -1 | 05 from "-105"), a
    decimal part and a unit on the last ("1357.5元": 135 | 7.5, …)."""
    run = _run(tok)
    if run is None:
        return []
    sign, digits, tail = run
    out: list[tuple[Number, ...]] = []
    for cut in digit_splits(digits, parts):
        last = parse_number(cut[-1] + tail) if tail else int(cut[-1])
        if last is None or (sign and cut[0] == "0"):
            continue
        values: list[Number] = [int(x) for x in cut[:-1]] + [last]
        if sign:
            values[0] = -values[0]
        out.append(tuple(values))
    return out


def row_candidates(
    reading: Reading,
    k: int,
    rules: list[tuple[list[int], list[int]]],
    signed: Sequence[bool] | None = None,
    blanks_are_zero: bool = True,
    repeats_dropped: bool = False,
    blanks_in_runs: bool = False,
) -> RowResult:
    """The readings of one row. ``signed``: which cells may be negative (default: any).
    ``blanks_are_zero``: the grid's blank cells mean 0 (A7), so a broken rule can be solved
    even when other blanks share it (see :func:`_solve_blank`); such grids are printed ones
    (HTML, PDF cells), not OCR'd, so one cell is one value (see :func:`_whole_cells`).
    ``repeats_dropped``: the text may have lost lines equal to the line before (A13).
    ``blanks_in_runs``: a glued run may have lost blanks between its cells (see :func:`solve`)."""
    flags = (blanks_are_zero, repeats_dropped, blanks_in_runs)
    result = _row_candidates(reading, k, rules, signed, *flags)
    if (
        result.kind in ("layout", "numbers")
        and not (rules and all(_holds(_v(c), rules) for c in result.candidates))
        and _short_lines_with_runs(reading, k)
    ):
        return RowResult(reading, [], "unreadable")
    if result.kind == "unreadable" and blanks_are_zero:
        by_lines = None
        whole = _whole_cells(reading) or _whole_pipe_cells(reading, k)
        if whole is None:
            whole = by_lines = _whole_lines(reading, k)
        if whole is not None:
            again = _row_candidates(whole, k, rules, signed, *flags)
            if by_lines is not None and not all(_holds(_v(c), rules) for c in again.candidates):
                # A line that breaks the row's rule once its runs are joined may hold two cells
                # a converter set on one line (pdfminer's HTML: "12 0" for 12 | 0, the count
                # made up by a number run into a page footer, had given 120).
                return result
            if again.candidates:
                return again
    return result


def _whole_cells(reading: Reading) -> Reading | None:
    """The row with each printed grid cell's digit groups joined into one number: Word-pasted
    HTML splits a number into runs ("<span>2</span> <span>0</span>" is "2 0", 平潭 2020), and a
    cell of a printed grid holds one value. Tried only when the row has more numbers than
    cells; an OCR'd cell may hold two cells' text ("12 0" is 12 and 0), so never there. None
    when no cell had more than one group."""
    items = _joined_runs(
        reading.items,
        lambda prev, tok: (
            tok.row is not None
            and (tok.row, tok.col) == (prev.row, prev.col)
            and prev.text.isdigit()
        ),
    )
    return dataclasses.replace(reading, items=items) if len(items) < len(reading.items) else None


def _joined_runs(items: Sequence[Token], same: Callable[[Token, Token], bool]) -> list[Token]:
    """``items`` with each number joined to the number before it where ``same`` says the two
    are runs of one cell's value."""
    out: list[Token] = []
    for tok in items:
        prev = out[-1] if out else None
        if prev is not None and tok.kind == prev.kind == "num" and same(prev, tok):
            out[-1] = prev._replace(text=prev.text + tok.text, glued=False)
        else:
            out.append(tok)
    return out


def _whole_pipe_cells(reading: Reading, k: int) -> Reading | None:
    """The same for a pipe row that has exactly its ``k`` cells, each holding digits and none
    empty: a cell is one value there too (html2text, markdownify, a box-drawn table of a
    Word-pasted page: ``| 行政强制 | 5 | 1 5 | 1 |`` is 5 | 15 | 1). Empty cells after the
    last value are merged-cell placeholders (A1: ``| 政府集中采购 | 1 | 7 18886 | |``); a row
    with an empty cell among its values or a cell short may have lost a cell's boundary, and is
    left to the other readings."""
    cells = [t for t in reading.items if t.kind in ("num", "blank")]
    while cells and cells[-1].kind == "blank" and cells[-1].col is not None:
        cells.pop()
    if not cells or any(
        t.kind != "num" or t.col is None or t.row is not None or t.line != cells[0].line
        for t in cells
    ):
        return None
    if len({t.col for t in cells}) != k or len(cells) == k:
        return None
    items = _joined_runs(
        reading.items,
        lambda prev, tok: (
            tok.col == prev.col and prev.text.isdigit() and tok.text.isdigit() and not tok.broken
        ),
    )
    return dataclasses.replace(reading, items=items)


def _whole_lines(reading: Reading, k: int) -> Reading | None:
    """The same for a row printed one value per line (A2–A5, PyMuPDF) on exactly its ``k`` lines,
    none of them its label's, where a line holds several runs of digits: a row has ``k``
    cells, and a dropped repeat (A13) only ever makes lines fewer, so each line is one cell
    (``5`` / ``1 5`` / ``1`` is 5 | 15 | 1, a Word-pasted 15 split into runs). Not for a row of
    one cell, whose one line may have taken a stray number."""
    if k < 2 or any(
        t.kind == "blank" or t.row is not None or t.col is not None for t in reading.items
    ):
        return None
    nums = [t for t in reading.items if t.kind == "num"]
    lines = [(t.page, t.line) for t in nums]
    if (
        any(t.line is None for t in nums)
        or len(set(lines)) != k
        or len(nums) == k
        or reading.where is None
        or reading.where in lines
        or any(not t.text.isdigit() for t, w in zip(nums, lines, strict=True) if lines.count(w) > 1)
    ):
        return None
    items = _joined_runs(
        reading.items, lambda prev, tok: (tok.page, tok.line) == (prev.page, prev.line)
    )
    return dataclasses.replace(reading, items=items)


def _short_lines_with_runs(reading: Reading, k: int) -> bool:
    """Whether a row printed one value per line (none of them its label's) has fewer lines
    than cells and its cells only by a line of several runs of digits: ``5`` / ``1 5`` for
    three cells is 5 | 1 | 5 where a converter set two cells on one line, or 5 | 15 | ? where a
    Word-pasted 15 was split into runs and the last cell was printed elsewhere (poppler's word
    boxes order a ruled table's blocks column by column; its 1 had come lines later). Nobody
    can tell which, so the row is not read (it had given 1 for 15 and 5 for 1), unless its
    rules hold as printed (a 7-cell row of table 三 whose 其他 and 总计 share a line: joined,
    no sum could hold). A line of one
    number each is the layout's own (a converter that prints one cell per line); several
    lines of several numbers (pdftotext's tall rows, ``23 0 0 0`` / ``0`` / ``0 23``) are rows
    of several cells a line, read as before."""
    items = reading.items
    if k < 2 or any(
        t.kind == "gap" or t.row is not None or t.col is not None or t.x is not None for t in items
    ):
        return False
    nums = [t for t in items if t.kind == "num"]
    lines = [(t.page, t.line) for t in nums]
    if len(nums) != k or any(t.line is None for t in nums) or reading.where in lines:
        return False
    counts = [lines.count(w) for w in dict.fromkeys(lines)]
    several = [w for w in dict.fromkeys(lines) if lines.count(w) > 1]
    return (
        1 < len(counts) < k
        and len(several) == 1
        and all(t.text.isdigit() for t, w in zip(nums, lines, strict=True) if w in several)
    )


def _row_candidates(
    reading: Reading,
    k: int,
    rules: list[tuple[list[int], list[int]]],
    signed: Sequence[bool] | None,
    blanks_are_zero: bool,
    repeats_dropped: bool,
    blanks_in_runs: bool,
) -> RowResult:
    allowed = signed if signed is not None else (True,) * k
    items = reading.items
    nums = [t for t in items if t.kind == "num"]
    has_gap = any(t.kind == "gap" for t in items)
    if not nums:
        kind = "blank" if items else "none"
        return RowResult(reading, [], kind)
    cells = [t for t in items if t.kind in ("num", "blank")]
    if len(nums) == len(cells) == k and nums[0].glued and not _delimited(nums):
        # The row's first value ran into its label, so its cells were run together and a space
        # between its numbers may be no cell boundary either (a Word-pasted number split into
        # runs: "3-55 0" for 3 | -5 | 50). A row that looks complete is read both ways.
        both = _glued_readings(nums, k, rules, allowed)
        if both:
            return RowResult(reading, both, "readings")
    if _split_and_blank(cells):
        return RowResult(reading, [], "unreadable")
    loose = [t for t in cells if t.kind == "blank" and t.row is None and t.col is None]
    if (
        len(loose) >= 2
        and len(cells) > 2
        and not _delimited(nums)
        and all(a.kind != b.kind for a, b in itertools.pairwise(cells))
    ):
        # Blank lines ("|", a no-break space) that alternate with the values one for one are
        # separators between the cells (A4; A5 with &nbsp; paragraphs), whatever their count.
        cells = [t for t in cells if t.kind == "num"]
        has_gap = True
    if len(cells) != k and any(_lone_pipe(t) for t in cells) and not _delimited(nums):
        # Lone "|" lines are blank cells where they make up the row (A7: "56 |", five "|",
        # "56 |"), but separators between cells in A4 ("36", "|", "", "|"): where they do not
        # add up to the row, their places say nothing.
        cells = [t for t in cells if not _lone_pipe(t)]
        has_gap = True
    # A text pipe row with more cells than its row has ends in merged-cell placeholders
    # ("| 305 | |||", A1): none of its trailing empty cells is a blank cell for sure (a blank
    # 总计 and two stubs read the same). A row with exactly its number of cells keeps them.
    excess = len(cells) > k and all(t.row is None for t in cells)
    while (len(cells) > k or excess) and cells and cells[-1].kind == "blank":
        cells.pop()
        has_gap = has_gap or excess
    # Likewise its leading empty cells, where it has more than its own: merged-cell fillers
    # (A18: markdownify writes one for a rowspan's slot) or blanks, nobody can tell.
    if len(cells) > k and excess:
        while cells and cells[0].kind == "blank":
            cells.pop(0)
            has_gap = True
    while cells and _lone_pipe(cells[-1]) and not _delimited(nums):
        # One cell per line (A2): a lone "|" after a row's values may be a blank cell or a
        # merged-cell placeholder; the readings with collapsed blanks cover both.
        cells.pop()
        has_gap = True

    if len(cells) == k:
        layout = _layout(cells, bool(rules))
        if layout is not None and not _holds(_v(layout), rules):
            solved = _solve_blank(layout, rules, blanks_are_zero)
            if solved is not None:
                return RowResult(reading, [solved], "solved")
        if layout is not None and (not has_gap or _holds(_v(layout), rules)):
            return RowResult(reading, [layout], "layout")
        if layout is not None:
            # A gap (|||…) stands for blank cells whose number is lost: where the row breaks its
            # rule as laid out, the values may sit elsewhere.
            placed = short_readings(nums, k, rules, allowed)
            return RowResult(reading, placed or [layout], "placed" if placed else "layout")
    if len(nums) == k:
        layout = _layout(nums, bool(rules))
        if layout is not None:
            return RowResult(reading, [layout], "numbers")
    if len(nums) > k:
        return RowResult(reading, [], "unreadable")
    if any(len(t.text) > caps().max_glued_digits for t in nums):
        # Longer than any glued row can be (table 四's 15 cells): searched, it would cost
        # seconds to minutes; never guessed.
        return RowResult(reading, [], "too_long")
    if _delimited(nums):
        return _delimited_row(reading, nums, k, rules, allowed)
    per_line = _per_line(nums, reading)
    repeats = repeats_dropped and per_line
    # Two or more values each on a line of its own (A2–A5): a line is one cell. One run alone
    # on its line may still be a row glued whole (lxml's table 四, "011021000100000").
    lines = per_line and len(nums) >= 2
    found = short_readings(nums, k, rules, allowed, repeats, blanks_in_runs, lines)
    if found is None:
        return RowResult(reading, [], "too_many")
    if not found:
        if (
            not blanks_in_runs
            and not lines  # a line is one cell: blanks in runs change nothing there
            and short_readings(nums, k, rules, allowed, repeats, True)
        ):
            return RowResult(reading, [], "needs_blanks")
        return RowResult(reading, [], "unreadable")
    if not rules and any(c.token is None for v in found for c in v):
        # A row no rule binds (table 二) whose readings take cells for collapsed blanks: only
        # the blank assumption says where its printed values sit ("0 1" for three cells may
        # be 0 | 1 | ·, 0 | · | 1 or · | 0 | 1), and a blank is never inferred from a row
        # short of numbers. A cell is kept only where every reading prints the same value other
        # than 0 there (a 0 may be a blank's in a reading that printed it elsewhere: pdfminer's
        # HTML had given 本年制发件数 0 for a printed 1); "2648-18538" keeps 2648. Its readings
        # stay candidates: the counts the report states in its prose may single one out
        # (narrative.settle_with_facts), and the record lists them.
        agreed = tuple(
            first
            if first.value != 0
            and all(v[i].token is not None and v[i].value == first.value for v in found)
            else None
            for i, first in enumerate(found[0])
        )
        return RowResult(
            reading, found, "unplaced", agreed if any(c is not None for c in agreed) else None
        )
    return RowResult(reading, found, "readings")


def _split_and_blank(cells: Sequence[Token]) -> bool:
    """A pipe row with an empty cell and a cell holding several numbers ("| 行政规范性文件 |  | 3 |
    1 5 |", a Word-pasted 15 split into runs): its values fit its cells only by dropping the
    empty cell as a merged-cell filler (A18) or by counting numbers, not cells, and both had
    read 3 | 1 | 5. Where the cells say one thing and the numbers another, nothing is read."""
    if not cells or any(t.col is None or t.row is not None for t in cells):
        return False
    if not any(t.kind == "blank" for t in cells):
        return False
    per_cell = Counter((t.line, t.col) for t in cells if t.kind == "num")
    return any(n > 1 for n in per_cell.values())


# Cells of several numbers whose readings (one number or several) are all tried for the
# record's list of a row no reader can read: 2^4 ways at most (markitdown's dongshan 2024 has 4
# such cells in table 四); more is left unlisted (MAX_READINGS bounds the placements too).
MAX_SPLIT_CELLS = 4


def _split_readings(
    reading: Reading, k: int, rules: list[tuple[list[int], list[int]]]
) -> list[tuple[Number | None, ...]]:
    """For the record only (the row stays null): the readings of a row :func:`_split_and_blank`
    leaves unread, each cell of several numbers read as one number split into runs or as that
    many cells, the values in print order, every cell printed nowhere unknown (None, any
    count; 0 where a rule's other cells already make it), as a pipe row short of cells is
    placed (A20), kept where every rule can hold. Whichever the cells say, the row's values
    are in one of these. Empty where the row is no such row or has too many readings."""
    cells = [t for t in reading.items if t.kind in ("num", "blank")]
    if not _split_and_blank(cells):
        return []
    groups: list[list[Token]] = []
    for tok in (t for t in cells if t.kind == "num"):
        if groups and (groups[-1][0].line, groups[-1][0].col) == (tok.line, tok.col):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    several = [n for n, g in enumerate(groups) if len(g) > 1]
    if len(several) > MAX_SPLIT_CELLS or not all(t.text.isdigit() for g in groups for t in g):
        return []
    out: dict[tuple[Number | None, ...], None] = {}
    for joins in itertools.product((False, True), repeat=len(several)):
        joined = dict(zip(several, joins, strict=True))
        values: list[int] = []
        for n, g in enumerate(groups):
            if joined.get(n):
                values.append(int("".join(t.text for t in g)))
            else:
                values.extend(int(t.text) for t in g)
        if len(values) > k:
            continue
        for placed in _placed_in_blocks(values, k, rules):
            out.setdefault(placed, None)
            if len(out) > MAX_READINGS:
                return []
    return list(out)


def _placed_in_blocks(
    values: Sequence[Number], k: int, rules: list[tuple[list[int], list[int]]]
) -> Iterator[tuple[Number | None, ...]]:
    """Every placement of ``values``, in order, into ``k`` cells, the rest unknown, that keeps
    every rule (:func:`_zeros_where_made`). The cells part into blocks that no rule crosses
    (table 四's three 复议/诉讼 blocks), each block's fillings found once: the placements are
    their concatenations, so no rule is checked twice over the same cells."""
    spans: list[list[int]] = []
    for lhs, rhs in sorted(rules, key=lambda r: min((*r[0], *r[1]))):
        lo, hi = min((*lhs, *rhs)), max((*lhs, *rhs))
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    blocks: list[tuple[int, int]] = []
    at = 0
    for lo, hi in spans:
        blocks += [(i, i + 1) for i in range(at, lo)] + [(lo, hi + 1)]
        at = hi + 1
    blocks += [(i, i + 1) for i in range(at, k)]
    inside = [
        [
            ([i - lo for i in lhs], [i - lo for i in rhs])
            for lhs, rhs in rules
            if lo <= min((*lhs, *rhs)) and max((*lhs, *rhs)) < hi
        ]
        for lo, hi in blocks
    ]
    memo: dict[tuple[int, int, int], list[tuple[Number | None, ...]]] = {}

    def fillings(b: int, first: int, count: int) -> list[tuple[Number | None, ...]]:
        if (b, first, count) not in memo:
            check("reading table rows")
            width = blocks[b][1] - blocks[b][0]
            found: dict[tuple[Number | None, ...], None] = {}
            for slots in itertools.combinations(range(width), count):
                row: list[Number | None] = [None] * width
                for slot, value in zip(slots, values[first : first + count], strict=True):
                    row[slot] = value
                if _zeros_where_made(row, inside[b]):
                    found.setdefault(tuple(row), None)
            memo[(b, first, count)] = list(found)
        return memo[(b, first, count)]

    def walk(b: int, first: int) -> Iterator[tuple[Number | None, ...]]:
        if b == len(blocks):
            if first == len(values):
                yield ()
            return
        width = blocks[b][1] - blocks[b][0]
        room = sum(hi - lo for lo, hi in blocks[b + 1 :])
        for count in range(min(width, len(values) - first) + 1):
            if len(values) - first - count > room:
                continue
            for head in fillings(b, first, count):
                for tail in walk(b + 1, first + count):
                    yield head + tail

    yield from walk(0, 0)


def _zeros_where_made(row: list[Number | None], rules: list[tuple[list[int], list[int]]]) -> bool:
    """Whether every rule can hold over ``row`` (None: any count from 0 up); unknown cells on
    the side of a rule whose other side its known cells already make are set to 0."""
    try:
        for lhs, rhs in rules:
            left = sum(v for i in lhs if (v := row[i]) is not None)
            right = sum(v for i in rhs if (v := row[i]) is not None)
            open_l = [i for i in lhs if row[i] is None]
            open_r = [i for i in rhs if row[i] is None]
            same = math.isclose(left, right, abs_tol=TOLERANCE)
            if not open_l and not open_r and not same:
                return False
            if not open_r and left > right + TOLERANCE:
                return False
            if not open_l and right > left + TOLERANCE:
                return False
            if not open_r and open_l and same:
                for i in open_l:
                    row[i] = 0
            if not open_l and open_r and same:
                for i in open_r:
                    row[i] = 0
    except OverflowError:
        # A count of hundreds of digits (a run of digits no cell holds) meets a float: no
        # report's rule holds over it.
        return False
    return True


def _without_leading_blanks(reading: Reading) -> Reading:
    items = list(reading.items)
    nums = [t for t in items if t.kind == "num"]
    if not nums or not _delimited(nums):
        return reading
    while items and items[0].kind == "blank" and items[0].col is not None:
        items.pop(0)
    return dataclasses.replace(reading, items=items) if len(items) < len(reading.items) else reading


def _lone_pipe(tok: Token) -> bool:
    return tok.kind == "blank" and tok.row is None and tok.col is None and "|" in tok.text


def _delimited(nums: Sequence[Token]) -> bool:
    """Whether the row's values are cells of one pipe or tab row, or of one row of an HTML
    table: there a blank shows as an empty cell and a run of digits is one cell's value, so a
    row short of cells lost some whole (A20: a converter dropped a column; a row with a <td>
    too few, as raw HTML left in text had it), and what they held is unknown, not 0. A PDF's or
    a scan's grid (cells on a page) is rebuilt from rules and boxes, where a short row is more
    often two columns merged than a cell lost: read as before (a5 prints of Word tables lost
    table 四 as delimited rows)."""
    pipe = all(t.col is not None and t.row is None for t in nums) and (
        len({(t.page, t.line) for t in nums}) == 1
    )
    grid = all(t.row is not None and t.page is None for t in nums) and (
        len({t.row for t in nums}) == 1
    )
    # "01" is no one cell's value (OCR ran two cells together): such a row is read as glued
    return (pipe or grid) and all(_one_value(t) for t in nums)


def _one_value(tok: Token) -> bool:
    return parse_number(tok.text) is not None and not (
        tok.text.isdigit() and len(tok.text) > 1 and tok.text[0] == "0"
    )


def _delimited_row(
    reading: Reading,
    nums: Sequence[Token],
    k: int,
    rules: list[tuple[list[int], list[int]]],
    allowed: Sequence[bool],
) -> RowResult:
    """A pipe row short of cells: its values keep their order, each one cell, and every cell
    left over is unknown. The row's rules may still fix unknown cells at 0 (parts that already
    make the total leave the lost ones nothing); a value is kept only where every placement
    gives it."""
    values = [parse_number(t.text) for t in nums]
    if any(v is None for v in values) or math.comb(k, len(nums)) > MAX_READINGS:
        return RowResult(reading, [], "unreadable")
    readings: dict[tuple[Number | None, ...], tuple[Cell | None, ...]] = {}
    broken: list[list[Cell | None]] = []

    def add(solved: list[Cell | None] | None) -> None:
        if solved is not None and all(
            c is None or c.value >= 0 or ok for c, ok in zip(solved, allowed, strict=True)
        ):
            readings.setdefault(
                tuple(None if c is None else c.value for c in solved), tuple(solved)
            )

    for slots in itertools.combinations(range(k), len(nums)):
        cells: list[Cell | None] = [None] * k
        for slot, tok, value in zip(slots, nums, values, strict=True):
            assert value is not None
            cells[slot] = Cell(value, "direct", tok.text, tok)
        solved = _fix_unknowns(cells, rules)
        if solved is None:
            broken.append(cells)
        add(solved)
    # A placement whose lost cell sits in a rule keeps that rule only because it cannot be
    # checked; a placement that breaks the same rule may be the report's own slip (C6), so
    # the open rule rejects neither (`| 103 | 9 | 1 | 3 | 1 | 116 |` for seven cells is six
    # parts with the total lost, or a lost part and a total that breaks R2: 116 had been read
    # as 其他).
    open_rules = {
        n
        for solved in readings.values()
        for n, (lhs, rhs) in enumerate(rules)
        if any(solved[i] is None for i in (*lhs, *rhs))
    }
    if open_rules and broken:
        closed = [rule for n, rule in enumerate(rules) if n not in open_rules]
        for cells in broken:
            add(_fix_unknowns(cells, closed))
    if not readings:
        return RowResult(reading, [], "unreadable")
    if len(readings) == 1:
        (only,) = readings.values()
        if all(c is not None for c in only):
            return RowResult(reading, [tuple(c for c in only if c is not None)], "readings")
    # Several placements are not handed to the rules across rows: when a converter dropped the
    # same column from every row, the shifted table keeps R1 and R3 as well as the true one
    # (and better, where the report's own numbers break a rule).
    keys = list(readings)
    agreed = tuple(
        readings[keys[0]][i] if len({key[i] for key in keys}) == 1 else None for i in range(k)
    )
    return RowResult(
        reading,
        [],
        "partial",
        agreed if any(c is not None for c in agreed) else None,
        list(readings.values()),
    )


def _fix_unknowns(
    cells: list[Cell | None], rules: list[tuple[list[int], list[int]]]
) -> list[Cell | None] | None:
    """Unknown cells (None) that the row's rules fix at 0 (see :func:`_forced_zeros`); None
    when a rule cannot hold."""
    out: dict[int, Cell | None] = dict(enumerate(cells))
    if _forced_zeros(out, rules, strict=True) is None:
        return None
    return [out[i] for i in range(len(cells))]


K = TypeVar("K")


def _forced_zeros(
    values: dict[K, Cell | None],
    rules: Sequence[tuple[Sequence[K], Sequence[K]]],
    open_ok: Callable[[K], bool] = lambda _: True,
    strict: bool = False,
) -> list[K] | None:
    """Unread cells (None) that a rule fixes at 0, in place: a rule whose unread cells all sit
    on one side (and may be fixed: ``open_ok``) and are short of nothing makes them 0, counts
    being never negative. A rule short by more is not used to compute a lone cell: where the
    report's own numbers break it (C6) that would be a number nobody printed. ``strict``: a
    rule that cannot hold (its cells all read and unequal, or a side already past the other)
    makes the result None; otherwise such a rule is the report's and is left alone. The cells
    fixed, in order."""
    fixed: list[K] = []
    changed = True
    while changed:
        changed = False
        for lhs, rhs in rules:
            left = [k for k in lhs if values.get(k) is None]
            right = [k for k in rhs if values.get(k) is None]
            gap = sum(c.value for k in rhs if (c := values.get(k)) is not None) - sum(
                c.value for k in lhs if (c := values.get(k)) is not None
            )
            if not left and not right:
                if strict and abs(gap) > TOLERANCE:
                    return None
                continue
            short = gap if left else -gap
            if strict and not (left and right) and short < -TOLERANCE:
                return None
            unknown = left or right
            if (left and right) or abs(short) > TOLERANCE or not all(map(open_ok, unknown)):
                continue
            for k in unknown:
                values[k] = ZERO_SLOT
            fixed.extend(unknown)
            changed = True
    return fixed


def _per_line(nums: Sequence[Token], reading: Reading) -> bool:
    """Whether each printed value of a text row stands on a line of its own (A2–A5), not on its
    label's: the layout where a crawler that drops a line equal to the one before it loses
    repeated cells (A13)."""
    lines = [(t.page, t.line) for t in nums if t.line is not None]
    return (
        all(t.row is None for t in nums)
        and len(lines) == len(nums)
        and len(set(lines)) == len(lines)
        and reading.where is not None
        and reading.where not in lines
    )


ZERO_SLOT = Cell(0, "repaired", "", None)
"""A cell printed nowhere that a reading takes for a collapsed blank (A6, A17): 0."""


def short_readings(
    nums: Sequence[Token],
    k: int,
    rules: list[tuple[list[int], list[int]]],
    allowed: Sequence[bool] | None = None,
    repeats: bool = False,
    blanks_in_runs: bool = True,
    lines: bool = False,
) -> list[Vector] | None:
    """Every reading of a row whose printed values do not fill its ``k`` cells one to one, that
    keeps the row's rules and signs; None when there are too many to enumerate.

    The printed values keep their order. A run of digits may hold several glued cells (A10); a
    cell that is not printed was a blank that collapsed (A6, A17: 0), or, where ``repeats``
    (one value per line, A13), a repeat of the value before it that a crawler dropped. Every
    such reading is kept, so a value is settled only when all readings agree on it: a run that
    splits one way ("265" as 2 | 6 | 5) is no reading of a row that may also hold 265 once,
    or three times. ``blanks_in_runs``: a glued run may also have lost blanks between its
    cells (see :func:`solve` for when that is considered). Spaces between runs are cell
    boundaries first; when no reading respects them they are taken for noise (B6 wraps, stray
    spaces) and the runs joined. ``lines``: each value stands on a line of its own (A2–A5), and
    a line is one cell, never a run to cut nor part of a run joined across lines (a row that
    lost a cell, `1` / `78` for seven cells, had been read 1 | 7 | … | 8 to keep R2)."""
    signs = allowed if allowed is not None else (True,) * k
    if lines:
        whole = _enumerated_readings(nums, k, rules, repeats, False, whole=True)
        if whole is None:
            return None
        return [tuple(_placed(c) for c in v) for v in whole if _signs_ok(v, signs)]
    digits_only = all(t.text.isdigit() for t in nums)
    attempts: list[Sequence[Token]] = [nums]
    if len(nums) > 1 and digits_only and not repeats:
        # Not where each line is one cell whose repeats may be gone (A13): a reading there
        # that joins lines ("142" / "23" as 14223) and repeats the result is two guesses.
        attempts.append([_join(nums)])
    blocks = sum_blocks(rules, k)
    for attempt in attempts:
        found: list[Vector] | None
        if blocks is not None and digits_only and not repeats:
            found = _block_readings(attempt, blocks, blanks_in_runs)
            if found is not None and not blanks_in_runs:
                # Each printed value one cell, blanks collapsed around them (A6).
                placed = _enumerated_readings(attempt, k, rules, False, False, whole=True)
                found = None if placed is None else _union(found, placed)
        else:
            # Without rules (table 二) nothing can single out a reading, so every one is listed:
            # a split run beside a collapsed blank as well ("行政许可 -1538" may be 0 | -15 | 38).
            mix = blanks_in_runs or not rules
            found = _enumerated_readings(attempt, k, rules, repeats, mix)
        if found is None:
            return None
        found = [v for v in found if _signs_ok(v, signs)]
        if found:
            # No value of a short row sits at a place the text shows: where one is settled,
            # the rules placed it (case (b) of the evidence contract, how "repaired").
            return [tuple(_placed(c) for c in v) for v in found]
    return []


def _placed(cell: Cell) -> Cell:
    return cell if cell.how == "repaired" else dataclasses.replace(cell, how="repaired")


def _union(a: list[Vector], b: list[Vector]) -> list[Vector]:
    out = {_values(v): v for v in b}
    out.update({_values(v): v for v in a})
    return list(out.values())


def _token_options(tok: Token, k: int, repeats: bool, whole: bool) -> list[tuple[Cell, ...]]:
    """What one printed value may stand for: one cell, several glued cells (unless ``whole``),
    or (``repeats``) one cell printed once for several equal neighbours."""
    out: list[tuple[Cell, ...]] = []
    value = parse_number(tok.text)
    single = value is not None and not (
        tok.text.isdigit() and len(tok.text) > 1 and tok.text[0] == "0"
    )
    if single:
        assert value is not None
        cell = Cell(value, "direct", tok.text, tok)
        out.append((cell,))
        if repeats:
            again = Cell(value, "repaired", tok.text, tok)
            out.extend((cell, *(again,) * r) for r in range(1, k))
    if not whole and (run := _run(tok)) is not None:
        for p in range(2, min(len(run[1]), k) + 1):
            out.extend(
                tuple(Cell(x, "repaired", tok.text, tok) for x in cut) for cut in run_cuts(tok, p)
            )
    return out


def _enumerated_readings(
    nums: Sequence[Token],
    k: int,
    rules: list[tuple[list[int], list[int]]],
    repeats: bool,
    blanks_in_runs: bool,
    whole: bool = False,
) -> list[Vector] | None:
    """Readings by plain enumeration: each value's options in order, the cells left over put
    back as collapsed blanks in every position (a split run beside a collapsed blank only with
    ``blanks_in_runs``). None past :data:`MAX_READINGS`."""
    if not whole:
        widths = [len(run[1]) if (run := _run(t)) is not None else 1 for t in nums]
        splits = sum(math.comb(w - 1, p - 1) for w in widths for p in range(2, min(w, k) + 1))
        if splits > MAX_READINGS:
            return None
    options = [_token_options(t, k, repeats, whole) for t in nums]
    if any(not o for o in options):
        return []
    out: dict[tuple[Number, ...], Vector] = {}
    budget = MAX_READINGS

    def sequences(i: int, acc: tuple[Cell, ...], split: bool) -> Iterator[tuple[Cell, ...]]:
        if i == len(options):
            if blanks_in_runs or not split or len(acc) == k:
                yield acc
            return
        for option in options[i]:
            if len(acc) + len(option) + (len(options) - i - 1) <= k:
                # A split's cells are all "repaired"; one cell or its repeats start "direct".
                cut = split or option[0].how == "repaired"
                yield from sequences(i + 1, acc + option, cut)

    for seq in sequences(0, (), False):
        for slots in itertools.combinations(range(k), len(seq)):
            budget -= 1
            if budget < 0:
                return None
            cells = [ZERO_SLOT] * k
            for slot, cell in zip(slots, seq, strict=True):
                cells[slot] = cell
            vector = tuple(cells)
            values = _values(vector)
            if values not in out and _holds(values, rules):
                out[values] = vector
    return list(out.values())


def _block_readings(nums: Sequence[Token], blocks: list[int], blanks: bool) -> list[Vector] | None:
    """Readings of digit runs for rows whose rules are blocks that each end in their sum (R2,
    R4), found by :func:`block_splits` (with ``blanks``, collapsed blanks in any cell).
    Readings that keep the spaces between runs as cell boundaries come first."""
    joined = "".join(t.text for t in nums)
    cuts = set(itertools.accumulate(len(t.text) for t in nums[:-1]))
    found: dict[tuple[int, ...], Sequence[str | None]] = {}
    respecting: set[tuple[int, ...]] = set()
    budget = MAX_READINGS
    splits = block_splits(joined, blocks, blanks, _Explored())
    try:
        for parts in splits:
            budget -= 1
            if budget < 0:
                return None
            values = tuple(0 if p is None else int(p) for p in parts)
            found.setdefault(values, parts)
            if cuts <= _boundaries(parts):
                respecting.add(values)
    except _TooMany:
        return None
    chosen = [v for v in found if v in respecting] or list(found)
    return [_vector_from_parts(found[v], nums) for v in chosen]


def _glued_readings(
    nums: Sequence[Token], k: int, rules: list[tuple[list[int], list[int]]], allowed: Sequence[bool]
) -> list[Vector]:
    """The readings of a row of ``k`` numbers whose spaces may not be cell boundaries: as
    printed, and with the spaces taken out (:func:`_rejoined`), those that keep the rules."""
    out: list[Vector] = []
    printed = _layout(nums, bool(rules))
    if printed is not None and _holds(_v(printed), rules):
        out.append(printed)
    joined = _rejoined(nums)
    if len(joined) < k:
        out += short_readings(joined, k, rules, allowed) or []
    return list({_values(v): v for v in out}.values())


def _rejoined(nums: Sequence[Token]) -> list[Token]:
    """The row's numbers with the spaces between them taken out: each whole number joins the
    one before it, unless it starts with a minus sign (a cell of its own) or the one before
    has a decimal part or a unit (its cell ends there)."""
    out: list[Token] = []
    for tok in nums:
        if out and not tok.text.startswith("-") and out[-1].text.lstrip("-").isdigit():
            out[-1] = _join([out[-1], tok])
        else:
            out.append(tok)
    return out


def _join(nums: Sequence[Token]) -> Token:
    first = nums[0]
    return Token("num", "".join(t.text for t in nums), first.line, first.page, first.row, first.col)


def _boundaries(parts: Sequence[str | None]) -> set[int]:
    out, pos = set(), 0
    for part in parts[:-1]:
        pos += len(part or "")
        out.add(pos)
    return out


def _vector_from_parts(parts: Sequence[str | None], nums: Sequence[Token]) -> Vector:
    """Cells for a split of the joined runs, each pointing at the run it came from; a part
    that is None is a collapsed blank."""
    starts = []
    pos = 0
    for tok in nums:
        starts.append((pos, pos + len(tok.text), tok))
        pos += len(tok.text)
    cells = []
    pos = 0
    for part in parts:
        if part is None:
            cells.append(ZERO_SLOT)
            continue
        tok = next(t for a, b, t in starts if a <= pos < b)
        whole = part == tok.text
        cells.append(Cell(int(part), "direct" if whole else "repaired", tok.text, tok))
        pos += len(part)
    return tuple(cells)


def sum_blocks(rules: list[tuple[list[int], list[int]]], k: int) -> list[int] | None:
    """Block sizes when the row's rules say "each consecutive block's last cell is the sum of
    the others" and the blocks cover the row (R2: one block of 7; R4: three of 5)."""
    spans = sorted((min(lhs), max(lhs), rhs[0]) for lhs, rhs in rules if len(rhs) == 1)
    if len(spans) != len(rules) or not spans:
        return None
    sizes, pos = [], 0
    for lo, hi, total in spans:
        if lo != pos or total != hi + 1:
            return None
        sizes.append(total - lo + 1)
        pos = total + 1
    return sizes if pos == k else None


def block_splits(
    digits: str, blocks: list[int], blanks: bool = False, explored: _Explored | None = None
) -> Iterator[list[str | None]]:
    """Splits of ``digits`` into blocks whose last cell is the sum of the block's other cells,
    no cell with a leading zero; with ``blanks`` a cell may also be a collapsed blank (None: 0,
    printed nowhere), a whole block too. The sum bounds every cell, which prunes the search to
    milliseconds where plain enumeration of a 28-digit table-四 row takes minutes.

    Bounded by construction: whether the digits from a position on can still be split into the
    blocks left is computed once per (position, block) and a block is only cut where its rest
    can be, so no work is spent on dead ends twice (without it "1" × 30 took 9 s); every step
    counts against ``explored``, which raises :class:`_TooMany` when spent."""
    explored = explored if explored is not None else _Explored()
    n = len(digits)
    cuts: dict[tuple[int, int, int], list[list[str | None]]] = {}
    feasible: dict[tuple[int, int], bool] = {}

    def cut(start: int, end: int, m: int) -> list[list[str | None]]:
        key = (start, end, m)
        if key not in cuts:
            found: list[list[str | None]] = []
            parts: Iterator[list[str | None]] | Iterator[list[str]] = (
                _one_block_with_blanks(digits, start, end, m, explored)
                if blanks
                else _one_block(digits, start, end, m, explored)
            )
            for p in parts:
                explored.step()
                found.append(list(p))
            cuts[key] = found
        return cuts[key]

    def ends(start: int, i: int) -> range:
        if blanks:
            return range(start, n + 1)
        room = n - start - sum(blocks[i + 1 :])
        return range(start + blocks[i], start + room + 1)

    def can(start: int, i: int) -> bool:
        if i == len(blocks):
            return start == n
        key = (start, i)
        if key not in feasible:
            feasible[key] = any(
                can(end, i + 1) and bool(cut(start, end, blocks[i])) for end in ends(start, i)
            )
        return feasible[key]

    def block(start: int, i: int) -> Iterator[list[str | None]]:
        if i == len(blocks):
            if start == n:
                yield []
            return
        for end in ends(start, i):
            if not can(end, i + 1):
                continue
            for whole in cut(start, end, blocks[i]):
                for tail in block(end, i + 1):
                    explored.step()
                    yield [*whole, *tail]

    if can(0, 0):
        yield from block(0, 0)


def _one_block_with_blanks(
    digits: str, start: int, end: int, m: int, explored: _Explored
) -> Iterator[list[str | None]]:
    """``digits[start:end]`` as a block of ``m`` cells ending in their sum, some of the cells
    before the sum collapsed blanks. A block printed as nothing is all blanks."""
    if start == end:
        yield [None] * m
        return
    for printed in range(1, m + 1):
        for parts in _one_block(digits, start, end, printed, explored):
            heads, total = parts[:-1], parts[-1]
            for where in itertools.combinations(range(m - 1), printed - 1):
                cells: list[str | None] = [None] * (m - 1)
                for slot, head in zip(where, heads, strict=True):
                    cells[slot] = head
                yield [*cells, total]


def _valid(part: str) -> bool:
    return bool(part) and (part == "0" or part[0] != "0")


def _one_block(
    digits: str, start: int, end: int, m: int, explored: _Explored | None = None
) -> Iterator[list[str]]:
    """``digits[start:end]`` as ``m`` cells, the last the sum of the others."""
    explored = explored if explored is not None else _Explored()
    for size in range(1, end - start - (m - 1) + 1):
        last = digits[end - size : end]
        if _valid(last):
            for head in _summing(digits, start, end - size, m - 1, int(last), size, 0, explored):
                yield [*head, last]


def _summing(
    digits: str,
    pos: int,
    stop: int,
    n: int,
    total: int,
    width_max: int,
    acc: int,
    explored: _Explored,
) -> Iterator[list[str]]:
    """``digits[pos:stop]`` as ``n`` cells adding up (with ``acc``) to ``total``."""
    explored.step()
    if n == 0:
        if pos == stop and acc == total:
            yield []
        return
    # What is left must still be able to reach the total: n cells of at most this many digits.
    widest = min(width_max, stop - pos - (n - 1))
    if total - acc > n * (10**widest - 1):
        return
    for width in range(1, widest + 1):
        piece = digits[pos : pos + width]
        if not _valid(piece):
            break
        value = acc + int(piece)
        if value > total:
            break
        for tail in _summing(digits, pos + width, stop, n - 1, total, width_max, value, explored):
            yield [piece, *tail]


def _solve_blank(
    layout: Vector, rules: list[tuple[list[int], list[int]]], blanks_are_zero: bool = True
) -> Vector | None:
    """A row whose blank cells, read as 0, break its rules: a broken rule whose short side has
    exactly one blank cell gives that cell's value (a markdown converter dropped the 总计 cell,
    B7; OCR lost a lone digit of one block of table 四; 上海 2019 left its whole 总计 column
    blank, A7, while its other blanks are zeros). Blanks on the other side stay 0: any other
    value there would need the solved cell larger still, so no second reading keeps blanks as
    zeros. ``blanks_are_zero`` off (OCR'd grids, where a blank may be a lost digit): only a
    rule with one blank among all its terms is solved. A broken rule with no blank is the
    report's own inconsistency and stays as printed. None when no blank was solved. In an OCR'd
    grid the solved value is only as good as the printed cells it is computed from. In a
    printed grid a solved value is kept only where a second rule vouches for it
    (:func:`_unwitnessed_blanks`): the report may have printed 0 against its rule (C6)."""
    cells = list(layout)
    blank = {i for i, c in enumerate(layout) if c.how == "blank_as_zero"}
    solved = False
    for lhs, rhs in rules:
        if _holds(_v(tuple(cells)), [(lhs, rhs)]):
            continue
        terms = [i for i in (*lhs, *rhs) if i in blank]
        left = sum(cells[i].value for i in lhs)
        right = sum(cells[i].value for i in rhs)
        short = lhs if left < right else rhs
        candidates = [i for i in short if i in blank]
        if len(candidates) != 1 or (not blanks_are_zero and len(terms) != 1):
            continue
        b = candidates[0]
        value = abs(left - right)
        if not float(value).is_integer():
            continue
        trial = [*cells]
        trial[b] = Cell(int(value), "repaired", layout[b].raw, layout[b].token)
        if _holds(_v(tuple(trial)), [(lhs, rhs)]):
            cells, solved = trial, True
            blank.discard(b)
    return tuple(cells) if solved else None


def _number_text(value: Number) -> str:
    """A value as a warning shows it: 3505000, not 3505000.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _v(vector: Vector) -> list[Number]:
    return [c.value for c in vector]


def _layout(tokens: Sequence[Token], checked: bool = True) -> Vector | None:
    """The row as printed, or None when a token cannot be one cell. ``checked``: the row has
    rules that can verify a split of a token with a leading zero; without them (table 二)
    "01" stays 1 rather than become a guess."""
    out = []
    for tok in tokens:
        if tok.kind == "blank":
            out.append(Cell(0, "blank_as_zero", tok.text.strip("|").strip(), tok))
            continue
        value = parse_number(tok.text)
        # No cell is printed with a leading zero: OCR reads "0" and "1" of two cells as "01"
        # when one box runs across their rule, so such a token holds more than one cell.
        if value is None or (
            checked and tok.text.isdigit() and len(tok.text) > 1 and tok.text[0] == "0"
        ):
            return None
        out.append(Cell(value, "direct", tok.text, tok))
    return tuple(out)


# Readings listed per ambiguous row in the record (the count says how many there are).
MAX_LISTED_READINGS = 10


@dataclass(frozen=True)
class Ambiguity:
    """A row left partly null because several readings of its printed values fit the rules."""

    label: str
    fields: tuple[str, ...]
    unsettled: tuple[str, ...]
    printed: str
    readings: tuple[tuple[Number | None, ...], ...]
    total: int


@dataclass
class Solution:
    values: dict[str, Cell | None]
    warnings: list[tuple[str, str]]
    rows: list[RowResult]
    ambiguities: list[Ambiguity] = dataclasses.field(default_factory=list)


def solve(
    readings: Sequence[Reading],
    template: TableTemplate,
    has_numbers: bool,
    blank_rows_are_zero: bool = True,
    repeats_dropped: bool = False,
    fillers: bool = False,
    trailing: frozenset[CellPlace] = frozenset(),
) -> Solution:
    """Choose each row's reading; a row stays null unless its reading is the only consistent one.
    ``blank_rows_are_zero`` (A7) is off for OCR'd grids, where an empty row more often means
    the cells' text went elsewhere: such a row is zero only if the rules across rows agree.
    ``repeats_dropped``: the text may have lost lines equal to the one before (A13).
    ``trailing``: the empty cells that end their line after its text (for the record's list of
    rows of empty cells, :func:`trailing_blanks`).

    A row printed with no value and no blank cell beside its label is null, never zeros: its
    numbers may be printed elsewhere (a converter that prints all labels, then all numbers,
    A15) or not at all (A8)."""
    local, cross = _local_rules(template)

    if fillers:
        # Merged-cell fillers before the labels (A18): the empty cells between a label and its
        # first value may be fillers too, so they place nothing.
        readings = [_without_leading_blanks(r) for r in readings]

    def read(blanks_in_runs: bool) -> list[RowResult]:
        check("reading table rows")
        return [
            row_candidates(
                r,
                len(r.spec.fields),
                local.get(r.spec.label, []),
                tuple(may_be_negative(f) for f in r.spec.fields),
                blank_rows_are_zero,
                repeats_dropped,
                blanks_in_runs,
            )
            for r in readings
        ]

    rows = read(False)
    if any(r.kind == "needs_blanks" for r in rows):
        # A glued run that cuts into its row only with a blank lost between its cells shows
        # that this table's blanks vanish when its cells are glued (A10 with A6): every glued
        # row may then have lost some, and its readings with lost blanks are weighed too.
        # Where every run cuts into whole rows, the table printed its blanks (as 0).
        rows = read(True)
    warnings: list[tuple[str, str]] = []
    elsewhere = _cells_elsewhere(rows, local)
    if elsewhere:
        for row in elsewhere:
            row.kind, row.candidates = "elsewhere", []
        warnings.append(
            (
                "cells_elsewhere",
                f"{template.title}: most rows short of cells break their rules however their "
                f"values are placed, so their other cells are printed elsewhere, not blank; "
                f"{len(elsewhere)} short rows left null",
            )
        )
    chosen: dict[str, Partial | None] = {}
    ambiguous: list[RowResult] = []
    for row in rows:
        label = row.reading.spec.label or "(data)"
        zeros = tuple(Cell(0, "blank_as_zero", "", None) for _ in row.reading.spec.fields)
        if row.kind == "blank" and not _all_cells_blank(row):
            # A gap ("|||", merged-cell stubs) or a stray pipe is no row of blank cells.
            row.kind = "none"
        if row.kind == "blank" and has_numbers and blank_rows_are_zero:
            chosen[row.reading.spec.label] = zeros
        elif row.kind == "blank" and has_numbers and _in_cross_rules(row, cross):
            # An OCR'd row of blank cells: zeros only if the rules across rows agree.
            row.candidates = [zeros]
            ambiguous.append(row)
        elif row.kind in ("partial", "unplaced"):
            chosen[row.reading.spec.label] = row.agreed
            why = (
                "a cell short, its lost cells unknown"
                if row.kind == "partial"
                else "short of cells and bound by no rule, so where its values sit is unknown"
            )
            warnings.append(
                ("ambiguous", f"{label}: {why}; only the cells every placement gives are kept")
            )
        elif row.kind == "elsewhere":
            chosen[row.reading.spec.label] = None
        elif row.kind == "none" and has_numbers:
            chosen[row.reading.spec.label] = None
            warnings.append(("row_without_values", f"{label}: no value beside it; left null"))
        elif len(row.candidates) == 1:
            only = row.candidates[0]
            picked: Partial = only
            rules = local.get(row.reading.spec.label, [])
            if not blank_rows_are_zero and any(c.how == "blank_as_zero" for c in only):
                # An OCR'd row whose blanks, read as 0, break a rule: OCR lost a digit there,
                # or gave it to a neighbouring cell ("12" and "0" read as "120"). Neither the
                # blanks nor the printed cells of that rule can be trusted: all its cells are
                # null. A broken rule without a blank is kept as printed, and its check fails.
                # A block all of whose cells are blank is read like an empty row: unknown,
                # not zeros (a faded scan put table 四's 复议 numbers in its header cell).
                broken = [
                    (*lhs, *rhs)
                    for lhs, rhs in rules
                    if any(only[i].how == "blank_as_zero" for i in (*lhs, *rhs))
                    and (
                        not _holds(_v(only), [(lhs, rhs)])
                        or all(only[i].how == "blank_as_zero" for i in (*lhs, *rhs))
                    )
                ]
                doubtful = {i for terms in broken for i in terms}
                if doubtful:
                    picked = tuple(None if i in doubtful else c for i, c in enumerate(only))
                    warnings.append(
                        ("blank_unknown", f"{label}: blank cells may have lost digits; left null")
                    )
            chosen[row.reading.spec.label] = picked
        elif len({_values(v) for v in row.candidates}) == 1:
            # Several placements, one reading: a lone 0 in a row of zeros (A6, A11).
            chosen[row.reading.spec.label] = row.candidates[0]
        elif len(row.candidates) > 1:
            ambiguous.append(row)
        else:
            chosen[row.reading.spec.label] = None
            if row.kind == "unreadable":
                warnings.append(("row_unreadable", f"{label}: values could not be read"))
            elif row.kind == "too_many":
                warnings.append(
                    ("row_unreadable", f"{label}: too many readings to settle; left null")
                )
            elif row.kind == "too_long":
                longest = max(len(t.text) for t in row.reading.items if t.kind == "num")
                warnings.append(
                    (
                        "run_too_long",
                        f"{label}: a run of {longest} digits, longer than the splitter "
                        f"searches (Options.max_glued_digits = {caps().max_glued_digits}); "
                        "left null",
                    )
                )
    kept: dict[str, list[Vector]] = {}
    if ambiguous:
        kept = _settle(ambiguous, chosen, template, cross, warnings)
    values: dict[str, Cell | None] = {}
    for spec in template.rows:
        vector = chosen.get(spec.label)
        for i, fid in enumerate(spec.fields):
            cell = vector[i] if vector is not None else None
            values[fid] = _in_field_unit(fid, cell) if cell is not None else None
    if blank_rows_are_zero:
        unwitnessed = _unwitnessed_blanks(rows, values, cross)
        if unwitnessed:
            for fid in unwitnessed:
                values[fid] = None
            warnings.append(
                (
                    "blank_breaks_rule",
                    f"{len(unwitnessed)} blank cells break their row's rule as 0, and no other "
                    "rule shows that the report keeps it there (reports break their own rules, "
                    f"C6): left null, not the rule's value ({', '.join(unwitnessed[:3])}"
                    f"{', …' if len(unwitnessed) > 3 else ''})",
                )
            )
        # A row that printed values no one could read or place is no row of blanks: a rule
        # met without it does not make its cells 0 (a report that breaks the rule, C6, would
        # get a 0 where it printed 1). A row short of cells (A20) has its printed values
        # placed somewhere: its lost cells may be fixed, and narrow the placements.
        found = {
            f
            for row in rows
            if not row.reading.crowded
            and (row.kind == "partial" or not _printed_unread(row.reading, values))
            for f in row.reading.spec.fields
        }
        forced = _force_unread(values, template, found)
        placed = _place_by_rules(rows, values) if forced else []
        more = placed
        while more:
            # Cells the placements fixed may fix more cells by the rules, which narrow the
            # placements again (pymupdf4llm's "|1.属于国家秘密|1||1|": its 社会公益组织 cell is 0
            # only once the rows placed before it are).
            forced += _force_unread(values, template, found)
            more = _place_by_rules(rows, values)
            placed += more
        if placed:
            warnings.append(
                (
                    "placed_by_rules",
                    f"{len(placed)} printed values of rows short of cells placed where the "
                    f"rules leave them one column ({', '.join(placed[:3])}"
                    f"{', …' if len(placed) > 3 else ''})",
                )
            )
            forced += _force_unread(values, template, found)
        if forced:
            warnings.append(
                (
                    "forced_by_rules",
                    f"{len(forced)} cells printed nowhere are the only values the rules allow "
                    f"({', '.join(forced[:3])}{', …' if len(forced) > 3 else ''})",
                )
            )
    listed = _ambiguities(rows, values, kept, has_numbers, local, trailing)
    return Solution(values, warnings, rows, listed)


def _unwitnessed_blanks(
    rows: list[RowResult], values: dict[str, Cell | None], cross: CrossRules
) -> list[str]:
    """Blank cells given their row rule's value (:func:`_solve_blank`) that no second rule
    vouches for. A blank printed for 0 breaks the rule either because the report leaves that
    cell empty whatever it holds (上海 2019's 总计 column on its 办理结果 rows) or because it
    printed 0 and broke its own rule (C6: hzq 2023 prints 0 as every 总计 of table 四, one of
    them for 11 cases). A rule's value is evidence only where the report is seen to keep its
    rules there: a rule across rows through the cell holds with the solved values, every other
    cell of it read (上海 2019's printed （七）总计 is the sum of the solved totals). Table 四
    has no such rule: its blanks that break R4 are null."""
    solved = [
        row.reading.spec.fields[i]
        for row in rows
        if row.kind == "solved"
        for i, cell in enumerate(row.candidates[0])
        if cell.how == "repaired"
    ]
    out: list[str] = []
    for fid in solved:
        cell = values.get(fid)
        if cell is None or cell.how != "repaired":
            continue
        if not any(
            fid in (*lhs, *rhs) and _cross_holds(lhs, rhs, values) for _, _, lhs, rhs in cross
        ):
            out.append(fid)
    return out


def _cross_holds(lhs: list[str], rhs: list[str], values: dict[str, Cell | None]) -> bool:
    """Whether a rule across rows holds, every cell of it read."""
    known = {f: c.value for f in (*lhs, *rhs) if (c := values.get(f)) is not None}
    return len(known) == len({*lhs, *rhs}) and rule_can_hold(known, lhs, rhs)


def _printed_unread(reading: Reading, values: dict[str, Cell | None]) -> bool:
    """Whether the row printed a number other than 0 and none of its cells was read."""
    return all(values.get(f) is None for f in reading.spec.fields) and any(
        t.kind == "num" and any(ch in "123456789" for ch in t.text) for t in reading.items
    )


def _place_by_rules(rows: list[RowResult], values: dict[str, Cell | None]) -> list[str]:
    """Rows short of cells (a converter lost columns, A20) whose printed values the cells the
    rules fixed leave one place: a column the rules fixed at 0 holds no printed 7
    (pymupdf4llm's "|（一）予以公开|80|1|81|" for seven cells, whose four other columns are 0
    by R3 and R1 from the table's whole rows). A cell is kept where every placement left
    gives it; case (b) of the evidence contract. The fields placed, in order."""
    placed: list[str] = []
    for row in rows:
        if row.kind != "partial" or not row.placements:
            continue
        fields = row.reading.spec.fields
        fixed = {
            i: cell.value
            for i, f in enumerate(fields)
            if (cell := values.get(f)) is not None and cell.token is None
        }
        if not fixed:
            continue
        keep = [
            p
            for p in row.placements
            if all(p[i] is None or p[i].value == v for i, v in fixed.items())  # type: ignore[union-attr]
        ]
        if not keep or len(keep) == len(row.placements):
            continue
        row.placements = keep
        agreed = [
            first if first is not None and all(
                (c := p[i]) is not None and c.value == first.value for p in keep
            ) else None
            for i, first in enumerate(keep[0])
        ]  # fmt: skip
        row.agreed = tuple(agreed)
        for fid, cell in zip(fields, agreed, strict=True):
            if cell is not None and values.get(fid) is None:
                values[fid] = _in_field_unit(fid, _as_repaired(cell))
                placed.append(fid)
    return placed


def _as_repaired(cell: Cell) -> Cell:
    return cell if cell.how == "repaired" else dataclasses.replace(cell, how="repaired")


# A table needs this many short rows that no reading fits before their failing says anything
# about the table: one or two such rows are the report's own slips (a row that breaks its sum).
ELSEWHERE_MIN_ROWS = 3


def _cells_elsewhere(rows: list[RowResult], local: LocalRules) -> list[RowResult]:
    """The short rows of a table whose missing cells are printed elsewhere (a PDF-to-text
    converter that prints a wide table's other columns after it, or its 总计 column apart:
    pdftotext on printed pages, "676 141" for seven cells), not collapsed blanks (A6).

    A row's printed values plus blanks for the cells not printed fit its rules, cut as glued
    runs if need be, wherever blanks collapsed (:func:`_fits_as_printed`). Where most of a
    table's short rows fit no such reading, the table is not one whose blanks collapsed, and
    the readings the other short rows do have fit by chance ("12 3" as 1 | 2 | 0 … | 3 where
    the row is 12 … 19; "2 2" as 2 … 2 where it is 2 … 4): none is evidence. Rows without
    rules tell nothing and are left alone. A delimited row (pipe or tab cells) shows its blanks
    and is read on its own (A20)."""
    short: list[RowResult] = []
    for row in rows:
        k = len(row.reading.spec.fields)
        nums = [t for t in row.reading.items if t.kind == "num"]
        if (
            0 < len(nums) < k
            and not _delimited(nums)
            and local.get(row.reading.spec.label)
            and row.kind in ("readings", "unreadable", "needs_blanks")
        ):
            short.append(row)
    # A short row of zeros ("0 0" for seven cells) fits both layouts, blanks collapsed or cells
    # printed elsewhere, so it witnesses neither and is not counted among the short rows (it
    # is still left null where the table's cells are elsewhere). Counted, the zero rows of
    # pdftotext's A4 page with 3 mm margins outvoted the rows that fail (4 of 8), and "202 48"
    # read as 2 | 0 | 2 | … | 4 | 8 gave 8 for a printed 286.
    witnesses = [r for r in short if not _all_zero(r)]
    failing = sum(1 for r in witnesses if not _fits_as_printed(r))
    # A table most of whose rows print no value beside their label (A15: pdfminer printed its
    # numbers apart) says the same of the few that print some: they may hold part of a row.
    bare = sum(1 for r in rows if r.kind == "none" and local.get(r.reading.spec.label))
    # A label that took more values than two rows hold took a block of many rows' cells
    # printed apart (pdftotext on a landscape page: each row's 自然人 beside its label, the
    # other six columns as one block above the labels, "0" / "0" / "0" / "0" / "0 23" per
    # row): the short rows' other cells are in that block, and a lone "0" beside a label had
    # read as a row of zeros for a printed 7 0 0 0 0 0 7. Two rows is the most a group holds
    # where a layout only shifts rows (a row and the next one above its label, _overfull).
    block = any(
        sum(1 for t in r.reading.items if t.kind == "num") > 2 * len(r.reading.spec.fields)
        and not _delimited([t for t in r.reading.items if t.kind == "num"])
        for r in rows
        if r.reading.spec.fields
    )
    if not (
        (failing >= ELSEWHERE_MIN_ROWS and 2 * failing > len(witnesses))
        or (short and bare >= ELSEWHERE_MIN_ROWS and 2 * bare > len(rows))
        or (short and block)
    ):
        return []
    # Where most rows print values on their label's line, such a table's columns printed
    # apart are values on lines of their own, one column down the page: a whole row's worth
    # of them taken by a label is no surer its row (pdftotext on an A5 page printed the 总计
    # cells of the page's seven rows, "141" / "6" / "81" / …, above the next page's first
    # label, which took them). A row with a value on its label's line, or two on one line, is
    # its own; so is every row where rows print one value per line (pdfminer).
    with_values = [r for r in rows if any(t.kind == "num" for t in r.reading.items)]
    beside = sum(1 for r in with_values if _on_label_line(r.reading))
    if 2 * beside <= len(with_values):
        return short
    return short + [row for row in rows if row not in short and _down_a_column(row, local)]


def _all_zero(row: RowResult) -> bool:
    nums = [t for t in row.reading.items if t.kind == "num"]
    return bool(nums) and all(re.fullmatch(r"-?0+(?:\.0+)?", t.text) for t in nums)


def _on_label_line(reading: Reading) -> bool:
    return reading.where is not None and any(
        (t.page, t.line) == reading.where for t in reading.items if t.kind == "num"
    )


def _down_a_column(row: RowResult, local: LocalRules) -> bool:
    """Whether a full row's values stand one per line, none on its label's line."""
    nums = [t for t in row.reading.items if t.kind == "num"]
    lines = {(t.page, t.line) for t in nums}
    return (
        bool(local.get(row.reading.spec.label))
        and len(nums) == len(row.reading.spec.fields) == len(lines) > 1
        and not _delimited(nums)
        and (row.reading.where is None or row.reading.where not in lines)
    )


def _fits_as_printed(row: RowResult) -> bool:
    """Whether some reading of the row keeps its printed runs apart (a reading found only once
    the runs are joined, "190 48" as 19048, takes the spaces for noise: no evidence that the
    row's cells are all there)."""
    printed = {id(t) for t in row.reading.items}
    return row.kind == "readings" and any(
        all(c.token is None or id(c.token) in printed for c in v) for v in row.candidates
    )


def _short_blank_cells(row: RowResult, trailing: frozenset[CellPlace]) -> int:
    """How many empty pipe or tab cells a row with no value shows after its label, where it
    shows fewer than its cells (0 otherwise: no such row, or one whose blanks fill it). Only
    cells that end their line after its text count (``trailing``, see
    :func:`trailing_blanks`): empty cells before a label's text are merged-cell fillers
    (A18), and one between two pieces of a label's cell (markitdown: `| 5.要求…确认或重 |  |
    新出具 | 0 | …`) is part of that cell."""
    if row.kind != "none" or any(t.kind == "num" for t in row.reading.items):
        return 0
    blanks = [t for t in row.reading.items if t.kind == "blank" and t.col is not None]
    if not blanks or any(t.row is not None for t in blanks):
        return 0  # a grid's row (HTML, a PDF's cells) places its cells: not A20
    if any((t.page, t.line, t.col) not in trailing for t in blanks):
        return 0
    return len(blanks) if len(blanks) < len(row.reading.spec.fields) else 0


def trailing_blanks(tokens: Sequence[Token]) -> frozenset[CellPlace]:
    """The empty cells (page, line, column) that end their line after its text: on each line,
    the blanks after the last text token, where no value follows them."""
    lines: dict[tuple[int | None, int | None], list[Token]] = {}
    for tok in tokens:
        if tok.kind != "eol":
            lines.setdefault((tok.page, tok.line), []).append(tok)
    out: set[CellPlace] = set()
    for line in lines.values():
        last = max((i for i, t in enumerate(line) if t.kind != "blank"), default=-1)
        if last >= 0 and line[last].kind == "text":
            out.update((t.page, t.line, t.col) for t in line[last + 1 :] if t.kind == "blank")
    return frozenset(out)


def _ambiguities(
    rows: list[RowResult],
    values: dict[str, Cell | None],
    kept: dict[str, list[Vector]] | None = None,
    has_numbers: bool = True,
    local: LocalRules | None = None,
    trailing: frozenset[CellPlace] = frozenset(),
) -> list[Ambiguity]:
    """Rows with printed values some of whose cells stayed null: the row's readings that keep
    every rule (``kept``: those the rules across rows leave, see :func:`_settle`) and agree
    with every cell that was settled. Usually several, which differ at the null cells (no
    reader can settle them); one where the rules leave one reading but only with a single
    rule's help (left null: the report may break that rule, C6); a row none of whose readings
    keeps every rule is not listed."""
    out = []
    kept = kept or {}
    local = local or {}
    for row in rows:
        fields = row.reading.spec.fields
        unsettled = tuple(f for f in fields if values.get(f) is None)
        blanks = _short_blank_cells(row, trailing) if has_numbers else 0
        if not unsettled or not (blanks or any(t.kind == "num" for t in row.reading.items)):
            continue
        readings: list[tuple[Number | None, ...]] = []
        if blanks:
            # A row of empty pipe cells short of its cells (A20: a converter lost columns; the
            # label's own line shows no value): each placement of its blanks as 0, the lost
            # cells unknown (None; 0 where the rules leave nothing), that agrees with the
            # settled cells. A lost cell may take what a sum needs: every placement keeps R2.
            # Left null as before ("no value beside it"), now listed: markitdown's dongshan
            # 2024, `| 2.其他法律… |  |  |  |  |` for 7.
            rules = local.get(row.reading.spec.label, [])
            for where in itertools.combinations(range(len(fields)), blanks):
                cells: list[Number | None] = [0 if i in where else None for i in range(len(fields))]
                if _zeros_where_made(cells, rules) and all(
                    (cell := values.get(f)) is None or v is None or cell.value == v
                    for f, v in zip(fields, cells, strict=True)
                ):
                    readings.append(tuple(cells))
        elif row.kind == "unreadable" and (
            split := _split_readings(
                row.reading, len(fields), local.get(row.reading.spec.label, [])
            )
        ):
            # A pipe row whose cells say one thing and its numbers another (_split_and_blank):
            # null, and listed with every reading its cells allow (markitdown's dongshan 2024,
            # table 四: `| 1 1 | 2 3 | 7 3 |  | 1 4 |  | 1 | 1 |` for 15 cells).
            settled = {i: c.value for i, f in enumerate(fields) if (c := values.get(f)) is not None}
            readings += [
                r for r in split
                if all(r[i] is None or r[i] == v for i, v in settled.items())
            ]  # fmt: skip
        elif row.kind == "partial":
            # Each placement of a row short of cells (A20) that agrees with the settled cells,
            # its lost cells None (any count): the record lists where the printed values may sit.
            for placement in row.placements or ([row.agreed] if row.agreed is not None else []):
                cells = [
                    None if c is None else _in_field_unit(f, c).value
                    for f, c in zip(fields, placement, strict=True)
                ]
                if all(
                    (cell := values.get(f)) is None or v is None or cell.value == v
                    for f, v in zip(fields, cells, strict=True)
                ):
                    readings.append(tuple(cells))
        else:
            # Readings that cut the printed runs into cells come before those that also take
            # cells for collapsed blanks (printed nowhere).
            candidates = kept.get(row.reading.spec.label, row.candidates)
            for vector in sorted(candidates, key=lambda v: sum(c.token is None for c in v)):
                # In the field's unit, as the settled cells are (万元 printed, 元 recorded).
                vector = tuple(_in_field_unit(f, c) for f, c in zip(fields, vector, strict=True))
                if all(
                    (cell := values.get(f)) is None or cell.value == vector[i].value
                    for i, f in enumerate(fields)
                ):
                    readings.append(_values(vector))
        distinct = list(dict.fromkeys(readings))
        if not distinct:
            continue
        printed = " ".join(t.text for t in row.reading.items if t.kind == "num")
        out.append(
            Ambiguity(
                label=row.reading.spec.label or row.reading.label,
                fields=fields,
                unsettled=unsettled,
                printed=printed,
                readings=tuple(distinct[:MAX_LISTED_READINGS]),
                total=len(distinct),
            )
        )
    return out


def _all_cells_blank(row: RowResult) -> bool:
    """Whether a row without values shows its cells blank: a real grid's row, a run of pipes
    standing for its merged blank cells (A2, A6: "label |" then "||||||||"), or as many empty
    cells as the row has. One stray empty cell (a wrapped pipe row's last "|") is not."""
    items = row.reading.items
    if any(t.row is not None or t.kind == "gap" for t in items):
        return True
    return sum(1 for t in items if t.kind == "blank") >= len(row.reading.spec.fields)


def _force_unread(
    values: dict[str, Cell | None], template: TableTemplate, found: set[str]
) -> list[str]:
    """Cells of rows that were found but whose values could not be read, given the one value
    the rules leave them (case (b) of the evidence contract): 0, where a rule is met without
    them (:func:`_forced_zeros`). Rows never found stay null: nothing shows that the report
    printed them. Not for OCR'd grids, whose unread cells may be misread neighbours."""
    rules = [(lhs, rhs) for rule in template.rules for _, lhs, rhs in expand(rule)]
    return _forced_zeros(values, rules, open_ok=lambda f: f in found) or []


def _in_field_unit(fid: str, cell: Cell) -> Cell:
    """Amounts whose field is in 元 but whose cell says 万元 are converted (fields.tsv note)."""
    if cell.raw.endswith("万元") and field_specs()[fid].unit == "元":
        value = round(cell.value * 10_000, 2)
        return Cell(
            int(value) if float(value).is_integer() else value, cell.how, cell.raw, cell.token
        )
    return cell


# Settling rows is repeated once without each rule across rows that touches them (see
# _settle); past this many such rules only what each row's own readings agree on is kept.
MAX_LEAVE_ONE_OUT = 60


def _settle(
    ambiguous: list[RowResult],
    chosen: dict[str, Partial | None],
    template: TableTemplate,
    cross: list[tuple[str, str, list[str], list[str]]],
    warnings: list[tuple[str, str]],
) -> dict[str, list[Vector]]:
    """Rows with several readings settled by the rules across rows, only as far as no single
    rule decides alone: reports break their own rules (C6, an off-by-one 总计), and a
    reading that only one broken rule excludes, or one that a broken rule happens to admit,
    would be a wrong number. So the rows are settled with every rule, and again without each
    rule that touches them; a cell is kept where all those runs agree.

    Returns each row's readings that keep every rule (the run with all of them), for the
    record's ambiguities: the combinations the search found, or, where it ran past its
    budget, the readings each rule alone still allows."""
    labels = [r.reading.spec.label for r in ambiguous]
    touched = {f for r in ambiguous for f in r.reading.spec.fields}
    used = [c for c in cross if touched & set(c[2] + c[3])]

    budget = [MAX_COMBINATIONS]  # shared by all the runs: a table costs one search at most
    complete = [True]

    kept: dict[str, list[Vector]] = {}

    def run(
        rules: list[tuple[str, str, list[str], list[str]]],
        notes: list[tuple[str, str]],
        keep: dict[str, list[Vector]] | None = None,
    ) -> dict[str, Partial | None]:
        rows = [dataclasses.replace(r, candidates=list(r.candidates)) for r in ambiguous]
        out = dict(chosen)
        if complete[0] and not _settle_once(rows, out, template, rules, notes, budget, keep):
            complete[0] = False
        return out

    base = run(cross, warnings, kept)
    others = [] if len(used) > MAX_LEAVE_ONE_OUT else [
        run([c for c in cross if c is not rule], []) for rule in used
    ]  # fmt: skip
    if not complete[0] or len(used) > MAX_LEAVE_ONE_OUT:
        # Past the budget: what each row's own readings agree on, whatever the rules across
        # rows say (a row whose blanks collapsed, "138 3 141", is 141 in its 总计 column in
        # every placement).
        for row in ambiguous:
            chosen[row.reading.spec.label] = _agreed(row.candidates)
        warnings.append(("ambiguous", f"too many readings to settle rows {', '.join(labels)}"))
        return kept
    fragile = []
    for label in labels:
        settled = [base.get(label), *(other.get(label) for other in others)]
        mine = None if None in settled else _agreed([v for v in settled if v is not None])
        if mine != base.get(label) and base.get(label) is not None:
            fragile.append(label)
        chosen[label] = mine
    if fragile:
        warnings.append(
            (
                "ambiguous",
                f"rows settled by one rule alone left open: {', '.join(fragile[:5])}",
            )
        )
    return kept


def _settle_once(
    ambiguous: list[RowResult],
    chosen: dict[str, Partial | None],
    template: TableTemplate,
    cross: list[tuple[str, str, list[str], list[str]]],
    warnings: list[tuple[str, str]],
    budget: list[int],
    kept: dict[str, list[Vector]] | None = None,
) -> bool:
    """Rows with several consistent readings: keep the readings that the rules across rows
    (R1, R3) allow; a row is settled when all surviving combinations agree on it. False when
    the search ran past ``budget`` (combinations tried, shared and spent in place). ``kept``
    gets each row's readings that keep the rules (see :func:`_settle`)."""
    kept = kept if kept is not None else {}
    for row in ambiguous:
        kept[row.reading.spec.label] = []  # none, unless a reading below keeps the rules
    fields_of = {spec.label: spec.fields for spec in template.rows}
    known: dict[str, Number] = {}
    for label, vector in chosen.items():
        if vector is not None:
            for fid, cell in zip(fields_of[label], vector, strict=True):
                if cell is not None:
                    known[fid] = cell.value
    while True:
        ambiguous = _propagate(ambiguous, chosen, known, fields_of, cross, warnings)
        if not _narrow(ambiguous, known, fields_of, cross):
            break
    for label in kept:
        one = chosen.get(label)
        if one is not None and all(c is not None for c in one):
            kept[label] = [tuple(c for c in one if c is not None)]
    for row in ambiguous:
        kept[row.reading.spec.label] = list(row.candidates)
    # Rows no rule ties to another (table 二) are settled alone: what their readings agree on.
    alone = [r for r in ambiguous if not _in_cross_rules(r, cross)]
    for row in alone:
        label = row.reading.spec.label
        chosen[label] = _agreed(row.candidates)
        runs = " ".join(t.text for t in row.reading.items if t.kind == "num")
        shown = "; ".join(" | ".join(_number_text(c.value) for c in v) for v in row.candidates[:3])
        more = "; …" if len(row.candidates) > 3 else ""
        warnings.append(
            (
                "ambiguous",
                f"{label} {runs}: {len(row.candidates)} readings ({shown}{more}); "
                "cells they disagree on left null",
            )
        )
    ambiguous = [r for r in ambiguous if _in_cross_rules(r, cross)]
    if not ambiguous:
        return True
    labels = [r.reading.spec.label for r in ambiguous]
    touched = {f for label in labels for f in fields_of[label]}
    relevant = [c for c in cross if touched & set(c[2] + c[3])]
    pending = {f for r in ambiguous for f in fields_of[r.reading.spec.label]}
    unread = {f for c in relevant for f in c[2] + c[3] if f not in known and f not in pending}
    survivors = _search(ambiguous, known, fields_of, relevant, unread, budget)
    if survivors is None:
        return False
    for i, label in enumerate(labels):
        readings = [combo[i] for combo in survivors]
        kept[label] = list({_values(v): v for v in readings}.values())
        options = {_values(v) for v in readings}
        if len(options) == 1:
            chosen[label] = readings[0]
            continue
        chosen[label] = _agreed(readings)
        why = (
            "no reading agrees with the table's rules"
            if not options
            else f"{len(options)} readings agree with the table's rules"
        )
        warnings.append(("ambiguous", f"{label}: {why}; cells they disagree on left null"))
    return True


def _search(
    rows: list[RowResult],
    known: dict[str, Number],
    fields_of: dict[str, tuple[str, ...]],
    rules: list[tuple[str, str, list[str], list[str]]],
    unread: frozenset[str] | set[str] = frozenset(),
    budget: list[int] | None = None,
) -> list[tuple[Vector, ...]] | None:
    """Every combination of the rows' readings that keeps the rules, by depth-first search that
    checks each rule as soon as its cells are all known (``unread`` cells are counts no reading
    gives: any value from 0 up). None when it runs past the budget."""
    env = dict(known)
    chosen: list[Vector] = []
    out: list[tuple[Vector, ...]] = []
    budget = budget if budget is not None else [MAX_COMBINATIONS]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].candidates))
    back = {j: i for i, j in enumerate(order)}

    def ready(extra: set[str]) -> list[tuple[list[str], list[str]]]:
        return [(lhs, rhs) for _, _, lhs, rhs in rules if extra & set(lhs + rhs)]

    checks = [ready(set(fields_of[rows[i].reading.spec.label])) for i in order]

    def dfs(depth: int) -> bool:
        if depth == len(order):
            out.append(tuple(chosen[back[j]] for j in range(len(rows))))
            return True
        row = rows[order[depth]]
        fields = fields_of[row.reading.spec.label]
        for vector in row.candidates:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            if budget[0] & 1023 == 0:
                check("settling ambiguous rows")
            env.update(zip(fields, _values(vector), strict=True))
            if all(rule_can_hold(env, lhs, rhs, unread) for lhs, rhs in checks[depth]):
                chosen.append(vector)
                if not dfs(depth + 1):
                    return False
                chosen.pop()
            for f in fields:
                env.pop(f, None)
            env.update({f: known[f] for f in fields if f in known})
        return True

    return out if dfs(0) else None


def _in_cross_rules(row: RowResult, cross: list[tuple[str, str, list[str], list[str]]]) -> bool:
    own = set(row.reading.spec.fields)
    return any(own & set(lhs + rhs) for _, _, lhs, rhs in cross)


def _values(vector: Vector) -> tuple[Number, ...]:
    return tuple(c.value for c in vector)


def _agreed(readings: Sequence[Partial]) -> Partial | None:
    """The cells on which every reading agrees (行政强制 420 6 may be 4|20 or 42|0, but its
    last cell is 6 either way), a cell some reading leaves open included; the others None."""
    if not readings:
        return None
    cells: list[Cell | None] = []
    for i, first in enumerate(readings[0]):
        same = first is not None and all(
            (c := v[i]) is not None and c.value == first.value for v in readings
        )
        cells.append(first if same else None)
    return tuple(cells) if any(c is not None for c in cells) else None


# Sums kept per rule when narrowing: past this many distinct partial sums the rule is left for
# the search (table 三's R1 over 20 rows of 2–6 readings each stays in the hundreds).
MAX_SUMS = 20_000


def _key(value: float) -> float:
    return round(value, 6)


def _narrow(
    rows: list[RowResult],
    known: dict[str, Number],
    fields_of: dict[str, tuple[str, ...]],
    cross: list[tuple[str, str, list[str], list[str]]],
) -> bool:
    """Drop every reading of an ambiguous row that no choice of the other rows' readings can
    complete into a rule that holds (arc consistency over each rule across rows). It removes
    only readings that belong to no consistent whole, so it never settles a row the full search
    would leave open; it makes that search small. True when a reading was dropped."""
    by_field = {f: row for row in rows for f in fields_of[row.reading.spec.label]}
    changed = False
    for _, _, lhs, rhs in cross:
        signs = [(f, 1) for f in lhs] + [(f, -1) for f in rhs]
        # Cells nobody could read are counts, never below zero: a rule whose unread cells are
        # all on one side only asks that side to fall short by a non-negative amount.
        free = {sign for f, sign in signs if f not in known and f not in by_field}
        if len(free) > 1:
            continue
        constant = sum(sign * known[f] for f, sign in signs if f not in by_field and f in known)
        involved: list[RowResult] = []
        for f, _ in signs:
            if f in by_field and by_field[f] not in involved:
                involved.append(by_field[f])
        if not involved:
            continue

        # Per row, where its cells of the rule sit in its vectors, in the rule's order (so each
        # sum adds the same terms in the same order as walking the rule's fields).
        slots = {
            id(row): [
                (fields_of[row.reading.spec.label].index(f), sign)
                for f, sign in signs
                if by_field.get(f) is row
            ]
            for row in involved
        }

        def part(
            row: RowResult, vector: Vector, slots: dict[int, list[tuple[int, int]]] = slots
        ) -> float:
            return _key(sum(sign * vector[i].value for i, sign in slots[id(row)]))

        parts = [{part(row, v) for v in row.candidates} for row in involved]
        if not all(parts):
            continue
        for i, row in enumerate(involved):
            others: set[float] = {_key(constant)}
            for j, options in enumerate(parts):
                if j == i:
                    continue
                # _key inlined: the sums of two sets are most of the narrowing's time.
                others = {round(a + b, 6) for a in others for b in options}
                if len(others) > MAX_SUMS:
                    break
            else:
                if not free:
                    keep = [v for v in row.candidates if _key(-part(row, v)) in others]
                elif free == {1}:  # constant + parts + unread = 0: parts may not pass -constant
                    keep = [v for v in row.candidates if min(others) + part(row, v) <= TOLERANCE]
                else:
                    keep = [v for v in row.candidates if max(others) + part(row, v) >= -TOLERANCE]
                if len(keep) < len(row.candidates):
                    row.candidates = keep
                    parts[i] = {part(row, v) for v in keep}
                    changed = True
                if not keep:
                    break  # no reading of this row keeps the rule: nothing more to learn here
    return changed


def _propagate(
    ambiguous: list[RowResult],
    chosen: dict[str, Partial | None],
    known: dict[str, Number],
    fields_of: dict[str, tuple[str, ...]],
    cross: list[tuple[str, str, list[str], list[str]]],
    warnings: list[tuple[str, str]],
) -> list[RowResult]:
    """Filter each ambiguous row by the rules whose other cells are all known (R1 fixes （七）总计
    from the rows around it), settling rows one by one until nothing changes."""
    pending = list(ambiguous)
    changed = True
    while changed and pending:
        changed = False
        for row in list(pending):
            label = row.reading.spec.label
            own = set(fields_of[label])
            keep = row.candidates
            for _, _, lhs, rhs in cross:
                fields = set(lhs + rhs)
                others = fields - own
                if not (fields & own) or any(f not in known for f in others):
                    continue
                keep = [
                    v for v in keep
                    if rule_can_hold(known | dict(zip(fields_of[label], _values(v), strict=True)),
                                 lhs, rhs)
                ]  # fmt: skip
            options = {_values(v) for v in keep}
            before = {_values(v) for v in row.candidates}
            if len(options) == len(before) > 1:
                continue
            pending.remove(row)
            changed = True
            if len(options) == 1:
                chosen[label] = keep[0]
                known.update(zip(fields_of[label], _values(keep[0]), strict=True))
            elif not options:
                chosen[label] = None
                warnings.append(("ambiguous", f"{label}: no reading agrees with the table's rules"))
            else:
                row.candidates = keep
                pending.append(row)
    return pending


def rule_can_hold(
    env: dict[str, Number],
    lhs: list[str],
    rhs: list[str],
    unread: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether a rule can still hold: its cells in ``env`` known, those in ``unread`` any count
    from 0 up; True while another cell is still to be chosen."""
    if any(f not in env and f not in unread for f in lhs + rhs):
        return True
    left = [f for f in lhs if f not in env]
    right = [f for f in rhs if f not in env]
    gap = sum(env[f] for f in rhs if f in env) - sum(env[f] for f in lhs if f in env)
    if left and right:
        return True
    if left:
        return gap >= -TOLERANCE
    if right:
        return gap <= TOLERANCE
    return math.isclose(gap, 0, abs_tol=TOLERANCE)
