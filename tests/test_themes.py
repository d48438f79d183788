from extractor.report import Section, Subsection
from extractor.themes import keywords, tag_themes

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


def test_problem_and_measure_with_evidence_spans() -> None:
    themes = tag_themes([SECTION])
    assert [t.label for t in themes] == ["problem", "measure"]
    problem, measure = themes
    assert "不够" in problem.keywords and "加强" in measure.keywords
    assert problem.span is not None
    assert SECTION.text[problem.span[0] : problem.span[1]] == problem.text
    assert 0.5 <= problem.score <= 0.95


def test_only_section_five_is_tagged() -> None:
    other = SECTION.model_copy(update={"id": "overview"})
    assert tag_themes([other]) == []


def test_keywords_keep_domain_terms_whole_and_drop_stop_words() -> None:
    words = keywords("政务新媒体发布信息。政务新媒体回应关切。我们进行了工作。", 5)
    assert words[0] == "政务新媒体"
    assert "进行" not in words and "我们" not in words


def test_an_announcing_sentence_sets_the_context_of_the_list_after_it() -> None:
    text = (
        "回顾全年，工作中还有短板。一是答复文书说理性还不够强。"
        "下一步，我们将从以下方面着手。一是统一公示信息脱敏规则，发布前增加隐私审查环节。"
    )
    section = Section(
        id="problems_improvements", title=None, text=text, confidence=0.9, subsections=[]
    )
    labels = [(t.label, t.text[:6]) for t in tag_themes([section])]
    assert ("problem", "一是答复文书") in labels
    assert ("measure", "一是统一公示") in labels
