"""Batch runs end to end on real files, archives and worker processes."""

import csv
import hashlib
import io
import json
import os
import tarfile
import zipfile
from pathlib import Path
from typing import Any

from extractor.batch import run_batch
from extractor.batch.inputs import discover
from extractor.reading import NamedBytes

from .conftest import CORPUS

SAMPLE = CORPUS / "samples" / "xinghe2023.txt"
SAMPLE_HTML = CORPUS / "samples" / "xinghe2023.html"


def records(out: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]


def hostile_zip(path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("inner.txt", SAMPLE.read_bytes())
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("good.html", SAMPLE_HTML.read_bytes())
        z.writestr("../../escape.txt", b"x")
        z.writestr("/abs/path.txt", b"x")
        z.writestr("bomb.txt", b"0" * 3_000_000)
        z.writestr("nested.zip", inner.getvalue())
        z.writestr("locked.txt", b"secret")
        z.writestr("XXXX.txt", SAMPLE.read_bytes())
    data = bytearray(path.read_bytes())
    # Chinese zip tools write member names in GBK without the UTF-8 flag: put such a name in.
    data = bytearray(data.replace(b"XXXX.txt", "年报.txt".encode("gbk")))
    # Mark locked.txt encrypted in the central directory, as a password-protected zip does.
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == b"locked.txt":
            data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def hostile_tar(path: Path) -> None:
    with tarfile.open(path, "w:gz") as t:
        data = SAMPLE.read_bytes()
        member = tarfile.TarInfo("ok/report.txt")
        member.size = len(data)
        t.addfile(member, io.BytesIO(data))
        link = tarfile.TarInfo("link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        t.addfile(link)


def test_archive_members_and_their_errors(tmp_path: Path) -> None:
    zpath = tmp_path / "in.zip"
    hostile_zip(zpath)
    tasks = {t.uri.split("!", 1)[1]: t for t in discover([str(zpath)], 1_000_000)}
    assert tasks["good.html"].data is not None
    assert tasks["../../escape.txt"].error[0] == "unsafe_path"  # type: ignore[index]
    assert tasks["/abs/path.txt"].error[0] == "unsafe_path"  # type: ignore[index]
    assert tasks["bomb.txt"].error[0] in {"zip_bomb", "too_large"}  # type: ignore[index]
    assert tasks["locked.txt"].error[0] == "encrypted"  # type: ignore[index]
    assert "年报.txt" in tasks
    assert tasks["nested.zip!inner.txt"].data == SAMPLE.read_bytes()


def test_batch_writes_one_record_per_document_and_nothing_outside(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(SAMPLE.read_bytes())
    (inputs / "x.pdf").write_bytes(b"\x8f\x00 not a pdf" * 30)
    hostile_zip(inputs / "b.zip")
    hostile_tar(inputs / "c.tar.gz")
    before = sorted(p for p in tmp_path.rglob("*"))
    out = tmp_path / "out"
    result = run_batch([str(inputs), str(tmp_path / "missing")], out, workers=2, progress=None)
    after = sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(out))
    assert after == before, "a batch writes only inside its output folder"
    recs = records(out)
    uris = [r["source"]["uri"] for r in recs]
    assert len(uris) == len(set(uris)) == result.processed == 12
    status = {
        u.replace(str(inputs) + "/", ""): r["status"] for u, r in zip(uris, recs, strict=True)
    }
    assert status["a.txt"] == "ok" and status["x.pdf"] == "failed"
    assert status["c.tar.gz!ok/report.txt"] == "ok"
    assert status["b.zip!年报.txt"] == "ok"
    codes = {r["errors"][0]["code"] for r in recs if r["errors"]}
    assert {"unsafe_path", "encrypted", "link", "not_found", "format_mismatch"} <= codes
    rows = list(csv.DictReader((out / "dataset.csv").open(encoding="utf-8")))
    assert len(rows) == 12 and "requests.new.total" in rows[0]
    assert any(r["requests.new.total"] == "181" for r in rows)
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["documents"] == 12 and summary["by_status"]["ok"] == 5
    import pyarrow.parquet as pq

    table = pq.read_table(out / "dataset.parquet")
    assert table.num_rows == 12 and "requests.new.total" in table.column_names


def test_rerun_resumes_after_an_interruption(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c"):
        (docs / f"{name}.txt").write_bytes(SAMPLE.read_bytes() + name.encode())
    out = tmp_path / "out"
    run_batch([str(docs)], out, workers=1, progress=None)
    text = (out / "records.jsonl").read_text("utf-8")
    # A kill mid-write: one full record and half of the next.
    cut = text.index("\n") + 1 + 50
    (out / "records.jsonl").write_text(text[:cut], encoding="utf-8")
    result = run_batch([str(docs)], out, workers=2, progress=None)
    assert (result.skipped, result.processed) == (1, 2)
    uris = [r["source"]["uri"] for r in records(out)]
    assert sorted(uris) == sorted(str(docs / f"{n}.txt") for n in "abc")
    again = run_batch([str(docs)], out, workers=2, progress=None, force=True)
    assert again.processed == 3 and len(records(out)) == 3


def test_a_document_past_the_time_limit_gets_a_failed_record(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b"):
        (docs / f"{name}.txt").write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    result = run_batch([str(docs)], out, workers=2, timeout_s=0.001, progress=None)
    recs = records(out)
    assert len(recs) == 2 and result.processed == 2
    assert {r["errors"][0]["code"] for r in recs} == {"timeout"}


def test_tasks_waiting_for_a_replaced_worker_get_one_record_each() -> None:
    """The pool sends a worker its next task before the one it works on is done; when that
    worker is replaced (here: past the time limit), the task it had not begun is sent again
    to the new one, neither lost nor done twice."""
    from extractor.batch.inputs import Task
    from extractor.batch.pool import DEPTH, Pool
    from extractor.options import Options

    assert DEPTH >= 2
    tasks = [(i, Task(uri=f"{i}.txt", data=SAMPLE.read_bytes())) for i in range(3)]
    pool = Pool(1, Options(), timeout_s=0.001)
    try:
        got = list(pool.map(iter(tasks)))
    finally:
        pool.close()
    assert sorted(i for i, _, _ in got) == [0, 1, 2]
    assert {json.loads(line)["errors"][0]["code"] for _, _, line in got} == {"timeout"}


def test_a_large_archive_member_is_not_sent_ahead_to_a_busy_worker() -> None:
    """A task sent ahead waits inside the worker, under its memory cap, beside the document
    it reads: a 60 MB archive member sent behind another doubled a worker's share. Only small
    tasks go ahead; a large one waits until the worker is free."""
    from extractor.batch.inputs import Task
    from extractor.batch.pool import AHEAD_BYTES, Pool
    from extractor.options import Options

    sent: list[tuple[int, int]] = []

    class Watched:
        def __init__(self, conn: Any, slot: Any) -> None:
            self.conn, self.slot = conn, slot

        def send(self, msg: Any) -> None:
            sent.append((msg[0], len(self.slot.tasks)))
            self.conn.send(msg)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.conn, name)

    big = SAMPLE.read_bytes() + b"\n" * AHEAD_BYTES
    tasks = [(0, Task(uri="0.txt", data=SAMPLE.read_bytes())), (1, Task(uri="1.txt", data=big))]
    tasks.append((2, Task(uri="2.txt", data=SAMPLE.read_bytes())))
    pool = Pool(1, Options(), timeout_s=60)
    slot = pool.slots[0]
    slot.conn = Watched(slot.conn, slot)  # type: ignore[assignment]
    try:
        got = list(pool.map(iter(tasks)))
    finally:
        slot.conn = slot.conn.conn  # type: ignore[attr-defined]
        pool.close()
    assert sorted(i for i, _, _ in got) == [0, 1, 2]
    # The large task went to an idle worker; the small one after it went ahead.
    assert dict(sent)[1] == 1
    assert dict(sent)[2] == 2


def test_outputs_built_as_the_records_come_are_those_of_the_records_file(
    tmp_path: Path,
) -> None:
    """A first run builds its outputs while the workers extract; they are the ones built from
    records.jsonl afterwards (a rerun's way), byte for byte."""
    from extractor.batch.outputs import write_outputs

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c"):
        (docs / f"{name}.txt").write_bytes(SAMPLE.read_bytes() + name.encode())
    (docs / "d.html").write_bytes(SAMPLE_HTML.read_bytes())
    out = tmp_path / "out"
    run_batch([str(docs)], out, workers=2, progress=None)
    again = tmp_path / "again"
    again.mkdir()
    (again / "records.jsonl").write_bytes((out / "records.jsonl").read_bytes())
    write_outputs(again)
    for name in ("dataset.csv", "summary.json", "series.csv", "cross_report_checks.csv"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
    assert not list(out.glob("*.tmp"))


def test_url_list_file(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("# reports\nhttp://127.0.0.1:9/a.html\n\nhttps://example.invalid/b.pdf\n")
    assert [t.url for t in discover([str(listing)], 1000)] == [
        "http://127.0.0.1:9/a.html",
        "https://example.invalid/b.pdf",
    ]
    assert os.path.exists(listing)


def test_cross_year_checks_find_a_planted_carry_over_mismatch(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    # The sample is 2023 and carries 7/2/0/0/0/1 = 10 requests forward to 2024. Its 2024 twin
    # claims 6/2/0/0/0/1 = 9 carried over: S1 must catch 自然人 and 总计, and only those.
    (docs / "y2023.txt").write_text(text, encoding="utf-8")
    twin = text.replace("2023年", "2024年").replace(
        "二、上年结转政府信息公开申请数量 | 6 | 1 | 0 | 0 | 1 | 0 | 8 |",
        "二、上年结转政府信息公开申请数量 | 6 | 2 | 0 | 0 | 0 | 1 | 9 |",
    )
    assert twin != text.replace("2023年", "2024年")
    (docs / "y2024.txt").write_text(twin, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(docs)], out, workers=1, progress=None)
    rows = list(csv.DictReader((out / "cross_report_checks.csv").open(encoding="utf-8")))
    failing = {(r["rule"], r["scope"]) for r in rows if r["status"] == "fail"}
    assert ("S1", "requests.carried_over.total") in failing
    assert ("S1", "requests.carried_over.natural_person") in failing
    assert ("S1", "requests.carried_over.commercial") not in failing
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["cross_report_checks"]["S1"]["fail"] == 2


def test_agency_names_match_across_years() -> None:
    from extractor.batch.crossyear import agency_key

    assert agency_key("平潭综合实验区（管委会）") == agency_key("平潭綜合實驗區 (管委会)")


def test_the_same_batch_runs_on_a_local_dask_cluster(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c"):
        (docs / f"{name}.txt").write_bytes(SAMPLE.read_bytes() + name.encode())
    (docs / "bad.pdf").write_bytes(b"not a pdf at all" * 10)
    out = tmp_path / "out"
    result = run_batch([str(docs)], out, workers=2, cluster="local", progress=None)
    recs = records(out)
    assert result.processed == 4 and len(recs) == 4
    assert sorted(r["status"] for r in recs) == ["failed", "ok", "ok", "ok"]
    assert {r["fields"].get("requests.new.total") for r in recs if r["status"] == "ok"} == {181}


def test_kill_9_midway_then_rerun_gives_one_record_per_document(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(40):
        (docs / f"r{i:02d}.txt").write_bytes(SAMPLE.read_bytes() + f"\n{i}".encode())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extractor", "batch", str(docs), "-o", str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, start_new_session=True)
    records_file = out / "records.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if records_file.exists() and records_file.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = records_file.read_bytes().count(b"\n")
    assert 5 <= partial < 40
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    uris = [r["source"]["uri"] for r in records(out)]
    assert len(uris) == len(set(uris)) == 40


def test_an_empty_file_is_recorded_once_with_its_size_and_hash(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_bytes(b"")
    (docs / "a.txt").write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    first = run_batch([str(docs)], out, workers=1, progress=None)
    assert first.processed == 2
    (empty,) = [r for r in records(out) if r["source"]["uri"].endswith("empty.txt")]
    assert empty["errors"][0]["code"] == "empty"
    assert empty["source"]["size_bytes"] == 0
    assert empty["source"]["sha256"] == hashlib.sha256(b"").hexdigest()
    again = run_batch([str(docs)], out, workers=1, progress=None)
    assert (again.processed, again.skipped) == (0, 2)
    assert again.documents_failed == 1 and len(records(out)) == 2


def test_dataset_csv_starts_with_a_bom_unless_asked_not_to(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(SAMPLE.read_bytes())
    run_batch([str(docs)], tmp_path / "bom", workers=1, progress=None)
    data = (tmp_path / "bom" / "dataset.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfuri,status,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["agency"] == "星河市临江区人民政府"
    run_batch([str(docs)], tmp_path / "plain", workers=1, progress=None, csv_bom=False)
    assert (tmp_path / "plain" / "dataset.csv").read_bytes().startswith(b"uri,status,")


def test_dataset_xlsx_has_chinese_labels_field_ids_frozen_panes_and_checks(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    from extractor.batch.outputs import columns
    from extractor.fields import excel_label

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(SAMPLE.read_bytes())
    # A title that looks like a formula stays text.
    (docs / "b.txt").write_bytes(b"=HYPERLINK(1)\n" + SAMPLE.read_bytes())
    (docs / "c.pdf").write_bytes(b"not a pdf " * 20)
    # A report whose 本年新收 total breaks the row's sum: its failing checks are listed.
    broken = SAMPLE.read_text(encoding="utf-8").replace("| 9 | 4 | 181 |", "| 9 | 4 | 182 |")
    (docs / "d.txt").write_text(broken, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(docs)], out, workers=1, progress=None)
    book = load_workbook(out / "dataset.xlsx")
    assert book.sheetnames == ["数据", "校验"]
    data = book["数据"]
    assert data.freeze_panes == "B3"
    labels = [c.value for c in data[1]]
    ids = [c.value for c in data[2]]
    assert ids == columns()
    assert labels[:7] == ["来源", "处理状态", "文件格式", "SHA-256", "标题", "机关", "年度"]
    total = ids.index("requests.new.total")
    assert labels[total] == excel_label("requests.new.total")
    assert labels[total] == "表三 一、本年新收政府信息公开申请数量 × 总计"
    rows = list(data.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 4
    by_uri = {r[0].rsplit("/", 1)[-1]: r for r in rows}
    assert by_uri["a.txt"][total] == 181 and by_uri["c.pdf"][1] == "failed"
    assert all(c.data_type != "f" for row in data.iter_rows(min_row=3) for c in row)
    checks = book["校验"]
    assert checks.freeze_panes == "B3"
    assert [c.value for c in checks[1]][:4] == ["来源", "机关", "年度", "规则"]
    assert [c.value for c in checks[2]][:4] == ["uri", "agency", "year", "rule"]
    listed = list(checks.iter_rows(min_row=3, values_only=True))
    # Only checks that did not pass: a.txt passes every one (its rule columns say so).
    assert not [r for r in listed if r[0].endswith("a.txt")]
    assert by_uri["a.txt"][ids.index("check_R1")] == "pass"
    failing = [r for r in listed if r[0].endswith("d.txt")]
    assert failing and all(r[5] == "fail" for r in failing) and "R1" in {r[3] for r in failing}


def test_compaction_reads_each_records_uri_without_parsing_the_record(tmp_path: Path) -> None:
    from extractor.batch import _compact, _uri_of
    from extractor.pipeline import extract, failed_record

    record = extract(SAMPLE).to_json()
    assert _uri_of(record) == json.loads(record)["source"]["uri"]
    # A text that quotes the key is escaped inside its JSON string, so it is never taken for it.
    tricky = failed_record('a "source":{"uri":"x"}.txt', "reading", "empty", "m").to_json()
    assert _uri_of(tricky) == 'a "source":{"uri":"x"}.txt'
    # Another writer's spacing: read in full; a line that is no record has no uri.
    assert _uri_of(json.dumps({"source": {"uri": "b.txt"}}, indent=1).replace("\n", "")) == "b.txt"
    assert _uri_of("not json\n") is None
    old = failed_record("a.txt", "reading", "empty", "old").to_json()
    new = failed_record("a.txt", "reading", "empty", "new").to_json()
    other = failed_record("b.txt", "reading", "empty", "b").to_json()
    path = tmp_path / "records.jsonl"
    path.write_text(f"{old}\n{other}\n{new}\n", encoding="utf-8")
    _compact(path)
    assert path.read_text(encoding="utf-8") == f"{other}\n{new}\n"
    path.write_text(f"{other}\n{new}\n", encoding="utf-8")
    _compact(path)  # nothing to drop
    assert path.read_text(encoding="utf-8") == f"{other}\n{new}\n"


def test_outline_decodes_the_members_the_outputs_read_as_the_whole_line_would(
    tmp_path: Path,
) -> None:
    from extractor.batch.outputs import READ, outline, parse_record
    from extractor.pipeline import extract, failed_record

    wanted = READ | {"elapsed_ms"}
    lines = [
        extract(SAMPLE).to_json(),
        extract(SAMPLE_HTML).to_json(),
        # Keys of the record quoted in its strings are escaped there, never taken for members.
        failed_record('a ,"fields":{"x":1},"checks":[] .txt', "reading", "empty", "m").to_json(),
        extract(
            NamedBytes(
                "b.txt",
                SAMPLE.read_bytes()
                + '\n说明：,"checks":[1],"themes":[],"elapsed_ms":1}\n'.encode(),
            )
        ).to_json(),
    ]
    for line in lines:
        full = json.loads(line)
        assert outline(line) == {k: full[k] for k in wanted}
        assert parse_record(line, tmp_path, 1) == outline(line)
    # Written some other way (spacing, order, a line cut short): decoded whole, or left out.
    spaced = json.dumps(json.loads(lines[0]), indent=1)
    assert outline(spaced) is None and parse_record(spaced, tmp_path, 1) == json.loads(lines[0])
    reordered = json.dumps(dict(reversed(list(json.loads(lines[0]).items()))))
    assert outline(reordered) is None
    assert outline(lines[0][:-1]) is None and parse_record(lines[0][:-1], tmp_path, 1) is None
    assert outline(lines[0] + "x") is None


def test_outline_members_are_the_reports_and_no_member_stepped_over_holds_the_next() -> None:
    """The outline steps over a member by finding the next member's key: no object inside the
    member it steps over may have a key of that name."""
    from extractor.batch.outputs import MEMBERS, READ
    from extractor.fields import field_specs
    from extractor.report import Report

    assert tuple(Report.model_fields) == MEMBERS
    schema = Report.model_json_schema()
    defs = schema.get("$defs", {})

    def keys(node: Any, seen: set[str]) -> set[str]:
        out: set[str] = set()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen:
                    out |= keys(defs[name], seen | {name})
            out |= set(node.get("properties", {}))
            for value in node.values():
                out |= keys(value, seen)
        elif isinstance(node, list):
            for value in node:
                out |= keys(value, seen)
        return out

    for i, member in enumerate(MEMBERS[:-2]):
        if member not in READ:
            inside = keys(schema["properties"][member], set())
            assert MEMBERS[i + 1] not in inside, member
    # field_evidence's keys are field ids, none of them a member's name.
    assert not set(field_specs()) & set(MEMBERS)
