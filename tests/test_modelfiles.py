import hashlib
import json
from pathlib import Path

import pytest

from extractor import modelfiles
from extractor.errors import ModelError


def _model(folder: Path, fmt: str = "demo/1") -> None:
    folder.mkdir()
    (folder / "w.json").write_text("[1, 2]", encoding="utf-8")
    digest = hashlib.sha256((folder / "w.json").read_bytes()).hexdigest()
    manifest = {"format": fmt, "files": {"w.json": digest}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_model_is_checked_against_its_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(modelfiles, "model_folder", lambda name: tmp_path / name)
    _model(tmp_path / "demo")
    folder, manifest = modelfiles.verified("demo", "demo/1", "scripts/train_demo.py")
    assert folder == tmp_path / "demo" and manifest["format"] == "demo/1"

    with pytest.raises(ModelError, match="this version reads 'demo/2'"):
        modelfiles.verified("demo", "demo/2", "scripts/train_demo.py")
    (tmp_path / "demo" / "w.json").write_text("[1, 3]", encoding="utf-8")
    with pytest.raises(ModelError, match=r"w\.json does not match its manifest"):
        modelfiles.verified("demo", "demo/1", "scripts/train_demo.py")
    with pytest.raises(ModelError, match=r"run scripts/train_demo\.py --save"):
        modelfiles.verified("missing", "demo/1", "scripts/train_demo.py")


def test_the_shipped_models_pass_their_checks() -> None:
    for name, fmt in (
        ("sections", "sections/1"),
        ("themes", "themes/1"),
        ("keywords", "keywords/1"),
        ("reflow", "reflow/1"),
    ):
        folder, manifest = modelfiles.verified(name, fmt, "a training script")
        assert manifest["files"] and folder.is_dir()
