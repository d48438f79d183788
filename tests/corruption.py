"""A corruption model: named, seeded, composable transforms that break a report the way real
sources do (``shared/reference/breakage.md`` A1–A20, B1–B11, C1–C8) while its truth stays known.

Why: the table corpus (``scripts/make_table_corpus.py``) fixes one broken rendering per document,
so a reader can be tuned to exactly those 82 texts. Here every pattern is a small function over a
clean structured document (title, prose per section, three table grids, truth), and any mix of
them can be drawn from a seed. The contract tested on the results is the honesty rule of
``docs/tables.md``: for every field the extractor returns the true number or ``null``, never a
different number. Transforms that destroy information (values lost, a column lost, labels apart
from their numbers) keep the truth: the only right answer for what cannot be read is ``null``.

Stages, in the order ``compose`` runs them:

- ``doc``: edits the structured document (prose, title, chrome) before rendering;
- ``table``: edits a table grid (cell text, blank or lost cells, label damage);
- ``render``: turns one table grid into lines (a composition's renderers are drawn per table);
- ``lines``: edits the lines of the whole document;
- ``text``: edits the final string (script conversion, glosses, line ends).
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.tables.derived import DERIVED, complete
from scripts import make_table_corpus as _corpus

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "extractor" / "data" / "templates"
S2T_FILE = ROOT / "scripts" / "corpus_prose" / "s2t.json"
TABLE_CORPUS = ROOT / "corpus" / "tables"
SAMPLE_CORPUS = ROOT / "corpus"

Number = int | float

# --------------------------------------------------------------------------------------------
# The official layout (labels and header words of the 2019 / 2021 formats)
# --------------------------------------------------------------------------------------------

SECTION_HEADS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
# Words that tell a section heading from a table-三 row label that also starts with 一、 … 四、.
SECTION_KEYS = [
    "总体情况",
    "主动公开政府信息",
    "收到和处理",
    "行政复议",
    "存在的主要问题",
    "其他需要报告",
]
TABLE_SECTION = {"proactive": 1, "requests": 2, "review_litigation": 3}

# The official header wording, as the corpus generator writes it (one source for both).
RULE_TEXT = _corpus.RULE_TEXT
SAN = _corpus.SAN
T3_SUB = _corpus.T3_COL_HEAD
T4_SUB = _corpus.T4_SUB
HEAD_2021 = _corpus.HEAD_2021
HEAD_2019 = _corpus.HEAD_2019
# Where a <br> sits inside a header cell (A9, B1, A5 split the cell there); 本年增/减 stays whole
# here and 总计 splits, as breakage.md's examples show them.
BR = {k: v for k, v in _corpus.BR.items() if k != "本年增/减"} | {"总计": ("总", "计")}

# Neutral paragraphs of our own, used where a source gives no prose for a section.
FIXED_PROSE = {
    0: [
        "本年度，本机关按照条例要求推进政府信息公开工作，健全工作机制，落实专人负责，"
        "各项工作有序开展。",
        "（一）主动公开。围绕重点领域及时发布政策文件和工作动态，做到应公开尽公开。",
        "（二）依申请公开。规范申请受理、审核、答复流程，按时答复申请人。",
    ],
    1: ["本年度主动公开政府信息情况统计如下："],
    2: ["本年度收到和处理政府信息公开申请情况统计如下："],
    3: ["本年度政府信息公开行政复议、行政诉讼情况统计如下："],
    4: [
        "本年度工作仍存在政策解读形式较为单一、部分栏目更新不够及时等问题。",
        "下一步将丰富解读形式，压实栏目更新责任，定期开展自查。",
    ],
    5: ["本年度未收取信息处理费。"],
}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


TEMPLATES: dict[str, dict[str, Any]] = {
    p.stem: load_json(p) for p in sorted(TEMPLATE_DIR.glob("*.json"))
}


# --------------------------------------------------------------------------------------------
# The clean document
# --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One printed cell of a table grid, with its HTML spans; ``field`` marks a value cell."""

    text: str
    role: str  # "label" | "hdr" | "sec" | "val"
    rs: int = 1
    cs: int = 1
    field: str | None = None


@dataclass
class Row:
    """A grid row. ``collapsed``: value cells were dropped, the printed ones keep their order
    but not their columns (the reader cannot know which cells are gone)."""

    kind: str  # "sec" | "hdr" | "data"
    cells: list[Cell]
    collapsed: bool = False

    def labels(self) -> list[Cell]:
        return [c for c in self.cells if c.role != "val"]

    def values(self) -> list[Cell]:
        return [c for c in self.cells if c.role == "val"]


@dataclass
class Table:
    """A table as its HTML grid: what every renderer starts from."""

    kind: str  # "proactive" | "requests" | "review_litigation"
    template: str
    width: int
    rows: list[Row]
    hint: str | None = None  # renderer a table transform asks for when none is composed

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "data"]


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    table: Table | None = None


@dataclass
class CleanDoc:
    """A report with known truth. ``truth`` maps every field id of the document's templates to
    its number, or to ``None`` where the table is absent (nothing may be read there)."""

    name: str
    fmt: str
    title: str
    preface: list[str]
    sections: list[Section]
    truth: dict[str, Number | None]
    head: list[str] = field(default_factory=list)  # lines before the title (chrome, banners)
    tail: list[str] = field(default_factory=list)  # lines after the last section

    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]


