"""Options of one extraction: a frozen pydantic model, shared by the API, the CLI and batches."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MiB = 1024 * 1024


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_input_bytes: int = Field(
        default=64 * MiB,
        gt=0,
        description=(
            "Inputs larger than this fail with code too_large. 64 MiB is ten times the largest "
            "text-layer report PDF we have seen; raise it for big scanned PDFs."
        ),
    )
    keywords_per_section: int = Field(default=10, ge=0, le=100)
    keyword_method: Literal["tfidf", "textrank"] = Field(
        default="tfidf",
        description="tfidf: word counts weighted by the IDF of the report corpus "
        "(models/keywords); textrank: jieba's TextRank over the section's word graph.",
    )
    url_timeout_s: float = Field(default=20.0, gt=0)
    allow_private_urls: bool = Field(
        default=False, description="Allow URLs that resolve to private or loopback addresses."
    )
    follow_attachments: bool = Field(
        default=True,
        description="When a web page is only a stub around its report's attachment (附件: a "
        "PDF, Word file or image), fetch and extract the attachment instead.",
    )
    ocr_engine: Literal["rapidocr", "paddleocr"] = Field(
        default="rapidocr",
        description="OCR engine for scanned pages and images (docs/ocr.md): RapidOCR on "
        "onnxruntime (the ocr extra) or PaddleOCR (the paddle extra, needs ocr_model_dir).",
    )
    ocr_dpi: int = Field(
        default=200,
        ge=72,
        le=600,
        description="Resolution scanned PDF pages are rendered at for OCR. 200 dpi reads 9 pt "
        "table digits reliably at ~3 s per A4 page; 300 dpi is ~2x slower.",
    )
    ocr_max_side: int = Field(
        default=2500,
        ge=500,
        le=10000,
        description="Page images are shrunk to this long side (px) before OCR; 2500 keeps a "
        "200 dpi A4 page whole so small headings and digits survive.",
    )
    ocr_threads: int | None = Field(
        default=None,
        ge=1,
        description="CPU threads of one OCR engine; None uses every core. Batch runs with "
        "several workers set it to cores ÷ workers so the engines do not fight for cores.",
    )
    ocr_model_dir: str | None = Field(
        default=None,
        description="Folder of OCR models used instead of the shipped ones: *det*.onnx and "
        "*rec*.onnx files for rapidocr, *det* and *rec* model folders for paddleocr.",
    )
    # Budgets (extractor/budget.py, docs/evaluation.md "Hostile input"): what one document may
    # cost. Past a cap the document fails with its own code, or a stage is skipped with a
    # warning where the rest of the record still stands. Every default sits far above the
    # largest report of corpus/ and ../shared/real and far below what scripts/fuzz.py showed
    # hangs or exhausts a worker.
    deadline_s: float = Field(
        default=100.0,
        gt=0,
        description="Wall-clock budget of one document; the reading loops, the OCR page loop, "
        "the table search and the reflow check it and stop with code deadline. 100 s is under "
        "the 120 s a batch worker or server request is given (the record says why before the "
        "worker is killed), 250x the slowest text document of the corpus (0.4 s), and leaves "
        "a 20-page scan its OCR on a busy 2-core machine (45 s stopped a 5-page scan in CI).",
    )
    max_pages: int = Field(
        default=500,
        ge=1,
        description="PDFs with more pages fail with code too_many_pages before any page is "
        "read. Annual reports run 3-60 pages; 500 keeps those with long annexes.",
    )
    max_ocr_pages: int = Field(
        default=60,
        ge=0,
        description="Scanned PDF pages or image frames to OCR (~3 s each); a document with "
        "more fails with code too_many_pages before any is OCR'd. Scanned reports run up to "
        "~30 pages; 60 leaves room.",
    )
    max_chars: int = Field(
        default=100_000,
        ge=1,
        description="Characters of the read document; more fail with code too_long (text is "
        "counted as soon as it is decoded). The longest report we know has ~40,000 and those "
        "of corpus/ and ../shared/real under 8,000; every stage is linear in the distinct "
        "text (~110,000 characters a second on a quiet 2-core machine: 120,000 distinct "
        "characters took 1.2 s of CPU), so 100,000, as for a PDF's text layer "
        "(max_pdf_chars), keeps a document of distinct text within ~1 s.",
    )
    max_lines: int = Field(
        default=20_000,
        ge=1,
        description="Lines of the read document; more fail with code too_long (text is "
        "counted as soon as it is decoded). The longest report has ~1,500; 1,000,000 lines of "
        "one character took 9 s to read before they were counted.",
    )
    max_table_cells: int = Field(
        default=100_000,
        ge=1,
        description="Cells of one table after rowspan/colspan expansion; a larger table fails "
        "the document with code too_complex. Table 三 has 26 x 8 = 208 cells.",
    )
    max_span: int = Field(
        default=200,
        ge=1,
        description="Largest rowspan/colspan honoured (HTML, Word); larger values are cut to "
        "it (typos or bombs). Real report tables span at most 25 rows.",
    )
    max_depth: int = Field(
        default=200,
        ge=1,
        description="Nesting depth of HTML elements and Word tables read; deeper content fails "
        "with code too_complex (report pages nest ~30 deep).",
    )
    max_html_elements: int = Field(
        default=20_000,
        ge=1,
        description="Elements of an HTML page (its start tags, counted in one regex pass "
        "before anything parses it); more fail the document with code too_complex. The "
        "largest page of corpus/ and ../shared/real has ~700 and a government site's page "
        "with all its menus a few thousand; reading takes ~1.2 s per 100,000 elements on a "
        "quiet 2-core machine (a table of 1,000,000 cells took 10 s before this cap, and "
        "99,000 distinct paragraphs 1.2 s at the older cap of 100,000).",
    )
    max_glued_digits: int = Field(
        default=48,
        ge=2,
        description="Longest run of glued digits the splitter searches (docs/tables.md); a "
        "longer run leaves its row null with warning run_too_long. Table 四's 15 cells of up "
        "to 3 digits are 45 digits; the longest run split in corpus/ and ../shared/real is 28.",
    )
    max_unpacked_bytes: int = Field(
        default=256 * MiB,
        gt=0,
        description="Cap of any one part of a Word file, as its zip declares it (checked "
        "before unpacking), and of any one image stream of a PDF (inflated and counted before "
        "anything reads the PDF); past it the document fails with code decompression_bomb. "
        "256 MiB matches the older cap on all parts together (too_large) and holds a 600 dpi "
        "A4 colour scan (105 MB).",
    )
    max_stream_bytes: int = Field(
        default=32 * MiB,
        gt=0,
        description="Cap of any one PDF stream other than an image (page contents, fonts, "
        "object streams) once inflated, counted in a bounded pass over the file's flate "
        "streams before pdfminer or PDFium reads it (pdfminer holds a stream whole, several "
        "times over, and took 19 s and 3.2 GB on a 1 GB bomb); past it the document fails "
        "with code decompression_bomb. The largest stream of ../shared/real's PDF is 0.3 MB; "
        "a whole embedded CJK font is 10-20 MB.",
    )
    max_pdf_chars: int = Field(
        default=100_000,
        ge=1,
        description="Characters of a PDF's text layer, counted by PDFium page by page before "
        "pdfminer reads any (PDFium: ~3 ms a dense page; pdfminer with our reader: 3,000 "
        "characters a second on report pages, ~15,000 on plain dense text, on a loaded 2-core "
        "machine); more fail the document with code too_long at once instead of at its "
        "deadline. Report pages hold 500-1,200 characters and reports 2,500-10,000 (40,000 "
        "for the longest text report); 100,000 is 10x the longest PDF report seen and ~7 s of "
        "pdfminer on pages of plain dense text. The glyphs pdfminer draws are counted "
        "against it too, as it draws them: PDFium keeps one character for each place, so "
        "text drawn over itself passes its count.",
    )
    max_pdf_objects: int = Field(
        default=200_000,
        ge=1,
        description="Page objects (text runs, paths, images, and those inside forms) of a "
        "whole PDF, counted by PDFium in milliseconds before pdfminer reads a page (pdfminer "
        "takes ~0.3 ms an object and cannot be stopped inside a page); more fail the "
        "document with code too_complex. ../shared/real's 5-page PDF has 2,466; a 100-page "
        "report of dense tables stays under 100,000.",
    )
    max_parsed_objects: int = Field(
        default=30_000,
        ge=0,
        description="Work of a whole PDF given to pdfminer's layout analysis and our table "
        "finder, in objects of one glyph (~70 us each on a quiet 2-core machine; neither can be "
        "stopped inside a page), as PDFium counts them before any page is read: each object, "
        "each path twice more (a path of many segments as one per five segments), and half of "
        "each character; past it, pages are read from PDFium's text layer instead "
        "(milliseconds a page, no ruled tables), with warning pages_read_as_text: every page "
        "whose paths are a drawing rather than a table's rules, then the last pages until the "
        "rest fits. A Chromium-printed report page costs 1,500-4,000: 30,000 reads 10-20 "
        "printed pages with pdfminer, and pages of one-glyph objects or of dense text within "
        "every other cap in ~2 s.",
    )
    max_pdf_tokens: int = Field(
        default=300_000,
        ge=1,
        description="Parsing work pdfminer may do on one PDF, in tokens: every token of the "
        "content streams, object streams, fonts and character maps it parses, each code a "
        "character map's range maps, and 1,000 for each font it creates; counted as it "
        "parses, past it the document fails with code too_complex. pdfminer takes 2-4 us a "
        "token on a quiet 2-core machine. A report page printed by Chromium is ~10,000 "
        "tokens, and the pages pdfminer reads within max_parsed_objects and max_pdf_chars "
        "stay under ~500,000; a million junk objects in an object stream, a font of a "
        "million widths or a character map of a million entries (tens of seconds) are not.",
    )
    max_page_objects: int = Field(
        default=20_000,
        ge=1,
        description="Page objects of one PDF page; a page with more (a vector map, a "
        "hostile drawing) is not read, with warning pages_not_read, and the rest of the "
        "document is. A dense table page has ~700.",
    )
