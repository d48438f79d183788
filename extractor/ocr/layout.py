"""OCR boxes → the document model: lines, paragraph and heading blocks, and table grids.

Every threshold is in units of the page's median text-line height ``h`` (46 px for 16 pt body
text at 200 dpi), so the same rules work at any resolution.

1. :func:`deskew`: the skew angle that makes the horizontal ink profile sharpest (scans are
   rotated by up to a few degrees; ruling-line morphology needs them level).
2. :func:`find_ruled_tables`: horizontal and vertical ruling lines by morphological opening; the
   regions they enclose are cells, the cells' edges give the rows and columns, and a cell that
   covers several of them carries a span.
3. :func:`assign_to_cells`: each OCR box goes to the cell that holds most of it; a box that runs
   across a ruling line (two numbers read as one line) is split by its characters' positions.
4. Boxes outside ruled tables are grouped into lines; runs of lines made of separate, widely
   spaced pieces with numbers are unruled tables (:func:`unruled_grid`); the other lines form
   paragraphs (a new paragraph at an indent, a gap, or after a short line) and headings.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass, field

import numpy as np

from extractor.document import BBox, Block, BlockKind, Cell, Grid, Line, Provenance
from extractor.ocr.engines import OcrBox
from extractor.ocr.numeric import fix_numeric_cells, is_clean_number
from extractor.reading.text import is_heading_like

logger = logging.getLogger(__name__)

# Skew search: scans are fed within a few degrees of level; beyond 5° the page was put in sideways
# or upside down, which is not a deskew problem.
MAX_SKEW_DEG = 5.0
# Below this the rotation's resampling blur costs more than the skew.
MIN_SKEW_DEG = 0.05

_PAGE_NUMBER = re.compile(r"^[-—–－_\s]*(?:第\s*)?\d{1,4}(?:\s*[页頁])?[-—–－_\s]*$")
# Header/footer band as a share of page height (A4 margins are 7–10%).
MARGIN_SHARE = 0.08


@dataclass
class TextLine:
    boxes: list[OcrBox]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def text(self) -> str:
        return join_pieces([b.text for b in self.boxes])

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def add(self, box: OcrBox) -> None:
        bx0, by0, bx1, by1 = box.bbox
        self.boxes.append(box)
        self.x0, self.y0 = min(self.x0, bx0), min(self.y0, by0)
        self.x1, self.y1 = max(self.x1, bx1), max(self.y1, by1)


@dataclass
class RuledTable:
    bbox: tuple[int, int, int, int]
    cells: list[tuple[int, int, int, int]]
    """(row, col, rowspan, colspan) of each cell."""
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Each cell's pixel box (x0, y0, x1, y1) on the page."""
    n_rows: int = 0
    n_cols: int = 0


# --- helpers ------------------------------------------------------------------------------------


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%")


def join_pieces(pieces: list[str]) -> str:
    """Join text pieces of one line: a space only between two ASCII words (numbers), since
    Chinese has none between characters."""
    out = ""
    for p in (p.strip() for p in pieces):
        if not p:
            continue
        if out and _is_ascii_word(out[-1]) and _is_ascii_word(p[0]):
            out += " "
        out += p
    return out


def median_height(boxes: list[OcrBox]) -> float:
    heights = [b.bbox[3] - b.bbox[1] for b in boxes if len(b.text.strip()) >= 2]
    heights = heights or [b.bbox[3] - b.bbox[1] for b in boxes]
    return float(statistics.median(heights)) if heights else 40.0


def group_lines(boxes: list[OcrBox]) -> list[TextLine]:
    """Boxes → visual lines, top to bottom; a box joins the line it overlaps vertically by half
    of the smaller height (neighbouring lines never overlap that much)."""
    lines: list[TextLine] = []
    for box in sorted(boxes, key=lambda b: (b.bbox[1] + b.bbox[3]) / 2):
        x0, y0, x1, y1 = box.bbox
        best = None
        for line in lines[-4:]:
            overlap = min(y1, line.y1) - max(y0, line.y0)
            if overlap >= 0.5 * min(y1 - y0, line.height):
                best = line
        if best is None:
            lines.append(TextLine([box], x0, y0, x1, y1))
        else:
            best.add(box)
    for line in lines:
        line.boxes.sort(key=lambda b: b.bbox[0])
    lines.sort(key=lambda ln: (ln.y0 + ln.y1) / 2)
    return lines


