"""Bulk runs: many inputs → one output folder with exactly one record per document.

``run_batch`` streams tasks from the inputs (:mod:`extractor.batch.inputs`) through a pool of
worker processes (:mod:`extractor.batch.pool`), appends each record to ``records.jsonl`` as it
arrives, and finally writes ``dataset.csv`` and ``summary.json`` (:mod:`extractor.batch.outputs`).
A rerun skips documents whose record is already there for the same content and extractor
version, so an interrupted batch resumes; ``force`` redoes everything.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from extractor._version import __version__
from extractor.batch.inputs import Task, discover
from extractor.batch.outputs import write_outputs
from extractor.batch.pool import Pool, run_task
from extractor.options import Options

logger = logging.getLogger(__name__)

RECORDS = "records.jsonl"


@dataclass
class BatchResult:
    out_dir: Path
    processed: int
    skipped: int
    failed: int
    seconds: float


def record_key(record: dict[str, object]) -> str:
    """The resume key of a written record: its uri and the hash of the bytes it was made from
    (URLs by address alone: their content is only known after fetching)."""
    source = record.get("source")
    if not isinstance(source, dict):
        return ""
    uri = str(source.get("uri", ""))
    sha = source.get("sha256")
    if uri.lower().startswith(("http://", "https://")) or not sha:
        return uri
    return f"{uri}#{sha}"


def _load_done(path: Path) -> dict[str, str]:
    """Records already written, by resume key. A line cut short by a kill is dropped, so that
    document is done again; records of another extractor version are redone."""
    done: dict[str, str] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("extractor_version") == __version__:
                done[record_key(record)] = line
    return done


class Progress:
    """Documents/s, ETA and failures: one redrawn line on a terminal, log lines otherwise."""

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self.stream = stream
        self.total = total
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.done = 0
        self.failed = 0

    def update(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if now - self.last < (0.2 if self.tty else 5.0) and self.done != self.total:
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        eta = ""
        if self.total:
            left = (self.total - self.done) / rate if rate else 0
            eta = f", ETA {int(left // 60)}:{int(left % 60):02d}"
        of = f"/{self.total}" if self.total else ""
        text = f"{self.done}{of} documents, {rate:.1f}/s{eta}, {self.failed} failed"
        if self.tty:
            self.stream.write("\r" + text + " " * 8)
            self.stream.flush()
        else:
            logger.info(text)

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def run_batch(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    options: Options | None = None,
    workers: int | None = None,
    timeout_s: float = 120.0,
    force: bool = False,
    progress: TextIO | None = sys.stderr,
    cluster: str | None = None,
) -> BatchResult:
    """Process every document the inputs name into ``out_dir``; returns counts. ``cluster`` is
    a Dask scheduler address (or ``local`` for a local cluster); without it the documents run
    in a local process pool. ``DASK_SCHEDULER_ADDRESS`` in the environment works as well."""
    import os

    cluster = cluster or os.environ.get("DASK_SCHEDULER_ADDRESS") or None

    options = options or Options()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records_path = out / RECORDS
    done = {} if force else _load_done(records_path)
    # Rewrite the records kept, so that a half-written last line or records of an older
    # version do not survive; then append as documents finish.
    kept: set[str] = set()
    started = time.monotonic()
    tasks = list(discover(inputs, options.max_input_bytes))
    todo: list[tuple[int, Task]] = []
    tmp = records_path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for i, task in enumerate(tasks):
            key = task.key
            if key in done and key not in kept:
                fh.write(done[key])
                kept.add(key)
            elif key not in kept:
                todo.append((i, task))
    tmp.replace(records_path)
    n_workers = workers or os.cpu_count() or 1
    bar = Progress(progress, len(todo)) if progress is not None else None
    failed = 0
    with records_path.open("a", encoding="utf-8") as fh:
        if cluster and todo:
            from extractor.batch.cluster import cluster_map

            failed = _drain(cluster_map(todo, options, cluster, n_workers), fh, bar)
        elif n_workers == 1 or len(todo) <= 1:
            results = ((i, t, run_task(t, options)) for i, t in todo)
            _drain(results, fh, bar)
        else:
            pool = Pool(min(n_workers, len(todo)), options, timeout_s)
            try:
                failed = _drain(pool.map(iter(todo)), fh, bar)
            finally:
                pool.close()
    if bar is not None:
        bar.finish()
        failed = bar.failed
    write_outputs(out)
    return BatchResult(out, len(todo), len(kept), failed, time.monotonic() - started)


def _drain(results: Iterable[tuple[int, Task, str]], fh: TextIO, bar: Progress | None) -> int:
    failed = 0
    for _, _task, line in results:
        is_failed = '"status":"failed"' in line[:200]
        failed += is_failed
        fh.write(line + "\n")
        fh.flush()
        if bar is not None:
            bar.update(is_failed)
    return failed
