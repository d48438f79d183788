"""Batch inputs → tasks: folders, files, zip and tar archives (nested), and lists of URLs.

Archives are read in memory, member by member; nothing is ever extracted to disk, so a member
named ``../../etc/passwd`` or ``/abs/path`` is only a name. Each member that cannot be read
safely (a zip bomb, an encrypted member, a link, a name that climbs out, damaged data) becomes a
task that carries its error, so it still gets exactly one record; no archive, however damaged,
raises out of :func:`discover`.

Member names become record uris (``archive.zip!dir/name.txt``). They are always printable: bytes
that decode in no encoding are shown escaped (``\\xff``), so that a record can be written as
UTF-8 JSON. Two members with the same name in one archive are two documents: the second gets
``@2`` after its name, the third ``@3`` (their order in the archive never changes, so the uris
are the same on every run and resuming finds them).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import posixpath
import re
import stat
import struct
import tarfile
import zipfile
from bisect import bisect_left, insort
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


def printable(name: str) -> str:
    """``name`` with the undecodable bytes Python keeps as lone surrogates (file and tar member
    names that are not valid in the file-system encoding) shown as ``\\xNN``: a lone surrogate
    cannot be written as UTF-8, and one such name used to stop the whole batch."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that stand for no byte: show them as code points
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


class _Names:
    """Record uris of one archive's members, unique even when the archive repeats a name."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}
        """Per name, the number its next repetition tries first: every lower one is taken
        (trying from 1 each time made 50,000 members of one name 1.25 billion tries)."""

    def member(self, name: str) -> str:
        base = f"{self.uri}!{printable(name)}"
        n = self.next.get(base, 1)
        candidate = base if n == 1 else f"{base}@{n}"
        # A name repeated in the archive, or one that happens to end in "@2" already, moves on
        # to the next free number: the order of members is fixed, so the result is too.
        while candidate in self.taken:
            n += 1
            candidate = f"{base}@{n}"
        self.taken.add(candidate)
        self.next[base] = n + 1
        return candidate


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


# As extractor.reading.sources.URL_SCHEME: a URL of a scheme other than http(s).
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")


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
            shown = printable(item)
            scheme = _URL_SCHEME.match(item)
            if scheme is not None:
                message = f"{scheme.group(1)}:// URLs are not supported, only http:// and https://"
                yield Task(uri=shown, error=("unsupported_scheme", f"{message} ({shown})"))
                continue
            yield Task(uri=shown, error=("not_found", f"no such file or folder: {shown}"))


def _file(path: Path, max_member_bytes: int) -> Iterator[Task]:
    uri = printable(str(path))
    if is_archive(path.name):
        # Read member by member from the file: a big archive is never held in memory whole.
        try:
            fh = path.open("rb")
        except OSError as exc:
            yield Task(uri=uri, error=("unreadable", f"cannot read {uri}: {exc}"))
            return
        with fh:
            yield from archive_tasks(uri, fh, max_member_bytes, depth=1)
        return
    urls = _is_url_list(path)
    if urls is not None:
        for url in urls:
            yield Task(uri=url, url=url)
        return
    yield Task(uri=uri, path=str(path))


def _safe_name(name: str) -> str | None:
    """The member's name inside the archive, or None when it climbs out or is absolute."""
    norm = posixpath.normpath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or norm.startswith("..") or ":" in norm.split("/")[0]:
        return None
    return norm


def _zip_name(info: zipfile.ZipInfo, raw: bytes | None) -> str:
    """Member names without the UTF-8 flag are CP437 to Python; Chinese zips write GBK. ``raw``:
    the bytes of a name flagged UTF-8 that is not UTF-8, shown escaped."""
    if raw is not None:
        return raw.decode("utf-8", "backslashreplace")
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def archive_tasks(uri: str, fh: BinaryIO, max_member_bytes: int, depth: int) -> Iterator[Task]:
    """One task per member of the archive in ``fh`` (zip or tar, compressed or not); never
    raises for the archive's content."""
    if depth > MAX_DEPTH:
        yield Task(uri=uri, error=("archive_too_deep", f"archives nested deeper than {MAX_DEPTH}"))
        return
    try:
        is_zip = zipfile.is_zipfile(fh)
        fh.seek(0)
    except OSError as exc:
        yield Task(uri=uri, error=("unreadable", f"cannot read the archive: {exc}"))
        return
    members = _zip_tasks if is_zip else _tar_tasks
    try:
        yield from members(uri, fh, max_member_bytes, depth)
    except Exception as exc:  # a reader bug or error not seen yet must not stop the batch
        logger.exception("archive %s: unexpected error", uri)
        yield Task(uri=uri, error=("corrupt_archive", f"cannot read the archive: {exc!r}"))


