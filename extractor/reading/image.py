"""Images (PNG, JPEG, TIFF with any number of pages, BMP, GIF, WebP) → document, by OCR.

Each frame is a page. Provenance bboxes are in the image's pixels. The document's meta records
``ocr_pages`` (every page) and ``ocr_engine``. Needs the ``ocr`` extra.
"""

from __future__ import annotations

import logging
from io import BytesIO

from extractor.document import Document, Page
from extractor.errors import CorruptDocument, InputError
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
        from PIL import Image, ImageOps, UnidentifiedImageError

        from extractor.ocr import ocr_page_image
    except ImportError as exc:
        raise InputError(
            "reading images needs OCR; install the extra: pip install 'gov-report-extractor[ocr]'",
            code="ocr_unavailable",
        ) from exc
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    pages: list[Page] = []
    try:
        with Image.open(BytesIO(data)) as img:
            frames = getattr(img, "n_frames", 1)
            if frames > MAX_FRAMES:
                raise InputError(f"the image has {frames} frames (at most {MAX_FRAMES} are read)")
            for k in range(frames):
                img.seek(k)
                frame = ImageOps.exif_transpose(img.copy()) or img.copy()
                frame.load()
                # Scanner TIFFs are often 1-bit, 16-bit or CMYK; OCR takes 8-bit gray.
                if frame.mode in ("1", "I;16", "I;16B", "I", "F", "CMYK"):
                    frame = frame.convert("L")
                logger.info("OCR of image page %d", k + 1)
                pages.append(ocr_page_image(frame, k + 1, options, scale=1.0))
    except InputError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise CorruptDocument(f"the image cannot be read: {type(exc).__name__}: {exc}") from exc
    return Document(
        kind="image",
        pages=tuple(pages),
        paged=True,
        meta={
            "ocr_pages": ",".join(str(p.number) for p in pages),
            "ocr_engine": options.ocr_engine,
        },
    )
