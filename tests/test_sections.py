from extractor.document import Document, Page
from extractor.reading.text import lines_to_blocks
from extractor.sections import (
    _rule_spans,
    build_sections,
    split_inline_headings,
    split_sections,
    topic_of,
)


def doc(text: str) -> Document:
    return Document(kind="txt", pages=(Page(1, tuple(lines_to_blocks(text.splitlines()))),))


def rule_spans(text: str):  # type: ignore[no-untyped-def]
    """The heading-based finder alone (split_sections hands documents whose headings name
    fewer than six parts to the classifier)."""
    return _rule_spans(list(split_inline_headings(doc(text).blocks())))


def test_topics_of_heading_variants() -> None:
    assert topic_of("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况") == "review_litigation"
    assert topic_of("五、现存问题与改进举措") == "problems_improvements"
    assert topic_of("五、存在的主要问题及明年工作计划") == "problems_improvements"
    assert topic_of("三、依申请公开政府信息情况") == "requests"
    assert topic_of("六、其他需要报告事项") == "other_matters"
    assert topic_of("一、概述") == "overview"


def test_sections_in_order_with_preamble_and_subsections() -> None:
    text = "某局2023年报告\n一、总体情况\n（一）主动公开\n公开了文件。\n二、主动公开政府信息情况\n五、存在的主要问题及改进情况\n（一）存在问题\n力量不足。"
    sections = build_sections(rule_spans(text))
    assert [s.id for s in sections] == [
        "preamble",
        "overview",
        "proactive_disclosure",
        "problems_improvements",
    ]
    overview = sections[1]
    assert overview.title == "一、总体情况" and overview.confidence == 0.95
    assert overview.subsections[0].title == "（一）主动公开"
    assert overview.subsections[0].text == "公开了文件。"


def test_a_part_runs_once_and_table_rows_are_not_headings() -> None:
    text = "一、总体情况\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n二、主动公开政府信息情况"
    spans = rule_spans(text)
    assert [s.id for s in spans] == ["overview", "requests"]
    assert len(spans[1].blocks) == 2


def test_renumbered_heading_has_lower_confidence() -> None:
    sections = build_sections(rule_spans("二、总体情况\n正文"))
    assert sections[0].id == "overview" and sections[0].confidence == 0.8


