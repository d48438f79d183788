"""Batch inputs → tasks: folders, files, zip and tar archives (nested), and lists of URLs.

Archives are read in memory, member by member; nothing is ever extracted to disk, so a member
named ``../../etc/passwd`` or ``/abs/path`` is only a name. Each member that cannot be read
safely (a zip bomb, an encrypted member, a link, a name that climbs out) becomes a task that
carries its error, so it still gets exactly one record.
"""

from __future__ import annotations

import hashlib
import io
import logging
import posixpath
import tarfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

logger = logging.getLogger(__name__)

# Zip bombs: a member that expands more than this many times its compressed size is refused
# (text and HTML compress 5-15x, PDFs 1-3x; bombs reach thousands).
MAX_RATIO = 200
# Archives nested deeper than this (an archive in an archive in an archive) are refused.
MAX_DEPTH = 2
_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True, slots=True)
class Task:
    """One document of a batch: a path, bytes of an archive member, a URL, or an input that
    already failed (``error`` = (code, message))."""

    uri: str
    path: str | None = None
    data: bytes | None = None
    url: str | None = None
    error: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        """Identity for resuming, as :func:`extractor.batch.record_key` computes it from the
        record: the uri and the hash of the content where there is one."""
        if self.data is not None:
            return f"{self.uri}#{hashlib.sha256(self.data).hexdigest()}"
        if self.path is not None:
            return f"{self.uri}#{file_sha256(self.path)}"
        return self.uri


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def is_archive(name: str) -> bool:
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def _is_url_list(path: Path) -> list[str] | None:
    """A .txt file whose non-empty lines are all http(s) URLs is a list of documents to fetch."""
    if path.suffix.lower() != ".txt" or path.stat().st_size > 10 * 1024 * 1024:
        return None
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    except (UnicodeDecodeError, OSError):
        return None
    urls = [ln for ln in lines if ln and not ln.startswith("#")]
    if urls and all(u.lower().startswith(("http://", "https://")) for u in urls):
        return urls
    return None


def discover(inputs: Sequence[str], max_member_bytes: int) -> Iterator[Task]:
    """Tasks for every document the inputs name, in a stable order."""
    for item in inputs:
        if item.lower().startswith(("http://", "https://")):
            yield Task(uri=item, url=item)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts):
                    yield from _file(child, max_member_bytes)
        elif path.exists():
            yield from _file(path, max_member_bytes)
        else:
            yield Task(uri=item, error=("not_found", f"no such file or folder: {item}"))


def _file(path: Path, max_member_bytes: int) -> Iterator[Task]:
    if is_archive(path.name):
        # Read member by member from the file: a big archive is never held in memory whole.
        try:
            fh = path.open("rb")
        except OSError as exc:
            yield Task(uri=str(path), error=("unreadable", f"cannot read {path}: {exc}"))
            return
        with fh:
            yield from archive_tasks(str(path), fh, max_member_bytes, depth=1)
        return
    urls = _is_url_list(path)
    if urls is not None:
        for url in urls:
            yield Task(uri=url, url=url)
        return
    yield Task(uri=str(path), path=str(path))


def _safe_name(name: str) -> str | None:
    """The member's name inside the archive, or None when it climbs out or is absolute."""
    norm = posixpath.normpath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or norm.startswith("..") or ":" in norm.split("/")[0]:
        return None
    return norm


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Member names without the UTF-8 flag are CP437 to Python; Chinese zips write GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def archive_tasks(uri: str, fh: BinaryIO, max_member_bytes: int, depth: int) -> Iterator[Task]:
    if depth > MAX_DEPTH:
        yield Task(uri=uri, error=("archive_too_deep", f"archives nested deeper than {MAX_DEPTH}"))
        return
    is_zip = zipfile.is_zipfile(fh)
    fh.seek(0)
    if is_zip:
        yield from _zip_tasks(uri, fh, max_member_bytes, depth)
        return
    try:
        with tarfile.open(fileobj=fh) as tf:
            for m in tf:
                name = _safe_name(m.name)
                member_uri = f"{uri}!{m.name}"
                if m.isdir():
                    continue
                if name is None:
                    yield Task(
                        uri=member_uri, error=("unsafe_path", "member path leaves the archive")
                    )
                elif m.issym() or m.islnk():
                    yield Task(uri=member_uri, error=("link", "links in archives are not followed"))
                elif not m.isfile():
                    yield Task(uri=member_uri, error=("not_a_file", "special file skipped"))
                elif m.size > max_member_bytes:
                    yield Task(uri=member_uri, error=("too_large", f"member is {m.size} bytes"))
                else:
                    stream = tf.extractfile(m)
                    member = stream.read(max_member_bytes + 1) if stream is not None else b""
                    yield from _member(member_uri, name, member, max_member_bytes, depth)
    except (tarfile.TarError, EOFError, OSError) as exc:
        yield Task(uri=uri, error=("corrupt_archive", f"cannot read the archive: {exc}"))


def _zip_tasks(uri: str, fh: BinaryIO, max_member_bytes: int, depth: int) -> Iterator[Task]:
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Task(uri=uri, error=("corrupt_archive", f"cannot read the archive: {exc}"))
        return
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            shown = _zip_name(info)
            member_uri = f"{uri}!{shown}"
            name = _safe_name(shown)
            if name is None:
                yield Task(uri=member_uri, error=("unsafe_path", "member path leaves the archive"))
                continue
            if info.flag_bits & 0x1:
                yield Task(uri=member_uri, error=("encrypted", "encrypted archive member"))
                continue
            if info.file_size > max_member_bytes:
                yield Task(uri=member_uri, error=("too_large", f"member is {info.file_size} bytes"))
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                yield Task(
                    uri=member_uri,
                    error=("zip_bomb", f"member expands {info.file_size // info.compress_size}x"),
                )
                continue
            try:
                with zf.open(info) as stream:
                    member = stream.read(max_member_bytes + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError) as exc:
                yield Task(uri=member_uri, error=("corrupt_archive", f"cannot read member: {exc}"))
                continue
            yield from _member(member_uri, name, member, max_member_bytes, depth)


def _member(uri: str, name: str, data: bytes, max_member_bytes: int, depth: int) -> Iterator[Task]:
    if len(data) > max_member_bytes:
        yield Task(uri=uri, error=("too_large", "member is over the size limit"))
    elif is_archive(name):
        yield from archive_tasks(uri, io.BytesIO(data), max_member_bytes, depth + 1)
    else:
        yield Task(uri=uri, data=data)
