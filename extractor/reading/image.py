"""Images (PNG, JPEG, TIFF with any number of pages, BMP, GIF, WebP) → document, by OCR.

Each frame is a page. Provenance bboxes are in the image's pixels. The document's meta records
``ocr_pages`` (every page) and ``ocr_engine``. Needs the ``ocr`` extra.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

import numpy as np

from extractor.budget import check
from extractor.document import Document, Page
from extractor.errors import (
    CorruptDocument,
    InputError,
    InputTooLarge,
    TooManyPages,
    install_hint,
)
from extractor.options import Options

logger = logging.getLogger(__name__)

# A page this many pixels or more is a decompression bomb rather than a scan (an A4 page at
# 600 dpi is 35 Mpx).
MAX_PIXELS = 120_000_000
# Frames beyond this are not a report (the longest reports we know are ~30 pages).
MAX_FRAMES = 200


def read_image(data: bytes, options: Options | None = None) -> Document:
    options = options or Options()
    try:
        from PIL import Image

        from extractor.ocr import ocr_page_image
    except ImportError as exc:
        raise InputError(
            f"reading images needs OCR; install the extra: {install_hint('ocr')}",
            code="ocr_unavailable",
        ) from exc
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    pages: list[Page] = []
    with _decoding():
        img = Image.open(BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    with img:
        if frames > MAX_FRAMES:
            raise TooManyPages(f"the image has {frames} frames (at most {MAX_FRAMES} are read)")
        if frames > options.max_ocr_pages:
            raise TooManyPages(
                f"the image has {frames} frames to OCR, more than Options.max_ocr_pages "
                f"({options.max_ocr_pages})"
            )
        for k in range(frames):
            check(f"reading image page {k + 1}")
            with _decoding():
                frame = _frame(img, k)
            logger.info("OCR of image page %d", k + 1)
            pages.append(ocr_page_image(frame, k + 1, options, scale=1.0))
    return Document(
        kind="image",
        pages=tuple(pages),
        paged=True,
        meta={
            "ocr_pages": ",".join(str(p.number) for p in pages),
            "ocr_engine": options.ocr_engine,
        },
    )


# Modes OCR's grayscale conversion (extractor.ocr.to_gray) takes as they are.
_OCR_MODES = ("L", "LA", "P", "PA", "RGB", "RGBA")


def _frame(img: Any, k: int) -> Any:
    """Frame ``k`` decoded, upright (EXIF orientation) and in a mode OCR takes. Pillow checks
    the pixel limit of the first frame only, and only fails at twice the limit."""
    from PIL import Image, ImageOps

    img.seek(k)
    if img.width * img.height > MAX_PIXELS:
        raise InputTooLarge(
            f"page {k + 1} of the image is {img.width}×{img.height} pixels, over the limit "
            f"of {MAX_PIXELS} (a decompression bomb rather than a scan)"
        )
    frame = ImageOps.exif_transpose(img.copy()) or img.copy()
    frame.load()
    if frame.mode.startswith(("I", "F")):
        # 16-bit and 32-bit scans: Pillow's conversion to 8 bits clips at 255, which turns a
        # whole 16-bit page white; scale the values instead.
        arr = np.asarray(frame, dtype=np.float64)
        top = float(arr.max()) if arr.size else 0.0
        if top > 255:
            arr = arr * (255.0 / top)
        frame = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    elif frame.mode == "LAB":  # Pillow converts LAB to nothing; its L band is the lightness
        frame = frame.getchannel("L")
    elif frame.mode not in _OCR_MODES:
        # Scanner TIFFs are often 1-bit or CMYK; OCR takes 8-bit gray.
        frame = frame.convert("L")
    return frame


@contextmanager
def _decoding() -> Iterator[None]:
    """Pillow's failures on damaged or hostile files as the record's errors."""
    from PIL import Image, UnidentifiedImageError

    try:
        yield
    except Image.DecompressionBombError as exc:
        raise InputTooLarge(f"the image is too large to read: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError) as exc:
        # Damaged headers make Pillow fail with ValueError and TypeError too ("Missing
        # dimensions"), and modes it cannot convert with ValueError.
        raise CorruptDocument(f"the image cannot be read: {type(exc).__name__}: {exc}") from exc
