"""Cells → logical rows: find the template's row labels in the token stream and give each the
values that belong to it.

A label is found exactly, as the wrapped first part of a label (B6), or fuzzily when characters
were lost (B4). Values come in groups (consecutive value tokens; a text token, or the end of a
line that held several numbers, ends a group). A label and the group printed right after it on
the same line pair at once; the other labels and groups are aligned in order, each label with
the nearest group (the least total distance). That reads values after their label (A1-A5, A10,
B8), before it (B3: a row of values on the line above its label), between the halves of a
wrapped label, and labels listed apart from their values (B7); a label that was not found costs
its own values, not its neighbours'.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extractor.tables.labels import SIMILARITY, normalize_chars, numbering
from extractor.tables.templates import RowSpec, TableTemplate
from extractor.tables.tokens import Token

# Unnumbered labels are looked for fuzzily only in text runs up to this long: a label among
# header words, not somewhere inside a whole flattened table (which would take seconds).
FUZZY_SCAN_MAX = 80
_CJK = re.compile(r"[\u4e00-\u9fff]")
# The first part of a wrapped label names its row when it is at least this long (characters of
# the normalised key) and at least a third of the label: the long （六） labels wrap early
# (1.申请人无正当理由逾期不 is 13 of 34); the numbering must agree as well.
PREFIX_MIN = 6
NUMBERED_PREFIX_MAX = 10


@dataclass
class Reading:
    """One template row as found: its printed label and the value tokens given to it."""

    spec: RowSpec
    label: str
    items: list[Token] = field(default_factory=list)
    where: tuple[int | None, int | None] | None = None
    """(page, source line) of the label, when it came from text lines."""
    crowded: bool = False
    """The label shares a cell with another row's: values were printed beside it, whose no
    one can tell (see :func:`assemble`)."""


@dataclass
class Assembly:
    readings: list[Reading]
    labels_found: int
    leftover_values: int
    """Value tokens that no label took (noise, or rows of another template)."""
    duplicates: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    """Labels whose values could be the row's or the next row's (a shift chain): left null."""
    crowded: list[str] = field(default_factory=list)
    """Labels that share one cell with another row's label (pymupdf4llm's ``⾏政处罚<br>⾏政强制``):
    the values beside that cell are no one row's, and the rows are left null."""


@dataclass(frozen=True, slots=True)
class _Event:
    spec: RowSpec
    label: str
    where: tuple[int | None, int | None, int | None]
    """(source line, grid row) of the label, to tell values printed on the same line."""


def _where(tok: Token) -> tuple[int | None, int | None, int | None]:
    return (tok.page, tok.line, tok.row)


@dataclass(frozen=True, slots=True)
class _Index:
    """A template's labels prepared for search: one alternation for exact matches and a table
    of label beginnings for wrapped labels."""

    exact: re.Pattern[str]
    owner: dict[str, RowSpec]
    prefixes: dict[str, list[tuple[RowSpec, int]]]
    lengths: tuple[int, ...]


_INDEXES: dict[str, _Index] = {}


def _index(template: TableTemplate) -> _Index:
    if template.id not in _INDEXES:
        owner = {key: spec for spec in template.rows if spec.label for key in spec.keys}
        keys = sorted(owner, key=len, reverse=True)
        prefixes: dict[str, list[tuple[RowSpec, int]]] = {}
        for key, spec in owner.items():
            least = len(key) // 3
            if numbering(key):
                # A numbered label is told apart by its number and a few characters; the
                # longest （六） labels wrap after 11 of 37 in narrow PDF columns (平潭 2023
                # printed: "2.申请人逾期未按收费").
                least = min(least, NUMBERED_PREFIX_MAX)
            for n in range(max(PREFIX_MIN, least), len(key)):
                prefixes.setdefault(key[:n], []).append((spec, n))
        _INDEXES[template.id] = _Index(
            exact=re.compile("|".join(re.escape(k) for k in keys)),
            owner=owner,
            prefixes=prefixes,
            lengths=tuple(sorted({len(p) for p in prefixes}, reverse=True)),
        )
    return _INDEXES[template.id]


# Exact and wrapped-label finds per (template, text): most text tokens are the template's own
# labels and headers, printed alike in every report, and each is looked for once per template
# tried on each region. Cleared when full (a batch of many reports meets new text forever).
_SPOTS: dict[tuple[str, str], tuple[tuple[int, int, RowSpec], ...]] = {}
SPOTS_MAX = 20_000


def _spot(
    text: str, template: TableTemplate, fuzzy: frozenset[str] = frozenset()
) -> list[tuple[int, int, RowSpec]]:
    """Row labels inside one text token: (start, end, spec) in the normalised text."""
    if fuzzy:
        return _spot_once(text, template, fuzzy)
    key = (template.id, text)
    found = _SPOTS.get(key)
    if found is None:
        if len(_SPOTS) >= SPOTS_MAX:
            _SPOTS.clear()
        found = _SPOTS[key] = tuple(_spot_once(text, template, fuzzy))
    return list(found)


def _spot_once(
    text: str, template: TableTemplate, fuzzy: frozenset[str]
) -> list[tuple[int, int, RowSpec]]:
    norm, _ = normalize_chars(text)
    index = _index(template)
    best: dict[str, tuple[int, int, RowSpec, float]] = {}
    for m in index.exact.finditer(norm):
        spec = index.owner[m.group(0)]
        if spec.label not in best:
            best[spec.label] = (m.start(), m.end(), spec, 1.0 + len(m.group(0)) / 1000)
    # The text ends with the first part of a label wrapped onto the next line (B6).
    size_of = len(norm)
    for n in index.lengths:
        if n > size_of:
            continue
        for spec, size in index.prefixes.get(norm[-n:], ()):
            if spec.label not in best:
                best[spec.label] = (size_of - size, size_of, spec, 0.9 + size / 1000)
    for spec in template.rows if fuzzy else ():
        if spec.label in fuzzy and spec.label not in best:
            for key in spec.keys:
                cand = _fuzzy(norm, key, spec)
                if cand and (spec.label not in best or cand[3] > best[spec.label][3]):
                    best[spec.label] = cand
    found = sorted(best.values(), key=lambda f: (-f[3], f[0]))
    # Overlaps: keep the stronger (longer, exact) label; 规范性文件 inside 行政规范性文件.
    kept: list[tuple[int, int, RowSpec, float]] = []
    for f in found:
        if all(f[1] <= k[0] or f[0] >= k[1] for k in kept):
            kept.append(f)
    return sorted(((s, e, spec) for s, e, spec, _ in kept), key=lambda x: x[0])


def _fuzzy(norm: str, key: str, spec: RowSpec) -> tuple[int, int, RowSpec, float] | None:
    """A label with a character or two lost or changed (B4), numbered like the key."""
    head = numbering(key)
    if len(key) < 6 or (not head and len(norm) > FUZZY_SCAN_MAX):
        return None
    # Most text shares few characters with the label: no window of it can be similar enough.
    chars = set(key)
    if len(chars & set(norm)) < SIMILARITY * len(chars) - 1:
        return None
    starts = [i for i in range(len(norm)) if norm.startswith(head, i)] if head else []
    if not head:
        starts = list(range(len(norm)))
    best: tuple[int, int, RowSpec, float] | None = None
    for i in starts:
        for n in range(max(4, len(key) - 3), len(key) + 2):
            window = norm[i : i + n]
            if len(window) < n and i + len(window) < len(norm):
                continue
            matcher = SequenceMatcher(None, window, key, autojunk=False)
            if matcher.quick_ratio() < SIMILARITY:
                continue
            ratio = matcher.ratio()
            if _CJK.search(norm, i + n):
                # More label text follows: the window is the start of another, longer label
                # ("2.申请人逾期未按收费…" holds "2.申请", 0.8 like "2.重复申请" with 重复 lost),
                # not this label with characters lost (B4).
                continue
            if ratio >= SIMILARITY and (best is None or ratio > best[3]):
                best = (i, i + n, spec, ratio * 0.8)
    return best


