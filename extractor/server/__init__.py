"""The HTTP service (``extractor serve``): a thin FastAPI shell over the library.

``create_app(config)`` builds the application; ``serve(config)`` runs it on uvicorn. Single
documents run in a pool of worker processes (:mod:`extractor.server.workers`), batches through
:func:`extractor.batch.run_batch` with their state in SQLite (:mod:`extractor.server.jobs`).
See ``docs/server.md``. Nothing here is imported by the library, and this module imports
FastAPI only when the app is built, so the worker processes stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractor.server.config import ServerConfig

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServerConfig", "create_app", "serve"]


def create_app(config: ServerConfig | None = None) -> FastAPI:
    from extractor.server.app import build_app

    return build_app(config or ServerConfig())


def serve(config: ServerConfig) -> None:
    """Run the server until interrupted. One process: jobs and the worker pool live in it."""
    import uvicorn

    from extractor.server.errors import JsonErrorH11Protocol

    uvicorn.run(
        create_app(config),
        host=config.host,
        port=config.port,
        # uvicorn answers requests it cannot parse (a 1 MB header) itself: in the JSON shape.
        http=JsonErrorH11Protocol,
        log_level="info",
        # The JSON error shape covers uvicorn's own refusals only partly; keep its headers lean.
        server_header=False,
    )
