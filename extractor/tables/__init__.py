"""Stage 3, tables: the table reconstructor.

The chain, each link a module of pure functions:

1. lines → cells: :mod:`extractor.tables.tokens` (every text layout, or a reader's real grid);
2. cells → logical rows: :mod:`extractor.tables.assemble` (labels found, values given to them);
3. rows → template table: :mod:`extractor.tables.mapping` (which template fits best);
4. repair: :mod:`extractor.tables.repair` (glued digits and collapsed blanks, only when exactly one
   reading is consistent with R1–R4);
5. checks: :mod:`extractor.checks`.

Tables that match no template still come out in ``tables`` as kind ``other``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import get_args

from extractor.budget import check
from extractor.document import Block, Document, Grid, Line
from extractor.reading.text import HEADING_MAX_CHARS
from extractor.report import Ambiguity, FieldEvidence, Table, TemplateTableKind, WarningInfo
from extractor.sections import INLINE_HEADING, split_inline_headings
from extractor.tables.cells import parse_cell
from extractor.tables.derived import derive
from extractor.tables.labels import normalize
from extractor.tables.mapping import (
    Mapping,
    best_mapping,
    has_space_cells,
    without_space_cells,
)
from extractor.tables.narrative import (
    narrative_facts,
    needs_facts,
    prose_of,
    settle_with_facts,
)
from extractor.tables.other import PRE2019_ANCHORS, is_statistics_table, statistics_grid
from extractor.tables.pipe import lines_to_grid
from extractor.tables.repair import Cell
from extractor.tables.templates import Number, TableTemplate
from extractor.tables.tokens import Token, tokenize_grid, tokenize_lines
from extractor.tables.transposed import untransposed
from extractor.textnorm import PINYIN_GLOSS, to_simplified

logger = logging.getLogger(__name__)


@dataclass
class TablesResult:
    tables: list[Table] = field(default_factory=list)
    fields: dict[str, Number | None] = field(default_factory=dict)
    evidence: dict[str, FieldEvidence] = field(default_factory=dict)
    templates: list[TableTemplate] = field(default_factory=list)
    warnings: list[WarningInfo] = field(default_factory=list)
    rank: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    """How well each field's value was read (from a real grid, not repaired): see _rank."""
    generation: str = "unknown"
    """Report template generation told by the labels: 2021, 2019, pre2019 or unknown."""
    ambiguities: list[Ambiguity] = field(default_factory=list)
    conflicts: set[str] = field(default_factory=set)
    """Fields two equally good readings gave different numbers: null whatever comes later."""

    @property
    def kinds_seen(self) -> list[TemplateTableKind]:
        """Kinds of the template tables matched, in template order (二, 三, 四)."""
        kinds = {t.kind for t in self.templates}
        return [k for k in get_args(TemplateTableKind) if k in kinds]


@dataclass
class Region:
    """Where tables may be: one real grid, or the text between two section headings."""

    blocks: list[Block]
    grid: Grid | None = None

    @property
    def unnumbered(self) -> bool:
        """Text whose reader numbers no line (HTML paragraphs: each a line of its own)."""
        return self.grid is None and all(
            line.provenance.line is None for b in self.blocks for line in b.lines
        )

    @property
    def page(self) -> int | None:
        for b in self.blocks:
            if b.provenance.page is not None:
                return b.provenance.page
        return None


def mapping_matrix(grid: Grid) -> list[list[str]]:
    """Rows for label matching: spanned labels repeated into every position they cover, while a
    number spanning several columns counts once (the 2021 table 二 gives 行政许可 one cell of
    colspan 3)."""
    out = grid.matrix(fill_spans=True)
    for c in grid.cells:
        if c.colspan > 1 and parse_cell(c.text).kind == "number":
            for r in range(c.row, min(c.row + c.rowspan, grid.n_rows)):
                for k in range(c.col + 1, min(c.col + c.colspan, grid.n_cols)):
                    out[r][k] = ""
    return out


def _is_region_heading(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind == "heading"
        and len(text) <= HEADING_MAX_CHARS
        and INLINE_HEADING.match(to_simplified(text)) is not None
    )