def assemble(tokens: Sequence[Token], template: TableTemplate) -> Assembly:
    """Logical rows of ``template`` found in ``tokens``."""
    unlabeled = next((r for r in template.rows if not r.label), None)
    if unlabeled is not None:
        items = [t for t in tokens if t.kind in ("num", "blank", "gap")]
        n = sum(1 for t in items if t.kind == "num")
        readings = [Reading(unlabeled, "", items)] if n else []
        return Assembly(readings, labels_found=len(readings), leftover_values=0)

    sequence: list[_Event | list[Token] | None] = []
    group: list[Token] = []
    line_numbers = 0
    pipe_row = False
    collected = False  # numbers on earlier lines of the group being collected
    stray = False  # text that is no label, header or label piece since the last group
    after_stray: set[int] = set()  # positions of the groups that follow such text
    unfound: list[float] = []  # where numbered text that is no label stands in the sequence
    # (page, line) of the last such text, while no other text has followed it: a group that
    # starts on that line after it is the unfound row's own (see close()).
    unfound_line: tuple[int | None, int | None] | None = None
    orphans: set[int] = set()  # groups printed on an unfound label's line, after it
    parents = {""} | {numbering(normalize_chars(r.parent)[0]) for r in template.rows if r.parent}
    parent_texts = sorted({normalize_chars(r.parent)[0] for r in template.rows if r.parent})
    parent_rest = ""  # the rest of a parent label whose start ended a line's text, cut there

    def close() -> None:
        nonlocal group, collected, stray
        if group:
            if stray:
                after_stray.add(len(sequence))
            if unfound_line is not None and (group[0].page, group[0].line) == unfound_line:
                # Values printed after numbered text that is no label found here, on its line
                # (pdftotext -layout of a zoomed page: "2.申请人逾期 1 1", the label cut too short
                # to be found), are that row's: no found label takes them, above or below.
                # Taken for values printed above it, 3.其他 had got 2.'s `1 1`.
                orphans.add(len(sequence))
            sequence.append(group)
            group = []
            stray = False
        collected = False

    texts = [t.text for t in tokens if t.kind == "text"]
    spots = {text: _spot(text, template) for text in texts}
    exact = {spec.label for found in spots.values() for _, _, spec in found}
    # Fuzzy search only for the labels of a table that is there (two labels found as printed)
    # and only for those that were not.
    fuzzy = frozenset(
        r.label for r in template.rows if r.label and r.label not in exact and len(exact) >= 2
    )
    previous: Token | None = None
    previous_kind = ""
    alone: set[int] = set()  # first tokens of groups that start their line
    widest = max((len(r.fields) for r in template.rows), default=0)
    after_row = False  # the last group was a row on its label's line, with no text since
    group_after_row = False  # the group being collected started right after such a line
    line_end: Token | None = None  # the text that ended the line before, if text did
    text_before: Token | None = None  # the last text, unnumbered, with no value after it
    crowded: list[Reading] = []
    rest_of_label = ""  # the part of the last label still to come when it was cut (B6)
    rest_owner: _Event | None = None  # that label's event
    crowded_line: tuple[int | None, int | None, int | None] | None = None
    header_text = ""  # the line's unlabelled text so far
    last_text = ""  # the text of the last text token
    for tok in tokens:
        if crowded_line is not None and tok.kind in ("num", "blank", "gap"):
            if _where(tok) == crowded_line:
                continue
            crowded_line = None
        if tok.kind == "text":
            close()
            unfound_line = None
            after_row = False
            size = len(sequence)
            continued = False
            prior_text, last_text = last_text, tok.text
            found = _spot(tok.text, template, fuzzy) if fuzzy else spots[tok.text]
            label = tok.text
            if not found and _split_cell(previous, tok):
                # A label a converter split over two cells at a column boundary (pymupdf4llm:
                # "|⼀、本年新|收政府信息公开申请数量|676|…"): the two cells' text is one label.
                assert previous is not None
                label = previous.text + tok.text
                found = _spot(label, template, fuzzy)
            elif not found and _NUMBERING_ALONE.match(tok.text) and text_before is not None:
                # Numbering that fell a line below its label ("属于行政查询事项" / "8.  5 0 …").
                label = tok.text + text_before.text
                found = _spot(label, template, fuzzy)
            cut_labels, in_label = (
                _across_wrap(line_end, tok, template) if previous_kind == "eol" else ([], False)
            )
            # A label found across the cut starts the token: the labels' order is the rows'
            # ("3." / "危及…稳定” 4.保护第三方…52 18": 3. had come after 4. and taken its values).
            found = sorted(
                found + [f for f in cut_labels if all(f[2] is not g[2] for g in found)],
                key=lambda f: f[0],
            )
            rows = [spec for _, _, spec in found if spec.fields]
            if tok.col is not None and len(rows) > 1:
                # Two rows' labels in one cell (a converter that missed the rule between them):
                # the cells beside it hold both rows' values in an order no one can tell (their
                # lines need not be the rows': "1<br><br>项" beside "356<br>48" is 1356 and
                # 48), so the rows are left without values, and so are the values.
                crowded += [
                    Reading(spec, label, where=(tok.page, tok.line), crowded=True) for spec in rows
                ]
                crowded_line = _where(tok)
                found = []
                sequence.append(None)
                rest_of_label, rest_owner = "", None
            # The piece is the token's last word (pdftotext -layout prints another cell's text
            # before it), or all of it where spaces cut the piece itself ("数 量").
            pieces = [tok.text.split()[-1], tok.text] if not found else [""]
            piece = next(
                (p for p in map(_normalized, pieces) if _goes_on(p, rest_of_label)),
                _normalized(pieces[0]),
            )
            if skip := _misread_digit(sequence, rest_owner, piece, rest_of_label, prior_text):
                # A digit inside a label's text, the same label going on right after it with
                # no space on either side ("纳费用1行政机关不再处理…": Ghostscript's txtwrite
                # prints the "、" of some fonts as "1"): a glyph read as a digit, no value.
                # Taken for the row's one value, it made 总计 1 where the row printed 0.
                sequence.pop()
                after_stray.discard(len(sequence))
                rest_of_label = rest_of_label[skip:]
            if _goes_on(piece, rest_of_label):
                # A cut label goes on here: its row's band reaches this line, and values
                # printed in the band are the row's. pdftotext -layout prints them after the
                # label's next piece ("（六）其 2.申请人逾期未按收费通知要求缴" / "他处理 纳费用、
                # 行政机关不再处理其政府 1 1" / "信息公开申请"), pdfplumber between two pieces
                # ("5.要求行政机关确认或重新出具已" / "2 2" / "获取信息"). Otherwise a label with
                # no value before this one (a row of vanished blanks) would leave them to
                # either (B7's labels listed apart).
                rest_of_label = rest_of_label[len(piece) :]
                continued = True
                last, before = sequence[-1], sequence[-2] if len(sequence) > 1 else None
                if last is rest_owner and isinstance(last, _Event):
                    rest_owner = sequence[-1] = _Event(last.spec, last.label, _where(tok))
                elif (
                    before is rest_owner
                    and isinstance(before, _Event)
                    and isinstance(last, list)
                    and len({(t.page, t.line) for t in last}) == 1
                ):
                    rest_owner = sequence[-2] = _Event(before.spec, before.label, _where(last[0]))
            elif found:
                rest_of_label = _rest(label, found[-1][2])
            for _, _, spec in found:
                rest_owner = _Event(spec, label, _where(tok))
                sequence.append(rest_owner)
            printed = normalize_chars(tok.text)[0]
            if not found and parent_rest and printed == parent_rest:
                # The rest of a parent label cut by a wrap (pdftotext -layout: "（四）无 2.没有现成
                # 信息需要另行制作 3" / "法提供 1 0 0 0 0 4"): a known piece, no label nobody
                # found, so the group after it may complete the short row before it.
                continued = True
                parent_rest = ""
            else:
                lead = printed[: found[0][0]] if found else printed
                rest = next(
                    (p[len(lead) :] for p in parent_texts if p.startswith(lead) and p != lead), ""
                )
                if len(lead) >= 2 and rest:
                    parent_rest = rest
            header_text = header_text + printed if not found else ""
            if (
                not found
                and not in_label
                and not continued
                and sequence
                and sequence[-1] is not None
                and _HEADER_WORDS.search(header_text)
            ):
                # A table's header words part what is before them from what is after them: a
                # label and a group with a header between are further apart than a group and
                # the label right after it (B3). Other text (a wrapped label's second half, a
                # vertical label's characters, B2) parts nothing. The words are looked for over
                # the line's run of unlabelled text: a converter cuts header cells anywhere
                # ("| 自 | 然人 | 法人 | 或其他组织 |", B7). A cut label's next piece is label
                # text even where it is a header word (A5 pages: "一、本年新收…申请" / "数量").
                sequence.append(None)
            if len(sequence) == size and not continued and not in_label and _CJK.search(tok.text):
                # Words, not a sign or a stray mark ("| 132 | +11 | 357 |" leaves a "+").
                stray = True
                printed = normalize_chars(tok.text)[0]
                first = numbering(printed)
                inner = numbering(printed[len(first) :]) if first else ""
                if first not in parents or inner not in parents:
                    # Numbered text that is no label here, nor a heading of the template's rows
                    # (（三）不予公开), is a row label nobody found (a 2021 （六） sub-label read
                    # with the single-（六） template): a value group after it is not the found
                    # labels' before it. So is one after a heading's numbering on its line
                    # (pdftotext -layout of a zoomed page: "（六） 2.申请人逾期未按", the
                    # label too cut to be found; its row's 1 1 had gone to row 1.).
                    unfound.append(len(sequence) - 0.5)
                    unfound_line = (tok.page, tok.line)
        elif tok.kind == "eol":
            header_text = ""
            # A line that held a whole row of numbers (B8, A11, PDF value lines), or a pipe row
            # of its own (B7: "| 41848 |"), is one group; one number per line (A2–A5) keeps
            # collecting, also over a line of several numbers after lines of one: there each
            # line is a cell, and "1 5" one whose number was split (PyMuPDF on a Word-pasted
            # table: "5" / "1 5" / "1"), not the end of a row.
            if line_numbers == widest and collected and group_after_row:
                # Lines of one number right after a row's own line, then a whole row's worth:
                # the lone numbers are that row's wrapped end ("…总计 1568 … 77" / "2107"), and
                # the full line the next row's, printed above its label (B3, B6). A shorter
                # line goes on the row ("…这一 1 0 0 0" / "0" / "0 1").
                last_line = (group[-1].page, group[-1].line)
                head = [t for t in group if (t.page, t.line) != last_line]
                if head:
                    sequence.append(head)
                    group = group[len(head) :]
                    collected = False
            if (line_numbers > 1 and not collected) or pipe_row:
                # A row printed on its label's line (B8), not a line of values alone (a tall
                # row's lines in pdftotext: "23 0 0 0" / "0" / "0 23" is one row).
                after_row = bool(group) and id(group[0]) not in alone
                close()
            line_numbers = 0
            pipe_row = False
            collected = any(t.kind == "num" for t in group)
        else:
            header_text = ""
            if (
                tok.col is not None
                and group
                and (group[-1].page, group[-1].line)
                != (
                    tok.page,
                    tok.line,
                )
            ):
                # A pipe row starts a group of its own: values collected from lines before it
                # (a wrapped row's last cell, "0 |") are no part of it.
                close()
                line_numbers = 0
            if not group:
                if previous_kind in ("", "eol"):
                    alone.add(id(tok))
                group_after_row, after_row = after_row, False
            group.append(tok)
            if tok.kind == "num":
                line_numbers += 1
                pipe_row = pipe_row or tok.col is not None
            elif tok.kind == "blank" and tok.text == "\xa0" and tok.col is None:
                # A flat row's &nbsp; cells (tokens.py) are its cells as much as its numbers: a
                # line of them is a whole row, whose blanks the next line's values do not join.
                line_numbers += 1
        line_end = previous if tok.kind == "eol" and previous and previous.kind == "text" else None
        previous_kind = tok.kind
        previous = tok
        if tok.kind == "text":
            text_before = tok if not numbering(tok.text) else None
        elif tok.kind != "eol":
            text_before = None
    close()

    assembly = _align(
        sequence,
        [r.label for r in template.rows],
        frozenset(alone),
        frozenset(after_stray),
        tuple(unfound),
        frozenset(orphans),
    )
    seen = {r.spec.label for r in assembly.readings}
    for reading in crowded:
        if reading.spec.label not in seen:
            seen.add(reading.spec.label)
            assembly.readings.append(reading)
            assembly.labels_found += 1
            assembly.crowded.append(reading.spec.label)
    return assembly


