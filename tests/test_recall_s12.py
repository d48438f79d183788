"""Session 12, recall on converter text: each rule cut down to a few boxes or lines."""

from __future__ import annotations

import random

import extractor
from tests.test_a15 import HEAD, PROSE, box

# Table 四's header as a PDF prints it in narrow cells: each column word wrapped over two lines
# in one box ("结果" / "维持"), "总 计" one line centred beside them. pdfminer's HTML gives each
# box's place, not its lines'.
WORDS = [("结果", "维持"), ("结果", "纠正"), ("其他", "结果"), ("尚未", "审结"), ("总 计",)]
BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
FIELDS = ["upheld", "corrected", "other", "pending", "total"]
# Value rows of table 四 as corpus reports printed them (hzq 2023's first breaks R4).
ROWS = [
    [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0],
    [1, 0, 2, 0, 3, 0, 0, 0, 12, 12, 0, 0, 0, 0, 0],
    [2, 1, 0, 1, 4, 3, 0, 1, 0, 4, 0, 0, 0, 0, 0],
]


def review_page(row: list[int], order: list[int], first_higher: bool, seed: int) -> bytes:
    """A page of placed boxes with table 四: column ``k`` (left to right) prints the header
    word ``order[k]`` and the value of that column, so a permuted ``order`` prints the columns
    out of the template's order; the boxes are written in a shuffled order (pdfminer writes
    them in its own)."""
    boxes = [box(40, 30, "本机关政府信息公开工作年度报告"), PROSE]
    boxes += [
        box(40, 400, "四、政府信息公开行政复议、行政诉讼情况", width=300),
        box(130, 426, "行政复议", width=40),
        box(350, 426, "行政诉讼", width=40),
        box(260, 450, "未经复议直接起诉", width=80),
        box(420, 450, "复议后起诉", width=50),
    ]
    cells = []
    for k, column in enumerate(order):
        left = 78 + 29 * k
        # hzq 2023: the first block's header row stands 11.7 px above the other two blocks'.
        top = 479 if first_higher and k < 5 else 491
        words = WORDS[column % 5]
        if len(words) == 1:
            cells.append(box(left, top + 7, *words, height=10, width=25))
        else:
            cells.append(box(left, top, *words, height=23.5, width=20))
        cells.append(box(left + 8, 544, str(row[column]), height=14, width=7))
    random.Random(seed).shuffle(cells)
    return (HEAD + "".join(boxes) + "".join(cells) + "</body></html>").encode()


def review_fields(page: bytes) -> dict[str, int | float | None]:
    fields = extractor.extract(page).fields
    return {f"{b}.{f}": fields.get(f"{b}.{f}") for b in BLOCKS for f in FIELDS}


def truth(row: list[int]) -> dict[str, int]:
    names = [f"{b}.{f}" for b in BLOCKS for f in FIELDS]
    return dict(zip(names, row, strict=True))


def test_placed_header_cells_wrapped_in_their_boxes_show_the_columns_in_order() -> None:
    # hzq 2023 under pdfminer's HTML: each narrow header cell a box of two lines; spread line
    # by line over the page they interleaved ("结果 结果 其他 尚未" / "维持 纠正 结果 审结"), the
    # header seemed out of order and the fifteen values were null. A box's lines are one cell.
    for row in ROWS:
        for first_higher in (False, True):
            for seed in range(3):
                page = review_page(row, list(range(15)), first_higher, seed)
                assert review_fields(page) == truth(row), (row, first_higher, seed)


def test_placed_header_cells_out_of_the_templates_order_leave_the_values_null() -> None:
    # The same boxes with the columns permuted (header word and value together): the values'
    # order is no evidence of their columns, and nothing is read in print order.
    for row in ROWS:
        for seed in range(4):
            order = list(range(15))
            random.Random(seed).shuffle(order)
            page = review_page(row, order, False, seed)
            got = review_fields(page)
            want = truth(row)
            assert all(v is None or v == want[k] for k, v in got.items()), (row, order, got)
