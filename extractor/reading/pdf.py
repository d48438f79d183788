"""PDFs with a text layer → document, one page per PDF page (pdfplumber).

This is the plain text-layer reader: text in pdfplumber's reading order with page numbers.
Ruled-table cells, header/footer removal and OCR of pages without usable text are separate steps
(see the OCR and PDF layer issue).
"""

from __future__ import annotations

import logging
from io import BytesIO

from extractor.document import Document, Page
from extractor.errors import CorruptDocument, InputError
from extractor.reading.text import lines_to_blocks

logger = logging.getLogger(__name__)


def read_pdf(data: bytes) -> Document:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - pdfplumber is a core dependency
        raise InputError("PDF support needs pdfplumber", code="missing_dependency") from exc
    pages: list[Page] = []
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                pages.append(Page(number, tuple(lines_to_blocks(text.splitlines(), page=number))))
    except PDFPasswordIncorrect as exc:
        raise InputError("the PDF is encrypted with a password", code="encrypted") from exc
    except Exception as exc:
        # pdfminer raises a zoo of exception types for damaged files; all mean the same to users.
        raise CorruptDocument(f"the PDF cannot be parsed: {type(exc).__name__}: {exc}") from exc
    return Document(kind="pdf", pages=tuple(pages), paged=True)
