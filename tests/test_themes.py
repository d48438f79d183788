from extractor.report import Section, Subsection, Theme
from extractor.thememodel import load_keyword_idf, load_theme_model
from extractor.themes import keywords, pair_themes, sentences, split_sentences, tag_themes

SECTION = Section(
    id="problems_improvements",
    title="五、存在的主要问题及改进情况",
    text="（一）存在问题\n一是公开内容不够全面，解读形式较为单一。\n（二）改进措施\n一是进一步加强政策解读，丰富解读形式。",
    confidence=0.95,
    subsections=[
        Subsection(title="（一）存在问题", text="一是公开内容不够全面，解读形式较为单一。"),
        Subsection(title="（二）改进措施", text="一是进一步加强政策解读，丰富解读形式。"),
    ],
)


def _section(text: str, sid: str = "problems_improvements") -> Section:
    return Section(id=sid, title=None, text=text, confidence=0.9, subsections=[])


def test_problem_and_measure_with_evidence_spans() -> None:
    themes = tag_themes([SECTION])
    assert [t.label for t in themes] == ["problem", "measure"]
    problem, measure = themes
    assert problem.keywords and measure.keywords
    assert all(w in problem.text for w in problem.keywords)
    assert problem.span is not None
    assert SECTION.text[problem.span[0] : problem.span[1]] == problem.text
    assert 0.5 <= problem.score <= 1.0


def test_measure_verbs_in_a_problem_and_in_an_achievement() -> None:
    text = (
        "对基层的业务指导还需进一步加强。"
        "针对上年度报告提出的解读形式单一问题，我局已制作图解产品12期，问题已整改到位。"
        "2024年，我局将建立信息发布审核台账，每季度通报一次。"
    )
    labels = [t.label for t in tag_themes([_section(text)])]
    assert labels == ["problem", "achievement", "measure"]


def test_overview_sentences_are_achievements() -> None:
    text = "全年通过门户网站主动公开政府信息3261条。区政府办公室组织政务公开业务培训4期。"
    themes = tag_themes([_section(text, "overview")])
    assert [t.label for t in themes] == ["achievement", "achievement"]


def test_tables_sections_are_not_tagged() -> None:
    assert tag_themes([SECTION.model_copy(update={"id": "requests"})]) == []


def test_an_announcing_sentence_sets_the_context_of_the_list_after_it() -> None:
    text = (
        "回顾全年，工作中还有短板。一是答复文书说理性还不够强。"
        "下一步，我们将从以下方面着手：一是统一公示信息脱敏规则，发布前增加隐私审查环节。"
    )
    found = list(sentences(_section(text)))
    assert [s.context for s in found] == ["", "", "", "measure"]
    labels = [(t.label, t.text[:6]) for t in tag_themes([_section(text)])]
    assert ("problem", "一是答复文书") in labels
    assert ("measure", "一是统一公示") in labels


def test_sentence_split_at_lead_in_colons_but_not_field_labels() -> None:
    text = "主要存在以下问题：公开栏更新慢。联系地址：星河市滨江大道1号。改进措施：加强巡查；二是定期通报。"
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert parts == [
        "主要存在以下问题：", "公开栏更新慢。", "联系地址：星河市滨江大道1号。", "改进措施：",
        "加强巡查；", "二是定期通报。",
    ]  # fmt: skip


def _theme(label: str, text: str, section: str = "problems_improvements") -> Theme:
    return Theme(label=label, text=text, section=section, keywords=[], score=0.9)  # type: ignore[arg-type]


def test_pairs_by_ordinal_when_both_lists_are_numbered() -> None:
    themes = [
        _theme("problem", "一是政策解读形式单一；"),
        _theme("problem", "二是网站栏目更新不及时。"),
        _theme("measure", "一是丰富解读形式。"),
        _theme("measure", "围绕重点政策制作图解和短视频。"),
        _theme("measure", "二是建立栏目更新台账。"),
    ]
    pairs = [(p.problem, p.measure, p.how) for p in pair_themes(themes)]
    assert pairs == [(0, 2, "ordinal"), (0, 3, "ordinal"), (1, 4, "ordinal")]


def test_pairs_by_overlap_and_leaves_general_measures_unpaired() -> None:
    themes = [
        _theme("problem", "政务新媒体账号更新频率低、互动少。"),
        _theme("problem", "依申请公开答复文书不够规范。"),
        _theme("measure", "制定答复文书范本，规范依申请公开答复。"),
        _theme("measure", "对政务新媒体账号开展季度检查，关停长期不更新的账号。"),
        _theme("measure", "加强学习交流，提高工作人员综合素质。"),
    ]
    pairs = {(p.problem, p.measure) for p in pair_themes(themes)}
    assert pairs == {(1, 2), (0, 3)}


def test_keywords_use_the_corpus_idf_and_keep_domain_terms_whole() -> None:
    text = "政务新媒体发布信息。政务新媒体回应关切。我们进行了工作。政府信息公开工作有序开展。"
    words = keywords(text, 5)
    assert words[0] == "政务新媒体"
    assert "进行" not in words and "我们" not in words
    idf, unseen = load_keyword_idf()
    # A word in nearly every report (政府信息公开) weighs less than a rarer one (政务新媒体).
    assert idf["政府信息公开"] < idf["政务新媒体"] <= unseen
    assert "政务新媒体" in keywords(text, 5, method="textrank")


def test_models_load_once() -> None:
    assert load_theme_model() is load_theme_model()


# --- issue #15, item 5: pairs, stop words, whole words ----------------------------------------


