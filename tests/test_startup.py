"""What a process loads, and when: start-up work is paid only by documents that need it."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import extractor
from extractor.budget import stage_times, timed
from extractor.jiebacache import import_jieba
from extractor.thememodel import load_theme_model
from extractor.themes import tag_themes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "samples" / "xinghe2023.txt"

_LOADED = """
import json, sys
from extractor.pipeline import extract
report = extract(sys.argv[1])
print(json.dumps([report.status, sorted(sys.modules)]))
"""


def test_a_text_report_imports_no_reader_or_fetcher_it_does_not_use() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _LOADED, str(SAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    status, modules = json.loads(out)
    assert status == "ok"
    for heavy in ("httpx", "httpcore", "pkg_resources", "selectolax", "pdfplumber", "docx"):
        assert heavy not in modules, heavy
    for reader in ("html", "pdf", "docx", "image", "fetch", "attachments"):
        assert f"extractor.reading.{reader}" not in modules, reader


def test_stage_times_collect_every_stage_of_a_document() -> None:
    with stage_times() as times:
        report = extractor.extract(SAMPLE)
    assert report.status == "ok"
    expected = {"reading", "report_score", "reflow", "sections", "tables", "checks", "metadata"}
    assert expected | {"themes", "theme_pairs", "keywords"} <= set(times)
    assert all(seconds >= 0 for seconds in times.values())


def test_stage_times_on_the_cpu_clock_read_the_process_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks = iter([1.0, 3.5])
    monkeypatch.setattr(time, "process_time", lambda: next(ticks))
    with stage_times(cpu=True) as times, timed("reading"):
        pass
    assert times == {"reading": 2.5}


def test_timed_outside_stage_times_collects_nothing() -> None:
    with timed("reading"):
        pass
    with stage_times() as times:
        pass
    assert times == {}


def test_no_sentence_to_tag_does_not_load_the_theme_model() -> None:
    load_theme_model.cache_clear()
    try:
        assert tag_themes([]) == []
        assert load_theme_model.cache_info().currsize == 0
    finally:
        load_theme_model.cache_clear()


def test_jieba_imported_without_pkg_resources_leaves_it_importable() -> None:
    jieba = import_jieba()
    assert jieba.lcut("政府信息公开") and import_jieba() is jieba
    assert sys.modules.get("pkg_resources", "absent") is not None


def test_version_and_help_import_nothing_heavy() -> None:
    # The worker memory cap's default had made `extractor --version` import pydantic and the
    # options through extractor.budget (0.15 s instead of 0.04 s).
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['extractor', '--version']\n"
        "try:\n"
        "    runpy.run_module('extractor', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'numpy')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
