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


# --- titles as converters print them (issue #15, item 4) -------------------------------------

_TITLES = [
    ("某某区人民政府2023年政府信息公开工作年度报告", "某某区人民政府", 2023),
    ("某某县交通运输局2021年度政府信息公开工作年度报告", "某某县交通运输局", 2021),
    ("2025年某市人民政府办公室政府信息公开工作年度报告", "某市人民政府办公室", 2025),
]


def _metadata_of(lines: list[str], kind: str = "txt") -> tuple[str | None, str | None, int | None]:
    from extractor.metadata import extract_metadata

    blocks = lines_to_blocks(lines)
    meta = extract_metadata(Document(kind=kind, pages=(Page(1, tuple(blocks)),)), "2021")
    return meta.title, meta.agency, meta.year


@pytest.mark.parametrize(("title", "agency", "year"), _TITLES)
@pytest.mark.parametrize("marker", [None, "正文", "# 正文"])
def test_a_title_wrapped_at_any_position_is_joined(
    title: str, agency: str, year: int, marker: str | None
) -> None:
    body = ["本报告由某某办公室编制。", "一、总体情况", "2023年，本机关……"]
    for cut in range(1, len(title)):
        lines = [title[:cut], title[cut:], *body]
        if marker:
            lines.insert(0, marker)
        assert _metadata_of(lines) == (title, agency, year), (marker, cut)


@pytest.mark.parametrize(("title", "agency", "year"), _TITLES)
def test_a_title_over_three_lines_and_as_markdown_headings(
    title: str, agency: str, year: int
) -> None:
    third = len(title) // 3
    pieces = [title[:third], title[third : 2 * third], title[2 * third :]]
    assert _metadata_of([*pieces, "正文内容。"]) == (title, agency, year)
    # pymupdf4llm: each piece a heading, the year in bold, spaces around it
    spaced = title.replace(str(year), f" **{year}** ")
    cut = spaced.index("年度报告") + 3
    lines = ["# 正文", f"# {spaced[:cut]}", f"# {spaced[cut:]}", "本报告由……编制。"]
    assert _metadata_of(lines) == (title, agency, year)


@pytest.mark.parametrize(
    "suffix",
    [
        "-某某区人民政府网站",
        "_某某区政府门户网站",
        " | 某某网",
        "——某某市人民政府",
        " - 政府门户网站",
    ],
)
def test_site_suffixes_are_not_part_of_the_title(suffix: str) -> None:
    title = "某某区人民政府2023年政府信息公开工作年度报告"
    document = Document(kind="html", pages=(), title_hint=title + suffix)
    assert find_title(document, []) == title
    if "|" not in suffix:  # a text line with a pipe is read as a table row
        # the same suffix on the title line of a converted page
        lines = [title + suffix, "本报告由……编制。"]
        assert _metadata_of(lines) == (title, "某某区人民政府", 2023)


def test_a_site_name_above_the_title_is_not_joined_to_it() -> None:
    title = "某某区人民政府2023年政府信息公开工作年度报告"
    for above in ("某某区人民政府", "某某区人民政府网", "某某区人民政府网站首页 信息公开 互动交流"):
        assert _metadata_of([above, title, "本报告由……编制。"]) == (title, "某某区人民政府", 2023)


def test_site_chrome_on_the_title_line_is_not_the_agency() -> None:
    # Converters that run the page header into the title's line.
    lines = [
        "当前位置：首页 > 政务公开 > 年报 星河市某区人民政府 **2023** 年政府信息公开工作年度 报告",
        "发布日期：2024-01-26 来源：某区人民政府办公室 字号：大 中 小 星河市某区人民政府 2023 年"
        "政府信息公开工作年度报告",
    ]
    for line in lines:
        assert _metadata_of([line, "本报告由……编制。"])[1:] == ("星河市某区人民政府", 2023)
    chrome = "您现在的位置：首页 > 信息公开 > 年度报告 # 某市某区人民政府2024年政府信息公开工作年 # 度报告"
    assert _metadata_of([chrome + " 信息来源：区政府办公室 本报告由……编制。"])[1:] == (
        "某市某区人民政府",
        2024,
    )


