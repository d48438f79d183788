"""The batch's flat outputs, made from the records in one streaming pass (:class:`Outputs`, fed
record by record as a batch's records arrive, or by :func:`write_outputs` from ``records.jsonl``):
``dataset.csv`` (one row per report: metadata, every canonical field, each rule's status; with
a UTF-8 BOM by default, so that Excel reads it as UTF-8), ``dataset.xlsx`` (the same rows under
Chinese labels from the data dictionary, and a sheet of every check), ``dataset.parquet`` when
pyarrow is installed, ``summary.json`` (which counts the
``not_a_report`` documents a crawl brings in), ``cross_report_checks.csv``, and each body
through the years: ``series.csv`` and ``compare.jsonl`` (:mod:`extractor.batch.yearly`)."""

from __future__ import annotations

import csv
import heapq
import json
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.batch.crossyear import cross_checks, needed
from extractor.batch.yearly import Yearly
from extractor.fields import excel_label, field_specs
from extractor.report import Report

logger = logging.getLogger(__name__)

RULES = ("R1", "R2", "R3", "R4", "S3", "S4")
META = ("title", "agency", "year", "template", "publication_date", "report_score")
SLOWEST = 10
# The column labels of dataset.xlsx's first row; the second row gives the column ids.
META_LABELS = {
    "uri": "来源",
    "status": "处理状态",
    "kind": "文件格式",
    "sha256": "SHA-256",
    "title": "标题",
    "agency": "机关",
    "year": "年度",
    "template": "表格式样",
    "publication_date": "发布日期",
    "report_score": "年报得分",
    "error_codes": "错误代码",
    "warnings": "警告数",
    "elapsed_ms": "用时（毫秒）",
}
RULE_LABELS = {
    "R1": "校验R1 新收+结转=办理结果总计+结转下年度",
    "R2": "校验R2 各类申请人之和=总计",
    "R3": "校验R3 （一）至（六）之和=（七）总计",
    "R4": "校验R4 复议诉讼结果之和=总计",
    "S3": "校验S3 正文数字与表格一致",
    "S4": "校验S4 数值为非负整数",
}
CHECK_COLUMNS = (
    ("uri", "来源"),
    ("agency", "机关"),
    ("year", "年度"),
    ("rule", "规则"),
    ("scope", "范围"),
    ("status", "结果"),
    ("expected", "应为"),
    ("found", "实为"),
    ("message", "说明"),
)
# Excel's row limit; a batch with more checks than this lists the first ones and says so.
XLSX_MAX_ROWS = 1_048_576


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if (record := parse_record(line, path, n)) is not None:
                yield record


def parse_record(line: str, path: Path, n: int) -> dict[str, Any] | None:
    """Line ``n`` of ``path`` as a record, with at least the members the outputs read
    (:data:`READ`); None for a blank line or one that is not JSON."""
    if not line.strip():
        return None
    record = outline(line)
    if record is not None:
        return record
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        # The batch's compaction keeps a line that names its source's uri without reading
        # all of it; a damaged one is left out here.
        logger.warning("%s: line %d is not a JSON record; left out", path, n)
        return None
    return record if isinstance(record, dict) else None


# The members of a record as Report.to_json writes them, in order (the model's fields), and
# those the outputs read: a record's line is about 50 KB, half of it field_evidence, and
# decoding all of it took ~1.5 ms a record in the batch's process, which shares the cores with
# the workers.
MEMBERS: tuple[str, ...] = tuple(Report.model_fields)
READ = frozenset(
    ("status", "errors", "warnings", "source", "metadata", "fields", "checks", "themes")
)
_DECODE = json.JSONDecoder().raw_decode


def outline(line: str) -> dict[str, Any] | None:
    """The members of :data:`READ` and ``elapsed_ms`` of a record written by Report.to_json
    (compact, its members in the order of :data:`MEMBERS`), each decoded where it stands; None
    for a line written any other way (the caller decodes it whole).

    A member not read is stepped over by finding the next member's key, ``,"key":``: a string
    holds no bare ``"``, so outside strings the key can only be that member or a member of
    the same name inside the value stepped over, and no object inside those values has one
    (tests/test_batch.py holds the models to it). ``elapsed_ms``, the last member, is found
    from the line's end. Each member read must end where a ``,`` or the record's ``}``
    follows, else the line is decoded whole."""
    last = len(MEMBERS) - 1
    if not line.startswith('{"' + MEMBERS[0] + '":'):
        return None
    out: dict[str, Any] = {}
    pos = 1
    try:
        for i, key in enumerate(MEMBERS[:last]):
            head = f'"{key}":'
            if not line.startswith(head, pos):
                return None
            pos += len(head)
            nxt = f',"{MEMBERS[i + 1]}":' if i + 1 < last else None
            if key in READ:
                out[key], pos = _DECODE(line, pos)
                if not line.startswith(nxt or ",", pos):
                    return None
            elif nxt is not None:
                pos = line.find(nxt, pos)
                if pos < 0:
                    return None
            pos += 1
        tail = f',"{MEMBERS[last]}":'
        at = line.rfind(tail, pos - 1)
        if at < 0:
            return None
        out[MEMBERS[last]], end = _DECODE(line, at + len(tail))
    except json.JSONDecodeError:
        return None
    if line[end:].strip() != "}":
        return None
    return out


