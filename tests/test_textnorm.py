"""Traditional → simplified: the fast path for text without a traditional character."""

from extractor.textnorm import _t2s_table, to_simplified


def test_to_simplified_converts_traditional_and_leaves_the_rest_as_it_is() -> None:
    assert to_simplified("政府資訊公開工作年度報告") == "政府资讯公开工作年度报告"
    plain = "政府信息公开工作年度报告 2023 | 12"
    assert to_simplified(plain) is plain
    assert to_simplified("") == ""
    # One traditional character anywhere converts the whole text, as translate does.
    text = "公开" * 500 + "開"
    assert to_simplified(text) == text.translate(_t2s_table()) == "公开" * 500 + "开"


def test_only_short_texts_are_remembered() -> None:
    from extractor.textnorm import CACHED_CHARS, _remembered

    _remembered.cache_clear()
    long_text = "開" * (CACHED_CHARS + 1)
    assert to_simplified(long_text) == "开" * (CACHED_CHARS + 1)
    assert _remembered.cache_info().currsize == 0
    assert to_simplified("開") == "开" and _remembered.cache_info().currsize == 1
