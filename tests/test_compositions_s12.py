"""Session 12 (issue 14): a group of values on a line of its own between a label that printed
nothing on its line and the next label, and a group on the line of a label nobody found. Each
case cut down to a few lines, and a family of generated layouts around them. The contract is the
one of docs/tables.md: the printed number or null."""

from __future__ import annotations

import random

import pytest

from extractor.document import Line, Provenance
from extractor.tables.mapping import map_tokens
from extractor.tables.templates import TableTemplate, template_by_id
from extractor.tables.tokens import Token, tokenize_lines

SINGLE = template_by_id("requests_single_other")
REQUESTS = template_by_id("requests_2021")
HEADER = (
    "申请人情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
)


def toks(text: str) -> list[Token]:
    lines = text.strip("\n").splitlines()
    return tokenize_lines(Line(t, Provenance(line=i + 1)) for i, t in enumerate(lines))


def values(text: str, template: TableTemplate = REQUESTS) -> dict[str, int | float | None]:
    mapping = map_tokens(toks(text), template)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


# --- a group on the line of a label nobody found -------------------------------------------


def test_a_group_on_an_unfound_labels_line_is_no_other_labels() -> None:
    # dongshan 2024 printed at 150% and read by pdftotext -layout (and pdfplumber): the 2021
    # （六） sub-label 2. is cut too short to be found (`2.申请人逾期 1 1`), and 3.其他 below,
    # printing nothing on its line, had taken that line's `1 1` as values printed above it.
    got = values(
        "4.无正当理由大量反复申请 1 1\n5.要求行政机关确认或重新出具已获取信息 2 2\n"
        "（六） 1.申请人无正\n2.申请人逾期 1 1\n3.其他\n（七）总计 137 3 140\n"
    )
    assert all(v is None for f, v in got.items() if f.startswith("requests.other.misc."))
    assert got["requests.not_processed.confirmation.total"] == 2


FIRST = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"


@pytest.mark.parametrize("cut", ["2.申请人逾期", "（六） 2.申请人逾期", "2.申请人逾期未按"])
@pytest.mark.parametrize("group", ["1 1", "1 0 0 0 0 0 1", "3 1 4"])
@pytest.mark.parametrize(
    "first", ["（六） 1.申请人无正", f"（六）其他处理 {FIRST}", f"（六）其他处理 {FIRST} 5 5"]
)
@pytest.mark.parametrize("before", ["2 2", ""])
def test_a_group_on_an_unfound_labels_line_family(
    cut: str, group: str, first: str, before: str
) -> None:
    # The unfound row's own values, whatever the labels around it print: neither the label
    # before (a wrapped end) nor the one after (values above) takes them.
    got = values(
        f"4.无正当理由大量反复申请 1 1\n5.要求行政机关确认或重新出具已获取信息 {before}\n"
        f"{first}\n{cut} {group}\n3.其他\n（七）总计 137 3 140\n"
    )
    assert all(v is None for f, v in got.items() if f.startswith("requests.other.misc."))
    assert got["requests.other.no_correction.total"] in (None, 5)
    assert got["requests.not_processed.confirmation.total"] in (None, 2)


# --- a group on a line of its own between a bare label and the next label ------------------


def test_a_group_between_a_bare_row_and_a_bare_label_is_either_rows() -> None:
    # jkjk2023_a11, pdf_values_first + blank_zero + prose_wrap (seed 17, composition 17274):
    # row 7 printed nothing (its zeros vanished) and row 8 printed `2 2` above its label. Rows
    # print their values on their labels' lines, so a one-line label's values would be on its
    # line: the group is the next row's above it, or the first row's cut line. 7. had taken it.
    got = values(
        HEADER + "一、本年新收政府信息公开申请数量 15 2 17\n二、上年结转政府信息公开申请数量 2 2\n"
        "三、本年度办理结果 （一）予以公开 4 4\n（三）不予公开 1.属于国家秘密\n"
        "6.属于四类过程性信息 1 1\n7.属于行政执法案卷\n2 2\n8.属于行政查询事项\n"
        "（四）无法提供 1.本机关不掌握相关政府信息 3 3\n",
    )
    assert got["requests.denied.enforcement_files.total"] is None
    assert got["requests.denied.inquiry_matters.total"] is None
    assert got["requests.unavailable.not_held.total"] == 3


def test_a_group_after_a_short_row_before_a_bare_label_may_be_its_wrapped_end() -> None:
    # beihu2024_b3, hard_wrap + pdf_interleaved_header + collapse_blanks + … (seed 8080,
    # composition 8080058): row 1.本机关's total `77` wrapped onto a line of its own, and the
    # bare 2.没有现成… after it had taken it as its total printed above its label.
    got = values(
        HEADER + "一、本年新收政府信息公开申请数量 237 31 2 2 13 285\n"
        "二、上年结转政府信息公开申请数量 8 0 0 0 0 0 8\n"
        "8.属于行政查询事项 6 1 0 0 0 0 7\n"
        "（四）无法提供 1.本机关不掌握相关政府信息 63 11 0 1 2 0\n77\n2.没有现成信息需要另行制作\n"
        "3.补正后申请内容仍不明确 11 1 12\n"
    )
    assert got["requests.unavailable.needs_creation.total"] is None
    assert got["requests.unavailable.not_held.total"] is None
    assert got["requests.unavailable.unclear_after_correction.total"] == 12