_SENTENCE = re.compile(r"[^。]*。")
# A numbered heading, "（二）主动公开政府信息的主要类别" or "五、存在的主要问题…", starts a new
# sentence even without a 。 before it: a table printed between two narrative paragraphs ends
# with no 。, and the next sentence would otherwise run back over it. "第二十条第（一）项" and
# "第三十六条（三）项" are no heading.
_SUBHEADING = re.compile(
    r"(?<![第条款项])(?=[（(][一二三四五六七八九十]{1,2}[）)])"
    # "五、" only where a heading can start (not "统一、规范"): after a space, a digit, 。；：
    r"|(?<![^\s\d。；：])(?=[一二三四五六七八九十]{1,2}、)"
)


def _drop_sentences(text: str) -> str:
    return " ".join(_SENTENCE.sub(" ", part) for part in _SUBHEADING.split(text)).strip()


# A crawler that gives every inline element of a paragraph a line of its own (a link, a quoted
# name, a number in its own <span>) cuts sentences there: `…专项检查` / `5` / `次，…。`,
# `…清理“` / `行政许可` / `”事项…。`. A line is the rest of the line before it when it starts
# with closing punctuation, or with a measure word and punctuation (or 年 and text: a year)
# after a number; the line
# before an opening quote goes on too. A table's lines (labels, values, units alone) never do.
_OPENS = "“‘《（(「"
_CONTINUES = re.compile(r"[”’》），,。、；;：:！？」]")
_UNIT_THEN_PUNCT = re.compile(
    r"[件条篇次个项人份家期场例批起宗]+(?:" + PINYIN_GLOSS.pattern + r")?[，,。、；;]"
)
_NUMBER_LINE = re.compile(r"\d[\d,.]*")
# A count glued to the text before it at a line's end ("信息68"), and the rest of its sentence
# on the next line: its measure word with text right after it, or 年 and text.
_GLUED_COUNT_END = re.compile(r"(?<=[\u4e00-\u9fff])\d+$")
_UNIT_GOES_ON = re.compile(
    r"[件条篇次个项人份家期场例批起宗][^\s\d]|年[\u4e00-\u9fff，,。、；;：:]"
)
# A year cut from its 年 (`2022` / `年共主动公开…`): no line of a table starts with 年 and text.
_YEAR_GOES_ON = re.compile(r"年[\u4e00-\u9fff，,。、；;：:]")


def _joins(before: str, after: str) -> bool:
    """Whether `after` is the rest of the sentence `before` started (a crawler's inline cut)."""
    before, after = before.strip(), after.strip()
    if not before or not after:
        return False
    if before[-1] in _OPENS or _CONTINUES.match(after):
        return True
    if _NUMBER_LINE.fullmatch(before) is None:
        return False
    return _UNIT_THEN_PUNCT.match(after) is not None or _YEAR_GOES_ON.match(after) is not None


def _drop_sentences_across(lines: list[Line]) -> list[Line]:
    """`_drop_sentences` over lines a crawler cut out of one sentence: each line keeps what no
    sentence of the joined text covers."""
    text = "".join(line.text for line in lines)
    dropped = [False] * len(text)
    cuts = [0, *(m.start() for m in _SUBHEADING.finditer(text)), len(text)]
    for a, b in pairwise(cuts):
        for m in _SENTENCE.finditer(text, a, b):
            dropped[m.start() : m.end()] = [True] * (m.end() - m.start())
    out: list[Line] = []
    at = 0
    for k, line in enumerate(lines):
        kept = "".join(" " if dropped[at + i] else ch for i, ch in enumerate(line.text))
        at += len(line.text)
        rest = " ".join(kept.split())
        if rest and not _cut_count(line, lines[k + 1] if k + 1 < len(lines) else None):
            out.append(Line(rest, line.provenance))
    return out


