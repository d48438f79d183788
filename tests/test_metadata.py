import pytest

from extractor.document import Document, Page
from extractor.metadata import find_title, iso_date, parse_title
from extractor.reading.text import lines_to_blocks


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        (
            "昆明市官渡区人民政府六甲街道办事处2024年政府信息公开工作年度报告",
            "昆明市官渡区人民政府六甲街道办事处",
            2024,
        ),
        ("平潭综合实验区2021年度政府信息公开工作年度报告", "平潭综合实验区", 2021),
        ("某某县交通运输局 2019 年政府信息公开年度报告", "某某县交通运输局", 2019),
        ("某某市人民政府关于2020年度政府信息公开情况的报告", "某某市人民政府", 2020),
        ("标题: 某镇2015年政务公开工作年度报告", "某镇", 2015),
        ("年度工作总结", None, None),
        # Year first (上海 2019): the agency follows it.
        ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019),
        ("2021年度某区政务公开工作年度报告", "某区", 2021),
        ("2023年政府信息公开工作年度报告", None, 2023),
        ("2020年度政府信息公开工作年度报告", None, 2020),
        ("2019年度某市人民政府办公厅关于政府信息公开工作的年度报告", "某市人民政府办公厅", 2019),
    ],
)
def test_parse_title(title: str, agency: str | None, year: int | None) -> None:
    assert parse_title(title) == (agency, year)


def test_title_broken_before_the_year_is_joined() -> None:
    blocks = lines_to_blocks(
        ["洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由……编制。"]
    )
    document = Document(kind="pdf", pages=(Page(1, tuple(blocks)),))
    assert find_title(document, blocks) == "洪泽区人民政府2023年政府信息公开工作年度报告"


def test_page_title_drops_the_site_name() -> None:
    document = Document(
        kind="html", pages=(), title_hint="某区2023年政府信息公开工作年度报告_某区人民政府网"
    )
    assert find_title(document, []) == "某区2023年政府信息公开工作年度报告"


def test_iso_date() -> None:
    assert iso_date("2022-02-08 16:34") == "2022-02-08"
    assert iso_date("2024年1月5日") == "2024-01-05"
    assert iso_date("2024-13-40") is None


def test_statistics_period_and_contact_from_the_preface() -> None:
    from extractor.metadata import contact, statistics_period

    text = (
        "报告所列数据统计期限为2024年1月1日至2024年12月31日。如有疑问请联系(地址:某市某区桥东路"
        "676号,邮编:650206,联系电话:0871—67323480)。"
    )
    period = statistics_period(text)
    assert period is not None and (period.start, period.end) == ("2024-01-01", "2024-12-31")
    found = contact(text)
    assert found is not None
    assert (found.address, found.postcode, found.phone) == (
        "某市某区桥东路676号",
        "650206",
        "0871-67323480",
    )
    # digits lost from the dates (C4): no period rather than a wrong one
    assert statistics_period("统计期限为201711日至20171231日") is None


def test_breadcrumbs_and_wiki_scaffolding_are_not_the_title() -> None:
    lines = [
        "您当前的位置：首页>>政务公开>>年度报告",
        "某市民政局2020年政府信息公开工作年度报告",
        "正文。",
    ]
    blocks = lines_to_blocks(lines)
    document = Document(kind="txt", pages=(Page(1, tuple(blocks)),))
    assert find_title(document, blocks) == "某市民政局2020年政府信息公开工作年度报告"
    wiki = [
        "基本介紹•中文名：某县不动产登记中心2024年政府信息公开工作年度报告•發布單位：某县•年份：2024"
    ]
    blocks = lines_to_blocks(wiki)
    document = Document(kind="txt", pages=(Page(1, tuple(blocks)),))
    assert parse_title(find_title(document, blocks) or "") == ("某县不动产登记中心", 2024)


def test_pinyin_glosses_do_not_hide_the_title() -> None:
    blocks = lines_to_blocks(
        ["首页 > 政务公开 > 年报", "某市人民政府2020年政府信息(xi)公开工作年度报(bào)告"]
    )
    document = Document(kind="txt", pages=(Page(1, tuple(blocks)),))
    assert parse_title(find_title(document, blocks) or "") == ("某市人民政府", 2020)


def test_period_variants() -> None:
    from extractor.metadata import statistics_period

    for text in ("统计时限为2012年1月1日至12月31日", "起止时间为2011年1月1日和2011年12月31日"):
        period = statistics_period(text)
        assert (
            period is not None and period.end[5:] == "12-31" and period.start[:4] == period.end[:4]
        )