def _tar_tasks(uri: str, fh: BinaryIO, max_member_bytes: int, depth: int) -> Iterator[Task]:
    # tarfile raises more than TarError on damaged input: zlib.error, lzma.LZMAError, EOFError
    # and OSError from the decompressors among them; every one means the same to a batch.
    try:
        tf = tarfile.open(fileobj=fh)  # noqa: SIM115 (closed below: opening fails apart)
    except Exception as exc:
        yield Task(uri=uri, error=("corrupt_archive", f"cannot read the archive: {exc}"))
        return
    names = _Names(uri)
    read = 0
    with tf:
        entries = iter(tf)
        while True:
            try:
                m = next(entries)
            except StopIteration:
                return
            except Exception as exc:
                # The members read so far have their records; the damaged rest of the archive
                # gets this one (the archive's uri: which members it held is unknown).
                yield Task(
                    uri=uri,
                    error=("corrupt_archive", f"archive damaged after {read} members: {exc}"),
                )
                return
            if m.isdir():
                continue
            read += 1
            member_uri = names.member(m.name)
            name = _safe_name(m.name)
            if name is None:
                yield Task(uri=member_uri, error=("unsafe_path", "member path leaves the archive"))
            elif m.issym() or m.islnk():
                yield Task(uri=member_uri, error=("link", "links in archives are not followed"))
            elif not m.isfile():
                yield Task(uri=member_uri, error=("not_a_file", "special file skipped"))
            elif m.size > max_member_bytes:
                yield Task(uri=member_uri, error=("too_large", f"member is {m.size} bytes"))
            else:
                try:
                    stream = tf.extractfile(m)
                    member = stream.read(max_member_bytes + 1) if stream is not None else b""
                except Exception as exc:
                    # A member cut short or a damaged compressed stream: what follows cannot
                    # be read either, and this member's record is the archive's last, so the
                    # archive never gets a second error record for the same damage.
                    yield Task(
                        uri=member_uri, error=("corrupt_archive", f"cannot read member: {exc}")
                    )
                    return
                yield from _member(member_uri, name, member, max_member_bytes, depth)


class _PatchedFile(io.RawIOBase):
    """A read-only view of a file with a few bytes replaced (``patches``: offset → byte)."""

    def __init__(self, fh: BinaryIO, patches: dict[int, int]) -> None:
        super().__init__()
        self._fh = fh
        self._patches = dict(patches)
        self._offsets = sorted(self._patches)

    def patch(self, offset: int, value: int) -> None:
        if offset not in self._patches:
            insort(self._offsets, offset)
        self._patches[offset] = value

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def read(self, size: int | None = -1) -> bytes:
        pos = self._fh.tell()
        data = self._fh.read(-1 if size is None else size)
        offsets = self._offsets
        first = bisect_left(offsets, pos)
        if first == len(offsets) or offsets[first] >= pos + len(data):
            return data
        out = bytearray(data)
        for off in offsets[first:]:
            if off >= pos + len(data):
                break
            out[off - pos] = self._patches[off]
        return bytes(out)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_EOCD = struct.Struct("<4s4H2LH")
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")