def _cut_count(line: Line, after: Line | None) -> bool:
    """A number whose measure word or 年 the crawler's cut put on the next line of the same
    sentence (`2022` / `年共主动公开…`, `17520` / `条，召开…`): the sentence's count or year, no
    cell, even where the sentence's end (。) is not in the lines kept together."""
    if after is None or _NUMBER_LINE.fullmatch(line.text.strip()) is None:
        return False
    nxt = after.text.strip()
    return _UNIT_THEN_PUNCT.match(nxt) is not None or _YEAR_GOES_ON.match(nxt) is not None


def _wrapped_counts_dropped(blocks: Iterable[Block]) -> list[Block]:
    """The blocks with a sentence's count dropped where the page wrapped the sentence right
    after it (`…全年共发布信息68` / `条。（12）推进…`, `…今年共发布37` / `条信息。`,
    `…排水许可证5` / `条、申请…`: pdfminer on pages printed at 130%, at 14 pt or with narrow
    margins, each line a block of its own): the count is glued to the sentence's text and
    its measure word, with text right after it, opens the next line (or 年 and text: a
    year). The sentence may end lines later, so the count is dropped, not joined to a
    sentence. A table's line never goes on so: a cell is parted from its label, and a unit
    after a cell ends the cell."""
    out = list(blocks)
    spots = [
        (b, k) for b, block in enumerate(out) if block.grid is None for k in range(len(block.lines))
    ]
    cut: dict[int, dict[int, Line]] = {}
    for (b, k), (b2, k2) in pairwise(spots):
        if b2 - b > 1:
            continue  # a grid between them
        line, after = out[b].lines[k], out[b2].lines[k2]
        m = _GLUED_COUNT_END.search(line.text.rstrip())
        if m and _UNIT_GOES_ON.match(after.text.strip()):
            cut.setdefault(b, {})[k] = Line(line.text.rstrip()[: m.start()], line.provenance)
    for b, lines in cut.items():
        block = out[b]
        kept = tuple(lines.get(k, line) for k, line in enumerate(block.lines))
        out[b] = Block(block.kind, kept, block.grid, block.provenance)
    return out


def _without_prose(block: Block) -> Block | None:
    """The block minus its narrative sentences (text up to a 。), whose numbers are not cells. A
    flattened page keeps its table, which has no 。, and loses the sentence before it."""
    if block.kind == "table" or "|" in block.text:
        return block
    if "。" not in block.text and not any(_cut_count(a, b) for a, b in pairwise(block.lines)):
        return block
    lines: list[Line] = []
    group: list[Line] = []
    for line in [*block.lines, None]:
        if line is not None and group and _joins(group[-1].text, line.text):
            group.append(line)
            continue
        if len(group) > 1:
            lines.extend(_drop_sentences_across(group))
        elif group:
            rest = _drop_sentences(group[0].text)
            if rest:
                lines.append(Line(rest, group[0].provenance))
        group = [line] if line is not None else []
    return Block(block.kind, tuple(lines), provenance=block.provenance) if lines else None


def _rejoin_cut_sentences(blocks: Iterable[Block]) -> Iterator[Block]:
    """Paragraphs that a crawler's inline cut made of one sentence, as one block (the reader
    gives each of its lines a block of its own)."""
    held: Block | None = None
    for block in blocks:
        if (
            held is not None
            and block.grid is None
            and block.kind == "paragraph"
            and block.lines
            and _joins(held.lines[-1].text, block.lines[0].text)
        ):
            held = Block(held.kind, held.lines + block.lines, provenance=held.provenance)
            continue
        if held is not None:
            yield held
            held = None
        if block.grid is None and block.kind == "paragraph" and block.lines:
            held = block
        else:
            yield block
    if held is not None:
        yield held


def find_regions(blocks: Iterable[Block]) -> list[Region]:
    regions: list[Region] = []
    current: list[Block] = []
    for block in _rejoin_cut_sentences(_wrapped_counts_dropped(split_inline_headings(blocks))):
        if block.grid is not None:
            if current:
                regions.append(Region(current))
                current = []
            # A table 四 printed transposed is read in the template's layout (transposed.py).
            regions.append(Region([block], untransposed(block.grid) or block.grid))
        elif _is_region_heading(block):
            if current:
                regions.append(Region(current))
            current = []
        elif (kept := _without_prose(block)) is not None:
            current.append(kept)
    if current:
        regions.append(Region(current))
    return regions


