"""Regressions of session 12's review: each input below gave a wrong value, lost values,
crashed the tables stage, or took time quadratic in a line's length, on the first version of
session 12's rules."""

from __future__ import annotations

import random
import re

import extractor
from extractor.tables import tokens
from extractor.tables.tokens import line_tokens

HEAD = (
    "某某县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本年本机关积极推进政务公开工作。\n"
    "二、主动公开政府信息情况\n"
)


def _fields(text: str) -> dict[str, object]:
    return dict(extractor.extract((HEAD + text).encode("utf-8")).fields)


def test_a_lone_count_above_its_label_is_no_ordinal_unless_ordinals_count_up() -> None:
    # A 序号 table printing its values above their labels (B3): the lone 12 above the first
    # label had become an ordinal, and 135 went to 行政许可.
    got = _fields(
        "第二十条第（五）项\n序号 信息内容 本年处理决定数量\n12\n行政许可\n135\n行政处罚\n7\n行政强制\n"
    )
    assert got.get("proactive.licensing.decisions") in (12, None)
    assert got.get("proactive.penalty.decisions") in (135, None)
    assert got.get("proactive.coercion.decisions") in (7, None)


def test_a_rows_last_value_before_the_next_label_is_a_value() -> None:
    # Each row's values on the line under its label: the last value of a line (5, 20) and the
    # lone 12 had been taken for the next row's ordinal.
    got = _fields(
        "第二十条第（一）项\n序号 信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\n0 0 5\n"
        "行政规范性文件\n3 1 20\n第二十条第（五）项\n序号 信息内容 本年处理决定数量\n行政许可\n12\n"
        "第二十条第（六）项\n序号 信息内容 本年处理决定数量\n行政处罚\n135\n行政强制\n7\n"
    )
    assert got.get("proactive.regulations.in_force") == 5
    assert got.get("proactive.normative_documents.in_force") == 20
    assert got.get("proactive.licensing.decisions") == 12
    assert got.get("proactive.penalty.decisions") == 135


def test_a_merged_pipe_row_of_huge_runs_does_not_stop_the_tables() -> None:
    from tests.test_recall_s12 import REVIEW_MD

    line = "| " + "9" * 3000 + " " + "9" * 3000 + " |  | 1 | 1 |"
    report = extractor.extract((REVIEW_MD + line + "\n").encode("utf-8"))
    assert not [e for e in report.errors if e.code == "internal_error"]


_OLD_TRAILING_DASHES = re.compile(r"(?:\s+(?:——|[-—–/／]))+$")


def test_trailing_dashes_walk_reads_as_the_regex_did() -> None:
    # The walk replaced a regex that backtracked over long runs of spaces; same answers.
    rng = random.Random(12)
    alphabet = ["规章", " ", "  ", "-", "—", "——", "–", "/", "／", "5", "x", "\t"]
    for _ in range(3000):
        rest = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))).strip()
        m = _OLD_TRAILING_DASHES.search(rest)
        want = (len(m.group().split()), len(m.group())) if m else (0, 0)
        assert tokens._trailing_dashes(rest) == want, rest


def test_a_long_line_is_not_held_by_the_line_memo() -> None:
    tokens._LINE_TOKENS.clear()
    text = "规章 " + " ".join(["1"] * 1000)
    toks = tokens._line_tokens_memo(text, 1, None, None)
    assert toks == line_tokens(text, 1, None)
    assert not tokens._LINE_TOKENS
    tokens._line_tokens_memo("规章 1 2 3", 1, None, None)
    assert len(tokens._LINE_TOKENS) == 1


def test_fullwidth_groups_beside_many_numbers_read_as_before() -> None:
    # The spans of glued groups are walked once (a scan per number had been quadratic); the
    # tokens are the same.
    text = "a1，000" * 50 + " 行政许可 272，673 5"
    got = [(t.kind, t.text) for t in line_tokens(text)]
    assert got.count(("num", "272,673")) == 1 and ("num", "5") in got
    assert not [t for t in got if t[0] == "num" and t[1] in ("1", "000", "1,000")]


def test_a_dump_of_the_ordinal_column_across_sub_tables_counts_up_as_one_run() -> None:
    # pdftotext on a table 二 with a 序号 column: each sub-table's ordinals under its own
    # header word, 3 / then 4, 5 / then 6. Counted per header, the lone 3 had stayed a value
    # (行政许可 took the 4 after an intermediate rule left it).
    from extractor.document import Line, Provenance
    from extractor.tables.tokens import tokenize_lines

    rows = [
        "序号",
        "3",
        "",
        "信息内容",
        "行政许可",
        "",
        "序号",
        "4",
        "5",
        "",
        "信息内容",
        "行政处罚",
        "行政强制",
        "",
        "序号",
        "6",
        "",
        "信息内容",
        "行政事业性收费",
        "本年处理决定数量",
        "0",
        "19",
    ]
    lines = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(rows)]
    assert [t.text for t in tokenize_lines(lines) if t.kind == "num"] == ["0", "19"]
