"""Page set-ups nobody had tried before session 10 that still gave wrong values in session 12
(issue #14), each cut down to a few lines."""

from __future__ import annotations

import pytest

from extractor.document import Line, Provenance
from extractor.tables.mapping import map_tokens
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import tokenize_lines

REQUESTS = template_by_id("requests_2021")


def values(text: str) -> dict[str, int | float | None]:
    rows = text.strip("\n").splitlines()
    lines = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(rows)]
    mapping = map_tokens(tokenize_lines(lines), REQUESTS)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


# pdftotext on an A4 page with 3 mm margins: table 三's rows after a page break print their
# first two cells only ("202 48" for seven cells), the other columns after the table.
NARROW = """
1.属于国家秘密
5 1 0 0
0 0 6
予公开 2.其他法律行政法规禁止公开 13 3 0 0
3 0 19
3.危及“三安全一稳定”
0 0 0 0
0 0 0
4.保护第三方合法权益
12 3 1 1
1 1 19
5.属于三类内部事务信息
12 1 0 1
1 1 16
6.属于四类过程性信息
4 0 0 0
0 1 5


7.属于行政执法案卷
6 2
8.属于行政查询事项
8 1
1.本机关不掌握相关政府信息 {a} {b}
（四）无 2.没有现成信息需要另行制作 0 0
法提供
3.补正后申请内容仍不明确
0 0
1.信访举报投诉类申请
8 0
2.重复申请
20 3
（五）不
3.要求提供公开出版物
0 0
予处理
4.无正当理由大量反复申请
{c} {c}
5.要求行政机关确认或重新出具已获 5 1
取信息
1.申请人无正当理由逾期不补正、行
政机关不再处理其政府信息公开申 8 2
请
（六）其 2.申请人逾期未按收费通知要求缴纳
他处理 费用、行政机关不再处理其政府信 0 0
息公开申请
3.其他
0 0
（七）总计
639 138
四、结转下年度继续办理
46 6
"""


@pytest.mark.parametrize(("a", "b", "c"), [(202, 48, 2), (101, 24, 1), (303, 69, 3), (112, 4, 5)])
def test_zero_rows_are_no_witness_that_blanks_collapsed(a: int, b: int, c: int) -> None:
    # The rows of zeros fit any layout; counted, they outvoted the rows that fit no reading
    # with blanks (4 of 8), and "202 48" cut into 2 | 0 | 2 | … | 4 | 8 gave a total of 8.
    got = values(NARROW.format(a=a, b=b, c=c))
    for row in ("unavailable.not_held", "not_processed.excessive", "not_processed.duplicate"):
        for col in ("natural_person", "total"):
            assert got[f"requests.{row}.{col}"] is None, (row, col)


def test_zero_rows_still_read_where_blanks_collapsed() -> None:
    # A table whose blanks collapsed (every short row fits, "5 5" as 5 … 5) keeps its rows,
    # zeros or not.
    got = values(
        "1.本机关不掌握相关政府信息 7 7\n"
        "2.没有现成信息需要另行制作 0 0\n"
        "3.补正后申请内容仍不明确 0 0\n"
        "1.信访举报投诉类申请 3 3\n"
        "2.重复申请 4 4\n"
    )
    assert got["requests.unavailable.not_held.total"] == 7
    assert got["requests.not_processed.duplicate.total"] == 4