def number_text(value: Number, field_id: str) -> str:
    """A value as a report prints it: integers bare, decimals with two places, 元 amounts with
    their unit (the 2019 procurement amount is recorded in 元)."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.2f}" if round(value, 2) == value else repr(value)
    else:
        text = str(int(value))
    return text + "元" if field_id.endswith("amount_yuan") else text


def _vcell(fid: str, truth: dict[str, Number | None], cs: int = 1) -> Cell:
    value = truth[fid]
    assert value is not None
    return Cell(number_text(value, fid), "val", cs=cs, field=fid)


def grid_proactive(tpl_id: str, truth: dict[str, Number | None]) -> Table:
    tpl = TEMPLATES[tpl_id]
    heads = HEAD_2019 if tpl_id == "proactive_2019" else HEAD_2021
    rows: list[Row] = []
    for parent, head in heads.items():
        rows.append(Row("sec", [Cell(parent, "sec", cs=4)]))
        rows.append(Row("hdr", [Cell(h, "hdr", cs=cs) for h, cs in _corpus.t2_header_spans(head)]))
        for r in tpl["rows"]:
            if r["parent"] != parent:
                continue
            fs = r["fields"]
            cells = [Cell(r["label"], "label")]
            if len(fs) == 3:
                cells += [_vcell(f, truth) for f in fs]
            elif len(fs) == 2:
                cells += [_vcell(fs[0], truth), _vcell(fs[1], truth, cs=2)]
            else:
                cells += [_vcell(fs[0], truth, cs=3)]
            rows.append(Row("data", cells))
    return Table("proactive", tpl_id, 4, rows)


def t3_header() -> list[Row]:
    return [
        Row("hdr", [Cell(RULE_TEXT, "hdr", rs=3, cs=3), Cell("申请人情况", "hdr", cs=7)]),
        Row(
            "hdr",
            [
                Cell("自然人", "hdr", rs=2),
                Cell("法人或其他组织", "hdr", cs=5),
                Cell("总计", "hdr", rs=2),
            ],
        ),
        Row("hdr", [Cell(h, "hdr") for h in T3_SUB]),
    ]


def grid_requests(tpl_id: str, truth: dict[str, Number | None]) -> Table:
    tpl = TEMPLATES[tpl_id]
    under = [r for r in tpl["rows"] if r.get("parent")]
    group_size: dict[str, int] = {}
    for r in under:
        if r["parent"] != SAN:
            group_size[r["parent"]] = group_size.get(r["parent"], 0) + 1
    rows = t3_header()
    seen: set[str] = set()
    first_under = True
    for r in tpl["rows"]:
        parent = r.get("parent")
        cells: list[Cell] = []
        if parent is None:
            cells.append(Cell(r["label"], "label", cs=3))
        else:
            if first_under:
                cells.append(Cell(SAN, "label", rs=len(under)))
                first_under = False
            if parent == SAN:
                cells.append(Cell(r["label"], "label", cs=2))
            else:
                if parent not in seen:
                    seen.add(parent)
                    cells.append(Cell(parent, "label", rs=group_size[parent]))
                cells.append(Cell(r["label"], "label"))
        cells += [_vcell(f, truth) for f in r["fields"]]
        rows.append(Row("data", cells))
    return Table("requests", tpl_id, 10, rows)


def grid_review(truth: dict[str, Number | None]) -> Table:
    fields = TEMPLATES["review_litigation"]["rows"][0]["fields"]
    rows = [
        *(
            Row("hdr", [Cell(h, "hdr", cs=cs, rs=rs) for h, cs, rs in spans])
            for spans in _corpus.T4_HEADER_SPANS
        ),
        Row("data", [_vcell(f, truth) for f in fields]),
    ]
    return Table("review_litigation", "review_litigation", 15, rows)


def templates_for(fields: dict[str, Any]) -> list[str]:
    """The template of each table, told by the field ids of the truth file."""
    t2 = "proactive_2019" if "proactive.regulations.made" in fields else "proactive_2021"
    t3 = "requests_single_other" if "requests.other.all.total" in fields else "requests_2021"
    return [t2, t3, "review_litigation"]


def template_fields(tpl_id: str) -> list[str]:
    return [f for r in TEMPLATES[tpl_id]["rows"] for f in r["fields"]]


def strip_html(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|h\d|li|table)>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def prose_from_text(text: str) -> tuple[list[str], dict[int, list[str]]]:
    """The narrative of a source document: sentences-bearing lines outside tables, per section.

    Lines with pipes, short lines and lines without a sentence end are table cells or chrome;
    a line is a section heading only when it carries one of the canonical heading words, so
    table 三's ``一、本年新收…`` rows are not taken for sections."""
    preface: list[str] = []
    sections: dict[int, list[str]] = {}
    current = -1
    for raw in text.splitlines():
        line = raw.strip().replace("\u00a0", " ")
        m = re.match(r"^([一二三四五六])、", line)
        if m and len(line) < 40 and any(k in line for k in SECTION_KEYS):
            current = "一二三四五六".index(m.group(1))
            continue
        if "|" in line or len(line) < 12 or len(line) > 600 or "。" not in line:
            continue
        if "\t" in line or "│" in line:
            continue
        if current < 0:
            preface.append(line)
        else:
            sections.setdefault(current, []).append(line)
    return preface, sections


def clean_from_truth(truth: dict[str, Any], source_text: str | None, name: str) -> CleanDoc:
    """A clean document from a truth record (``corpus/**/truth/*.json`` format) and, when given,
    the prose of its source text. Tables whose truth holds ``null`` are left out: their fields
    must come out ``null``."""
    fields: dict[str, Any] = truth["fields"]
    tpls = templates_for(fields)
    all_truth: dict[str, Number | None] = {}
    for tpl in tpls:
        for f in template_fields(tpl):
            all_truth[f] = fields.get(f)
    tables: dict[int, Table] = {}
    for tpl in tpls:
        fs = template_fields(tpl)
        if any(all_truth[f] is None for f in fs):
            for f in fs:
                all_truth[f] = None
            continue
        if tpl.startswith("proactive"):
            tables[1] = grid_proactive(tpl, all_truth)
        elif tpl.startswith("requests"):
            tables[2] = grid_requests(tpl, all_truth)
        else:
            tables[3] = grid_review(all_truth)
    meta = truth.get("metadata") or {}
    agency = meta.get("agency") or "某县人民政府"
    year = meta.get("year") or 2022
    preface, prose = prose_from_text(source_text) if source_text else ([], {})
    period = f"本报告统计期限为{year}年1月1日至{year}年12月31日。"
    preface = (preface or ["本报告根据《中华人民共和国政府信息公开条例》要求编制。"]) + [period]
    sections = [
        Section(head, prose.get(i) or list(FIXED_PROSE[i]), tables.get(i))
        for i, head in enumerate(SECTION_HEADS)
    ]
    fmt = str(truth.get("format") or "2021")
    title = f"{agency}{year}年政府信息公开工作年度报告"
    return CleanDoc(name, fmt, title, preface, sections, all_truth)