# A cut label's next piece is known by this many characters ("信息公开申请" ends a （六）
# label), or by being all that is left of it ("…申请" / "数量").
CONTINUATION_MIN = 4


def _normalized(text: str) -> str:
    return normalize_chars(text)[0]


def _goes_on(piece: str, rest: str) -> bool:
    """Whether ``piece`` is the next piece of a cut label whose ``rest`` is still to come."""
    return rest.startswith(piece) and (
        len(piece) >= CONTINUATION_MIN or (len(piece) >= 2 and piece == rest)
    )


def _misread_digit(
    sequence: list[_Event | list[Token] | None],
    owner: _Event | None,
    piece: str,
    rest: str,
    before: str,
) -> int:
    """Where ``piece`` goes on in ``rest`` (the label's text still to come), past one
    character that the last group stands for: a digit glued to text on both sides, right
    after the label's event, with the text before it (``before``) ending with what the label
    prints before that character ("纳费用1行政机关不再处理其政": "、" printed as "1" by
    Ghostscript's txtwrite). Such a digit is no value. 0 where that is not so."""
    if len(sequence) < 2 or sequence[-2] is not owner or owner is None or not rest:
        return 0
    last = sequence[-1]
    if not (
        isinstance(last, list)
        and len(last) == 1
        and last[0].kind == "num"
        and last[0].inner
        and len(last[0].text) == 1
        and len(piece) >= CONTINUATION_MIN
        and not _goes_on(piece, rest)
    ):
        return 0
    # The piece's start only: the rest of it may be misread too ("行政机关O再处理w政府").
    at = rest.find(piece[:CONTINUATION_MIN], 1)
    if at < 1 or not _ends_like(_normalized(before), rest[: at - 1]):
        return 0
    return at


def _ends_like(text: str, label: str) -> bool:
    """Whether ``text`` ends with ``label``'s characters, where a glyph the font misread (a
    character no Chinese label prints there: not CJK, no digit, no space; Ghostscript's
    txtwrite prints some fonts' 纳 as "ÿ", 不 as "O": "求缴ÿ费用1行政机关" and "O补正1行政机关")
    may stand for any of them. The character right before the digit is the label's own, so
    a run of misread glyphs alone is no match."""
    if not label:
        return True
    if len(text) < len(label) or text[-1] != label[-1]:
        return False
    return all(
        a == b or not (_CJK.match(a) or a.isdigit() or a.isspace())
        for a, b in zip(text[-len(label) :], label, strict=True)
    )


def _rest(text: str, spec: RowSpec) -> str:
    """What is still to come of ``spec``'s label when ``text`` ends with its first part."""
    norm = normalize_chars(text)[0]
    for key in spec.keys:
        for n in range(len(key) - 1, PREFIX_MIN - 1, -1):
            if norm.endswith(key[:n]):
                return key[n:]
    return ""


_NUMBERING_ALONE = re.compile(r"^[1-9][.．、]$")


def _across_wrap(
    before: Token | None, tok: Token, template: TableTemplate
) -> tuple[list[tuple[int, int, RowSpec]], bool]:
    """Labels that a hard wrap cut between the text ending the line before and ``tok``, which
    starts its line (`…其他一、本` / `年新收…数量14 00 03017`: the cut left a piece too short to be
    found as a wrapped label's start, B6), less those found there already as such a start; and
    whether the cut is in a label at all. The second piece is then label text, no header word
    that parts the label from its values (`二、上年结转…申请` / `数量000 0 0 00`)."""
    # Paragraphs of positioned HTML (mutool, pdftohtml: a PDF's text runs) carry no line
    # numbers; the end of line between them is their cut.
    paragraphs = before is not None and _unplaced(before) and _unplaced(tok)
    if before is None or ((before.page, before.line) == (tok.page, tok.line) and not paragraphs):
        return [], False
    cut = len(normalize_chars(before.text)[0])
    spanning = [f for f in _spot(before.text + tok.text, template) if f[0] < cut < f[1]]
    known = {f[2].label for f in _spot(before.text, template)}
    new = [(0, f[1] - cut, f[2]) for f in spanning if f[2].label not in known]
    return new, bool(spanning)


def _unplaced(tok: Token) -> bool:
    return tok.line is None and tok.row is None and tok.col is None


def _split_cell(before: Token | None, tok: Token) -> bool:
    """Whether ``tok`` is the text of the pipe cell right after the text cell ``before``."""
    return (
        before is not None
        and before.kind == "text"
        and before.col is not None
        and tok.col == before.col + 1
        and (before.page, before.line) == (tok.page, tok.line)
    )


# Header words of the three tables (their column and section headings), never in a row label.
_HEADER_WORDS = re.compile(
    r"第二十条|信息内容|本年[制新处收增废]|数量|件数|金额|申请人情况|自然人|法人或其他组织|商业企业"
    r"|科研机构|社会公益组织|法律服务机构|勾稽关系|结果维持|结果纠正|其他结果|尚未审结"
)

# Alignment costs: leaving a label without values or a group of values without a label costs
# far more than any distance, so as many pairs as possible are made; among those, the pairs
# whose label and values sit closest win. A group of blank cells alone is cheap to leave out.
SKIP_LABEL = 1000.0
SKIP_GROUP = 1000.0
SKIP_BLANKS = 0.5


