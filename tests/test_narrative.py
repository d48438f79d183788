"""Narrative on sources laid out as crawlers, text browsers and PDF converters lay them out:
generated from corpus/ documents with truth files (scripts/narrative_eval.py's families), the
themes are whole sentences, the sections hold their probes and the metadata is right."""

from __future__ import annotations

import random
import re
import sys

import pytest

from extractor import extract
from extractor.reading.sources import NamedBytes
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from narrative_eval import HTML_FAMILIES, is_fragment, text_variant, truths

# Every fifth text document with a truth file: a spread of the corpus's layouts in seconds.
DOCS = [d for d in truths() if d[1].suffix == ".txt" and d[1].is_relative_to(ROOT)][::5]


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    "family", ["crawler", "wrapNN", "pagebreaks", "wrap40fw", "sentences", "brbr"]
)
def test_generated_layouts_read_as_the_document(family: str) -> None:
    themes = fragments = probes = found = 0
    for doc_id, path, truth in DOCS:
        text = text_variant(path.read_text(encoding="utf-8"), family, random.Random(doc_id))
        suffix = ".html" if family in HTML_FAMILIES else ".txt"
        record = extract(NamedBytes(f"{doc_id}{suffix}", text.encode("utf-8")))
        assert record.status == "ok", (doc_id, record.errors)
        assert (record.metadata.agency, record.metadata.year) == (
            truth["metadata"]["agency"],
            truth["metadata"]["year"],
        ), doc_id
        texts = {s.id: _bare(s.text) for s in record.sections}
        for sid, wanted in truth.get("sections", {}).items():
            for p in wanted:
                probes += 1
                found += _bare(p) in texts.get(sid, "")
        by_id = {s.id: s.text for s in record.sections}
        for theme in record.themes:
            themes += 1
            fragments += is_fragment(theme, by_id.get(theme.section, ""))
    assert len(DOCS) >= 10 and themes > 100
    # The bar: at most 2% of themes are fragments, section probes at least 97%.
    assert fragments <= 0.02 * themes
    assert found >= 0.97 * probes


def test_a_page_without_its_title_never_gets_a_wrong_agency_or_year() -> None:
    # trafilatura drops the title: agency and year come from the body, or stay null.
    right = 0
    for doc_id, path, truth in DOCS:
        text = text_variant(path.read_text(encoding="utf-8"), "notitle", random.Random(doc_id))
        meta = extract(NamedBytes(f"{doc_id}.txt", text.encode("utf-8"))).metadata
        want = (truth["metadata"]["agency"], truth["metadata"]["year"])
        for got, wanted in zip((meta.agency, meta.year), want, strict=True):
            assert got in (None, wanted), doc_id
        right += meta.year == want[1]
    assert right >= len(DOCS) // 2