def source_text_of(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", "replace")
    return strip_html(text) if path.suffix.lower() in (".html", ".htm") else text


def load_clean(truth_path: Path, docs_dir: Path | None = None) -> CleanDoc:
    """A clean document from a truth file; its prose comes from the input it names (a text or
    HTML file beside it) when that file is found, else from fixed paragraphs."""
    truth = load_json(truth_path)
    text = None
    docs = docs_dir or truth_path.parent.parent / "docs"
    for cand in (docs / truth.get("input", ""), truth_path.parent.parent / truth.get("input", "")):
        if truth.get("input") and cand.is_file() and cand.suffix.lower() in (".txt", ".html"):
            text = source_text_of(cand)
            break
    return clean_from_truth(truth, text, truth.get("doc_id") or truth_path.stem)


def corpus_truth_files() -> list[Path]:
    """Every truth file of the repository corpus (tables corpus first, then the samples)."""
    return sorted((TABLE_CORPUS / "truth").glob("*.json")) + sorted(
        (SAMPLE_CORPUS / "truth").glob("*.json")
    )


def load_corpus_clean(path: Path) -> CleanDoc:
    docs = (
        TABLE_CORPUS / "docs" if path.parent.parent == TABLE_CORPUS else SAMPLE_CORPUS / "samples"
    )
    return load_clean(path, docs)


# --------------------------------------------------------------------------------------------
# Grid helpers
# --------------------------------------------------------------------------------------------


def layout(table: Table) -> list[list[Cell | None]]:
    """Place the cells of each row in the grid's columns as a browser does (rowspans from the
    rows above take their columns first). ``None`` is a slot covered by a span or missing."""
    taken: set[tuple[int, int]] = set()
    out: list[list[Cell | None]] = []
    for ri, row in enumerate(table.rows):
        slots: list[Cell | None] = [None] * table.width
        col = 0
        for cell in row.cells:
            while col < table.width and (ri, col) in taken:
                col += 1
            if col >= table.width:
                break
            slots[col] = cell
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    if dr or dc:
                        taken.add((ri + dr, col + dc))
            col += cell.cs
        out.append(slots)
    return out


def tokens(row: Row) -> list[str]:
    return [c.text for c in row.cells]


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def disp_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --------------------------------------------------------------------------------------------
# Renderers: table grid -> lines
# --------------------------------------------------------------------------------------------


def render_pipe_clean(t: Table, rng: random.Random) -> list[str]:
    """The undamaged baseline: each row's printed cells joined by pipes."""
    return [" | ".join(tokens(r)) for r in t.rows]


def render_pipe_rows(t: Table, rng: random.Random) -> list[str]:
    """A1: `label | v | v |`, short rows padded with merged-cell placeholders `|||`."""
    lines = []
    for ri, row in enumerate(t.rows):
        toks = tokens(row)
        s = " ".join(f"{x} |" if x else "|" for x in toks)
        missing = t.width - len(toks)
        # Placeholders stand for merged cells; a cell the converter lost (A20) leaves none.
        if missing > 0 and ri != len(t.rows) - 1 and not row.collapsed:
            s += " " + "|" * missing
        lines.append(s)
    return lines


def render_cell_pipe(t: Table, rng: random.Random) -> list[str]:
    """A2: one cell per line ending in ` |`; merged slots as bare `|`…`||||` lines."""
    lines: list[str] = []
    for row in t.rows:
        toks = tokens(row)
        lines += [f"{x} |" if x else "|" for x in toks]
        if t.width - len(toks) > 0:
            lines.append("|" * (t.width - len(toks)))
    return lines


def render_lead_pipe(t: Table, rng: random.Random) -> list[str]:
    """A3: label cells start with `| `, values stand alone, separators on their own lines."""
    lines: list[str] = []
    for row in t.rows:
        toks = tokens(row)
        for i, x in enumerate(toks):
            lines.append(f"| {x}" if i == 0 else x)
            lines.append("|")
        if t.width - len(toks) > 0:
            lines.append("|" * (t.width - len(toks)))
    return lines


def render_sep_pipe(t: Table, rng: random.Random) -> list[str]:
    """A4: one cell per line, each followed by a line holding only `|`."""
    lines: list[str] = []
    for ri, row in enumerate(t.rows):
        toks = tokens(row)
        for x in toks:
            lines += [x, "|"]
        if t.width - len(toks) > 0 and ri != len(t.rows) - 1:
            lines.append("|" * (t.width - len(toks)))
    return lines


def render_blank_lines(t: Table, rng: random.Random) -> list[str]:
    """A5: one cell per line with blank lines between, no pipes; stray spaces inside values,
    header cells split at their <br> over two lines."""
    items: list[str] = []
    for row in t.rows:
        for c in row.cells:
            if c.role == "val":
                r = rng.random()
                items.append(("  " if r < 0.15 else " " if r < 0.3 else "") + c.text)
            elif c.role == "hdr" and c.text in BR and rng.random() < 0.6:
                items += list(BR[c.text])
            else:
                items.append(c.text)
    lines: list[str] = []
    for i, x in enumerate(items):
        if i:
            lines.append("")
        lines.append(x)
    return lines


def render_cell_lines(t: Table, rng: random.Random) -> list[str]:
    """A17/A13 carrier: HTML-to-text output, every cell on a line of its own, no pipes."""
    return [c.text for row in t.rows for c in row.cells]


def render_glued(t: Table, rng: random.Random) -> list[str]:
    """A10: the whole table on one line, cells concatenated; in the mixed form some value
    boundaries keep a space (`230 000023`)."""
    p_space = 0.0 if rng.random() < 0.5 else 0.3
    out = ""
    for row in t.rows:
        prev_val = False
        for c in row.cells:
            is_val = c.role == "val"
            if out and is_val and prev_val and rng.random() < p_space:
                out += " "
            out += c.text
            prev_val = is_val
    return [out]


def render_flat_spaces(t: Table, rng: random.Random) -> list[str]:
    """A11: flattened with spaces, a unit column between a table-二 label and its values."""
    units = rng.random() < 0.5 and t.kind == "proactive"
    parts: list[str] = []
    for row in t.rows:
        for c in row.cells:
            parts.append(c.text)
            if units and c.role == "label":
                parts.append("万元" if c.text == "行政事业性收费" else "件")
    return [" ".join(p for p in parts if p)]


def render_tab_rows(t: Table, rng: random.Random) -> list[str]:
    """Text copied from a browser or spreadsheet: one row per line, cells split by tabs."""
    return ["\t".join(tokens(r)) for r in t.rows]


def render_pdf_rows(t: Table, rng: random.Random) -> list[str]:
    """B8: the clean PDF text layer, each row's cells on one line separated by spaces."""
    return [" ".join(x for x in tokens(r) if x) for r in t.rows]


def _pdf_header(t: Table) -> list[str]:
    """B1: header rows interleaved: the first parts of every split header cell on one line,
    the second parts on the next."""
    lines: list[str] = []
    for row in t.rows:
        if row.kind != "hdr":
            continue
        top, bottom = [], []
        for c in row.cells:
            a, b = BR.get(c.text, (c.text, ""))
            top.append(a)
            if b:
                bottom.append(b)
        lines.append(" ".join(top))
        if bottom:
            lines.append(" ".join(bottom))
    return lines


def render_pdf_interleaved(t: Table, rng: random.Random) -> list[str]:
    """B1: PDF rows under multi-row headers printed token by token over two lines."""
    lines = _pdf_header(t)
    for row in t.rows:
        if row.kind != "hdr":
            lines.append(" ".join(x for x in tokens(row) if x))
    return lines


def render_pdf_vertical(t: Table, rng: random.Random) -> list[str]:
    """B2: the vertical label 三、本年度办理结果 printed one character per line, its characters
    landing between rows or prefixing the next rows' lines (`年 3.危及…`)."""
    lines: list[str] = []
    pending: list[str] = []
    for row in t.rows:
        toks = [c.text for c in row.cells if c.text]
        if SAN in toks:
            toks.remove(SAN)
            pending = list(SAN)
        line = " ".join(toks)
        while pending and rng.random() < 0.5:
            lines.append(pending.pop(0))
        if pending and row.kind == "data":
            line = pending.pop(0) + " " + line
        lines.append(line)
    lines += pending
    return lines


def render_pdf_values_first(t: Table, rng: random.Random) -> list[str]:
    """B3: some rows print their values on the line before their label; a long label wraps
    with the values on its middle line. Never two such rows in a row (the reading stays
    determined, as in hzq2024)."""
    lines: list[str] = []
    last = False
    for row in t.rows:
        labels = " ".join(c.text for c in row.labels() if c.text)
        vals = " ".join(c.text for c in row.values() if c.text)
        if row.kind == "data" and labels and vals and not last and rng.random() < 0.35:
            last = True
            if len(labels) > 14 and rng.random() < 0.5:
                cut = len(labels) // 2
                lines += [labels[:cut], vals, labels[cut:]]
            else:
                lines += [vals, labels]
            continue
        last = False
        lines.append(" ".join(x for x in (labels, vals) if x))
    return lines


def render_labels_then_numbers(t: Table, rng: random.Random) -> list[str]:
    """A15: pdfminer-style column dump: every label (and header word), then every number,
    column by column or row by row, one per line."""
    lines = [c.text for row in t.rows for c in row.labels() if c.text]
    vals = [[c.text for c in r.values() if c.text] for r in t.data_rows()]
    if rng.random() < 0.5:
        for j in range(max((len(v) for v in vals), default=0)):
            lines += [v[j] for v in vals if j < len(v)]
    else:
        lines += [x for v in vals for x in v]
    return lines


def _wrap_cell(text: str, width: int) -> list[str]:
    out: list[str] = []
    for part in text.split("\n"):
        cur = ""
        for ch in part:
            if disp_width(cur + ch) > width:
                out.append(cur)
                cur = ""
            cur += ch
        out.append(cur)
    return out


def _drawn_row(
    row: Row, slots: list[Cell | None], widths: list[int], bar: str, margin: str
) -> list[str]:
    """One grid row drawn between bars, each cell's text wrapped at its column's width over as
    many lines as the tallest cell needs."""
    if row.collapsed:
        # A row that lost cells (A20, A6) has no cell drawn where it has none: a text browser
        # ends the row at its last cell's border.
        last = max((i for i, c in enumerate(slots) if c is not None), default=0)
        slots = slots[: last + 1]
    cells = [_wrap_cell(c.text if c else "", widths[ci]) for ci, c in enumerate(slots)]
    lines = []
    for k in range(max(len(x) for x in cells)):
        parts = []
        for ci, part in enumerate(cells):
            text = part[k] if k < len(part) else ""
            parts.append(margin + text + " " * (widths[ci] - disp_width(text)) + margin)
        lines.append(bar + bar.join(parts) + bar)
    return lines


def render_box(t: Table, rng: random.Random) -> list[str]:
    """A16: a text browser's box drawing (w3m): `│` `─` `┼`, padded cells, long cell text
    continued on the next bordered line."""
    grid = layout(t)
    cap = rng.choice([12, 16, 20])
    widths = [1] * t.width
    for slots in grid:
        for ci, c in enumerate(slots):
            if c is not None and c.cs == 1:
                widths[ci] = max(widths[ci], min(cap, disp_width(c.text)))

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * w for w in widths) + right

    lines = [rule("┌", "┬", "┐")]
    for ri, slots in enumerate(grid):
        lines += _drawn_row(t.rows[ri], slots, widths, "│", "")
        lines.append(rule("├", "┼", "┤") if ri < len(grid) - 1 else rule("└", "┴", "┘"))
    return lines


