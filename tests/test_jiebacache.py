import os
import time
from pathlib import Path

import pytest

from extractor import jiebacache


class _Tokenizer:
    """What prefix_dictionary uses of jieba's Tokenizer, over a three-word dictionary."""

    def __init__(self, dictionary: Path) -> None:
        self.dictionary = str(dictionary)
        self.builds = 0

    def get_dict_file(self) -> object:
        return open(self.dictionary, "rb")

    def gen_pfdict(self, f: object) -> tuple[dict[str, int], int]:
        import jieba

        self.builds += 1
        result: tuple[dict[str, int], int] = jieba.Tokenizer.gen_pfdict(f)
        return result


@pytest.fixture
def dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "dict.txt"
    path.write_text("信息公开 50 n\n政府 30 n\n年报 5 n\n", encoding="utf-8")
    return path


def test_cache_gives_what_jieba_builds(dictionary: Path) -> None:
    tok = _Tokenizer(dictionary)
    first = jiebacache.prefix_dictionary(tok)
    second = jiebacache.prefix_dictionary(tok)
    assert tok.builds == 1
    assert first == second
    assert first[0]["信息公开"] == 50 and first[0]["信息"] == 0 and first[1] == 85


def test_damaged_or_stale_cache_is_rebuilt(dictionary: Path, tmp_path: Path) -> None:
    tok = _Tokenizer(dictionary)
    expected = jiebacache.prefix_dictionary(tok)
    [cached] = (tmp_path / "cache").iterdir()
    cached.write_bytes(cached.read_bytes()[:-3])
    assert jiebacache.prefix_dictionary(tok) == expected
    dictionary.write_text("信息公开 50 n\n政府 30 n\n年报 60 n\n", encoding="utf-8")
    assert jiebacache.prefix_dictionary(tok)[1] == 140
    assert tok.builds == 3


def test_unwritable_cache_folder_only_costs_the_build(
    dictionary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(blocker / "cache"))
    _, total = jiebacache.prefix_dictionary(_Tokenizer(dictionary))
    assert total == 85


def test_compact_form_answers_as_the_dict(dictionary: Path, tmp_path: Path) -> None:
    tok = _Tokenizer(dictionary)
    (tmp_path / "cache").mkdir()
    old_format = tmp_path / "cache" / "jieba-prefix-dict-1.bin"
    old_format.write_bytes(b"x")
    full, total = jiebacache.prefix_dictionary(tok)
    assert not old_format.exists()  # an earlier format's file goes once the new one is written
    compact, compact_total = jiebacache.compact_prefix_dictionary(tok)
    assert tok.builds == 1 and compact_total == total
    assert compact.to_dict() == full and len(compact) == len(full) and set(compact) == set(full)
    for word in [*full, "", "信息公开x", "\uffff", "\x00", "年", "政"]:
        assert (word in compact) == (word in full)
        assert compact.get(word) == full.get(word)
        assert compact.get(word, 0) == full.get(word, 0)
    with pytest.raises(KeyError):
        compact["年报告"]
    compact["年报告"] = 3  # jieba's add_word: a new word, and one already there
    compact["政府"] = 31
    assert compact["年报告"] == 3 and compact["政府"] == 31 and len(compact) == len(full) + 1
    assert compact.to_dict() == {**full, "年报告": 3, "政府": 31}
    assert compact.lookups > 0


def test_compact_form_over_many_buckets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    words = [f"{chr(0x4E00 + i)}{chr(0x4E00 + i * 7 % 500)}" for i in range(700)]
    path = tmp_path / "dict.txt"
    path.write_text("".join(f"{w} {i + 1} n\n" for i, w in enumerate(words)), encoding="utf-8")
    tok = _Tokenizer(path)
    full, _ = jiebacache.prefix_dictionary(tok)
    compact, _ = jiebacache.compact_prefix_dictionary(tok)
    assert len(full) > 3 * jiebacache.BUCKET
    for word in full:
        assert compact[word] == full[word]
        assert word + "x" not in compact and chr(ord(word[0]) - 1) + "x" not in compact


