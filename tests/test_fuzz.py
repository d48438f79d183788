"""Hostile input (issue 19): every small crafted input of scripts/fuzz.py finishes in bounded
time with a record whose status and code say why, never an internal_error nor an exception."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import fuzz  # noqa: E402

from extractor import Options, extract  # noqa: E402
from extractor.reading import NamedBytes  # noqa: E402

# Inputs the CI set skips: building a 60 MB document.xml costs more than reading it; the full
# run (docs/evaluation.md) covers it. Every other small crafted input, flate bombs, 50,000
# nested divs, 2,000 pages and blank TIFF frames included, is refused or read in well under a
# second since the checks before parsing (tests/test_hostile.py).
SLOW = ("docx_document_xml",)
SMALL = [(n, f, m) for n, f, m in fuzz.crafted(small=True) if not n.startswith(SLOW)]
# The document deadline here: the bar (2 s for text and HTML) with room for a loaded
# 2-core CI box. Time itself is measured by `scripts/fuzz.py` (docs/evaluation.md), not here:
# a wall-clock assertion failed on a machine shared with other jobs.
LIMIT_S = 5.0


@pytest.mark.parametrize(("name", "filename", "make"), SMALL, ids=[n for n, _, _ in SMALL])
def test_a_crafted_input_finishes_with_a_reason(
    name: str,
    filename: str,
    make,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "input"
    path.write_bytes(make())
    status, code, tasks = fuzz.run_input(filename, path, Options(deadline_s=LIMIT_S))
    assert code != "internal_error"
    if status == "failed":
        assert code
    if tasks is not None:
        # An archive: one task of its own for every member, never two sharing a uri.
        assert status == "ok"


def test_mutations_finish_with_a_reason() -> None:
    for _name, filename, make in fuzz.mutations(seed=19, count=12):
        report = extract(NamedBytes(filename, make()), Options(deadline_s=LIMIT_S))
        assert all(e.code != "internal_error" for e in report.errors), report.errors


def test_the_deadline_stops_a_document_with_its_code() -> None:
    report = extract(fuzz.glued(40), Options(deadline_s=0.001))
    assert report.status in ("failed", "partial")
    assert any(e.code == "deadline" for e in report.errors)


def test_a_document_past_max_chars_fails_too_long() -> None:
    report = extract(fuzz.glued(20), Options(max_chars=1000))
    assert report.status == "failed"
    assert report.errors[0].code == "too_long"