def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(t: Table, rng: random.Random) -> list[str]:
    """A plain markdown table: printed cells only, a rule under the first row."""
    lines: list[str] = []
    for ri, row in enumerate(t.rows):
        lines.append(md_row(tokens(row)))
        if ri == 0:
            lines.append(md_row(["---"] * len(row.cells)))
    return lines


def render_md_fillers(t: Table, rng: random.Random) -> list[str]:
    """A18: markdownify-style: the header row as printed, every data row with an empty cell
    for each slot a rowspan or colspan covers, so values sit to the right of the header."""
    grid = layout(t)
    lines: list[str] = []
    for ri, (row, slots) in enumerate(zip(t.rows, grid, strict=True)):
        if row.kind == "hdr" or ri == 0:
            lines.append(md_row(tokens(row)))
        else:
            cells = [c.text if c else "" for c in slots]
            if row.collapsed:
                # A row that lost a cell (A20) ends at its last cell: the converter writes no
                # empty cell for what it never saw.
                last = max((i for i, c in enumerate(slots) if c is not None), default=0)
                cells = cells[: last + 1]
            lines.append(md_row(cells))
        if ri == 0:
            lines.append(md_row(["---"] * len(row.cells)))
    return lines


# Markup forms that converters write (session 8: found by trying converters nobody had used;
# extractor/tables/markup.py reads them).


def render_ascii_grid(t: Table, rng: random.Random) -> list[str]:
    """An ASCII grid table (pandoc's reStructuredText, tabulate's "grid"): `+----+` rules
    between rows, `=` under the header, cells wrapped in narrow columns (a number wider than its
    column wraps too)."""
    grid = layout(t)
    cap = rng.choice([4, 6, 10])
    widths = [max(2, min(cap, max((disp_width(c.text) for c in col if c and c.cs == 1),
                                  default=2))) for col in zip(*grid, strict=True)]  # fmt: skip

    def rule(ch: str) -> str:
        return "+" + "+".join(ch * (w + 2) for w in widths) + "+"

    lines = [rule("-")]
    for ri, slots in enumerate(grid):
        lines += _drawn_row(t.rows[ri], slots, widths, "|", " ")
        lines.append(rule("=" if ri == 0 else "-"))
    return lines


def _tex(text: str) -> str:
    return re.sub(r"([%&_#$])", r"\\\1", text)


def render_latex(t: Table, rng: random.Random) -> list[str]:
    """A LaTeX tabular (pandoc `-t latex`): `&` between cells, `\\\\` ending a row, spans as
    `\\multicolumn{n}{l}{…}` and `\\multirow{n}{*}{…}`, rows wrapped at about 72 characters."""
    grid = layout(t)
    width = rng.choice([60, 72, 200])
    lines = ["\\begin{longtable}[]{@{}" + "l" * t.width + "@{}}", "\\toprule", "\\endhead"]
    for row, slots in zip(t.rows, grid, strict=True):
        cells: list[str] = []
        col = 0
        # A row that lost cells (A20, A6) ends at its last cell: no `&` for what is not there.
        end = max((i for i, c in enumerate(slots) if c is not None), default=0) + 1
        while col < (end if row.collapsed else t.width):
            c = slots[col]
            if c is None:
                cells.append("")
                col += 1
                continue
            text = _tex(c.text.replace("\n", ""))
            if c.rs > 1:
                text = f"\\multirow{{{c.rs}}}{{*}}{{{text}}}"
            if c.cs > 1:
                text = f"\\multicolumn{{{c.cs}}}{{l}}{{{text}}}"
            cells.append(text)
            col += c.cs
        row = " & ".join(cells) + " \\\\"
        cur = ""
        for word in row.split(" "):
            if cur and len(cur) + 1 + len(word) > width:
                lines.append(cur)
                cur = word
            else:
                cur = f"{cur} {word}" if cur else word
        lines.append(cur)
    return [*lines, "\\bottomrule", "\\end{longtable}"]


