import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from extractor.schema import committed

from .conftest import CORPUS, ROOT, SHARED_REAL, requires_real


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
    # every sample document (two until session 12 added four) gives one record
    n = sum(1 for p in (CORPUS / "samples").iterdir() if p.is_file())
    assert len(lines) == n
    assert f"{n} processed" in out.stderr
    assert run("batch", str(CORPUS), "-o", str(tmp_path / "o2"), "--workers", "0").returncode == 2


# --- messages: each names what to do --------------------------------------------------------


def test_install_hint_names_the_checkout_or_the_installed_distribution(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from extractor import errors

    monkeypatch.chdir(ROOT)
    assert errors.install_hint("ocr") == "pip install '.[ocr]'"
    monkeypatch.chdir(ROOT / "docs")
    assert errors.install_hint("server") == "pip install '..[server]'"
    monkeypatch.chdir(tmp_path)
    assert errors.install_hint("ocr") == f"pip install '{ROOT}[ocr]'"
    # Installed from a wheel: the name pip knows, from the installed distribution's metadata.
    monkeypatch.setattr(errors, "_checkout_root", lambda: None)
    monkeypatch.setattr(
        errors.metadata, "packages_distributions", lambda: {"extractor": ["some-dist"]}
    )
    assert errors.install_hint("ocr") == "pip install 'some-dist[ocr]'"


def test_a_scan_without_the_ocr_extra_names_the_command_that_installs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from extractor import extract

    monkeypatch.chdir(ROOT)
    monkeypatch.setitem(sys.modules, "PIL", None)  # as if Pillow (the ocr extra) were missing
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    report = extract(png)
    assert report.errors[0].code == "ocr_unavailable"
    assert "pip install '.[ocr]'" in report.errors[0].message
    assert "gov-report-extractor[ocr]" not in report.errors[0].message


def test_serve_without_the_server_extra_is_a_usage_error_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from extractor import cli

    monkeypatch.chdir(ROOT)
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "server extra" in err and "pip install '.[server]'" in err and "uvicorn" in err
    assert "Traceback" not in err and "ModuleNotFoundError" not in err


def test_cluster_without_the_distributed_extra_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from extractor import cli

    monkeypatch.chdir(ROOT)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes((CORPUS / "samples" / "xinghe2023.txt").read_bytes())
    code = cli.main(["batch", str(docs), "-o", str(tmp_path / "out"), "--cluster", "local"])
    err = capsys.readouterr().err
    assert code == 2
    assert "distributed extra" in err and "pip install '.[distributed]'" in err


def test_an_unsupported_url_scheme_gets_its_own_error() -> None:
    out = run("extract", "ftp://example.com/2023/report.pdf")
    assert out.returncode == 1
    record = json.loads(out.stdout)
    assert record["errors"][0]["code"] == "unsupported_scheme"
    assert "ftp://" in out.stderr and "http" in out.stderr
    assert "no such file" not in out.stderr


def test_an_unwritable_output_path_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dir" / "x.json"
    out = run("extract", str(CORPUS / "samples" / "xinghe2023.txt"), "-o", str(target))
    assert out.returncode == 2
    assert str(target) in out.stderr and "-o/--output" in out.stderr
    assert "Traceback" not in out.stderr and "FileNotFoundError" not in out.stderr
    assert out.stdout == "" and not target.parent.exists()


def test_an_option_error_names_the_option() -> None:
    out = run("extract", str(CORPUS / "samples" / "xinghe2023.txt"), "--ocr-dpi", "0")
    assert out.returncode == 2
    assert "argument --ocr-dpi" in out.stderr
    assert out.stderr.startswith("usage: extractor extract")


def test_batch_and_compare_help_list_every_document_option_of_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme[readme.index("extractor extract SOURCE") : readme.index("extractor batch INPUT")]
    options = set(re.findall(r"--[a-z-]+", usage)) - {"--pretty"}
    assert {"--allow-private", "--max-bytes", "--ocr-dpi", "--keywords"} <= options
    for command in ("batch", "compare"):
        shown = run(command, "--help").stdout
        assert options <= set(re.findall(r"--[a-z-]+", shown)), (command, options)


def test_debug_before_the_command_is_kept() -> None:
    from extractor.cli import _parser

    assert _parser().parse_args(["--debug", "extract", "x"]).debug is True
    assert _parser().parse_args(["extract", "x", "--debug"]).debug is True
    assert _parser().parse_args(["extract", "x"]).debug is False


def test_batch_exit_status_with_and_without_fail_on_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes((CORPUS / "samples" / "xinghe2023.txt").read_bytes())
    (docs / "b.pdf").write_bytes(b"not a pdf at all " * 20)
    out = tmp_path / "out"
    first = run("batch", str(docs), "-o", str(out), "--workers", "1")
    assert first.returncode == 0, first.stderr
    # The rerun does nothing new; the failed record kept from the first run still counts.
    again = run("batch", str(docs), "-o", str(out), "--workers", "1", "--fail-on-error")
    assert again.returncode == 1
    assert "1 document(s)" in again.stderr and "0 processed" in again.stderr


def test_batch_output_folder_that_cannot_be_made_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run("batch", str(CORPUS / "samples"), "-o", str(blocker / "out"))
    assert out.returncode == 2
    assert str(blocker / "out") in out.stderr and "Traceback" not in out.stderr