def _align(
    sequence: list[_Event | list[Token] | None],
    order: Sequence[str] = (),
    alone: frozenset[int] = frozenset(),
    after_stray: frozenset[int] = frozenset(),
    unfound: Sequence[float] = (),
    orphans: frozenset[int] = frozenset(),
) -> Assembly:
    """Pair labels with value groups: a label and the values printed right after it on the same
    line always pair; the rest are aligned in order, each label with the nearest group. A label
    seen twice (a note that names the row, a repeated header) keeps the occurrence whose values
    fill the row."""
    candidates: list[Reading] = []
    reading_of: dict[int, Reading] = {}
    events: list[tuple[int, Reading]] = []
    groups: list[tuple[int, list[Token]]] = []
    paired: set[int] = set()
    for pos, item in enumerate(sequence):
        if isinstance(item, _Event):
            page, line, _ = item.where
            where = (page, line) if line is not None else None
            reading = Reading(item.spec, item.label, where=where)
            candidates.append(reading)
            reading_of[pos] = reading
            nxt = next((x for x in sequence[pos + 1 :] if x is not None), None)
            if (
                isinstance(nxt, list)
                and _where(nxt[0]) == item.where
                and item.where != (None, None, None)
            ):
                reading.items = nxt
                paired.add(next(p for p in range(pos + 1, len(sequence)) if sequence[p] is nxt))
            else:
                events.append((pos, reading))
        elif item is not None and pos not in paired and pos not in orphans:
            groups.append((pos, item))
    # A table whose first values print after its header but before any of its labels prints
    # them above their labels throughout (B3: pdftotext, PDF labels that wrap); otherwise a
    # label's values follow it, and labels listed apart from their values pair in order.
    above = _values_above(sequence)
    listed, blocked = ([], set()) if above else _listed_apart(events, groups, len(paired))
    fixed = {e for (e, _), _ in listed} | {g for _, (g, _) in listed} | blocked
    rest_e = [e for e in events if e[0] not in fixed]
    rest_g = [g for g in groups if g[0] not in fixed]
    followed = frozenset(
        p for p, _ in events if not above and _followed(sequence, p) and p + 1 not in fixed
    )
    headers = [p for p, item in enumerate(sequence) if item is None]
    # Values above their labels throughout (pdftotext and pdfminer: each value on a line of its
    # own, the row's label lower in its tall cell) is told from a table whose wrapped labels
    # alone print their values above (B3) by the rows whose values share their label's line:
    # at most one in four there (xinghe 2023 printed and read by pdftotext: 1 of 21), most in
    # the other.
    throughout = above and 4 * len(paired) <= len(paired) + len(events)
    pairs = listed + _match(rest_e, rest_g, followed, headers, above=throughout)
    whole = paired | {pos for pos, item in enumerate(sequence) if isinstance(item, _Event)} - {
        p for p, _ in events
    }
    adjacent = _adjacent(
        pairs,
        events,
        groups,
        whole,
        frozenset(e for (e, _), _ in listed),
        [*unfound, *map(float, orphans)],
    )
    for (_, reading), (_, group) in adjacent:
        reading.items = group
    unsure = _shift_chains(sequence, adjacent, paired, reading_of)
    unsure += [r for r in _split_label_chains(sequence, adjacent, paired) if r not in unsure]
    unsure += [r for r in _sunk_chains(sequence, adjacent, paired, reading_of) if r not in unsure]
    unsure += [r for r in _overfull(sequence, adjacent, paired) if r not in unsure]
    if unsure or above:
        # The table shows rows printed above their labels: so may a group no label took.
        unsure += [r for r in _overfull(sequence, adjacent, paired, True) if r not in unsure]
    unsure += [r for r in _contested(sequence, adjacent, paired, alone) if r not in unsure]
    unsure += [
        r for r in _between_bare(sequence, adjacent, paired, alone, reading_of) if r not in unsure
    ]
    unsure += [r for r in _blank_first_lines(sequence, candidates) if r not in unsure]
    unsure += [r for r in _behind_header(sequence, adjacent) if r not in unsure]
    if throughout:
        unsure += [r for r in _displaced_chains(sequence, adjacent, order) if r not in unsure]
        if _trailing_values(sequence):
            # Values both before the first label and after the last: labels lost at the top
            # (a page's spanning cells kept apart from the rest, "一、本年新收…" elsewhere) make a
            # table that prints its values below its labels look like one that prints them
            # above. A row keeps its values only where the two readings give it the same.
            down = {e: g for (e, _), (_, g) in _match(rest_e, rest_g, headers=headers)}
            unsure += [
                reading
                for (e, reading), (g, group) in adjacent
                if reading not in unsure and (e not in down or _printed(down[e]) != _printed(group))
            ]
    if above:
        # Labels listed apart from their values (B7: n labels, then n groups) read as printed
        # above their labels (B3) pair one row off: where the two layouts give a label
        # different groups, the text does not say which it printed (values of the table before
        # it, its header lost, look like values above the first label).
        apart_pairs, apart_blocked = _listed_apart(events, groups)
        apart = {(e, g) for (e, _), (g, _) in apart_pairs}
        in_runs = {p for pair in apart for p in pair} | apart_blocked
        unsure += [
            reading
            for (e, reading), (g, _) in adjacent
            if (e in in_runs or g in in_runs) and (e, g) not in apart and reading not in unsure
        ]
    for reading in unsure:
        reading.items = []
    for reading in _join_wrapped(sequence, candidates, after_stray):
        reading.items = []
        if reading not in unsure:
            unsure.append(reading)
    best: dict[str, Reading] = {}
    duplicates: list[str] = []
    for reading in candidates:
        label = reading.spec.label
        if label in best:
            duplicates.append(label)
            if _fit(reading) > _fit(best[label]):
                best[label] = reading
        else:
            best[label] = reading
    readings = [r for r in candidates if best[r.spec.label] is r]
    taken = {id(r.items) for r in readings}
    all_groups = [item for item in sequence if isinstance(item, list)]
    leftover = sum(1 for g in all_groups if id(g) not in taken for t in g if t.kind == "num")
    return Assembly(readings, labels_found=len(readings), leftover_values=leftover,
                    duplicates=duplicates,
                    unsure=[r.spec.label for r in unsure if r in readings])  # fmt: skip


Pair = tuple[tuple[int, Reading], tuple[int, list[Token]]]


def _numbers(group: list[Token]) -> int:
    return sum(1 for t in group if t.kind == "num")


def _shown_cells(group: list[Token]) -> int:
    """Values and the blank cells a line of its own shows (a &nbsp; cell, one per line)."""
    return sum(1 for t in group if t.kind == "num" or (t.kind == "blank" and t.text == "\xa0"))


def _pipe_cells(group: list[Token]) -> int:
    """Values and the empty pipe cells among them: a pipe row shows each blank cell, so a row
    of a few values and the rest empty cells is a full row (markitdown: "| 1 |   |   | 1 |")."""
    return sum(1 for t in group if t.kind == "num" or (t.kind == "blank" and t.col is not None))


def _shift_chains(
    sequence: list[_Event | list[Token] | None],
    pairs: list[Pair],
    same_line: set[int],
    reading_of: dict[int, Reading] | None = None,
) -> list[Reading]:
    """Readings whose values may be the next row's. Two full rows of values between two labels,
    the first taken by the label before them (or by nobody) and the second by nobody (one group,
    or groups nobody took that add up to the row: wrapped, B6), while the label after them took
    the full row printed after it, say the rows from here print their values above
    their labels (pdftotext and pdfminer print a cell's values on the line above a label that
    wraps in a tall cell, B3): each label of that run may own the group before it or the one
    after it, and the template's rules cannot tell (a shift moves whole rows). The run goes on
    while each next label took the group right after it, whatever its size, and through labels
    listed before their groups (B7, each of them may own the group before its own as well);
    it ends at a row printed whole on its label's line, a label with no values or with values
    before it, or any other item (see :func:`_shift_run`)."""
    taken = {g for _, (g, _) in pairs}
    by_event = {e: (g, group) for (e, _), (g, group) in pairs}
    reading_at = {e: reading for (e, reading), _ in pairs}
    printed = _printed_width(sequence)
    out: list[Reading] = []
    for pos, item in enumerate(sequence):
        if not isinstance(item, list) or pos in taken or pos in same_line or pos == 0:
            continue
        # Two full rows of values between two labels, the first taken by the label before, or
        # by nobody (a label whose own line holds only blank cells, the tall cell's first line:
        # markitdown on a PDF, "| （二）部分公开… |     |     |").
        nxt = pos + 1
        if nxt not in by_event or nxt not in reading_at:
            continue
        # A full row is one of the template's width, or of the width the table prints all
        # its rows at (a column printed apart: pdftotext lists 总计's cells after the table);
        # blank cells shown one per line count (PyMuPDF's blocks: a &nbsp; cell's U+00A0).
        width = len(reading_at[nxt].spec.fields)
        full = {width, printed} - {0}
        # Groups nobody took that add up to one row are that row wrapped over lines (B6:
        # pdfminer's "37 0" / "0" / … / "0 37" above "1.本机关不掌握…").
        start, count = pos, _shown_cells(item)
        while (
            count < width
            and start > 1
            and isinstance(sequence[start - 1], list)
            and start - 1 not in taken
            and start - 1 not in same_line
        ):
            start -= 1
            count += _shown_cells(sequence[start])  # type: ignore[arg-type]
        before = sequence[start - 1] if start else None
        if not isinstance(before, list) or count not in full:
            continue
        if start - 1 not in taken | same_line and _shown_cells(before) not in full:
            continue
        if 0 < _shown_cells(before) < width and _shown_cells(before) + count == width:
            continue  # one row's values wrapped onto two lines (B6), not two rows
        above = [c for x in sequence[start : pos + 1] for c in _cell_texts(x)]
        out += [
            r
            for r in _shift_run(sequence, nxt, above, pairs, same_line, reading_of)
            if r not in out
        ]
    return out


def _shift_run(
    sequence: list[_Event | list[Token] | None],
    first: int,
    above: list[str],
    pairs: list[Pair],
    same_line: set[int],
    reading_of: dict[int, Reading] | None,
) -> list[Reading]:
    """The readings of a shift run from the label at ``first`` (its group before it printing
    ``above``) that may own the group before their own: each label of the run took a group
    after it, and the run goes on label by label while nothing else stands between them.

    - A group of any size goes on with the run: a short row (a blank lost, or a cell printed
      on the label's line) is no evidence that the rows print their values below their labels
      again (pdfminer without box flow on a page printed at 130%: "6.属于四类过程性信息" / six
      values / "7.属于行政执法案卷 2" / 0 … 5 / "8.属于行政查询事项 5" / 27 … 34, where each
      label's line holds its row's first cell and the lines after it the next row's others).
      Only a row printed whole on its label's line is known to be its own, and ends the run.
    - Labels listed one after another and then as many groups (B7) go on with it too: each
      may own the group before its own (pdfminer: "1.信访…" / "2.重复申请" / 3 … 3 / zeros,
      the 3 … 3 being 2.'s, printed above its label).
    - A label with no values, a label that took the group before it, a group nobody took,
      or a header ends it.
    A label keeps its group where the group before it prints the same cells (rows of zeros);
    a group that holds more than a row is compared by its last row's worth of cells."""
    group_of: dict[int, tuple[int, list[Token]]] = {e: (g, grp) for (e, _), (g, grp) in pairs}
    reading_at = {e: reading for (e, reading), _ in pairs}
    for g in same_line:
        if reading_of is not None and g - 1 in reading_of and isinstance(sequence[g], list):
            group_of[g - 1] = (g, sequence[g])  # type: ignore[assignment]
            reading_at[g - 1] = reading_of[g - 1]
    out: list[Reading] = []
    e = first
    while e < len(sequence):
        labels: list[int] = []
        q = e
        while q < len(sequence) and isinstance(sequence[q], _Event):
            labels.append(q)
            q += 1
        if not labels or any(p not in group_of for p in labels):
            break
        groups = [group_of[p][0] for p in labels]
        if groups != list(range(q, q + len(labels))):
            break  # a label took the group before it, or values stand between the labels
        if len(labels) == 1 and groups[0] in same_line:
            event = sequence[labels[0]]
            assert isinstance(event, _Event)
            if all((t.page, t.line) == event.where[:2] for t in group_of[labels[0]][1]):
                break  # a row printed whole on its label's line is its own
        for p, g in zip(labels, groups, strict=True):
            mine = _cell_texts(sequence[g])
            if (above[-len(mine) :] if mine else above) != mine and reading_at[p] not in out:
                out.append(reading_at[p])
            above = mine
        e = q + len(labels)
    return out