def test_a_group_after_a_wrapped_labels_last_piece_is_either_where_values_print_above() -> None:
    # yunling2023_a10, pdf_values_first + hard_wrap + collapse_blanks + … (seed 314,
    # composition 314026): `3 1 4`, right after the last piece of the wrapped （六） label 1.,
    # is 2.'s printed above its label; the table shows values printed above their labels
    # elsewhere (`16 6 3 25` after row 4.'s own line), so the group is no longer the wrapped
    # label's (pypdfium2's layout, where it would be).
    got = values(
        HEADER + "一、本年新收政府信息公开申请数量 1587 283 29 28 130 78 2135\n"
        "3.要求提供公开出版物 0 0 0 0 0 0 0\n4.无正当理由大量反复申请 6 2 0 0 0 2 10\n16 6 3 25\n"
        "5.要求行政机关确认或重新出具已获取信息\n"
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处\n理其政府信息公开申请\n3 1 4\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府\n信息公开申请\n"
        "3.其他 40 13 2 1 4 1 61\n"
    )
    assert got["requests.other.no_correction.total"] is None
    assert got["requests.other.fee_unpaid.total"] is None
    assert got["requests.other.misc.total"] == 61


ROWS = [spec for spec in REQUESTS.rows]
FIRST_OF = {"（一）予以公开": "三、本年度办理结果 "} | {
    spec.label: f"{spec.parent} " for spec in ROWS if spec.parent and spec.label.startswith("1.")
}
# Pairs of neighbouring rows of 三 that the family puts a group between (each kind of label).
PAIRS = [4, 7, 9, 12, 15, 17, 20]


def _truth(rng: random.Random, zero: set[int]) -> dict[str, list[int]]:
    """Rows of table 三 that keep R1–R3: random small parts, the rows in ``zero`` all blank."""
    rows: dict[str, list[int]] = {}
    sub = [s for s in ROWS[2:-2]]
    for i, spec in enumerate(ROWS):
        if spec in sub:
            if i in zero or rng.random() < 0.3:
                parts = [0] * 6
            else:
                parts = [rng.choice((0, 0, 1, 2, 5, 13)) for _ in range(6)]
                parts[0] = parts[0] or rng.randint(1, 40)
            rows[spec.label] = [*parts, sum(parts)]
    total = [sum(r[c] for r in rows.values()) for c in range(7)]
    carried = [rng.choice((0, 1, 2)) for _ in range(6)]
    carried.append(sum(carried))
    forward = [min(c, rng.choice((0, 1, 3))) for c in total[:6]]
    forward.append(sum(forward))
    rows[ROWS[-2].label] = total
    rows[ROWS[-1].label] = forward
    rows[ROWS[1].label] = carried
    rows[ROWS[0].label] = [t + f - c for t, f, c in zip(total, forward, carried, strict=True)]
    assert all(v >= 0 for v in rows[ROWS[0].label])
    return rows


def _line(label: str, cells: list[int]) -> str:
    """A row whose blanks vanished: its label, then its non-zero cells (A6, A7)."""
    return " ".join([FIRST_OF.get(label, "") + label, *(str(v) for v in cells if v)])


