"""Request and response bodies of the API (the record itself is :class:`extractor.Report`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from extractor.server.jobs import JobState

_URL = r"^[hH][tT][tT][pP][sS]?://\S+$"


class ExtractUrl(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"url": "https://www.example.gov.cn/2023ndbg.html"}]},
    )

    url: str = Field(pattern=_URL, max_length=4096, description="An http(s) URL to fetch.")


class CompareUrls(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "old": "https://www.example.gov.cn/2022ndbg.html",
                    "new": "https://www.example.gov.cn/2023ndbg.html",
                }
            ]
        },
    )

    old: str = Field(pattern=_URL, max_length=4096, description="The earlier year's report.")
    new: str = Field(pattern=_URL, max_length=4096, description="The later year's report.")


class BatchUrls(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "urls": [
                        "https://www.example.gov.cn/2022ndbg.html",
                        "https://www.example.gov.cn/2023ndbg.pdf",
                    ]
                }
            ]
        },
    )

    urls: list[Annotated[str, StringConstraints(pattern=_URL, max_length=4096)]] = Field(
        min_length=1, description="http(s) URLs, one document each."
    )


class Progress(BaseModel):
    done: int = Field(description="Documents with a record so far.")
    total: int | None = Field(description="Documents in the batch; null until counted.")


class JobLinks(BaseModel):
    self: str
    records: str
    dataset: str
    reports: str = Field(description="Once done: one compact row per report (the page's table).")
    excel: str | None = Field(
        default=None, description="dataset.xlsx, when the batch wrote one; else null."
    )


class JobStatus(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3f2c0a9e8b7d4c6fa1e2d3c4b5a69788",
                    "state": "running",
                    "created_at": "2026-11-27T08:00:00+00:00",
                    "started_at": "2026-11-27T08:00:01+00:00",
                    "finished_at": None,
                    "progress": {"done": 12, "total": 20},
                    "failed": None,
                    "attempts": 1,
                    "error": None,
                    "summary": None,
                    "links": {
                        "self": "/v1/batches/3f2c0a9e8b7d4c6fa1e2d3c4b5a69788",
                        "records": "/v1/batches/3f2c0a9e8b7d4c6fa1e2d3c4b5a69788/records",
                        "dataset": "/v1/batches/3f2c0a9e8b7d4c6fa1e2d3c4b5a69788/dataset.csv",
                        "reports": "/v1/batches/3f2c0a9e8b7d4c6fa1e2d3c4b5a69788/reports",
                        "excel": None,
                    },
                }
            ]
        }
    )

    id: str
    state: JobState = Field(description="queued, running, done or failed (the batch itself).")
    created_at: str
    started_at: str | None
    finished_at: str | None
    progress: Progress
    failed: int | None = Field(description="Documents whose record is failed, once done.")
    attempts: int = Field(description="Runs so far; more than 1 after a resume.")
    error: str | None = Field(description="Why the batch itself failed (not a document).")
    summary: dict[str, Any] | None = Field(
        description="Counts by status, template, kind, failing check and error code, once done."
    )
    links: JobLinks


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    workers: int = Field(description="Worker processes for single documents.")
    idle_workers: int = Field(description="Of those, warmed up and free now.")
    busy_workers: int
    active_jobs: int
    ocr: bool = Field(description="Scans and images can be read (the ocr extra is installed).")
    legacy_word: bool = Field(description="Legacy .doc can be read (LibreOffice is installed).")


class FieldInfo(BaseModel):
    id: str
    table: str = Field(description="二, 三 or 四.")
    label: str = Field(description="The row and column labels of the template, in Chinese.")
    unit: str
    format: str = Field(description="Template generations with the field: 2019, 2021, 2019+2021.")


class ReportRow(BaseModel):
    index: int = Field(description="The record's line in records.jsonl, from 0.")
    uri: str
    kind: str | None
    status: str | None
    title: str | None
    agency: str | None
    year: int | None
    template: str | None
    publication_date: str | None
    errors: list[str] = Field(description="The record's error codes.")
    failing: list[str] = Field(description="Rules with a failing check (R1–R4, S3, S4).")
    fields: dict[str, float | int | None] = Field(
        description="Key fields: 本年新收 by applicant, each outcome row's 总计, table 四."
    )


class BatchReports(BaseModel):
    reports: list[ReportRow]


class BodyPair(BaseModel):
    old: int = Field(description="The earlier year's record (its line in records.jsonl).")
    new: int
    old_year: int
    new_year: int


class Body(BaseModel):
    agency: str = Field(description="The body's name as its latest report prints it.")
    years: list[int]
    records: list[int] = Field(description="Each year's record, in the order of `years`.")
    pairs: list[BodyPair] = Field(description="Consecutive years, as compare.jsonl pairs them.")


class BatchBodies(BaseModel):
    bodies: list[Body]


class Series(BaseModel):
    agency: str
    years: list[int]
    records: list[int]
    fields: dict[str, list[float | int | None]] = Field(
        description="Each field id → its value per year of `years` (null: not in that record)."
    )