def _split_label_chains(
    sequence: list[_Event | list[Token] | None],
    pairs: list[Pair],
    same_line: set[int],
) -> list[Reading]:
    """Readings whose values may be the row before's: a label found in two pieces, one after
    the other, the first piece paired with the group before it and the second with the group
    after it (pdfminer without its box flow at 150%: `115 … 174` / "2.重复" / "申请" / `21 … 36`
    / "3.要求提供…" / `11 … 16`). One label cannot own both groups, so the text says neither
    which of them is its row nor on which side of their labels the rows print: the label and
    the shift run after it (:func:`_shift_run`, each label that took the group after it) are
    left null. 3., 4. and 5. had each taken the next row's values."""
    group_at = {e: g for (e, _), (g, _) in pairs}
    reading_at = {e: reading for (e, reading), _ in pairs}
    out: list[Reading] = []
    for pos, item in enumerate(sequence[:-1]):
        nxt = sequence[pos + 1]
        if not (isinstance(item, _Event) and isinstance(nxt, _Event) and item.spec == nxt.spec):
            continue
        if group_at.get(pos) != pos - 1 or group_at.get(pos + 1) != pos + 2:
            continue
        before = sequence[pos - 1]
        above = _cell_texts(before)
        run = _shift_run(sequence, pos + 1, above, pairs, same_line, None)
        out += [r for r in [reading_at[pos], reading_at[pos + 1], *run] if r not in out]
    return out


def _printed_width(sequence: list[_Event | list[Token] | None]) -> int:
    """The number of values the table prints in most of its groups (0 where no width holds
    at least half the groups of two values or more)."""
    sizes = Counter(n for x in sequence if isinstance(x, list) and (n := _numbers(x)) >= 2)
    if not sizes:
        return 0
    size, count = sizes.most_common(1)[0]
    return size if 2 * count >= sum(sizes.values()) else 0


def _sunk_chains(
    sequence: list[_Event | list[Token] | None],
    pairs: list[Pair],
    same_line: set[int],
    reading_of: dict[int, Reading],
) -> list[Reading]:
    """Readings whose values may be the row before's, printed one line lower. A label with no
    values, then labels printed with values on their own lines, then a full row of values on a
    line no label took (pdftotext at 150 dpi: "1.本机关不掌握…" / "（四）无 2.没有现成…
    22 0 0 0 0 3 25" / "法提供 0 0 0 0 0 0 0" / "3.补正后… 0 …"): each row of that run may own
    the values on its own line or on the line below, and the template's rules cannot tell (a
    shift moves whole rows). The bare label and the run are left null."""
    taken = {g for _, (g, _) in pairs}
    printed = _printed_width(sequence)
    out: list[Reading] = []
    for pos, item in enumerate(sequence):
        if not isinstance(item, list) or pos in taken or pos in same_line:
            continue
        chain: list[Reading] = []
        p = pos - 1
        while p >= 1 and p in same_line and isinstance(event := sequence[p - 1], _Event):
            if _numbers(item) not in {len(event.spec.fields), printed} - {0}:
                break
            chain.append(reading_of[p - 1])
            p -= 2
        bare = sequence[p] if chain and p >= 0 else None
        if isinstance(bare, _Event) and p in reading_of and not reading_of[p].items:
            out += [*chain, reading_of[p]]
    return out


def _blank_first_lines(
    sequence: list[_Event | list[Token] | None], readings: list[Reading]
) -> list[Reading]:
    """Readings that took a line of blank cells right before a full row of values nobody
    took: the first line of a tall row whose label wraps (pymupdf4llm on a zoomed page:
    "|（⼆）部|分公开（区分处理||||||||" / "|理结果|的，只计|这⼀情形…|63|15|0|1|8|3|90|"). The
    blanks are no cells of the row, whose values may be the next line's; the row is null
    (its zeros had stood for a printed 63 | 15 | … | 90)."""
    at = {id(item): p for p, item in enumerate(sequence) if isinstance(item, list)}
    taken = {id(r.items) for r in readings if r.items}
    out: list[Reading] = []
    for reading in readings:
        items = reading.items
        if not items or _numbers(items) or not any(t.kind == "blank" for t in items):
            continue
        p = at.get(id(items))
        q = p + 1 if p is not None else len(sequence)
        while (
            q < len(sequence)
            and isinstance(group := sequence[q], list)
            and not _numbers(group)
            and id(group) not in taken
        ):
            # The next line's own empty cells before its values (pymupdf4llm: "||1.申请人无正当
            # 理由逾期不||||||||" / "||补正、行政机关…|2|0|0|0|0|0|2|", the row's first cell
            # empty): no values, so no row between the blanks and the full row.
            q += 1
        nxt = sequence[q] if q < len(sequence) else None
        if (
            isinstance(nxt, list)
            and id(nxt) not in taken
            and (
                _numbers(nxt) == len(reading.spec.fields)
                or (_numbers(nxt) and _pipe_cells(nxt) == len(reading.spec.fields))
            )
            and _where(nxt[0])[:2] != _where(items[-1])[:2]
        ):
            # On a line of its own: blanks and values on one line, parted by the label's
            # wrapped text (markitdown: "|     |     | ⾏政机关不再处理… |     | 8 2 |…"), are
            # one row's band.
            out.append(reading)
    return out


def _overfull(
    sequence: list[_Event | list[Token] | None],
    pairs: list[Pair],
    same_line: set[int],
    shifted: bool = False,
) -> list[Reading]:
    """Readings after a group that holds its row's values and then a whole row more, right
    before a label (one number per line with nothing between the rows: pdfminer without its
    box flow prints "（一）予以公开" / 68 … 87 / 12 … 17 / "（二）部分公开…"; the row printed
    whole on one line, "8.属于行政查询事项 108 … 154 1472 …", likewise). The second row's
    values print above their label, so from there each label may own the group before it or
    the one after it (listed labels too: "1.本机关…" / "2.没有现成…" / two groups), and the
    template's rules cannot tell (a shift moves whole rows). The run ends at a row printed
    whole on its line, a label that took no values, or a table header. The group's owner is
    as unsure (its first cells are no surer its own than the rest), and a label of the run
    keeps its group where the one on its other side prints the same cells (rows of zeros).

    Where the table already shows rows printed above their labels (``shifted``), a group that
    no label took, right after a label, counts too: PyMuPDF's blocks print "1.信访…" /
    "2.重复申请" / its row and the next row's / "3.要求提供公开出版物" (it had taken the row
    after it, 4.'s). Elsewhere that group is the rows of the labels listed before it (B7)."""
    reading_at = {e: reading for (e, reading), _ in pairs}
    by_event = {e: g for (e, _), (g, _) in pairs}
    owner = {g: reading for (_, reading), (g, _) in pairs}
    # Groups owned by the label before them: a group above its label (B3) that holds more is
    # that label's and another's, and the other may be the row before's as well.
    width = {g: len(reading.spec.fields) for (e, reading), (g, _) in pairs if e < g}
    # A group of exactly two rows taken by the label after it is as much a second row printed
    # above its label (pdftotext on a zoomed page: "1.申请人…" / seven zeros / fourteen zeros /
    # "（七）总计" / 1 … 1 / "四、结转下年度…" / zeros / "3.其他": 四 had taken 总计's 1 … 1).
    for (e, reading), (g, group) in pairs:
        if g < e and _numbers(group) == 2 * len(reading.spec.fields):
            width.setdefault(g, len(reading.spec.fields))
    for g in same_line:
        event = sequence[g - 1] if g else None
        if isinstance(event, _Event):
            width[g] = len(event.spec.fields)
    for g, item in enumerate(sequence):
        event = sequence[g - 1] if g else None
        if shifted and isinstance(item, list) and g not in owner and isinstance(event, _Event):
            width[g] = len(event.spec.fields)
    out: list[Reading] = []
    for pos, item in enumerate(sequence):
        if not isinstance(item, list) or pos not in width or pos + 1 >= len(sequence):
            continue
        # The group may go on in groups that no label took, a row cut over lines (B6:
        # pdfminer without its box flow, "（一）予以公开" / "21 0" / "0 0 0 0 21 8 1 0 0 0 0 9"
        # / "（二）部分公开…", 予以公开's row and 部分公开's in two pieces).
        end = pos
        while (
            end + 1 < len(sequence)
            and isinstance(sequence[end + 1], list)
            and end + 1 not in owner
            and end + 1 not in same_line
        ):
            end += 1
        sizes = list(
            itertools.accumulate(
                _shown_cells(x) for x in sequence[pos : end + 1] if isinstance(x, list)
            )
        )
        if end > pos and width[pos] in sizes:
            # Cut where a row ends: whole rows in groups of their own, two of them a shift
            # run's start (:func:`_shift_chains`), the first one its label's.
            end = pos
        run = [t for x in sequence[pos : end + 1] if isinstance(x, list) for t in x]
        label = sequence[end + 1] if end + 1 < len(sequence) else None
        if not isinstance(label, _Event) or width[pos] + len(label.spec.fields) not in {
            _numbers(run),
            _shown_cells(run),
        }:
            continue
        if pos in owner and pos not in same_line and owner[pos] not in out:
            # Read alone, its leading blank cells had been dropped as merged-cell fillers (A18).
            out.append(owner[pos])
        before = pos - 1
        if (
            pos not in owner
            and before in reading_at
            and by_event[before] < before
            and reading_at[before] not in out
        ):
            # The label right before took the group above it, but the row this run begins
            # with may be its own, printed below it (pdfminer: 予以公开 had taken 上年结转's
            # 1 … 1 for its own 21 … 21).
            out.append(reading_at[before])
        if pos in owner and by_event.get(end + 1) == pos:
            # The label after the group took it whole (read as printed above its label), yet
            # its first row may be the label's before, printed below it: that label and those
            # before it that each took the group right above them may each own the group after
            # their own instead (pdfminer without its box flow, text at 14 pt: "7.属于…" / 6 … 6
            # / "8.属于…" / 1 … 1 22 … 25 / "1.本机关…": 7. had taken 6.'s zeros and 8. 7.'s
            # 6 … 6). A label keeps its group where the other prints the same cells.
            q = before
            below = _cell_texts(run)
            while isinstance(sequence[q], _Event) and q in reading_at and by_event[q] == q - 1:
                mine = _cell_texts(sequence[q - 1])
                if below[: len(mine)] != mine and reading_at[q] not in out:
                    out.append(reading_at[q])
                below, q = mine, q - 2
                if q < 1:
                    break
        for q in range(end + 1, len(sequence)):
            here = sequence[q]
            if here is None or q in same_line:
                break
            if not isinstance(here, _Event):
                continue
            if q not in reading_at:
                if any(
                    isinstance(x := sequence[n], _Event) and x.spec == here.spec
                    for n in (q - 1, q + 1)
                    if 0 <= n < len(sequence)
                ):
                    # A piece of a label found in pieces ("2.重复" / "申请"), none of which took
                    # values: one label cut in two, not a row shown to be printed on the other
                    # side of its label, so the run goes on (3.要求提供… had taken 4.'s row).
                    continue
                break
            g = by_event[q]
            other = q + 1 if g < q else q - 1
            while g > q and isinstance(sequence[other], _Event) and other > pos:
                # Labels listed before their groups (B7): the other group is the one before
                # the label's own ("（二）部分公开…" / "1.属于国家秘密" / zeros / zeros).
                other -= 1
            if g > q and other > pos and isinstance(sequence[g - 1], list):
                other = g - 1
            mine = _cell_texts(sequence[g])
            if pos <= other <= end:
                theirs = _cell_texts(run)[-len(here.spec.fields) :]
            else:
                x = sequence[other] if other < len(sequence) else None
                theirs = _cell_texts(x) if isinstance(x, list) else []
            if mine != theirs and reading_at[q] not in out:
                out.append(reading_at[q])
    return out


