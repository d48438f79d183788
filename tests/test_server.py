"""The HTTP service end to end: a real ``extractor serve`` process on 127.0.0.1, real requests.

Documents behind URLs come from a small HTTP server in this process whose paths under
``/held/`` answer only once the test opens a gate: that is how a batch is caught mid-way and a
request outlives its time limit without any timing in the asserts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from extractor import extract  # noqa: E402
from extractor.server.testing import ServerProcess  # noqa: E402

from .conftest import CORPUS  # noqa: E402

SAMPLE_TXT = CORPUS / "samples" / "xinghe2023.txt"
SAMPLE_HTML = CORPUS / "samples" / "xinghe2023.html"
TOKEN = "s3cret-token"


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0, what: str = "condition") -> Any:
    """Poll until the predicate gives something truthy; the deadline only stops a hung test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The one error shape, with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert error["code"] == code, error
    assert error["message"]
    return error  # type: ignore[no-any-return]


class FileServer:
    """Serves the sample report at /doc/<n>.txt; /held/<n>.txt waits for ``gate``."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        body = SAMPLE_TXT.read_bytes()
        gate = self.gate

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/held/"):
                    gate.wait(120)
                if not self.path.startswith(("/doc/", "/held/")):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A client killed mid-request is expected here; keep its traceback out of the output.
        self.httpd.handle_error = lambda *a: None  # type: ignore[method-assign]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def files() -> Iterator[FileServer]:
    fs = FileServer()
    yield fs
    fs.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Defaults as shipped (SSRF guard on, no token), small caps to test them."""
    data = tmp_path_factory.mktemp("server") / "data"
    args = ("--workers", "2", "--batch-workers", "2", "--max-upload-mb", "1")
    with ServerProcess(data, *args, "--max-archive-mb", "2") as srv:
        yield srv


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory, files: FileServer) -> Iterator[ServerProcess]:
    """A token from the environment, private URLs allowed, one batch at a time and a short
    request time limit."""
    data = tmp_path_factory.mktemp("guarded") / "data"
    args = ("--allow-private", "--workers", "1", "--max-jobs", "1", "--request-timeout", "5")
    with ServerProcess(data, *args, env={"EXTRACTOR_TOKEN": TOKEN}) as srv:
        yield srv


