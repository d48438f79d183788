"""Getting the bytes of a source: a path, a URL, raw bytes or a binary file object."""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeAlias

from extractor.errors import (
    EmptyInput,
    FetchError,
    InputError,
    InputTooLarge,
    SourceNotFound,
)
from extractor.options import Options

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NamedBytes:
    """Bytes that had a name (an archive member, an upload): the name becomes the record's
    ``source.uri`` and its extension hints at the format."""

    uri: str
    data: bytes


Source: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO | NamedBytes

MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class RawSource:
    uri: str
    data: bytes
    name: str | None = None
    """File name (or URL path) whose extension hints at the format."""
    content_type: str | None = None
    """HTTP Content-Type, for URLs."""


def describe(source: Source) -> str:
    """The ``source.uri`` of a record, available even when loading fails."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    if isinstance(source, NamedBytes):
        return source.uri
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>"
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def is_url(source: object) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def load(source: Source, options: Options) -> RawSource:
    cap = options.max_input_bytes
    uri = describe(source)
    if is_url(source):
        assert isinstance(source, str)
        return _fetch(source, options)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise SourceNotFound(f"no such file: {uri}")
        if path.is_dir():
            raise InputError(f"{uri} is a directory, not a document", code="is_directory")
        size = path.stat().st_size
        if size > cap:
            raise InputTooLarge(f"{uri} is {size} bytes, over the limit of {cap} bytes")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"cannot read {uri}: {exc.strerror or exc}", code="unreadable"
            ) from exc
        raw = RawSource(uri=uri, data=data, name=path.name)
    elif isinstance(source, NamedBytes):
        raw = RawSource(uri=uri, data=source.data, name=os.path.basename(source.uri))
    elif isinstance(source, bytes | bytearray | memoryview):
        raw = RawSource(uri=uri, data=bytes(source))
    elif hasattr(source, "read"):
        data = source.read(cap + 1)
        if not isinstance(data, bytes):
            raise InputError("file objects must be opened in binary mode", code="text_stream")
        raw = RawSource(uri=uri, data=data, name=os.path.basename(uri) if uri[0] != "<" else None)
    else:
        raise InputError(
            f"unsupported source type {type(source).__name__}: give a path, URL, bytes or a "
            "binary file object",
            code="bad_source",
        )
    if len(raw.data) > cap:
        raise InputTooLarge(f"{uri} is over the limit of {cap} bytes")
    if not raw.data.strip():
        raise EmptyInput(f"{uri} is empty" if raw.data == b"" else f"{uri} holds only whitespace")
    return raw


def _check_host(url: str, allow_private: bool) -> None:
    """Refuse URLs that resolve to private, loopback or link-local addresses (SSRF guard)."""
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        raise FetchError(f"URL has no host: {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host}: {exc.strerror}") from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if not addr.is_global:
            raise FetchError(
                f"{host} resolves to the non-public address {addr}; refused "
                "(allow with allow_private_urls / --allow-private)",
                code="private_address",
            )


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(  # type: ignore[override]
        self,
        req: urllib.request.Request,
        fp: BinaryIO,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise FetchError(f"redirect to a non-HTTP URL refused: {newurl}")
        _check_host(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def _fetch(url: str, options: Options) -> RawSource:
    _check_host(url, options.allow_private_urls)
    opener = urllib.request.build_opener(_GuardedRedirects(options.allow_private_urls))
    request = urllib.request.Request(url, headers={"User-Agent": "extractor"})
    cap = options.max_input_bytes
    try:
        with opener.open(request, timeout=options.url_timeout_s) as response:
            data = response.read(cap + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type")
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"cannot fetch {url}: {reason}") from exc
    if len(data) > cap:
        raise InputTooLarge(f"{url} is over the limit of {cap} bytes")
    if not data.strip():
        raise EmptyInput(f"{url} returned an empty body")
    name = os.path.basename(urllib.parse.urlsplit(final_url).path) or None
    return RawSource(uri=url, data=data, name=name, content_type=content_type)
