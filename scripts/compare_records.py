#!/usr/bin/env python3
"""Compare the records of two copies of one report (a web page and its flattened text, a PDF and
its HTML): which fields each copy settles and every value on which they disagree.

Reports without truth files can still be checked this way: when one copy is a real grid (HTML,
PDF cells), a value another copy gives differently is wrong in one of them.

Usage: python scripts/compare_records.py A B [A B ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402


def _short(path: str) -> str:
    return "/".join(Path(path).parts[-2:])


def compare(a: str, b: str) -> int:
    """Print one line per pair and one per disagreement; the number of disagreements."""
    fa = extractor.extract(a).fields
    fb = extractor.extract(b).fields
    both = [k for k, v in fa.items() if v is not None and fb.get(k) is not None]
    differ = [(k, fa[k], fb[k]) for k in both if fa[k] != fb[k]]
    settled_a = sum(v is not None for v in fa.values())
    settled_b = sum(v is not None for v in fb.values())
    print(
        f"{_short(a)} {settled_a}/{len(fa)}  {_short(b)} {settled_b}/{len(fb)}  "
        f"both {len(both)}  disagree {len(differ)}"
    )
    for field_id, va, vb in differ:
        print(f"    {field_id}: {va} vs {vb}")
    return len(differ)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="pairs of files: A B [A B ...]")
    args = parser.parse_args(argv)
    if len(args.files) % 2:
        parser.error("give the files in pairs")
    pairs = list(zip(args.files[::2], args.files[1::2], strict=True))
    disagreements = sum(compare(a, b) for a, b in pairs)
    print(f"{len(pairs)} pairs, {disagreements} disagreements")
    return 1 if disagreements else 0


if __name__ == "__main__":
    raise SystemExit(main())
