"""A process pool that survives its workers: each document runs under a time limit, and a
worker that hangs (even inside native code) or dies is killed and replaced; the document gets a
failed record and the batch goes on. Models and jieba load once per worker."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from extractor.batch.inputs import Task
from extractor.budget import DEFAULT_MEMORY_MB, limit_memory
from extractor.options import Options

logger = logging.getLogger(__name__)


def _worker(conn: Connection, options: Options, memory_mb: int | None = None) -> None:
    from extractor.thememodel import jieba_tokenizer, load_keyword_idf, load_theme_model

    limit_memory(memory_mb)

    # Load jieba's dictionary (as a dict: the worker does many documents) and the models once,
    # before the first document.
    jieba_tokenizer(full=True)
    load_theme_model()
    load_keyword_idf()
    # Tasks are read by a thread of their own as they come (the pool sends the next before
    # this one is done): a large document waiting in the pipe while this process writes a
    # large record into the other direction would block both ends.
    tasks: queue.SimpleQueue[tuple[int, Task] | None] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                msg = conn.recv()
            except BaseException:
                # The pipe closed, or a task could not be unpickled (MemoryError on a large
                # document): the worker ends, and the pool records it as crashed at once rather
                # than as a timeout after waiting on a queue nobody fills.
                msg = None
            tasks.put(msg)
            if msg is None:
                return

    threading.Thread(target=receive, name="tasks", daemon=True).start()
    while (msg := tasks.get()) is not None:
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
    tasks: deque[tuple[int, Task]] = field(default_factory=deque)
    """Sent to the worker, in order: the first is the one it is working on."""
    started: float = 0.0
    """When the worker began the first of ``tasks`` (it was sent, or the one before it came
    back)."""


# Tasks sent to a worker at once: the next one waits in its pipe, so the worker goes on to it
# as soon as it is done rather than after this process has taken its record and sent another
# (this process also reads the inputs and builds the outputs, and a thread doing that holds
# the interpreter for up to 5 ms at a time).
DEPTH = 2
# A task sent ahead waits inside the worker, under its memory cap, while the worker reads the
# one before: only tasks this small (a path, a URL, a small archive member) go ahead; a larger
# archive member waits here until a worker is free for it.
AHEAD_BYTES = 1 << 20


def _light(task: Task) -> bool:
    return task.data is None or len(task.data) <= AHEAD_BYTES


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
        slot.process, slot.conn, slot.tasks = fresh.process, fresh.conn, deque()

    def map(
        self, tasks: Iterator[tuple[int, Task]], stop: threading.Event | None = None
    ) -> Iterator[tuple[int, Task, str]]:
        """(index, task, record JSON) for every task, in completion order. When ``stop`` is
        set, the workers are killed and the documents in progress get no record (a rerun of
        the batch does them again)."""
        pending = iter(tasks)
        # Tasks sent to a worker that was replaced before it began them: sent again first.
        again: deque[tuple[int, Task]] = deque()
        exhausted = False
        while True:
            if stop is not None and stop.is_set():
                self.kill()
                return
            # Each worker one task first, then the next of each.
            for depth in range(1, DEPTH + 1):
                for slot in self.slots:
                    if len(slot.tasks) >= depth:
                        continue
                    if again:
                        nxt: tuple[int, Task] | None = again.popleft()
                    elif exhausted:
                        break
                    elif (nxt := next(pending, None)) is None:
                        exhausted = True
                        break
                    assert nxt is not None
                    if slot.tasks and not _light(nxt[1]):
                        again.appendleft(nxt)
                        break
                    if not slot.tasks:
                        slot.started = time.monotonic()
                    slot.tasks.append(nxt)
                    slot.conn.send(nxt)
            busy = [s for s in self.slots if s.tasks]
            if not busy:
                return
            ready = wait([s.conn for s in busy], timeout=0.5)
            now = time.monotonic()
            for slot in busy:
                index, task = slot.tasks[0]
                if slot.conn in ready:
                    try:
                        got_index, line = slot.conn.recv()
                    except (EOFError, OSError):
                        yield index, task, self._lost(slot, task, "worker_crashed", again)
                        continue
                    slot.tasks.popleft()
                    slot.started = now
                    yield got_index, task, line
                elif not slot.process.is_alive():
                    yield index, task, self._lost(slot, task, "worker_crashed", again)
                elif now - slot.started > self.timeout_s:
                    yield index, task, self._lost(slot, task, "timeout", again)

    def _lost(self, slot: _Slot, task: Task, code: str, again: deque[tuple[int, Task]]) -> str:
        """The failed record of a document whose worker died or ran out of time; the worker
        is replaced, and the tasks it had not begun go to ``again``."""
        from extractor.pipeline import failed_record

        if code == "timeout":
            message = f"extraction ran past the {self.timeout_s:.0f} s limit"
        else:
            message = "the worker process died"
        logger.warning("%s: %s; worker replaced", task.uri, message)
        waiting = list(slot.tasks)[1:]
        again.extendleft(reversed(waiting))
        self._restart(slot)
        return failed_record(task.uri, "batch", code, message).to_json()

    def kill(self) -> None:
        """Stop now: the documents in progress are abandoned."""
        for slot in self.slots:
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join(timeout=5)
            slot.tasks = deque()

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.process.kill()