def sample_zip(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            src = SAMPLE_TXT if i % 2 else SAMPLE_HTML
            z.writestr(f"reports/r{i:02d}{src.suffix}", src.read_bytes())
    return buf.getvalue()


def wait_done(client: Any, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        status = client.get(f"/v1/batches/{job_id}").json()
        assert status["state"] != "failed", status
        return status if status["state"] == "done" else None

    return wait_for(done, timeout, f"batch {job_id}")  # type: ignore[no-any-return]


def jsonl(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line]


# --- single documents ------------------------------------------------------------------------


def test_healthz_page_and_openapi(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url) as c:
        health = c.get("/healthz").json()
        assert health["status"] == "ok" and health["workers"] == 2
        assert health["idle_workers"] + health["busy_workers"] <= 2
        page = c.get("/")
        assert page.status_code == 200 and "extract-form" in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert c.get("/static/app.js").status_code == 200
        spec = c.get("/openapi.json").json()
    for path in (
        "/v1/extract",
        "/v1/batches",
        "/v1/batches/{job_id}",
        "/v1/batches/{job_id}/records",
        "/v1/batches/{job_id}/dataset.csv",
        "/v1/batches/{job_id}/dataset.xlsx",
        "/v1/batches/{job_id}/reports",
        "/v1/batches/{job_id}/records/{index}",
        "/v1/fields",
        "/healthz",
    ):
        assert path in spec["paths"], path
    body = spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "application/json"}
    assert body["application/json"]["example"]["url"].startswith("https://")
    assert "ErrorResponse" in spec["components"]["schemas"]


@pytest.mark.parametrize("sample", [SAMPLE_TXT, SAMPLE_HTML], ids=["txt", "html"])
def test_extract_upload(server: ServerProcess, sample: Path) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        r = c.post("/v1/extract", files={"file": (sample.name, sample.read_bytes())})
    assert r.status_code == 200, r.text
    record = r.json()
    expected = json.loads(extract(sample).to_json())
    assert record["status"] == expected["status"] != "failed"
    assert record["source"]["uri"] == sample.name
    assert record["source"]["sha256"] == expected["source"]["sha256"]
    assert record["fields"] == expected["fields"]
    assert record["fields"]["requests.new.total"] == 181
    assert record["tables"] == expected["tables"]
    assert record["checks"] == expected["checks"]


def test_url_refused_by_ssrf_guard(server: ServerProcess, files: FileServer) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        r = c.post("/v1/extract", json={"url": files.url + "/doc/1.txt"})
    error = assert_error(r, 403, "private_address")
    assert "127.0.0.1" in error["message"]


def test_bad_uploads(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        # empty file, whitespace only
        assert_error(c.post("/v1/extract", files={"file": ("a.txt", b"")}), 422, "empty")
        assert_error(c.post("/v1/extract", files={"file": ("a.txt", b" \n\t ")}), 422, "empty")
        # over the 1 MiB cap: refused before it is stored, by Content-Length and by the file
        big = c.post("/v1/extract", files={"file": ("big.txt", b"a" * (3 << 20))})
        assert_error(big, 413, "too_large")
        near = c.post("/v1/extract", files={"file": ("big.txt", b"a" * ((1 << 20) + 10))})
        assert_error(near, 413, "too_large")
        # garbage bytes, and garbage named as a PDF
        garbage = bytes(range(256)) * 40
        error = assert_error(
            c.post("/v1/extract", files={"file": ("x.bin", garbage)}), 415, "unsupported_format"
        )
        assert error["details"][0]["stage"] == "reading"
        fake_pdf = c.post("/v1/extract", files={"file": ("x.pdf", b"just text")})
        assert_error(fake_pdf, 415, "format_mismatch")
        # wrong JSON: not JSON, missing url, extra keys, not a URL, wrong type
        bad = c.post("/v1/extract", content=b"{nope", headers={"content-type": "application/json"})
        assert_error(bad, 422, "invalid_request")
        assert_error(c.post("/v1/extract", json={"uri": "http://x"}), 422, "invalid_request")
        assert_error(
            c.post("/v1/extract", json={"url": "file:///etc/passwd"}), 422, "invalid_request"
        )
        assert_error(c.post("/v1/extract", json={"url": 5}), 422, "invalid_request")
        assert_error(c.post("/v1/extract", json=["http://x"]), 422, "invalid_request")
        # wrong form: no file field, broken multipart, no content type at all
        assert_error(c.post("/v1/extract", files={"other": ("a.txt", b"x")}), 422, "missing_file")
        broken = c.post(
            "/v1/extract",
            content=b"garbage",
            headers={"content-type": "multipart/form-data; boundary=zz"},
        )
        assert_error(broken, 400, "bad_request")
        assert_error(c.post("/v1/extract", content=b"x"), 415, "unsupported_media_type")
        # the framework's own refusals have the same shape
        assert_error(c.get("/v1/nothing"), 404, "not_found")
        assert_error(c.get("/v1/extract"), 405, "method_not_allowed")
        assert_error(c.delete("/healthz"), 405, "method_not_allowed")
        # batches: not an archive, bad URL lists, unknown ids
        junk = c.post("/v1/batches", files={"file": ("a.zip", garbage)})
        assert_error(junk, 415, "not_an_archive")
        assert_error(c.post("/v1/batches", json={"urls": []}), 422, "invalid_request")
        assert_error(c.post("/v1/batches", json={"urls": ["ftp://x"]}), 422, "invalid_request")
        over = c.post("/v1/batches", files={"file": ("a.zip", b"a" * (3 << 20))})
        assert_error(over, 413, "too_large")
        assert_error(c.get("/v1/batches/0123"), 404, "not_found")
        assert_error(c.get("/v1/batches/" + "0" * 32 + "/records"), 404, "not_found")
        # the server is still fine afterwards
        ok = c.post("/v1/extract", files={"file": ("r.txt", SAMPLE_TXT.read_bytes())})
        assert ok.status_code == 200


# --- batches -----------------------------------------------------------------------------------


def test_batch_of_20(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        r = c.post("/v1/batches", files={"file": ("reports.zip", sample_zip(20))})
        assert r.status_code == 202, r.text
        job = r.json()
        assert r.headers["location"] == job["links"]["self"] == f"/v1/batches/{job['id']}"
        assert job["state"] in ("queued", "running")
        status = wait_done(c, job["id"])
        assert status["progress"] == {"done": 20, "total": 20}
        assert status["failed"] == 0 and status["attempts"] == 1
        assert sum(status["summary"]["by_status"].values()) == 20
        records = jsonl(c.get(job["links"]["records"]))
        dataset = c.get(job["links"]["dataset"])
    uris = sorted(rec["source"]["uri"] for rec in records)
    # Members are named by the archive's own name, never by the server's folders.
    assert uris == [
        f"reports.zip!reports/r{i:02d}{'.txt' if i % 2 else '.html'}" for i in range(20)
    ]
    assert all(rec["fields"]["requests.new.total"] == 181 for rec in records)
    assert dataset.status_code == 200 and dataset.headers["content-type"].startswith("text/csv")
    import csv

    # The file starts with a UTF-8 BOM, for Excel (docs/batch.md).
    assert dataset.content.startswith(b"\xef\xbb\xbfuri,")
    rows = list(csv.DictReader(io.StringIO(dataset.content.decode("utf-8-sig"))))
    assert len(rows) == 20
    assert {row["uri"] for row in rows} == set(uris)
    assert {row["requests.new.total"] for row in rows} == {"181"}


def test_batch_outputs_wait_until_done_and_job_cap(
    guarded: ServerProcess, files: FileServer
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=guarded.url, timeout=60, headers=auth) as c:
        urls = [f"{files.url}/held/{i}.txt" for i in range(3)]
        r = c.post("/v1/batches", json={"urls": urls})
        assert r.status_code == 202, r.text
        job = r.json()
        # The held documents keep this batch running: a second is over --max-jobs 1 ...
        refused = c.post("/v1/batches", json={"urls": [files.url + "/doc/1.txt"]})
        assert_error(refused, 429, "too_many_jobs")
        assert refused.headers["retry-after"]
        # ... and its outputs are not there yet.
        assert_error(c.get(job["links"]["records"]), 409, "not_ready")
        assert_error(c.get(job["links"]["dataset"]), 409, "not_ready")
        assert_error(c.get(job["links"]["reports"]), 409, "not_ready")
        assert_error(c.get(f"/v1/batches/{job['id']}/records/0"), 409, "not_ready")
        files.gate.set()
        status = wait_done(c, job["id"])
        assert status["progress"] == {"done": 3, "total": 3}
        records = jsonl(c.get(job["links"]["records"]))
    assert sorted(rec["source"]["uri"] for rec in records) == sorted(urls)
    assert "failed" not in {rec["status"] for rec in records}


# --- token, URLs, time limit -------------------------------------------------------------------


def test_token(guarded: ServerProcess, files: FileServer) -> None:
    upload = {"file": ("r.txt", SAMPLE_TXT.read_bytes())}
    with httpx.Client(base_url=guarded.url, timeout=60) as c:
        error = assert_error(c.post("/v1/extract", files=upload), 401, "unauthorized")
        assert "Bearer" in error["message"]
        wrong = {"Authorization": "Bearer nope"}
        assert_error(c.post("/v1/extract", files=upload, headers=wrong), 401, "unauthorized")
        basic = {"Authorization": f"Basic {TOKEN}"}
        assert_error(c.post("/v1/extract", files=upload, headers=basic), 401, "unauthorized")
        assert_error(c.post("/v1/batches", json={"urls": ["http://x/"]}), 401, "unauthorized")
        assert_error(c.get("/v1/batches/" + "0" * 32), 401, "unauthorized")
        # health and the page stay open: the page asks for the token itself
        assert c.get("/healthz").status_code == 200
        assert c.get("/").status_code == 200
        right = {"Authorization": f"Bearer {TOKEN}"}
        ok = c.post("/v1/extract", files=upload, headers=right)
        assert ok.status_code == 200 and ok.json()["fields"]["requests.new.total"] == 181
        # --allow-private lets this server fetch from 127.0.0.1
        by_url = c.post("/v1/extract", json={"url": files.url + "/doc/7.txt"}, headers=right)
        assert by_url.status_code == 200, by_url.text
        assert by_url.json()["source"]["uri"] == files.url + "/doc/7.txt"
        missing = c.post("/v1/extract", json={"url": files.url + "/nothing"}, headers=right)
        assert_error(missing, 502, "fetch_failed")


def test_request_time_limit(guarded: ServerProcess) -> None:
    """A document still running at --request-timeout answers 504, and its worker is replaced
    so that the next request is served."""
    held = FileServer()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with httpx.Client(base_url=guarded.url, timeout=60, headers=auth) as c:
            slow = c.post("/v1/extract", json={"url": held.url + "/held/1.txt"})
            assert_error(slow, 504, "timeout")
            held.gate.set()

            def replaced() -> bool:
                health = c.get("/healthz").json()
                return bool(health["idle_workers"] == 1 and health["busy_workers"] == 0)

            wait_for(replaced, 60, "the replacement worker")
            ok = c.post("/v1/extract", files={"file": ("r.txt", SAMPLE_TXT.read_bytes())})
            assert ok.status_code == 200, ok.text
    finally:
        held.close()


# --- restarts ----------------------------------------------------------------------------------


def start_batch(c: httpx.Client, urls: list[str], done: int) -> dict[str, Any]:
    """Submit a batch of URLs and wait until ``done`` of them have records (the rest are held
    by the file server)."""
    job: dict[str, Any] = c.post("/v1/batches", json={"urls": urls}).json()

    def enough() -> bool:
        return bool(c.get(job["links"]["self"]).json()["progress"]["done"] >= done)

    wait_for(enough, 60, f"the first {done} documents")
    return job


def test_restart_mid_batch(tmp_path: Path) -> None:
    """kill -9 the server (and its workers) while a batch runs; a new server on the same data
    dir reports the job, resumes it and finishes with exactly one record per document."""
    held = FileServer()
    data = tmp_path / "data"
    args = ("--allow-private", "--batch-workers", "2")
    urls = [f"{held.url}/doc/{i}.txt" for i in range(5)]
    urls += [f"{held.url}/held/{i}.txt" for i in range(5, 20)]
    try:
        first = ServerProcess(data, *args).start()
        try:
            with httpx.Client(base_url=first.url, timeout=60) as c:
                job = start_batch(c, urls, 5)
                records_path = data / "jobs" / job["id"] / "out" / "records.jsonl"
        finally:
            first.kill()
        # Killed mid-batch: the held documents cannot have been written.
        written = records_path.read_text("utf-8").count("\n")
        assert 5 <= written < 20
        with sqlite3.connect(data / "jobs.sqlite3") as db:
            assert db.execute("SELECT state FROM jobs").fetchone() == ("running",)

        held.gate.set()
        with (
            ServerProcess(data, *args) as second,
            httpx.Client(base_url=second.url, timeout=60) as c,
        ):
            status = wait_done(c, job["id"])
            assert status["attempts"] == 2
            assert status["progress"] == {"done": 20, "total": 20}
            records = jsonl(c.get(job["links"]["records"]))
        assert sorted(r["source"]["uri"] for r in records) == sorted(urls)
        assert "failed" not in {r["status"] for r in records}

        # A finished job is reported as such by the next server, and not run again.
        with ServerProcess(data, *args) as third, httpx.Client(base_url=third.url, timeout=60) as c:
            status = c.get(job["links"]["self"]).json()
            assert status["state"] == "done" and status["attempts"] == 2
            assert jsonl(c.get(job["links"]["records"])) == records
    finally:
        held.close()


def test_sigterm_to_the_server_alone_stops_its_batch_workers(tmp_path: Path) -> None:
    """``kill PID`` (SIGTERM to the server only, as a service manager may send it) while batch
    workers are reading: the server ends them instead of leaving them to run on, and the next
    server resumes the job with exactly one record per document."""
    held = FileServer()
    data = tmp_path / "data"
    args = ("--allow-private", "--batch-workers", "2")
    urls = [f"{held.url}/doc/{i}.txt" for i in range(3)]
    urls += [f"{held.url}/held/{i}.txt" for i in range(3, 8)]
    try:
        first = ServerProcess(data, *args).start()
        assert first.process is not None
        group = first.process.pid  # the server leads its own process group
        with httpx.Client(base_url=first.url, timeout=60) as c:
            job = start_batch(c, urls, 3)
        os.kill(first.process.pid, signal.SIGTERM)
        first.process.wait(30)

        def group_gone() -> bool:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return True
            return False

        wait_for(group_gone, 20, "the batch workers to end")
        held.gate.set()
        with (
            ServerProcess(data, *args) as second,
            httpx.Client(base_url=second.url, timeout=60) as c,
        ):
            status = wait_done(c, job["id"])
            records = jsonl(c.get(job["links"]["records"]))
        assert status["progress"] == {"done": 8, "total": 8}
        assert sorted(r["source"]["uri"] for r in records) == sorted(urls)
    finally:
        held.close()


# --- review fixes ------------------------------------------------------------------------------


def chunks(size: int, head: bytes = b"") -> Iterator[bytes]:
    """A body of ``size`` bytes sent chunked (no Content-Length)."""
    yield head
    left = size - len(head)
    while left > 0:
        n = min(left, 1 << 20)
        yield b"a" * n
        left -= n


def test_json_body_cap(guarded: ServerProcess) -> None:
    """A JSON body is read into memory: it is refused once over its own cap (the longest URL,
    or max_urls of them), not only over the upload caps."""
    auth = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    with httpx.Client(base_url=guarded.url, timeout=120, headers=auth) as c:
        one = c.post("/v1/extract", content=chunks(200_000, b'{"url": "http://x/'))
        assert_error(one, 413, "too_large")
        # 10 000 URLs of at most 4096 characters: about 41 MB, far under --max-archive-mb.
        many = c.post("/v1/batches", content=chunks(42_000_000, b'{"urls": ["http://x/'))
        assert_error(many, 413, "too_large")
        ok = c.post("/v1/batches", json={"urls": ["ftp://x"]})
        assert_error(ok, 422, "invalid_request")


def test_request_body_on_a_get_keeps_the_answer(server: ServerProcess) -> None:
    """A body over the cap of a route that does not read it (the answer drains it) does not
    cut the answer short."""
    with httpx.Client(base_url=server.url, timeout=60) as c:
        page = c.request("GET", "/", content=chunks(300_000))
        assert page.status_code == 200 and "extract-form" in page.text
        health = c.request("GET", "/healthz", content=chunks(300_000))
        assert health.json()["status"] == "ok"


def test_non_ascii_data_dir_stays_hidden(tmp_path: Path) -> None:
    """Records name members by the archive's own name even where the server's path is not
    ASCII (pydantic writes it unescaped)."""
    data = tmp_path / "数据" / "data"
    data.parent.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", SAMPLE_TXT.read_bytes())
        z.writestr("empty.txt", b"")
    with (
        ServerProcess(data, "--workers", "1", "--batch-workers", "2") as srv,
        httpx.Client(base_url=srv.url, timeout=60) as c,
    ):
        job = c.post("/v1/batches", files={"file": ("报告.zip", buf.getvalue())}).json()
        wait_done(c, job["id"])
        text = c.get(job["links"]["records"]).text
        records = [json.loads(line) for line in text.splitlines()]
        # The page's views of the batch hide the server's folders too.
        rows = c.get(job["links"]["reports"]).text
        one = [c.get(f"/v1/batches/{job['id']}/records/{i}").text for i in range(len(records))]
    for shown in (rows, *one):
        assert str(tmp_path) not in shown and "数据/data" not in shown
    assert [json.loads(r) for r in one] == records
    assert str(tmp_path) not in text and "数据/data" not in text
    assert json.dumps(str(data))[1:-1] not in text
    assert sorted(r["source"]["uri"] for r in records) == ["报告.zip!a.txt", "报告.zip!empty.txt"]
    empty = next(r for r in records if r["status"] == "failed")
    assert empty["errors"][0]["message"] == "报告.zip!empty.txt is empty"


def test_restart_removes_unfinished_uploads(tmp_path: Path) -> None:
    """A server killed while it stored a batch upload leaves a job folder with no job; the
    next server on the data dir removes it and keeps the jobs it knows."""
    data = tmp_path / "data"
    with ServerProcess(data, "--workers", "1") as first, httpx.Client(base_url=first.url) as c:
        job = c.post("/v1/batches", json={"urls": ["https://www.example.gov.cn/a.html"]}).json()
        wait_for(lambda: c.get(job["links"]["self"]).json()["state"] == "done", 60, "the job")
    stray = data / "jobs" / ("0" * 32)
    stray.mkdir()
    (stray / "upload.zip").write_bytes(b"PK\x03\x04 cut short")
    with ServerProcess(data, "--workers", "1") as second, httpx.Client(base_url=second.url) as c:
        assert c.get(job["links"]["self"]).json()["state"] == "done"
    assert not stray.exists()
    assert (data / "jobs" / job["id"] / "out").is_dir()


def test_too_many_waiting_documents_get_503(tmp_path: Path) -> None:
    import socket

    with ServerProcess(tmp_path / "data", "--workers", "1", "--max-pending", "1") as srv:
        # A request whose body is still arriving holds the one place.
        held = socket.create_connection(("127.0.0.1", srv.port))
        try:
            held.sendall(
                b"POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: multipart/form-data; boundary=XX\r\n"
                b"Content-Length: 100000\r\n\r\n--XX\r\n"
            )
            deadline = time.monotonic() + 10
            while True:
                r = httpx.post(f"{srv.url}/v1/extract", files={"file": ("a.txt", b"x")})
                if r.status_code == 503 or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            assert r.status_code == 503
            assert r.json()["error"]["code"] == "busy"
            assert int(r.headers["retry-after"]) > 0
        finally:
            held.close()
        # The place is free again once the held request is gone.
        deadline = time.monotonic() + 10
        while True:
            r = httpx.post(
                f"{srv.url}/v1/extract", files={"file": ("s.txt", SAMPLE_TXT.read_bytes())}
            )
            if r.status_code != 503 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert r.status_code == 200
        # A comparison waits for two documents' places: over the cap it is refused the same
        # way, Retry-After included (it had none).
        pair = {
            "old": ("a.txt", SAMPLE_TXT.read_bytes()),
            "new": ("b.txt", SAMPLE_TXT.read_bytes()),
        }
        r = httpx.post(f"{srv.url}/v1/compare", files=pair)
        assert r.status_code == 503 and r.json()["error"]["code"] == "busy"
        assert int(r.headers["retry-after"]) > 0


# --- what the web page uses --------------------------------------------------------------------


def test_batch_rows_one_record_and_excel_link(server: ServerProcess) -> None:
    """The batch table's rows (``…/reports``), one record by its line (``…/records/{n}``), and
    the workbook, linked only once the batch has a ``dataset.xlsx``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", SAMPLE_TXT.read_bytes())
        z.writestr("b.html", SAMPLE_HTML.read_bytes())
        z.writestr("empty.txt", b"")
    with httpx.Client(base_url=server.url, timeout=60) as c:
        job = c.post("/v1/batches", files={"file": ("views.zip", buf.getvalue())}).json()
        status = wait_done(c, job["id"])
        records = jsonl(c.get(status["links"]["records"]))
        r = c.get(status["links"]["reports"])
        assert r.status_code == 200, r.text
        rows = r.json()["reports"]
        one = [c.get(f"/v1/batches/{job['id']}/records/{i}") for i in range(len(records))]
        assert_error(c.get(f"/v1/batches/{job['id']}/records/3"), 404, "not_found")
        assert_error(c.get(f"/v1/batches/{job['id']}/records/-1"), 404, "not_found")
        linked = status["links"]["excel"]
        xlsx = c.get(linked)
        # A batch without a workbook (one written by an older version): no link, and a 404.
        workbook = server.data_dir / "jobs" / job["id"] / "out" / "dataset.xlsx"
        workbook.unlink()
        assert c.get(f"/v1/batches/{job['id']}").json()["links"]["excel"] is None
        assert_error(c.get(f"/v1/batches/{job['id']}/dataset.xlsx"), 404, "not_found")
    assert [row["index"] for row in rows] == [0, 1, 2]
    for row, record, answer in zip(rows, records, one, strict=True):
        assert answer.status_code == 200 and answer.json() == record
        assert row["uri"] == record["source"]["uri"] and row["status"] == record["status"]
        assert row["agency"] == record["metadata"].get("agency")
    ok = [row for row in rows if row["status"] != "failed"]
    assert len(ok) == 2
    for row in ok:
        assert row["year"] == 2023 and row["template"] == "2021" and row["failing"] == []
        assert row["fields"]["requests.new.total"] == 181
        assert row["fields"]["requests.new.natural_person"] == 142
        assert "review.total" in row["fields"] and "requests.granted.total" in row["fields"]
        # Only the key fields: no proactive ones, no applicant columns of outcome rows.
        assert not [f for f in row["fields"] if f.startswith("proactive.")]
        assert "requests.granted.natural_person" not in row["fields"]
    failed = next(row for row in rows if row["status"] == "failed")
    assert failed["uri"] == "views.zip!empty.txt" and failed["errors"] == ["empty"]
    assert linked == f"/v1/batches/{job['id']}/dataset.xlsx"
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    cells = [str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    # The sources are named as the client named them, never by the server's folders.
    assert "views.zip!a.txt" in cells and "views.zip!empty.txt" in cells
    assert not [v for v in cells if str(server.data_dir) in v]


def test_fields_and_capabilities(server: ServerProcess) -> None:
    from extractor.fields import field_specs

    with httpx.Client(base_url=server.url) as c:
        fields = c.get("/v1/fields").json()
        health = c.get("/healthz").json()
    assert [f["id"] for f in fields] == list(field_specs())
    new = next(f for f in fields if f["id"] == "requests.new.total")
    assert new["table"] == "三" and "本年新收" in new["label"]
    assert isinstance(health["ocr"], bool) and isinstance(health["legacy_word"], bool)


# The only URLs in ECharts: XML namespaces and its licence notes, none of them loaded.
_VENDOR_URLS = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "https://github.com/ecomfe/zrender/blob/master/LICENSE",
}


def test_page_works_offline_and_has_a_favicon(server: ServerProcess) -> None:
    """Everything the page loads comes from this server: no CDN, no external URL in the
    HTML, scripts or styles; /favicon.ico answers."""
    import re

    with httpx.Client(base_url=server.url) as c:
        html = c.get("/").text
        refs = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert refs and all(ref.startswith("/") and not ref.startswith("//") for ref in refs)
        served = {ref: c.get(ref) for ref in refs}
        icon = c.get("/favicon.ico")
    assert {ref: r.status_code for ref, r in served.items()} == dict.fromkeys(refs, 200)
    assert "/static/vendor/echarts/echarts.min.js" in served
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    # A URL with a host (the inputs' placeholder "https://…" has none).
    url = re.compile(r"https?://\w[^\s\"'()<>]*")
    assert url.findall(html) == []
    for ref, r in served.items():
        urls = set(url.findall(r.text))
        if ref.startswith("/static/vendor/"):
            assert urls <= _VENDOR_URLS, ref
        else:
            assert urls <= {"http://www.w3.org/2000/svg"}, ref
        if ref.endswith(".js") and not ref.startswith("/static/vendor/"):
            # Record text comes from web documents: the page's scripts never parse HTML.
            assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", r.text)


# --- year over year --------------------------------------------------------------------------

PAIRS = CORPUS / "compare" / "docs"


def test_compare_two_uploads(server: ServerProcess) -> None:
    """Two files in, the comparison out: what ``extractor.compare`` gives for the same files."""
    from extractor import compare

    old, new = PAIRS / "qinghe2021.txt", PAIRS / "qinghe2022.txt"
    with httpx.Client(base_url=server.url, timeout=120) as c:
        r = c.post(
            "/v1/compare",
            files={"old": (old.name, old.read_bytes()), "new": (new.name, new.read_bytes())},
        )
        one_side = c.post("/v1/compare", files={"old": (old.name, old.read_bytes())})
        empty = c.post(
            "/v1/compare", files={"old": (old.name, old.read_bytes()), "new": ("e.txt", b"")}
        )
        text = c.post("/v1/compare", content=b"x", headers={"Content-Type": "text/plain"})
        bad_url = c.post("/v1/compare", json={"old": "ftp://x", "new": "https://example.org/"})
        spec = c.get("/openapi.json").json()
    assert r.status_code == 200, r.text
    got = r.json()
    want = json.loads(compare(old, new).to_json())
    assert {k: v for k, v in got.items() if k not in ("old", "new")} == {
        k: v for k, v in want.items() if k not in ("old", "new")
    }
    assert got["old"]["uri"] == "qinghe2021.txt" and got["new"]["uri"] == "qinghe2022.txt"
    assert (got["old"]["year"], got["new"]["year"]) == (2021, 2022)
    by = {f["field"]: f for f in got["fields"]}
    assert (by["requests.new.total"]["old"], by["requests.new.total"]["new"]) == (199, 197)
    assert by["requests.new.total"]["change"] == -2
    assert [p["repeated"] for p in got["problems"]].count(True) == 2
    assert_error(one_side, 422, "missing_file")
    error = assert_error(empty, 422, "empty")
    assert error["details"]["side"] == "new" and error["message"].startswith("the new report")
    assert_error(text, 415, "unsupported_media_type")
    assert_error(bad_url, 422, "invalid_request")
    assert "/v1/compare" in spec["paths"]
    for route in ("compare", "bodies", "series"):
        assert f"/v1/batches/{{job_id}}/{route}" in spec["paths"], route


def test_compare_two_urls_and_the_token(guarded: ServerProcess, files: FileServer) -> None:
    """URLs (JSON, or a multipart field beside a file) go through the same fetch as
    /v1/extract; the route needs the token like every /v1 route."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    urls = {"old": files.url + "/doc/a.txt", "new": files.url + "/doc/b.txt"}
    with httpx.Client(base_url=guarded.url, timeout=120) as c:
        assert_error(c.post("/v1/compare", json=urls), 401, "unauthorized")
        r = c.post("/v1/compare", json=urls, headers=auth)
        mixed = c.post(
            "/v1/compare",
            headers=auth,
            data={"new_url": urls["new"]},
            files={"old": (SAMPLE_TXT.name, SAMPLE_TXT.read_bytes())},
        )
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["old"]["uri"] == urls["old"] and got["new"]["uri"] == urls["new"]
    # The same report twice: nothing changed, and the years do not follow.
    assert got["fields"] and all(f["change"] == 0 for f in got["fields"])
    assert {w["code"] for w in got["warnings"]} == {"years_not_consecutive"}
    assert mixed.status_code == 200, mixed.text
    assert mixed.json()["old"]["uri"] == SAMPLE_TXT.name
    assert mixed.json()["new"]["uri"] == urls["new"]


def test_batch_bodies_series_and_compare(server: ServerProcess) -> None:
    """A batch of two bodies over the years: each body with its consecutive pairs, one body's
    series as series.csv has it, and the comparison of two records, with no server path."""
    from extractor import compare

    names = ("qinghe2021", "qinghe2022", "qinghe2023", "luming2023", "luming2024")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(f"years/{name}.txt", (PAIRS / f"{name}.txt").read_bytes())
        z.writestr("years/empty.txt", b"")
    with httpx.Client(base_url=server.url, timeout=120) as c:
        job = c.post("/v1/batches", files={"file": ("years.zip", buf.getvalue())}).json()
        base = f"/v1/batches/{job['id']}"
        status = wait_done(c, job["id"])
        records = jsonl(c.get(status["links"]["records"]))
        listed = c.get(f"{base}/bodies")
        qinghe = c.get(f"{base}/series", params={"agency": "青禾县人民政府"})
        # Matched as S1/S2 match names: full-width brackets, spaces.
        spaced = c.get(f"{base}/series", params={"agency": " 青禾县 人民政府 "})
        nobody = c.get(f"{base}/series", params={"agency": "无此机构"})
        no_agency = c.get(f"{base}/series")
        at = {r["source"]["uri"].split("!")[-1]: i for i, r in enumerate(records)}
        pair = c.get(
            f"{base}/compare",
            params={"old": at["years/qinghe2022.txt"], "new": at["years/qinghe2023.txt"]},
        )
        past = c.get(f"{base}/compare", params={"old": 0, "new": 99})
        negative = c.get(f"{base}/compare", params={"old": -1, "new": 0})
        failed = c.get(f"{base}/compare", params={"old": at["years/empty.txt"], "new": 0})
    assert listed.status_code == 200, listed.text
    bodies = {b["agency"]: b for b in listed.json()["bodies"]}
    assert set(bodies) == {"青禾县人民政府", "鹿鸣市自然资源局"}
    q = next(b for b in bodies.values() if b["years"] == [2021, 2022, 2023])
    assert [(p["old_year"], p["new_year"]) for p in q["pairs"]] == [(2021, 2022), (2022, 2023)]
    assert q["records"] == [at[f"years/qinghe{y}.txt"] for y in (2021, 2022, 2023)]
    assert qinghe.status_code == 200, qinghe.text
    s = qinghe.json()
    assert s["years"] == [2021, 2022, 2023] and s["records"] == q["records"]
    want = [records[i]["fields"]["requests.new.total"] for i in q["records"]]
    assert s["fields"]["requests.new.total"] == want and len(set(want)) > 1
    assert spaced.json() == s
    assert_error(nobody, 404, "not_found")
    assert_error(no_agency, 422, "invalid_request")
    assert pair.status_code == 200, pair.text
    got = pair.json()
    want_cmp = json.loads(compare(PAIRS / "qinghe2022.txt", PAIRS / "qinghe2023.txt").to_json())
    assert got["fields"] == want_cmp["fields"] and got["cross_checks"] == want_cmp["cross_checks"]
    assert [c["status"] for c in got["cross_checks"]].count("fail") >= 2  # S1 and S2 fail
    assert got["old"]["uri"] == "years.zip!years/qinghe2022.txt"
    assert str(server.data_dir) not in pair.text
    assert_error(past, 404, "not_found")
    assert_error(negative, 422, "invalid_request")
    assert_error(failed, 422, "failed_record")


# --- hostile documents ---------------------------------------------------------------------------


def test_slow_documents_do_not_starve_the_others(tmp_path: Path) -> None:
    """Issue 19: 10 normal uploads beside 2 hostile ones all succeed. The hostile PDFs (20
    pages of 1,450 one-character text objects: under every cap, pdfminer's share included,
    small on disk, 5-10 s of pdfminer) hold both workers; once they are slow (--slow-after)
    spare workers serve the queue, and each hostile document stops with a record (at the
    latest its deadline, 80% of its request's time), not a 504. (60 pages of 3,000 strokes
    were the hostile PDF here until pages past Options.max_parsed_objects were read from
    PDFium's text: they take a second now.)"""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import fuzz

    hostile = fuzz.pdf_glyph_pages(20)
    normal = [SAMPLE_TXT if i % 2 else SAMPLE_HTML for i in range(10)]
    args = ("--workers", "2", "--request-timeout", "30", "--slow-after", "1")
    with (
        ServerProcess(tmp_path / "data", *args) as srv,
        httpx.Client(base_url=srv.url, timeout=120) as c,
        ThreadPoolExecutor(12) as ex,
    ):

        def post(name: str, data: bytes) -> Any:
            return c.post("/v1/extract", files={"file": (name, data)})

        slow = [ex.submit(post, f"hostile{i}.pdf", hostile) for i in range(2)]
        wait_for(lambda: c.get("/healthz").json()["busy_workers"] == 2, 30, "both workers busy")
        fast = [ex.submit(post, p.name, p.read_bytes()) for p in normal]
        for future, path in zip(fast, normal, strict=True):
            r = future.result()
            assert r.status_code == 200, r.text
            assert r.json()["fields"] == json.loads(extract(path).to_json())["fields"]
        for future in slow:
            # Its own record, not a 504: on this machine the deadline; a fast one may read it
            # all (no text a report has).
            r = future.result()
            assert r.status_code == 422, r.text
            assert r.json()["error"]["code"] in ("deadline", "no_text", "not_a_report"), r.text
        assert "spare worker" in srv.log()


def test_a_header_too_large_gets_the_json_error_shape(server: ServerProcess) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as conn:
        conn.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n"
        )
        answer = b""
        with contextlib.suppress(OSError):
            while chunk := conn.recv(65536):
                answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert b"content-type: application/json" in head.lower()
    error = json.loads(body)["error"]
    assert error["status"] == 400 and error["code"] == "bad_request"


def test_an_internal_error_record_answers_500() -> None:
    from extractor.pipeline import failed_record
    from extractor.server.app import _record_response
    from extractor.server.errors import ApiError

    line = failed_record("x.txt", "reading", "internal_error", "ValueError: a bug").to_json()
    with pytest.raises(ApiError) as info:
        _record_response(line)
    assert info.value.status == 500 and info.value.code == "internal_error"
    deadline = failed_record("x.pdf", "reading", "deadline", "ran past").to_json()
    with pytest.raises(ApiError) as info:
        _record_response(deadline)
    assert info.value.status == 422


def test_an_idle_spare_worker_retires_without_waiting_for_a_document() -> None:
    """A spare left over once no document is slow any more goes while idle; before, it stayed
    until some document ended and its worker looked at the count."""
    import asyncio

    from extractor.options import Options
    from extractor.server.workers import WorkerPool

    async def scenario() -> tuple[int, int, int, bool]:
        pool = WorkerPool(1, Options(), slow_after_s=1000.0)
        await pool.start()
        try:
            # A spare started for a slow document that has since ended.
            pool.spares += 1
            await asyncio.to_thread(pool._add)
            deadline = time.monotonic() + 60
            while (pool.spares or len(pool._all) != 1) and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            while pool.idle < 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            left = pool._all[0] if pool._all else None
            return (
                pool.spares,
                len(pool._all),
                pool.idle,
                left is not None and left.process.is_alive(),
            )
        finally:
            pool.close()

    spares, workers, idle, alive = asyncio.run(scenario())
    assert (spares, workers, idle, alive) == (0, 1, 1, True)