def region_tokens(region: Region) -> list[Token]:
    if region.grid is not None:
        return tokenize_grid(mapping_matrix(region.grid), region.grid)
    lines = [line for b in region.blocks for line in b.lines]
    if region.unnumbered:
        # Each line its own number while the tables are read, none in the record: without
        # them every token of an HTML page's paragraphs stood on "the same line", and a value
        # alone on its paragraph (mutool's and pdftohtml's positioned HTML, "5" / "1 5" / "1")
        # was read as a row printed on its label's line.
        lines = [
            Line(line.text, replace(line.provenance, line=i)) for i, line in enumerate(lines, 1)
        ]
    return tokenize_lines(lines)


def reconstruct(document: Document) -> TablesResult:
    result = TablesResult()
    prose = prose_of(line.text for b in document.blocks() if b.kind != "table" for line in b.lines)
    # The prose's facts per template, read once: a document that repeats its tables hundreds
    # of times read its whole prose for each (a 400 KB mutation took 14 s here).
    facts_of: dict[str, dict[str, set[Number]]] = {}
    # A region printed again word for word adds nothing: the same rows, the same values, never
    # a better reading than its first copy. A report pasted into itself 200 times had 393
    # regions to map, 2.3 s of its 4.4.
    seen: set[tuple[object, ...]] = set()
    # Whether a table showed that spaces are its blank cells (see space_cells_shown): table 四,
    # one row, cannot show it alone.
    spaces_shown = False
    for region in find_regions(document.blocks()):
        check("mapping the tables")
        if _repeated(region, seen):
            continue
        tokens = region_tokens(region)
        if not any(t.kind == "num" for t in tokens) and not any(t.kind == "text" for t in tokens):
            continue
        page = document.page_of(region.blocks[0]) if document.paged else None
        ocr = page is not None and str(page) in document.meta.get("ocr_pages", "").split(",")
        mappings = sorted(
            best_mapping(tokens, blank_rows_are_zero=not ocr, spaces_shown=spaces_shown),
            key=_first_position,
        )
        spaces_shown = spaces_shown or has_space_cells(mappings)
        if not mappings:
            # The spaces that may be blank cells are for template rows only.
            tokens = without_space_cells(tokens)
            if region.grid is None and is_statistics_table(tokens):
                stats = statistics_grid(tokens)
                number = len(result.tables) + 1
                result.tables.append(
                    Table(
                        id=f"t{number}",
                        kind="other",
                        page=page,
                        header=stats.header,
                        rows=stats.rows,
                    )
                )
                if stats.glued:
                    result.warnings.append(
                        WarningInfo(
                            code="glued_values",
                            message=f"t{number}: values printed as one run that splits more "
                            f"than one way, kept as printed: {', '.join(stats.glued[:5])}",
                        )
                    )
                continue
            _other_tables(result, region, page)
            continue
        for mapping in mappings:
            # The prose is read for a template's facts only when a row could use them (most
            # tables settle every row by their rules): settling without a row that needs facts
            # changes nothing (see needs_facts).
            if needs_facts(mapping.solution):
                facts = facts_of.get(mapping.template.id)
                if facts is None:
                    check("reading the tables' facts in the text")
                    facts = facts_of[mapping.template.id] = narrative_facts(prose, mapping.template)
                mapping.warnings.extend(settle_with_facts(mapping.solution, facts))
            _add_mapped(result, region, mapping, page)
    _drop_unused_variant(result)
    # A row read twice (a table cut in two, a prose region that looked like a table) may have
    # been settled by its better copy.
    for amb in result.ambiguities:
        amb.unsettled = [
            f for f in amb.unsettled if f in result.fields and result.fields[f] is None
        ]
    result.ambiguities = [a for a in result.ambiguities if a.unsettled]
    result.generation = _report_generation(result)
    result.warnings.extend(derive(result.fields, result.evidence))
    return result


