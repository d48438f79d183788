"""Session 12's speed-ups of the tables stage give what the code before them gave: each one is
checked against the plain computation on a family of inline inputs."""

import bisect
import itertools
import random

from extractor.document import Line, Provenance
from extractor.tables.assemble import SKIP_BLANKS, SKIP_GROUP, SKIP_LABEL, Reading, _any_between
from extractor.tables.assemble import _match as match
from extractor.tables.markup import ascii_grid, uncell, uncsv, untex
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import (
    Token,
    _markup_as_pipes,
    line_tokens,
    tokenize_lines,
    unbox,
)

REQUESTS = template_by_id("requests_2021")


def _lines(text: str) -> list[Line]:
    return [Line(t, Provenance(line=i)) for i, t in enumerate(text.strip("\n").splitlines(), 1)]


# --- a line's tokens remembered per text ------------------------------------------------------


def test_repeated_line_text_gets_each_line_its_own_number_and_page() -> None:
    lines = [Line("0", Provenance(page=p, line=n)) for p, n in ((1, 3), (1, 4), (2, 1))]
    tokens = tokenize_lines(lines)
    assert [(t.kind, t.text, t.page, t.line) for t in tokens] == [
        ("num", "0", 1, 3), ("eol", "", 1, 3), ("num", "0", 1, 4), ("eol", "", 1, 4),
        ("num", "0", 2, 1), ("eol", "", 2, 1),
    ]  # fmt: skip


def test_remembered_tokens_equal_a_fresh_tokenisation() -> None:
    texts = [
        "行政许可 5 3 0",
        "| 行政处罚 | 12 | 0 |",
        "行政许可4127行政处罚1356",
        "（四）无法提供 1.",
        "行政事业性收费 317\\.30",
        "7.属于行政执法案卷 \xa0 \xa0 3",
        "138   3   141",
        " ",
        "\xa0",
        "- 2 -",
    ]
    for indent in (None, 0, 4):
        for n, text in enumerate(texts * 2, 1):
            line = Line(text, Provenance(page=2, line=n), indent)
            got = tokenize_lines([line])
            assert got == line_tokens(text, n, 2, indent), text


def test_remembered_blank_cells_keep_their_identity() -> None:
    # A run of spaces gives one blank-cell object several times (``_space_cells``); assemble
    # tells tokens apart by id, so the copies share objects where the original did.
    for _ in range(2):
        fresh = line_tokens("行政许可 5   3", 7)
        got = tokenize_lines([Line("行政许可 5   3", Provenance(line=7))])
        assert got == fresh
        same = [(i, j) for i, j in itertools.combinations(range(len(fresh)), 2)
                if fresh[i] is fresh[j]]  # fmt: skip
        assert same
        assert [(i, j) for i, j in itertools.combinations(range(len(got)), 2)
                if got[i] is got[j]] == same  # fmt: skip


# --- markup readers skipped where no line holds their markup ----------------------------------

MARKUP_FAMILY = [
    "行政许可 5 3 0\n行政处罚 1 2 0",
    "行政许可,5,3,0\n行政处罚;1;2;0\n规章,0",
    "+------+---+\n| 规章 | 5 |\n+------+---+",
    "@multitable @columnfractions .5 .5\n@item 规章 @tab 5\n@end multitable",
    "\\startxtable\n\\startxrow \\startxcell 规章 \\stopxcell \\stopxrow\n\\stopxtable",
    ".TS\nl l.\n规章\t5\n.TE",
    "|=项目|=数量\n|规章|5",
    "\\begin{tabular}{ll}\n规章 & 5 \\\\\n\\end{tabular}",
    "┌──┬──┐\n│规章│5 │\n└──┴──┘",
    "║ 规章 ║ 5 ║",
    "行政许可 1,234 5\n“行政”，“许可”；3",
]


def test_markup_readers_skipped_only_where_they_change_nothing() -> None:
    for text in MARKUP_FAMILY:
        lines = _lines(text)
        assert _markup_as_pipes(lines) == unbox(untex(uncell(ascii_grid(uncsv(lines))))), text


