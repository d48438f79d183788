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
