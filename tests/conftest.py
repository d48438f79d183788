from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED_REAL = ROOT.parent / "shared" / "real"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


requires_real = pytest.mark.skipif(
    not SHARED_REAL.is_dir(), reason="../shared/real is not present beside the checkout"
)