def _cell_texts(item: _Event | list[Token] | None) -> list[str]:
    if not isinstance(item, list):
        return []
    return [t.text for t in item if t.kind == "num" or (t.kind == "blank" and t.text == "\xa0")]


def _above_witnesses(sequence: list[_Event | list[Token] | None], same_line: set[int]) -> set[int]:
    """Groups on a line of their own that show a table printing values above its labels:
    right after a header line, or right after a row printed on its label's line, and right
    before a label. Values between a header line and the label after it show the layout under
    any header of the table, not only the one before its first label: table 二 repeats its
    header above each block (`信息内容 本年处理决定数量` / `113` / `行政处罚`)."""

    def own_line_row(p: int) -> bool:
        event, group = sequence[p - 1], sequence[p]
        return (
            p in same_line
            and isinstance(event, _Event)
            and isinstance(group, list)
            and _numbers(group) > 0
        )

    return {
        p
        for p, item in enumerate(sequence)
        if isinstance(item, list)
        and p not in same_line
        and p >= 1
        and ((sequence[p - 1] is None and _numbers(item) > 0) or (p >= 2 and own_line_row(p - 1)))
        and p + 1 < len(sequence)
        and isinstance(sequence[p + 1], _Event)
    }


def _contested(
    sequence: list[_Event | list[Token] | None],
    pairs: list[Pair],
    same_line: set[int],
    alone: frozenset[int],
) -> list[Reading]:
    """Readings whose group, on a line after their label, may as well be the next label's. In
    a table that prints some rows' values above their labels (values on a line of their own
    after a row with values on its label's line, before a label with none, or values before
    its first label: B3, a tall cell) and some rows not at all (blanks that vanished, A6),
    `3.要求提供公开出版物` / `12 1 13` / `4.无正当理由…` is the group of either bare label when
    it stands on a line of its own; no rule tells (a shift moves whole rows). The row before
    such a group need not be full: where blanks vanish (`4.保护第三方合法权益 3 3` / `1 1` /
    `5.属于三类内部事务信息`) the group is the next row's printed above it or the short row's
    wrapped end, and either way a group between two bare labels is not told to be the first's
    (row 5.要求…确认's `1 1` had gone to 4.无正当理由…, and R3 then made row 5 zeros)."""

    above = _values_above(sequence) or bool(_above_witnesses(sequence, same_line))
    if not above:
        return []
    out: list[Reading] = []
    for (e, reading), (g, group) in pairs:
        # A group after the wrapped tail of its label, on that line, is the label's.
        if g != e + 1 or g in same_line or g + 1 >= len(sequence) or id(group[0]) not in alone:
            continue
        if any(t.col is not None for t in group):
            continue  # a pipe row under its label (markitdown on a PDF) is a row of the grid
        event = sequence[e]
        assert isinstance(event, _Event)
        printed = normalize_chars(event.label)[0]
        if not any(key in printed for key in event.spec.keys):
            continue  # the group stands between the two halves of its wrapped label (B3, B6)
        if isinstance(sequence[g + 1], _Event) and g + 2 not in same_line:
            out.append(reading)
    return out


def _between_bare(
    sequence: list[_Event | list[Token] | None],
    pairs: list[Pair],
    same_line: set[int],
    alone: frozenset[int],
    reading_of: dict[int, Reading],
) -> list[Reading]:
    """Readings on either side of a group that stands on a line of its own between a label
    that printed nothing on its line (or a short row) and a label that prints nothing on its
    line, in a table whose rows print their values on their label's line.

    There a one-line label's values would be on its line, so the group is not told to be the
    first label's: where blanks vanish (A6) the first row may have printed nothing and the
    group be the next row's, printed above its label (B3: `7.属于行政执法案卷` / `2 2` /
    `8.属于行政查询事项`, and `二、上年结转…` / `7 … 7` / `（一）予以公开`), or the first row's
    line was cut and the group is its wrapped end (B6: `1.本机关不掌握… 63 11 0 1 2 0` /
    `77` / `2.没有现成…`, where 2. had taken 77 as its total). No rule tells (a shift moves
    whole rows), so both rows are `null`. Unlike :func:`_contested`, this needs no value printed
    above a label elsewhere: the rows printed on their labels' lines are the evidence that
    the group is out of place. A group right after a wrapped label's last piece stays that
    label's (pypdfium2, :func:`_after_wrapped_tail`) unless the table also shows values printed
    above their labels (then it is as much the next row's: hard wrap and values above)."""
    on_their_line = sum(
        1 for g in same_line if isinstance(item := sequence[g], list) and _numbers(item) > 0
    )
    labels = [p for p, x in enumerate(sequence) if isinstance(x, _Event)]
    own_lines = sum(
        1
        for g, item in enumerate(sequence)
        if isinstance(item, list)
        and labels
        and labels[0] < g <= labels[-1] + 1
        and g not in same_line
        and _numbers(item) > 0
    )
    # The layout is the one most rows show: where most of the table's groups (from its first
    # label to the group after its last) stand on lines of their own
    # (pdftotext and pdfminer print a tall row's values a line under its label, and only the
    # short rows beside theirs: 4 of 44 groups in pingtan 2022 printed) a group after a bare
    # label is its row's; where most print on their label's line (the corruption runs: 15 of
    # 17 in jkjk2023_a11) a group on a line of its own is out of place. TAIL_WITNESS_ROWS
    # keeps a few rows from showing a layout.
    if on_their_line < TAIL_WITNESS_ROWS or on_their_line <= own_lines:
        return []
    witnesses = _above_witnesses(sequence, same_line)
    printed_above = _values_above(sequence)
    owner = {g: reading for (_, reading), (g, _) in pairs}
    took_before = {e for (e, _), (g, _) in pairs if g < e}
    out: list[Reading] = []
    for g, item in enumerate(sequence):
        if (
            not isinstance(item, list)
            or g in same_line
            or g < 1
            or g + 1 >= len(sequence)
            or id(item[0]) not in alone
            or _numbers(item) == 0
            or any(t.col is not None for t in item)  # a pipe row is a row of the grid
        ):
            continue
        after = sequence[g + 1]
        if not isinstance(after, _Event) or g + 2 in same_line:
            continue  # the next label prints values on its line: the group is not its
        q = g + 1
        while (
            q + 1 < len(sequence)
            and isinstance(sequence[q], _Event)
            and q + 1 not in same_line
            and isinstance(sequence[q + 1], list)
        ):
            q += 2
        if (
            q >= len(sequence)
            or not isinstance(sequence[q], _Event)
            or (q > g + 1 and q + 1 in same_line)
        ):
            # A run of labels each with a group on the line under it that ends in a group no
            # label can take: none follows (`（六）其他处理` / `369 96 8` / `（七）总计` /
            # `3571 …` / `四、结转下年度…` / `114 68 7`, then the next table: pdftotext), or the
            # one that follows prints its values on its line (pdfplumber on a zoomed page:
            # `7.属于行政执法案卷` / `6 … 6` / `8.属于行政查询事项` / `1 … 1` / `1.本机关…
            # 22 … 25`). Read as values above their labels, the last group would be nobody's,
            # so the run prints them under its labels.
            continue
        before = sequence[g - 1]
        label = sequence[g - 2] if g >= 2 else None
        if isinstance(before, _Event):
            first, room = g - 1, len(before.spec.fields)
            printed = normalize_chars(before.label)[0]
            shown = printed_above or bool(witnesses - {g})
            if not shown and not any(key in printed for key in before.spec.keys):
                continue  # after a wrapped label's last piece: the label's (pypdfium2)
        elif (
            isinstance(before, list)
            and g - 1 in same_line
            and isinstance(label, _Event)
            and _numbers(before) < len(label.spec.fields)
        ):
            # A short row on its label's line: the group may be its wrapped end.
            first, room = g - 2, len(label.spec.fields) - _numbers(before)
        else:
            continue
        if first in took_before or _numbers(item) > room:
            continue  # the first label's values are elsewhere, or the group cannot be its
        for reading in (reading_of.get(first), reading_of.get(g + 1), owner.get(g)):
            if reading is not None and reading not in out:
                out.append(reading)
    return out


