"""The work one document may cost: a deadline and the caps of :class:`~extractor.options.Options`.

:func:`extract` opens a :func:`budget` for each document; the loops that may run long on hostile
input (the PDF and OCR page loops, the digit-run search, the table search, the themes) call
:func:`check`, which raises :class:`~extractor.errors.DeadlineExceeded` once the document's
deadline has passed. A context variable rather than an argument threaded through every call:
the search loops sit five calls below anything that knows about options. No signals and no
threads: a check is a clock read, and the work stops only where it is safe to stop.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from extractor.errors import DeadlineExceeded
from extractor.options import Options


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
def in_stage(name: str) -> Iterator[None]:
    """Name the pipeline stage the checks inside belong to (for the error's ``stage``)."""
    token = _STAGE.set(name)
    try:
        yield
    finally:
        _STAGE.reset(token)


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
