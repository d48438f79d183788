"""The package's regular expressions, compiled once per user rather than once per process.

Importing the pipeline compiles ~220 regular expressions, ~160 of them the package's. Python's
compiler is written in Python, and a character class over a block of ideographs
(``[\u4e00-\u9fff]``, in most of them) costs it a 65,536-entry map: the package's took 70 ms
of CPU on the (busy) development machine, against 4 ms to read them from the file and build
them. The compiler's output (the pattern's code, a list of integers, with its group names) is
kept in the user's cache folder (the folder of jieba's dictionary,
:func:`extractor.jiebacache.cache_dir`) as JSON, keyed by the Python that made it (its version,
and the regular expression engine's ``MAGIC`` and ``CODESIZE``). :func:`preload` (called by
:mod:`extractor.pipeline` before the package's modules are imported) builds each cached pattern
from its code, which the engine does in C (checking it), and puts it in ``re``'s own cache,
where the modules' ``re.compile`` finds it: the same object ``re.compile`` would have made from
the same code, so no match can differ. :func:`save` (after the imports) writes the file again
when a module of the package holds a compiled pattern the file lacks (the first run, an
upgrade, an edited pattern); only the package's patterns are kept (one of the standard
library's is made afresh in each process from a set's order).

Anything unexpected (no file, a damaged or stale one, a Python whose ``re`` internals differ:
``re._cache``, ``re._parser.parse``, ``re._compiler._code``, ``_sre.compile``) falls back to
compiling as usual; a cache folder that cannot be written only costs the compiling."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import json
import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT = 1
# The file's entries as read by this process, by (pattern, flags); None when there was no
# usable file.
_loaded: dict[tuple[str, int], list[Any]] | None = None
# Past this many entries a rewrite keeps only this process's patterns (re's own cache holds 512;
# old entries pile up as patterns are edited).
MAX_ENTRIES = 500


def _key() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "python": sys.version,
        "implementation": sys.implementation.name,
        "magic": _sre.MAGIC,
        "codesize": _sre.CODESIZE,
    }


def _path() -> Path:
    from extractor.jiebacache import cache_dir

    return cache_dir() / f"regex-{sys.implementation.cache_tag}.json"


def _cache() -> dict[Any, Any] | None:
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) else None


def _build(entry: list[Any]) -> tuple[tuple[str, int], re.Pattern[str]]:
    pattern, flags, final_flags, code, groups, groupindex = entry
    if not (
        isinstance(pattern, str)
        and isinstance(flags, int)
        and isinstance(final_flags, int)
        and isinstance(code, list)
        and isinstance(groups, int)
        and isinstance(groupindex, dict)
        and 0 <= groups < 1 << 16
    ):
        raise ValueError("not a cached pattern")
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    compiled: re.Pattern[str] = _sre.compile(
        pattern, final_flags, code, groups, groupindex, tuple(indexgroup)
    )
    return (pattern, flags), compiled


def preload() -> None:
    """Put the cached patterns in ``re``'s cache; nothing when there is no usable file."""
    global _loaded
    cache = _cache()
    if cache is None or _loaded is not None:
        return
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != _key():
            return
        entries = data["patterns"]
        built = [_build(entry) for entry in entries]
    except Exception as exc:  # whatever a damaged file raises (OverflowError
        # from _sre on a negative code, MemoryError on a huge group count) must not stop the
        # import. No file yet, or a damaged one: compiled as usual, and written again by save.
        logger.debug("regex cache not used: %s", exc)
        return
    if not built:
        return
    # The key re._compile looks its cache up by; checked on the first pattern, so that a
    # Python that keys it otherwise compiles as usual.
    (pattern, flags), first = built[0]
    cache[str, pattern, flags] = first
    if re.compile(pattern, flags) is not first:
        del cache[str, pattern, flags]
        return
    for (pattern, flags), compiled in built:
        cache[str, pattern, flags] = compiled
    _loaded = {k: entry for (k, _), entry in zip(built, entries, strict=True)}


def _entry(pattern: str, flags: int) -> list[Any]:
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    return [
        pattern,
        flags,
        flags | parsed.state.flags,
        list(code),
        parsed.state.groups - 1,
        dict(parsed.state.groupdict),
    ]


def _ours() -> set[int]:
    """The ids of the compiled patterns the package's modules hold (as globals, or inside a
    tuple, list, set or dict of them, two levels down): what the file keeps. Other libraries'
    patterns are left out; one (tokenize's) is made afresh in each process from a set's order."""
    out: set[int] = set()

    def walk(value: object, depth: int) -> None:
        if isinstance(value, re.Pattern):
            out.add(id(value))
        elif depth and isinstance(value, tuple | list | set | frozenset):
            for item in value:
                walk(item, depth - 1)
        elif depth and isinstance(value, dict):
            for item in value.values():
                walk(item, depth - 1)

    for name, module in list(sys.modules.items()):
        if name == "extractor" or name.startswith("extractor."):
            for value in list(vars(module).values()):
                walk(value, 2)
    return out


def save() -> None:
    """Write the file again when the package's modules hold a compiled pattern it lacks."""
    cache = _cache()
    if cache is None:
        return
    ours = _ours()
    keys = [
        (k[1], k[2])
        for k, v in list(cache.items())
        if id(v) in ours
        and isinstance(k, tuple)
        and len(k) == 3
        and k[0] is str
        and isinstance(k[1], str)
        and isinstance(k[2], int)
    ]
    loaded = _loaded or {}
    new = [k for k in keys if k not in loaded]
    if not new:
        return
    try:
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            # Checked before the work: a folder that cannot be written costs nothing more.
            return
        entries = dict(loaded) if len(loaded) + len(new) <= MAX_ENTRIES else {}
        for pattern, flags in keys:
            if (pattern, flags) in entries:
                continue
            entry = _entry(pattern, flags)
            # Checked: the entry builds the very pattern re compiled (Pattern's equality
            # compares the code too).
            if _build(entry)[1] != cache.get((str, pattern, flags)):
                raise ValueError(f"pattern {pattern!r} does not build as re compiled it")
            entries[pattern, flags] = entry
        text = json.dumps({"key": _key(), "patterns": list(entries.values())}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError, TypeError, AttributeError, ImportError, RuntimeError) as exc:
        logger.debug("regex cache not written: %s", exc)
