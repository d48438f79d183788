"""Layouts from converters nobody on the team had tried before session 11 (poppler's
``pdftotext -bbox-layout``, Ghostscript's ``txtwrite``, mammoth's markdown), each cut down to a
few lines. Every one had given wrong values; the contract of docs/tables.md is the printed
number or null."""

from __future__ import annotations

import extractor
from extractor.document import Line, Provenance
from extractor.tables.mapping import map_tokens
from extractor.tables.templates import template_by_id
from extractor.tables.tokens import line_tokens, tokenize_lines

REQUESTS = template_by_id("requests_2021")


def values(text: str) -> dict[str, int | float | None]:
    rows = text.strip("\n").splitlines()
    lines = [Line(t, Provenance(line=i + 1)) for i, t in enumerate(rows)]
    mapping = map_tokens(tokenize_lines(lines), REQUESTS)
    return {f: (c.value if c else None) for f, c in mapping.values.items()}


# -- mammoth's markdown: an escaped decimal point ------------------------------------------------


def test_an_escaped_decimal_point_is_the_point() -> None:
    # mammoth (docx → markdown) writes 317.30 as "317\.30": read as 317, the rest text.
    nums = [t.text for t in line_tokens("行政事业性收费 317\\.30") if t.kind == "num"]
    assert nums == ["317.30"]
    # Anywhere else a backslash stays what it was.
    assert [t.text for t in line_tokens("a\\b 12") if t.kind == "num"] == ["12"]


def test_an_escaped_decimal_point_in_a_report() -> None:
    text = (
        "二、主动公开政府信息情况\n\n第二十条第（八）项\n\n信息内容\n\n本年收费金额（单位：万元）\n\n"
        "行政事业性收费\n\n317\\.30\n\n三、收到和处理政府信息公开申请情况\n"
    )
    report = extractor.extract(text.encode("utf-8"))
    assert report.fields.get("proactive.fees.amount_10k_yuan") in (317.3, None)
    assert report.fields.get("proactive.fees.amount_10k_yuan") != 317


# -- Ghostscript txtwrite: values centred half a line above or below their labels ----------------


def row(*cells: int) -> str:
    return "        " + "   ".join(str(c) for c in cells)


def test_labels_listed_apart_after_a_surplus_group_do_not_pair_in_order() -> None:
    # gs -sDEVICE=txtwrite prints a row's values on a line of their own, above or below its
    # label as the row's height centres them. (二)'s wrapped label took the group inside it;
    # the group after it is 1.'s, printed above its label; then 1. and 2. with two groups
    # after them read as labels listed apart (B7) and had paired one row off (1. took 0).
    got = values(
        "（一）予以公开\n"
        + row(0, 0, 0, 0, 0, 0, 0)
        + "\n（二）部分公开（区分处理的，只计这一情形，不\n"
        + row(4, 0, 0, 0, 0, 0, 4)
        + "\n计其他情形）\n"
        + row(1, 0, 0, 0, 0, 0, 1)
        + "\n1.属于国家秘密\n2.其他法律行政法规禁止公开\n"
        + row(0, 0, 0, 0, 0, 0, 0)
        + "\n"
        + row(0, 0, 0, 0, 0, 0, 0)
        + "\n3.危及“三安全一稳定”\n"
    )
    assert got["requests.denied.state_secret.natural_person"] in (1, None)
    assert got["requests.denied.state_secret.total"] in (1, None)


def test_labels_listed_apart_after_their_own_rows_still_pair() -> None:
    # B7 as before: each label before the run took its own group, then two labels, two groups.
    got = values(
        "（一）予以公开\n"
        + row(5, 0, 0, 0, 0, 0, 5)
        + "\n1.属于国家秘密\n2.其他法律行政法规禁止公开\n"
        + row(1, 0, 0, 0, 0, 0, 1)
        + "\n"
        + row(2, 0, 0, 0, 0, 0, 2)
        + "\n3.危及“三安全一稳定”\n"
        + row(0, 0, 0, 0, 0, 0, 0)
    )
    assert got["requests.denied.state_secret.total"] == 1
    assert got["requests.denied.prohibited_by_law.total"] == 2


# -- pdftotext -bbox-layout: word boxes ----------------------------------------------------------


def bbox_page(lines: list[tuple[int, int, list[tuple[int, str]]]]) -> str:
    """A ``pdftotext -bbox-layout`` page: each line (top, height, [(left, word), ...])."""
    out = ['<page width="600" height="800">']
    for top, height, words in lines:
        x0 = words[0][0]
        x1 = words[-1][0] + 12 * len(words[-1][1])
        out.append(f'<flow><block><line xMin="{x0}" yMin="{top}" xMax="{x1}" '
                   f'yMax="{top + height}">')  # fmt: skip
        for left, word in words:
            right = left + 12 * len(word)
            out.append(f'<word xMin="{left}" yMin="{top}" xMax="{right}" '
                       f'yMax="{top + height}">{word}</word>')  # fmt: skip
        out.append("</line></block></flow>")
    out.append("</page>")
    return "\n".join(out)