# --- the pairing's search, its lookups hoisted ------------------------------------------------


def _any_between_reference(ordered: list[float], lo: float, hi: float) -> bool:
    return any(lo < p < hi for p in ordered)


def test_any_between_is_a_scan_of_the_positions() -> None:
    rng = random.Random(12)
    for _ in range(300):
        ordered = sorted([*rng.sample(range(40), rng.randint(0, 12)), rng.randint(0, 40) - 0.5])
        lo, hi = sorted(rng.sample(range(-2, 42), 2))
        assert _any_between(ordered, lo, hi) == _any_between_reference(ordered, lo, hi)
        assert not _any_between(ordered, lo, lo)


def _match_reference(  # type: ignore[no-untyped-def]
    events, groups, followed=frozenset(), headers=(), *, above=False
):
    """The pairing as it was written before session 12 (the DP with its lookups per cell)."""
    n, m = len(events), len(groups)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    skip = [SKIP_GROUP if any(t.kind == "num" for t in g) else SKIP_BLANKS for _, g in groups]
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            if i < n and here + SKIP_LABEL < cost[i + 1][j]:
                cost[i + 1][j] = here + SKIP_LABEL
                move[i + 1][j] = "label"
            if j < m and here + skip[j] < cost[i][j + 1]:
                cost[i][j + 1] = here + skip[j]
                move[i][j + 1] = "group"
            if i < n and j < m:
                is_before = groups[j][0] < events[i][0]
                before = 0.1 if is_before != above else 0.0
                if is_before and events[i][0] in followed:
                    continue
                lo, hi = sorted((events[i][0], groups[j][0]))
                if bisect.bisect_right(headers, lo) != bisect.bisect_left(headers, hi):
                    continue
                distance = abs(events[i][0] - groups[j][0]) - 1 + before
                if here + distance < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1] = here + distance
                    move[i + 1][j + 1] = "pair"
    pairs = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == "pair":
            pairs.append((events[i - 1], groups[j - 1]))
            i, j = i - 1, j - 1
        elif step == "label":
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def test_match_pairs_as_before_on_generated_sequences() -> None:
    rng = random.Random(18)
    spec = REQUESTS.rows[0]
    for _ in range(400):
        size = rng.randint(0, 14)
        kinds = [rng.choice("eg") for _ in range(size)]
        events = [(p, Reading(spec, "x")) for p, k in enumerate(kinds) if k == "e"]
        groups = [
            (p, [Token(rng.choice(["num", "blank"]), "0")]) for p, k in enumerate(kinds) if k == "g"
        ]
        spare = [p for p in range(size) if rng.random() < 0.2]
        followed = frozenset(p for p, _ in events if rng.random() < 0.3)
        above = rng.random() < 0.2
        got = match(events, groups, followed, spare, above=above)
        want = _match_reference(events, groups, followed, spare, above=above)
        assert got == want


# --- the prose read for facts only where a row can use them -----------------------------------

PROACTIVE = template_by_id("proactive_2021")
STATED = {
    "proactive.normative_documents.in_force": {698},
    "proactive.normative_documents.issued": {88},
    "proactive.licensing.decisions": {5},
}


def test_facts_change_nothing_where_no_row_needs_them() -> None:
    from extractor.tables.mapping import map_tokens
    from extractor.tables.narrative import needs_facts, settle_with_facts

    header = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数"
    family = {
        # every row read as printed, or glued but settled by the rules: nothing to settle
        "行政规范性文件 88 55 698\n规章 0 0 0": False,
        "行政规范性文件 | 88 | 55 | 698 |\n规章 | 0 | 0 | 0 |": False,
        # a glued run with many readings: the prose may settle it
        "规章000行政规范性文件8855698": True,
    }
    for rows, needed in family.items():
        mapping = map_tokens(tokenize_lines(_lines(f"{header}\n{rows}")), PROACTIVE)
        assert needs_facts(mapping.solution) is needed, rows
        if not needed:
            before = dict(mapping.solution.values)
            assert settle_with_facts(mapping.solution, STATED) == []
            assert mapping.solution.values == before
