import codecs

import pytest

from extractor.errors import UndecodableText
from extractor.reading.encoding import decode, html_declared_charset, normalize_label

TEXT = "星河市临江区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (("Report 2023\n" + TEXT).encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decodes_common_encodings(data: bytes, expected: str) -> None:
    text, encoding = decode(data)
    assert TEXT.strip() in text
    assert encoding == expected


def test_declared_charset_wins_when_it_decodes() -> None:
    data = "<meta charset=gbk><p>报告</p>".encode("gbk")
    assert html_declared_charset(data) == "gbk"
    assert decode(data, "gbk") == ("<meta charset=gbk><p>报告</p>", "gb18030")


def test_lying_declared_charset_falls_back() -> None:
    data = "<p>政府信息公开</p>".encode("gbk")
    text, _ = decode(data, "utf-8")
    assert "政府信息公开" in text


def test_binary_is_undecodable() -> None:
    with pytest.raises(UndecodableText):
        decode(bytes(range(256)) * 8)


def test_charset_aliases() -> None:
    assert normalize_label("GB2312") == "gb18030"
    assert normalize_label("no-such-charset") is None


def test_characters_taken_out_before_the_junk_count_are_never_junk() -> None:
    import unicodedata

    from extractor.reading.encoding import NEVER_JUNK, looks_like_text

    never = [chr(c) for c in range(0x110000) if NEVER_JUNK.fullmatch(chr(c))]
    assert len(never) > 20000
    for ch in never:
        assert ch in "\t\n\r\f" or unicodedata.category(ch) not in ("Cc", "Co", "Cs", "Cn"), ch
    # The count itself: 1% of junk is text, more is not; white-space controls are no junk.
    assert looks_like_text("政府" * 50 + "\x01")
    assert not looks_like_text("政府" * 20 + "\x01\x02\ue000")
    assert looks_like_text("\t\n\r\f" * 10)
