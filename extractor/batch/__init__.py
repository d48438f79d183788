"""Bulk runs: many inputs → one output folder with exactly one record per document.

``run_batch`` streams tasks from the inputs (:mod:`extractor.batch.inputs`) through a pool of
worker processes (:mod:`extractor.batch.pool`), appends each record to ``records.jsonl`` as it
arrives, and finally writes ``dataset.csv``, ``dataset.xlsx``, ``summary.json`` and the cross-year
files (:mod:`extractor.batch.outputs`): a first run with a pool builds them from the records as
they arrive, a resumed run from ``records.jsonl`` after compacting it.
A rerun skips documents whose record is already there for the same content and extractor
version, so an interrupted batch resumes; ``force`` redoes everything.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from extractor._version import __version__
from extractor.batch.inputs import Task, discover
from extractor.batch.outputs import Outputs, parse_record, write_outputs
from extractor.batch.pool import Pool, run_task
from extractor.budget import DEFAULT_MEMORY_MB
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
    stopped: bool = False
    documents_failed: int = 0
    """Failed records in the output folder after the run, this run's and earlier runs' kept
    ones together (``summary.json``'s ``by_status.failed``)."""


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


def _load_done(path: Path) -> set[str]:
    """Resume keys of the records already written by this extractor version. A line cut short
    by a kill is removed first, so that document is done again."""
    done: set[str] = set()
    if not path.exists():
        return done
    _drop_partial_line(path)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("extractor_version") == __version__:
                done.add(record_key(record))
    return done


def _drop_partial_line(path: Path) -> None:
    with path.open("rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return
        fh.seek(max(0, size - 1))
        if fh.read(1) == b"\n":
            return
        # Walk back to the last complete line.
        pos = size
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                fh.truncate(pos - step + cut + 1)
                return
            pos -= step
        fh.truncate(0)


# How a record written by Report.to_json names its source: the first "source" key of the line
# (no object before it in a record has one), its first member the uri.
_SOURCE_URI = '"source":{"uri":'
_DECODER = json.JSONDecoder()


def _uri_of(line: str) -> str | None:
    """The record's ``source.uri``, None for a line that is no record. A record's line is
    about 50 KB and only the uri is needed: it is decoded alone where it is found, the whole
    line only otherwise (a record written some other way)."""
    at = line.find(_SOURCE_URI)
    if at >= 0:
        try:
            uri, _ = _DECODER.raw_decode(line, at + len(_SOURCE_URI))
        except json.JSONDecodeError:
            uri = None
        if isinstance(uri, str):
            return uri
    try:
        record = json.loads(line)
        uri = record["source"]["uri"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return None
    return uri if isinstance(uri, str) else None


def _compact(path: Path) -> bool:
    """One record per document: a document redone (new content or extractor version) keeps its
    latest record only. Whether any line was dropped."""
    last: dict[str, int] = {}
    lines = 0
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            lines += 1
            uri = _uri_of(line)
            if uri is not None:
                last[uri] = n
    keep = set(last.values())
    if len(keep) == lines:
        return False  # nothing to drop (a first run): the file stays as it is
    tmp = path.with_suffix(".jsonl.tmp")
    with path.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n in keep:
                dst.write(line)
    tmp.replace(path)
    return True


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


# Share of a pool worker's time limit (timeout_s) a document's deadline may take.
DEADLINE_SHARE = 0.8


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
    stop: threading.Event | None = None,
    csv_bom: bool = True,
    hide_prefix: str = "",
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> BatchResult:
    """Process every document the inputs name into ``out_dir``; returns counts. ``cluster`` is
    a Dask scheduler address (or ``local`` for a local cluster); without it the documents run
    in a local process pool. ``DASK_SCHEDULER_ADDRESS`` in the environment works as well.
    ``stop`` (a local pool only) ends the batch early: the workers are killed, the documents
    they were reading get no record, the outputs are not written and the result says
    ``stopped``; a rerun resumes. ``csv_bom`` starts ``dataset.csv`` with the UTF-8 byte order
    mark, which Excel needs to read it as UTF-8. ``hide_prefix`` is taken out of the sources'
    names in ``dataset.xlsx`` (the server's job folder). ``memory_mb`` caps each pool worker's
    address space (``RLIMIT_AS``; None: no cap): a document past it gets an ``out_of_memory``
    record."""
    cluster = cluster or os.environ.get("DASK_SCHEDULER_ADDRESS") or None

    options = options or Options()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records_path = out / RECORDS
    if force:
        records_path.unlink(missing_ok=True)
    done = _load_done(records_path)
    started = time.monotonic()
    counts = {"todo": 0, "skipped": 0}
    seen: set[str] = set()

    def todo() -> Iterator[tuple[int, Task]]:
        """Tasks not done yet, streamed: the inputs are never all in memory at once."""
        for i, task in enumerate(discover(inputs, options.max_input_bytes)):
            # The content hash is only needed to compare with earlier records; a first run
            # leaves hashing to the worker, which reads the file anyway.
            key = task.key if done else task.uri
            if key in seen:
                continue
            seen.add(key)
            if key in done:
                counts["skipped"] += 1
                continue
            counts["todo"] += 1
            yield i, task

    n_workers = workers or os.cpu_count() or 1
    worker_options = options
    if n_workers > 1 and options.deadline_s > DEADLINE_SHARE * timeout_s:
        # A document stops with a record (code deadline) before its worker is killed at the
        # time limit (code timeout, nothing read kept), as on the server.
        worker_options = options.model_copy(update={"deadline_s": DEADLINE_SHARE * timeout_s})
    if options.ocr_threads is None and n_workers > 1:
        # Each worker's OCR engine would otherwise use every core: n workers × all cores.
        threads = max(1, (os.cpu_count() or 1) // n_workers)
        worker_options = worker_options.model_copy(update={"ocr_threads": threads})
    bar = Progress(progress, None) if progress is not None else None
    failed = 0
    streamed: Outputs | None = None
    with records_path.open("a", encoding="utf-8") as fh:
        if cluster:
            from extractor.batch.cluster import cluster_map

            failed = _drain(cluster_map(todo(), options, cluster, n_workers), fh, bar)
        elif n_workers == 1:
            failed = _drain(((i, t, run_task(t, options)) for i, t in todo()), fh, bar)
        else:
            pool = Pool(n_workers, worker_options, timeout_s, memory_mb)
            # A first run's records file holds this run's records alone, in the order they
            # are written: its outputs can be built as they arrive. A resumed run's outputs
            # include the records kept from before, so they are built from the file after.
            fresh = fh.tell() == 0
            stream = _Stream(out, csv_bom, hide_prefix) if fresh else None
            warm = threading.Thread(target=_load_for_outputs, name="outputs-warm", daemon=True)
            finished = False
            try:
                results = pool.map(todo(), stop)
                if stream is None:
                    failed = _drain(_loading_meanwhile(results, warm.start), fh, bar)
                else:
                    failed = _drain(_loading_meanwhile(results, stream.start), fh, bar, stream)
                finished = not (stop is not None and stop.is_set())
            finally:
                pool.close()
                if warm.ident is not None:
                    warm.join()
                if stream is not None:
                    streamed = stream.close(keep=finished)
    if bar is not None:
        bar.finish()
    if stop is not None and stop.is_set():
        if streamed is not None:
            streamed.abort()
        logger.info("batch into %s stopped; a rerun resumes it", out)
        return BatchResult(out, counts["todo"], counts["skipped"], failed, 0.0, stopped=True)
    if _compact(records_path) and streamed is not None:
        # Two records of one document (the same uri from two inputs): the outputs hold the
        # compacted file's records.
        streamed.abort()
        streamed = None
    if streamed is not None:
        summary = streamed.finish()
    else:
        summary = write_outputs(out, csv_bom=csv_bom, hide=hide_prefix)
    return BatchResult(
        out,
        counts["todo"],
        counts["skipped"],
        failed,
        time.monotonic() - started,
        documents_failed=summary["by_status"].get("failed", 0),
    )


def _loading_meanwhile(
    results: Iterator[tuple[int, Task, str]], start: Callable[[], None]
) -> Iterator[tuple[int, Task, str]]:
    """``results``, with ``start`` called once the first has come: while the workers extract,
    this process mostly waits on them, so it loads what the outputs need (and builds them, where
    it can) meanwhile rather than after the last document; not before, when the workers are
    loading their own dictionaries and models on the same cores."""
    started = False
    for item in results:
        if not started:
            start()
            started = True
        yield item


class _Stream:
    """The outputs of a first run built in a thread of this process as the records arrive: the
    workers keep both cores busy with documents, and after the last one only the files' ends
    are left to write (600 reports' rows, sheets and series had taken 1.3 s of CPU after the
    workers were done, with one core idle). Bounded, so that workers faster than the outputs
    wait for them rather than fill this process's memory with records."""

    def __init__(self, out: Path, csv_bom: bool, hide: str) -> None:
        self.out = out
        self.csv_bom = csv_bom
        self.hide = hide
        self.lines: queue.Queue[str | None] = queue.Queue(maxsize=STREAM_QUEUE)
        self.thread = threading.Thread(target=self._run, name="outputs", daemon=True)
        self.outputs: Outputs | None = None

    def start(self) -> None:
        if self.thread.ident is None:
            self.thread.start()

    def put(self, line: str) -> None:
        self.start()
        self.lines.put(line)

    def _run(self) -> None:
        _load_for_outputs()
        outputs: Outputs | None = None
        n = 0
        try:
            outputs = Outputs(self.out, csv_bom=self.csv_bom, hide=self.hide)
            while (line := self.lines.get()) is not None:
                n += 1
                if (record := parse_record(line, self.out / RECORDS, n)) is not None:
                    outputs.add(record)
        except Exception:
            # Built again from the records file after the run.
            logger.warning("building the outputs as the records came failed", exc_info=True)
            if outputs is not None:
                outputs.abort()
            while self.lines.get() is not None:
                pass
            return
        self.outputs = outputs

    def close(self, *, keep: bool) -> Outputs | None:
        """The outputs built (None when they could not be); ``keep`` False: dropped."""
        if self.thread.ident is None:
            return None
        self.lines.put(None)
        self.thread.join()
        if self.outputs is not None and not keep:
            self.outputs.abort()
            return None
        return self.outputs


# Records waiting for the outputs thread at most (about 50 KB each).
STREAM_QUEUE = 200


def _load_for_outputs() -> None:
    """Import and load what :func:`write_outputs` uses: pyarrow where installed, and jieba's
    dictionary with the comparison (compare.jsonl's similarity reads jieba words)."""
    try:
        from extractor.batch.outputs import _has_pyarrow
        from extractor.comparison import compare  # noqa: F401
        from extractor.thememodel import jieba_tokenizer, keyword_stopwords

        _has_pyarrow()
        jieba_tokenizer()
        keyword_stopwords()
    except Exception:  # the outputs load what they need themselves; this only saves time
        logger.debug("loading for the outputs failed", exc_info=True)


def _drain(
    results: Iterable[tuple[int, Task, str]],
    fh: TextIO,
    bar: Progress | None,
    stream: _Stream | None = None,
) -> int:
    failed = 0
    for _, _task, line in results:
        is_failed = '"status":"failed"' in line[:200]
        failed += is_failed
        fh.write(line + "\n")
        fh.flush()
        if stream is not None:
            stream.put(line)
        if bar is not None:
            bar.update(is_failed)
    return failed