# --- deskew -------------------------------------------------------------------------------------


def _rotate(image: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def skew_angle(gray: np.ndarray) -> float:
    """Degrees to rotate ``gray`` by (counter-clockwise) to level its text lines.

    Projection profiles on a ~600 px wide copy: the angle whose row sums of ink vary most is the
    one where text lines and rulings are horizontal. A coarse 0.25° search then a 0.05° one; 60
    rotations of a small image take ~30 ms."""
    import cv2

    scale = min(1.0, 600 / max(gray.shape[1], 1))
    # The size given in whole pixels: a strip a few pixels high would round to 0 rows.
    size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if ink.mean() < 0.5:  # blank page
        return 0.0

    def sharpness(angle: float) -> float:
        h, w = ink.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rot = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = rot.sum(axis=1, dtype=np.float64)
        return float(np.var(rows))

    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=sharpness))


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(gray)
    if abs(angle) < MIN_SKEW_DEG:
        return gray, 0.0
    return _rotate(gray, angle), angle


# --- ruled tables -------------------------------------------------------------------------------


def _clusters(values: list[int], tol: float) -> list[float]:
    """Sorted cluster centres of ``values``: neighbours closer than ``tol`` merge."""
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _index(centres: list[float], v: float) -> int:
    return min(range(len(centres)), key=lambda i: abs(centres[i] - v))


def has_rules(gray: np.ndarray) -> bool:
    """Whether the page has a horizontal rule a twelfth of its width long: a ruled table may
    be there (decided before OCR, so without the line height find_ruled_tables uses)."""
    import cv2

    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, gray.shape[1] // 12), 1))
    return bool(cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel).any())


def find_ruled_tables(gray: np.ndarray, h: float) -> list[RuledTable]:
    """Tables drawn with ruling lines, as cells in pixel coordinates with rows, columns, spans."""
    import cv2

    width = gray.shape[1]
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    # A horizontal rule is longer than any stroke of a character: 2.5 line heights (a CJK
    # character is ~0.9 h wide, a heading character ~1.4 h) and at least 1/30 of the page width.
    hk = int(max(2.5 * h, width / 30))
    horiz = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1))
    )
    # A vertical rule between two cells is at least a row high (≥ 1.2 h); vertical strokes of
    # characters are under 1 h.
    vk = int(max(1.2 * h, 20))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    # Close small gaps left by noise and JPEG blocks along a rule.
    gap = max(3, int(h / 5))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8))
    mask = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    tables: list[RuledTable] = []
    for i in range(1, n):
        x, y, w, hh, _ = (int(v) for v in stats[i])
        # A table is wider than a quarter of the page and at least two rows high.
        if w < width / 4 or hh < 2 * h:
            continue
        if not vert[y : y + hh, x : x + w].any() or not horiz[y : y + hh, x : x + w].any():
            continue
        region = mask[y : y + hh, x : x + w].copy()
        _close_open_ends(region, vert[y : y + hh, x : x + w], horiz[y : y + hh, x : x + w], h)
        table = _table_cells(region, x, y, h)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.bbox[1])
    return tables


