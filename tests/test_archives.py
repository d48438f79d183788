"""Hostile and damaged archives in a batch: every member gets exactly one record, and no archive
stops the batch (issue 19)."""

import io
import json
import tarfile
import warnings
import zipfile
from pathlib import Path

import pytest

from extractor.batch import run_batch
from extractor.batch.inputs import MAX_DEPTH, Task, discover, printable

from .conftest import CORPUS

SAMPLE = (CORPUS / "samples" / "xinghe2023.txt").read_bytes()
# Eight bytes that are not UTF-8, and a placeholder of the same UTF-8 length that makes zipfile
# set the UTF-8 flag on the member.
BAD = b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"
PLACEHOLDER = "年报XX".encode()


def tasks(path: Path) -> list[Task]:
    return list(discover([str(path)], 1_000_000))


def by_member(path: Path) -> dict[str, Task]:
    return {t.uri.split("!", 1)[1] if "!" in t.uri else "": t for t in tasks(path)}


def records(out: Path) -> list[dict]:  # type: ignore[type-arg]
    lines = (out / "records.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def zip_with_bad_utf8_name(path: Path, prefix: str = "") -> None:
    """A zip whose second member's name is flagged UTF-8 but holds bytes that are not UTF-8
    (in its central directory and its local header alike), as some zip tools write."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("good.txt", SAMPLE)
        z.writestr(prefix + PLACEHOLDER.decode() + ".txt", SAMPLE + b"\n2")
    data = buf.getvalue()
    assert data.count(PLACEHOLDER) == 2
    path.write_bytes(data.replace(PLACEHOLDER, BAD))


def test_zip_name_flagged_utf8_but_not_utf8_gets_a_record_with_its_bytes_shown(
    tmp_path: Path,
) -> None:
    zpath = tmp_path / "bad.zip"
    zip_with_bad_utf8_name(zpath)
    with pytest.raises(UnicodeDecodeError):  # what stopped every batch with this archive
        zipfile.ZipFile(zpath)
    got = by_member(zpath)
    assert set(got) == {"good.txt", r"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8.txt"}
    assert got["good.txt"].data == SAMPLE
    # The member itself is readable: only its name was damaged.
    assert got[r"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8.txt"].data == SAMPLE + b"\n2"


def test_batch_over_an_archive_with_an_undecodable_name_finishes_and_resumes(
    tmp_path: Path,
) -> None:
    zpath = tmp_path / "bad.zip"
    zip_with_bad_utf8_name(zpath)
    other = tmp_path / "other.txt"
    other.write_bytes(SAMPLE + b"\n3")
    out = tmp_path / "out"
    result = run_batch([str(zpath), str(other)], out, workers=1, progress=None)
    recs = records(out)
    assert result.processed == 3 and len(recs) == 3
    assert {r["status"] for r in recs} == {"ok"}
    again = run_batch([str(zpath), str(other)], out, workers=1, progress=None)
    assert (again.processed, again.skipped) == (0, 3)


def test_bad_name_that_climbs_out_is_still_refused(tmp_path: Path) -> None:
    zpath = tmp_path / "bad.zip"
    zip_with_bad_utf8_name(zpath, prefix="../")
    bad = [t for t in tasks(zpath) if "good.txt" not in t.uri]
    assert len(bad) == 1 and bad[0].error is not None and bad[0].error[0] == "unsafe_path"


def test_tar_and_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    tpath = tmp_path / "bad.tar"
    with tarfile.open(tpath, "w", format=tarfile.GNU_FORMAT, errors="surrogateescape") as t:
        member = tarfile.TarInfo("r\udcff.txt")
        member.size = len(SAMPLE)
        t.addfile(member, io.BytesIO(SAMPLE))
    assert set(by_member(tpath)) == {r"r\xff.txt"}
    assert printable("ok 年报.txt") == "ok 年报.txt"
    assert printable("a\udcff\udcfe") == r"a\xff\xfe"
    docs = tmp_path / "docs"
    docs.mkdir()
    try:
        (docs / "r\udcff.txt").write_bytes(SAMPLE)
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system takes only valid names")
    out = tmp_path / "out"
    run_batch([str(tpath), str(docs)], out, workers=1, progress=None)
    uris = sorted(r["source"]["uri"] for r in records(out))
    assert uris == sorted([f"{tpath}!r\\xff.txt", f"{docs}/r\\xff.txt"])
    again = run_batch([str(tpath), str(docs)], out, workers=1, progress=None)
    assert (again.processed, again.skipped) == (0, 2)


def dup_zip(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", SAMPLE + b"\n1")
            z.writestr("a.txt", SAMPLE + b"\n2")
            z.writestr("a.txt@2", SAMPLE + b"\n3")  # a name that looks like a renumbered one
            z.writestr("a.txt", SAMPLE + b"\n1")  # the same name and the same content


def dup_tar(path: Path) -> None:
    with tarfile.open(path, "w") as t:
        for data in (SAMPLE + b"\n1", SAMPLE + b"\n2"):
            member = tarfile.TarInfo("dir/a.txt")
            member.size = len(data)
            t.addfile(member, io.BytesIO(data))


def test_repeated_member_names_are_each_their_own_document(tmp_path: Path) -> None:
    dup_zip(tmp_path / "d.zip")
    dup_tar(tmp_path / "d.tar")
    zip_uris = [t.uri.split("!")[1] for t in tasks(tmp_path / "d.zip")]
    assert zip_uris == ["a.txt", "a.txt@2", "a.txt@2@2", "a.txt@3"]
    tar_uris = [t.uri.split("!")[1] for t in tasks(tmp_path / "d.tar")]
    assert tar_uris == ["dir/a.txt", "dir/a.txt@2"]


def test_a_name_repeated_thousands_of_times_is_numbered_in_linear_work() -> None:
    """50,000 members of one name held the batch's discovery for minutes: each repetition
    tried every number from 1. The numbers are the same (a name already ending in "@2"
    still moves the repetition on), and each member tries about one."""
    from extractor.batch.inputs import _Names

    class Counted(set[str]):
        tries = 0

        def __contains__(self, item: object) -> bool:
            Counted.tries += 1
            return super().__contains__(item)

    names = _Names("a.zip")
    names.taken = Counted()
    got = [names.member(n) for n in ["r.txt", "r.txt@2", *(["r.txt"] * 5_000)]]
    assert got[:4] == ["a.zip!r.txt", "a.zip!r.txt@2", "a.zip!r.txt@3", "a.zip!r.txt@4"]
    assert len(set(got)) == len(got)
    assert got[-1] == "a.zip!r.txt@5002"
    assert Counted.tries < 3 * len(got)


@pytest.mark.parametrize("cut_after", [0, 1, 3])
def test_repeated_names_survive_an_interrupted_run(tmp_path: Path, cut_after: int) -> None:
    """Whichever record the interruption left, the rerun ends with one record per member,
    under the same uris as an uninterrupted run."""
    dup_zip(tmp_path / "d.zip")
    dup_tar(tmp_path / "d.tar")
    inputs = [str(tmp_path / "d.zip"), str(tmp_path / "d.tar")]
    full = tmp_path / "full"
    run_batch(inputs, full, workers=1, progress=None)
    expected = sorted((r["source"]["uri"], r["source"]["sha256"]) for r in records(full))
    assert len(expected) == 6
    out = tmp_path / "out"
    run_batch(inputs, out, workers=1, progress=None)
    lines = (out / "records.jsonl").read_text("utf-8").splitlines(keepends=True)
    (out / "records.jsonl").write_text("".join(lines[:cut_after]), encoding="utf-8")
    result = run_batch(inputs, out, workers=1, progress=None)
    assert (result.skipped, result.processed) == (cut_after, 6 - cut_after)
    assert sorted((r["source"]["uri"], r["source"]["sha256"]) for r in records(out)) == expected


def test_zip_symlink_members_are_refused_as_links(tmp_path: Path) -> None:
    zpath = tmp_path / "links.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        link = zipfile.ZipInfo("passwd.txt")
        link.create_system = 3  # Unix: the high 16 bits of external_attr are the file mode
        link.external_attr = 0o120777 << 16
        z.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("fifo.txt")
        fifo.create_system = 3
        fifo.external_attr = 0o010644 << 16
        z.writestr(fifo, "")
        regular = zipfile.ZipInfo("plain.txt")
        regular.create_system = 3
        regular.external_attr = 0o100644 << 16
        z.writestr(regular, SAMPLE)
    got = by_member(zpath)
    assert got["passwd.txt"].error is not None and got["passwd.txt"].error[0] == "link"
    assert got["fifo.txt"].error is not None and got["fifo.txt"].error[0] == "not_a_file"
    assert got["plain.txt"].data == SAMPLE


def test_tar_links_are_refused_as_links(tmp_path: Path) -> None:
    tpath = tmp_path / "links.tar"
    with tarfile.open(tpath, "w") as t:
        for kind, name in ((tarfile.SYMTYPE, "sym.txt"), (tarfile.LNKTYPE, "hard.txt")):
            member = tarfile.TarInfo(name)
            member.type = kind
            member.linkname = "/etc/passwd"
            t.addfile(member)
    assert {k: t.error[0] for k, t in by_member(tpath).items() if t.error} == {
        "sym.txt": "link",
        "hard.txt": "link",
    }


def test_nested_archives_are_read_to_their_depth_limit(tmp_path: Path) -> None:
    level3 = io.BytesIO()
    with zipfile.ZipFile(level3, "w") as z:
        z.writestr("deep.txt", SAMPLE)
    level2 = io.BytesIO()
    with tarfile.open(fileobj=level2, mode="w:gz") as t:
        member = tarfile.TarInfo("inner.zip")
        member.size = len(level3.getvalue())
        t.addfile(member, io.BytesIO(level3.getvalue()))
        member = tarfile.TarInfo("inner.txt")
        member.size = len(SAMPLE)
        t.addfile(member, io.BytesIO(SAMPLE))
    zpath = tmp_path / "outer.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("mid.tar.gz", level2.getvalue())
    assert MAX_DEPTH == 2
    got = by_member(zpath)
    assert got["mid.tar.gz!inner.txt"].data == SAMPLE
    too_deep = got["mid.tar.gz!inner.zip"]
    assert too_deep.error is not None and too_deep.error[0] == "archive_too_deep"
    assert len(got) == 2


def test_damaged_members_get_one_record_each_and_the_archive_none_more(tmp_path: Path) -> None:
    # A deflated member whose data is damaged: zlib.error used to escape the batch.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("broken.txt", SAMPLE)
        z.writestr("fine.txt", SAMPLE + b"\n2")
    data = bytearray(buf.getvalue())
    start = data.index(b"broken.txt") + len(b"broken.txt") + 5
    data[start : start + 20] = b"\xff" * 20
    zpath = tmp_path / "damaged.zip"
    zpath.write_bytes(bytes(data))
    got = by_member(zpath)
    assert set(got) == {"broken.txt", "fine.txt"}
    assert got["broken.txt"].error is not None and got["broken.txt"].error[0] == "corrupt_archive"
    assert got["fine.txt"].data == SAMPLE + b"\n2"

    # A tar cut inside its second member: that member gets the error record, the archive gets
    # none of its own (it used to get a second one, beside the member's silence).
    dup_tar(tmp_path / "d.tar")
    whole = (tmp_path / "d.tar").read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole[: 512 + len(SAMPLE) + 500 + 512 + 1000])
    got = by_member(cut)
    assert list(got) == ["dir/a.txt", "dir/a.txt@2"]
    assert got["dir/a.txt"].data == SAMPLE + b"\n1"
    assert got["dir/a.txt@2"].error is not None


@pytest.mark.parametrize(
    "payload",
    [b"", b"not an archive", b"PK\x03\x04" + b"\x00" * 100, b"\x1f\x8b\x08" + b"\x00" * 50],
)
def test_garbage_named_as_an_archive_gets_one_record(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "x.tar.gz"
    path.write_bytes(payload)
    got = tasks(path)
    assert len(got) == 1 and got[0].error is not None and got[0].error[0] == "corrupt_archive"


def test_a_server_batch_of_such_archives_ends_done_with_every_member(tmp_path: Path) -> None:
    """The server's batch job reads uploads through the same code: it used to end ``failed``
    with 0 records on the zip with an undecodable name."""
    import time

    from extractor.options import Options
    from extractor.server.jobs import JobManager

    jobs = JobManager(tmp_path / "data", Options(), batch_workers=2, doc_timeout_s=60, max_jobs=1)
    job_id = jobs.admit()
    assert job_id is not None
    zip_with_bad_utf8_name(jobs.job_dir(job_id) / "upload.zip")
    dup_tar(jobs.job_dir(job_id) / "more.tar")
    jobs.submit(job_id, ["upload.zip", "more.tar"])
    # A bound on the wait, not a speed check: two workers starting cold took > 120 s on a machine
    # loaded 18 deep (session 11).
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        job = jobs.store.get(job_id)
        if job is not None and job.state in ("done", "failed"):
            break
        time.sleep(0.2)
    jobs.close()
    assert job is not None and (job.state, job.documents, job.failed) == ("done", 4, 0)
    uris = sorted(r["source"]["uri"].split("!", 1)[1] for r in records(jobs.out_dir(job_id)))
    assert uris == [r"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8.txt", "dir/a.txt", "dir/a.txt@2", "good.txt"]


def test_zip_entries_that_share_their_data_are_refused(tmp_path: Path) -> None:
    """One report listed 1,000 times by the central directory: 1,000 documents of work from
    7 KB. Each entry still gets its record; only the first is read."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import fuzz

    path = tmp_path / "overlap.zip"
    path.write_bytes(
        fuzz.zip_overlapping(1000, (CORPUS / "samples" / "xinghe2023.txt").read_bytes())
    )
    found = tasks(path)
    assert len(found) == 1000 and len({t.uri for t in found}) == 1000
    assert found[0].error is None and found[0].data
    assert {t.error for t in found[1:]} == {("zip_bomb", "member's data overlaps another member's")}


def test_a_normal_zip_has_no_overlapping_members(tmp_path: Path) -> None:
    path = tmp_path / "n.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, p in enumerate(sorted((CORPUS / "samples").glob("*.txt"))[:5]):
            zf.writestr(f"{i}.txt", p.read_bytes())
        zf.writestr("empty.txt", b"")
        zf.writestr("dir/", b"")
    assert all(t.error is None for t in tasks(path))
