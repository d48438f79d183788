"""The labelled corpora are well formed (they train and evaluate models later)."""

import json

import pytest

from extractor.report import SECTION_IDS

from .conftest import CORPUS

SECTION_FILES = sorted((CORPUS / "sections").glob("*.jsonl"))
KINDS = {"heading", "subheading", "paragraph", "table", "chrome"}


@pytest.mark.parametrize("path", SECTION_FILES, ids=[p.name for p in SECTION_FILES])
def test_section_corpus_file(path) -> None:  # type: ignore[no-untyped-def]
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        assert report["doc_id"] not in ids
        ids.add(report["doc_id"])
        meta = report["metadata"]
        assert meta["template"] in {"2021", "2019", "pre2019"}
        assert str(meta["year"]) in meta["title"]
        assert report["blocks"]
        for block in report["blocks"]:
            assert block["section"] in SECTION_IDS, block
            assert block["kind"] in KINDS, block
            assert block["text"].strip()
    assert len(ids) >= 60
