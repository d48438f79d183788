"""jieba's prefix dictionary, cached in the user's cache folder in a plain format.

jieba builds its prefix dictionary (every word of its 350,000 and every prefix of one, with
frequencies) from ``dict.txt`` in ~1.5 s and caches it with ``marshal`` in the shared temporary
folder, from where any local user could hand it a crafted file (``marshal`` is not safe against
such data), and loading it takes ~0.6 s. Here the dictionary is cached once per user in
``$EXTRACTOR_CACHE_DIR`` (else ``$XDG_CACHE_HOME/extractor``, else ``~/.cache/extractor``),
one file per dictionary (each environment's jieba has its own copy), in a plain format: a JSON
header (with the first word of each bucket of 64 words), the frequencies as 64-bit integers,
where each bucket starts, and the words as UTF-8 text, one a line, in code point order. A
damaged or stale file is rebuilt, and a cache folder that cannot be written only costs the
build.

Read as a ``dict`` (:func:`prefix_dictionary`), the 500,000 entries take ~0.2 s, most of it
hashing them into the dict: a third of a cold ``extractor extract``, which looks up 2,000 to
11,000 of them. :func:`compact_prefix_dictionary` reads the file in place instead
(:class:`CompactDictionary`: ~15 ms to load, a look-up bisects the buckets, then the words of
one, each answer remembered), and counts its look-ups, so that a process that goes on to many
documents builds the dict once (``extractor.thememodel.jieba_tokenizer``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)

# 2: the words in code point order (1: in jieba's order), for CompactDictionary's bisection.
FORMAT = 2


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


# Words a bucket of the cache file holds: a look-up bisects the buckets' first words, then the
# words of its bucket, decoded when first looked in (a document looks in a few hundred).
BUCKET = 64


@dataclass(frozen=True)
class _Cached:
    """The cache file's parts: frequencies in word order, the words' UTF-8 text (one a line,
    in code point order) and where each bucket's words start in it, with its first word."""

    freqs: array[int]
    text: bytes
    starts: array[int]
    firsts: list[str]
    total: int

    def bucket(self, b: int) -> list[str]:
        end = self.starts[b + 1] - 1 if b + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[b] : end].decode("utf-8").split("\n")


