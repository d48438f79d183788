"""Where the trained models live and how their files are checked, for every model the
extractor loads (``models/sections``, ``models/themes``, ``models/keywords``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from extractor.errors import ModelError

_PACKAGE = Path(__file__).resolve().parent


def model_folder(name: str) -> Path:
    """The installed package's copy (``extractor/models/NAME``), else the checkout's
    ``models/NAME``."""
    packaged = _PACKAGE / "models" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "models" / name


def verified(name: str, expected_format: str, trainer: str) -> tuple[Path, dict[str, Any]]:
    """The model's folder and manifest, after checking the format and every file's sha256;
    :class:`ModelError` naming the file (and ``trainer``, the script that rebuilds it)
    otherwise."""
    folder = model_folder(name)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise ModelError(f"no {name} model at {folder} (run {trainer} --save)")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    found = manifest.get("format")
    if found != expected_format:
        raise ModelError(
            f"{manifest_path} has format {found!r}, this version reads {expected_format!r}: "
            "retrain or reinstall"
        )
    for file, digest in manifest["files"].items():
        if hashlib.sha256((folder / file).read_bytes()).hexdigest() != digest:
            raise ModelError(f"{folder / file} does not match its manifest: retrain or reinstall")
    return folder, manifest
