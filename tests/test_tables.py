from extractor.document import Line
from extractor.tables.labels import normalize, similar
from extractor.tables.mapping import best_mapping, parse_cell, split_row
from extractor.tables.pipe import lines_to_grid, split_pipe_row


def grid_rows(text: str) -> list[list[str]]:
    return lines_to_grid([Line(t) for t in text.strip().splitlines()]).matrix()


def test_split_pipe_row_drops_the_closing_pipe() -> None:
    assert split_pipe_row("规章 | 0 | 0 | 0 |") == ["规章", "0", "0", "0"]
    assert split_pipe_row("第二十条第(一)项 | |||") == ["第二十条第(一)项", "", "", ""]
    assert split_pipe_row("| 信息内容") == ["信息内容"]


def test_parse_cell() -> None:
    assert parse_cell("1,234").value == 1234
    assert parse_cell("312.45").value == 312.45
    assert parse_cell(" 6 ").value == 6
    assert parse_cell("-3").value == -3
    assert parse_cell("251000元").unit == "元"
    assert parse_cell("").kind == "blank" and parse_cell("—").kind == "blank"
    assert parse_cell("自然人").kind == "text"


def test_split_row_takes_values_after_the_last_label() -> None:
    parts = split_row(["三、本年度办理结果", "(一)予以公开", "1", "0", "", "2"])
    assert parts.label == "(一)予以公开"
    assert [raw for _, raw in parts.values] == ["1", "0", "", "2"]


def test_labels_normalise_width_spacing_and_numbering() -> None:
    assert normalize("（一）予以公开") == normalize("(一) 予以公开")
    assert normalize("3、危及“三安全一稳定”") == normalize("3.危及三安全一稳定")
    assert similar(normalize("2.其他法律行政止公开"), normalize("2.其他法律行政法规禁止公开")) > 0.8
    assert similar(normalize("(一)予以公开"), normalize("(三)不予公开")) == 0.0


TABLE2 = """
第二十条第(一)项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 1 | 0 | 5 |
规范性文件 | 2 | 1 | 30 |
行政强制 | |||
"""


def test_table_two_maps_onto_2021_fields() -> None:
    mapping = best_mapping(grid_rows(TABLE2))
    assert mapping is not None and mapping.template.id == "proactive_2021"
    values = {f: v.value for f, v in mapping.values.items()}
    assert values["proactive.regulations.in_force"] == 5
    assert values["proactive.normative_documents.repealed"] == 1
    # a blank cell in a table that has numbers is a zero, and says so
    assert values["proactive.coercion.decisions"] == 0
    assert mapping.values["proactive.coercion.decisions"].how == "blank_as_zero"
    # a row the grid does not have is missing, not zero
    assert values["proactive.licensing.decisions"] is None


def test_labels_without_values_are_no_data_not_zero() -> None:
    rows = grid_rows(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | | | |\n行政许可 | |||"
    )
    mapping = best_mapping(rows)
    assert mapping is not None
    assert all(v.value is None for v in mapping.values.values())
    assert any(code == "no_values" for code, _ in mapping.warnings)


TABLE4 = """
行政复议 | 行政诉讼 | |||||||||||||
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||
2 | 1 | 3 | 1 | 7 | 0 | 0 | 0 | 0 | 0 | 13 | 2 | 4 | 0 | 19 |
"""


def test_review_table_maps_its_unlabelled_data_row() -> None:
    mapping = best_mapping(grid_rows(TABLE4))
    assert mapping is not None and mapping.template.kind == "review_litigation"
    assert mapping.values["review.total"].value == 7
    assert mapping.values["litigation_after_review.total"].value == 19
    assert mapping.first_data_row == 2


def test_an_unrelated_table_matches_no_template() -> None:
    assert best_mapping(grid_rows("索引号 | 001 |\n发布机构 | 某局 |\n分类 | 年报 |")) is None


def test_collapsed_other_row_selects_the_single_row_template() -> None:
    rows = grid_rows(
        """
一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
(一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
(六)其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
(七)总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""
    )
    mapping = best_mapping(rows)
    assert mapping is not None and mapping.template.id == "requests_single_other"
    assert mapping.values["requests.other.all.total"].value == 1