def test_radical_look_alikes_in_the_title_are_folded() -> None:
    # U+2F08 ⼈ and U+2EA0 ⺠, as PDF text converters print 人民 from Chrome's PDFs
    assert _metadata_of(["某某县⼈⺠政府2020年政府信息公开⼯作年度报告", "正文。"])[1:] == (
        "某某县人民政府",
        2020,
    )


def test_a_title_run_into_the_body_line_ends_at_its_report() -> None:
    line = "某某区2019年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
    assert _metadata_of([line]) == ("某某区2019年政府信息公开工作年度报告", "某某区", 2019)


def test_a_document_named_in_the_preface_is_not_the_title() -> None:
    # Regression: the notice cited in the first sentence gave the title and agency.
    line = (
        "根据《某省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求，"
        "编制本报告。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
    )
    title, agency, year = _metadata_of([line, "六、其他需要报告的事项", "无。"])
    assert (title, agency) == (None, None)
    # no title year: the statistics period of one calendar year gives it
    assert year == 2021


def test_the_title_year_wins_over_the_statistics_period() -> None:
    lines = [
        "某某区人民政府2023年政府信息公开工作年度报告",
        "数据统计期限为2022年1月1日至2022年12月31日。",
    ]
    assert _metadata_of(lines)[2] == 2023
    # a period over two years gives no year
    lines = ["政府信息公开工作年度报告", "统计期限为2022年7月1日至2023年6月30日。"]
    assert _metadata_of(lines)[2] is None


def test_a_name_cut_after_an_ending_character_is_joined() -> None:
    # A crawler cut 管理委员会 after 委 (itself an agency ending) and the year from the title:
    # the agency had come out as 员会.
    lines = ["2022", "星河高新技术产业开发区管理委", "员会", "2022", "年政府信息公开工作年度报告"]
    title = "星河高新技术产业开发区管理委员会2022年政府信息公开工作年度报告"
    assert _metadata_of([*lines, "本报告按照……起草。"]) == (
        title,
        "星河高新技术产业开发区管理委员会",
        2022,
    )


def test_agency_from_the_body_when_two_statements_agree() -> None:
    from extractor.metadata import body_agency

    # trafilatura dropped the title: the compiling sentence and the opening name the agency.
    compiled = (
        "本报告汇总某某新区各有关单位政府信息公开工作情况编制而成。\n"
        "一、总体情况\n2022年，某某新区坚持以人民为中心，推进政务公开。"
    )
    assert body_agency(compiled) == "某某新区"
    # The report's site and contact office share the name; 我区 compiled the report.
    offices = (
        "我区编制完成了本报告。本报告的电子版可在某某新区党工委管委会门户网站下载。"
        "如有疑问，请与某某新区政府信息公开工作领导小组办公室联系。"
    )
    assert body_agency(offices) == "某某新区"


def test_no_agency_from_the_body_on_weak_or_partial_evidence() -> None:
    from extractor.metadata import body_agency

    opening = "2022年，某某县坚持以人民为中心，推进政务公开。"
    assert body_agency(opening) is None  # one statement only
    # A 县政府 of its own: 某某县 is the place, the agency is its 人民政府.
    both = "本报告汇总某某县各有关部门情况编制而成。\n" + opening + "县政府把政务公开作为重点。"
    assert body_agency(both) is None
    assert body_agency(both.replace("县政府", "省政府")) == "某某县"


def test_year_from_a_one_year_statistics_statement() -> None:
    lines = ["本年度报告数据统计时段为2023年全年，由区政府办公室编写。", "一、总体情况"]
    assert _metadata_of(lines)[2] == 2023
    lines = ["报告中的统计数据均截至2020年12月31日。", "一、总体情况"]
    assert _metadata_of(lines)[2] == 2020


def test_agency_from_the_body_is_given_as_printed() -> None:
    lines = [
        "本報告匯總某某新區各有關單位政府信息公開工作情況編制而成。",
        "一、總體情況",
        "2022年，某某新區堅持以人民為中心，推進政務公開。",
    ]
    assert _metadata_of(lines)[1] == "某某新區"
