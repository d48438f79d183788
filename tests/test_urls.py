"""URLs against a real HTTP server on 127.0.0.1: encodings, formats served with any content type,
a stub page whose report is a PDF attachment, redirects, the SSRF guard, the size cap and
timeouts. Each failure must be a clear error in the record, never an exception."""

import http.server
import ipaddress
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest

from extractor import Options, extract
from extractor.errors import FetchError
from extractor.reading import read, sources
from extractor.reading.attachments import find_attachments
from extractor.reading.sources import RawSource, load

from .conftest import CORPUS
from .pdfgen import ruled_report_pdf
from .test_docx import assert_read, report_docx

ALLOW = Options(allow_private_urls=True)
SAMPLE_HTML = (CORPUS / "samples" / "xinghe2023.html").read_bytes()  # GBK, meta charset=gbk
SAMPLE_TEXT = (CORPUS / "samples" / "xinghe2023.txt").read_text(encoding="utf-8")
_META_CHARSET = re.compile(rb"<meta[^>]*charset=[^>]*>", re.IGNORECASE)


# The sample report without its title line: the stub page's title must fill in.
PDF = ruled_report_pdf("\n".join(SAMPLE_TEXT.splitlines()[1:]))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

STUB = """<html><head><meta charset="utf-8">
<title>星河市临江区人民政府2023年政府信息公开工作年度报告_星河市临江区人民政府</title>
<meta name="PubDate" content="2024-01-25 10:30"></head>
<body><div class="nav"><a href="/">首页</a></div>
<div class="article"><h1>星河市临江区人民政府2023年政府信息公开工作年度报告</h1>
<p>现将本区2023年政府信息公开工作年度报告予以公布。</p>
<p>附件：<a href="/files/scan1.png">扫描件</a>
<a href="files/%E5%B9%B4%E6%8A%A5.pdf">临江区2023年政府信息公开工作年度报告.pdf</a>
<a href="/download?id=7">政策解读.docx</a></p></div></body></html>"""


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float | None = None
    """Seconds between single bytes of the body (a server that never stops being slow)."""
    length: bool = True


Route = Callable[[str], Reply]


def _routes() -> dict[str, Route]:
    utf8 = _META_CHARSET.sub(b"", SAMPLE_HTML).decode("gbk").encode("utf-8")
    no_meta = _META_CHARSET.sub(b"", SAMPLE_HTML)
    html = "text/html"
    full_page_with_attachment = SAMPLE_HTML.replace(
        b"</body>", '<p>附件：<a href="/files/年报.pdf">年报.pdf</a></p></body>'.encode("gbk")
    )
    return {
        "/utf8.html": lambda _: Reply(
            body=utf8, headers={"Content-Type": "text/html; charset=utf-8"}
        ),
        "/gbk-header.html": lambda _: Reply(
            body=no_meta, headers={"Content-Type": "text/html; charset=GBK"}
        ),
        "/gbk-meta.html": lambda _: Reply(body=SAMPLE_HTML, headers={"Content-Type": html}),
        "/stub.html": lambda _: Reply(
            body=STUB.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
        ),
        "/full-with-attachment.html": lambda _: Reply(
            body=full_page_with_attachment, headers={"Content-Type": html}
        ),
        "/files/%E5%B9%B4%E6%8A%A5.pdf": lambda _: Reply(
            body=PDF, headers={"Content-Type": "application/pdf"}
        ),
        "/files/scan1.png": lambda _: Reply(body=PNG, headers={"Content-Type": "image/png"}),
        "/direct.pdf": lambda _: Reply(body=PDF, headers={"Content-Type": "application/pdf"}),
        "/download?id=7": lambda _: Reply(
            body=report_docx(), headers={"Content-Type": "application/octet-stream"}
        ),
        "/download?id=8": lambda _: Reply(
            body=report_docx(),
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Disposition": "attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.docx",
            },
        ),
        "/image": lambda _: Reply(body=PNG, headers={"Content-Type": "image/png"}),
        "/stub-broken.html": lambda _: Reply(
            body=STUB.replace("files/%E5%B9%B4%E6%8A%A5.pdf", "/missing.pdf").encode(),
            headers={"Content-Type": html},
        ),
        "/to-private": lambda _: Reply(
            status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
        ),
        "/to-file": lambda _: Reply(status=302, headers={"Location": "file:///etc/passwd"}),
        "/big": lambda _: Reply(body=b"<p>x</p>" * 5000, length=False),
        "/big-declared": lambda _: Reply(body=b"<p>x</p>" * 5000),
        "/slow": lambda _: Reply(body=b"<p>late</p>", delay=3.0),
        "/drip": lambda _: Reply(body=b"<p>" + b"x" * 40 + b"</p>", drip=0.1, length=False),
        "/empty": lambda _: Reply(body=b""),
    }


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    hits: ClassVar[Counter[str]] = Counter()

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        if m := re.fullmatch(r"/redirect/(\d+)", self.path):
            n = int(m.group(1))
            location = f"/redirect/{n - 1}" if n > 1 else "/utf8.html"  # n redirects in all
            reply = Reply(status=302, headers={"Location": location})
        elif self.path in self.routes:
            reply = self.routes[self.path](self.path)
        else:
            self.send_error(404)
            return
        time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if reply.length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.drip is None:
                self.wfile.write(reply.body)
                return
            for i in range(len(reply.body)):
                self.wfile.write(reply.body[i : i + 1])
                self.wfile.flush()
                time.sleep(reply.drip)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (cap or timeout): what these tests want

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Site:
    base: str
    port: int
    hits: Counter[str]

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    _Handler.routes = _routes()
    _Handler.hits = Counter()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # slow handlers must not hold up the end of the tests
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    yield Site(f"http://127.0.0.1:{port}", port, _Handler.hits)
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def sample_fields() -> dict[str, object]:
    return dict(extract(CORPUS / "samples" / "xinghe2023.html").fields)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("path", ["/utf8.html", "/gbk-header.html", "/gbk-meta.html"])
