"""Reports printed to Letter pages at 130% (``converter_zoo.py --page zoom``) and other page
set-ups, read by pdfminer without its box flow, each cut down to a few lines. Every one had
given wrong values; the contract of docs/tables.md is the printed number or null."""

from __future__ import annotations

from tests.test_pairing import column, values


def test_a_shift_run_goes_on_through_a_short_group_and_a_row_begun_on_its_line() -> None:
    # pdfminer without its box flow: two rows between two labels start a shift run; then a row
    # of six values (a blank lost) after 6.'s label, and labels that print one cell on their
    # line and the rest below it ("7.属于行政执法案卷 2" / 0 … 5): those were the next row's
    # values above its label (row 7 is 2 0 0 0 1 0 3). The run had ended at the short group,
    # and 7. took 8.'s values, 8. its own first cell and 1.'s whole row (29 wrong).
    got = values(
        "（一）予以公开\n"
        + column(68, 11, 1, 1, 4, 2, 87)
        + "\n三、本\n年度办\n理结果\n"
        + column(12, 3, 0, 0, 2, 0, 17)
        + "\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
        + column(0, 0, 0, 0, 0, 0, 0)
        + "\n5.属于三类内部事务信息\n"
        + column(3, 1, 0, 0, 0, 0, 4)
        + "\n6.属于四类过程性信息\n"
        + column(0, 0, 0, 1, 0, 3)
        + "\n7.属于行政执法案卷 2\n"
        + column(0, 0, 0, 0, 0, 5)
        + "\n8.属于行政查询事项 5\n"
        + column(27, 3, 1, 0, 2, 1, 34)
        + "\n1.本机关不掌握相关政府信息\n"
        + column(3, 1, 0, 0, 0, 0, 4)
        + "\n2.没有现成信息需要另行制作\n"
        + column(2, 0, 0, 0, 0, 0, 2)
        + "\n3.补正后申请内容仍不明确\n"
    )
    for row in ("enforcement_files", "inquiry_matters"):
        assert got[f"requests.denied.{row}.total"] is None
    for row in ("not_held", "needs_creation"):
        assert got[f"requests.unavailable.{row}.natural_person"] is None
        assert got[f"requests.unavailable.{row}.total"] is None


def test_a_shift_run_goes_on_through_labels_listed_before_their_groups() -> None:
    # pdfminer without its box flow: a shift run reaches two labels listed one after the other
    # and then two groups ("1.信访…" / "2.重复申请" / 3 … 3 / the heading's cut text / zeros, the
    # last two cells of each on one line). Paired in order (B7), 1.
    # had taken 2.'s 3 … 3 and 2. 3.'s zeros: in the run each label may own the group before
    # it as well. 3. keeps its zeros, the group before it printing the same.
    got = values(
        "（一）予以公开\n"
        + column(7, 0, 0, 0, 0, 0, 7)
        + "\n三、本\n年度办\n理结果\n"
        + column(1, 0, 0, 0, 0, 0, 1)
        + "\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
        + column(0, 0, 0, 0, 0, 0, 0)
        + "\n3.补正后申请内容仍不明确\n"
        + column(0, 0, 0, 0, 0, 0, 0)
        + "\n1.信访举报投诉类申请\n2.重复申请\n"
        + column(3, 0, 0, 0, 0)
        + "\n0 3\n三、本年度\n办理结果\n"
        + column(0, 0, 0, 0, 0)
        + "\n0 0"
        + "\n3.要求提供公开出版物\n"
        + column(0, 0, 0, 0, 0, 0, 0)
        + "\n4.无正当理由大量反复申请\n"
    )
    assert got["requests.not_processed.complaint.natural_person"] is None
    assert got["requests.not_processed.complaint.total"] is None
    assert got["requests.not_processed.duplicate.total"] is None
    assert got["requests.not_processed.publication.total"] == 0


