"""Compositions of corruption transforms that gave wrong numbers at seeds nobody had run in
session 11 (``scripts/corruption_eval.py --depth 3-5``, issue 14), each cut down to a few lines.
The contract is the one of docs/tables.md: the printed number or null."""

from __future__ import annotations

import extractor
from extractor.document import CELL_LINE_BREAK
from extractor.reading.text import mark_cell_lines
from extractor.tables.tokens import line_tokens

# Rows of table 三 around two rows that pymupdf4llm wrote into one markdown row (B7), one
# column's lines not matching the rows' (`33<br><br>21`), and the first row's label damaged
# (B4: `属于四过程性信息`), so the cell seems to hold one row's label.
BR_ROWS = (
    "| 三、本年度办理结果 | （一）予以公开 | 622 | 111 | 16 | 11 | 63 | 31 | 854 |\n"
    "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 312 | 66 | 7 | 9 | 34 | 20 "
    "| 448 |\n"
    "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    "| 4.保护第三方合法权益 | 251 | 23 | 4 | 4 | 15 | 8 | 305 |\n"
    "| 5.属于三类内部事务信息 | 95 | 11 | 1 | 2 | 5 | 4 | 118 |\n"
    "| 6.属于四过程性信息<br>7.属于行政执法案卷 | 138<br>133 | 33<br><br>21 | 5<br>1 | 3<br>3 "
    "| 16<br>12 | 13<br>8 | 208<br>178 |\n"
    "| 8.属于行政查询事项 | 165 | 23 | 4 | 2 | 12 | 14 | 220 |\n"
)


def test_number_lines_of_a_br_cell_are_no_runs_of_one_value() -> None:
    # dlxx2022_b4, lost_chars + md_br_rows + spam + title_two_lines (seed 5, composition 5063):
    # the row stays whole (its lines do not match), and each cell's two numbers had been read
    # as a Word-pasted number split into runs: 7.属于行政执法案卷 138133 | 3321 | … | 208178.
    rec = extractor.extract(BR_ROWS.encode("utf-8"))
    for group in ("enforcement_files", "process_information"):
        row = {f: v for f, v in rec.fields.items() if f.startswith(f"requests.denied.{group}.")}
        assert row and all(v is None for v in row.values()), row
    assert rec.fields["requests.denied.inquiry_matters.natural_person"] == 165


def test_a_br_cell_of_numbers_is_marked_and_its_later_lines_are_broken_tokens() -> None:
    marked = mark_cell_lines("| 7.属于行政执法案卷 | 138<br>133 | 33<br><br>21 | 9116<br>.36 |")
    assert marked.count(CELL_LINE_BREAK) == 2
    assert "9116<br>.36" in marked  # a decimal point wrapped in its cell is left as it was
    nums = [t for t in line_tokens(marked.replace("<br>", " ")) if t.kind == "num"]
    assert [(t.text, t.broken) for t in nums[:4]] == [
        ("138", False),
        ("133", True),
        ("33", False),
        ("21", True),
    ]


def test_a_word_pasted_pipe_cell_is_still_one_value() -> None:
    # Runs of one line of a cell (spaces, no <br>) stay one value (`| 行政强制 | 5 | 1 5 | 1 |`).
    assert mark_cell_lines("| 行政强制 | 5 | 1 5 | 1 |") == "| 行政强制 | 5 | 1 5 | 1 |"


def test_a_year_is_no_value() -> None:
    # hailan2024_s_html, collapse_blanks + page_footers + prose_wrap + pinyin_glosses +
    # cell_pipe (seed 17, composition 17077): 行政许可 at the end of a wrapped prose line took
    # the 2024 of "2024年，省政府共收到…" on the next line, over the table's 行政许可 | /
    # 5165520 |, which filled the row no better.
    text = (
        "本年度进一步规范行政许可\n2024年，省政府共收到政府信息公开申请5508件，上年结转292件，已办结\n"
        "规章 |\n行政规范性文件 |\n"
    )
    rec = extractor.extract(text.encode("utf-8"))
    assert rec.fields.get("proactive.licensing.decisions") is None


def test_a_year_a_crawler_cut_from_its_nian_is_no_value() -> None:
    # yunling2022_a9, pinyin_glosses + blank_lines + crawler_inline + prose_wrap (seed 17,
    # composition 17128): `2022` / `年共主动公开…`, the year in an inline element of its own,
    # had gone to the 行政许可 at the end of a wrapped prose line above it.
    text = (
        "本年度进一步规范行政许可\n坚持应公开尽公开，把主动公开贯穿于决策、执行、管理、服务、结果各环节。\n"
        "2022\n年共主动公开政府信息\n17520\n条，召开新闻发布会\n2022\n年，共收到申请\n"
        "规章\n行政规范性文件\n"
    )
    rec = extractor.extract(text.encode("utf-8"))
    assert rec.fields.get("proactive.licensing.decisions") is None