def _close_open_ends(region: np.ndarray, vert: np.ndarray, horiz: np.ndarray, h: float) -> None:
    """Draw the missing rule where several vertical rules end (or start) at one height with no
    horizontal rule there: a table cut by a page break loses its bottom (or top) rule, and the
    open cells of that row would otherwise run together with every cell that reaches the frame
    (a scan of a printed page read the lower half of a table as one cell)."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    tol = max(4, int(0.25 * h))
    ends: dict[str, list[tuple[int, int]]] = {"top": [], "bottom": []}
    rules: list[tuple[int, int, int]] = []  # (x centre, top, bottom) of each vertical rule
    for i in range(1, n):
        x, y, w, hh, _ = (int(v) for v in stats[i])
        if hh < 1.2 * h:
            continue
        cx = x + w // 2
        rules.append((cx, y, y + hh - 1))
        for side, yy in (("top", y), ("bottom", y + hh - 1)):
            band = horiz[max(0, yy - tol) : yy + tol + 1, max(0, cx - 3 * tol) : cx + 3 * tol + 1]
            if not band.any():
                ends[side].append((yy, cx))
    for found in ends.values():
        found.sort()
        group: list[tuple[int, int]] = []
        for end in [*found, (10**9, 0)]:
            if group and end[0] - group[0][0] > tol:
                if len(group) >= 2:
                    yy = sorted(e[0] for e in group)[len(group) // 2]
                    # From each open end the rule runs to the nearest vertical rule crossing
                    # it on each side (the outer border, or the side of a cell that spans
                    # past this height, which it must not cut), or to the frame.
                    crossing = [r[0] for r in rules if r[1] < yy - tol and r[2] > yy + tol]
                    for _, x in group:
                        left = max((c for c in crossing if c < x), default=0)
                        right = min((c for c in crossing if c > x), default=region.shape[1] - 1)
                        cv2.line(region, (left, yy), (right, yy), 255, 3)
                group = []
            group.append(end)


def _table_cells(region: np.ndarray, ox: int, oy: int, h: float) -> RuledTable | None:
    import cv2

    hh, w = region.shape
    # A frame around the region closes tables drawn without outer vertical borders.
    cv2.rectangle(region, (0, 0), (w - 1, hh - 1), 255, 2)
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(region), connectivity=4)
    boxes: list[tuple[int, int, int, int]] = []
    min_side = max(6, int(0.4 * h))  # slivers between double rules are not cells
    for i in range(1, n):
        x, y, cw, ch, _ = (int(v) for v in stats[i])
        if cw >= min_side and ch >= min_side:
            boxes.append((x, y, x + cw, y + ch))
    if len(boxes) < 2:
        return None
    # Cell edges on both sides of one rule are a rule's width apart (2–8 px after dilation).
    tol = max(8.0, 0.35 * h)
    xs = _clusters([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _clusters([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 2 or n_rows < 1:
        return None
    cells = []
    pixel_boxes = []
    for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, y0), _index(ys, y1)
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append((r0, c0, r1 - r0, c1 - c0))
        pixel_boxes.append((x0 + ox, y0 + oy, x1 + ox, y1 + oy))
    if len(cells) < 2:
        return None
    return RuledTable((ox, oy, ox + w, oy + hh), cells, pixel_boxes, n_rows, n_cols)


def _overlap(a: BBox, b: tuple[int, int, int, int]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    hgt = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, hgt)


def assign_to_cells(table: RuledTable, boxes: list[OcrBox]) -> list[list[tuple[float, float, str]]]:
    """Pieces of text per cell, each (y, x, text)."""
    pieces: list[list[tuple[float, float, str]]] = [[] for _ in table.boxes]
    for box in boxes:
        bb = box.bbox
        area = max(1.0, (bb[2] - bb[0]) * (bb[3] - bb[1]))
        shares = [(_overlap(bb, cb) / area, i) for i, cb in enumerate(table.boxes)]
        shares = [s for s in shares if s[0] > 0.1]
        if not shares:
            continue
        shares.sort(reverse=True)
        yc = (bb[1] + bb[3]) / 2
        if len(shares) == 1 or (not box.chars and (shares[0][0] >= 0.75 or len(box.text) < 2)):
            pieces[shares[0][1]].append((yc, bb[0], box.text))
            continue
        # The box runs across ruling lines: each character goes to the cell under its centre.
        # The engine's character boxes say where that is (a detection box is padded, so a lone
        # "0" just right of a rule can have most of its box in the cell to the left: a scan
        # once read 1 and 0 as "10"); without them, characters are taken as evenly spaced
        # (true of digits and CJK).
        chars = box.chars or _even_chars(box)
        _by_chars(table, box.text, chars, [i for _, i in shares], pieces, yc)
    return pieces


def _even_chars(box: OcrBox) -> tuple[tuple[str, float, float], ...]:
    """Positions of the non-space characters of ``box`` if all its characters (spaces too)
    were equally wide."""
    bb = box.bbox
    step = (bb[2] - bb[0]) / max(1, len(box.text))
    return tuple(
        (c, bb[0] + k * step, bb[0] + (k + 1) * step)
        for k, c in enumerate(box.text)
        if not c.isspace()
    )


def _by_chars(
    table: RuledTable,
    text: str,
    chars: tuple[tuple[str, float, float], ...],
    candidates: list[int],
    pieces: list[list[tuple[float, float, str]]],
    yc: float,
) -> None:
    """Split a box's ``text`` among the cells ``candidates`` by its characters' positions
    (``chars``: one per non-space character); a space stays with the character before it."""
    runs: list[tuple[int, float, list[str]]] = []
    positions = iter(chars)
    for ch in text:
        if ch.isspace():
            if runs:
                runs[-1][2].append(ch)
            continue
        _, x0, x1 = next(positions)
        cx = (x0 + x1) / 2
        hit = [i for i in candidates if table.boxes[i][0] <= cx <= table.boxes[i][2]]
        target = hit[0] if hit else candidates[0]
        if runs and runs[-1][0] == target:
            runs[-1][2].append(ch)
        else:
            runs.append((target, x0, [ch]))
    for target, x, run in runs:
        pieces[target].append((yc, x, "".join(run).strip()))


def _cell_text(pieces: list[tuple[float, float, str]], h: float) -> str:
    if not pieces:
        return ""
    pieces = sorted(pieces)
    rows: list[list[tuple[float, float, str]]] = []
    for p in pieces:
        if rows and abs(p[0] - rows[-1][0][0]) < 0.5 * h:
            rows[-1].append(p)
        else:
            rows.append([p])
    # Wrapped label lines join without a space (Chinese); numbers on separate lines keep one.
    return join_pieces(
        [join_pieces([t for _, _, t in sorted(r, key=lambda q: q[1])]) for r in rows]
    )


def ruled_grid(table: RuledTable, boxes: list[OcrBox], h: float, page: int, scale: float) -> Grid:
    pieces = assign_to_cells(table, boxes)
    cells = []
    for (r, c, rs, cs), pb, ps in zip(table.cells, table.boxes, pieces, strict=True):
        cells.append(
            Cell(r, c, _cell_text(ps, h), rs, cs, Provenance(page=page, bbox=_scaled(pb, scale)))
        )
    return fix_numeric_cells(Grid(tuple(cells), table.n_rows, table.n_cols))


# --- unruled tables -----------------------------------------------------------------------------


def _segments(line: TextLine, h: float) -> list[list[OcrBox]]:
    """The line's boxes split where the gap between them is wider than 1.5 h (a column gap;
    a word space in Chinese text is under one character)."""
    segs: list[list[OcrBox]] = []
    for b in line.boxes:
        if segs and b.bbox[0] - segs[-1][-1].bbox[2] <= 1.5 * h:
            segs[-1].append(b)
        else:
            segs.append([b])
    return segs


def is_table_line(line: TextLine, h: float) -> bool:
    segs = _segments(line, h)
    numbers = sum(is_clean_number(join_pieces([b.text for b in s])) for s in segs)
    return len(segs) >= 3 or (len(segs) == 2 and numbers >= 1)


def unruled_grid(lines: list[TextLine], h: float, page: int, scale: float) -> Grid:
    """Rows are the lines; columns come from the rows with the most pieces, and a piece that
    covers several of those columns spans them."""
    rows = [_segments(ln, h) for ln in lines]
    widest = max(len(r) for r in rows)
    anchors: list[tuple[float, float]] = []
    for r in rows:
        if len(r) == widest:
            for k, seg in enumerate(r):
                x0, x1 = seg[0].bbox[0], seg[-1].bbox[2]
                if k < len(anchors):
                    a0, a1 = anchors[k]
                    anchors[k] = (min(a0, x0), max(a1, x1))
                else:
                    anchors.append((x0, x1))
    cells: list[Cell] = []
    for ri, r in enumerate(rows):
        used: set[int] = set()
        for seg in r:
            x0, x1 = seg[0].bbox[0], seg[-1].bbox[2]
            cols = [k for k, (a0, a1) in enumerate(anchors) if min(x1, a1) - max(x0, a0) > 0]
            if not cols:
                centre = (x0 + x1) / 2
                cols = [min(range(len(anchors)), key=lambda k: abs(sum(anchors[k]) / 2 - centre))]
            cols = [k for k in cols if k not in used] or cols[:1]
            if cols[0] in used:
                continue
            used.update(range(cols[0], cols[-1] + 1))
            bb = (x0, min(b.bbox[1] for b in seg), x1, max(b.bbox[3] for b in seg))
            text = join_pieces([b.text for b in seg])
            prov = Provenance(page=page, bbox=_scaled(bb, scale))
            cells.append(Cell(ri, cols[0], text, 1, cols[-1] - cols[0] + 1, prov))
    return fix_numeric_cells(Grid(tuple(cells), len(rows), len(anchors)))


# --- blocks -------------------------------------------------------------------------------------


def _scaled(
    bb: tuple[float, float, float, float] | tuple[int, int, int, int], scale: float
) -> BBox:
    return (
        round(bb[0] * scale, 2),
        round(bb[1] * scale, 2),
        round(bb[2] * scale, 2),
        round(bb[3] * scale, 2),
    )


def table_block(grid: Grid, bbox: BBox, page: int) -> Block:
    prov = Provenance(page=page, bbox=bbox)
    lines = tuple(Line(" | ".join(row), prov) for row in grid.matrix())
    return Block("table", lines, grid=grid, provenance=prov)


def text_blocks(
    lines: list[TextLine], h: float, page: int, scale: float, page_height: int
) -> list[tuple[float, Block]]:
    """Paragraphs and headings, each with its top y for ordering among the tables."""
    kept = [
        ln
        for ln in lines
        if not (
            _PAGE_NUMBER.match(ln.text)
            and (ln.y1 < MARGIN_SHARE * page_height or ln.y0 > (1 - MARGIN_SHARE) * page_height)
        )
    ]
    if not kept:
        return []
    left = float(np.percentile([ln.x0 for ln in kept], 10))
    right = float(np.percentile([ln.x1 for ln in kept], 90))
    groups: list[list[TextLine]] = []
    prev: TextLine | None = None
    for ln in kept:
        new = (
            prev is None
            or ln.y0 - prev.y1 > 1.0 * h  # a blank line's gap
            or ln.x0 - left > 1.2 * h  # first-line indent or a centred line
            or right - prev.x1 > 2.0 * h  # the previous line ended short: paragraph end
            or is_heading_like(ln.text)
        )
        if new:
            groups.append([ln])
        else:
            groups[-1].append(ln)
        prev = ln
    out: list[tuple[float, Block]] = []
    for g in groups:
        blines = tuple(
            Line(ln.text, Provenance(page=page, bbox=_scaled((ln.x0, ln.y0, ln.x1, ln.y1), scale)))
            for ln in g
        )
        bb = (min(ln.x0 for ln in g), g[0].y0, max(ln.x1 for ln in g), g[-1].y1)
        kind: BlockKind = "heading" if len(g) == 1 and is_heading_like(g[0].text) else "paragraph"
        out.append(
            (g[0].y0, Block(kind, blines, provenance=Provenance(page, bbox=_scaled(bb, scale))))
        )
    return out


def layout_page(gray: np.ndarray, boxes: list[OcrBox], page: int, scale: float) -> list[Block]:
    """Blocks of one deskewed page image in reading order."""
    h = median_height(boxes)
    placed: list[tuple[float, Block]] = []
    free = list(boxes)
    for table in find_ruled_tables(gray, h):
        tx0, ty0, tx1, ty1 = table.bbox
        inside: list[OcrBox] = []
        rest: list[OcrBox] = []
        for b in free:
            cx, cy = (b.bbox[0] + b.bbox[2]) / 2, (b.bbox[1] + b.bbox[3]) / 2
            (inside if tx0 <= cx <= tx1 and ty0 <= cy <= ty1 else rest).append(b)
        free = rest
        grid = ruled_grid(table, inside, h, page, scale)
        placed.append((ty0, table_block(grid, _scaled(table.bbox, scale), page)))
    lines = group_lines(free)
    run: list[TextLine] = []
    text_run: list[TextLine] = []

    def flush_text() -> None:
        placed.extend(text_blocks(text_run, h, page, scale, gray.shape[0]))
        text_run.clear()

    def flush_table() -> None:
        if len(run) >= 2:
            grid = unruled_grid(run, h, page, scale)
            bb = (min(ln.x0 for ln in run), run[0].y0, max(ln.x1 for ln in run), run[-1].y1)
            placed.append((run[0].y0, table_block(grid, _scaled(bb, scale), page)))
        else:
            text_run.extend(run)
        run.clear()

    for ln in lines:
        if is_table_line(ln, h):
            if not run:
                flush_text()
            run.append(ln)
        else:
            if run:
                flush_table()
            text_run.append(ln)
    flush_table()
    flush_text()
    placed.sort(key=lambda p: p[0])
    return [b for _, b in placed]