def _repeated(region: Region, seen: set[tuple[object, ...]]) -> bool:
    """Whether a region with the same text (or grid) came before; else remember this one."""
    if region.grid is not None:
        key: tuple[object, ...] = ("grid", tuple(map(tuple, region.grid.matrix())))
    else:
        key = ("text", *(line.text for b in region.blocks for line in b.lines))
    if key in seen:
        return True
    seen.add(key)
    return False


def _drop_unused_variant(result: TablesResult) -> None:
    """Two fragments of one table matched by different variants of its template (table 三 with
    （六）其他处理 split in three rows or as one): the variant whose own fields all came out
    null is not the report's, and its fields go (a record holds only its tables' fields)."""
    for kind in {t.kind for t in result.templates}:
        variants = [t for t in result.templates if t.kind == kind]
        if len(variants) < 2:
            continue
        own = {t.id: set(t.field_ids) - {f for o in variants if o is not t for f in o.field_ids}
               for t in variants}  # fmt: skip
        read = [t for t in variants if any(result.fields.get(f) is not None for f in own[t.id])]
        if not read:
            continue
        for t in variants:
            if t not in read:
                for fid in own[t.id]:
                    result.fields.pop(fid, None)
                    result.evidence.pop(fid, None)
                result.templates.remove(t)


def _first_position(mapping: Mapping) -> tuple[int, int]:
    for reading in mapping.assembly.readings:
        for tok in reading.items:
            return (tok.row or 0, tok.line or 0)
    return (0, 0)


def _other_tables(result: TablesResult, region: Region, page: int | None) -> None:
    grids = [region.grid] if region.grid is not None else [
        lines_to_grid(b.lines) for b in region.blocks if b.kind == "table"
    ]  # fmt: skip
    for grid in grids:
        plain = grid.matrix()
        if not any(any(c.strip() for c in row) for row in plain):
            continue
        split = _header_rows(plain)
        result.tables.append(
            Table(
                id=f"t{len(result.tables) + 1}",
                kind="other",
                page=page,
                header=plain[:split],
                rows=plain[split:],
            )
        )


def _header_rows(matrix: list[list[str]]) -> int:
    for r, row in enumerate(matrix):
        if any(parse_cell(c).kind == "number" for c in row):
            return r
    return min(1, len(matrix))


def _generation(template: TableTemplate) -> str | None:
    return template.generations[0] if len(template.generations) == 1 else None


