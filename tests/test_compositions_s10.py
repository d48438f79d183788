"""Compositions of corruption transforms that gave wrong numbers at seeds nobody had run
(``scripts/corruption_eval.py``, issue 14), each cut down to a few lines. The contract is the
one of docs/tables.md: the printed number or null."""

from __future__ import annotations

from extractor.tables.templates import template_by_id
from tests.test_compositions import REQUESTS, SINGLE, values


def test_a_short_pipe_row_is_not_placed_by_the_rule_its_lost_cell_leaves_open() -> None:
    # yuquan2023_c6 + lost_column (seed 42, composition 42551): the report breaks R2 in
    # （一）予以公开 (103 9 0 1 3 1 for a total of 116, C6) and the converter lost its 0.
    # Every placement that keeps 116 as the total breaks R2; the one that takes 116 for 其他
    # and the total for the lost cell leaves R2 unchecked, and had been read: 1 | 3 | 1 | 116
    # under 科研机构…其他, shifted one column.
    got = values("| 三、本年度办理结果 | （一）予以公开 | 103 | 9 | 1 | 3 | 1 | 116 |\n", REQUESTS)
    row = {f: v for f, v in got.items() if f.startswith("requests.granted.")}
    assert all(v is None for v in row.values())


def test_a_short_pipe_row_whose_lost_cell_the_rule_fixes_is_still_read() -> None:
    # The rule closed, not left open: parts that already make the total leave the lost cell
    # 0, wherever it was, and the total is printed last in every placement that keeps R2.
    got = values("| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 |\n", REQUESTS)
    row = [v for f, v in got.items() if f.startswith("requests.carried_over.")]
    assert row == [0] * 7


def test_a_group_between_two_bare_labels_is_unsure_where_short_rows_show_values_above() -> None:
    # beihu2019_b8, nbsp_cells + pdf_values_first (seed 77, composition 77232): zero cells
    # vanished (4.无正当理由… printed nothing) and some rows print their values above their
    # label. `1 1` on its own line after 4.保护第三方… 3 3 shows that layout (no row is full,
    # so it had not counted); row 5.要求…确认's `1 1` between the bare 4.无正当理由… and its
    # own label had gone to 4, and R3 then made row 5 zeros.
    got = values(
        "3.危及“三安全一稳定” 1 1\n4.保护第三方合法权益 3 3\n1 1\n5.属于三类内部事务信息\n"
        "6.属于四类过程性信息 1 1\n3.要求提供公开出版物 1 1\n4.无正当理由大量反复申请\n1 1\n"
        "5.要求行政机关确认或重新出具已获取信息\n（六）其他处理 16 1 1 1 19\n",
        SINGLE,
    )
    assert got["requests.not_processed.excessive.total"] is None
    assert got["requests.not_processed.excessive.natural_person"] is None
    # Session 12: 4.保护第三方…'s short row is in doubt as well: `1 1` may be its wrapped end
    # (B6), and R2 alone, which a report may break (C6), cannot tell (`3 3` / `1 1` had kept 3).
    assert got["requests.denied.third_party_rights.total"] is None
    assert got["requests.denied.internal_affairs.total"] is None
    assert got["requests.denied.three_safeties.total"] == 1


def test_a_group_between_two_bare_labels_is_unsure_where_a_later_header_shows_values_above() -> (
    None
):
    # xhgx2023_s_a4, pdf_values_first + blank_zero + traditional (seed 2026, composition
    # 2026223): 规章's zeros vanished and 行政规范性文件 printed `5 2 14` above its label. The
    # layout shows only under a later header of table 二 (`113` above 行政处罚), not before
    # the first label; `5 2 14` had gone to 规章.
    got = values(
        "第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\n5 2 14\n"
        "行政规范性文件\n第二十条第（六）项\n信息内容 本年处理决定数量\n113\n行政处罚\n行政强制 15\n",
        template_by_id("proactive_2021"),
    )
    assert got["proactive.regulations.issued"] is None
    assert got["proactive.regulations.in_force"] is None
    assert got["proactive.coercion.decisions"] == 15
