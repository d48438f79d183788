import io
import random
from pathlib import Path

from extractor import Options, extract, extract_many

from .conftest import CORPUS

SAMPLE = CORPUS / "samples" / "xinghe2023.txt"


def test_same_record_from_path_bytes_and_stream() -> None:
    data = SAMPLE.read_bytes()
    a = extract(SAMPLE)
    b = extract(data)
    c = extract(io.BytesIO(data))
    assert a.status == b.status == c.status == "ok"
    assert a.fields == b.fields == c.fields
    assert a.source.sha256 == b.source.sha256
    assert b.source.uri == "<bytes>"


def test_extract_many_keeps_one_record_per_source(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"\x8f\x00random" * 50)
    reports = list(extract_many([SAMPLE, tmp_path / "missing.txt", bad, SAMPLE]))
    assert [r.status for r in reports] == ["ok", "failed", "failed", "ok"]
    assert [r.errors[0].code for r in reports[1:3]] == ["not_found", "format_mismatch"]


def test_options_are_frozen() -> None:
    options = Options()
    try:
        options.max_input_bytes = 1  # type: ignore[misc]
    except Exception as exc:
        assert "frozen" in str(exc)
    else:
        raise AssertionError("options must be immutable")


def test_document_without_text_fails_clearly(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>1</script></body></html>", encoding="utf-8")
    report = extract(page)
    assert report.status == "failed" and report.errors[0].code == "no_text"


def test_corrupt_pdf_fails_clearly(tmp_path: Path) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    report = extract(pdf)
    assert report.status == "failed" and report.errors[0].code == "corrupt"
    assert report.source.kind == "pdf"


def test_stage_failure_makes_a_partial_record(monkeypatch: object) -> None:
    import extractor.pipeline as pipeline

    def boom(*_: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(pipeline, "tag_themes", boom)  # type: ignore[attr-defined]
    report = extract(SAMPLE)
    assert report.status == "partial"
    assert report.errors[0].stage == "themes" and "kaput" in report.errors[0].message
    assert report.fields  # the other stages still delivered


def test_undecodable_text_fails_clearly(tmp_path: Path) -> None:
    # Random bytes without NULs: invalid UTF-8 and GB18030, and any single-byte reading is
    # full of control characters.
    noise = bytes(b for b in random.Random(7).randbytes(4000) if b)
    path = tmp_path / "broken.txt"
    path.write_bytes(b"x" + noise)
    report = extract(path)
    assert report.status == "failed"
    assert report.errors[0].code == "undecodable"
    assert report.errors[0].stage == "reading"


def test_oversized_input_fails_clearly(tmp_path: Path) -> None:
    report = extract(SAMPLE, Options(max_input_bytes=1000))
    assert report.status == "failed" and report.errors[0].code == "too_large"