def _render(rows: dict[str, list[int]], i: int, layout: str) -> str:
    out = [HEADER.rstrip("\n")]
    skip_label = ""
    for k, spec in enumerate(ROWS):
        cells = rows[spec.label]
        printed = [str(v) for v in cells if v]
        if k == i and layout == "wrap":
            head = " ".join(printed[: max(1, len(printed) // 2)])
            out.append(f"{FIRST_OF.get(spec.label, '')}{spec.label} {head}")
            out.append(" ".join(printed[max(1, len(printed) // 2) :]))
        elif k == i and layout == "cut":
            out.append(FIRST_OF.get(spec.label, "") + spec.label)
            out.append(" ".join(printed))
        elif k == i + 1 and layout in ("above", "short_above"):
            out.append(" ".join(printed))
            out.append(FIRST_OF.get(spec.label, "") + spec.label)
        elif spec.label != skip_label:
            out.append(_line(spec.label, cells))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("layout", ["above", "short_above", "wrap", "cut"])
@pytest.mark.parametrize("i", PAIRS)
@pytest.mark.parametrize("seed", range(2))
def test_a_group_between_two_labels_family(layout: str, i: int, seed: int) -> None:
    # A group on a line of its own between a row that printed nothing on its line (or a short
    # row) and a row that prints nothing on its line, blanks vanished: the next row's values
    # printed above its label (B3), or the first row's line cut (B6: its wrapped end, or all
    # its values on the next line). The text is the same in each case; no value may be wrong.
    rng = random.Random(f"s12-between|{layout}|{i}|{seed}")
    zero = {i} if layout == "above" else {i + 1} if layout in ("wrap", "cut") else set()
    rows = _truth(rng, zero)
    first, second = rows[ROWS[i].label], rows[ROWS[i + 1].label]
    if layout == "above" and not any(second):
        second[0] = second[-1] = 3
        rows[ROWS[-2].label][0] += 3
        rows[ROWS[-2].label][-1] += 3
        rows[ROWS[0].label][0] += 3
        rows[ROWS[0].label][-1] += 3
    if layout in ("short_above", "wrap", "cut") and len([v for v in first if v]) < 2:
        pytest.skip("the first row prints fewer than two values")
    if layout == "short_above" and not any(second):
        pytest.skip("the second row printed nothing")
    text = _render(rows, i, layout)
    got = values(text)
    truth = {f: v for spec in ROWS for f, v in zip(spec.fields, rows[spec.label], strict=True)}
    wrong = {f: (v, truth[f]) for f, v in got.items() if v is not None and v != truth.get(f)}
    assert not wrong, text
    # Not vacuous: rows far from the group are read.
    assert got[ROWS[0].fields[-1]] == truth[ROWS[0].fields[-1]], text


def test_a_run_of_rows_printed_under_their_labels_to_the_tables_end_is_read() -> None:
    # pdftotext on hailan 2024 printed: most rows on their labels' lines, the last three a line
    # under theirs, up to the next table. Read as values above their labels, the last group
    # would be nobody's: the run prints its values under its labels, and is read (14 values;
    # （六） stays null, 5. bare before it).
    got = values(
        HEADER + "1.信访举报投诉类申请 79 24 4 0 0 0 107\n2.重复申请 115 29 2 0 0 0 146\n"
        "3.要求提供公开出版物 21 8 1 0 0 0 30\n4.无正当理由大量反复申请 11 1 0 0 0 0 12\n"
        "5.要求行政机关确认或重新出具已获取信息\n（六）其他处理\n369 96 8 0 0 0 473\n"
        "（七）总计\n3571 981 117 0 0 0 4669\n四、结转下年度继续办理\n114 68 7 0 0 0 189\n"
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n",
        SINGLE,
    )
    assert got["requests.results_total.total"] == 4669
    assert got["requests.carried_forward.total"] == 189


def test_a_run_of_rows_under_their_labels_before_a_row_on_its_line_is_read() -> None:
    # pdfplumber on pingtan 2021 printed at 150%: 7. and 8. print their values a line under
    # their labels, and 1.本机关… prints its own on its line. Read as values above their labels,
    # 8.'s group would be nobody's (1.本机关 has its own): the run prints under its labels.
    got = values(
        HEADER + "一、本年新收政府信息公开申请数量 68 0 0 2 0 4 74\n"
        "4.保护第三方合法权益 0 0 0 0 0 0 0\n5.属于三类内部事务信息 1 0 0 0 0 0 1\n"
        "6.属于四类过程性信息 0 0 0 0 0 0 0\n7.属于行政执法案卷\n6 0 0 0 0 0 6\n"
        "8.属于行政查询事项\n1 0 0 0 0 0 1\n（四）无法提供 1.本机关不掌握相关政府信息 22 0 0 0 0 3 25\n"
        "2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n"
    )
    assert got["requests.denied.enforcement_files.total"] == 6
    assert got["requests.denied.inquiry_matters.total"] == 1


def test_a_run_under_wrapped_labels_whose_last_piece_stands_before_values_is_read() -> None:
    # pypdf on xinghe 2021 printed at 150%: （二）部分公开's values a line under its wrapped label,
    # 1.属于国家秘密's on the line of its last character (`密 5 1 0 0 0 0 6`, too short a piece to
    # be known), then a row on its line. 部分公开 and 1. had been left null.
    got = values(
        HEADER + "一、本年新收政府信息公开申请数量 676 141 14 12 66 50 959\n"
        "三、本年度办理结果 （一）予以公开 271 56 9 5 29 31 401\n"
        "（二）部分公开（区\n分处理的，只计这一\n情形，不计其他情形）\n63 15 0 1 8 3 90\n"
        "（三）\n不予公\n开\n1.属于国家秘\n密 5 1 0 0 0 0 6\n2.其他法律行政法规禁止公开\n"
        "13 3 0 0 3 0 19\n3.危及“三安全一稳定” 0 0 0 0 0 0 0\n4.保护第三方合法权益 1 0 0 0 0 0 1\n"
        "5.属于三类内部事务信息 0 0 0 0 0 0 0\n"
    )
    assert got["requests.partially_granted.total"] == 90
    assert got["requests.denied.state_secret.total"] == 6
