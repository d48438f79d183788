"""Compositions of corruption transforms that gave wrong numbers at seeds nobody had run
(``scripts/corruption_eval.py``, issue 14), each cut down to a few lines. The contract is the
one of docs/tables.md: the printed number or null."""

from __future__ import annotations

from tests.test_compositions import REQUESTS, values


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