def _behind_header(sequence: list[_Event | list[Token] | None], pairs: list[Pair]) -> list[Reading]:
    """Readings that took the group before their label while a whole row of values after it,
    behind header words only, went to nobody. Header words right after a label may be its own
    cut tail (a narrow cell on an A5 page: "一、本年新收政府信息公开申请" / "数 量" / its
    values), and a group never pairs across a header: 二、上年结转 had taken the row of 一
    above it and left its own. Either group may be the label's, and no rule tells (a shift
    moves whole rows)."""
    taken = {g for _, (g, _) in pairs}
    out: list[Reading] = []
    for (e, reading), (g, _) in pairs:
        if g > e:
            continue
        q = e + 1
        while q < len(sequence) and sequence[q] is None:
            q += 1
        after = sequence[q] if q < len(sequence) else None
        if (
            q > e + 1
            and isinstance(after, list)
            and q not in taken
            and _numbers(after) == len(reading.spec.fields)
        ):
            out.append(reading)
    return out


def _displaced_chains(
    sequence: list[_Event | list[Token] | None], pairs: list[Pair], order: Sequence[str]
) -> list[Reading]:
    """In a table read with its values above its labels: readings whose values may be the row
    before's. A label takes the group printed before it because the row before it in the
    template printed its label before that group; where that label is printed only later
    (pdftotext moved "一、本年新收…" below the table, leaving "21 0 0 0 0 0 21" under the
    header, above "二、上年结转…"), the group may be that row's, printed after a label that
    went elsewhere, and so may each group of the run of labels that follows (a shift moves
    whole rows: the template's rules cannot tell). The run goes on while each next label took
    the group right after the label before it."""
    by_event = {e: g for (e, _), (g, _) in pairs}
    reading_at = {e: reading for (e, reading), _ in pairs}
    first_at: dict[str, int] = {}
    for pos, item in enumerate(sequence):
        if isinstance(item, _Event):
            first_at.setdefault(item.spec.label, pos)
    index = {label: i for i, label in enumerate(order)}
    out: list[Reading] = []
    for e in sorted(reading_at):
        i = index.get(reading_at[e].spec.label, 0)
        if by_event[e] != e - 1 or i == 0 or reading_at[e] in out:
            continue
        if first_at.get(order[i - 1], -1) < e:
            continue  # the row before printed its label first (or nowhere): nothing displaced
        while by_event.get(e) == e - 1:
            out.append(reading_at[e])
            e += 2
    return out


def _trailing_values(sequence: list[_Event | list[Token] | None]) -> bool:
    """Whether values are printed after the table's last label, before the next header line."""
    last = max((p for p, x in enumerate(sequence) if isinstance(x, _Event)), default=None)
    if last is None:
        return False
    end = next((p for p in range(last + 1, len(sequence)) if sequence[p] is None), len(sequence))
    return any(
        isinstance(x, list) and any(t.kind == "num" for t in x) for x in sequence[last + 1 : end]
    )


def _printed(group: list[Token]) -> list[str]:
    return [t.text for t in group if t.kind == "num"]


def _values_above(sequence: list[_Event | list[Token] | None]) -> bool:
    """Whether values are printed between the table's last header line and its first label."""
    first = next((p for p, x in enumerate(sequence) if isinstance(x, _Event)), None)
    if first is None:
        return False
    start = max((p for p in range(first) if sequence[p] is None), default=-1)
    return any(
        isinstance(x, list) and any(t.kind == "num" for t in x) for x in sequence[start + 1 : first]
    )


def _followed(sequence: list[_Event | list[Token] | None], pos: int) -> bool:
    """Whether the label at ``pos`` has a group of values on its own line or the next one, with
    nothing between: then it is that label's (a label whose values print above it, B3, has
    other text or nothing after it: "1.本机关不掌握…", "（四）无法提供", then the next row's
    values)."""
    event = sequence[pos]
    nxt = sequence[pos + 1] if pos + 1 < len(sequence) else None
    if not isinstance(event, _Event) or not isinstance(nxt, list) or not nxt:
        return False
    page, line, _ = event.where
    first = nxt[0]
    return (
        line is not None
        and first.line is not None
        and first.page == page
        and (0 <= first.line - line <= 1)
    )


def _join_wrapped(
    sequence: list[_Event | list[Token] | None],
    readings: list[Reading],
    after_stray: frozenset[int] = frozenset(),
) -> list[Reading]:
    """A row whose values wrapped onto the next line (B6: "…申请数量 251 64 5 5 37" /
    "18 380"): a group no label took, right after a row's own group that is short of cells by
    exactly its count, completes that row. A row already full keeps its cells (the group may be
    the next row's, printed before its label: B3). Text that is no label between the two
    (``after_stray``) may be a label nobody found (`8.属于行政查询事项 1 1` / `（四）无法提供 1.本`
    / `42 5 3 1 51` / `机关不掌握…`: the group is row 1.本机关不掌握's, printed above the rest
    of its cut label): the group is nobody's. Returned: the short rows whose values go on in
    loose groups that do not complete them this way (texinfo's one cell per line: "@tab 22" /
    "@tab 0" / … / "@tab 25"; "@tab 5" / "@tab 1 5" / "@tab 1", a Word-pasted 15 in runs):
    which values are their cells is unknown, and the short group alone, read with collapsed
    blanks, had given 2 for a printed 25 and 5 | 1 | 5 for 5 | 15 | 1 (a hard wrap likewise:
    `（一）予以公开22 ` / `8 1 01 234`, total 2 for a printed 34)."""
    owner = {id(r.items): r for r in readings if r.items}
    cut: list[Reading] = []
    for at, (prev, item) in enumerate(itertools.pairwise(sequence), start=1):
        if (
            not isinstance(item, list)
            or id(item) in owner
            or not isinstance(prev, list)
            or at in after_stray
        ):
            continue
        reading = owner.get(id(prev))
        more = _numbers(item)
        if reading is None or not more:
            continue
        have = _numbers(reading.items)
        if have >= len(reading.spec.fields):
            continue
        after = sequence[at + 1] if at + 1 < len(sequence) else None
        goes_on = isinstance(after, list) and id(after) not in owner and _numbers(after) > 0
        if (
            have + more == len(reading.spec.fields)
            and not goes_on
            and not _interleaved(reading.items, item)
        ):
            reading.items = [*reading.items, *item]
            owner[id(reading.items)] = reading
        elif reading not in cut:
            cut.append(reading)
    return cut


def _interleaved(first: list[Token], then: list[Token]) -> bool:
    """Whether a row's second line of values is set under its first line's values (a layout
    dump, pdftotext ``-layout`` of a landscape page: "一、本年新收… 0 23" / "0 0 0 0 23" for
    23 | 0 | … | 23, the row's cells on two baselines): the lines share columns, so the order
    of the row's values is not the order of the two lines. A wrapped row goes on at the
    line's start (B6) or to the right of the first line's values."""
    xs = [t.x for t in first if t.kind == "num" and t.x is not None]
    ys = [t.x for t in then if t.kind == "num" and t.x is not None]
    return bool(xs and ys) and 0 < ys[0] <= max(xs)


# A run of this many labels with no value between them is a list of labels, not rows whose
# values vanished one by one.
LISTED_RUN = 2


