"""The output record: one :class:`Report` per input document.

The names follow ``docs/output-contract.md`` exactly; everything here beyond that contract is an
addition. ``extractor/data/report.schema.json`` is generated from these models
(``python -m extractor.schema --write``) and a test fails when it is stale.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extractor._version import __version__
from extractor.fields import field_ids

SCHEMA_VERSION = "1.5.0"

Status = Literal["ok", "partial", "failed"]
SourceKind = Literal["txt", "html", "pdf", "image", "docx", "doc", "zip", "unknown"]
TemplateName = Literal["2021", "2019", "pre2019", "unknown"]
SectionId = Literal[
    "preamble",
    "overview",
    "proactive_disclosure",
    "requests",
    "review_litigation",
    "problems_improvements",
    "other_matters",
    "unclassified",
]
SECTION_IDS: tuple[str, ...] = SectionId.__args__  # type: ignore[attr-defined]
TableKind = Literal["proactive", "requests", "review_litigation", "other"]
CheckStatus = Literal["pass", "fail", "not_applicable"]
EvidenceHow = Literal["direct", "repaired", "blank_as_zero", "derived"]
TemplateTableKind = Literal["proactive", "requests", "review_litigation"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorInfo(_Model):
    """Why a document is ``partial`` or ``failed``."""

    stage: str = Field(description="Pipeline stage: reading, sections, tables, checks, themes, …")
    code: str = Field(description="Stable machine-readable code, e.g. not_found, empty.")
    message: str = Field(description="Human-readable explanation.")


class WarningInfo(_Model):
    code: str
    message: str


class Attachment(_Model):
    """An attachment link (附件) of an HTML page: a PDF, Word file or image."""

    uri: str = Field(description="The link's absolute URL (as written, for a local page).")
    text: str | None = Field(default=None, description="The link text as printed.")
    followed: bool = Field(
        default=False,
        description="True for the attachment the record was extracted from, when the page was "
        "only a stub around it.",
    )


class SourceInfo(_Model):
    uri: str = Field(description="Path or URL as given (a member path for archive entries).")
    kind: SourceKind = "unknown"
    sha256: str | None = Field(default=None, description="Of the bytes read; null if none were.")
    size_bytes: int | None = None
    encoding: str | None = Field(default=None, description="Text encoding used to decode it.")
    pages: int | None = Field(default=None, description="Page count where the source has pages.")
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages read by OCR.")
    attachments: list[Attachment] = Field(
        default_factory=list,
        description="Attachment links of an HTML page, in page order. When one is `followed`, "
        "`kind`, `sha256`, `size_bytes`, `encoding` and `pages` describe that attachment, and "
        "`uri` stays the page.",
    )


class Period(_Model):
    start: str = Field(description="ISO date, e.g. 2023-01-01.")
    end: str = Field(description="ISO date, e.g. 2023-12-31.")


class Contact(_Model):
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None


class Metadata(_Model):
    title: str | None = None
    agency: str | None = Field(default=None, description="Reporting body as named in the title.")
    year: int | None = Field(default=None, description="The year the report covers.")
    template: TemplateName = Field(
        default="unknown", description="Detected from the table labels, not from the year."
    )
    publication_date: str | None = Field(default=None, description="ISO date where given.")
    statistics_period: Period | None = Field(
        default=None,
        description="The period the statistics cover, as the preface states it (null when its "
        "digits were lost, C4).",
    )
    contact: Contact | None = Field(default=None, description="Contact the preface gives.")
    report_score: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="How likely the document is a 政府信息公开工作年度报告 (or a part of one); "
        "below the threshold (0.25) the record is failed with not_a_report. Null when the "
        "score's model could not load (the document is then taken for a report).",
    )


class Subsection(_Model):
    title: str
    text: str


class Section(_Model):
    id: SectionId
    title: str | None = Field(description="The heading as printed; null when none was found.")
    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    subsections: list[Subsection] = Field(default_factory=list)


class FieldEvidence(_Model):
    page: int | None = None
    table: int = Field(description="1-based index into `tables` (table `t<n>`).")
    row: int = Field(description="0-based row in that table's grid (header rows included).")
    col: int = Field(description="0-based column in that table's grid.")
    raw: str = Field(description="The cell text as read.")
    how: EvidenceHow = Field(
        description="direct: a printed token at a known cell; blank_as_zero: a visible blank "
        "cell; repaired: the one value every reading of the printed tokens gives once the "
        "template's rules drop the others; derived: the sum of the fields the data dictionary "
        "names for it (docs/fields.md, 'Derived fields'), `raw` their values joined by +, "
        "`table`, `row`, `col`, `page` and `line` those of the first."
    )
    line: int | None = Field(default=None, description="1-based source line where known.")


class Ambiguity(_Model):
    """A row whose printed values allow several readings that keep every rule: the cells they
    disagree on are null in `fields`, and the readings are here for a person to settle."""

    table: int = Field(description="1-based index into `tables` (table `t<n>`).")
    row: str = Field(description="The row label as printed.")
    fields: list[str] = Field(description="The row's field ids, in column order.")
    unsettled: list[str] = Field(description="Those of `fields` left null.")
    printed: str = Field(description="The row's values as read, in order.")
    readings: list[list[int | float | None]] = Field(
        description="Readings of the row that keep the table's rules, each a value per entry "
        "of `fields` (null: a lost cell no rule fixes); at most 10 listed."
    )
    readings_total: int = Field(description="How many readings there are in all.")


class Table(_Model):
    id: str
    kind: TableKind
    page: int | None = None
    template: TemplateName | None = Field(
        default=None, description="Template table this grid matched, if any."
    )
    header: list[list[str]]
    rows: list[list[str]]


class Check(_Model):
    rule: str = Field(description="R1–R4 (hard rules), S1–S4 (soft checks), or others.")
    scope: str
    status: CheckStatus
    expected: int | float | None = None
    found: int | float | None = None
    message: str


class Theme(_Model):
    label: str = Field(description="problem, measure, …")
    text: str
    section: SectionId
    keywords: list[str]
    score: float = Field(ge=0.0, le=1.0)
    span: tuple[int, int] | None = Field(
        default=None, description="Character offsets [start, end) of `text` in its section."
    )


class ThemePair(_Model):
    """A measure linked to the problem it answers; both are indices into ``themes``."""

    problem: int = Field(ge=0)
    measure: int = Field(ge=0)
    how: Literal["ordinal", "overlap"] = Field(
        description="ordinal: the n-th numbered measure answers the n-th numbered problem; "
        "overlap: the two share the most content words."
    )
    score: float = Field(ge=0.0, le=1.0)


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    extractor_version: str = __version__
    status: Status
    errors: list[ErrorInfo] = Field(default_factory=list)
    warnings: list[WarningInfo] = Field(default_factory=list)
    source: SourceInfo
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section] = Field(default_factory=list)
    fields: dict[str, int | float | None] = Field(
        default_factory=dict,
        description="Canonical field id → number, for the rows of the template tables the "
        "document shows (see `tables_seen`); a row that is not in the document is absent, and "
        "null means the cell is there but could not be read (see `warnings`, `ambiguities`).",
    )
    field_evidence: dict[str, FieldEvidence] = Field(default_factory=dict)
    tables_seen: list[TemplateTableKind] = Field(
        default_factory=list,
        description="The template tables found in the document, in template order: proactive "
        "(table 二), requests (三), review_litigation (四). A table listed may still lack the "
        "rows its document does not show (a single page of a scan).",
    )
    tables: list[Table] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    ambiguities: list[Ambiguity] = Field(
        default_factory=list,
        description="Rows that several readings of the printed values fit (the null cells they "
        "leave in `fields`); see docs/tables.md.",
    )
    themes: list[Theme] = Field(default_factory=list)
    theme_pairs: list[ThemePair] = Field(
        default_factory=list, description="Problem → measure links between entries of `themes`."
    )
    keywords: dict[str, list[str]] = Field(default_factory=dict)
    elapsed_ms: float | None = Field(default=None, description="Wall time of the extraction.")

    @field_validator("fields", "field_evidence")
    @classmethod
    def _known_field_ids(cls, value: dict[str, object]) -> dict[str, object]:
        unknown = sorted(set(value) - field_ids())
        if unknown:
            raise ValueError(f"unknown field ids (not in the data dictionary): {unknown[:5]}")
        return value

    @field_validator("keywords")
    @classmethod
    def _known_section_ids(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(SECTION_IDS))
        if unknown:
            raise ValueError(f"unknown section ids: {unknown}")
        return value

    def to_json(self, *, pretty: bool = False) -> str:
        return self.model_dump_json(indent=2 if pretty else None)
