"""Word files → document: paragraphs and tables in body order, merged cells as grid spans.

``.docx`` is read with python-docx, walking the body XML directly so that paragraphs and tables
keep their order and merged cells keep their shape: ``w:gridSpan`` is a colspan, a ``w:vMerge``
"restart" cell grows a rowspan over the "continue" cells below it. Automatic numbering
("一、", "（二）", "1.") is not in a paragraph's text, so it is rendered from ``numbering.xml``:
the section headings of a report are found by those numbers.

Legacy ``.doc`` (and WPS) files are converted to ``.docx`` by LibreOffice when it is installed.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from extractor.budget import caps
from extractor.document import Block, BlockKind, Cell, Document, Grid, Line, Page
from extractor.errors import (
    CorruptDocument,
    DecompressionBomb,
    InputError,
    InputTooLarge,
    UnsupportedFormat,
)
from extractor.reading.html import LAYOUT_CELL_CHARS, clean_text
from extractor.reading.text import is_heading_like

logger = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# A table wider than this is not a report's: a hostile w:gridBefore or thousands of cells in a
# row would otherwise make a grid of millions of columns.
MAX_COLS = 1000
_HEADING_STYLE = re.compile(r"^(?:heading|标题|title)\s*\d*$", re.IGNORECASE)
# LibreOffice converts a report in 2-5 s; a minute leaves room for a cold start on a slow disk
# while a hung converter still ends.
CONVERT_TIMEOUT_S = 120.0


def read_docx(data: bytes, *, kind: str = "docx") -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise UnsupportedFormat(
            "reading .docx needs python-docx (pip install python-docx)"
        ) from exc
    _check_unpacked_size(data)
    try:
        word = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise CorruptDocument(f"cannot open the Word file: {exc}") from exc
    except (MemoryError, RecursionError):
        raise  # the document's size or shape (extractor.pipeline.known), not damage
    except Exception as exc:  # lxml syntax errors and zip errors of damaged packages
        raise CorruptDocument(f"cannot open the Word file ({type(exc).__name__}): {exc}") from exc
    reader = _Reader(_Numbering.of(word), _styles(word))
    reader.walk(word.element.body)
    title = (word.core_properties.title or "").strip() or None
    return Document(
        kind=kind,
        pages=(Page(1, tuple(reader.blocks)),),
        paged=False,
        title_hint=clean_text(title) if title else None,
        meta={},
    )


# A .docx is a zip: python-docx unpacks every part whole, so a few MB of zip could become GBs of
# XML. Real reports' parts unpack to a few MB; 256 MiB and the archive reader's ratio cap (200×)
# leave room for any of them.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200


def _check_unpacked_size(data: bytes) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            members = zf.infolist()
    except zipfile.BadZipFile:
        return  # python-docx says what is wrong with it
    total = sum(m.file_size for m in members)
    bomb = any(m.compress_size and m.file_size > MAX_RATIO * m.compress_size for m in members)
    if total > MAX_UNPACKED_BYTES or (bomb and total > 1024 * 1024):
        raise InputTooLarge(
            f"the Word file unpacks to {total} bytes"
            + (f" (a part expands more than {MAX_RATIO}×)" if bomb else "")
            + ": refused as a zip bomb"
        )
    largest = max((m.file_size for m in members), default=0)
    if largest > caps().max_unpacked_bytes:
        # Checked on the sizes the zip declares, before anything is unpacked; zipfile stops a
        # member that unpacks past its declared size, so a lying header cannot get round it.
        raise DecompressionBomb(
            f"a part of the Word file unpacks to {largest:,} bytes, more than "
            f"Options.max_unpacked_bytes ({caps().max_unpacked_bytes:,})"
        )


def read_doc(data: bytes) -> Document:
    """Legacy Word (.doc, .wps): converted to .docx by LibreOffice, then read as such."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnsupportedFormat(
            "legacy Word .doc files are read through LibreOffice, which is not installed "
            "(install it, or save the file as .docx or PDF)",
            code="needs_libreoffice",
        )
    with tempfile.TemporaryDirectory(prefix="extractor-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        # A private profile per conversion: LibreOffice refuses to start while another
        # instance holds the default profile, which parallel batch workers would.
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise InputError(
                f"LibreOffice did not convert the .doc file within {CONVERT_TIMEOUT_S:g} s",
                code="conversion_failed",
            ) from exc
        except OSError as exc:
            raise InputError(
                f"cannot run LibreOffice ({soffice}): {exc}", code="conversion_failed"
            ) from exc
        converted = out / "input.docx"
        if not converted.exists():
            detail = proc.stderr.decode("utf-8", "replace").strip()[-300:]
            raise CorruptDocument(
                "LibreOffice could not convert the .doc file"
                + (f": {detail}" if detail else " (damaged or not a Word file)")
            )
        return read_docx(converted.read_bytes(), kind="doc")


def _styles(word: Any) -> dict[str, _Style]:
    """Paragraph styles by id, with what a heading needs: outline level, numbering, base."""
    out: dict[str, _Style] = {}
    root = word.styles.element
    for st in root.iterchildren(f"{_W}style"):
        sid = st.get(f"{_W}styleId")
        if not sid:
            continue
        name_el = st.find(f"{_W}name")
        based = st.find(f"{_W}basedOn")
        ppr = st.find(f"{_W}pPr")
        out[sid] = _Style(
            name=(name_el.get(f"{_W}val") if name_el is not None else None) or sid,
            based_on=based.get(f"{_W}val") if based is not None else None,
            outline=_outline(ppr),
            num=_num_pr(ppr),
        )
    return out


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num: tuple[str, int] | None


def _val(el: Any, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(f"{_W}{tag}")
    if child is None:
        return None
    v = child.get(f"{_W}val")
    return str(v) if v is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _outline(ppr: Any) -> int | None:
    v = _val(ppr, "outlineLvl")
    # Level 9 is Word's "body text".
    return None if v is None or _int(v, 9) >= 9 else _int(v, 9)


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    if ppr is None:
        return None
    num = ppr.find(f"{_W}numPr")
    if num is None:
        return None
    num_id = _val(num, "numId")
    if num_id is None:
        return None
    return num_id, _int(_val(num, "ilvl"), 0)


# ---------------------------------------------------------------------------- numbering

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 23 → 二十三, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else _chinese(rest))
        if 10 <= rest < 20:
            tail = "一" + tail  # 一百一十五, not 一百十五
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)  # no Roman numeral (Word too falls back to digits)
    out = []
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter once per 26 (AA, BBB); past 780 (30 letters) a hostile w:start
    # would build a huge label, and Word itself stops at 780.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= 780 else str(n)


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return _chinese(n)
    if fmt in ("ideographDigital", "japaneseCounting"):
        # A negative start (w:start -7) is no Word number; shown as written, never int("-").
        return "".join(_CN_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Renders list labels the way Word shows them, counting per list instance."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, word: Any) -> _Numbering:
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(f"{_W}abstractNum"):
            aid = an.get(f"{_W}abstractNumId")
            if aid is not None:
                abstract[aid] = cls._levels(an)
        levels: dict[str, dict[int, _Level]] = {}
        for num in root.iterchildren(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            lv = dict(abstract.get(aid, {}))
            for ov in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(ov.get(f"{_W}ilvl"), 0)
                if (lvl := ov.find(f"{_W}lvl")) is not None:
                    lv.update(cls._levels(ov, lvl))
                start = _val(ov, "startOverride")
                if start is not None and ilvl in lv:
                    old = lv[ilvl]
                    lv[ilvl] = _Level(old.fmt, old.text, _int(start, old.start))
            levels[nid] = lv
        return cls(levels=levels)

    @staticmethod
    def _levels(parent: Any, only: Any = None) -> dict[int, _Level]:
        out: dict[int, _Level] = {}
        for lvl in [only] if only is not None else parent.iterchildren(f"{_W}lvl"):
            ilvl = _int(lvl.get(f"{_W}ilvl"), 0)
            out[ilvl] = _Level(
                fmt=_val(lvl, "numFmt") or "decimal",
                text=_val(lvl, "lvlText") or "",
                start=_int(_val(lvl, "start"), 1),
            )
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl`` ("" for bullets, unknown lists
        and ``numId`` 0, which switches numbering off)."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        level = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new 一、 restarts its （一）
        if level.fmt in ("bullet", "none"):
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            n = counts.get(k, lv.start if lv else 1)
            return _format(n, lv.fmt if lv else "decimal")

        return re.sub(r"%(\d)", sub, level.text)


# ---------------------------------------------------------------------------- body walk


class _Reader:
    def __init__(self, numbering: _Numbering, styles: dict[str, _Style]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Block] = []

    def walk(self, parent: Any) -> None:
        for el in _content_children(parent):
            if el.tag == f"{_W}p":
                self._paragraph(el)
            elif el.tag == f"{_W}tbl":
                self._table(el)

    def _style_chain(self, ppr: Any) -> Iterator[_Style]:
        sid = _val(ppr, "pStyle") or "Normal"
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            yield st
            sid = st.based_on or ""

    def _paragraph(self, p: Any) -> None:
        ppr = p.find(f"{_W}pPr")
        text = _paragraph_text(p)
        chain = list(self._style_chain(ppr))
        num = _num_pr(ppr) or next((s.num for s in chain if s.num), None)
        label = self.numbering.label(*num) if num and num[0] != "0" else ""
        if text.strip():
            self._paragraph_blocks(text, ppr, chain, label)
        # Text boxes anchored in the paragraph (often an empty one) hold paragraphs and tables
        # of their own, read after it.
        for box in _descendants(p, (f"{_W}txbxContent",)):
            self.walk(box)

    def _paragraph_blocks(self, text: str, ppr: Any, chain: list[_Style], label: str) -> None:
        outline = _outline(ppr)
        if outline is None:
            outline = next((s.outline for s in chain if s.outline is not None), None)
        styled = outline is not None or any(_HEADING_STYLE.match(s.name) for s in chain)
        parts = [clean_text(t) for t in text.split("\n")]
        parts = [t for t in parts if t]
        if label and parts and not parts[0].startswith(label.strip()):
            parts[0] = label.strip() + parts[0]
        for t in parts:
            # Only short lines can be headings, whatever their style: agencies style whole
            # paragraphs as headings to get bold text.
            kind: BlockKind = (
                "heading" if (styled and len(t) <= 60) or is_heading_like(t) else "paragraph"
            )
            self.blocks.append(Block(kind, (Line(t),)))

    def _table(self, tbl: Any) -> None:
        rows = [tr for tr in tbl.iterchildren(f"{_W}tr")]
        if not rows:
            return
        if _is_layout(tbl, rows):
            # A table used for page layout (one big cell around the report, nested tables):
            # its cells are body content, read in order.
            for tr in rows:
                for tc in _row_cells(tr):
                    self.walk(tc)
            return
        grid = rows_to_grid(rows)
        if grid.n_rows == 0 or not grid.cells:
            return
        lines = tuple(Line(" | ".join(r)) for r in grid.matrix())
        self.blocks.append(Block("table", lines, grid=grid))


def _content_children(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables of ``parent`` in order, looking through the wrappers Word puts
    around them (content controls, custom XML, tracked insertions)."""
    for el in parent.iterchildren():
        tag = el.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield el
        elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"):
            inner = el.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else el
            if inner is not None:
                yield from _content_children(inner)


def _descendants(el: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Descendants of ``el`` with one of ``tags``, in document order, not looking inside them
    nor inside ``mc:Fallback`` (Word writes every text box twice: as a DrawingML shape and,
    for old readers, as a VML fallback with the same text)."""
    for child in el.iterchildren():
        tag = child.tag
        if tag in tags:
            yield child
        elif isinstance(tag, str) and tag != f"{_MC}Fallback":
            yield from _descendants(child, tags)


_TEXT_TAGS = (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}sym", f"{_W}delText")


def _paragraph_text(p: Any) -> str:
    """Text of a paragraph with tabs as spaces and line breaks as ``\\n``; deleted text
    (tracked changes), field codes and text boxes (read as content of their own) are left
    out."""
    out: list[str] = []
    for el in _descendants(p, (*_TEXT_TAGS, f"{_W}txbxContent")):
        tag = el.tag
        if tag == f"{_W}t":
            out.append(el.text or "")
        elif tag == f"{_W}tab":
            # w:tab also appears in a paragraph's tab-stop definitions (w:tabs), not only runs.
            if el.getparent() is not None and el.getparent().tag == f"{_W}r":
                out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def _row_cells(tr: Any) -> list[Any]:
    return list(_cells_in(tr))


def _cells_in(parent: Any) -> Iterator[Any]:
    for el in parent.iterchildren():
        if el.tag == f"{_W}tc":
            yield el
        elif el.tag in (f"{_W}sdt", f"{_W}customXml"):
            inner = el.find(f"{_W}sdtContent") if el.tag == f"{_W}sdt" else el
            if inner is not None:
                yield from _cells_in(inner)


def _cell_text(tc: Any) -> str:
    paragraphs = [_paragraph_text(p) for p in _all_paragraphs(tc)]
    return clean_text(" ".join(paragraphs))


def _all_paragraphs(el: Any) -> Iterator[Any]:
    """Every paragraph inside ``el``, those of nested tables and text boxes included, each
    once."""
    for p in _descendants(el, (f"{_W}p",)):
        yield p
        for box in _descendants(p, (f"{_W}txbxContent",)):
            yield from _all_paragraphs(box)


def _is_layout(tbl: Any, rows: list[Any]) -> bool:
    if any(True for _ in tbl.iterdescendants(f"{_W}tbl")):
        return True
    return any(len(_cell_text(tc)) > LAYOUT_CELL_CHARS for tr in rows for tc in _row_cells(tr))


def rows_to_grid(rows: list[Any]) -> Grid:
    """``w:tr`` elements → grid. ``w:gridBefore`` skips leading grid columns, ``w:gridSpan``
    is a colspan, and each ``w:vMerge`` continuation cell adds a row to the restart cell above
    it in the same column."""

    @dataclass
    class _Open:
        row: int
        col: int
        text: str
        rowspan: int
        colspan: int

    built: list[_Open] = []
    vopen: dict[int, _Open] = {}  # grid column → the vertically merged cell still growing
    n_cols = 0
    table_grid = rows[0].getparent().find(f"{_W}tblGrid") if rows else None
    grid_cols = len(table_grid.findall(f"{_W}gridCol")) if table_grid is not None else 0
    for r, tr in enumerate(rows):
        trpr = tr.find(f"{_W}trPr")
        c = min(max(_int(_val(trpr, "gridBefore"), 0), 0), caps().max_span)
        for tc in _row_cells(tr):
            if c >= MAX_COLS:
                break
            tcpr = tc.find(f"{_W}tcPr")
            span = min(max(_int(_val(tcpr, "gridSpan"), 1), 1), caps().max_span, MAX_COLS - c)
            if c < grid_cols < c + span:
                # A span past the table's grid (Word writes them after column deletions) ends
                # at its last column, as Word draws it.
                span = grid_cols - c
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            restart = vmerge is not None and vmerge.get(f"{_W}val") == "restart"
            above = vopen.get(c)
            if vmerge is not None and not restart and above is not None and above.row < r:
                above.rowspan = r - above.row + 1
            else:
                cell = _Open(r, c, _cell_text(tc), 1, span)
                built.append(cell)
                for k in range(c, c + span):
                    vopen.pop(k, None)
                if restart:
                    vopen[c] = cell
            c += span
        after = min(max(_int(_val(trpr, "gridAfter"), 0), 0), caps().max_span)
        n_cols = max(n_cols, min(c + after, MAX_COLS))
        # A column that this row did not reach closes its merge: a vMerge run is contiguous.
        for k in [k for k, cell in vopen.items() if cell.row + cell.rowspan - 1 < r]:
            del vopen[k]
    cells = tuple(Cell(b.row, b.col, b.text, b.rowspan, b.colspan) for b in built)
    return Grid(cells, len(rows), n_cols)
