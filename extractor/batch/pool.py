"""A process pool that survives its workers: each document runs under a time limit, and a
worker that hangs (even inside native code) or dies is killed and replaced; the document gets a
failed record and the batch goes on. Models and jieba load once per worker."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from extractor.batch.inputs import Task
from extractor.budget import DEFAULT_MEMORY_MB, limit_memory
from extractor.options import Options

logger = logging.getLogger(__name__)


def _worker(conn: Connection, options: Options, memory_mb: int | None = None) -> None:
    from extractor.thememodel import jieba_tokenizer, load_keyword_idf, load_theme_model

    limit_memory(memory_mb)

    # Load jieba's dictionary and the models once, before the first document.
    jieba_tokenizer()
    load_theme_model()
    load_keyword_idf()
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, task = msg
        conn.send((index, run_task(task, options)))


def run_task(task: Task, options: Options) -> str:
    """One task → its record as a JSON line."""
    from extractor.pipeline import extract, failed_record
    from extractor.reading import NamedBytes

    if task.error is not None:
        return failed_record(task.uri, "reading", *task.error).to_json()
    try:
        if task.data is not None:
            report = extract(NamedBytes(task.uri, task.data), options)
        else:
            report = extract(task.path or task.url or task.uri, options)
            if task.path is not None and report.source.uri != task.uri:
                # A file name that is not valid in the file-system encoding: the record says
                # it escaped, as the task does (a lone surrogate cannot be written as JSON).
                report.source = report.source.model_copy(update={"uri": task.uri})
        return report.to_json()
    except MemoryError:
        # extract never raises, but a huge record may not fit as JSON under the worker's cap.
        return failed_record(
            task.uri, "batch", "out_of_memory", "the record needs more memory than the worker has"
        ).to_json()


@dataclass
class _Slot:
    process: Any
    conn: Connection
    task: tuple[int, Task] | None = None
    started: float = 0.0


class Pool:
    def __init__(
        self,
        workers: int,
        options: Options,
        timeout_s: float,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
    ) -> None:
        self.ctx = mp.get_context("spawn")
        self.options = options
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.slots = [self._start() for _ in range(max(1, workers))]

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_worker, args=(child, self.options, self.memory_mb), daemon=True
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def _restart(self, slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        fresh = self._start()
        slot.process, slot.conn, slot.task = fresh.process, fresh.conn, None

    def map(
        self, tasks: Iterator[tuple[int, Task]], stop: threading.Event | None = None
    ) -> Iterator[tuple[int, Task, str]]:
        """(index, task, record JSON) for every task, in completion order. When ``stop`` is
        set, the workers are killed and the documents in progress get no record (a rerun of
        the batch does them again)."""
        pending = iter(tasks)
        exhausted = False
        while True:
            if stop is not None and stop.is_set():
                self.kill()
                return
            for slot in self.slots:
                if slot.task is None and not exhausted:
                    nxt = next(pending, None)
                    if nxt is None:
                        exhausted = True
                        break
                    slot.task, slot.started = nxt, time.monotonic()
                    slot.conn.send(nxt)
            busy = [s for s in self.slots if s.task is not None]
            if not busy:
                return
            ready = wait([s.conn for s in busy], timeout=0.5)
            now = time.monotonic()
            for slot in busy:
                assert slot.task is not None
                index, task = slot.task
                if slot.conn in ready:
                    try:
                        got_index, line = slot.conn.recv()
                    except (EOFError, OSError):
                        yield index, task, self._lost(slot, task, "worker_crashed")
                        continue
                    slot.task = None
                    yield got_index, task, line
                elif not slot.process.is_alive():
                    yield index, task, self._lost(slot, task, "worker_crashed")
                elif now - slot.started > self.timeout_s:
                    yield index, task, self._lost(slot, task, "timeout")

    def _lost(self, slot: _Slot, task: Task, code: str) -> str:
        """The failed record of a document whose worker died or ran out of time; the worker
        is replaced."""
        from extractor.pipeline import failed_record

        if code == "timeout":
            message = f"extraction ran past the {self.timeout_s:.0f} s limit"
        else:
            message = "the worker process died"
        logger.warning("%s: %s; worker replaced", task.uri, message)
        self._restart(slot)
        return failed_record(task.uri, "batch", code, message).to_json()

    def kill(self) -> None:
        """Stop now: the documents in progress are abandoned."""
        for slot in self.slots:
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join(timeout=5)
            slot.task = None

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.process.kill()
