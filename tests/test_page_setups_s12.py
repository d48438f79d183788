"""Reports printed with page set-ups nobody had converted before session 12
(``converter_zoo.py --page scale70|a3|narrow|letter|font7``), each wrong value cut down to a
few lines and generalised to its family. The contract of docs/tables.md: the printed number
or null."""

from __future__ import annotations

import itertools
import random

import extractor
from tests.test_review_order import HEAD, ROWS, WORDS, read, truth

# Table 四's header as a pipe grid, its three rows as a converter that found the table prints
# them (pymupdf4llm): the blocks' names, the sub-blocks', then the fifteen column words.
GRID = [
    "||行政复议|||||行政诉讼|||||||||",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    "||||||未经复议直接起诉|||||复议后起诉||||",
]


def _columns(cut: bool) -> str:
    words = [f"{w[:2]} {w[2:]}" if cut and len(w) > 2 else w for w in WORDS * 3]
    return "|" + "|".join(words) + "|"


def test_values_outside_their_headers_grid_are_unplaced() -> None:
    # pymupdf4llm on an A3 page: the value row fell out of the table it found, its values one
    # a line after it as "0 2 2 2 0 0 3 1 1 4 7 4 4 17 1" for 1 1 0 2 4 7 4 4 2 17 2 1 0 0 3:
    # loose lines come in the converter's order. The family: every corpus row, header words
    # whole or cut, values one or several a line, in the columns' order or shuffled, with or
    # without blank lines between them: null, never a value in another column's place.
    rng = random.Random(12)
    tried = 0
    for row, cut, per_line, blank in itertools.product(ROWS, (False, True), (1, 2, 5), (0, 1)):
        for shuffle in range(4):
            order = list(range(15))
            if shuffle:
                rng.shuffle(order)
            printed = [str(row[i]) for i in order]
            lines = [" ".join(printed[k : k + per_line]) for k in range(0, 15, per_line)]
            if blank:
                lines = [s for v in lines for s in (v, "")]
            got = read(HEAD[:1] + GRID + [_columns(cut)] + [""] + lines)
            tried += 1
            assert all(v is None for v in got.values()), (row, order, per_line, got)
    assert tried > 150


def test_values_outside_the_grid_on_one_line_or_inside_it_are_read() -> None:
    # One loose line keeps its own left-to-right order, and a value row in the grid is cells.
    for row, cut in itertools.product(ROWS, (False, True)):
        loose = " ".join(str(v) for v in row)
        grid_row = "|" + "|".join(str(v) for v in row) + "|"
        for tail in (loose, grid_row):
            got = read(HEAD[:1] + GRID + [_columns(cut), tail])
            assert got == truth(row), (row, cut, tail, got)


def test_a_row_of_one_value_outside_the_grid_needs_no_order() -> None:
    got = read(HEAD[:1] + GRID + [_columns(True)] + ["0"] * 15)
    assert all(v == 0 for v in got.values()), got


def test_pymupdf4llm_a3_table_four_values_after_its_grid() -> None:
    # The document as the reader takes it (``<br>`` inside the header's cells).
    values = ["0", "2", "2", "2", "0", "0", "3", "1", "1", "4", "7", "4", "4", "17", "1"]
    cells = "|".join(f"{w[:3]}<br>{w[3:]}" if len(w) > 2 else f"{w[0]}<br>{w[1]}" for w in WORDS)
    text = "\n".join(
        [
            "## 四、政府信息公开行政复议、行政诉讼情况",
            "",
            "||行|政复议|||||||行政|诉讼|||||",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            "|||||||未经复|议直接起|诉|||复|议后起诉|||",
            "|" + "|".join([cells] * 3) + "|",
            "",
        ]
        + [s for v in values for s in (v, "")]
        + ["五、存在的主要问题及改进情况"]
    )
    fields = extractor.extract(text.encode()).fields
    assert not any(
        fields.get(f"{b}.{f}") is not None
        for b in ("review", "litigation_direct", "litigation_after_review")
        for f in ("upheld", "corrected", "other", "pending", "total")
    ), fields