def test_pages_in_any_encoding(site: Site, sample_fields: dict[str, object], path: str) -> None:
    report = extract(site.url(path), ALLOW)
    assert_read(report)
    assert report.source.kind == "html"
    assert report.source.encoding == ("utf-8" if path == "/utf8.html" else "gb18030")
    assert report.fields == sample_fields
    assert report.metadata.title == "星河市临江区人民政府2023年政府信息公开工作年度报告"
    assert report.source.attachments == []


def test_http_charset_is_read_from_the_header() -> None:
    raw = RawSource("u", b"x", content_type='text/html; charset="GB2312"')
    assert raw.http_charset == "GB2312"
    assert RawSource("u", b"x", content_type="text/html").http_charset is None


def test_header_charset_decides_when_the_page_declares_none() -> None:
    # Big5 bytes also decode as GB18030 (to nonsense): only the header tells them apart.
    body = "<p>一、總體情況</p><p>本機關依法公開政府資訊。</p>".encode("big5")
    doc = read(RawSource("page.html", body, "page.html", "text/html; charset=big5"))
    assert doc.meta["encoding"] == "big5"
    assert "總體情況" in "\n".join(b.text for b in doc.blocks())


# --------------------------------------------------------------------------- formats


def test_pdf_served_directly(site: Site) -> None:
    report = extract(site.url("/direct.pdf"), ALLOW)
    assert_read(report)
    assert report.source.kind == "pdf"
    assert report.source.pages and report.source.pages >= 1
    assert "overview" in [s.id for s in report.sections]


def test_docx_served_with_a_generic_content_type(site: Site) -> None:
    report = extract(site.url("/download?id=7"), ALLOW)
    assert_read(report)
    assert report.source.kind == "docx"
    assert report.fields["review.total"] == 1


def test_content_disposition_names_the_file(site: Site) -> None:
    raw = load(site.url("/download?id=8"), ALLOW)
    assert raw.name == "年报.docx"


def test_image_is_sniffed_as_an_image(site: Site) -> None:
    report = extract(site.url("/image"), ALLOW)
    assert report.source.kind == "image"


# --------------------------------------------------------------------------- attachments


def test_stub_page_gives_way_to_its_pdf_attachment(site: Site) -> None:
    report = extract(site.url("/stub.html"), ALLOW)
    assert_read(report)
    src = report.source
    assert src.uri == site.url("/stub.html")
    assert src.kind == "pdf" and src.pages and src.pages >= 1
    pdf_url = site.url("/files/%E5%B9%B4%E6%8A%A5.pdf")
    assert [(a.uri, a.followed) for a in src.attachments] == [
        (site.url("/files/scan1.png"), False),
        (pdf_url, True),
        (site.url("/download?id=7"), False),
    ]
    assert src.attachments[1].text == "临江区2023年政府信息公开工作年度报告.pdf"
    # The PDF has no title line and no date: both come from the page.
    assert report.metadata.title == "星河市临江区人民政府2023年政府信息公开工作年度报告"
    assert report.metadata.publication_date == "2024-01-25"
    ids = [s.id for s in report.sections]
    assert "overview" in ids and "problems_improvements" in ids
    assert report.fields.get("requests.new.total") == 181


