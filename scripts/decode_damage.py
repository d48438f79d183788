#!/usr/bin/env python3
"""How text decoding stands up to damaged bytes, and that it still refuses wrong encodings.

Every text and HTML document under the folders (default ``corpus/`` and ``../shared/real``) is
written in UTF-8, GB18030 and UTF-16 (with a BOM), then damaged, seeded: one ASCII byte set to
0xFF, one bit flipped inside a non-ASCII character, and 1, 5 or 20 random bytes set to random
values. Each damaged copy is decoded; the outcome is ``right`` (the codec of the undamaged
copy), ``wrong`` (another codec: mojibake) or ``undecodable``, with the largest number of bytes
replaced. Controls that are not damaged text in a codec we read: random bytes, and the same
texts in Big5, Shift-JIS and EUC-KR (what codec they got must not change with lossy decoding).

Usage: python scripts/decode_damage.py [FOLDER ...] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.errors import UndecodableText  # noqa: E402
from extractor.reading.encoding import decode_text, html_declared_charset  # noqa: E402

FAMILY = {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}


def ff_ascii(data: bytearray, rng: random.Random) -> None:
    spots = [i for i, b in enumerate(data) if 0x20 < b < 0x7F]
    data[rng.choice(spots)] = 0xFF


def flip_in_char(data: bytearray, rng: random.Random) -> None:
    spots = [i for i, b in enumerate(data) if b >= 0x80]
    data[rng.choice(spots)] ^= 1 << rng.randrange(8)


def random_bytes(k: int) -> Callable[[bytearray, random.Random], None]:
    def damage(data: bytearray, rng: random.Random) -> None:
        for _ in range(k):
            data[rng.randrange(len(data))] = rng.randrange(256)

    return damage


DAMAGE: dict[str, Callable[[bytearray, random.Random], None]] = {
    "ascii→0xFF": ff_ascii,
    "bit in char": flip_in_char,
    "1 random": random_bytes(1),
    "5 random": random_bytes(5),
    "20 random": random_bytes(20),
}


def outcome(data: bytes, declared: str | None, right: str) -> tuple[str, int]:
    try:
        got = decode_text(data, declared)
    except UndecodableText:
        return "undecodable", 0
    family = FAMILY.get(got.encoding, got.encoding)
    return ("right" if family == right else f"wrong:{got.encoding}"), got.replaced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", default=["corpus", str(ROOT.parent / "shared/real")])
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    paths = sorted(
        p
        for folder in args.folders
        for p in Path(folder).rglob("*")
        if p.suffix in (".txt", ".html") and p.is_file()
    )
    texts: list[tuple[str, bool]] = []
    for p in paths:
        data = p.read_bytes()
        declared = html_declared_charset(data) if p.suffix == ".html" else None
        text = decode_text(data, declared).text
        # HTML declaring its charset would be read by the declaration: drop it so the bytes
        # alone decide, as for text.
        texts.append((text.replace("charset=", "x-charset="), p.suffix == ".html"))
    rng = random.Random(args.seed)
    print(f"{len(texts)} documents, seed {args.seed}")
    for codec in ("utf-8", "gb18030", "utf-16"):
        for name, damage in DAMAGE.items():
            tally: Counter[str] = Counter()
            worst = 0
            for text, _is_html in texts:
                data = bytearray(text.encode(codec))
                damage(data, rng)
                result, replaced = outcome(bytes(data), None, codec)
                tally[result] += 1
                worst = max(worst, replaced)
            print(f"{codec:8} {name:12} {dict(tally)} most replaced {worst}")
    controls: Counter[str] = Counter()
    for text, _ in texts:
        for codec in ("big5", "shift_jis", "euc-kr"):
            data = text.encode(codec, errors="ignore")
            result, replaced = outcome(data, None, codec)
            controls[f"{codec}→{result}{' lossy' if replaced else ''}"] += 1
    noise = random.Random(args.seed)
    for _ in range(50):
        data = bytes(noise.randrange(256) for _ in range(8000))
        controls[f"random→{outcome(data, None, 'none')[0]}"] += 1
    print("controls:", dict(sorted(controls.items())))


if __name__ == "__main__":
    main()
