import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor import Options, extract
from extractor.errors import (
    EmptyInput,
    FetchError,
    InputError,
    InputTooLarge,
    SourceNotFound,
)
from extractor.reading.sources import load

BODY = "一、总体情况\n本年度工作正常开展。\n".encode()


def test_path_bytes_and_file_object(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(BODY)
    assert load(path, Options()).data == BODY
    assert load(str(path), Options()).name == "r.txt"
    assert load(BODY, Options()).uri == "<bytes>"
    assert load(io.BytesIO(BODY), Options()).data == BODY


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda p: p / "missing.txt", SourceNotFound),
        (lambda p: p, InputError),
        (lambda p: ((p / "e.txt").write_bytes(b"") and p / "e.txt") or p / "e.txt", EmptyInput),
        (lambda p: (p / "w.txt").write_bytes(b" \n\t") and p / "w.txt", EmptyInput),
    ],
)
def test_bad_paths(tmp_path: Path, make: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        load(make(tmp_path), Options())  # type: ignore[operator]


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(BODY * 100)
    with pytest.raises(InputTooLarge):
        load(path, Options(max_input_bytes=100))
    with pytest.raises(InputTooLarge):
        load(io.BytesIO(BODY * 100), Options(max_input_bytes=100))


def test_text_stream_is_refused() -> None:
    with pytest.raises(InputError, match="binary mode"):
        load(io.StringIO("text"), Options())  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/report.html":
            body = "<html><body><p>一、总体情况</p></body></html>".encode("gbk")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=gbk")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/report.html")
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_on_loopback_is_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match="non-public"):
        load(f"{server}/report.html", Options())


def test_url_fetch_with_redirect(server: str) -> None:
    report = extract(f"{server}/moved", Options(allow_private_urls=True))
    assert report.status == "ok"
    assert report.source.kind == "html"
    assert report.source.encoding == "gb18030"
    assert report.sections[0].id == "overview"


def test_url_http_error_is_a_failed_record(server: str) -> None:
    report = extract(f"{server}/nothing", Options(allow_private_urls=True))
    assert report.status == "failed"
    assert report.errors[0].code == "fetch_failed" and "404" in report.errors[0].message