def _bad_utf8_names(fh: BinaryIO) -> dict[int, tuple[int, bytes]]:
    """Central-directory entries flagged UTF-8 whose names are not UTF-8: entry index → (file
    offset of the entry's flag byte that holds the UTF-8 bit, raw name). Python's zipfile
    raises UnicodeDecodeError on such a name and so could read no member of the archive."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    tail_start = max(0, size - _EOCD.size - 0xFFFF)
    fh.seek(tail_start)
    tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _EOCD.size > len(tail):
        return {}
    eocd = tail_start + at
    *_, size_cd, _offset, _comment = _EOCD.unpack_from(tail, at)
    start = eocd - size_cd
    if at >= _EOCD64_LOCATOR.size and tail[at - _EOCD64_LOCATOR.size : at].startswith(
        b"PK\x06\x07"
    ):
        # Zip64: the sizes are in the zip64 end record, which sits before its locator.
        record = eocd - _EOCD64_LOCATOR.size - _EOCD64.size
        fh.seek(record)
        z64 = fh.read(_EOCD64.size)
        if len(z64) == _EOCD64.size and z64.startswith(b"PK\x06\x06"):
            size_cd = _EOCD64.unpack(z64)[-2]
            start = record - size_cd
    if start < 0:
        return {}
    fh.seek(start)
    directory = fh.read(size_cd)
    bad: dict[int, tuple[int, bytes]] = {}
    pos, index = 0, 0
    while pos + _CENTRAL.size <= len(directory):
        fields = _CENTRAL.unpack_from(directory, pos)
        if fields[0] != b"PK\x01\x02":
            break
        flags, name_len, extra_len, comment_len = fields[5], fields[12], fields[13], fields[14]
        raw = directory[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
        if flags & 0x800:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                # The flag bits are little-endian at byte 8 of the entry: bit 11 is 0x08 of
                # the second byte.
                bad[index] = (start + pos + 9, raw)
        pos += _CENTRAL.size + name_len + extra_len + comment_len
        index += 1
    return bad


def _open_zip(fh: BinaryIO) -> tuple[zipfile.ZipFile, dict[int, bytes]]:
    """The archive, and the raw names (by member index) of members flagged UTF-8 whose names
    are not: the archive is then read through a view with that flag cleared, so zipfile takes
    those names as CP437 (every byte sequence is valid CP437) and every member stays readable."""
    try:
        return zipfile.ZipFile(fh), {}
    except UnicodeDecodeError:
        pass
    bad = _bad_utf8_names(fh)
    patches: dict[int, int] = {}
    for offset, _raw in bad.values():
        fh.seek(offset)
        patches[offset] = fh.read(1)[0] & ~0x08
    view = _PatchedFile(fh, patches)
    zf = zipfile.ZipFile(view)
    infos = zf.infolist()
    for index in bad:
        # The member's local header repeats the flag, and zipfile decodes its name again.
        flag_byte = infos[index].header_offset + 7
        fh.seek(flag_byte)
        got = fh.read(1)
        if got:
            view.patch(flag_byte, got[0] & ~0x08)
    return zf, {index: raw for index, (_offset, raw) in bad.items()}


def _zip_kind(info: zipfile.ZipInfo) -> str | None:
    """The error code of a member that is not a regular file, from the Unix mode zip tools
    store in the high bits of the external attributes (0 from DOS and Windows tools)."""
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        return "link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "not_a_file"
    return None


# A local file header is at least this long: a member's data starts this far past its offset.
_LOCAL_HEADER = 30


def _overlapping(infos: list[zipfile.ZipInfo]) -> set[int]:
    """Indexes of the members whose data begins inside an earlier member's: entries that
    point into one another (the same data listed 1,000 times, or the overlapping kernel of a
    non-recursive zip bomb). No zip tool writes them; the first of each stays readable."""
    out: set[int] = set()
    end = -1
    for i in sorted(range(len(infos)), key=lambda k: infos[k].header_offset):
        info = infos[i]
        if info.header_offset < end:
            out.add(i)
        end = max(end, info.header_offset + _LOCAL_HEADER + info.compress_size)
    return out


def _zip_tasks(uri: str, fh: BinaryIO, max_member_bytes: int, depth: int) -> Iterator[Task]:
    try:
        zf, raw_names = _open_zip(fh)
    except Exception as exc:  # BadZipFile, OSError, NotImplementedError, struct.error, ...
        yield Task(uri=uri, error=("corrupt_archive", f"cannot read the archive: {exc}"))
        return
    names = _Names(uri)
    with zf:
        infos = zf.infolist()
        overlapping = _overlapping(infos)
        for index, info in enumerate(infos):
            if info.is_dir():
                continue
            raw = raw_names.get(index)
            shown = _zip_name(info, raw)
            member_uri = names.member(shown)
            if raw is not None:
                logger.warning("%s: member name is flagged UTF-8 but is not UTF-8", member_uri)
            # Whether the name climbs out is judged on its bytes, not on the escaped form (whose
            # backslashes are not path separators).
            name = _safe_name(shown if raw is None else raw.decode("latin-1"))
            special = _zip_kind(info)
            if name is None:
                yield Task(uri=member_uri, error=("unsafe_path", "member path leaves the archive"))
                continue
            if special == "link":
                yield Task(uri=member_uri, error=("link", "links in archives are not followed"))
                continue
            if special is not None:
                yield Task(uri=member_uri, error=("not_a_file", "special file skipped"))
                continue
            if info.flag_bits & 0x1:
                yield Task(uri=member_uri, error=("encrypted", "encrypted archive member"))
                continue
            if index in overlapping:
                yield Task(
                    uri=member_uri,
                    error=("zip_bomb", "member's data overlaps another member's"),
                )
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
            except Exception as exc:
                # BadZipFile (CRC, header), zlib.error, EOFError, NotImplementedError
                # (compression method), ...: this member only; the others are still readable.
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
