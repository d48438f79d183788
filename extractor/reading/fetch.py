"""Fetching a URL under the SSRF guard, the size cap and a deadline (``sources.load`` of an
``http(s)://`` source). Its own module so that only URLs import httpx."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from typing import TypeAlias

import httpcore
import httpx

from extractor.errors import EmptyInput, FetchError, InputTooLarge
from extractor.options import Options
from extractor.reading.sources import (
    MAX_REDIRECTS,
    USER_AGENT,
    RawSource,
    _attachment_name,
    _checked_addresses,
    _reason,
    redact,
)

logger = logging.getLogger(__name__)

SocketOption: TypeAlias = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


def _check_url(url: httpx.URL, allow_private: bool) -> None:
    if url.scheme not in ("http", "https"):
        raise FetchError(
            f"only http and https URLs can be fetched, not {redact(str(url))}", code="invalid_url"
        )
    if not url.host:
        raise FetchError(f"URL has no host: {redact(str(url))}", code="invalid_url")
    _checked_addresses(url.host, url.port, allow_private)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to addresses the SSRF guard accepts, resolved here at connect time.

    Checking the URL before the request is not enough: the HTTP library resolves the name again
    when it connects, and a hostile DNS server can answer differently the second time (DNS
    rebinding). Connecting to the very address that was checked closes that gap; TLS still
    verifies the certificate against the URL's host name, which httpcore passes separately."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _checked_addresses(host, port, self.allow_private)
        last: Exception | None = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None  # getaddrinfo never returns an empty list without raising
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allow_private: bool) -> None:
        # No proxies from the environment: a proxy would make the connection, out of reach of
        # the guard's connect-time check.
        super().__init__(trust_env=False)
        # httpx builds its connection pool without a way to pass a network backend; replacing
        # the pool (an attribute every httpx release since 0.18 has had) is the one hook.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(allow_private),
        )


def fetch(url: str, options: Options) -> RawSource:
    """GET ``url`` following at most MAX_REDIRECTS redirects, each hop checked by the SSRF
    guard, the body streamed under the size cap and an overall deadline."""
    cap = options.max_input_bytes
    timeout = options.url_timeout_s
    # httpx's timeout bounds each connect and each read; a server that drips a byte a second
    # would never trip it, so the whole fetch also has a deadline.
    deadline = time.monotonic() + timeout
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL {redact(url)}: {exc}", code="invalid_url") from exc
    with httpx.Client(
        transport=_GuardedTransport(options.allow_private_urls),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        trust_env=False,
    ) as client:
        hop = 0
        while True:
            _check_url(current, options.allow_private_urls)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = _redirect_target(url, current, response, hop)
                        hop += 1
                        continue
                    if response.status_code >= 400:
                        raise FetchError(
                            f"{redact(url)} answered HTTP {response.status_code} "
                            f"{response.reason_phrase}".rstrip()
                        )
                    data = _read_capped(url, response, cap, deadline, timeout)
                    headers = response.headers
                    break
            except httpx.TimeoutException as exc:
                raise FetchError(
                    f"cannot fetch {redact(url)}: timed out after {timeout:g} s"
                ) from exc
            except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
                raise FetchError(f"cannot fetch {redact(url)}: {_reason(exc)}") from exc
    if not data.strip():
        raise EmptyInput(f"{redact(url)} returned an empty body")
    return RawSource(
        uri=redact(url),
        data=data,
        name=_attachment_name(headers.get("Content-Disposition"))
        or os.path.basename(current.path)
        or None,
        content_type=headers.get("Content-Type"),
        final_url=str(current),
    )


def _redirect_target(url: str, current: httpx.URL, response: httpx.Response, hop: int) -> httpx.URL:
    location = response.headers.get("Location")
    if not location:
        raise FetchError(f"{redact(url)} answered HTTP {response.status_code} without a Location")
    if hop == MAX_REDIRECTS:
        raise FetchError(f"cannot fetch {redact(url)}: more than {MAX_REDIRECTS} redirects")
    try:
        target = current.join(location)
    except httpx.InvalidURL as exc:
        raise FetchError(f"{redact(url)} redirected to an invalid URL {location!r}") from exc
    if target.scheme not in ("http", "https"):
        raise FetchError(f"redirect to a non-HTTP URL refused: {target}")
    logger.debug("redirect %d: %s -> %s", hop + 1, current, target)
    return target


def _read_capped(
    url: str, response: httpx.Response, cap: int, deadline: float, timeout: float
) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        raise InputTooLarge(f"{redact(url)} is {length} bytes, over the limit of {cap} bytes")
    chunks: list[bytes] = []
    size = 0
    # Checked chunk by chunk, so a body without Content-Length (or one that lies) stops at the
    # cap; the cap is on the decoded bytes, which is what is held in memory.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise InputTooLarge(f"{redact(url)} is over the limit of {cap} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"cannot fetch {redact(url)}: timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)