def test_bbox_lines_are_lines() -> None:
    from extractor.reading.html import read_html

    page = bbox_page(
        [(40 + 20 * i, 14, [(30, f"第{i}行文字")]) for i in range(12)]
        + [
            (300, 14, [(30, "行政许可")]),
            (300, 14, [(300, "4127")]),
            (330, 14, [(30, "行政处罚")]),
            (330, 14, [(300, "1356"), (340, "9")]),
        ]
        + [(400 + 20 * i, 14, [(30, f"结尾{i}")]) for i in range(10)]
    )
    html = (
        '<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title>'
        f"</head><body><doc>{page}{page}</doc></body></html>"
    )
    doc = read_html(html.encode("utf-8"))
    texts = [line.text for block in doc.pages[0].blocks for line in block.lines]
    # Not one line of the whole document: each of poppler's lines a line, in its order.
    assert len(texts) == 2 * 26
    at = texts.index("行政处罚")
    assert texts[at + 1] == "1356 9"
    assert texts.index("结尾9") < texts.index("第0行文字", texts.index("结尾9"))


# -- a label's numbering after its text, its row's values on the next lines ---------------------


def test_a_numbering_piece_does_not_join_the_value_after_it() -> None:
    # pdftotext -bbox-layout's flow order of a row centred on two lines: the label's text, its
    # numbering, a blank cell, then the row's values. "8." + "5" had been read as 8.5.
    lines = ["属于行政查询事项", "8.", " ", "5", "0", "0"]
    toks = tokenize_lines([Line(t, Provenance(line=i + 1)) for i, t in enumerate(lines)])
    nums = [t.text for t in toks if t.kind == "num"]
    assert nums == ["5", "0", "0"]
    assert [t.kind for t in toks if t.kind != "eol"][:3] == ["text", "text", "blank"]
    # A numbering piece before its label's text still joins it.
    toks = tokenize_lines([Line("1."), Line("本机关不掌握相关政府信息 3")])
    assert [t.text for t in toks if t.kind == "text"] == ["1.本机关不掌握相关政府信息"]


# -- Ghostscript txtwrite: a label's "、" printed as a digit --------------------------------------


def test_a_digit_inside_a_labels_text_is_no_value() -> None:
    # gs -sDEVICE=txtwrite maps some fonts' "、" to "1": "纳费用1行政机关…" glued on both sides,
    # the label's own text going on after it. Taken for the row's one value, 总计 had been 1.
    got = values(
        "      （六）其 2.申请人逾期未按收费通知要求缴\n"
        "       他处理 纳费用1行政机关不再处理其政 0      0    0     0     0    0   0\n"
        "                      府信息公开申请\n"
        "                         3.其他               0    0    0     0     0    0   0\n"
    )
    assert got["requests.other.fee_unpaid.total"] in (0, None)
    assert got["requests.other.fee_unpaid.natural_person"] in (0, None)


def test_a_glued_value_before_another_label_is_still_a_value() -> None:
    # lxml's text_content runs a row's cells together: a number glued on both sides that is
    # followed by another label's text keeps its value.
    toks = line_tokens("行政许可4127行政处罚1356")
    nums = [t for t in toks if t.kind == "num"]
    assert [t.text for t in nums] == ["4127", "1356"]
    assert nums[0].inner and not nums[1].inner


def test_a_digit_inside_a_label_with_misread_glyphs_is_no_value() -> None:
    # Session 12, letter pages: Ghostscript's txtwrite misreads more glyphs of the same cut
    # label ("缴ÿ费用" for 缴纳费用, "O补正" for 不补正), and its "、" as "1": the 1 had been
    # taken for a value (总计 1 for 0, and 1 for 2).
    got = values(
        "      （六）其 2.申请人逾期未按收费通知要\n"
        "       他处理 求缴ÿ费用1行政机关不再处0 0 0 0               0    0   0\n"
        "                      理其政府信息公开申请\n"
        "                         3.其他               1    0    0     0     0    0   1\n"
    )
    assert got["requests.other.fee_unpaid.total"] in (0, None)
    got = values(
        "          1.申请人无正当理由逾期\n"
        "          O补正1行政机关O再处 2 0 0             0     0    0   2\n"
        "          理w政府信息公开申请\n"
        "          2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        " 0 0 0 0 0 0 0\n"
    )
    assert got["requests.other.no_correction.total"] in (2, None)
    # A digit after a run of misread glyphs alone, or after another label's character, is
    # still no match for the label: the rule needs the character before it to be the label's.
    from extractor.tables.assemble import _ends_like

    assert _ends_like("求缴ÿ费用", "求缴纳费用")
    assert _ends_like("O补正", "不补正")
    assert not _ends_like("ÿÿÿÿÿ", "求缴纳费用")
    assert not _ends_like("求缴ÿ费X", "求缴纳费用")
    assert not _ends_like("求缴他费用", "求缴纳费用")
