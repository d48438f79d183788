"""Single documents off the event loop: a fixed set of worker processes, each serving one
document at a time, so ``/healthz`` and other requests stay responsive while extraction (CPU
bound, partly native code) runs elsewhere.

The workers speak the batch pool's protocol (a :class:`~extractor.batch.inputs.Task` in,
:func:`extractor.batch.pool.run_task`'s record JSON line out). A document that runs
past the request's deadline, or kills its worker, costs only that worker: it is killed and
replaced, which ``concurrent.futures`` pools cannot do for one task.

Each document is sent with its own deadline (``Options.deadline_s``): 80% of what is left of its
request's time after it waited for a worker, so that it ends with a record (code ``deadline``)
rather than a 504. A slow document does not starve the others: while requests wait and a
worker has been on one document for longer than ``slow_after_s``, a spare worker is started
for each such document (up to ``size`` spares). Spares are retired once the slow documents are
done: the worker that finishes a document goes when there are more spares than slow documents,
and a reaper retires idle workers past that count, so a spare that has nothing to do does not
wait for the next document to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from extractor.batch.inputs import Task
from extractor.batch.pool import run_task
from extractor.budget import limit_memory
from extractor.options import Options

logger = logging.getLogger(__name__)

# Extracted once by each new worker so that the first real request does not pay for loading
# the readers, jieba and the models (about 2 s).
_WARM_UP = (
    "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度公开工作稳步推进。\n"
    "五、存在的主要问题及改进情况\n一是解读形式不够丰富。下一步将加强政策解读。\n"
)


def _worker(conn: Connection, options: Options, memory_mb: int | None = None) -> None:
    limit_memory(memory_mb)
    try:
        from extractor.thememodel import jieba_tokenizer

        # jieba's dictionary as a dict at once: a server worker does many documents.
        jieba_tokenizer(full=True)
        run_task(Task(uri="warm-up.txt", data=_WARM_UP.encode("utf-8")), options)
    except Exception:  # a warm-up failure shows again, with its record, on a real document
        logger.exception("worker warm-up failed")
    conn.send("ready")
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, task, deadline_s = msg
        doc_options = options
        if deadline_s < options.deadline_s:
            doc_options = options.model_copy(update={"deadline_s": deadline_s})
        conn.send((index, run_task(task, doc_options)))


class Timeout(Exception):
    """The document did not finish before the deadline."""


class WorkerCrashed(Exception):
    """The worker process died on the document."""


# Share of what is left of a request's time that its document may take: the rest is for
# sending the record back (and a loaded machine).
DEADLINE_SHARE = 0.8
# A document is given at least this long, however late it got a worker.
MIN_DEADLINE_S = 0.5
# How often a request waiting for a worker looks whether a spare is due.
_WAIT_TICK_S = 0.25
# How often idle workers beyond the slow documents' spares are looked for and retired.
_REAP_TICK_S = 1.0


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection
    since: float | None = None
    """When it took its current document (time.monotonic), None while idle."""


class WorkerPool:
    def __init__(
        self,
        size: int,
        options: Options,
        slow_after_s: float = 10.0,
        memory_mb: int | None = None,
    ) -> None:
        self.size = size
        self.options = options
        self.slow_after_s = slow_after_s
        self.memory_mb = memory_mb
        self.ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: list[_Worker] = []
        self._running: set[_Worker] = set()
        self._closed = False
        self._reaper: asyncio.Task[None] | None = None
        self.busy = 0
        self.spares = 0
        """Workers started beyond ``size`` for slow documents (starting, idle or busy)."""

    @property
    def idle(self) -> int:
        """Workers started, warmed up and free."""
        return self._idle.qsize() if self._idle is not None else 0

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_worker,
            args=(child, self.options, self.memory_mb),
            daemon=True,
            name="extract-worker",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.append(worker)
        return worker

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            await asyncio.to_thread(self._add)
        self._reaper = asyncio.create_task(self._reap())

    async def _reap(self) -> None:
        """Retire idle workers while there are more spares than slow documents. A worker idle
        in the queue means no request is waiting for one."""
        assert self._idle is not None
        while not self._closed:
            await asyncio.sleep(_REAP_TICK_S)
            while self.spares > self._spares_due() and not self._idle.empty():
                worker = self._idle.get_nowait()
                self.spares -= 1
                logger.info("retiring an idle spare worker (%d spare(s) left)", self.spares)
                await asyncio.to_thread(self._retire, worker)

    def _retire(self, worker: _Worker) -> None:
        """Stop an idle worker: asked to leave, killed if it does not."""
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.process.join(timeout=3)
        self._discard(worker)

    def _add(self) -> None:
        """Start a worker; it joins the idle queue once warmed up, so a request never waits
        behind a cold start it could have avoided, and /healthz can tell."""
        worker = self._spawn()
        threading.Thread(target=self._when_ready, args=(worker,), daemon=True).start()

    def _when_ready(self, worker: _Worker) -> None:
        try:
            ready = worker.conn.poll(600) and worker.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if self._closed:
            return
        assert self._loop is not None and self._idle is not None
        if ready:
            self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)
            return
        logger.error("a worker process failed to start; starting another in 5 s")
        self._discard(worker)
        time.sleep(5)
        if not self._closed:
            self._add()

    def _discard(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        with contextlib.suppress(OSError):
            worker.conn.close()
        with contextlib.suppress(ValueError):
            self._all.remove(worker)

    def _slow(self) -> int:
        now = time.monotonic()
        return sum(
            1 for w in self._running if w.since is not None and now - w.since > self.slow_after_s
        )

    def _spares_due(self) -> int:
        return min(self._slow(), self.size)

    def _grow(self) -> None:
        """A request is waiting: a spare worker for each slow document that has none yet."""
        if not self._closed and self.spares < self._spares_due():
            self.spares += 1
            logger.info("starting a spare worker (%d slow document(s) running)", self._slow())
            self._add()

    async def _take(self, deadline: float) -> _Worker:
        assert self._idle is not None, "start() first"
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout
            try:
                return await asyncio.wait_for(self._idle.get(), min(left, _WAIT_TICK_S))
            except TimeoutError:
                self._grow()

    async def run(self, task: Task, timeout_s: float) -> str:
        """The record JSON of one task; waiting for a free worker counts against the timeout."""
        assert self._idle is not None, "start() first"
        deadline = time.monotonic() + timeout_s
        worker = await self._take(deadline)
        finished = False
        self.busy += 1
        worker.since = time.monotonic()
        self._running.add(worker)
        try:
            left = max(0.0, deadline - time.monotonic())
            doc_deadline = max(MIN_DEADLINE_S, DEADLINE_SHARE * left)
            # send() blocks while a large upload goes through the pipe: not on the loop.
            await asyncio.to_thread(worker.conn.send, (0, task, doc_deadline))
            left = max(0.0, deadline - time.monotonic())
            if not await asyncio.to_thread(worker.conn.poll, left):
                raise Timeout
            _, line = await asyncio.to_thread(worker.conn.recv)
            finished = True
            assert isinstance(line, str)
            return line
        except (EOFError, OSError) as exc:
            raise WorkerCrashed from exc
        finally:
            self.busy -= 1
            worker.since = None
            self._running.discard(worker)
            retire = self.spares > self._spares_due()
            if finished and not retire:
                self._idle.put_nowait(worker)
            elif finished:
                # The slow documents it stood in for are done.
                self.spares -= 1
                self._discard(worker)
            else:
                # Timed out, crashed or the request was cancelled: the worker may still be
                # busy with the document, so it is replaced rather than reused.
                logger.warning("replacing a worker after an unfinished document (%s)", task.uri)
                self._discard(worker)
                if retire:
                    self.spares -= 1
                else:
                    self._add()

    def close(self) -> None:
        self._closed = True
        if self._reaper is not None:
            self._reaper.cancel()
        for worker in self._all:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._all:
            worker.process.join(timeout=3)
            if worker.process.is_alive():
                worker.process.kill()
        self._all.clear()
