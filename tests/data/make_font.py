#!/usr/bin/env python3
"""Rebuild tests/data/NotoSansSC-test-subset.otf: Noto Sans CJK SC Regular (SIL Open Font
License 1.1, see OFL.txt) cut down to the characters the OCR tests draw, so the tests can render
Chinese on a machine with no CJK font installed.

Usage (needs fonttools and Debian's fonts-noto-cjk):
    python tests/data/make_font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = HERE / "NotoSansSC-test-subset.otf"


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    chars = set()
    for test in sorted(HERE.parent.glob("test_ocr*.py")):
        chars.update(test.read_text(encoding="utf-8"))
    chars.update(chr(c) for c in range(0x20, 0x7F))
    text = "".join(sorted(c for c in chars if c.isprintable()))
    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT}: {len(text)} characters, {OUT.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