def test_page_with_the_report_keeps_it_and_lists_attachments(site: Site) -> None:
    before = site.hits["/files/%E5%B9%B4%E6%8A%A5.pdf"]
    report = extract(site.url("/full-with-attachment.html"), ALLOW)
    assert_read(report)
    assert report.source.kind == "html"
    assert [(a.uri, a.followed) for a in report.source.attachments] == [
        (site.url("/files/%E5%B9%B4%E6%8A%A5.pdf"), False)
    ]
    assert site.hits["/files/%E5%B9%B4%E6%8A%A5.pdf"] == before  # not fetched


def test_attachments_are_not_followed_when_switched_off(site: Site) -> None:
    options = Options(allow_private_urls=True, follow_attachments=False)
    report = extract(site.url("/stub.html"), options)
    assert report.source.kind == "html"
    assert len(report.source.attachments) == 3
    assert not any(a.followed for a in report.source.attachments)


def test_attachment_that_fails_fails_the_record(site: Site) -> None:
    report = extract(site.url("/stub-broken.html"), ALLOW)
    assert report.status == "failed"
    err = report.errors[0]
    assert err.code == "fetch_failed"
    assert err.message.startswith(f"attachment {site.url('/missing.pdf')}") and "404" in err.message
    assert [a.followed for a in report.source.attachments] == [False, True, False]


def test_attachment_links_are_found_by_path_query_and_text() -> None:
    page = """<html><head><base href="http://example.org/a/b/"></head><body>
    <a href="x.pdf">一</a><a href="/dl.jsp?file=%E6%8A%A5%E5%91%8A.docx&v=2">二</a>
    <a href="/get?id=3">年报.wps</a><a href="/page.html">不是</a><a href="javascript:void(0)">js</a>
    <a href="x.pdf">重复</a></body></html>"""
    raw = RawSource("http://example.org/a/b/page.html", page.encode(), "page.html")
    assert [a.uri for a in find_attachments(raw)] == [
        "http://example.org/a/b/x.pdf",
        "http://example.org/dl.jsp?file=%E6%8A%A5%E5%91%8A.docx&v=2",
        "http://example.org/get?id=3",
    ]


def test_local_page_lists_but_never_fetches_attachments() -> None:
    report = extract(sources.NamedBytes("saved/stub.html", STUB.encode()))
    assert report.source.kind == "html"
    assert report.source.attachments[0].uri == "/files/scan1.png"
    assert not any(a.followed for a in report.source.attachments)


