"""Getting the bytes of a source: a path, a URL, raw bytes or a binary file object."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
import urllib.parse
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
USER_AGENT = "extractor (government information-disclosure report reader)"

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class RawSource:
    uri: str
    data: bytes
    name: str | None = None
    """File name (or URL path) whose extension hints at the format."""
    content_type: str | None = None
    """HTTP Content-Type, for URLs."""
    final_url: str | None = None
    """For URLs, the address after redirects: relative links on the page resolve against it."""

    @property
    def http_charset(self) -> str | None:
        """The ``charset`` parameter of the HTTP Content-Type, if any."""
        if not self.content_type:
            return None
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", self.content_type, re.I)
        return m.group(1) if m else None


def redact(uri: str) -> str:
    """A URL without its ``user:password@`` part, which must not reach records, CSVs or logs."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@", r"\1", uri)


def describe(source: Source) -> str:
    """The ``source.uri`` of a record, available even when loading fails."""
    if isinstance(source, str | os.PathLike):
        return redact(os.fspath(source))
    if isinstance(source, NamedBytes):
        return source.uri
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>"
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


# A URL of another scheme (ftp://, file://, s3://); two letters at least, so that a Windows
# drive ("C:/") is still a path.
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")


def is_url(source: object) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def load(source: Source, options: Options, *, empty_ok: bool = False) -> RawSource:
    """The source's bytes. ``empty_ok`` leaves the check for an empty source to the caller
    (:func:`check_not_empty`), which can then record the empty file's size and hash."""
    cap = options.max_input_bytes
    uri = describe(source)
    if is_url(source):
        assert isinstance(source, str)
        # httpx is imported for URLs only: it is a fifth of a cold start.
        from extractor.reading.fetch import fetch

        return fetch(source, options)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            scheme = URL_SCHEME.match(uri) if isinstance(source, str) else None
            if scheme is not None:
                raise FetchError(
                    f"{scheme.group(1)}:// URLs are not supported, only http:// and https:// "
                    f"({uri})",
                    code="unsupported_scheme",
                )
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
    if not empty_ok:
        check_not_empty(raw)
    return raw


def check_not_empty(raw: RawSource) -> None:
    if not raw.data.strip():
        raise EmptyInput(
            f"{raw.uri} is empty" if raw.data == b"" else f"{raw.uri} holds only whitespace"
        )


def _refused_address(addr: IPAddress) -> bool:
    """Whether the SSRF guard refuses ``addr``: anything not globally routable (private,
    loopback, link-local, reserved, shared, unspecified) or multicast. IPv6 forms that embed an
    IPv4 address (mapped, 6to4, NAT64) are judged by that address too, since they reach it."""
    if not addr.is_global or addr.is_multicast:
        return True
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour
        if embedded is None and addr in _NAT64:
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            return _refused_address(embedded)
    return False


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _resolve(host: str, port: int | None) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise FetchError(f"cannot resolve {host}: {reason}") from exc
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in out:
            out.append(addr)
    return out


def _checked_addresses(host: str, port: int | None, allow_private: bool) -> list[str]:
    """Resolve ``host`` and refuse it when any of its addresses is non-public: checking only
    the first would let a name with one public and one private record through."""
    addresses = _resolve(host, port)
    if allow_private:
        return addresses
    for text in addresses:
        addr = ipaddress.ip_address(text.split("%", 1)[0])
        if _refused_address(addr):
            raise FetchError(
                f"{host} resolves to the non-public address {addr}; refused "
                "(allow with allow_private_urls / --allow-private)",
                code="private_address",
            )
    return addresses


def _reason(exc: BaseException) -> str:
    """The innermost message of a connection error: "Connection refused" rather than the
    library's wrapper text."""
    inner: BaseException = exc
    for _ in range(10):  # exception chains are short; the bound only guards against cycles
        nxt = inner.__cause__ or inner.__context__
        if nxt is None:
            break
        inner = nxt
    text = getattr(inner, "strerror", None) or str(inner) or type(inner).__name__
    return str(text)


_FILENAME_STAR = re.compile(r"filename\*\s*=\s*([^']*)'[^']*'([^;]+)", re.IGNORECASE)
_FILENAME = re.compile(r"""filename\s*=\s*(?:"([^"]*)"|([^;]+))""", re.IGNORECASE)


def _attachment_name(disposition: str | None) -> str | None:
    """The file name a ``Content-Disposition`` header gives: download endpoints
    (``download.jsp?id=…``) name the file only there, and its extension hints at the format."""
    if not disposition:
        return None
    if m := _FILENAME_STAR.search(disposition):
        charset = m.group(1) or "utf-8"
        try:
            name = urllib.parse.unquote(m.group(2).strip(), encoding=charset, errors="strict")
        except (LookupError, UnicodeDecodeError):
            name = None
        if name:
            return os.path.basename(name.replace("\\", "/"))
    if m := _FILENAME.search(disposition):
        name = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
        return os.path.basename(urllib.parse.unquote(name).replace("\\", "/")) or None
    return None