def test_a_row_and_the_next_row_cut_over_two_groups_nobody_took() -> None:
    # pdfminer without its box flow: 予以公开's row and 部分公开's, printed after 予以公开's
    # label in two pieces ("21 0" / 0 … "0 21" / 8 … "0 9"), before 部分公开's label and
    # 1.'s, listed, then their groups. Paired in order, 部分公开 had taken 1.'s zeros for its
    # printed 8 1 0 0 0 0 9; 1. keeps its zeros, the group before its own printing the same.
    got = values(
        "一、本年新收政府信息公开申请数量\n71 3\n0\n0\n0\n0 74\n"
        "二、上年结转政府信息公开申请数量\n"
        + column(1, 0, 0, 0, 0)
        + "\n0 1\n（一）予以公开\n21 0\n"
        + column(0, 0, 0)
        + "\n0 21\n"
        + column(8, 1, 0, 0, 0)
        + "\n0 9\n三、本\n年度办\n理结果\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
        "1.属于国家秘密\n"
        + column(0, 0, 0, 0, 0)
        + "\n0 0\n（三）不\n予公开\n"
        + column(0, 0, 0, 0, 0)
        + "\n0 0\n2.其他法律行政法规禁\n止公开\n3.危及“三安全一稳定”0\n"
        + column(0, 0, 0, 0)
        + "\n0 0\n4.保护第三方合法权益 0\n"
        + column(0, 0, 0, 0)
        + "\n0 0\n"
        + column(1, 0, 0, 0, 0)
        + "\n0 1\n5.属于三类内部事务信\n息\n"
    )
    for row in ("granted", "partially_granted"):
        assert got[f"requests.{row}.natural_person"] is None
        assert got[f"requests.{row}.total"] is None
    # 1.'s zeros (the group before its own prints the same) were kept on the branch that made
    # this rule; merged with the rule of labels listed apart after a surplus group
    # (tests/test_unseen_s11.py) the row is left null. Safe, a recall cost left open (session 11).
    assert got["requests.denied.state_secret.total"] in (None, 0)


def test_a_block_of_the_other_columns_above_labels_that_keep_one_value() -> None:
    # pdftotext on an A4 landscape page at 9 pt: each row's 自然人 printed under its label, the
    # six other columns of every row as one block above the labels ("0" / "0" / "0" / "0" /
    # "0 23" per row). A lone 0 beside a label had read as a row of zeros (blanks collapsed),
    # for 予以公开's printed 7 0 0 0 0 0 7 (the rows shifted by one).
    block = "\n".join(f"0\n0\n0\n0\n0 {total}" for total in (23, 0, 7, 1, 0, 0))
    got = values(
        block + "\n一、本年新收政府信息公开申请数量\n23\n二、上年结转政府信息公开申请数量\n0\n"
        "（一）予以公开\n7\n（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1\n"
        "1.属于国家秘密\n0\n2.其他法律行政法规禁止公开\n0\n3.危及“三安全一稳定”\n"
    )
    for row in ("new", "carried_over", "granted", "partially_granted"):
        assert got[f"requests.{row}.natural_person"] is None
        assert got[f"requests.{row}.total"] is None
    assert got["requests.denied.state_secret.total"] is None


def _hailan_at_150(first_rows: str) -> str:
    """Table 三 of a report printed at 150% and read by pdfminer without its box flow: every
    row's values print one per line above its label from 1.属于国家秘密 on (its truth: 3.要求
    提供… is 21 … 36, 4. 11 … 16, 5. 36 … 61), 8.'s row cut in two, and 2.重复申请 found in
    two pieces, "2.重复" / "申请"."""
    return (
        first_rows
        + "（一）予以公开 622\n150\n22 10 101 51 956\n"
        + column(285, 75, 5, 5, 39)
        + "\n30 439\n三、\n本年\n度办\n理结\n果\n（二）部分公开\n（区分处理的，\n只计这一情形，\n"
        "不计其他情形）\n"
        + column(15, 5, 0, 0, 1, 1, 22)
        + "\n（三）\n不予公\n开\n1.属于\n国家秘\n密\n"
        + column(29, 2, 1, 2, 3, 3, 40)
        + "\n2.其他\n法律行\n政法规\n禁止公\n开\n"
        + column(20, 6, 1, 0, 5, 1, 33)
        + "\n3.危及\n“三安\n全一稳\n定”\n"
        + column(57, 24, 4, 0, 6, 9, 100)
        + "\n4.保护\n第三方\n合法权\n益\n"
        + column(0, 0, 0, 0, 0, 0, 0)
        + "\n5.属于\n三类内\n部事务\n信息\n"
        + column(122, 26, 4, 4, 15, 7, 178)
        + "\n6.属于\n四类过\n程性信\n息\n"
        + column(0, 0, 0, 0, 0, 0, 0)
        + "\n7.属于\n行政执\n法案卷\n"
        + column(108, 22, 4, 3, 10, 7, 154)
        + "\n8.属于\n行政查\n询事项\n1472 438\n52 41 183 122 2308\n"
        + "1.本机\n关不掌\n握相关\n政府信\n息\n"
        + column(109, 31, 3, 2, 27, 8, 180)
        + "\n（四）\n无法提\n供\n2.没有\n现成信\n息需要\n另行制\n作\n"
        + column(101, 30, 4, 2, 11, 7, 155)
        + "\n3.补正\n后申请\n内容仍\n不明确\n"
        + column(79, 24, 4, 4, 13, 8, 132)
        + "\n（五）\n不予处\n理\n1.信访\n举报投\n诉类申\n请\n"
        + column(115, 29, 2, 4, 18, 6, 174)
        + "\n2.重复\n申请\n"
        + column(21, 8, 1, 2, 3, 1, 36)
        + "\n3.要求\n提供公\n开出版\n物\n"
        + column(11, 1, 0, 0, 2, 2, 16)
        + "\n4.无正\n当理由\n大量反\n复申请\n"
        + column(36, 14, 2, 0, 6, 3, 61)
        + "\n5.要求\n行政机\n关确认\n或重新\n出具已\n获取信\n息\n（六）其他处理 369\n"
        + column(96, 8, 10, 59)
        + "\n36 578\n（七）总计 3571 981 117 89 502 302 5562\n"
    )