def test_jieba_tokenizer_builds_the_dict_once_looked_up_enough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from extractor import thememodel

    thememodel._tokenizer.cache_clear()
    try:
        tok = thememodel.jieba_tokenizer()
        assert isinstance(tok.FREQ, jiebacache.CompactDictionary)
        text = "本机关进一步加强政府信息公开工作，依申请公开办理质量明显提升"
        words = tok.lcut(text)
        monkeypatch.setattr(thememodel, "DICT_AFTER_LOOKUPS", tok.FREQ.lookups - 1)
        assert thememodel.jieba_tokenizer() is tok and type(tok.FREQ) is dict
        assert tok.lcut(text) == words
        assert tok.FREQ.get("政府信息公开") is not None  # the domain dictionary kept
    finally:
        thememodel._tokenizer.cache_clear()
    assert type(thememodel.jieba_tokenizer(full=True).FREQ) is dict


def test_a_cache_whose_header_names_no_words_is_rebuilt(dictionary: Path) -> None:
    # The header is outside the checksum: "firsts" holding numbers had failed later, in bisect.
    import json

    tok = _Tokenizer(dictionary)
    jiebacache.prefix_dictionary(tok)
    (path,) = (dictionary.parent / "cache").glob("jieba-prefix-dict-*.bin")
    data = path.read_bytes()
    end = data.index(b"\n")
    head = json.loads(data[:end])
    head["firsts"] = [1] * len(head["firsts"])
    path.write_bytes(json.dumps(head).encode() + data[end:])
    again = jiebacache.prefix_dictionary(tok)
    assert tok.builds == 2
    assert again[0]["信息公开"] == 50


def test_two_environments_in_turn_keep_a_cache_each(dictionary: Path, tmp_path: Path) -> None:
    """Two jieba installs (two virtual environments of one user) used in turn: each keeps its
    own file, so neither rebuilds at the switch; the unnamed file of before goes, and so does a
    file whose dictionary is gone."""
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = other_dir / "dict.txt"
    other.write_bytes(dictionary.read_bytes())
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "jieba-prefix-dict-2.bin").write_bytes(b"x")
    one, two = _Tokenizer(dictionary), _Tokenizer(other)
    for _ in range(3):
        assert jiebacache.prefix_dictionary(one)[1] == 85
        assert jiebacache.prefix_dictionary(two)[1] == 85
    assert one.builds == 1 and two.builds == 1
    assert len(list(cache.glob("jieba-prefix-dict-2-*.bin"))) == 2
    assert not (cache / "jieba-prefix-dict-2.bin").exists()
    other.unlink()
    # A file whose dictionary this process cannot see, but used lately, may be another
    # environment's sharing the folder (a container and its host): kept.
    dictionary.write_text("信息公开 50 n\n政府 30 n\n年报 6 n\n", encoding="utf-8")
    assert jiebacache.prefix_dictionary(one)[1] == 86
    assert len(list(cache.glob("jieba-prefix-dict-2-*.bin"))) == 2
    # Unused for longer than STALE_S: a removed environment's, gone at the next write.
    old = time.time() - jiebacache.STALE_S - 60
    os.utime(jiebacache.cache_path(other), (old, old))
    dictionary.write_text("信息公开 50 n\n政府 30 n\n年报 7 n\n", encoding="utf-8")
    assert jiebacache.prefix_dictionary(one)[1] == 87
    assert list(cache.glob("jieba-prefix-dict-2-*.bin")) == [jiebacache.cache_path(dictionary)]


def test_a_load_marks_its_cache_file_in_use(dictionary: Path) -> None:
    tok = _Tokenizer(dictionary)
    jiebacache.prefix_dictionary(tok)
    path = jiebacache.cache_path(dictionary)
    os.utime(path, (1_000_000, 1_000_000))
    jiebacache.prefix_dictionary(tok)
    assert tok.builds == 1
    assert time.time() - path.stat().st_mtime < jiebacache.STALE_S
