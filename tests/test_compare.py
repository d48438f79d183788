"""Year over year: extractor.compare, its CLI, its schema, and the batch's series and pairs."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from extractor import Comparison, compare
from extractor.batch import run_batch
from extractor.comparison import committed_schema, field_changes, generate_schema, mappings
from extractor.report import Metadata, Report, SourceInfo, Theme

from .conftest import CORPUS

PAIRS = CORPUS / "compare"
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
ROOT = Path(__file__).resolve().parent.parent


def report(
    agency: str, year: int, template: str, fields: dict, themes: list[tuple[str, str]]
) -> Report:  # type: ignore[type-arg]
    return Report(
        status="ok",
        source=SourceInfo(uri=f"{agency}{year}.txt"),
        metadata=Metadata(agency=agency, year=year, template=template),  # type: ignore[arg-type]
        fields=fields,
        themes=[
            Theme(label=label, text=text, section="problems_improvements", keywords=[], score=0.9)
            for label, text in themes
        ],
    )


OLD = report(
    "白沙镇人民政府",
    2022,
    "2021",
    {
        "requests.new.total": 40,
        "requests.carried_forward.natural_person": 3,
        "requests.carried_forward.total": 3,
        "proactive.normative_documents.issued": 5,
        "proactive.normative_documents.repealed": 1,
        "proactive.normative_documents.in_force": 50,
        "review.total": 0,
        "proactive.fees.amount_10k_yuan": 1.1,
    },
    [
        ("problem", "一是村务公开栏内容更新不及时，部分公告张贴时间过长。"),
        ("problem", "二是镇政府网站留言回复较慢。"),
        ("measure", "一是建立公开栏更新台账，每月检查一次公告张贴情况。"),
        ("measure", "二是组织镇村干部参加政务公开业务培训。"),
    ],
)
NEW = report(
    "白沙镇 人民政府",  # a space the title added: still the same body
    2023,
    "2021",
    {
        "requests.new.total": 50,
        "requests.carried_over.natural_person": 3,
        "requests.carried_over.total": 4,
        "proactive.normative_documents.issued": 6,
        "proactive.normative_documents.repealed": 2,
        "proactive.normative_documents.in_force": 54,
        "review.total": 2,
        "proactive.fees.amount_10k_yuan": 1.3,
    },
    [
        ("problem", "一是村务公开栏内容更新仍不及时，个别公告张贴时间过长。"),
        ("problem", "二是依申请公开答复期限把握不准。"),
        ("achievement", "全年建立公开栏更新台账，每月检查公告张贴情况12次。"),
        ("measure", "一是规范依申请公开答复流程。"),
    ],
)


def test_fields_change_and_percent() -> None:
    result = compare(OLD, NEW)
    by = {f.field: f for f in result.fields}
    assert by["requests.new.total"].change == 10 and by["requests.new.total"].change_pct == 25.0
    assert by["review.total"].change == 2 and by["review.total"].change_pct is None  # old is 0
    assert by["proactive.fees.amount_10k_yuan"].change == 0.2  # no float noise
    assert result.moved_most[0].field == "requests.new.total"
    assert result.same_agency and result.consecutive and result.warnings == []
    # carried_over exists only in NEW, carried_forward only in OLD: not comparable.
    assert {(n.field, n.side) for n in result.not_comparable} >= {
        ("requests.carried_over.total", "new"),
        ("requests.carried_forward.total", "old"),
    }


def test_s1_and_s2_with_expected_and_found() -> None:
    checks = {(c.rule, c.scope): c for c in compare(OLD, NEW).cross_checks}
    s1 = checks[("S1", "requests.carried_over.total")]
    assert (s1.status, s1.expected, s1.found) == ("fail", 3, 4)
    assert checks[("S1", "requests.carried_over.natural_person")].status == "pass"
    s2 = checks[("S2", "proactive.normative_documents.in_force")]
    assert (s2.status, s2.expected, s2.found) == ("pass", 54, 54)


def test_repeated_problem_and_followed_up_measure() -> None:
    result = compare(OLD, NEW)
    first, second = result.problems
    assert first.repeated and first.old_text is not None and "村务公开栏" in first.old_text
    assert not second.repeated
    followed = {m.measure[:2]: m for m in result.measures}
    assert followed["一是"].followed_up and followed["一是"].matched_label == "achievement"
    assert not followed["二是"].followed_up


def test_warnings_when_agency_or_years_do_not_follow() -> None:
    other = NEW.model_copy(
        update={"metadata": Metadata(agency="黑石镇人民政府", year=2025, template="2021")}
    )
    codes = {w.code for w in compare(OLD, other).warnings}
    assert codes == {"agency_differs", "years_not_consecutive"}


def test_a_cell_unreadable_in_one_report_is_not_called_unreported() -> None:
    """Regression: the flattened Pingtan 2021 page prints 规范性文件's row but its cells are
    null (ambiguous); the comparison said the old report had "not reported" them."""
    old = {"requests.new.total": 10, "review.total": None}
    new = {"requests.new.total": 12, "review.total": 3, "review.upheld": 1}
    _, not_comparable = field_changes(old, new, "2021", "2021")
    reasons = {n.field: n.reason for n in not_comparable}
    assert reasons["review.total"] == "unreadable in the old report (null in its record)"
    assert reasons["review.upheld"] == "not reported in the old report"
    # Null on both sides, by id and through a 2019 → 2021 mapping row: listed, not dropped.
    old = {"requests.new.total": None, "proactive.normative_documents.made": None}
    new = {"requests.new.total": None, "proactive.normative_documents.issued": None}
    _, not_comparable = field_changes(old, new, "2019", "2021")
    assert {(n.field, n.side, n.reason) for n in not_comparable} == {
        ("requests.new.total", "both", "unreadable in both reports"),
        ("proactive.normative_documents.issued", "both", "unreadable in both reports"),
    }
    # A mapping row read on one side only: the other side's cell is to blame, not the format.
    old = {"proactive.normative_documents.made": None}
    new = {"proactive.normative_documents.issued": 9}
    _, not_comparable = field_changes(old, new, "2019", "2021")
    assert [n.reason for n in not_comparable] == [
        "unreadable in the old report (null in its record: proactive.normative_documents.made)"
    ]


def test_2019_and_2021_generations_are_mapped() -> None:
    old = {
        "proactive.normative_documents.made": 7,
        "proactive.normative_documents.total_public": 90,
    }
    old |= {"requests.other.all.total": 4, "requests.new.total": 10}
    new = {"proactive.normative_documents.issued": 9, "proactive.normative_documents.in_force": 95}
    new |= {f"requests.other.{k}.total": 1 for k in ("no_correction", "fee_unpaid", "misc")}
    new |= {"requests.new.total": 12}
    changes, not_comparable = field_changes(old, new, "2019", "2021")
    by = {c.field: c for c in changes}
    assert by["proactive.normative_documents.issued"].how == "mapped"
    assert by["proactive.normative_documents.issued"].change == 2
    key = "requests.other.no_correction.total+requests.other.fee_unpaid.total+requests.other.misc.total"
    assert by[key].old == 4 and by[key].new == 3
    assert by["requests.new.total"].how == "same"
    reasons = {n.field: n.reason for n in not_comparable}
    assert "2019 format" in reasons["proactive.normative_documents.total_public"]
    assert "2021 format" in reasons["proactive.normative_documents.in_force"]
    assert len(mappings()) == 9


def test_committed_comparison_schema_is_current() -> None:
    assert committed_schema() == generate_schema(), (
        "extractor/data/comparison.schema.json is stale: run python -m extractor.comparison "
        "--write-schema"
    )
    jsonschema.validate(json.loads(compare(OLD, NEW).to_json()), committed_schema())


def test_cli_compares_two_corpus_files(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "compare", str(PAIRS / "docs" / "qinghe2022.txt"),
         str(PAIRS / "docs" / "qinghe2023.txt"), "--pretty", "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = Comparison.model_validate_json(out.read_text("utf-8"))
    truth = json.loads((PAIRS / "truth" / "qinghe2022_2023.json").read_text("utf-8"))
    got = {f.field: f.change for f in result.fields}
    assert got == {k: v["change"] for k, v in truth["field_deltas"].items()}
    found = [(c.rule, c.scope, c.status, c.expected, c.found) for c in result.cross_checks]
    want = [(c["rule"], c["scope"], c["status"], c["expected"], c["found"])
            for c in truth["cross_checks"]]  # fmt: skip
    assert found == want
    assert [p.repeated for p in result.problems] == [
        p["repeats"] is not None for p in truth["problems"]
    ]


def test_cli_compares_saved_records(tmp_path: Path) -> None:
    from extractor.cli import main

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(OLD.to_json(), encoding="utf-8")
    b.write_text(NEW.to_json(), encoding="utf-8")
    out = tmp_path / "c.json"
    assert main(["compare", str(a), str(b), "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["new"]["year"] == 2023


def test_corpus_pairs_meet_the_bar() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import evaluate_compare as ev
    finally:
        sys.path.pop(0)
    tp = fp = fn = 0
    for path in sorted((PAIRS / "truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        s = ev.score(truth, compare(PAIRS / truth["old"], PAIRS / truth["new"]))
        assert s["fields_wrong"] == 0 and s["fields_missing"] == 0, s
        assert s["cross_checks_as_truth"], s
        tp, fp, fn = tp + s["problems"][0], fp + s["problems"][1], fn + s["problems"][2]
    precision, recall = ev._pr(tp, fp, fn)
    assert precision >= 0.9 and recall >= 0.9


@pytest.mark.skipif(not (REAL / "pingtan2022.html").exists(), reason="../shared/real is absent")
def test_pingtan_pairs() -> None:
    """2021 → 2022 as pages and as flattened text, 2019 → 2021 across generations: every delta
    the comparison gives is the truths' delta; a field it cannot give is one a record left null
    (the flattened 表二 rows), listed as unreadable."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import evaluate_compare as ev
    finally:
        sys.path.pop(0)
    truths = {t["pair"]: t for t in ev.pingtan_truths()}
    assert len(truths) == 4
    scores = {name: ev.score(t, compare(t["old"], t["new"])) for name, t in truths.items()}
    assert all(s["fields_wrong"] == 0 and s["cross_wrong"] == 0 for s in scores.values()), scores
    assert scores["pingtan2021_2022"]["cross_checks_as_truth"]
    assert scores["pingtan2021_2022"]["fields_missing"] == 0
    assert scores["pingtan2019_2021"]["fields_missing"] == 0
    assert scores["pingtan2021_2022"]["problems"] == (1, 0, 0)
    assert scores["pingtan2021_2022_flat"]["problems"] == (1, 0, 0)
    assert scores["pingtan2019_2021"]["problems"] == (0, 0, 0)


