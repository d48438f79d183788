"""The work one document may cost: a deadline and the caps of :class:`~extractor.options.Options`.

:func:`extract` opens a :func:`budget` for each document; the loops that may run long on hostile
input (the PDF and OCR page loops, the digit-run search, the table search, the themes) call
:func:`check`, which raises :class:`~extractor.errors.DeadlineExceeded` once the document's
deadline has passed. A context variable rather than an argument threaded through every call:
the search loops sit five calls below anything that knows about options. No signals and no
threads: a check is a clock read, and the work stops only where it is safe to stop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from extractor.errors import DeadlineExceeded
from extractor.limits import DEFAULT_MEMORY_MB as DEFAULT_MEMORY_MB
from extractor.options import Options

logger = logging.getLogger(__name__)


@dataclass
class Budget:
    """One document's deadline (a ``time.perf_counter`` instant) and its options' caps."""

    options: Options
    deadline: float

    def expired(self) -> bool:
        return time.perf_counter() > self.deadline

    def check(self, where: str) -> None:
        if time.perf_counter() > self.deadline:
            raise DeadlineExceeded(
                f"the document ran past its {self.options.deadline_s:g} s deadline "
                f"(Options.deadline_s) while {where}",
                stage=_STAGE.get(),
            )


_CURRENT: ContextVar[Budget | None] = ContextVar("extractor_budget", default=None)
_STAGE: ContextVar[str] = ContextVar("extractor_stage", default="reading")
_TIMES: ContextVar[dict[str, float] | None] = ContextVar("extractor_stage_times", default=None)
_CLOCK: ContextVar[Callable[[], float]] = ContextVar(
    "extractor_stage_clock", default=time.perf_counter
)


@contextmanager
def budget(options: Options) -> Iterator[Budget]:
    """The budget of one document, current until the block ends."""
    current = Budget(options, time.perf_counter() + options.deadline_s)
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)


@contextmanager
def in_stage(name: str, timer: str | None = None) -> Iterator[None]:
    """Name the pipeline stage the checks inside belong to (for the error's ``stage``); its
    time counts under ``timer`` (default: the stage) when :func:`stage_times` collects."""
    token = _STAGE.set(name)
    try:
        with timed(timer or name):
            yield
    finally:
        _STAGE.reset(token)


@contextmanager
def stage_times(cpu: bool = False) -> Iterator[dict[str, float]]:
    """Collect the seconds each stage takes (summed over the documents extracted inside): for
    the benchmarks, which report them per stage so that a regression shows where it is.
    ``cpu``: this process's CPU seconds rather than wall time (on a machine busy with other
    work, wall time measures that work as much as this)."""
    times: dict[str, float] = {}
    token = _TIMES.set(times)
    clock = _CLOCK.set(time.process_time if cpu else time.perf_counter)
    try:
        yield times
    finally:
        _CLOCK.reset(clock)
        _TIMES.reset(token)


@contextmanager
def timed(name: str) -> Iterator[None]:
    """Add the block's time to ``name`` while :func:`stage_times` collects; else nothing."""
    times = _TIMES.get()
    if times is None:
        yield
        return
    clock = _CLOCK.get()
    start = clock()
    try:
        yield
    finally:
        times[name] = times.get(name, 0.0) + clock() - start


def current() -> Budget | None:
    return _CURRENT.get()


def check(where: str) -> None:
    """Raise :class:`DeadlineExceeded` when the current document is past its deadline; a no-op
    outside :func:`extract` (unit tests calling a stage directly)."""
    b = _CURRENT.get()
    if b is not None:
        b.check(where)


def caps() -> Options:
    """The caps in force: the current document's options, else the defaults."""
    b = _CURRENT.get()
    return b.options if b is not None else _DEFAULTS


_DEFAULTS = Options()


def limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space at ``memory_mb`` MiB (``resource.RLIMIT_AS``), where
    the OS has it: past it allocations fail with MemoryError, which :func:`extract` turns into
    a record (code ``out_of_memory``) instead of the kernel killing the machine's biggest
    process. Never raises: a platform without the limit runs without it."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # Windows
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError) as exc:
        logger.warning("cannot cap the worker's memory at %d MiB: %s", memory_mb, exc)