def test_a_count_at_a_wrapped_prose_lines_end_is_no_value() -> None:
    # pdfminer on pages printed at 130%, at 14 pt and with 3 mm margins (pingtan 2019):
    # "…公告、行政许可等信息，向社会及时发布" / … / "…全年共发布信息68" / "条。（12）推进…", or
    # "…今年共发布37" / "条信息。", or "…排水许可证5" / "条、申请…" with the sentence going on
    # for lines: the page wrapped the sentence after its count, and the 行政许可 in the prose
    # took it (the table's own row printed its values apart). The family: each measure word,
    # what follows it, the count one to four digits, the sentence's end on that line or later.
    for unit, rest, count, ends in itertools.product(
        "件条篇次个项", ("，", "。", "、申请", "信息。"), (7, 68, 181, 2536), (True, False)
    ):
        tail = "（12）推进国资国企信息公开。" if ends else "三农信息等"
        text = (
            "故分析及应对、安全生产标准化公告、行政许可等信息，向社会及时发布\n"
            "重特大事故预警信息和安全提示，做好重大风险隐患排查信息公开工作，\n"
            f"落实好安全生产不良记录制度向社会公布。全年共发布信息{count}\n"
            f"{unit}{rest}{tail}依法依规向社会公开\n"
            "规章\n行政规范性文件\n"
        )
        rec = extractor.extract(text.encode("utf-8"))
        assert rec.fields.get("proactive.licensing.decisions") is None, (unit, rest, count)
    # A year cut from its 年 the same way.
    text = "本年度进一步规范行政许可等事项，于\n2019\n年开展了专项清理，共清理文件2019\n年底前完成。\n规章\n"
    rec = extractor.extract(text.encode("utf-8"))
    assert rec.fields.get("proactive.licensing.decisions") is None


def test_a_value_at_a_table_lines_end_stays_a_value() -> None:
    # A table's row ends with its value and the next line is the next row, not a unit and
    # punctuation: the value stays its row's.
    text = "二、主动公开政府信息情况\n规章 0 0 3\n行政规范性文件 1 0 9\n行政许可 181\n行政处罚 5\n"
    rec = extractor.extract(text.encode("utf-8"))
    assert rec.fields.get("proactive.licensing.decisions") == 181


def test_a_blank_pipe_line_before_a_pipe_row_of_a_few_values_is_no_row() -> None:
    # markitdown-PDF on an A4 page with 3 mm margins (dongshan 2024): 2.申请人逾期…'s label
    # line is a pipe row of empty cells, its values a line below with the label's wrapped
    # text ("| | 他处理 | 费用、行政机关… | | | | 1 | | | 1 |"): a pipe row shows its blanks,
    # so a few values and empty cells are a full row. Read as the row, the empty cells had
    # given zeros for a printed 1 … 1. The family: the values' columns and counts.
    head = "|     | （六）其 | 2.申请人逾期未按收费通知要求缴纳 |" + "     |" * 7
    rule = "| --- | ---- | ----------------- |" + " --- |" * 7
    for cells in ([1, None, None, None, None, None, 1], [2, 1, None, None, None, None, 3],
                  [None, 4, None, None, None, None, 4], [5, None, None, 1, None, 2, 8]):  # fmt: skip
        printed = "|".join(f" {c} " if c is not None else "     " for c in cells)
        text = (
            "三、收到和处理政府信息公开申请情况\n"
            "|     | 1.信访举报投诉类申请 |     | 11 |     |     |     |     |     | 11 |\n"
            f"{head}\n{rule}\n"
            f"|     | 他处理  | 费用、行政机关不再处理其政府信息  |{printed}|\n"
            "公开申请\n"
            "|     |     | 3.其他 |     |     |     |     |     |     |     |\n"
            "|     | （七）总计 |     | 137 |     | 3 |     |     |     | 140 |\n"
        )
        fields = extractor.extract(text.encode()).fields
        got = [fields.get(f"requests.other.fee_unpaid.{c}") for c in ("natural_person", "total")]
        assert got in ([None, None], [cells[0], cells[6]]), (cells, got)
        assert fields.get("requests.other.fee_unpaid.total") != 0, (cells, fields)