def _add_mapped(result: TablesResult, region: Region, mapping: Mapping, page: int | None) -> None:
    number = len(result.tables) + 1
    template = mapping.template
    if region.grid is not None:
        plain = region.grid.matrix()
        rows_with_values = [
            t.row for r in mapping.assembly.readings for t in r.items if t.row is not None
        ]
        split = min(rows_with_values, default=0)
        header, rows = plain[:split], plain[split:]
        position = {
            fid: (cell.token.row - split if cell.token.row is not None else 0, cell.token.col or 0)
            for fid, cell in mapping.values.items()
            if cell is not None and cell.token is not None
        }
    else:
        header = [["", *template.columns]] if template.columns else []
        rows = []
        position = {}
        for reading in mapping.assembly.readings:
            rows.append([reading.label.strip()])
            for j, fid in enumerate(reading.spec.fields):
                cell = mapping.values.get(fid)
                rows[-1].append("" if cell is None else _show(cell.value))
                position[fid] = (len(rows) - 1, j + 1)
    result.tables.append(
        Table(
            id=f"t{number}",
            kind=template.kind,
            page=page,
            template=_generation(template),
            header=header,
            rows=rows,
        )
    )
    if template not in result.templates:
        result.templates.append(template)
    shown = _rows_shown(mapping)
    unnumbered = region.unnumbered
    for fid, cell in mapping.values.items():
        if fid in result.conflicts or fid not in shown:
            continue
        if result.fields.get(fid) is not None:
            if (
                cell is not None
                and cell.value != result.fields[fid]
                and (_rank(region, cell) == result.rank[fid])
            ):
                # Two readings as good as each other print different numbers for one cell (a
                # phrase of wrapped prose that looks like a row, B10, and the table's row):
                # nothing says which is the table's, so the cell is null.
                result.warnings.append(
                    WarningInfo(
                        code="value_conflict",
                        message=f"{fid}: {result.fields[fid]} (t"
                        f"{result.evidence[fid].table}) and {_show(cell.value)} (t{number}) "
                        "read alike; left null",
                    )
                )
                result.fields[fid] = None
                result.evidence.pop(fid, None)
                result.conflicts.add(fid)
                continue
            if cell is None or _rank(region, cell) <= result.rank[fid]:
                continue
            if cell.value != result.fields[fid]:
                # A real grid beats text, a value read as printed beats a repaired one: the
                # same table found twice (a prose region that looked like table 二, a table
                # cut in two) keeps its better reading.
                result.warnings.append(
                    WarningInfo(
                        code="value_conflict",
                        message=f"{fid}: {result.fields[fid]} (t{result.evidence[fid].table}) "
                        f"replaced by {_show(cell.value)} (t{number}), the better-read table",
                    )
                )
        if cell is not None:
            result.rank[fid] = _rank(region, cell)
        result.fields[fid] = None if cell is None else cell.value
        if cell is None:
            result.evidence.pop(fid, None)
            continue
        row, col = position.get(fid, (0, 0))
        tok = cell.token
        result.evidence[fid] = FieldEvidence(
            page=tok.page if tok is not None and tok.page is not None else page,
            table=number,
            row=row,
            col=col,
            raw=cell.raw,
            how=cell.how,
            line=tok.line if tok is not None and not unnumbered else None,
        )
    hows = {f: c.how for f, c in mapping.values.items() if c is not None}
    for how, says in (
        ("blank_as_zero", "blank cells read as 0"),
        ("repaired", "values read from broken cells by the table's rules"),
    ):
        ids = sorted(f for f, h in hows.items() if h == how)
        if ids:
            more = ", …" if len(ids) > 3 else ""
            result.warnings.append(
                WarningInfo(
                    code=how,
                    message=f"t{number}: {len(ids)} {says} ({', '.join(ids[:3])}{more})",
                )
            )
    for code, message in mapping.warnings:
        result.warnings.append(WarningInfo(code=code, message=f"t{number}: {message}"))
    for amb in mapping.solution.ambiguities:
        unsettled = [f for f in amb.unsettled if result.fields.get(f) is None]
        if unsettled:
            result.ambiguities.append(
                Ambiguity(
                    table=number,
                    row=amb.label,
                    fields=list(amb.fields),
                    unsettled=unsettled,
                    printed=amb.printed,
                    readings=[list(r) for r in amb.readings],
                    readings_total=amb.total,
                )
            )


def _rows_shown(mapping: Mapping) -> set[str]:
    """Fields of the template rows this part of the document shows: those from its first row
    found to its last, in template order. A row between them whose label was not found is
    there but unreadable (null); rows before the first or after the last are not in this part
    at all (a single page of a scan, a table cut in two), and their fields stay absent unless
    another part gives them. A blank form (table 四's header without numbers) shows them all."""
    rows = mapping.template.rows
    if mapping.blank_form:
        return set(mapping.template.field_ids)
    found = {r.spec.label for r in mapping.assembly.readings}
    index = [i for i, spec in enumerate(rows) if spec.label in found]
    if not index:
        return set()
    return {f for spec in rows[min(index) : max(index) + 1] for f in spec.fields}


def _rank(region: Region, cell: Cell) -> tuple[bool, bool]:
    return (region.grid is not None, cell.how != "repaired")


def _show(value: Number) -> str:
    return str(value)


def _report_generation(result: TablesResult) -> str:
    for template in result.templates:
        if len(template.generations) == 1:
            return template.generations[0]
    if any(len(t.generations) > 1 for t in result.templates):
        return "unknown"
    for table in result.tables:
        text = normalize("".join("".join(r) for r in table.header + table.rows[:3]))
        if any(all(a in text for a in pair) for pair in PRE2019_ANCHORS):
            return "pre2019"
    return "unknown"
