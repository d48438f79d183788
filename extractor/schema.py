"""The committed JSON Schema of the record, generated from :class:`extractor.report.Report`.

``python -m extractor.schema --write`` regenerates ``extractor/data/report.schema.json``;
a test fails when the committed file differs from what the models generate.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path
from typing import Any

from extractor.report import SCHEMA_VERSION, Report

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "report.schema.json"


def generate() -> dict[str, Any]:
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://extractor.invalid/report/{SCHEMA_VERSION}/report.schema.json"
    schema["title"] = "Report"
    return schema


def render() -> str:
    return json.dumps(generate(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def committed() -> dict[str, Any]:
    text = resources.files("extractor").joinpath("data/report.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the record's JSON Schema.")
    parser.add_argument("--write", action="store_true", help=f"write {SCHEMA_PATH}")
    args = parser.parse_args(argv)
    if args.write:
        SCHEMA_PATH.write_text(render(), encoding="utf-8")
    else:
        print(render(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
