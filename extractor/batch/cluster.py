"""Cluster mode: the same batch on a Dask cluster (the ``distributed`` extra).

Tasks go to the cluster in chunks (a round trip costs ~11 ms, so one document per task would
waste a quarter of the time on small reports); each chunk returns its records. A chunk whose
worker dies gives every one of its documents a failed record; the batch goes on.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait

from extractor.batch.inputs import Task
from extractor.errors import MissingExtra
from extractor.options import Options

logger = logging.getLogger(__name__)

# Documents per cluster task: ~20 reports is about a second of work.
CHUNK = 20
LOCAL = "local"


def _run_chunk(tasks: list[Task], options: Options) -> list[str]:
    from extractor.batch.pool import run_task

    return [run_task(task, options) for task in tasks]


def cluster_map(
    todo: Iterable[tuple[int, Task]], options: Options, address: str, workers: int
) -> Iterator[tuple[int, Task, str]]:
    """(index, task, record JSON) for every task, computed on the cluster at ``address``
    (``local`` starts a local cluster of ``workers`` processes)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise MissingExtra("cluster mode (--cluster)", "distributed") from exc
    from extractor.pipeline import failed_record

    cluster = None
    if address == LOCAL:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        executor = client.get_executor(pure=False)
        pending = iter(todo)
        in_flight: dict[Future[list[str]], list[tuple[int, Task]]] = {}
        # A few chunks per worker in flight: the cluster stays busy and memory stays flat.
        limit = 4 * max(1, workers)
        while True:
            while len(in_flight) < limit:
                chunk = list(itertools.islice(pending, CHUNK))
                if not chunk:
                    break
                future = executor.submit(_run_chunk, [t for _, t in chunk], options)
                in_flight[future] = chunk
            if not in_flight:
                return
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = in_flight.pop(future)
                try:
                    lines = future.result()
                except Exception as exc:  # a worker lost with its chunk
                    logger.warning("cluster task failed: %s", exc)
                    lines = [
                        failed_record(t.uri, "batch", "worker_crashed", str(exc)).to_json()
                        for _, t in chunk
                    ]
                for (index, task), line in zip(chunk, lines, strict=True):
                    yield index, task, line
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