def test_a_label_in_two_pieces_that_took_the_groups_on_both_its_sides() -> None:
    # "2.重复" took the row above it and "申请" the row below: one label cannot own both, so
    # neither the label nor the rows after it that took the row below them are told (3., 4.
    # and 5. had each taken the next row's values: 20 wrong).
    got = values(
        _hailan_at_150(
            "3495 1001 112 91 509 300 5508\n一、本年新收政府信息\n公开申请数量\n"
            + column(190, 48, 12, 7, 17)
            + "\n18 292\n二、上年结转政府信息\n公开申请数量\n"
        )
    )
    for row in ("duplicate", "publication", "excessive", "confirmation"):
        assert got[f"requests.not_processed.{row}.natural_person"] is None
        assert got[f"requests.not_processed.{row}.total"] is None
    assert got["requests.results_total.total"] == 5562


def test_a_shift_run_goes_on_through_a_label_in_bare_pieces() -> None:
    # The same table with its first rows lost: a group holding a second row starts the run,
    # which reaches "2.重复" / "申请", neither piece with values. One label cut in two shows no
    # row printed on the other side of its label, so the run goes on (it had ended there).
    got = values(column(0, 0, 0, 0, 0, 0, 0) + "\n" + _hailan_at_150(""))
    for row in ("publication", "excessive", "confirmation"):
        assert got[f"requests.not_processed.{row}.natural_person"] is None
        assert got[f"requests.not_processed.{row}.total"] is None
    assert got["requests.results_total.total"] == 5562


def _row_down(first: int, last: int) -> str:
    """A row of zeros between ``first`` and ``last``, one value a line, the last two on one."""
    return f"{first}\n0\n0\n0\n0\n0 {last}\n"


def test_rows_before_a_group_of_two_rows_taken_by_the_label_after_it() -> None:
    # pdfminer without its box flow, all text at 14 pt (each line followed by a blank one):
    # 7.'s row 6 … 6 and 8.'s 1 … 1 print below their labels, 8.'s with 1.本机关's 22 … 25
    # in one group that 1.本机关 took whole. 7. had taken 6.'s zeros and 8. 7.'s 6 … 6: each
    # label that took the group right above it, up from that group, may own the one below.
    text = (
        "三、收到和处理政府信息公开申请情况\n申请人情况\n法人或其他组织\n总\n计\n自\n然\n人\n"
        "其\n他\n社会\n公益\n组织\n法律\n服务\n机构\n商\n业\n企\n业\n科\n研\n机\n构\n"
        "一、本年新收政府信息公开申请数量\n64 0\n0\n2\n0\n4 70\n二、上年结转政府信息公开申请数量\n"
        + _row_down(0, 0)
        + "（一）予以公开\n27 0\n0\n2\n0\n1 30\n5\n0\n0\n0\n0\n0 5\n三、本年\n度办理结\n果\n"
        "（二）部分公开（区分处理的，只计\n这一情形，不计其他情形）\n1.属于国家秘密\n"
        + _row_down(0, 0)
        + _row_down(0, 0)
        + "2.其他法律行政法规禁止公\n开\n3.危及“三安全一稳定” 0\n0\n0\n0\n0\n0 0\n"
        "4.保护第三方合法权益\n"
        + _row_down(0, 0)
        + "（三）不\n予公开\n5.属于三类内部事务信息 1\n0\n0\n0\n0\n0 1\n6.属于四类过程性信息\n"
        + _row_down(0, 0)
        + "7.属于行政执法案卷\n"
        + _row_down(6, 6)
        + "8.属于行政查询事项\n"
        + _row_down(1, 1)
        + "22 0\n0\n0\n0\n3 25\n1.本机关不掌握相关政府信\n息\n（四）无\n法提供\n"
        + _row_down(0, 0)
        + "2.没有现成信息需要另行制\n作\n3.补正后申请内容仍不明确 0\n0\n0\n0\n0\n0 0\n"
        "1.信访举报投诉类申请\n" + _row_down(0, 0)
    )
    got = values(text.replace("\n", "\n\n"))
    for row in ("enforcement_files", "inquiry_matters"):
        assert got[f"requests.denied.{row}.natural_person"] is None
        assert got[f"requests.denied.{row}.total"] is None
    assert got["requests.denied.internal_affairs.total"] == 1