def columns() -> list[str]:
    return [
        "uri",
        "status",
        "kind",
        "sha256",
        *META,
        "error_codes",
        "warnings",
        "elapsed_ms",
        *field_specs(),
        *(f"check_{r}" for r in RULES),
    ]


def rule_status(checks: list[dict[str, Any]], rule: str) -> str:
    """fail if any instance of the rule failed, pass if some passed, else not_applicable."""
    states = {c["status"] for c in checks if c["rule"] == rule}
    if not states:
        return ""
    for state in ("fail", "pass"):
        if state in states:
            return state
    return "not_applicable"


def row(record: dict[str, Any]) -> dict[str, Any]:
    source, meta = record["source"], record.get("metadata", {})
    out: dict[str, Any] = {
        "uri": source["uri"],
        "status": record["status"],
        "kind": source.get("kind"),
        "sha256": source.get("sha256"),
        **{k: meta.get(k) for k in META},
        "error_codes": ";".join(e["code"] for e in record.get("errors", [])),
        "warnings": len(record.get("warnings", [])),
        "elapsed_ms": record.get("elapsed_ms"),
    }
    fields = record.get("fields", {})
    out.update({f: fields.get(f) for f in field_specs()})
    checks = record.get("checks", [])
    out.update({f"check_{r}": rule_status(checks, r) for r in RULES})
    return out


def labels() -> dict[str, str]:
    """Chinese label of every dataset column (the header row of dataset.xlsx)."""
    out = dict(META_LABELS)
    out.update({f: excel_label(f) for f in field_specs()})
    out.update({f"check_{r}": RULE_LABELS[r] for r in RULES})
    return out


class Workbook:
    """dataset.xlsx, written row by row (:mod:`extractor.batch.xlsx` keeps no rows in memory):
    sheet 数据 with the dataset's rows, sheet 校验 with every check of every record that did not
    pass (failed, or not applicable). Each sheet has a row of Chinese labels (bold), a row of
    column ids, and both frozen with the first column. Text that starts with ``=`` is text,
    never a formula."""

    def __init__(self, cols: list[str], hide: str = "") -> None:
        from extractor.batch.xlsx import Workbook as Book

        self.hide = hide
        self.book = Book(frozen_rows=2)
        check_ids = [c for c, _ in CHECK_COLUMNS]
        self.data = self.book.create_sheet("数据", len(cols))
        self.checks = self.book.create_sheet("校验", len(check_ids))
        self.cols = cols
        self.check_rows = 2
        self.truncated = 0
        names = labels()
        for sheet, ids, shown in (
            (self.data, cols, [names[c] for c in cols]),
            (self.checks, check_ids, [n for _, n in CHECK_COLUMNS]),
        ):
            sheet.append(shown, bold=True)
            sheet.append(list(ids))

    def add(self, row: dict[str, Any], record: dict[str, Any]) -> None:
        if self.hide and isinstance(row.get("uri"), str):
            row = {**row, "uri": row["uri"].replace(self.hide, "")}
        self.data.append([row[c] for c in self.cols])
        meta = record.get("metadata", {})
        for check in record.get("checks", []):
            if check.get("status") == "pass":
                # Passing checks are the rule columns of 数据 (about 45 a report: written one
                # by one they took longer than extracting the batch's text reports).
                continue
            if self.check_rows >= XLSX_MAX_ROWS - 1:
                self.truncated += 1
                continue
            self.checks.append(
                [
                    row["uri"],
                    meta.get("agency"),
                    meta.get("year"),
                    *(check.get(c) for c, _ in CHECK_COLUMNS[3:]),
                ]
            )
            self.check_rows += 1

    def save(self, path: Path) -> None:
        if self.truncated:
            logger.warning("dataset.xlsx: %d checks past Excel's row limit", self.truncated)
            self.checks.append([f"{self.truncated} checks more are in records.jsonl"])
        tmp = path.with_suffix(".xlsx.tmp")
        self.book.save(tmp)
        tmp.replace(path)

    def close(self) -> None:
        """Drop the rows written so far (a batch whose outputs are not kept)."""
        self.book.close()


