from extractor.checks import check_values, run_checks
from extractor.tables.templates import template_by_id


def review(values: list[int]) -> dict[str, int | float | None]:
    blocks = ["review", "litigation_direct", "litigation_after_review"]
    parts = ["upheld", "corrected", "other", "pending", "total"]
    ids = [f"{b}.{p}" for b in blocks for p in parts]
    return dict(zip(ids, values, strict=True))


def test_r4_passes_and_fails_with_expected_and_found() -> None:
    fields = review([10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5])
    checks = {c.scope: c for c in run_checks([template_by_id("review_litigation")], fields)}
    assert checks["review"].status == "fail"
    assert (checks["review"].expected, checks["review"].found) == (11, 0)
    assert checks["litigation_after_review"].status == "pass"


def test_missing_values_make_a_rule_not_applicable() -> None:
    fields = review([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    fields["review.total"] = None
    checks = {c.scope: c for c in run_checks([template_by_id("review_litigation")], fields)}
    assert checks["review"].status == "not_applicable"


def test_r1_r2_r3_on_a_consistent_request_table() -> None:
    template = template_by_id("requests_single_other")
    fields: dict[str, int | float | None] = dict.fromkeys(template.field_ids, 0)
    for col in ("natural_person", "total"):
        fields[f"requests.new.{col}"] = 2
        fields[f"requests.granted.{col}"] = 1
        fields[f"requests.results_total.{col}"] = 1
        fields[f"requests.carried_forward.{col}"] = 1
    checks = run_checks([template], fields)
    assert {c.rule for c in checks} == {"R1", "R2", "R3", "S4"}
    assert all(c.status == "pass" for c in checks), [c for c in checks if c.status != "pass"]


def test_s4_flags_negative_counts_but_not_changes_or_amounts() -> None:
    ok = check_values({"proactive.licensing.change": -3, "proactive.fees.amount_10k_yuan": 1.5})
    assert ok[0].status == "pass"
    bad = check_values({"review.total": -1})
    assert bad[0].status == "fail"
    assert check_values({"proactive.procurement.amount_yuan": -5.5})[0].status == "fail"
    assert check_values({"review.total": 1.5})[0].status == "fail"


def test_s3_compares_the_overview_with_the_tables() -> None:
    from extractor.checks import check_narrative

    fields = {
        "requests.new.total": 74,
        "requests.carried_over.total": 1,
        "review.total": 2,
        "litigation_direct.total": 1,
        "litigation_after_review.total": 0,
    }
    text = (
        "全年共收到政府信息公开申请75件。被申请行政复议3件，其中行政复议结果纠正1件；行政诉讼1起。"
    )
    checks = {c.scope: c for c in check_narrative(text, fields)}
    assert checks["requests.new.total"].status == "pass"  # 74 new + 1 carried over
    assert checks["review.total"].status == "fail"
    assert (checks["review.total"].expected, checks["review.total"].found) == (2, 3)
    assert checks["litigation.total"].status == "pass"


def test_s3_reads_numbers_before_the_word_and_skips_unstated_counts() -> None:
    from extractor.checks import check_narrative

    checks = check_narrative("本年度共收到70件申请，办结69件。", {"requests.new.total": 70})
    assert [(c.scope, c.status) for c in checks] == [("requests.new.total", "pass")]
    assert check_narrative("本年度工作平稳。", {"requests.new.total": 70}) == []
