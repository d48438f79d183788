"""The FastAPI application: routes, limits, the token check and the web page."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import os
import re
import secrets
import shutil
import tarfile
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from extractor._version import __version__
from extractor.batch import RECORDS
from extractor.batch.inputs import Task, is_archive
from extractor.comparison import Comparison, compare
from extractor.fields import field_specs
from extractor.report import SCHEMA_VERSION, Report
from extractor.server.config import ServerConfig
from extractor.server.errors import (
    ApiError,
    ErrorResponse,
    error_response,
    install,
    invalid_request,
)
from extractor.server.jobs import Job, JobManager
from extractor.server.models import (
    BatchBodies,
    BatchReports,
    BatchUrls,
    CompareUrls,
    ExtractUrl,
    FieldInfo,
    Health,
    JobLinks,
    JobStatus,
    Progress,
    Series,
)
from extractor.server.views import bodies, public, record_at, report_rows, series
from extractor.server.workers import Timeout, WorkerCrashed, WorkerPool

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# Written by extractor.batch when it can make a workbook; linked only where a batch has one.
EXCEL = "dataset.xlsx"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Multipart framing and form fields around the file itself.
_ENVELOPE = 64 * 1024
# JSON room for one URL of a batch (4096 characters at most).
_URL_BYTES = 4 * 1024
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")
# The page loads nothing from elsewhere and runs no inline script.
_PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

# A failed record's first error code → the HTTP status of the answer. Everything else that a
# document can fail with (empty, undecodable, corrupt, encrypted, no_text, too_complex,
# deadline, …) is 422.
_FAILED_STATUS = {
    "internal_error": 500,
    "too_large": 413,
    "unsupported_format": 415,
    "format_mismatch": 415,
    "private_address": 403,
    "fetch_failed": 502,
    "invalid_url": 422,
}

# Seconds a client refused with 503 busy is told to wait: a few documents' time.
RETRY_AFTER_S = 5

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over the cap of their route, before they are stored anywhere:
    at once when Content-Length says so, and while reading for chunked uploads."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int | None]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            # A route that reads no body: the answer only drains it, while it waits for a
            # disconnect, so refusing it there would cut that answer short.
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            response = error_response(
                413, "too_large", f"the request body is {int(length)} bytes, over {limit} bytes"
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError(413, "too_large", f"the request body is over {limit} bytes")
            return message

        await self.app(scope, limited, send)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _safe_name(filename: str | None, fallback: str) -> str:
    """A file name to show and to keep: no folders, no odd characters, not hidden."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")[:120]
    return base or fallback


