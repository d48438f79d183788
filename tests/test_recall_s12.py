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


# -- rows whose pipe cells cannot be read: listed, never read ----------------------------------

HEADER_三 = (
    "本机关2024年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
    "| 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 | | 申请人情况 |"
    " | | | | | |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    "| | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
    "| 一、本年新收政府信息公开申请数量 | | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
    "| 三、本年度办理结果 | （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
)
DENIED = "requests.denied.prohibited_by_law"
PARTS = ["natural_person", "commercial", "research", "public_interest", "legal_services"]
COLUMNS = [*PARTS, "other_org", "total"]


def test_a_row_of_blank_pipe_cells_short_of_its_cells_is_listed_not_read() -> None:
    # markitdown on dongshan 2024's PDF: `| 2.其他法律… |  |  |  |  |  |`, five empty cells for
    # seven. Its two lost cells are unknown (A20): the row stays null, and the record lists
    # where its blanks may sit (it had said only "no value beside it").
    for shown in range(1, 6):
        text = HEADER_三 + "| | 2.其他法律行政法规禁止公开 |" + " |" * shown + "\n"
        report = extractor.extract(text.encode())
        assert all(report.fields.get(f"{DENIED}.{c}") is None for c in COLUMNS), shown
        (amb,) = [a for a in report.ambiguities if a.row.startswith("2.其他法律")]
        assert (
            amb.readings_total == len({tuple(r) for r in amb.readings}) or len(amb.readings) == 10
        )
        for reading in amb.readings:
            assert reading.count(0) >= shown  # its blanks, and the zeros the rules leave
            known = [v for v in reading[:6] if v is not None]
            total = reading[6]
            # R2 can hold: unknown cells take any count from 0 up.
            assert total is None or sum(known) <= total
            assert None in reading or sum(known) == total


def test_a_full_row_of_blank_pipe_cells_is_still_zeros() -> None:
    text = HEADER_三 + "| | 2.其他法律行政法规禁止公开 |" + " |" * 7 + "\n"
    report = extractor.extract(text.encode())
    assert [report.fields.get(f"{DENIED}.{c}") for c in COLUMNS] == [0] * 7


REVIEW_MD = (
    "本机关2024年政府信息公开工作年度报告\n\n四、政府信息公开行政复议、行政诉讼情况\n\n"
    "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 "
    "| 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
)


def merged_row(row: list[int], seed: int) -> tuple[str, list[int | None]]:
    """Table 四's ``row`` as markitdown printed dongshan 2024's: some zero cells lost (their
    columns dropped), some left as empty cells, and neighbouring values merged two to a cell.
    Also the row's cells as the test knows them: a lost cell None."""
    rng = random.Random(seed)
    cells: list[str] = []
    kept: list[int | None] = []
    for v in row:
        if v == 0 and rng.random() < 0.5:
            kept.append(None)  # lost: no cell at all
            continue
        kept.append(v)
        cells.append("" if v == 0 and rng.random() < 0.5 else str(v))
    merged: list[str] = []
    for c in cells:
        if merged and merged[-1] and c and " " not in merged[-1] and rng.random() < 0.5:
            merged[-1] += " " + c
        else:
            merged.append(c)
    return "| " + " | ".join(merged) + " |", kept


def test_table_四_counts_merged_two_to_a_cell_are_listed_and_never_read() -> None:
    # markitdown's dongshan 2024: `| 1 1 | 2 3 | 7 3 |  | 1 4 |  | 1 | 1 |` for 15 cells. Which
    # cell a merged cell's numbers fill, or whether they are one number split into runs, is
    # not printed: the row stays null (as before), and the record lists its readings.
    from extractor.tables import repair
    from extractor.tables.templates import template_by_id

    rules = repair._local_rules(template_by_id("review_litigation"))[0].get("", [])
    rows = [
        [1, 1, 2, 3, 7, 3, 0, 0, 1, 4, 0, 0, 1, 0, 1],
        [10, 1, 0, 0, 11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5],
        [2, 1, 0, 1, 4, 3, 0, 1, 0, 4, 0, 0, 0, 0, 0],
    ]
    listed = 0
    for row in rows:
        for seed in range(6):
            line, kept = merged_row(row, seed)
            report = extractor.extract((REVIEW_MD + line + "\n").encode())
            got = {f"{b}.{f}": report.fields.get(f"{b}.{f}") for b in BLOCKS for f in FIELDS}
            assert all(v is None or v == t for v, t in zip(got.values(), row, strict=True)), line
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not ("" in cells and any(" " in c for c in cells)):
                continue  # no empty cell beside a merged one: read as before
            (amb,) = [a for a in report.ambiguities if a.fields[0] == "review.upheld"]
            listed += 1
            # The row as printed, each merged cell read as its own cells, is one of them.
            values = [int(n) for c in cells for n in c.split()]
            assert len(values) <= len([v for v in kept if v is not None])
            every = list(repair._placed_in_blocks(values, 15, rules))
            assert amb.readings_total >= len(every)
            assert any(
                all(r is None or r == t for r, t in zip(reading, row, strict=True))
                for reading in every
            ), line
    assert listed >= 3


def test_empty_cells_before_a_labels_text_or_inside_its_cell_are_not_listed() -> None:
    # Merged-cell fillers before the label's text (`|  |  | 2.其他法律… |`), or an empty cell
    # between two pieces of the label's cell (`| 2.其他法律行政 |  | 法规禁止公开 |`, markitdown
    # on hzq 2023), are no cells of the row: nothing is listed for it.
    for line in ("|  |  | 2.其他法律行政法规禁止公开 |", "| 2.其他法律行政 |  | 法规禁止公开 |"):
        report = extractor.extract((HEADER_三 + line + "\n").encode())
        assert all(report.fields.get(f"{DENIED}.{c}") is None for c in COLUMNS), line
        assert not [a for a in report.ambiguities if a.row.startswith("2.其他法律")], line
