"""Options of one extraction: a frozen pydantic model, shared by the API, the CLI and batches."""

from __future__ import annotations

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
    url_timeout_s: float = Field(default=20.0, gt=0)
    allow_private_urls: bool = Field(
        default=False, description="Allow URLs that resolve to private or loopback addresses."
    )