def _read(path: Path, key: dict[str, Any]) -> _Cached | None:
    data = path.read_bytes()
    head_end = data.index(b"\n")
    head = json.loads(data[:head_end])
    if head.get("key") != key:
        return None
    count, total, firsts = int(head["count"]), int(head["total"]), head["firsts"]
    start = head_end + 1
    if zlib.crc32(memoryview(data)[start:]) != head["crc32"]:
        return None  # cut short or damaged
    freqs, starts = array("q"), array("q")
    freqs.frombytes(data[start : start + 8 * count])
    start += 8 * count
    starts.frombytes(data[start : start + 8 * len(firsts)])
    text = data[start + 8 * len(firsts) :]
    buckets = -(-count // BUCKET)
    if len(freqs) != count or len(firsts) != buckets or len(starts) != buckets:
        return None
    if not all(isinstance(word, str) for word in firsts):
        return None  # the header is outside the checksum: a damaged one fails here, not in bisect
    if text.count(b"\n") != count - 1:
        return None
    return _Cached(freqs, text, starts, firsts, total)


def _layout(freq: dict[str, int], total: int) -> _Cached:
    words = sorted(freq)
    starts, firsts, at = array("q"), [], 0
    for i, word in enumerate(words):
        if i % BUCKET == 0:
            starts.append(at)
            firsts.append(word)
        at += len(word.encode("utf-8")) + 1
    text = "\n".join(words).encode("utf-8")
    return _Cached(array("q", map(freq.__getitem__, words)), text, starts, firsts, total)


# How long another environment's cache file must go unused before a process that cannot see
# its dictionary removes it. Two weeks: an environment idle that long pays one rebuild (~1.5 s)
# when it comes back, while a removed one's 8 MB do not outlive it by more.
STALE_S = 14 * 24 * 3600


def _touch(path: Path) -> None:
    """Mark the cache file as in use (its modification time), for other environments'
    clean-up in :func:`_write`; a read-only cache folder only loses that mark."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _write(path: Path, key: dict[str, Any], cached: _Cached) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = cached.freqs.tobytes() + cached.starts.tobytes() + cached.text
    head = {
        "key": key,
        "count": len(cached.freqs),
        "total": cached.total,
        "crc32": zlib.crc32(body),
        "firsts": cached.firsts,
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(head, ensure_ascii=False).encode() + b"\n")
            f.write(body)
        # Atomic: a worker starting beside this one reads the old file or the whole new one.
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in range(1, FORMAT + 1):
        # An earlier format's file, or this format's from before the file name named its
        # dictionary, is never read again (8 MB).
        (path.parent / f"jieba-prefix-dict-{old}.bin").unlink(missing_ok=True)
    now = time.time()
    for other in path.parent.glob(f"jieba-prefix-dict-{FORMAT}-*.bin"):
        # Another environment's: kept while its dictionary is there, or while it is in use.
        # A dictionary this process cannot see may be another's that shares the cache folder
        # (a container and its host sharing ~/.cache): each load touches its file, so only a
        # file unused for STALE_S is taken for a removed environment's (8 MB each).
        try:
            if now - other.stat().st_mtime < STALE_S:
                continue
            with other.open("rb") as fh:
                dictionary = json.loads(fh.readline())["key"]["dictionary"]
            if not Path(dictionary).exists():
                other.unlink()
        except (OSError, ValueError, KeyError, TypeError):
            continue


def cache_path(dict_file: Path) -> Path:
    """The cache file of jieba's dictionary ``dict_file``: one per dictionary, since a user's
    environments each have jieba's own copy (with one file for all, two environments used in
    turn rebuilt it at each switch, ~1.5 s)."""
    tag = hashlib.sha256(str(dict_file).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir() / f"jieba-prefix-dict-{FORMAT}-{tag}.bin"


class CompactDictionary(Mapping[str, int]):
    """jieba's prefix dictionary (word → frequency) read in place from the cache file's parts:
    a look-up bisects the buckets' first words, then its bucket's words (decoded the first
    time); words set later (jieba's ``add_word``: the domain dictionary) are kept beside them.
    It answers what jieba asks of its ``FREQ`` (``in``, ``[]``, ``get``, ``[]=``) as the dict
    would, and counts the look-ups (``lookups``), so that a process that has done more of them
    than the dict takes to build can build it (:meth:`to_dict`)."""

    def __init__(self, cached: _Cached) -> None:
        self._cached = cached
        self._buckets: dict[int, list[str]] = {}
        self._added: dict[str, int] = {}
        # Every word looked up, with its answer: jieba asks about the same fragment again and
        # again (``in``, then ``[]``; the same prefixes in every sentence).
        self._known: dict[str, int | None] = {}
        self.lookups = 0

    def _base(self, word: str) -> int | None:
        b = bisect_right(self._cached.firsts, word) - 1
        if b < 0:
            return None
        words = self._buckets.get(b)
        if words is None:
            words = self._buckets[b] = self._cached.bucket(b)
        i = bisect_left(words, word)
        if i < len(words) and words[i] == word:
            return self._cached.freqs[b * BUCKET + i]
        return None

    def _find(self, word: str) -> int | None:
        self.lookups += 1
        try:
            return self._known[word]
        except KeyError:
            pass
        freq = self._added.get(word)
        if freq is None:
            freq = self._base(word)
        self._known[word] = freq
        return freq

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def __getitem__(self, word: str) -> int:
        if (freq := self._find(word)) is None:
            raise KeyError(word)
        return freq

    def get(self, word: str, default: Any = None) -> Any:
        freq = self._find(word)
        return default if freq is None else freq

    def __setitem__(self, word: str, freq: int) -> None:
        self._added[word] = self._known[word] = freq

    def _words(self) -> list[str]:
        return self._cached.text.decode("utf-8").split("\n")

    def __iter__(self) -> Iterator[str]:
        yield from self._words()
        yield from (w for w in self._added if self._base(w) is None)

    def __len__(self) -> int:
        return len(self._cached.freqs) + sum(1 for w in self._added if self._base(w) is None)

    def to_dict(self) -> dict[str, int]:
        """The same entries as a dict."""
        # From a list: zip over the array makes each int on the fly, a third slower.
        out = dict(zip(self._words(), self._cached.freqs.tolist(), strict=True))
        out.update(self._added)
        return out


def _load(tokenizer: Any) -> _Cached:
    """The parts of jieba's default dictionary, from the user cache when it is there and
    current, else built and cached."""
    jieba = import_jieba()

    dict_file = Path(tokenizer.dictionary or Path(str(jieba.__file__)).parent / "dict.txt")
    key = _key(dict_file)
    path = cache_path(dict_file)
    try:
        cached = _read(path, key)
        if cached is not None:
            _touch(path)
            return cached
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        pass  # missing or damaged: rebuilt below
    cached = _layout(*tokenizer.gen_pfdict(tokenizer.get_dict_file()))
    try:
        _write(path, key, cached)
    except OSError as exc:
        logger.warning("could not cache jieba's dictionary in %s: %s", path.parent, exc)
    return cached


def prefix_dictionary(tokenizer: Any) -> tuple[dict[str, int], int]:
    """``(FREQ, total)`` of jieba's default dictionary, the entries ``Tokenizer.initialize``
    builds, from the user cache when it is there and current."""
    cached = _load(tokenizer)
    return CompactDictionary(cached).to_dict(), cached.total


def compact_prefix_dictionary(tokenizer: Any) -> tuple[CompactDictionary, int]:
    """:func:`prefix_dictionary` as a :class:`CompactDictionary`: the same entries, read
    without building a dict."""
    cached = _load(tokenizer)
    return CompactDictionary(cached), cached.total