def test_a_count_with_any_measure_word_in_a_sentence_is_no_value() -> None:
    # bailu2022_a6, repeat_group + pinyin_glosses + spam + blank_lines + prose_wrap (seed 314,
    # composition 314290): 行政许可 at the end of a wrapped prose line took the 9 of
    # "…问答式解读共9篇，让政策": 篇 was not among the measure words of a count in a sentence.
    text = (
        "本年度进一步规范行政许可\n"
        "出台的政策措施，同步推出文字解读、图表解读和问答式解读共9篇，让政策\n"
        "本年废止\n件数\n现行有效件数\n"
    )
    rec = extractor.extract(text.encode("utf-8"))
    assert rec.fields.get("proactive.licensing.decisions") is None


# Box-drawn rows of table 三 whose values the text lost (A8), with the page footers of a page a
# mirror converted to traditional characters (C1) between them.
TRADITIONAL_FOOTERS = (
    "│                   │（二）部分公開│\n第 5 頁\n"
    "│                   │（三）不予公開│1.                  │\n"
    "│                   │              │屬於國家秘密        │\n第 8 頁\n│四、結轉下年度繼續 │\n"
)


def test_a_page_footer_in_traditional_characters_is_no_value() -> None:
    # hailan2022_b2, traditional + split_labels + box + page_footers + values_missing (seed 17,
    # composition 17089): `第 5 頁` was no footer (only 页 was), and the page numbers 5 … 8
    # had been given to the totals of the rows before them.
    assert [t.kind for t in line_tokens("第 5 頁")] == []
    assert [t.kind for t in line_tokens("第 3 頁 共 9 頁")] == []
    rec = extractor.extract(TRADITIONAL_FOOTERS.encode("utf-8"))
    assert rec.fields.get("requests.partially_granted.total") is None
    assert rec.fields.get("requests.carried_forward.total") is None


# Table 四 whose row a hard wrap cut after its first values, on the line of its last header
# words (pdftotext-like flat text).
REVIEW_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直\n"
    "接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持\n"
)


def test_a_review_row_wrapped_after_the_header_words_is_read_whole() -> None:
    # bailu2023_b8, prose_wrap + flat_spaces + date_digits + hard_wrap (seed 314, composition
    # 314185): the ten values on the header line were taken for merged-cell stubs and dropped,
    # and `3 1 0 0 4` read alone, ten blanks collapsed, gave review.other and .pending 0 (the
    # report printed 1 and 1) in all three placements.
    text = REVIEW_HEAD + "结果纠正 其他结果 尚未审结 总计 4 0 1 1 6 0 0 0 0 0\n3 1 0 0 4\n"
    rec = extractor.extract(text.encode("utf-8"))
    got = [rec.fields.get(f"review.{c}") for c in ("upheld", "corrected", "other", "pending")]
    assert got == [4, 0, 1, 1]
    assert rec.fields["litigation_after_review.total"] == 4


def test_a_short_group_after_values_on_the_header_line_is_no_row() -> None:
    # bljt2022_b5, glued + dedupe_lines + hard_wrap + prose_wrap + crlf (seed 8080,
    # composition 8080232): `…总计1 01020 0` / `0 0 00 0000`, glued runs on both lines that do
    # not make the row's 15 cells: the second line read alone had given 15 zeros (review 1 0 1
    # 0 2 printed).
    text = REVIEW_HEAD + "结果纠正 其他结果 尚未审结 总计1 01020 0\n 0 0 00 0000\n"
    rec = extractor.extract(text.encode("utf-8"))
    assert all(v is None for f, v in rec.fields.items() if f.startswith("review."))


def test_an_items_numbering_in_prose_is_no_value() -> None:
    # The converter zoo (elinks, pdftohtml: pingtan 2019), once a year was no value: a
    # 行政许可 named in a paragraph took the 13 of "（13）推进行政执法信息公开", and the
    # conflict with the table's 181 left the field null.
    assert [t.kind for t in line_tokens("信息37条。（13）推进行政执法信息公开")] == ["text", "eol"]
    assert [t.text for t in line_tokens("行政许可 （13） 5") if t.kind == "num"] == ["13", "5"]