def test_batch_writes_series_and_one_comparison_per_consecutive_pair(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ("qinghe2021", "qinghe2022", "qinghe2023", "luming2023", "luming2024")
    for name in names:
        (docs / f"{name}.txt").write_bytes((PAIRS / "docs" / f"{name}.txt").read_bytes())
    out = tmp_path / "out"
    run_batch([str(docs)], out, workers=2, progress=None)
    rows = list(csv.DictReader((out / "series.csv").open(encoding="utf-8")))
    assert set(rows[0]) == {"agency", "year", "field", "value"}
    # 200 printed values a report, and the 7 sums of （六）其他处理's three rows.
    assert len(rows) == 5 * 207
    pairs = [json.loads(line) for line in (out / "compare.jsonl").read_text("utf-8").splitlines()]
    assert sorted((p["old"]["year"], p["new"]["year"]) for p in pairs) == [
        (2021, 2022), (2022, 2023), (2023, 2024)
    ]  # fmt: skip
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["years"]["comparisons"] == 3 and summary["years"]["bodies"] == 2
    assert summary["years"]["series_values"] == 1035


def test_the_api_name_is_the_function_even_after_the_module_is_imported() -> None:
    import extractor
    import extractor.comparison

    assert callable(extractor.compare) and extractor.Comparison is Comparison
