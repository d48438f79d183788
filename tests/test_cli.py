import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from extractor.schema import committed

from .conftest import CORPUS, SHARED_REAL, requires_real


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        text=True,
        input=stdin.decode() if stdin is not None else None,
        timeout=120,
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("extractor ")


def test_usage_error_exits_2() -> None:
    assert run().returncode == 2
    assert run("extract").returncode == 2
    assert run("nonsense").returncode == 2


def test_fields_prints_the_dictionary() -> None:
    out = run("fields")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0].startswith("field_id\t")
    assert len(out.stdout.splitlines()) == 227
    assert "requests.new.total" in run("fields", "--format", "markdown").stdout


def test_extract_sample_to_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    out = run("extract", str(CORPUS / "samples" / "xinghe2023.html"), "-o", str(target), "--pretty")
    assert out.returncode == 0 and out.stdout == ""
    record = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(record, committed())
    assert record["metadata"]["agency"] == "星河市临江区人民政府"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("missing.txt", None, "not_found"),
        ("empty.txt", b"", "empty"),
        ("x.pdf", bytes(range(256)) * 4, "format_mismatch"),
    ],
)
def test_bad_input_exits_1_with_a_failed_record(
    tmp_path: Path, name: str, content: bytes | None, code: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = run("extract", str(path))
    assert out.returncode == 1
    record = json.loads(out.stdout)
    assert record["status"] == "failed"
    assert record["errors"][0]["code"] == code
    assert record["errors"][0]["message"]
    assert "Traceback" not in out.stderr
    jsonschema.validate(record, committed())


@requires_real
def test_seed_record_validates_with_six_sections() -> None:
    out = run("extract", str(SHARED_REAL / "seed.txt"))
    assert out.returncode == 0
    record = json.loads(out.stdout)
    jsonschema.validate(record, committed())
    ids = [s["id"] for s in record["sections"]]
    assert ids == [
        "preamble",
        "overview",
        "proactive_disclosure",
        "requests",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]


def test_batch_command(tmp_path: Path) -> None:
    out = run("batch", str(CORPUS / "samples"), "-o", str(tmp_path / "out"), "--workers", "1")
    assert out.returncode == 0, out.stderr
    lines = (tmp_path / "out" / "records.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 2
    assert "2 processed" in out.stderr
    assert run("batch", str(CORPUS), "-o", str(tmp_path / "o2"), "--workers", "0").returncode == 2