async def _json_body(request: Request, limit: int) -> bytes:
    """The body of a JSON request, refused with 413 as soon as it passes ``limit``: a JSON
    body is held in memory, unlike an upload, so its cap is its own and small."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"the JSON body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(model: type[BaseModel], body: bytes) -> Any:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise invalid_request(exc.errors()) from None


def _record_response(line: str) -> Response:
    record = json.loads(line)
    if record.get("status") == "failed":
        errors = record.get("errors") or [{"code": "failed", "message": "extraction failed"}]
        first = errors[0]
        status = _FAILED_STATUS.get(first["code"], 422)
        raise ApiError(status, first["code"], first["message"], errors)
    return Response(line, media_type="application/json")


def _archive_kind(fh: BinaryIO) -> str | None:
    fh.seek(0)
    if zipfile.is_zipfile(fh):
        return ".zip"
    fh.seek(0)
    try:
        with tarfile.open(fileobj=fh, mode="r:*") as tf:
            tf.next()
        return ".tar"
    except (tarfile.TarError, EOFError, OSError):
        return None
    finally:
        fh.seek(0)


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": what}
    for code, what in {
        401: "Missing or wrong bearer token (when the server has one).",
        413: "The upload is over the size cap.",
        415: "Not multipart/form-data or application/json, or a format the extractor cannot read.",
        422: "Invalid request body, or a document that could not be read.",
    }.items()
}


def _body(file_description: str, json_schema: dict[str, Any], json_example: Any) -> dict[str, Any]:
    """An OpenAPI request body: a multipart ``file`` upload, or JSON."""
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": file_description,
                        }
                    },
                }
            },
            "application/json": {"schema": json_schema, "example": json_example},
        },
    }


_EXTRACT_BODY = _body(
    "The report: a web page, text, PDF (with or without a text layer), Word file or image.",
    ExtractUrl.model_json_schema(),
    {"url": "https://www.example.gov.cn/2023ndbg.html"},
)
_BATCH_BODY = _body(
    "A zip, tar or tar.gz archive of reports.",
    BatchUrls.model_json_schema(),
    {"urls": ["https://www.example.gov.cn/2023ndbg.html"]},
)

_COMPARE_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    f"{side}{suffix}": {
                        "type": "string",
                        **({"format": "binary"} if not suffix else {"format": "uri"}),
                        "description": f"The {when} report{what}.",
                    }
                    for side, when in (("old", "earlier year's"), ("new", "later year's"))
                    for suffix, what in (("", ": a file"), ("_url", ": an http(s) URL instead"))
                },
            }
        },
        "application/json": {
            "schema": CompareUrls.model_json_schema(),
            "example": {
                "old": "https://www.example.gov.cn/2022ndbg.html",
                "new": "https://www.example.gov.cn/2023ndbg.html",
            },
        },
    },
}

_RECORD_EXAMPLE = {
    "schema_version": SCHEMA_VERSION,
    "extractor_version": __version__,
    "status": "ok",
    "errors": [],
    "warnings": [],
    "source": {"uri": "xinghe2023.txt", "kind": "txt", "sha256": "…", "size_bytes": 8000},
    "metadata": {
        "title": "星河市…2023年政府信息公开工作年度报告",
        "year": 2023,
        "template": "2021",
    },
    "sections": [],
    "fields": {"requests.new.total": 181},
    "tables": [],
    "checks": [],
    "themes": [],
}


def _fetch_errors(unfetched: str) -> dict[int | str, dict[str, Any]]:
    """The error answers of a route that takes documents by upload or URL (OpenAPI)."""
    return {
        403: {"model": ErrorResponse, "description": "URL on a private address."},
        502: {"model": ErrorResponse, "description": unfetched},
        503: {"model": ErrorResponse, "description": "Too many documents waiting."},
        504: {"model": ErrorResponse, "description": "Over the per-request time limit."},
    }


def build_app(config: ServerConfig) -> FastAPI:
    options = config.options()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    jobs = JobManager(
        config.data_dir,
        options,
        batch_workers=config.batch_workers,
        doc_timeout_s=config.doc_timeout_s,
        max_jobs=config.max_jobs,
        memory_mb=config.max_memory_mb or None,
    )
    pool = WorkerPool(
        config.workers,
        options,
        slow_after_s=config.slow_after_s,
        memory_mb=config.max_memory_mb or None,
    )
    # What the page tells people it can read: scans need the ocr extra, .doc needs LibreOffice.
    ocr_ready = importlib.util.find_spec("rapidocr") is not None
    legacy_word = bool(shutil.which("soffice") or shutil.which("libreoffice"))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        resumed = jobs.resume()
        if resumed:
            logger.info("resumed %d unfinished batch(es)", resumed)
        try:
            yield
        finally:
            jobs.close()
            pool.close()

    app = FastAPI(
        title="extractor",
        version=__version__,
        description="Structured JSON from 政府信息公开工作年度报告. Errors always have the shape "
        '`{"error": {"status", "code", "message", "details"}}`. See docs/server.md.',
        lifespan=lifespan,
        # The interactive docs pages load their scripts from a CDN, which an offline machine
        # cannot reach; the OpenAPI document itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    install(app)

    def limit_for(path: str) -> int | None:
        if path == "/v1/extract":
            return config.max_upload_bytes + _ENVELOPE
        if path == "/v1/compare":
            return 2 * config.max_upload_bytes + _ENVELOPE
        if path == "/v1/batches":
            return config.max_archive_bytes + _ENVELOPE
        return None

    app.add_middleware(BodyLimit, limit_for=limit_for)

    async def require_token(request: Request) -> None:
        if config.token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), config.token.encode()
        ):
            raise ApiError(
                401,
                "unauthorized",
                "this server needs 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_token)], responses=_ERRORS)
    # Documents of /v1/extract and /v1/compare in flight or waiting for a worker (one event
    # loop: no lock).
    pending = [0]

    @contextmanager
    def admitted(documents: int) -> Iterator[None]:
        """Count ``documents`` as waiting for a worker while the block runs, or answer 503
        (with Retry-After) when that would pass ``max_pending``."""
        if pending[0] + documents > config.max_pending:
            raise ApiError(
                503,
                "busy",
                f"{config.max_pending} documents are already waiting; retry later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        pending[0] += documents
        try:
            yield
        finally:
            pending[0] -= documents

    @v1.post(
        "/extract",
        summary="Extract one report",
        description='Send the document as multipart field `file`, or JSON `{"url": ...}`. '
        "Answers the record (200; `status` ok or partial). A document that cannot be read "
        "answers the error shape with the record's error code and its `errors` as details.",
        responses={
            200: {
                "model": Report,
                "description": "The record.",
                "content": {"application/json": {"example": _RECORD_EXAMPLE}},
            },
            **_fetch_errors("The URL could not be fetched."),
        },
        openapi_extra={"requestBody": _EXTRACT_BODY},
    )
    async def extract_one(request: Request) -> Response:
        with admitted(1):
            return await _extract_one(request)

    async def _extract_one(request: Request) -> Response:
        media = _media_type(request)
        if media == "multipart/form-data":
            async with request.form(max_files=1, max_fields=8) as form:
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise ApiError(
                        422, "missing_file", "send the document as the multipart field 'file'"
                    )
                task = await upload_task(upload, "upload")
        elif media == "application/json":
            url = _parse_json(ExtractUrl, await _json_body(request, _ENVELOPE)).url
            task = Task(uri=url, url=url)
        else:
            raise ApiError(
                415,
                "unsupported_media_type",
                "send multipart/form-data with the field 'file', or application/json "
                '{"url": ...}',
            )
        return _record_response(await run_one(task))

    async def upload_task(upload: UploadFile, fallback: str) -> Task:
        """The uploaded document as a task, refused past ``max_upload_bytes``."""
        name = _safe_name(upload.filename, fallback)
        data = await upload.read(config.max_upload_bytes + 1)
        if len(data) > config.max_upload_bytes:
            raise ApiError(
                413, "too_large", f"{name} is over the limit of {config.max_upload_bytes} bytes"
            )
        return Task(uri=name, data=data)

    async def run_one(task: Task) -> str:
        try:
            line: str = await pool.run(task, config.request_timeout_s)
            return line
        except Timeout:
            raise ApiError(
                504, "timeout", f"extraction ran past the {config.request_timeout_s:g} s limit"
            ) from None
        except WorkerCrashed:
            raise ApiError(
                422, "worker_crashed", "the document crashed the extraction process"
            ) from None

    @v1.post(
        "/compare",
        summary="Compare two reports of one body (year over year)",
        description="Send the earlier and the later report as multipart fields `old` and `new` "
        "(files; `old_url` / `new_url` instead take a URL), or JSON "
        '`{"old": url, "new": url}`. Both are extracted as by `/v1/extract`, then compared '
        "by `extractor.compare` (docs/compare.md): answers the comparison. A document that "
        "cannot be read answers the error shape with its code; `details` says which side "
        "(`side`) and holds its record's `errors`.",
        responses={
            200: {"model": Comparison, "description": "The comparison."},
            **_fetch_errors("A URL could not be fetched."),
        },
        openapi_extra={"requestBody": _COMPARE_BODY},
    )
    async def compare_two(request: Request) -> Response:
        with admitted(2):
            return await _compare_two(request)

    async def _compare_two(request: Request) -> Response:
        media = _media_type(request)
        tasks: list[Task] = []
        if media == "multipart/form-data":
            async with request.form(max_files=2, max_fields=8) as form:
                for side in ("old", "new"):
                    upload, url = form.get(side), form.get(f"{side}_url")
                    if isinstance(upload, UploadFile):
                        tasks.append(await upload_task(upload, side))
                    elif isinstance(url, str) and url.strip():
                        checked = _parse_json(
                            ExtractUrl, json.dumps({"url": url.strip()}).encode()
                        ).url
                        tasks.append(Task(uri=checked, url=checked))
                    else:
                        raise ApiError(
                            422,
                            "missing_file",
                            f"send the {side} report as the multipart field '{side}' (a file) "
                            f"or '{side}_url'",
                        )
        elif media == "application/json":
            body = _parse_json(CompareUrls, await _json_body(request, 2 * _ENVELOPE))
            tasks = [Task(uri=body.old, url=body.old), Task(uri=body.new, url=body.new)]
        else:
            raise ApiError(
                415,
                "unsupported_media_type",
                "send multipart/form-data with the fields 'old' and 'new', or application/json "
                '{"old": ..., "new": ...}',
            )
        # Both at once; both finish (or fail) before the answer, so no worker is left busy
        # with a document nobody waits for.
        results = await asyncio.gather(*(run_one(t) for t in tasks), return_exceptions=True)
        lines: list[str] = []
        for side, result in zip(("old", "new"), results, strict=True):
            if isinstance(result, BaseException):
                raise result
            record = json.loads(result)
            if record.get("status") == "failed":
                errors = record.get("errors") or [
                    {"code": "failed", "message": "extraction failed"}
                ]
                first = errors[0]
                raise ApiError(
                    _FAILED_STATUS.get(first["code"], 422),
                    first["code"],
                    f"the {side} report: {first['message']}",
                    {"side": side, "errors": errors},
                )
            lines.append(result)
        text = await _run_sync(_compare_lines, lines[0], lines[1])
        return Response(text, media_type="application/json")

    def status_of(job: Job) -> JobStatus:
        base = f"/v1/batches/{job.id}"
        done = jobs.done_so_far(job)
        summary = job.summary
        if summary is not None:
            # The slowest documents and cross-year failures name server paths; clients have
            # the records for those.
            summary = {k: v for k, v in summary.items() if k not in ("slowest",)}
        return JobStatus(
            id=job.id,
            state=job.state,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            progress=Progress(
                done=min(done, job.total) if job.total is not None else done, total=job.total
            ),
            failed=job.failed,
            attempts=job.attempts,
            error=job.error,
            summary=summary,
            links=JobLinks(
                self=base,
                records=f"{base}/records",
                dataset=f"{base}/dataset.csv",
                reports=f"{base}/reports",
                excel=f"{base}/{EXCEL}"
                if job.state == "done" and (jobs.out_dir(job.id) / EXCEL).is_file()
                else None,
            ),
        )

    def get_job(job_id: str) -> Job:
        job = jobs.store.get(job_id) if _JOB_ID.match(job_id) else None
        if job is None:
            raise ApiError(404, "not_found", f"no batch {job_id}")
        return job

    @v1.post(
        "/batches",
        status_code=202,
        summary="Start a batch",
        description="Send an archive (zip, tar, tar.gz; nested archives are read too) as "
        'multipart field `file`, or JSON `{"urls": [...]}`. Answers 202 with the job; poll '
        "its `links.self`.",
        response_model=JobStatus,
        responses={429: {"model": ErrorResponse, "description": "Too many batches at once."}},
        openapi_extra={"requestBody": _BATCH_BODY},
    )
    async def create_batch(request: Request) -> JSONResponse:
        media = _media_type(request)
        if media == "multipart/form-data":
            async with request.form(max_files=1, max_fields=8) as form:
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise ApiError(
                        422, "missing_file", "send the archive as the multipart field 'file'"
                    )
                kind = await _run_sync(_archive_kind, upload.file)
                if kind is None:
                    raise ApiError(415, "not_an_archive", "the upload is not a zip or tar archive")
                name = _safe_name(upload.filename, "upload" + kind)
                if not is_archive(name):
                    name += kind
                job_id = admit()
                try:
                    await _run_sync(_save, upload.file, jobs.job_dir(job_id) / name)
                except BaseException:
                    jobs.release(job_id)
                    raise
        elif media == "application/json":
            raw = await _json_body(request, config.max_urls * _URL_BYTES + _ENVELOPE)
            urls = _parse_json(BatchUrls, raw).urls
            if len(urls) > config.max_urls:
                raise ApiError(
                    422, "too_many_urls", f"{len(urls)} URLs; at most {config.max_urls} a batch"
                )
            name = "urls.txt"
            job_id = admit()
            try:
                # Repeats would be one document twice; the regex keeps each URL on one line.
                unique = "\n".join(dict.fromkeys(urls)) + "\n"
                (jobs.job_dir(job_id) / name).write_text(unique, encoding="utf-8")
            except BaseException:
                jobs.release(job_id)
                raise
        else:
            raise ApiError(
                415,
                "unsupported_media_type",
                "send multipart/form-data with the archive as 'file', or application/json "
                '{"urls": [...]}',
            )
        job = jobs.submit(job_id, [name])
        body = status_of(job)
        return JSONResponse(
            body.model_dump(), status_code=202, headers={"Location": body.links.self}
        )

    def admit() -> str:
        job_id = jobs.admit()
        if job_id is None:
            raise ApiError(
                429,
                "too_many_jobs",
                f"{config.max_jobs} batch(es) are already queued or running; try again later",
                headers={"Retry-After": "30"},
            )
        return job_id

    @v1.get("/batches/{job_id}", summary="A batch's state and progress", response_model=JobStatus)
    async def batch_status(job_id: str) -> JobStatus:
        return status_of(await _run_sync(get_job, job_id))

    def finished(job_id: str, filename: str) -> tuple[Path, str]:
        job = get_job(job_id)
        if job.state != "done":
            raise ApiError(
                409, "not_ready", f"batch {job_id} is {job.state}; its outputs come when done"
            )
        folder = jobs.job_dir(job_id)
        return folder / "out" / filename, str(folder) + os.sep

    @v1.get(
        "/batches/{job_id}/records",
        summary="The batch's records, one JSON object per line",
        response_class=StreamingResponse,
        responses={
            200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines."},
            409: {"model": ErrorResponse, "description": "The batch is not done yet."},
        },
    )
    async def batch_records(job_id: str) -> StreamingResponse:
        path, prefix = await _run_sync(finished, job_id, RECORDS)
        # The records hold the path as JSON: non-ASCII as such (pydantic), or \u-escaped.
        escaped = (json.dumps(prefix, ensure_ascii=False)[1:-1], json.dumps(prefix)[1:-1])
        return StreamingResponse(_lines(path, escaped), media_type="application/x-ndjson")

    @v1.get(
        "/batches/{job_id}/dataset.csv",
        summary="One row per report: metadata, every canonical field, each rule's status",
        response_class=StreamingResponse,
        responses={
            200: {"content": {"text/csv": {}}, "description": "CSV with a header row."},
            409: {"model": ErrorResponse, "description": "The batch is not done yet."},
        },
    )
    async def batch_dataset(job_id: str) -> StreamingResponse:
        path, prefix = await _run_sync(finished, job_id, "dataset.csv")
        return StreamingResponse(
            _lines(path, (prefix,)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{job_id}.csv"'},
        )

    @v1.get(
        "/batches/{job_id}/dataset.xlsx",
        summary="The dataset as an Excel workbook, when the batch wrote one",
        response_class=FileResponse,
        responses={
            200: {"content": {_XLSX: {}}, "description": "The workbook."},
            404: {"model": ErrorResponse, "description": "This batch has no workbook."},
            409: {"model": ErrorResponse, "description": "The batch is not done yet."},
        },
    )
    async def batch_excel(job_id: str) -> FileResponse:
        path, _ = await _run_sync(finished, job_id, EXCEL)
        if not await _run_sync(path.is_file):
            raise ApiError(404, "not_found", f"batch {job_id} has no {EXCEL}")
        return FileResponse(path, media_type=_XLSX, filename=f"{job_id}.xlsx")

    @v1.get(
        "/batches/{job_id}/reports",
        summary="One compact row per report, for tables and charts",
        description="Each record's line number (`index`, for `…/records/{index}`), source, "
        "status, metadata, error codes, failing rules and its key fields (本年新收 by "
        "applicant, each outcome row's 总计, table 四).",
        response_model=BatchReports,
        responses={409: {"model": ErrorResponse, "description": "The batch is not done yet."}},
    )
    async def batch_reports(job_id: str) -> JSONResponse:
        path, prefix = await _run_sync(finished, job_id, RECORDS)
        rows = await _run_sync(report_rows, path, (prefix,))
        return JSONResponse({"reports": rows})

    @v1.get(
        "/batches/{job_id}/records/{index}",
        summary="One record of the batch, by its line in records.jsonl (from 0)",
        responses={
            200: {"model": Report, "description": "The record, failed ones included."},
            404: {"model": ErrorResponse, "description": "No record at that index."},
            409: {"model": ErrorResponse, "description": "The batch is not done yet."},
        },
    )
    async def batch_record(job_id: str, index: int) -> Response:
        path, prefix = await _run_sync(finished, job_id, RECORDS)
        escaped = (json.dumps(prefix, ensure_ascii=False)[1:-1], json.dumps(prefix)[1:-1])
        line = await _run_sync(record_at, path, index, escaped) if index >= 0 else None
        if line is None:
            raise ApiError(404, "not_found", f"batch {job_id} has no record {index}")
        return Response(line, media_type="application/json")

    @v1.get(
        "/batches/{job_id}/compare",
        summary="Compare two records of the batch",
        description="`old` and `new` are lines of records.jsonl (the `index` of `…/reports`, "
        "or a pair of `…/bodies`); answers their comparison as `POST /v1/compare` does.",
        responses={
            200: {"model": Comparison, "description": "The comparison."},
            404: {"model": ErrorResponse, "description": "No record at an index."},
            409: {"model": ErrorResponse, "description": "The batch is not done yet."},
            422: {"model": ErrorResponse, "description": "A failed record, or bad indices."},
        },
    )
    async def batch_compare(
        job_id: str,
        old: Annotated[int, Query(ge=0, description="The earlier year's record.")],
        new: Annotated[int, Query(ge=0, description="The later year's record.")],
    ) -> Response:
        path, prefix = await _run_sync(finished, job_id, RECORDS)
        escaped = (json.dumps(prefix, ensure_ascii=False)[1:-1], json.dumps(prefix)[1:-1])
        lines = []
        for side, index in (("old", old), ("new", new)):
            line = await _run_sync(record_at, path, index, escaped)
            if line is None:
                raise ApiError(404, "not_found", f"batch {job_id} has no record {index}")
            if json.loads(line).get("status") == "failed":
                raise ApiError(
                    422, "failed_record", f"the {side} record ({index}) could not be read"
                )
            lines.append(line)
        text = await _run_sync(_compare_lines, lines[0], lines[1])
        return Response(public(text, escaped), media_type="application/json")

    @v1.get(
        "/batches/{job_id}/bodies",
        summary="Each body of the batch through its years",
        description="One entry per body (reports matched by name as the cross-year checks "
        "S1/S2 match them, one record per year as in series.csv): its years, each year's "
        "record and the consecutive pairs, for `…/compare` and `…/series`.",
        response_model=BatchBodies,
        responses={409: {"model": ErrorResponse, "description": "The batch is not done yet."}},
    )
    async def batch_bodies(job_id: str) -> JSONResponse:
        path, _ = await _run_sync(finished, job_id, RECORDS)
        return JSONResponse({"bodies": await _run_sync(bodies, path)})

    @v1.get(
        "/batches/{job_id}/series",
        summary="One body's values through its years (series.csv, wide)",
        response_model=Series,
        responses={
            404: {"model": ErrorResponse, "description": "No report of that body."},
            409: {"model": ErrorResponse, "description": "The batch is not done yet."},
        },
    )
    async def batch_series(
        job_id: str,
        agency: Annotated[
            str,
            Query(
                min_length=1,
                max_length=500,
                description="The body's name (matched as S1/S2 match it: width, script, "
                "spaces and brackets ignored).",
            ),
        ],
    ) -> JSONResponse:
        path, _ = await _run_sync(finished, job_id, RECORDS)
        found = await _run_sync(series, path, agency)
        if found is None:
            raise ApiError(404, "not_found", f"batch {job_id} has no report of {agency}")
        return JSONResponse(found)

    @v1.get(
        "/fields",
        summary="The data dictionary: every canonical field id with its Chinese labels",
        response_model=list[FieldInfo],
    )
    async def fields() -> list[FieldInfo]:
        return [
            FieldInfo(
                id=s.field_id, table=s.table, label=s.label_path, unit=s.unit, format=s.format
            )
            for s in field_specs().values()
        ]

    app.include_router(v1)

    @app.get("/healthz", summary="Liveness", response_model=Health)
    async def healthz() -> Health:
        return Health(
            version=__version__,
            workers=pool.size,
            idle_workers=pool.idle,
            busy_workers=pool.busy,
            active_jobs=len(await _run_sync(jobs.store.active)),
            ocr=ocr_ready,
            legacy_word=legacy_word,
        )

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(
            STATIC / "index.html",
            headers={"Content-Security-Policy": _PAGE_CSP, "X-Content-Type-Options": "nosniff"},
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


async def _run_sync(fn: Callable[..., Any], *args: Any) -> Any:
    """Blocking file and database work, off the event loop."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


def _compare_lines(old: str, new: str) -> str:
    """The comparison of two record JSON lines."""
    result = compare(Report.model_validate_json(old), Report.model_validate_json(new))
    return result.to_json()


def _save(src: BinaryIO, dest: Path) -> None:
    src.seek(0)
    with dest.open("wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)


def _lines(path: Path, prefixes: tuple[str, ...]) -> Iterator[bytes]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield public(line, prefixes).encode("utf-8")