def render_csv(t: Table, rng: random.Random) -> list[str]:
    """A table saved as CSV (comma, or semicolon in a European locale): every slot a field,
    an empty field for each slot a span covers, fields quoted where they must be."""
    sep = rng.choice([",", ",", ";"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    for row, slots in zip(t.rows, layout(t), strict=True):
        cells = [(c.text if c else "").replace("\n", "") for c in slots]
        if row.collapsed:
            last = max((i for i, c in enumerate(slots) if c is not None), default=0)
            cells = cells[: last + 1]
        writer.writerow(cells)
    return out.getvalue().splitlines()


def t_thousands(t: Table, rng: random.Random) -> Table:
    """Counts of 1,000 and more printed with thousands separators (spreadsheets, printed
    reports)."""
    for row in t.data_rows():
        for c in row.values():
            m = re.fullmatch(r"(-?)(\d{4,})((?:\.\d+)?)(元?)", c.text.strip())
            if m:
                c.text = f"{m.group(1)}{int(m.group(2)):,}{m.group(3)}{m.group(4)}"
    return t


def t_units(t: Table, rng: random.Random) -> Table:
    """A count's unit printed in its cell (`12件`) in tables 三 and 四."""
    if t.kind in ("requests", "review_litigation"):
        for row in t.data_rows():
            for c in row.values():
                if re.fullmatch(r"\d+", c.text.strip()):
                    c.text = c.text.strip() + "件"
    return t


def render_md_br_rows(t: Table, rng: random.Random) -> list[str]:
    """B7: pymupdf4llm missing the rule between two rows: one markdown row whose cells hold
    both rows' lines, joined by `<br>`; in half of them a column's lines do not match the
    rows' (an empty line in one cell), so no one can tell whose values are whose."""
    lines: list[str] = []
    i = 0
    while i < len(t.rows):
        row = t.rows[i]
        cells = tokens(row)
        nxt = t.rows[i + 1] if i + 1 < len(t.rows) else None
        if (
            nxt is not None
            and row.kind == nxt.kind == "data"
            and len(row.labels()) == len(nxt.labels()) == 1
            and len(tokens(nxt)) == len(cells) > 1
            and rng.random() < 0.4
        ):
            cells = [f"{a}<br>{b}" for a, b in zip(cells, tokens(nxt), strict=True)]
            if rng.random() < 0.5:
                k = rng.randrange(1, len(cells))
                cells[k] = cells[k].replace("<br>", "<br><br>")
            i += 1
        lines.append(md_row(cells))
        if len(lines) == 1:
            lines.append(md_row(["---"] * len(cells)))
        i += 1
    return lines


def render_md_scrambled(t: Table, rng: random.Random) -> list[str]:
    """B7: a PDF-to-markdown converter: header cells cut into fragments, labels as paragraphs
    with their values in orphan pipe rows after them (in order), a `## 表…（续）` heading mid-
    table, and table 三's last row losing its 总计 cell."""
    lines: list[str] = []
    for row in t.rows:
        if row.kind == "data":
            continue
        frags: list[str] = []
        for c in row.cells:
            k = rng.randint(1, max(1, len(c.text) - 1))
            frags += [c.text[:k], c.text[k:]] if len(c.text) > 2 else [c.text]
        lines.append(md_row([f for f in frags if f]))
    data = t.data_rows()
    i = 0
    heading_at = len(data) // 2 if len(data) > 6 else -1
    while i < len(data):
        chunk = data[i : i + rng.randint(1, 4)]
        for row in chunk:
            lines += [" ".join(c.text for c in row.labels() if c.text), ""]
        for row in chunk:
            vals = [c.text for c in row.values()]
            if t.kind == "requests" and row is data[-1] and vals and rng.random() < 0.5:
                vals[-1] = ""
            if vals:
                lines.append(md_row(vals))
        lines.append("")
        if heading_at >= 0 and i <= heading_at < i + len(chunk):
            lines += [f"## 表{'二三四'[TABLE_SECTION[t.kind] - 1]}：续表（续）", ""]
        i += len(chunk)
    return lines


def render_placeholder(t: Table, rng: random.Random) -> list[str]:
    """A19: pandoc's `[TABLE]` for a table with merged cells, or the table left as raw HTML
    inside markdown (a <table> with <br> in cells)."""
    if rng.random() < 0.5:
        return ["[TABLE]"]
    out = ["<table>"]
    for row in t.rows:
        tds = []
        for c in row.cells:
            attrs = (f' rowspan="{c.rs}"' if c.rs > 1 else "") + (
                f' colspan="{c.cs}"' if c.cs > 1 else ""
            )
            text = "<br>".join(BR[c.text]) if c.text in BR else html.escape(c.text)
            tds.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return out


# --------------------------------------------------------------------------------------------
# Table transforms (grid -> grid)
# --------------------------------------------------------------------------------------------


def _zero(text: str) -> bool:
    return text.strip() in ("0", "0.00", "0元", "")


def t_collapse_blanks(t: Table, rng: random.Random) -> Table:
    """A6: zeros were blank and the blank cells collapse: some rows keep only their non-zero
    values, in order, with no trace of which columns they belong to."""
    for row in t.data_rows():
        if any(_zero(c.text) for c in row.values()) and rng.random() < 0.6:
            row.cells = [c for c in row.cells if not (c.role == "val" and _zero(c.text))]
            row.collapsed = True
    t.hint = t.hint or "cell_pipe"
    return t


def t_blank_zero(t: Table, rng: random.Random) -> Table:
    """A7: blank cells kept in place, but blank instead of 0 (always in table 三, in the other
    tables in most draws)."""
    if t.kind == "requests" or rng.random() < 0.8:
        for row in t.data_rows():
            for c in row.values():
                if _zero(c.text):
                    c.text = ""
    t.hint = t.hint or "cell_pipe"
    return t


def t_values_missing(t: Table, rng: random.Random) -> Table:
    """A8: the values were images or were dropped: only the labels survive (always in table
    三, in the other tables in half the draws)."""
    if t.kind == "requests" or rng.random() < 0.5:
        for row in t.data_rows():
            row.cells = row.labels()
            row.collapsed = True
    t.hint = t.hint or "cell_lines"
    return t


def t_header_damage(t: Table, rng: random.Random) -> Table:
    """A9: header text broken apart: characters spaced out, a <br> turned into a space, or
    the cell's second line lost."""
    for row in t.rows:
        if row.kind != "hdr":
            continue
        for c in row.cells:
            mode = rng.choice(["plain", "spaced", "space", "lost"])
            if mode == "spaced" and len(c.text) <= 8:
                c.text = " ".join(c.text)
            elif c.text in BR and mode == "space":
                c.text = " ".join(BR[c.text])
            elif c.text in BR and mode == "lost":
                c.text = BR[c.text][0]
    t.hint = t.hint or "pipe_rows"
    return t


def t_repeat_group(t: Table, rng: random.Random) -> Table:
    """A12: a page break inside table 三: 三、本年度办理结果 (and sometimes the header rows)
    printed again before a later outcome group, as multi-page Word tables do."""
    if t.kind != "requests":
        return t
    data = t.data_rows()
    starts = [
        i
        for i, r in enumerate(data)
        if len(r.labels()) == 2 and r.labels()[0].text.startswith(("（三）", "（四）", "（五）"))
    ]
    if not starts:
        return t
    k = rng.choice(starts)
    san_row = next((r for r in data if any(c.text == SAN for c in r.cells)), None)
    if san_row is None:
        return t  # an earlier transform changed the label's text (lost characters, a split)
    san = next(c for c in san_row.cells if c.text == SAN)
    under_before = data.index(san_row)
    total_under = san.rs
    before = k - under_before
    san.rs = before
    target = data[k]
    target.cells.insert(0, Cell(SAN, "label", rs=total_under - before))
    at = t.rows.index(target)
    if rng.random() < 0.5:
        t.rows[at:at] = t3_header()
    t.hint = t.hint or "pipe_rows"
    return t


NUMBERING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六]、|\d+[.、])")


def t_split_labels(t: Table, rng: random.Random) -> Table:
    """A14: numbering on a line apart from its label (`1.` / `属于国家秘密`, `（` / `五` / `）`),
    short header words one character per line, a signed change printed `+1`."""
    for row in t.rows:
        for c in row.cells:
            if c.role in ("label", "sec"):
                m = NUMBERING.match(c.text)
                if m and rng.random() < 0.6:
                    num = m.group(1)
                    if num.startswith("（") and rng.random() < 0.5:
                        num = "\n".join(num)
                    c.text = num + "\n" + c.text[m.end() :]
            elif c.role == "hdr" and len(c.text) <= 4 and rng.random() < 0.6:
                c.text = "\n".join(c.text)
            elif (
                c.role == "val"
                and (c.field or "").endswith(".change")
                and c.text.isdigit()
                and c.text != "0"
            ):
                c.text = "+" + c.text
    t.hint = t.hint or "pipe_rows"
    return t


def t_nbsp_cells(t: Table, rng: random.Random) -> Table:
    """A17: zero cells written as &nbsp;: in one-cell-per-line text each becomes a line holding
    only U+00A0, or (per table) disappears."""
    vanish = rng.random() < 0.5
    for row in t.data_rows():
        if vanish:
            before = len(row.cells)
            row.cells = [c for c in row.cells if not (c.role == "val" and _zero(c.text))]
            row.collapsed = row.collapsed or len(row.cells) != before
        else:
            for c in row.values():
                if _zero(c.text):
                    c.text = "\u00a0"
    t.hint = t.hint or "cell_lines"
    return t


def t_lost_column(t: Table, rng: random.Random) -> Table:
    """A20: the converter lost one column: table 二 rows print 2 of their 3 values (always);
    tables 三 and 四 lose one of their value columns in half the draws."""
    if t.kind != "proactive" and rng.random() < 0.5:
        return t
    j = rng.randrange(3 if t.kind == "proactive" else 7)
    for row in t.data_rows():
        vals = row.values()
        if len(vals) >= 2 and j < len(vals):
            row.cells.remove(vals[j])
            row.collapsed = True
    t.hint = t.hint or "markdown"
    return t


