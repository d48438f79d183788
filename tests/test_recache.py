"""extractor.recache: compiled regular expressions kept in the user's cache folder and put in
re's cache before the package's modules compile them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor import recache

PATTERNS = [
    (r"[\u4e00-\u9fff]{2,}(?P<num>\d+)(?:件|个)", 0),
    (r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])", re.MULTILINE),
    (r"(?i)total|合计(?=\s*[:：])", 0),
    (r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.])", re.IGNORECASE | re.VERBOSE),
]
TEXTS = ["本年新收12件", "（三）合计：5\n二、总计 1,234", "TOTAL 7 件", "无"]


@pytest.fixture
def fake_module(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[types.ModuleType]:
    """A module of the package holding PATTERNS, its cache folder a fresh one, and re's cache
    without them."""
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(recache, "_loaded", None)
    for p, f in PATTERNS:
        re._cache.pop((str, p, f), None)  # type: ignore[attr-defined]
    module = types.ModuleType("extractor._test_recache")
    module.ONE = re.compile(*PATTERNS[0])  # type: ignore[attr-defined]
    module.MANY = tuple(re.compile(p, f) for p, f in PATTERNS[1:])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    yield module
    for p, f in PATTERNS:
        re._cache.pop((str, p, f), None)  # type: ignore[attr-defined]


def _forget() -> None:
    for p, f in PATTERNS:
        re._cache.pop((str, p, f), None)  # type: ignore[attr-defined]
    recache._loaded = None


def test_saved_patterns_preload_as_re_compiles_them(fake_module: types.ModuleType) -> None:
    recache.save()
    saved = json.loads(recache._path().read_text(encoding="utf-8"))
    assert {(e[0], e[1]) for e in saved["patterns"]} >= set(PATTERNS)
    _forget()
    recache.preload()
    for p, f in PATTERNS:
        cached = re.compile(p, f)
        assert cached is re._cache[str, p, f]  # type: ignore[attr-defined]
        fresh = re._compiler.compile(p, f)  # type: ignore[attr-defined]
        assert cached == fresh and cached.groupindex == fresh.groupindex
        assert cached.flags == fresh.flags and cached.groups == fresh.groups
        for text in TEXTS:
            assert [m.span() for m in cached.finditer(text)] == [
                m.span() for m in fresh.finditer(text)
            ]
    assert re.compile(*PATTERNS[0]).search("共有报告12件").group("num") == "12"  # type: ignore[union-attr]


def test_only_the_packages_patterns_are_kept(
    fake_module: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = types.ModuleType("not_extractor")
    other.P = re.compile("elsewhere[0-9]+")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, other.__name__, other)
    recache.save()
    saved = json.loads(recache._path().read_text(encoding="utf-8"))
    assert "elsewhere[0-9]+" not in {e[0] for e in saved["patterns"]}


def test_nothing_rewritten_when_nothing_new(fake_module: types.ModuleType) -> None:
    recache.save()
    _forget()
    recache.preload()
    path = recache._path()
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    recache.save()
    assert path.read_text(encoding="utf-8").endswith(" ")


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t[: len(t) // 2],
        lambda t: t.replace('"format": 1', '"format": 0'),
        lambda t: t.replace('"python": "', '"python": "0'),
        # Code the engine refuses.
        lambda t: json.dumps(
            {**json.loads(t), "patterns": [[p, f, f | 32, [1, 2, 3], 0, {}] for p, f in PATTERNS]}
        ),
        lambda t: json.dumps({**json.loads(t), "patterns": [["x", 0]]}),
        # Review of session 11: these escaped the handler and stopped the package's import.
        lambda t: "[]",
        lambda t: json.dumps({**json.loads(t), "patterns": [["a", 0, 0, [-1], 0, {}]]}),
        lambda t: json.dumps({**json.loads(t), "patterns": [["a", 0, 0, [1], 10**20, {}]]}),
    ],
)
def test_damaged_or_stale_file_is_not_used_and_written_again(
    fake_module: types.ModuleType, damage: object
) -> None:
    recache.save()
    path = recache._path()
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    _forget()
    recache.preload()
    assert recache._loaded is None
    for p, f in PATTERNS:
        assert (str, p, f) not in re._cache  # type: ignore[attr-defined]
    # The module compiles them as usual; save writes a good file again.
    fake_module.ONE = re.compile(*PATTERNS[0])  # type: ignore[attr-defined]
    fake_module.MANY = tuple(re.compile(p, f) for p, f in PATTERNS[1:])  # type: ignore[attr-defined]
    recache.save()
    _forget()
    recache.preload()
    assert recache._loaded is not None and set(PATTERNS) <= set(recache._loaded)


def test_unwritable_cache_folder_only_costs_the_compiling(
    fake_module: types.ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(blocker / "cache"))
    recache.save()
    recache.preload()
    assert recache._loaded is None


def test_a_fresh_process_imports_the_pipeline_with_the_cache(tmp_path: Path) -> None:
    """The first process writes the file, the second builds the package's patterns from it."""
    code = "import extractor.pipeline, extractor.recache as r; print(len(r._loaded or {}))"
    env = {"EXTRACTOR_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs[0] == "0" and int(runs[1]) > 100


def test_patterns_held_in_lists_of_tuples_are_kept(
    fake_module: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    nested = r"^[（(]\d{1,2}[)）]嵌套"
    re._cache.pop((str, nested, 0), None)  # type: ignore[attr-defined]
    monkeypatch.setattr(fake_module, "TABLE", [("name", re.compile(nested))], raising=False)
    recache.save()
    saved = json.loads(recache._path().read_text(encoding="utf-8"))
    assert nested in {e[0] for e in saved["patterns"]}
