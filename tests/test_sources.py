import io
from pathlib import Path

import pytest

from extractor import Options
from extractor.errors import (
    EmptyInput,
    InputError,
    InputTooLarge,
    SourceNotFound,
)
from extractor.reading.sources import load

BODY = "一、总体情况\n本年度工作正常开展。\n".encode()


def test_path_bytes_and_file_object(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(BODY)
    assert load(path, Options()).data == BODY
    assert load(str(path), Options()).name == "r.txt"
    assert load(BODY, Options()).uri == "<bytes>"
    assert load(io.BytesIO(BODY), Options()).data == BODY


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda p: p / "missing.txt", SourceNotFound),
        (lambda p: p, InputError),
        (lambda p: ((p / "e.txt").write_bytes(b"") and p / "e.txt") or p / "e.txt", EmptyInput),
        (lambda p: (p / "w.txt").write_bytes(b" \n\t") and p / "w.txt", EmptyInput),
    ],
)
def test_bad_paths(tmp_path: Path, make: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        load(make(tmp_path), Options())  # type: ignore[operator]


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(BODY * 100)
    with pytest.raises(InputTooLarge):
        load(path, Options(max_input_bytes=100))
    with pytest.raises(InputTooLarge):
        load(io.BytesIO(BODY * 100), Options(max_input_bytes=100))


def test_text_stream_is_refused() -> None:
    with pytest.raises(InputError, match="binary mode"):
        load(io.StringIO("text"), Options())  # type: ignore[arg-type]


# URLs (fetching, redirects, the SSRF guard, caps and timeouts) are tested in test_urls.py
# against a real server.
