"""OCR: page images → :class:`~extractor.document.Page` (the ``ocr`` extra).

:func:`ocr_page_image` is the one entry point the readers use (scanned PDF pages, image files):
the image is made grayscale and levelled (:func:`~extractor.ocr.layout.deskew`), read by the
configured engine (:mod:`extractor.ocr.engines`, one per process), and laid out into paragraphs,
headings and table grids (:mod:`extractor.ocr.layout`). See docs/ocr.md.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np

from extractor.document import Page
from extractor.ocr.engines import ENGINES, OcrBox, OcrEngine, get_engine, unavailable
from extractor.options import Options

__all__ = ["ENGINES", "OcrBox", "OcrEngine", "engine_for", "ocr_page_image", "to_gray"]

logger = logging.getLogger(__name__)


def engine_for(options: Options) -> OcrEngine:
    engine: OcrEngine = get_engine(
        options.ocr_engine, options.ocr_max_side, options.ocr_model_dir, options.ocr_threads
    )
    return engine


def to_gray(image: Any) -> np.ndarray:
    """A PIL image or a numpy array (gray, RGB or RGBA) → 2-D ``uint8`` gray."""
    try:
        import cv2
    except ImportError as exc:
        raise unavailable("opencv-python-headless", exc) from exc
    if not isinstance(image, np.ndarray):
        image = image.convert("RGBA") if image.mode in ("P", "PA", "LA") else image
        if image.mode == "RGBA":  # transparent areas are paper
            from PIL import Image

            back = Image.new("RGB", image.size, (255, 255, 255))
            back.paste(image, mask=image.getchannel("A"))
            image = back
        image = np.asarray(image.convert("L") if image.mode != "L" else image)
    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    if arr.ndim == 3:
        code = cv2.COLOR_RGBA2GRAY if arr.shape[2] == 4 else cv2.COLOR_RGB2GRAY
        arr = cv2.cvtColor(arr, code) if arr.shape[2] in (3, 4) else arr[:, :, 0]
    return np.ascontiguousarray(arr)


def stretch(gray: np.ndarray) -> np.ndarray:
    """Contrast stretched so the darkest ink is black and the paper white. A faint scan (light
    toner, a light scanner setting) otherwise loses its thin table rules to the thresholds of
    the rule finder and its lone digits to the recogniser."""
    lo, hi = (float(v) for v in np.percentile(gray[::4, ::4], (0.5, 60)))
    if hi - lo < 8 or (lo < 40 and hi > 215):  # blank, or already full contrast: leave it
        return gray
    out = (gray.astype(np.float32) - lo) * (255.0 / (hi - lo))
    stretched: np.ndarray = np.clip(out, 0, 255).astype(np.uint8)
    return stretched


# The engines resize a page so its long side is at most DET_SIDE and round each side to a
# multiple of 32: a side under 16 px after that becomes 0 and the engine fails.
DET_SIDE = 1280
MIN_SIDE = 32
# Padding a thin strip stops at this many pixels: a longer strip is no page.
MAX_PADDED_PIXELS = 40_000_000


def _min_side(shape: tuple[int, ...], max_side: int) -> int:
    """The short side a page of this shape needs for its text to survive the engines'
    downscaling."""
    return max(MIN_SIDE, -(-MIN_SIDE * max(shape[:2]) // min(max_side, DET_SIDE)))


def _padded(gray: np.ndarray, max_side: int) -> np.ndarray:
    """``gray`` with white added below or to the right of a thin strip (a one-line banner, a
    scanned slip) so that its short side keeps at least MIN_SIDE px after the engines'
    downscaling; the text keeps its coordinates."""
    h, w = gray.shape[:2]
    need = _min_side(gray.shape, max_side)
    if min(h, w) >= need or max(h, w) * need > MAX_PADDED_PIXELS:
        return gray
    out = np.full((max(h, need), max(w, need)), 255, dtype=np.uint8)
    out[:h, :w] = gray
    return out


# A page is blank when fewer pixels than this differ from its paper by more than BLANK_CONTRAST
# levels. The smallest thing worth reading, one 9 pt digit at 200 dpi, has ~100 ink pixels;
# dust on a scanned blank page has more than this and is read as before.
BLANK_MAX_INK = 30
BLANK_CONTRAST = 48


def is_blank(gray: np.ndarray) -> bool:
    """No ink on the page: every pixel within BLANK_CONTRAST of the paper (the median), dark
    ink on light paper or light ink on a dark ground, but for a few specks."""
    if gray.size == 0:
        return True
    paper = int(np.median(gray[::4, ::4]))
    lo, hi = max(0, paper - BLANK_CONTRAST), min(255, paper + BLANK_CONTRAST)
    ink = gray.size - int(np.count_nonzero((gray >= lo) & (gray <= hi)))
    return ink < BLANK_MAX_INK


def ocr_page_image(
    image: Any, page_number: int, options: Options | None = None, *, scale: float | None = None
) -> Page:
    """OCR one page image into a page of blocks in reading order.

    Bboxes in the provenance are in PDF points (pixels × 72 / ``options.ocr_dpi``, the scale the
    PDF reader renders at) unless ``scale`` says otherwise (1.0 keeps image pixels)."""
    from extractor.ocr.layout import deskew, has_rules, layout_page

    options = options or Options()
    # First: without the OCR extra, a scan says so even when its page is blank.
    engine = engine_for(options)
    started = time.perf_counter()
    gray = stretch(to_gray(image))
    if is_blank(gray):
        # Nothing to read: the engine (~1 s a page) is not asked. A blank 12-frame TIFF took
        # 11 s.
        logger.info("OCR page %d: blank, not read", page_number)
        return Page(page_number, ())
    gray, angle = deskew(_padded(gray, options.ocr_max_side))
    # A strip too thin to survive the engines' downscaling has no text they can read (RapidOCR
    # fails on it outright).
    readable = min(gray.shape[:2]) >= _min_side(gray.shape, options.ocr_max_side)
    boxes = engine.recognize(gray, chars=has_rules(gray)) if readable else []
    blocks = layout_page(gray, boxes, page_number, 72 / options.ocr_dpi if scale is None else scale)
    logger.info(
        "OCR page %d: %d boxes, %d blocks, skew %.2f°, %.2f s",
        page_number,
        len(boxes),
        len(blocks),
        angle,
        time.perf_counter() - started,
    )
    return Page(page_number, tuple(blocks))