def t_lost_chars(t: Table, rng: random.Random) -> Table:
    """B4: a character lost inside some long labels (`2.其他法律行政止公开`)."""
    for row in t.data_rows():
        for c in row.labels():
            m = NUMBERING.match(c.text)
            body_at = m.end() if m else 0
            if len(c.text) - body_at >= 6 and rng.random() < 0.3:
                k = rng.randrange(body_at + 1, len(c.text) - 1)
                c.text = c.text[:k] + c.text[k + 1 :]
    t.hint = t.hint or "pdf_rows"
    return t


def t_cid_garbage(t: Table, rng: random.Random) -> Table:
    """B9: a broken font: the labels and headers of the text layer are `(cid:NNN)` codes (whose
    digits are no values); the numbers survive."""
    for row in t.rows:
        for c in row.cells:
            if c.role != "val":
                c.text = "".join(f"(cid:{ord(ch) % 997})" if is_cjk(ch) else ch for ch in c.text)
    t.hint = t.hint or "pdf_rows"
    return t


# --------------------------------------------------------------------------------------------
# Line transforms (whole document, or one table's lines)
# --------------------------------------------------------------------------------------------


def l_dedupe(lines: list[str], rng: random.Random) -> list[str]:
    """A13: a crawler drops every line equal to the line before it."""
    out: list[str] = []
    for x in lines:
        if not out or x != out[-1]:
            out.append(x)
    return out


def l_lost_blank_lines(lines: list[str], rng: random.Random) -> list[str]:
    """A17: blank lines lost, or written as lines holding only U+00A0."""
    if rng.random() < 0.5:
        return [x for x in lines if x.strip()]
    return ["\u00a0" if not x.strip() else x for x in lines]


FOOTERS = ["- {n} -", "— {n} —", "- {n} -", "P. {n}", "第 {n} 页", "Page {n} - {title}"]


def l_page_footers(lines: list[str], rng: random.Random) -> list[str]:
    """B5: page footers in the text stream, as lines mid-table and inline mid-sentence."""
    style = rng.choice(FOOTERS)
    title = lines[0] if lines else ""
    out: list[str] = []
    n = 1
    gap = rng.randint(18, 40)
    for i, x in enumerate(lines):
        if i and i % gap == 0:
            n += 1
            foot = style.format(n=n, title=title)
            if "。" in x and len(x) > 30 and rng.random() < 0.3:
                k = rng.randrange(5, len(x) - 5)
                if not (x[k - 1].isdigit() and x[k].isdigit()):
                    x = x[:k] + " " + foot + " " + x[k:]
                    out.append(x)
                    continue
            out.append(foot)
        out.append(x)
    return out


def _cut_ok(s: str, k: int) -> bool:
    """A wrap never falls inside a number (a PDF line break does not split a printed value)."""
    a, b = s[k - 1], s[k]
    return not ((a.isdigit() or a in ".-+") and (b.isdigit() or b == "."))


def l_hard_wrap(lines: list[str], rng: random.Random) -> list[str]:
    """B6: the PDF text layer breaks every line at 25–40 characters, in sentences and in
    table labels alike (`…只计这一情` / `形，不`); some wraps leave a space instead."""
    width = rng.randint(25, 40)
    out: list[str] = []
    for x in lines:
        if rng.random() < 0.15 and "。" in x and len(x) > width:
            k = width
            if _cut_ok(x, k):
                out.append(x[:k] + " " + x[k:])
                continue
        out += _wrap_chars(x, width)
    return out


def _wrap_chars(s: str, width: int) -> list[str]:
    out: list[str] = []
    while len(s) > width:
        k = width
        while k > 1 and not _cut_ok(s, k):
            k -= 1
        if k <= 1:
            break
        out.append(s[:k])
        s = s[k:]
    out.append(s)
    return out


# --------------------------------------------------------------------------------------------
# Document transforms (prose, title, chrome)
# --------------------------------------------------------------------------------------------


