"""Batch jobs that survive restarts.

A job is a folder ``<data_dir>/jobs/<id>/`` holding its input (the uploaded archive or
``urls.txt``) and ``out/`` (what :func:`extractor.batch.run_batch` writes), plus a row in
``<data_dir>/jobs.sqlite3``. A job runs in a daemon thread that calls ``run_batch``; a server
that is stopped or killed mid-batch leaves the row ``running``, and the next server on the same
data dir runs it again, where ``run_batch``'s resume (uri + sha256 + extractor version) skips
the documents already written. There is no second batch engine here.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from extractor.batch import RECORDS, run_batch
from extractor.batch.inputs import discover
from extractor.options import Options

logger = logging.getLogger(__name__)

JobState = Literal["queued", "running", "done", "failed"]
ACTIVE: tuple[JobState, ...] = ("queued", "running")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    inputs TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    total INTEGER,
    documents INTEGER,
    failed INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    summary TEXT
)
"""


class Job(BaseModel):
    id: str
    state: JobState
    inputs: list[str]
    """Input names relative to the job folder."""
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    total: int | None = None
    documents: int | None = None
    failed: int | None = None
    attempts: int = 0
    error: str | None = None
    summary: dict[str, Any] | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    return uuid.uuid4().hex


class JobStore:
    """Job rows in SQLite. A connection per call: calls come from the event loop and from job
    threads, and sqlite3 connections must not be shared between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._db() as db:
            # WAL: status reads do not wait for a job thread's write.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as db, db:
            db.row_factory = sqlite3.Row
            yield db

    def _job(self, row: sqlite3.Row) -> Job:
        data = dict(row)
        data["inputs"] = json.loads(data["inputs"])
        data["summary"] = json.loads(data["summary"]) if data["summary"] else None
        return Job.model_validate(data)

    def create(self, job: Job) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO jobs (id, state, inputs, created_at) VALUES (?, ?, ?, ?)",
                (job.id, job.state, json.dumps(job.inputs), job.created_at),
            )

    def get(self, job_id: str) -> Job | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return self._job(row) if row is not None else None

    def active(self) -> list[Job]:
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM jobs WHERE state IN (?, ?) ORDER BY created_at", ACTIVE
            ).fetchall()
        return [self._job(r) for r in rows]

    def ids(self) -> set[str]:
        with self._db() as db:
            return {row["id"] for row in db.execute("SELECT id FROM jobs")}

    def update(self, job_id: str, **values: Any) -> None:
        if "summary" in values and values["summary"] is not None:
            values["summary"] = json.dumps(values["summary"], ensure_ascii=False)
        # Column names come from this module's callers, never from a request.
        assigns = ", ".join(f"{k} = ?" for k in values)
        with self._db() as db:
            db.execute(f"UPDATE jobs SET {assigns} WHERE id = ?", (*values.values(), job_id))

    def start(self, job_id: str) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE jobs SET state = 'running', started_at = ?, attempts = attempts + 1, "
                "error = NULL WHERE id = ?",
                (now(), job_id),
            )


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    n = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            n += chunk.count(b"\n")
    return n


class JobManager:
    def __init__(
        self,
        data_dir: Path,
        options: Options,
        *,
        batch_workers: int,
        doc_timeout_s: float,
        max_jobs: int,
        memory_mb: int | None = None,
    ) -> None:
        self.root = data_dir / "jobs"
        self.root.mkdir(parents=True, exist_ok=True)
        self.store = JobStore(data_dir / "jobs.sqlite3")
        self.options = options
        # run_batch runs a one-worker batch inline, in this process and without a time limit
        # per document; two or more workers keep every document in a worker process.
        self.batch_workers = max(2, batch_workers)
        self.doc_timeout_s = doc_timeout_s
        self.memory_mb = memory_mb
        self.max_jobs = max_jobs
        self._slots = threading.Semaphore(max_jobs)
        self._admit = threading.Lock()
        # Jobs admitted whose upload is still being stored: they count against max_jobs.
        self._reserved: set[str] = set()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def close(self, wait_s: float = 10.0) -> None:
        """Stop running batches (their workers are killed; the next start resumes them)."""
        self._stop.set()
        deadline = time.monotonic() + wait_s
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def job_dir(self, job_id: str) -> Path:
        return self.root / job_id

    def out_dir(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "out"

    def admit(self) -> str | None:
        """A new job id and its (empty) folder, or None when max_jobs are queued or running."""
        with self._admit:
            if len(self.store.active()) + len(self._reserved) >= self.max_jobs:
                return None
            job_id = new_id()
            self.job_dir(job_id).mkdir(parents=True)
            self._reserved.add(job_id)
            return job_id

    def release(self, job_id: str) -> None:
        """Give back an admitted job whose upload failed."""
        with self._admit:
            self._reserved.discard(job_id)
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)

    def submit(self, job_id: str, inputs: list[str]) -> Job:
        job = Job(id=job_id, state="queued", inputs=inputs, created_at=now())
        with self._admit:
            self.store.create(job)
            self._reserved.discard(job_id)
        self._launch(job_id)
        return job

    def resume(self) -> int:
        """Start again every job a previous server left queued or running, and remove the
        folders of uploads it was still storing (admitted, never submitted)."""
        known = self.store.ids()
        for folder in self.root.iterdir():
            if folder.name not in known:
                logger.info("removing %s: an upload the previous server did not finish", folder)
                shutil.rmtree(folder, ignore_errors=True)
        jobs = self.store.active()
        for job in jobs:
            logger.info("resuming batch %s (%s)", job.id, job.state)
            self.store.update(job.id, state="queued")
            self._launch(job.id)
        return len(jobs)

    def _launch(self, job_id: str) -> None:
        # Daemon: stopping the server must not wait for a batch; the next start resumes it.
        thread = threading.Thread(
            target=self._run, args=(job_id,), daemon=True, name=f"job-{job_id}"
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _run(self, job_id: str) -> None:
        with self._slots:
            job = self.store.get(job_id)
            if job is None or self._stop.is_set():
                return
            self.store.start(job_id)
            folder = self.job_dir(job_id)
            inputs = [str(folder / name) for name in job.inputs]
            try:
                if job.total is None:
                    total = sum(1 for _ in discover(inputs, self.options.max_input_bytes))
                    self.store.update(job_id, total=total)
                result = run_batch(
                    inputs,
                    self.out_dir(job_id),
                    options=self.options,
                    workers=self.batch_workers,
                    timeout_s=self.doc_timeout_s,
                    progress=None,
                    stop=self._stop,
                    hide_prefix=str(folder) + os.sep,
                    memory_mb=self.memory_mb,
                )
                if result.stopped:  # the server is stopping: the next start resumes the job
                    return
                summary = json.loads((self.out_dir(job_id) / "summary.json").read_text("utf-8"))
                self.store.update(
                    job_id,
                    state="done",
                    finished_at=now(),
                    documents=summary.get("documents"),
                    failed=summary.get("by_status", {}).get("failed", 0),
                    summary=summary,
                )
                logger.info("batch %s done: %s documents", job_id, summary.get("documents"))
            except Exception as exc:  # a broken job must not take the server down
                logger.exception("batch %s failed", job_id)
                self.store.update(
                    job_id, state="failed", finished_at=now(), error=f"{type(exc).__name__}: {exc}"
                )

    def done_so_far(self, job: Job) -> int:
        if job.state == "done" and job.documents is not None:
            return job.documents
        return count_lines(self.out_dir(job.id) / RECORDS)
