"""The record's shape: the committed schema, the data dictionary and the contract's keys."""

import jsonschema
import pytest
from pydantic import ValidationError

from extractor import fields
from extractor.report import Report, SourceInfo
from extractor.schema import committed, generate

CONTRACT_KEYS = {
    "schema_version",
    "extractor_version",
    "status",
    "errors",
    "warnings",
    "source",
    "metadata",
    "sections",
    "fields",
    "field_evidence",
    "tables",
    "checks",
    "themes",
    "keywords",
}


def test_committed_schema_is_current() -> None:
    assert committed() == generate(), (
        "extractor/data/report.schema.json is stale: run python -m extractor.schema --write"
    )


def test_fields_docs_are_current() -> None:
    assert fields.DOCS_PATH.read_text(encoding="utf-8") == fields.to_markdown(), (
        "docs/fields.md is stale: run python -m extractor.fields --write-docs"
    )


def test_dictionary_matches_the_reference_ids() -> None:
    specs = fields.field_specs()
    assert len(specs) == 226
    assert "requests.new.total" in specs and "review.total" in specs
    assert {s.table for s in specs.values()} == {"二", "三", "四"}


def test_unknown_field_ids_are_rejected() -> None:
    with pytest.raises(ValidationError, match="unknown field ids"):
        Report(status="ok", source=SourceInfo(uri="x"), fields={"requests.new.everyone": 1})


def test_minimal_record_has_every_contract_key_and_validates() -> None:
    record = Report(status="failed", source=SourceInfo(uri="x")).model_dump(mode="json")
    assert set(record) >= CONTRACT_KEYS
    assert record["schema_version"] == "1.5.0"
    jsonschema.validate(record, committed())