def test_three_problems_and_three_measures_by_ordinal_pair_in_order() -> None:
    themes = [
        _theme("problem", "一是重大行政决策预公开程度不够，意见征集形式较为单一。"),
        _theme("problem", "二是部分重点领域信息公开深度不足。"),
        _theme("problem", "三是政策解读形式单一，缺少图解和视频。"),
        _theme("measure", "一是丰富意见征集形式，广泛听取意见。"),
        _theme("measure", "二是加大重点领域信息公开力度。"),
        _theme("measure", "三是丰富政策解读形式，制作图解产品。"),
    ]
    pairs = [(p.problem, p.measure, p.how) for p in pair_themes(themes)]
    assert pairs == [(0, 3, "ordinal"), (1, 4, "ordinal"), (2, 5, "ordinal")]


def test_ordinals_pair_across_numbering_styles_and_fewer_measures() -> None:
    themes = [
        _theme("problem", "（一）网站栏目更新不及时。"),
        _theme("problem", "（二）答复文书说理不充分。"),
        _theme("problem", "（三）培训覆盖面不够。"),
        _theme("measure", "1.建立栏目更新台账。"),
        _theme("measure", "2.制定答复文书范本。"),
    ]
    pairs = [(p.problem, p.measure, p.how) for p in pair_themes(themes)]
    assert pairs == [(0, 3, "ordinal"), (1, 4, "ordinal")]


def test_without_ordinals_measures_pair_by_shared_words() -> None:
    themes = [
        _theme("problem", "政策解读形式较为单一，图解产品偏少。"),
        _theme("problem", "基层政务公开标准目录更新不及时。"),
        _theme("measure", "及时更新基层政务公开标准目录。"),
        _theme("measure", "丰富政策解读形式，多制作图解产品。"),
    ]
    pairs = [(p.problem, p.measure, p.how) for p in pair_themes(themes)]
    assert [(a, b) for a, b, _ in pairs] == [(1, 2), (0, 3)]
    assert {how for *_, how in pairs} == {"overlap"}


def test_a_measure_of_another_section_is_not_paired_with_an_unrelated_problem() -> None:
    # Regression (real report, hard-wrapped PDF text): a problem fragment of section 五 was
    # linked to a measure of section 一.
    themes = [
        _theme("measure", "进一步规范信息发布流程，畅通受理渠道。", "overview"),
        _theme("problem", "如依申请公开工作规范性还有待提"),
        _theme("measure", "一是扎实推进依申请公开工作，全面梳理和优化工作流程。"),
    ]
    pairs = [(p.problem, p.measure) for p in pair_themes(themes)]
    assert (1, 0) not in pairs
    # nor does a measure of 五 answer a problem of 一 it shares no words with
    themes = [
        _theme("problem", "网站栏目更新不及时。", "overview"),
        _theme("measure", "加强业务培训，提高人员素质。"),
    ]
    assert pair_themes(themes) == []


def test_keywords_are_whole_domain_words_without_function_words() -> None:
    text = (
        "报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。如对本报告有疑问，请与淮安市"
        "洪泽区人民政府办公室联系。2023年，洪泽区政府信息公开工作取得一定的成效，还有待提高。"
        "依次介绍全区总体工作。不能当作依据。星河市临江区的二十个村。"
    )
    words = keywords(text, 30)
    for bad in ("中所列", "日起", "如对本", "泽区", "一定", "还有", "介绍", "当作", "二十个"):
        assert bad not in words, bad
    assert "洪泽区" in words and "星河市" in words and "临江区" in words
    assert all(len(w) >= 2 for w in words)


def test_a_place_name_cut_by_a_line_break_is_joined() -> None:
    from extractor.themes import keyword_candidates

    assert "洪泽区" in keyword_candidates("淮安市洪\n泽区人民政府办公室")
    # 我区 and 全区 are words of their own, not a name and its suffix
    assert "我区" not in keyword_candidates("我区在政府网站平台发布信息")


def test_theme_evidence_has_no_function_words() -> None:
    text = (
        "所受理的申请均已在法定期限内答复了。"
        "政务公开内容的深度和广度还有待提升，取得一定成效。"
        "下一步将继续加强业务指导培训。"
    )
    themes = tag_themes([_section(text)])
    assert themes
    function = {"已", "了", "均", "还有", "一定", "将", "还"}
    for t in themes:
        assert not function & set(t.keywords), t.keywords
        assert all(len(w) >= 2 for w in t.keywords)


def test_table_rows_inside_the_narrative_are_no_themes() -> None:
    """Regression: markitdown's PDF tables in section 一 gave themes like
    '| ---- | --- |' and '2023 |     | 年，我区在政 |'."""
    from extractor.report import Section
    from extractor.themes import tag_themes

    text = (
        "全年主动公开政府信息1136条，进一步规范了公开流程，群众满意度明显提升。\n"
        "| ---- | --- | --- |\n"
        "| 2023 | 年，我区在政府网站平台主动公开政府信息 | 1136 |"
    )
    section = Section(id="overview", title="一、总体情况", text=text, confidence=1.0)
    themes = tag_themes([section])
    assert themes and all("|" not in t.text for t in themes)


def test_overlap_pairing_looks_at_the_nearest_problems_only() -> None:
    """A report pasted into itself 200 times made the pairing loop quadratic (problems x
    measures, 1.8 s of a 580 KB text); a measure now looks at the PAIR_WINDOW problems on
    either side of it, more than any real section has."""
    from extractor.themes import PAIR_WINDOW

    far = _theme("problem", "依申请公开答复文书不够规范。")
    filler = [_theme("problem", f"第{k}项工作有待加强。") for k in range(PAIR_WINDOW + 5)]
    near = [*filler[:3], far]
    measure = _theme("measure", "制定答复文书范本，规范依申请公开答复。")
    assert {(p.problem, p.measure) for p in pair_themes([*near, measure])} == {(3, 4)}
    themes = [far, *filler, measure]
    assert pair_themes(themes) == []