def test_attachment_link_that_is_not_http_is_never_read_as_a_local_file(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A <base href> with a scheme urljoin cannot resolve against leaves a link as a bare path:
    following it would read a file on the extractor's own machine."""
    local = tmp_path / "年报.docx"
    local.write_bytes(report_docx())
    page = STUB.replace("<head>", '<head><base href="zz:/">').replace(
        "files/%E5%B9%B4%E6%8A%A5.pdf", local.as_posix()
    )
    reply = Reply(body=page.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    monkeypatch.setitem(_Handler.routes, "/base-trick.html", lambda _: reply)
    report = extract(site.url("/base-trick.html"), ALLOW)
    assert report.source.kind == "html", report.errors
    assert local.as_posix() in [a.uri for a in report.source.attachments]
    assert not any(a.followed for a in report.source.attachments)


# --------------------------------------------------------------------------- redirects


def test_five_redirects_are_followed(site: Site) -> None:
    report = extract(site.url("/redirect/5"), ALLOW)
    assert_read(report)
    assert report.source.uri == site.url("/redirect/5")


def test_six_redirects_are_refused(site: Site) -> None:
    report = extract(site.url("/redirect/6"), ALLOW)
    assert report.status == "failed"
    assert report.errors[0].code == "fetch_failed"
    assert "more than 5 redirects" in report.errors[0].message


def test_redirect_to_a_non_http_url_is_refused(site: Site) -> None:
    report = extract(site.url("/to-file"), ALLOW)
    assert report.errors[0].code == "fetch_failed"
    assert "non-HTTP" in report.errors[0].message


# --------------------------------------------------------------------------- SSRF guard


def _loopback_counts_as_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test server stand in for a public host; every other address is judged as usual."""
    real = sources._refused_address
    loopback = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(sources, "_refused_address", lambda a: a != loopback and real(a))


def test_private_url_is_refused_by_default_and_allowed_with_the_option(site: Site) -> None:
    report = extract(site.url("/utf8.html"))
    assert report.status == "failed"
    assert report.errors[0].code == "private_address"
    assert "allow_private_urls" in report.errors[0].message
    assert_read(extract(site.url("/utf8.html"), ALLOW))


def test_redirect_to_a_private_address_is_refused(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loopback_counts_as_public(monkeypatch)
    assert_read(extract(site.url("/utf8.html")))  # the stand-in is reachable
    report = extract(site.url("/to-private"))
    assert report.status == "failed"
    assert report.errors[0].code == "private_address"
    assert "169.254.169.254" in report.errors[0].message


def test_every_address_of_a_host_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "_resolve", lambda host, port: ["93.184.216.34", "10.1.2.3"])
    with pytest.raises(FetchError, match=r"10\.1\.2\.3") as info:
        load("http://mixed.example/report.html", Options())
    assert info.value.code == "private_address"


def test_dns_rebinding_is_caught_at_connect_time(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name passes the check, then resolves to a private address when the connection is
    made: the connect-time guard refuses it."""
    _loopback_counts_as_public(monkeypatch)
    answers = iter([["127.0.0.1"], ["10.9.8.7"]])
    monkeypatch.setattr(sources, "_resolve", lambda host, port: next(answers))
    report = extract(f"http://rebind.example:{site.port}/utf8.html")
    assert report.status == "failed"
    assert report.errors[0].code == "private_address"
    assert "10.9.8.7" in report.errors[0].message


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("8.8.8.8", False),
        ("10.0.0.1", True),
        ("172.16.5.4", True),
        ("192.168.1.1", True),
        ("127.0.0.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("240.0.0.1", True),
        ("224.0.1.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("64:ff9b::a00:1", True),
        ("2002:7f00:1::", True),
        ("2001:4860:4860::8888", False),
    ],
)
def test_refused_addresses(address: str, refused: bool) -> None:
    assert sources._refused_address(ipaddress.ip_address(address)) is refused


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_size_cap(site: Site, path: str) -> None:
    report = extract(site.url(path), Options(allow_private_urls=True, max_input_bytes=10_000))
    assert report.status == "failed"
    assert report.errors[0].code == "too_large"


def test_slow_server_times_out(site: Site) -> None:
    started = time.monotonic()
    report = extract(site.url("/slow"), Options(allow_private_urls=True, url_timeout_s=0.5))
    assert time.monotonic() - started < 2.5
    assert report.errors[0].code == "fetch_failed"
    assert "timed out" in report.errors[0].message


def test_dripping_server_hits_the_overall_deadline(site: Site) -> None:
    started = time.monotonic()
    report = extract(site.url("/drip"), Options(allow_private_urls=True, url_timeout_s=0.8))
    assert time.monotonic() - started < 3.0
    assert report.errors[0].code == "fetch_failed"
    assert "timed out" in report.errors[0].message


def test_empty_body(site: Site) -> None:
    report = extract(site.url("/empty"), ALLOW)
    assert report.errors[0].code == "empty"


def test_http_error_is_a_failed_record(site: Site) -> None:
    report = extract(site.url("/nothing"), ALLOW)
    assert report.status == "failed"
    assert report.errors[0].code == "fetch_failed" and "404" in report.errors[0].message


def test_unreachable_port() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    report = extract(f"http://127.0.0.1:{port}/", ALLOW)
    assert report.status == "failed"
    assert report.errors[0].code == "fetch_failed"
    assert "refused" in report.errors[0].message.lower()


def test_unresolvable_host() -> None:
    report = extract("http://no-such-host.invalid/report.html")
    assert report.status == "failed"
    assert report.errors[0].code == "fetch_failed"
    assert "cannot resolve no-such-host.invalid" in report.errors[0].message


def test_passwords_in_urls_never_reach_the_record() -> None:
    from extractor.reading.sources import redact

    assert redact("https://user:secret@example.org/a?b=1") == "https://example.org/a?b=1"
    assert redact("http://example.org/x@y") == "http://example.org/x@y"
    report = extract("http://user:secret@127.0.0.1:9/report.html")
    assert report.status == "failed"
    assert "secret" not in report.model_dump_json()


def test_malformed_urls_are_invalid_url_not_fetch_failures() -> None:
    for url in ("http://[::1/report.html", "http:///report"):
        report = extract(url)
        assert report.status == "failed"
        assert report.errors[0].code == "invalid_url", (url, report.errors[0])
