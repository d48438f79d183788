"""jieba's prefix dictionary, cached in the user's cache folder in a plain format.

jieba builds its prefix dictionary (every word of its 350,000 and every prefix of one, with
frequencies) from ``dict.txt`` in ~1.5 s and caches it with ``marshal`` in the shared temporary
folder, from where any local user could hand it a crafted file (``marshal`` is not safe against
such data), and loading it takes ~0.6 s. Here the dictionary is cached once per user in
``$EXTRACTOR_CACHE_DIR`` (else ``$XDG_CACHE_HOME/extractor``, else ``~/.cache/extractor``) as
three plain parts: a JSON header, the frequencies as 64-bit integers and the words as UTF-8
text, one a line. Loading is a split and a ``dict(zip())`` (~0.1 s); a damaged or stale file is
rebuilt, and a cache folder that cannot be written only costs the build.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import zlib
from array import array
from pathlib import Path
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)

FORMAT = 1


def import_jieba() -> ModuleType:
    """``import jieba``, without the ``pkg_resources`` it imports when it can.

    jieba uses ``pkg_resources`` only to open its own ``dict.txt`` and falls back to opening it
    by path when the import fails; importing ``pkg_resources`` (all of setuptools' vendored
    packaging) is ~0.15 s, a third of a cold ``extractor extract``. So ``pkg_resources`` is
    made unimportable for the moment jieba is imported, unless something already imported it.
    """
    if (loaded := sys.modules.get("jieba")) is not None:
        return loaded
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises
    try:
        import jieba
    finally:
        if block and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    module: ModuleType = jieba
    return module


def cache_dir() -> Path:
    if explicit := os.environ.get("EXTRACTOR_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "extractor"


def _key(dict_file: Path) -> dict[str, Any]:
    """What the cached dictionary was built from: a new jieba or dictionary rebuilds it."""
    jieba = import_jieba()

    stat = dict_file.stat()
    return {
        "format": FORMAT,
        "jieba": jieba.__version__,
        "dictionary": str(dict_file),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "byteorder": sys.byteorder,
    }


def _read(path: Path, key: dict[str, Any]) -> tuple[dict[str, int], int] | None:
    data = path.read_bytes()
    head_end = data.index(b"\n")
    head = json.loads(data[:head_end])
    if head.get("key") != key:
        return None
    count, total = int(head["count"]), int(head["total"])
    start = head_end + 1
    if zlib.crc32(data[start:]) != head["crc32"]:
        return None  # cut short or damaged
    freqs = array("q")
    freqs.frombytes(data[start : start + 8 * count])
    words = data[start + 8 * count :].decode("utf-8").split("\n")
    if len(freqs) != count or len(words) != count:
        return None
    # From a list: zip over the array makes each int on the fly, a third slower.
    return dict(zip(words, freqs.tolist(), strict=True)), total


def _write(path: Path, key: dict[str, Any], freq: dict[str, int], total: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = array("q", freq.values()).tobytes() + "\n".join(freq).encode("utf-8")
    head = {"key": key, "count": len(freq), "total": total, "crc32": zlib.crc32(body)}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(head).encode() + b"\n")
            f.write(body)
        # Atomic: a worker starting beside this one reads the old file or the whole new one.
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prefix_dictionary(tokenizer: Any) -> tuple[dict[str, int], int]:
    """``(FREQ, total)`` of jieba's default dictionary, exactly as ``Tokenizer.initialize``
    builds them, from the user cache when it is there and current."""
    jieba = import_jieba()

    dict_file = Path(tokenizer.dictionary or Path(str(jieba.__file__)).parent / "dict.txt")
    key = _key(dict_file)
    path = cache_dir() / f"jieba-prefix-dict-{FORMAT}.bin"
    try:
        cached = _read(path, key)
        if cached is not None:
            return cached
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        pass  # missing or damaged: rebuilt below
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    try:
        _write(path, key, freq, total)
    except OSError as exc:
        logger.warning("could not cache jieba's dictionary in %s: %s", path.parent, exc)
    return freq, total