def d_prose_wrap(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """B10: hard-wrapped prose (PDF 25–40, text browsers 72–80 columns), with a wrapped prose
    line that ends in a table label (`…规范行政许可` / `事项清单…`)."""
    width = rng.choice([rng.randint(25, 40), rng.randint(36, 40)])
    n = rng.randint(20, 150)
    trap = f"本年度进一步规范行政许可事项清单，动态调整事项{n}项，并在门户网站公示。"
    doc.sections[0].paragraphs.insert(1, trap)
    for s in doc.sections:
        new = []
        for p in s.paragraphs:
            if p is trap or p == trap:
                cut = p.index("行政许可") + 4
                new.append(p[:cut] + "\n" + "\n".join(_wrap_chars(p[cut:], width)))
            else:
                new.append("\n".join(_wrap_chars(p, width)))
        s.paragraphs = new
    doc.preface = ["\n".join(_wrap_chars(p, width)) for p in doc.preface]
    return doc


def d_title_two_lines(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """B11: the title over two lines, sometimes under a `正文` marker line."""
    k = doc.title.find("政府信息公开")
    if k > 0:
        k += len("政府信息公开")
        doc.title = doc.title[:k] + "\n" + doc.title[k:]
    if rng.random() < 0.5:
        doc.title = "正文\n" + doc.title
    return doc


SPAM = ["足彩app哪个是正规的", "比分直播,篮球比分直播", "体育投注官网", "真人娱乐平台注册"]
BANNERS = [
    "足彩app下载 注册即送88元 点击进入",
    "【体育直播】今日比分 3:1 2:0 点此查看",
    "欢迎光临 365体育投注 官方网站 首存100送100",
]


def d_spam(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """C3: gambling banners before the title, spam words injected into sentences, a name
    deleted (`坚持以习新时代…`)."""
    doc.head = rng.sample(BANNERS, rng.randint(1, 2)) + doc.head
    for s in doc.sections:
        for i, p in enumerate(s.paragraphs):
            if len(p) > 20 and rng.random() < 0.4:
                k = rng.randrange(4, len(p) - 4)
                if _cut_ok(p, k):
                    s.paragraphs[i] = p[:k] + rng.choice(SPAM) + p[k:]
            s.paragraphs[i] = s.paragraphs[i].replace("习近平新时代", "习新时代")
    doc.sections[0].paragraphs.insert(
        0, "坚持以习新时代中国特色社会主义思想为指导，全面推进政务公开。"
    )
    return doc


def d_date_digits(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """C4: the sup/span text of dates and document numbers was stripped: `201711日至20171231日`,
    `〔202130号`."""

    def damage(p: str) -> str:
        p = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", r"\1\2\3日", p)
        return re.sub(r"〔(\d{4})〕(\d+)号", r"〔\1\2号", p)

    doc.preface = [damage(p) for p in doc.preface] + [
        damage("依据国办公开办函〔2021〕30号的要求编制本报告。")
    ]
    for s in doc.sections:
        s.paragraphs = [damage(p) for p in s.paragraphs]
    return doc


def d_site_chrome(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """C5: site chrome before the report: breadcrumbs, font-size switch, the metadata table
    written as pipes (index numbers, dates), a leaving-site notice, wiki scaffolding; and a
    footer with registration numbers."""
    year = re.search(r"(\d{4})年", doc.title)
    y = int(year.group(1)) + 1 if year else 2023
    chrome = [
        "首页 > 政务公开 > 政府信息公开 > 政府信息公开年报",
        "字号: 默认 超大 | 打印 | 关闭",
        f"索 引 号 | 11350128MB{rng.randint(1000000, 9999999)}X/{y}-{rng.randint(10, 99):05d} | 分 类 | 政务公开 |",
        f"发布机构 | {doc.title[:8]} | 发文日期 | {y}-01-{rng.randint(10, 28)} |",
        f"文 号 | 无 | 浏览次数 | {rng.randint(100, 9999)} |",
    ]
    if rng.random() < 0.5:
        chrome += [
            "您访问的链接即将离开本网站，是否继续？",
            "基本介紹 • 中文名: 政府信息公开年度报告",
        ]
    doc.head = chrome + doc.head
    doc.tail += [
        "主办单位：本级人民政府办公室 承办单位：大数据中心",
        f"网站标识码{rng.randint(1000000000, 9999999999)} ICP备{rng.randint(10000000, 99999999)}号",
    ]
    return doc


def d_crawler_inline(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """C7: crawler page text: every inline element (numbers, quoted terms) on a line of its
    own, a section heading repeated as a stray line before its table, a narrative line that is
    exactly a table label, a date cut off (`2017-07-`)."""

    def split_inline(p: str) -> str:
        p = re.sub(r"(\d+(?:\.\d+)?)", lambda m: "\n" + m.group(1) + "\n", p)
        p = re.sub(r"“([^”]{2,12})”", lambda m: "“\n" + m.group(1) + "\n”", p)
        return re.sub(r"\n+", "\n", p).strip("\n")

    for s in doc.sections:
        s.paragraphs = [split_inline(p) if rng.random() < 0.7 else p for p in s.paragraphs]
        if s.table is not None and rng.random() < 0.7:
            s.paragraphs.append(s.heading[2:])
    doc.sections[0].paragraphs.append(
        split_inline("本年度集中清理“行政规范性文件”和“行政许可”事项，结果已向社会公布。")
    )
    doc.preface.append("发布时间：" + str(rng.randint(2015, 2024)) + "-07-")
    return doc


def d_prose_number_cut(doc: CleanDoc, rng: random.Random) -> CleanDoc:
    """A14 (prose): a number cut inside a sentence over lines (`201` / `9` / `年`)."""

    def cut(m: re.Match[str]) -> str:
        s = m.group(0)
        k = rng.randrange(1, len(s))
        return s[:k] + "\n" + s[k:] + "\n"

    for s in doc.sections:
        s.paragraphs = [re.sub(r"\d{2,}", cut, p, count=2) for p in s.paragraphs]
    doc.preface = [re.sub(r"\d{4}", cut, p, count=1) for p in doc.preface]
    return doc


# --------------------------------------------------------------------------------------------
# Text transforms (the final string)
# --------------------------------------------------------------------------------------------

_S2T: dict[str, Any] = load_json(S2T_FILE)


def x_traditional(text: str, rng: random.Random) -> str:
    """C1: a mirror converted the page to traditional characters (國務院, 報告, 複議)."""
    for simp, trad in _S2T["phrases"].items():
        text = text.replace(simp, trad)
    return "".join(_S2T["chars"].get(ch, ch) for ch in text)


PINYIN = {
    "国": "guó", "务": "wù", "院": "yuàn", "机": "jī", "关": "guān", "公": "gōng", "开": "kāi",
    "政": "zhèng", "府": "fǔ", "信": "xìn", "息": "xī", "报": "bào", "告": "gào", "申": "shēn",
    "请": "qǐng", "复": "fù", "议": "yì", "诉": "sù", "讼": "sòng", "处": "chǔ", "理": "lǐ",
    "规": "guī", "章": "zhāng", "许": "xǔ", "罚": "fá", "制": "zhì", "办": "bàn",
}  # fmt: skip


def x_pinyin(text: str, rng: random.Random) -> str:
    """C2: a mirror site glosses characters with pinyin (`國務(wù)院`, `公(gong)開(kai)`), in
    prose and labels alike."""
    toneless = rng.random() < 0.3
    out = []
    for ch in text:
        out.append(ch)
        if ch in PINYIN and rng.random() < 0.25:
            py = PINYIN[ch]
            if toneless:
                py = unicodedata.normalize("NFKD", py).encode("ascii", "ignore").decode()
            out.append(f"({py})")
    return "".join(out)


def x_crlf(text: str, rng: random.Random) -> str:
    """C7: CRLF line ends from a crawler."""
    return text.replace("\n", "\r\n")


# --------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transform:
    """A named corruption. ``patterns``: the breakage.md ids it models. ``hint``: the renderer
    it needs to show its effect when a composition names no renderer."""

    name: str
    patterns: tuple[str, ...]
    stage: str  # doc | table | render | lines | text
    fn: Callable[[Any, random.Random], Any]
    hint: str | None = None


_ALL = [
    Transform("pipe_clean", (), "render", render_pipe_clean),
    Transform("pipe_rows", ("A1",), "render", render_pipe_rows),
    Transform("cell_pipe", ("A2",), "render", render_cell_pipe),
    Transform("lead_pipe", ("A3",), "render", render_lead_pipe),
    Transform("sep_pipe", ("A4",), "render", render_sep_pipe),
    Transform("blank_lines", ("A5",), "render", render_blank_lines),
    Transform("cell_lines", ("A17",), "render", render_cell_lines),
    Transform("glued", ("A10",), "render", render_glued),
    Transform("flat_spaces", ("A11",), "render", render_flat_spaces),
    Transform("labels_then_numbers", ("A15",), "render", render_labels_then_numbers),
    Transform("box", ("A16",), "render", render_box),
    Transform("markdown", (), "render", render_markdown),
    Transform("md_fillers", ("A18",), "render", render_md_fillers),
    Transform("converter_placeholder", ("A19",), "render", render_placeholder),
    Transform("tab_rows", (), "render", render_tab_rows),
    Transform("pdf_rows", ("B8",), "render", render_pdf_rows),
    Transform("pdf_interleaved_header", ("B1",), "render", render_pdf_interleaved),
    Transform("pdf_vertical_labels", ("B2",), "render", render_pdf_vertical),
    Transform("pdf_values_first", ("B3",), "render", render_pdf_values_first),
    Transform("md_scrambled", ("B7",), "render", render_md_scrambled),
    # Converter markup, not a breakage.md pattern: run alone, not drawn into compositions.
    Transform("ascii_grid", (), "render", render_ascii_grid),
    Transform("latex", (), "render", render_latex),
    Transform("csv", (), "render", render_csv),
    Transform("md_br_rows", ("B7",), "render", render_md_br_rows),
    Transform("collapse_blanks", ("A6",), "table", t_collapse_blanks),
    Transform("blank_zero", ("A7",), "table", t_blank_zero),
    Transform("values_missing", ("A8",), "table", t_values_missing),
    Transform("header_damage", ("A9",), "table", t_header_damage),
    Transform("repeat_group", ("A12",), "table", t_repeat_group),
    Transform("split_labels", ("A14",), "table", t_split_labels),
    Transform("nbsp_cells", ("A17",), "table", t_nbsp_cells),
    Transform("lost_column", ("A20",), "table", t_lost_column),
    Transform("lost_chars", ("B4",), "table", t_lost_chars),
    Transform("cid_garbage", ("B9",), "table", t_cid_garbage),
    Transform("thousands", (), "table", t_thousands),
    Transform("units", (), "table", t_units),
    Transform("dedupe_lines", ("A13",), "lines", l_dedupe, hint="cell_lines"),
    Transform("lost_blank_lines", ("A17",), "lines", l_lost_blank_lines, hint="blank_lines"),
    Transform("page_footers", ("B5",), "lines", l_page_footers, hint="pdf_rows"),
    Transform("hard_wrap", ("B6",), "lines", l_hard_wrap, hint="pdf_rows"),
    Transform("prose_wrap", ("B10",), "doc", d_prose_wrap),
    Transform("title_two_lines", ("B11",), "doc", d_title_two_lines),
    Transform("spam", ("C3",), "doc", d_spam),
    Transform("date_digits", ("C4",), "doc", d_date_digits),
    Transform("site_chrome", ("C5",), "doc", d_site_chrome),
    Transform("crawler_inline", ("C7",), "doc", d_crawler_inline, hint="cell_lines"),
    Transform("prose_number_cut", ("A14",), "doc", d_prose_number_cut),
    Transform("traditional", ("C1",), "text", x_traditional),
    Transform("pinyin_glosses", ("C2",), "text", x_pinyin),
    Transform("crlf", ("C7",), "text", x_crlf),
]
TRANSFORMS: dict[str, Transform] = {t.name: t for t in _ALL}
RENDERERS = {t.name: t for t in _ALL if t.stage == "render"}
DEFAULT_RENDERER = "pipe_clean"

# Patterns with no text transform, and why.
NO_TRANSFORM = {
    "C6": "real internal inconsistency of a report: the truth is the printed numbers, so it is a "
    "property of the truth file (corpus C6 documents), not a corruption of the text",
    "C8": "pages that are not reports have no truth to keep; they are a classification test",
}


def _patterns() -> dict[str, tuple[str, ...] | str]:
    ids = [f"A{i}" for i in range(1, 21)] + [f"B{i}" for i in range(1, 12)]
    ids += [f"C{i}" for i in range(1, 9)]
    out: dict[str, tuple[str, ...] | str] = {}
    for pid in ids:
        names = tuple(t.name for t in _ALL if pid in t.patterns)
        out[pid] = names or NO_TRANSFORM.get(pid, "")
    return out


PATTERNS: dict[str, tuple[str, ...] | str] = _patterns()
# Transforms drawn in random compositions (the baseline renderers are not corruptions).
CORRUPTIONS = [t.name for t in _ALL if t.patterns]


# --------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------


def _rng(seed: int | str, doc: str, name: str, part: str = "") -> random.Random:
    return random.Random(f"{seed}|{doc}|{name}|{part}")


def assemble(doc: CleanDoc, rendered: dict[int, list[str]]) -> list[str]:
    lines = list(doc.head) + doc.title.split("\n")
    for p in doc.preface:
        lines += p.split("\n")
    for i, s in enumerate(doc.sections):
        lines.append(s.heading)
        for p in s.paragraphs:
            lines += p.split("\n")
        if i in rendered:
            lines += rendered[i]
    return lines + doc.tail


def compose(clean: CleanDoc, names: list[str] | tuple[str, ...], seed: int | str) -> str:
    """The broken text of ``clean`` under the named transforms, the same for the same seed.

    Each transform gets its own random stream (seed, document, name), so adding a transform
    does not change what the others do. Renderers named in ``names`` are drawn per table;
    with none named, a table uses the renderer its table transforms ask for, else the first
    hint of a line transform, else clean pipe rows."""
    unknown = [n for n in names if n not in TRANSFORMS]
    if unknown:
        raise KeyError(f"unknown transforms: {unknown}")
    doc = copy.deepcopy(clean)
    ts = [TRANSFORMS[n] for n in names]
    for t in ts:
        if t.stage == "doc":
            doc = t.fn(doc, _rng(seed, clean.name, t.name))
    renderers = [t for t in ts if t.stage == "render"]
    hint = next((t.hint for t in ts if t.hint), None)
    pick = _rng(seed, clean.name, "renderer-pick")
    rendered: dict[int, list[str]] = {}
    for i, s in enumerate(doc.sections):
        table = s.table
        if table is None:
            continue
        for t in ts:
            if t.stage == "table":
                table = t.fn(table, _rng(seed, clean.name, t.name, table.kind))
        if renderers:
            r = pick.choice(renderers)
        else:
            r = RENDERERS[table.hint or hint or DEFAULT_RENDERER]
        lines = r.fn(table, _rng(seed, clean.name, r.name, table.kind))
        lines = [x for line in lines for x in line.split("\n")]
        rendered[i] = lines
    lines = assemble(doc, rendered)
    for t in ts:
        if t.stage == "lines":
            lines = t.fn(lines, _rng(seed, clean.name, t.name))
    text = "\n".join(lines) + "\n"
    for t in ts:
        if t.stage == "text":
            text = t.fn(text, _rng(seed, clean.name, t.name))
    return text


# A column is lost (A20) by converters that write rows of cells (markdown, pipe and tab rows, a
# text browser's boxes, raw HTML): in one-cell-per-line or flattened text a value never vanishes
# alone (blank cells do: A6, A17), so lost_column is composed only with these renderers.
ROW_RENDERERS = frozenset(
    {"pipe_clean", "pipe_rows", "markdown", "md_fillers", "md_scrambled", "box", "tab_rows",
     "converter_placeholder", "ascii_grid", "latex", "csv"}
)  # fmt: skip


def _compatible(names: list[str]) -> bool:
    renderers = [m for m in names if TRANSFORMS[m].stage == "render"]
    if len(renderers) > 1:
        return False  # two renderers would each get only some tables
    return "lost_column" not in names or all(r in ROW_RENDERERS for r in renderers)


def random_names(rng: random.Random, k_max: int = 3, k_min: int = 1) -> list[str]:
    """k_min..k_max distinct corruptions that can happen together: at most one renderer, and a
    lost column only where rows of cells are written (see ROW_RENDERERS). With the default
    k_min of 1 the draws are the ones of earlier sessions for the same seed."""
    if not 1 <= k_min <= k_max:
        raise ValueError(f"need 1 <= k_min <= k_max, got {k_min}..{k_max}")
    k = rng.randint(k_min, k_max)
    names: list[str] = []
    while len(names) < k:
        n = rng.choice(CORRUPTIONS)
        if n in names or not _compatible([*names, n]):
            # Checked only on a refused draw, so that the draws of a seed stay those of earlier
            # sessions; a k above what can happen together had looped for ever (--depth 40).
            if not any(m not in names and _compatible([*names, m]) for m in CORRUPTIONS):
                break
            continue
        names.append(n)
    return names


# --------------------------------------------------------------------------------------------
# Scoring against the contract
# --------------------------------------------------------------------------------------------


@dataclass
class Score:
    """Per field: ``correct`` (truth), ``missing`` (null), ``wrong`` (another number; also a
    number where the truth has none)."""

    expected: int = 0
    correct: int = 0
    missing: int = 0
    wrong: list[tuple[str, Number | None, Any, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def same_number(a: Any, b: Number) -> bool:
    try:
        return abs(float(a) - float(b)) < 0.005
    except (TypeError, ValueError):
        return False


def score(clean: CleanDoc, fields: dict[str, Any], evidence: dict[str, Any] | None = None) -> Score:
    """Compare an extracted ``fields`` mapping with the truth (``evidence``: field_evidence,
    kept with each wrong value)."""
    sc = Score()
    ev = evidence or {}
    # Sums the record derives (requests.other.all.* of a 2021 table's three （六） rows) are
    # judged against the sum of the truth's parts.
    sums = complete(clean.truth)
    for fid, got in fields.items():
        want = clean.truth.get(fid)
        if want is None and fid in DERIVED and fid not in clean.truth:
            if got is not None and (sums.get(fid) is None or not same_number(got, sums[fid])):
                sc.wrong.append((fid, sums.get(fid), got, ev.get(fid)))
            continue
        if want is None:
            if got is not None:
                sc.wrong.append((fid, None, got, ev.get(fid)))
            continue
    for fid, want in clean.truth.items():
        if want is None:
            continue
        sc.expected += 1
        got = fields.get(fid)
        if got is None:
            sc.missing += 1
        elif same_number(got, want):
            sc.correct += 1
        else:
            sc.wrong.append((fid, want, got, ev.get(fid)))
    return sc


def extract_fields(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the extractor on the text as bytes (what a user feeds it) and return its fields and
    their evidence."""
    import extractor

    rec = extractor.extract(text.encode("utf-8"))
    return dict(rec.fields), dict(rec.field_evidence)
