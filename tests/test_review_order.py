"""Table 四's values read in print order only where its header shows the columns in order.

A converter that reads table cells in an order of its own (pdfminer with ``boxes_flow=1.0``)
prints the header words jumbled and the values in the same jumbled order; read in print order
they land in the wrong columns. The family below prints value rows of table 四 (as corpus
reports printed them) under every layout of header: in order (one word a line, words cut over
two lines, one line) and permuted with its values permuted alike.
"""

from __future__ import annotations

import random

from extractor.document import Line, Provenance
from extractor.tables.mapping import map_tokens
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import tokenize_lines

REVIEW = template_by_id("review_litigation")
WORDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
FIELDS = ["upheld", "corrected", "other", "pending", "total"]
# Value rows of table 四 as corpus reports printed them (each block adds up: R4).
ROWS = [
    [10, 1, 0, 0, 11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5],
    [1, 0, 2, 0, 3, 0, 0, 0, 12, 12, 0, 0, 0, 0, 0],
    [2, 1, 0, 1, 4, 3, 0, 1, 0, 4, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0, 1, 1],
]
HEAD = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
]


def read(lines: list[str]) -> dict[str, int | float | None]:
    text = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(lines)]
    mapping = map_tokens(tokenize_lines(text), REVIEW)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


def truth(row: list[int]) -> dict[str, int]:
    names = [f"{b}.{f}" for b in BLOCKS for f in FIELDS]
    return dict(zip(names, row, strict=True))


def header(order: list[int], cut: bool) -> list[str]:
    words = [WORDS[i % 5] for i in order]
    if cut:  # a narrow cell: "结果" / "维持", each cell's two lines together
        return [piece for w in words for piece in (w[:2], w[2:]) if piece]
    return words


def test_in_order_headers_keep_the_values_in_print_order() -> None:
    for row in ROWS:
        for cut in (False, True):
            lines = HEAD + header(list(range(15)), cut) + [str(v) for v in row]
            got = read(lines)
            assert all(got[k] == v for k, v in truth(row).items()), (row, cut, got)


def test_jumbled_headers_leave_the_values_unplaced() -> None:
    # hzq 2023 through pdfminer boxes_flow=1.0: the third block came as "0 5 0 0 0" under
    # jumbled header words, and 5 had been read as 结果纠正.
    rng = random.Random(11)
    tried = 0
    for row in ROWS:
        for cut in (False, True):
            for _ in range(25):
                order = list(range(15))
                rng.shuffle(order)
                if [i % 5 for i in order] == [i % 5 for i in range(15)]:
                    continue  # words in the template's order: nothing shows the shuffle
                tried += 1
                lines = HEAD + header(order, cut) + [str(row[i]) for i in order]
                got = read(lines)
                wrong = {k: got[k] for k, v in truth(row).items() if got[k] not in (None, v)}
                assert not wrong, (row, order, cut, wrong)
                assert all(v is None for v in got.values()), (row, order, cut, got)
    assert tried > 100


def test_a_single_block_header_in_order_is_read() -> None:
    # The review block's words printed once (test_compositions_s9's header): in order.
    row = ROWS[2]
    lines = HEAD[:2] + WORDS + ["未经复议直接起诉", "复议后起诉"] + WORDS + [str(v) for v in row]
    got = read(lines)
    assert all(got[k] == v for k, v in truth(row).items()), got


def test_a_row_of_one_value_needs_no_order() -> None:
    # Fifteen zeros under jumbled header words are fifteen zeros in any column order.
    order = [4, 0, 1, 3, 2, 9, 5, 6, 8, 7, 14, 10, 11, 13, 12]
    got = read(HEAD + header(order, True) + ["0"] * 15)
    assert all(v == 0 for v in got.values()), got
    # One value short of the row: which cell is missing is unknown.
    got = read(HEAD + header(order, True) + ["0"] * 14)
    assert all(v is None for v in got.values()), got


def test_a_header_printed_row_by_row_with_cut_words_is_in_order() -> None:
    # pdftotext -layout with narrow cells: each line holds the pieces of several columns.
    head = [
        "行政复议 行政诉讼",
        "结果 结果 其他 尚未 总 未经复议直接起诉 复议后起诉",
        "维持 纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总",
        "维持 纠正 结果 审结 计 维持 纠正 结果 审结 计",
    ]
    for row in ROWS:
        got = read(HEAD[:1] + head + [" ".join(str(v) for v in row)])
        assert all(got[k] == v for k, v in truth(row).items()), (row, got)
    # The same pieces with a column ahead of one before it on its line: out of order.
    jumbled = [*head[:2], head[2].replace("维持 纠正", "纠正 维持", 1), *head[3:]]
    got = read(HEAD[:1] + jumbled + [" ".join(str(v) for v in ROWS[0])])
    assert all(v is None for v in got.values()), got


