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
