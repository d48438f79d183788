"""Whole-document golden records for the corpus samples.

Regenerate after an intended change with ``pytest tests/test_golden.py --update-golden`` and
review the diff; a missing golden file fails.
"""

import json
from typing import Any

import pytest

from extractor import extract

from .conftest import CORPUS, GOLDEN

SAMPLES = ["xinghe2023.txt", "xinghe2023.html"]
# Values that differ between machines and runs, not between behaviours.
VOLATILE = ("elapsed_ms", "extractor_version")


def stable(record: dict[str, Any]) -> dict[str, Any]:
    for key in VOLATILE:
        record.pop(key, None)
    record["source"].pop("uri", None)
    return record


@pytest.mark.parametrize("name", SAMPLES)
def test_golden_record(name: str, update_golden: bool) -> None:
    record = stable(extract(CORPUS / "samples" / name).model_dump(mode="json"))
    golden = GOLDEN / f"{name}.json"
    if update_golden:
        golden.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden and review it"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert record == expected