class Outputs:
    """The flat outputs built record by record (:meth:`add`), written by :meth:`finish`: a batch
    feeds them the records as they arrive, so that little is left to do after the last one.
    ``dataset.csv`` is written under a temporary name until :meth:`finish`; :meth:`abort`
    removes it."""

    def __init__(self, out_dir: Path, *, csv_bom: bool = True, hide: str = "") -> None:
        self.out_dir = out_dir
        self.cols = columns()
        self.by_status: Counter[str] = Counter()
        self.by_template: Counter[str] = Counter()
        self.by_kind: Counter[str] = Counter()
        self.failing: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.slowest: list[tuple[float, str]] = []
        self.yearly: list[tuple[str, int, dict[str, Any]]] = []
        self.through_years = Yearly()
        self.rows_for_parquet: list[dict[str, Any]] | None = [] if _has_pyarrow() else None
        self.book = Workbook(self.cols, hide)
        self.csv_tmp = out_dir / "dataset.csv.tmp"
        self.csv_fh = self.csv_tmp.open(
            "w", encoding="utf-8-sig" if csv_bom else "utf-8", newline=""
        )
        self.writer = csv.DictWriter(self.csv_fh, fieldnames=self.cols)
        self.writer.writeheader()

    def add(self, record: dict[str, Any]) -> None:
        r = row(record)
        self.writer.writerow(r)
        self.book.add(r, record)
        if self.rows_for_parquet is not None:
            self.rows_for_parquet.append(r)
        self.by_status[record["status"]] += 1
        self.by_template[r["template"] or "unknown"] += 1
        self.by_kind[r["kind"] or "unknown"] += 1
        for rule in RULES:
            if r[f"check_{rule}"] == "fail":
                self.failing[rule] += 1
        for e in record.get("errors", []):
            self.errors[e["code"]] += 1
        meta = record.get("metadata", {})
        if meta.get("agency") and meta.get("year"):
            self.yearly.append((meta["agency"], meta["year"], needed(record.get("fields", {}))))
        self.through_years.add(record)
        elapsed = record.get("elapsed_ms") or 0.0
        heapq.heappush(self.slowest, (elapsed, r["uri"]))
        if len(self.slowest) > SLOWEST:
            heapq.heappop(self.slowest)

    def abort(self) -> None:
        self.csv_fh.close()
        self.book.close()
        self.csv_tmp.unlink(missing_ok=True)

    def finish(self) -> dict[str, Any]:
        """Write every output; returns the summary."""
        out_dir = self.out_dir
        self.csv_fh.close()
        self.csv_tmp.replace(out_dir / "dataset.csv")
        self.book.save(out_dir / "dataset.xlsx")
        if self.rows_for_parquet is not None:
            _write_parquet(out_dir / "dataset.parquet", self.rows_for_parquet, self.cols)
        cross = cross_checks(self.yearly)
        header = ["agency", "year", "previous_year", "rule", "scope", "status", "expected", "found"]
        with (out_dir / "cross_report_checks.csv").open("w", encoding="utf-8", newline="") as fh:
            cross_writer = csv.writer(fh)
            cross_writer.writerow(header)
            for c in cross:
                cross_writer.writerow([getattr(c, h) for h in header])
        # series.csv and compare.jsonl: each body through its years (extractor/batch/yearly.py).
        years = self.through_years.write(out_dir)
        summary = {
            "documents": sum(self.by_status.values()),
            "by_status": dict(self.by_status),
            "by_template": dict(self.by_template),
            "by_kind": dict(self.by_kind),
            "failing_checks": dict(self.failing),
            "error_codes": dict(self.errors),
            # Pages that are not annual reports (the bulk of a crawl's failures), apart from
            # the documents that could not be read at all.
            "not_a_report": self.errors.get("not_a_report", 0),
            "slowest": [
                {"uri": u, "elapsed_ms": ms} for ms, u in sorted(self.slowest, reverse=True)
            ],
            "parquet": self.rows_for_parquet is not None,
            "cross_report_checks": {
                rule: dict(Counter(c.status for c in cross if c.rule == rule))
                for rule in ("S1", "S2")
            },
            "cross_report_failures": [
                {
                    "agency": c.agency,
                    "year": c.year,
                    "rule": c.rule,
                    "scope": c.scope,
                    "expected": c.expected,
                    "found": c.found,
                }
                for c in cross
                if c.status == "fail"
            ][:100],
            "years": years,
        }
        (out_dir / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return summary


def write_outputs(out_dir: Path, *, csv_bom: bool = True, hide: str = "") -> dict[str, Any]:
    """Every flat output of the batch in ``out_dir`` from its ``records.jsonl``; returns the
    summary. ``csv_bom`` starts dataset.csv with the UTF-8 byte order mark (Excel on Windows
    reads a CSV without it in the system's code page, GBK on Chinese Windows). ``hide``: a
    folder prefix taken out of the sources' names in dataset.xlsx (the server's job folder:
    its text outputs are rewritten as they are served, a workbook is not)."""
    outputs = Outputs(out_dir, csv_bom=csv_bom, hide=hide)
    try:
        for record in _records(out_dir / "records.jsonl"):
            outputs.add(record)
    except BaseException:
        outputs.abort()
        raise
    return outputs.finish()


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _write_parquet(path: Path, rows: list[dict[str, Any]], cols: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    numeric = set(field_specs()) | {"elapsed_ms", "report_score"}
    schema = pa.schema(
        [
            (c, pa.float64() if c in numeric else pa.int64() if c in ("year", "warnings")
             else pa.string())
            for c in cols
        ]
    )  # fmt: skip
    data = {
        c: [None if r[c] is None else float(r[c]) if c in numeric else r[c] for r in rows]
        for c in cols
    }
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)