def _listed_apart(
    events: list[tuple[int, Reading]],
    groups: list[tuple[int, list[Token]]],
    on_their_line: int = 0,
) -> tuple[list[Pair], set[int]]:
    """Labels listed apart from their values (B7, PDF→markdown: 规章, 行政规范性文件, 行政许可,
    then three rows of values): a run of n ≥ 2 labels followed at once by a run of n groups
    pairs in order, whatever the distances (pairing by distance would give the first group to
    the label nearest it, the last of the run, and shift every row). Runs of one are left to
    the alignment, where a group may also precede its label (B3)."""
    kind = {p: "L" for p, _ in events} | {p: "G" for p, _ in groups}
    by_pos_e = dict(events)
    by_pos_g = dict(groups)
    positions = sorted(kind)
    runs: list[tuple[str, list[int]]] = []
    for p in positions:
        if runs and runs[-1][0] == kind[p] and runs[-1][1][-1] == p - 1:
            runs[-1][1].append(p)
        else:
            runs.append((kind[p], [p]))
    out: list[Pair] = []
    blocked: set[int] = set()
    for n, ((k1, labels), (k2, values)) in enumerate(itertools.pairwise(runs)):
        if k1 != "L" or k2 != "G" or labels[-1] + 1 != values[0]:
            continue
        if len(labels) == len(values) >= 2 and _surplus_before(runs, n):
            # More groups right before the labels than the labels before those could take
            # (gs txtwrite and poppler's text print a row's values on a line of their own,
            # half a line above or below its label, as each row's height centres them:
            # "1 0 0 0 0 0 1" / "1.属于国家秘密" / "2.其他法律…" / "0 0 0 0 0 0 0"): the
            # values may stand above their labels, and in order the run pairs one row off.
            blocked.update(labels)
            blocked.update(values)
        elif len(labels) == len(values) >= 2:
            out.extend(
                ((e, by_pos_e[e]), (g, by_pos_g[g])) for e, g in zip(labels, values, strict=True)
            )
        elif (
            len(values) == 1
            and on_their_line >= TAIL_WITNESS_ROWS
            and _after_wrapped_tail(by_pos_e[labels[-1]], by_pos_g[values[0]])
        ):
            # Rows that print nothing (their blanks vanished) before a wrapped label whose
            # values stand on the line right after its last piece, in a table whose rows print
            # their values on their label's line (pypdfium2: "3.要求提供公开出版物" / "4.无正当
            # 理由…" / "5.要求…重新出具已" / "获取信息" / "2 2"): a one-line label's values
            # would be on its line, so the group is the wrapped label's.
            out.append(((labels[-1], by_pos_e[labels[-1]]), (values[0], by_pos_g[values[0]])))
            blocked.update(labels[:-1])
        elif len(labels) >= LISTED_RUN:
            # Labels listed apart with a different number of value groups after them (A15:
            # pdfminer prints a ruled table's labels, then its numbers in column order): the
            # groups may be any of the labels' — the first ones', the last one's, or parts of
            # each. None of them pairs.
            blocked.update(labels)
            blocked.update(values)
    return out, blocked


def _surplus_before(runs: list[tuple[str, list[int]]], n: int) -> bool:
    """Whether a run of groups stands right before the labels of ``runs[n]`` that the labels
    right before it cannot all have taken (fewer of them, or none: a paired row or other text
    before it): a group there is no earlier label's, and a group printed above its label is
    what it looks like."""
    if n < 1:
        return False
    kg, groups = runs[n - 1]
    if kg != "G" or groups[-1] + 1 != runs[n][1][0]:
        return False
    if n >= 2 and runs[n - 2][0] == "L" and runs[n - 2][1][-1] + 1 == groups[0]:
        return len(groups) > len(runs[n - 2][1])
    return True


# Rows of a table that must print their values on their label's line before a group right
# after a wrapped label's last piece is taken for that label's (see _listed_apart).
TAIL_WITNESS_ROWS = 3


def _after_wrapped_tail(reading: Reading, group: list[Token]) -> bool:
    """Whether ``group`` is one line of at most the row's values, on the line right after the
    last piece of ``reading``'s label, which a wrap cut (its first piece holds no whole key)."""
    nums = [t for t in group if t.kind == "num"]
    where = reading.where
    if not nums or where is None or where[1] is None or len(nums) > len(reading.spec.fields):
        return False
    if len({(t.page, t.line) for t in group}) != 1 or group[0].col is not None:
        return False
    printed = normalize_chars(reading.label)[0]
    if any(key in printed for key in reading.spec.keys):
        return False
    return (group[0].page, group[0].line) == (where[0], where[1] + 1)


def _adjacent(
    pairs: list[Pair],
    events: list[tuple[int, Reading]],
    groups: list[tuple[int, list[Token]]],
    whole: set[int] | frozenset[int] = frozenset(),
    listed: frozenset[int] = frozenset(),
    unfound: Sequence[float] = (),
) -> list[Pair]:
    """The pairs whose label and values nothing unpaired stands between. Labels listed apart
    from their values pair in order (B7: 规章, 行政规范性文件, then their two rows of values), but
    a label left without values, or values left without a label, between a pair means the
    order no longer tells which values are whose (a label whose values vanished, A15, or
    one that was not found); so does a row printed whole (label and values on one line,
    ``whole``) between them, and so does numbered text that is no label here (``unfound``,
    positions between two items of the sequence). Such a pair is dropped and its row read as
    null. Outside such a run of listed labels (``listed``: their labels), another row's label
    or values between a label and its values say the pairing crossed rows: pdfminer's HTML,
    its text boxes in no reading order, printed two lone values, then "一、本年新收…" and its
    row, then "二、上年结转…" and twenty labels with no values; least distance had given
    二、上年结转 the second lone value and （一）予以公开 the row of 一、本年新收."""
    kept = list(pairs)
    while True:
        paired = {e for (e, _), _ in kept} | {g for _, (g, _) in kept}
        loose = [
            *(p for p, _ in [*events, *groups] if p not in paired),
            *sorted(whole),
            *unfound,
        ]
        every = [*sorted({p for p, _ in [*events, *groups]} | set(whole)), *unfound]
        # Whether any position lies strictly between a pair's label and group, asked of the
        # two lists sorted once: a bisection per pair instead of a scan of every position
        # (the same answer: the positions are numbers, compared alike either way).
        loose_sorted, every_sorted = sorted(loose), sorted(every)
        keep = [
            pair
            for pair in kept
            if not _any_between(
                loose_sorted if pair[0][0] in listed else every_sorted,
                min(pair[0][0], pair[1][0]),
                max(pair[0][0], pair[1][0]),
            )
        ]
        if len(keep) == len(kept):
            return kept
        kept = keep


def _any_between(ordered: list[float], lo: float, hi: float) -> bool:
    """Whether the sorted ``ordered`` holds a value strictly between ``lo`` and ``hi``."""
    return bisect.bisect_right(ordered, lo) < bisect.bisect_left(ordered, hi)


def _fit(reading: Reading) -> tuple[bool, bool, bool, int]:
    """How well a reading's values fill its row: exactly the row's count first, then printed on
    the label's own line (a table row, not a label-like phrase in wrapped prose whose numbers
    are on the lines after it, B10), then printed after it (values above their label, B3, are
    the weaker reading: a 行政许可 quoted in prose that a crawler cut at its quotes, C7, took
    the "4" of "4 次" above it), then more values."""
    nums = [t for t in reading.items if t.kind == "num"]
    own_line = bool(nums) and all(
        reading.where is not None and (t.page, t.line) == reading.where for t in nums
    )
    after = bool(nums) and all(
        reading.where is not None
        and t.line is not None
        and reading.where[1] is not None
        and (t.page or 0, t.line) >= (reading.where[0] or 0, reading.where[1])
        for t in nums
    )
    return (len(nums) == len(reading.spec.fields), own_line, after, len(nums))


def _match(
    events: list[tuple[int, Reading]],
    groups: list[tuple[int, list[Token]]],
    followed: frozenset[int] = frozenset(),
    headers: Sequence[int] = (),
    *,
    above: bool = False,
) -> list[tuple[tuple[int, Reading], tuple[int, list[Token]]]]:
    """Order-preserving pairing of labels and groups with the least total distance."""
    n, m = len(events), len(groups)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    move: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    skip_costs = [
        SKIP_GROUP if any(t.kind == "num" for t in group) else SKIP_BLANKS for _, group in groups
    ]

    # The positions and their places among the headers, looked up once rather than per cell
    # of the table below (the same values: bisect_right(h, lo) != bisect_left(h, hi) for the
    # smaller and larger of the two positions).
    at_e = [e for e, _ in events]
    at_g = [g for g, _ in groups]
    right_e = [bisect.bisect_right(headers, p) for p in at_e]
    left_e = [bisect.bisect_left(headers, p) for p in at_e]
    right_g = [bisect.bisect_right(headers, p) for p in at_g]
    left_g = [bisect.bisect_left(headers, p) for p in at_g]

    for i in range(n + 1):
        row, row_move = cost[i], move[i]
        below, below_move = (cost[i + 1], move[i + 1]) if i < n else (row, row_move)
        e = at_e[i] if i < n else 0
        e_followed = i < n and e in followed
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            if i < n and here + SKIP_LABEL < below[j]:
                below[j] = here + SKIP_LABEL
                below_move[j] = "label"
            if j < m and here + skip_costs[j] < row[j + 1]:
                row[j + 1] = here + skip_costs[j]
                row_move[j + 1] = "group"
            if i < n and j < m:
                # Values usually follow their label; before it (B3) they cost a little more, and
                # a label with a group right after it takes no group before it: values print
                # above their label only beside a wrapped label, never where their own follow.
                # In a table that prints values above its labels (``above``) it is the other way
                # round throughout: a group after a label is the next label's.
                g = at_g[j]
                is_before = g < e
                before = 0.1 if is_before != above else 0.0
                if is_before and e_followed:
                    continue
                if (right_e[i] != left_g[j]) if e < g else (right_g[j] != left_e[i]):
                    continue  # a table header between: a row's values never cross one
                distance = abs(e - g) - 1 + before
                if here + distance < below[j + 1]:
                    below[j + 1] = here + distance
                    below_move[j + 1] = "pair"
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