def test_cut_header_pieces_one_a_line_row_after_row_are_in_order() -> None:
    # pdfminer without box flow: the first pieces of 直接起诉's and 复议后起诉's cells, then
    # 行政复议's cells whole, then the last pieces; one piece a line.
    firsts = ["结果", "结果", "其他", "尚未", "总"] * 2
    review = ["结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总", "计"]
    lasts = ["维持", "纠正", "结果", "审结", "计"] * 2
    for row in ROWS:
        got = read(HEAD + firsts + review + lasts + [str(v) for v in row])
        assert all(got[k] == v for k, v in truth(row).items()), (row, got)
    # pdftotext: cells cut after their third character, two rows of first and last pieces.
    head = [
        "结果维 结果纠 其他结 尚未审 总 未经复议直接起诉",
        "结果纠 其他结 尚未审 总 结果维 结果纠 其他结 尚未审 总",
        "持 正 果 结 计 结果维",
        "持 正 果 结 计 持 正 果 结 计",
    ]
    for row in ROWS:
        got = read(HEAD[:3] + head + [" ".join(str(v) for v in row)])
        assert all(got[k] == v for k, v in truth(row).items()), (row, got)
    # One block's last pieces swapped, values alike: out of order.
    swapped = [*lasts[:5], "纠正", "维持", "结果", "审结", "计"]
    got = read(HEAD + firsts + review + swapped + [str(v) for v in ROWS[0]])
    assert all(v is None for v in got.values()), got


def test_header_words_spaced_out_in_pipe_cells_are_whole_words() -> None:
    # A pipe table whose cells space their characters out ("结 果 维 持"): whole words.
    head = [
        "行 政 复 议 | 行 政 诉 讼 | |||||||||||||",
        "结 果 维 持 | 结 果 纠 正 | 其 他 结 果 | 尚 未 审 结 | 总计 | 未经复议直接起诉 | 复 议 后 起 诉 |",
        "结 果 维 持 | 结 果 纠 正 | 其他结果 | 尚 未 审 结 | 总 计 | 结 果 维 持 | 结 果 纠 正 | "
        "其 他 结 果 | 尚 未 审 结 | 总 计 |",
    ]
    for row in ROWS:
        got = read(HEAD[:1] + head + [" | ".join(str(v) for v in row) + " |"])
        assert all(got[k] == v for k, v in truth(row).items()), (row, got)


def test_a_cells_last_line_joined_to_the_next_cells_first_is_read_apart() -> None:
    # PyMuPDF: "尚未" / "审结总计" / "未经复议直接起诉" / …, "总计结果" / "维持".
    block = ["结果", "维持", "结果", "纠正", "其他", "结果", "尚未"]
    head = [
        *HEAD[:3], *block, "审结总计", "未经复议直接起诉", "复议后起诉",
        *block, "审结", "总计结果", *block[1:], "审结", "总计",
    ]  # fmt: skip
    for row in ROWS:
        got = read(head + [str(v) for v in row])
        assert all(got[k] == v for k, v in truth(row).items()), (row, got)


def test_a_grid_cut_a_character_a_line_keeps_its_values() -> None:
    # w3m's box drawing: each cell one character a line, row after row of cells.
    head = [
        "│ 行政复议 │ 行政诉讼 │",
        "│ │ │ │ │ │ 未经复议直接起诉 │ 复议后起诉 │",
        "│结 │结 │其 │尚 │ │",
        "│ 果 │ 果 │ 他 │ 未 │ 总 │ 结 │ 结 │ 其 │ 尚 │ │ 结 │ 结 │ 其 │ 尚 │ │",
        "│ 维 │ 纠 │ 结 │ 审 │ 计 │ 果 │ 果 │ 他 │ 未 │ 总 │ 果 │ 果 │ 他 │ 未 │ 总 │",
        "│ 持 │ 正 │ 果 │ 结 │ │ 维 │ 纠 │ 结 │ 审 │ 计 │ 维 │ 纠 │ 结 │ 审 │ 计 │",
        "│ │ │ │ │ │ 持 │ 正 │ 果 │ 结 │ │ 持 │ 正 │ 果 │ 结 │ │",
    ]
    for row in ROWS:
        got = read(HEAD[:1] + head + ["│ " + " │ ".join(str(v) for v in row) + " │"])
        assert all(got[k] == v for k, v in truth(row).items()), (row, got)