def test_headings_run_into_flattened_text_are_split_out() -> None:
    flat = "正文结束。二、主动公开政府信息情况 第二十条规章000三、收到和处理政府信息公开申请情况（本列）"
    blocks = list(split_inline_headings(lines_to_blocks([flat])))
    assert [b.kind for b in blocks] == ["paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert blocks[3].text == "三、收到和处理政府信息公开申请情况"


def test_decoding_keeps_the_template_order_and_lets_chrome_interrupt() -> None:
    import math

    from extractor.sectionmodel import LABELS, decode

    def row(**probs: float) -> list[float]:
        return [math.log(probs.get(label, 0.01)) for label in LABELS]

    # The third block looks most like the preamble, but the report is already in 一: the
    # order wins; the chrome line between parts does not end the run it interrupts.
    labels = decode(
        [
            row(preamble=0.9),
            row(overview=0.9),
            row(preamble=0.5, overview=0.4),
            row(unclassified=0.9),
            row(overview=0.6, problems_improvements=0.3),
            row(problems_improvements=0.9),
        ]
    )
    assert labels == [
        "preamble",
        "overview",
        "overview",
        "unclassified",
        "overview",
        "problems_improvements",
    ]


def test_shape_tokens() -> None:
    from extractor.sectionmodel import shape

    tokens = shape("五、存在的主要问题及改进情况", "text", 5, 10).split()
    assert {"heading", "num_top", "topic_problems_improvements", "pos5"} <= set(tokens)


def test_a_report_without_numbered_headings_goes_to_the_classifier() -> None:
    text = "\n".join(
        [
            "某县交通运输局2022年政府信息公开工作年度报告",
            "根据《中华人民共和国政府信息公开条例》要求，编制本报告。",
            "总体情况",
            "本年度我局认真贯彻落实条例，政府信息公开工作有序推进，主动公开各类信息312条。",
            "存在的主要问题及改进情况",
            "一是信息发布时效性不够强。二是政策解读形式较为单一。",
            "下一步，我局将进一步完善信息发布审核机制，丰富政策解读形式。",
            "其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
    )
    sections = {s.id: s.text for s in build_sections(split_sections(doc(text)))}
    assert "312条" in sections["overview"]
    assert "解读形式较为单一" in sections["problems_improvements"]
    assert "信息处理费" in sections["other_matters"]


def _rows(*labels: str) -> list[list[float]]:
    import math

    from extractor.sectionmodel import LABELS

    return [[math.log(0.9 if lab == want else 0.01) for lab in LABELS] for want in labels]


def test_decoding_allows_pre2019_fees_before_review_and_appendix_tables() -> None:
    from extractor.sectionmodel import decode

    # Regression: pre-2019 收费及减免情况 (other_matters) comes before 复议诉讼, and some 2021
    # reports print their three tables in an appendix after 六; strict order mislabelled both.
    fees = ["overview", "requests", "other_matters", "review_litigation", "problems_improvements"]
    assert decode(_rows(*fees)) == fees
    appendix = ["overview", "problems_improvements", "other_matters", "proactive_disclosure",
                "requests", "review_litigation"]  # fmt: skip
    assert decode(_rows(*appendix)) == appendix


def test_pieces_of_one_part_become_one_section() -> None:
    from extractor.document import Block, Line
    from extractor.sections import SectionSpan

    def block(text: str) -> Block:
        return Block("paragraph", (Line(text),))

    spans = [
        SectionSpan("overview", "一、总体情况", 0.9, [block("甲。")]),
        SectionSpan("unclassified", None, 0.8, [block("分享到：微信 微博")]),
        SectionSpan("overview", None, 0.9, [block("乙。")]),
    ]
    sections = build_sections(spans)
    assert [(s.id, s.title, s.text) for s in sections] == [
        ("overview", "一、总体情况", "甲。\n乙。"),
        ("unclassified", None, "分享到：微信 微博"),
    ]


def test_chrome_inside_a_headed_section_is_taken_out() -> None:
    text = "\n".join(
        [
            "某县民政局2022年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度主动公开政府信息215条。",
            "打印本页 关闭窗口",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "政策解读形式较为单一。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
    )
    sections = {s.id: s.text for s in build_sections(split_sections(doc(text)))}
    assert "215条" in sections["overview"]
    assert "打印本页" not in sections["overview"]
    assert "打印本页" in sections.get("unclassified", "")


def test_breadcrumbs_and_copyright_lines_are_chrome_wherever_they_stand() -> None:
    # The classifier gives a breadcrumb in the middle of flattened text only p ≈ 0.2 of chrome.
    text = "\n".join(
        [
            "某县民政局2022年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度主动公开政府信息215条。",
            "当前位置：首页 > 政务公开 > 年度报告",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "政策解读形式较为单一。",
            "版权所有：某县人民政府 ICP备12345678号",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
    )
    sections = {s.id: s.text for s in build_sections(split_sections(doc(text)))}
    assert "当前位置" in sections["unclassified"] and "版权所有" in sections["unclassified"]
    assert "当前位置" not in sections["overview"]
    assert "版权所有" not in sections["problems_improvements"]


def test_heading_that_runs_on_into_its_body_is_split() -> None:
    # A flattened page cut at its sentences: the last part's heading and its only sentence.
    lines = ["五、存在的主要问题及改进情况", "六、其他需要报告的事项 无其他需要报告的事项"]
    blocks = list(split_inline_headings(lines_to_blocks(lines)))
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        ("heading", "六、其他需要报告的事项"),
        ("paragraph", "无其他需要报告的事项"),
    ]
    # Hard-wrapped into the heading's line: the comma says the rest is prose.
    wrapped = list(split_inline_headings(lines_to_blocks(["六、其他需要报告的事项2021年，无收取"])))
    assert [b.text for b in wrapped] == ["六、其他需要报告的事项", "2021年，无收取"]
    # A heading's own longer wording stays whole.
    assert [b.text for b in split_inline_headings(lines_to_blocks(["一、总体情况概述"]))] == [
        "一、总体情况概述"
    ]
