"""Settings of one server process: a frozen pydantic model built by ``extractor serve``."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from extractor.budget import DEFAULT_MEMORY_MB
from extractor.options import MiB, Options


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local/share")
    return Path(base) / "extractor"


def default_workers() -> int:
    return os.cpu_count() or 1


class ServerConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where jobs.sqlite3 and each batch's inputs and outputs live.",
    )
    token: str | None = Field(
        default=None, description="When set, /v1/* needs 'Authorization: Bearer <token>'."
    )
    allow_private_urls: bool = Field(
        default=False, description="Let URLs reach private and loopback addresses (SSRF guard off)."
    )
    workers: int = Field(
        default_factory=default_workers, ge=1, description="Processes for single documents."
    )
    batch_workers: int = Field(
        default_factory=default_workers, ge=1, description="Processes per running batch."
    )
    max_upload_bytes: int = Field(default=64 * MiB, gt=0, description="Cap of one document.")
    max_archive_bytes: int = Field(default=1024 * MiB, gt=0, description="Cap of a batch upload.")
    max_urls: int = Field(default=10_000, gt=0, description="Cap of URLs in one batch.")
    max_jobs: int = Field(default=2, ge=1, description="Batches queued or running at once.")
    max_pending: int = Field(
        default=64,
        ge=1,
        description="Single-document requests in flight or waiting for a worker; more are "
        "answered 503 (each waiting request holds its upload in memory). 64 covers the "
        "50-concurrent-request benchmark with room to spare.",
    )
    request_timeout_s: float = Field(
        default=120.0, gt=0, description="Limit of one /v1/extract request, queueing included."
    )
    doc_timeout_s: float = Field(default=120.0, gt=0, description="Limit per batch document.")
    slow_after_s: float = Field(
        default=10.0,
        gt=0,
        description="A single document running longer than this is slow: while requests wait "
        "for a worker, a spare worker is started for each slow document (up to --workers "
        "spares) so that small documents keep being served. The corpus's reports take "
        "under 1 s; a 20-page scan takes about a minute.",
    )
    max_memory_mb: int = Field(
        default=DEFAULT_MEMORY_MB,
        ge=0,
        description="Address space of each worker process (RLIMIT_AS, MiB; 0: no cap); a "
        "document past it gets a record with code out_of_memory.",
    )

    def options(self) -> Options:
        """The extraction options every document of this server runs with."""
        return Options(
            max_input_bytes=self.max_upload_bytes,
            allow_private_urls=self.allow_private_urls,
            url_timeout_s=min(20.0, self.request_timeout_s),
            # A document stops with a record (code deadline) before its worker is killed.
            deadline_s=0.8 * min(self.request_timeout_s, self.doc_timeout_s),
        )
