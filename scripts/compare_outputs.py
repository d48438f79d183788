#!/usr/bin/env python3
"""Check that a change leaves every record byte-identical (except ``elapsed_ms``).

Extracts every document of ``corpus/`` (samples, table documents, the negatives, the section
and theme corpora rebuilt as text) and of ``../shared/real``, and writes one line per document:
its name and the record's JSON without ``elapsed_ms``. ``--write FILE`` saves that as the
baseline (run it on the code before the change); ``--against FILE`` compares and lists every
document whose record differs.

Usage: python scripts/compare_outputs.py --write base.jsonl
       python scripts/compare_outputs.py --against base.jsonl
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402

logger = logging.getLogger("compare_outputs")

SUFFIXES = (".txt", ".html", ".md", ".docx", ".pdf")


def documents() -> Iterator[tuple[str, bytes, str]]:
    """(name, content, file name for the reader) for every document, in a fixed order."""
    roots = [ROOT / "corpus", ROOT.parent / "shared" / "real"]
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and path.name != "README.md":
                yield str(path.relative_to(root.parent)), path.read_bytes(), path.name
    for path in sorted((ROOT / "corpus" / "negatives").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            data = base64.b64decode(item["b64"]) if "b64" in item else item["text"].encode()
            yield f"negatives/{item['doc_id']}", data, f"{item['doc_id']}.{item['ext']}"
    for path in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            text = "\n\n".join(b["text"] for b in item["blocks"])
            yield f"sections/{item['doc_id']}", text.encode(), f"{item['doc_id']}.txt"
    for path in sorted((ROOT / "corpus" / "themes").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            parts = [f"{item['agency']}{item['year']}年政府信息公开工作年度报告"]
            for section in item["sections"]:
                for paragraph in section["paragraphs"]:
                    parts.append("".join(s["text"] for s in paragraph))
            yield f"themes/{item['doc_id']}", "\n\n".join(parts).encode(), f"{item['doc_id']}.txt"


def record(data: bytes, name: str) -> str:
    import tempfile

    # Through a named file so the reader sees the same name and suffix as in a batch.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        report = extractor.extract(str(path))
    out: dict[str, Any] = json.loads(report.model_dump_json())
    out.pop("elapsed_ms", None)
    source = out.get("source") or {}
    source.pop("uri", None)  # the temporary folder's name
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--against", type=Path)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("extractor").setLevel(logging.CRITICAL)
    lines = {name: record(data, fname) for name, data, fname in documents()}
    if args.write:
        with args.write.open("w", encoding="utf-8") as f:
            for name, rec in lines.items():
                f.write(json.dumps([name, rec], ensure_ascii=False) + "\n")
        logger.info("wrote %d records to %s", len(lines), args.write)
        return 0
    base = dict(json.loads(x) for x in args.against.read_text(encoding="utf-8").splitlines())
    differ = [n for n in base if lines.get(n) != base[n]]
    extra = [n for n in lines if n not in base]
    for name in differ:
        logger.info("DIFFERS %s", name)
    for name in extra:
        logger.info("NEW %s", name)
    logger.info("%d documents, %d differ, %d new", len(lines), len(differ), len(extra))
    return 1 if differ or extra else 0


if __name__ == "__main__":
    sys.exit(main())
