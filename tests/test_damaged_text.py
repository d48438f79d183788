"""Text and HTML with a few damaged bytes are still read, with a warning; text in another
codec or binary data is not forced through a lossy decoding (issue 19)."""

import random

import pytest

from extractor import extract
from extractor.errors import UndecodableText
from extractor.reading import NamedBytes
from extractor.reading.encoding import MAX_REPLACED_RATIO, decode_text

from .conftest import CORPUS

SAMPLE = CORPUS / "samples" / "xinghe2023.txt"
SAMPLE_HTML = CORPUS / "samples" / "xinghe2023.html"


def ascii_byte_to_ff(data: bytes) -> bytes:
    """One ASCII character in the middle of the document set to 0xFF: the damage that made
    every report undecodable."""
    out = bytearray(data)
    middle = len(out) // 2
    spot = next(i for i in range(middle, len(out)) if 0x20 < out[i] < 0x7F)
    out[spot] = 0xFF
    return bytes(out)


def test_one_bad_byte_no_longer_loses_a_utf8_report() -> None:
    clean = extract(SAMPLE)
    damaged = extract(NamedBytes("damaged.txt", ascii_byte_to_ff(SAMPLE.read_bytes())))
    assert damaged.status == "ok" and damaged.source.encoding == "utf-8"
    assert [w.message for w in damaged.warnings if w.code == "bytes_replaced"] == [
        "1 byte sequences that do not decode as utf-8 were replaced by U+FFFD (a damaged file)"
    ]
    assert damaged.fields["requests.new.total"] == clean.fields["requests.new.total"] == 181
    assert not [w for w in clean.warnings if w.code == "bytes_replaced"]


def test_a_flipped_bit_inside_a_character_of_a_gb18030_page() -> None:
    text = decode_text(SAMPLE_HTML.read_bytes()).text.replace("utf-8", "gbk")
    data = bytearray(text.encode("gb18030"))
    start = data.index("总体情况".encode("gb18030"))
    # Most flipped bits in GB18030 give another valid character; take the first that does not.
    for spot, bit in ((i, b) for i in range(start, start + 8) for b in range(8)):
        data[spot] ^= 1 << bit
        try:
            bytes(data).decode("gb18030")
        except UnicodeDecodeError:
            break
        data[spot] ^= 1 << bit
    else:
        raise AssertionError("no bit flip breaks the heading")
    report = extract(NamedBytes("damaged.html", bytes(data)))
    assert report.status == "ok" and report.source.encoding == "gb18030"
    assert any(w.code == "bytes_replaced" for w in report.warnings)
    assert report.fields["requests.new.total"] == 181


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
@pytest.mark.parametrize("flips", [1, 5])
def test_random_damage_is_decoded_by_the_right_codec(codec: str, flips: int) -> None:
    rng = random.Random(flips)
    text = SAMPLE.read_text("utf-8")
    data = bytearray(text.encode(codec))
    for _ in range(flips):
        data[rng.randrange(len(data))] = 0xFF
    got = decode_text(bytes(data))
    assert got.encoding == codec and 1 <= got.replaced <= flips * 3
    # Each damaged byte costs a character or two of the text, nothing more.
    assert abs(len(got.text) - len(text)) <= flips * 3
    assert sum(line in got.text for line in text.splitlines()) >= len(text.splitlines()) - flips


def test_heavy_damage_is_still_undecodable() -> None:
    text = SAMPLE.read_text("utf-8")
    data = bytearray(text.encode("utf-8"))
    rng = random.Random(3)
    # Far past the 2% budget: one byte in twenty.
    for i in range(0, len(data), 20):
        data[i + rng.randrange(20) if i + 20 < len(data) else i] = 0xFF
    with pytest.raises(UndecodableText):
        decode_text(bytes(data))
    assert MAX_REPLACED_RATIO == 0.02
    noise_rng = random.Random(4)
    noise = bytes(noise_rng.randrange(256) for _ in range(8000))
    with pytest.raises(UndecodableText):
        decode_text(noise)


def test_other_codecs_are_not_decoded_lossily() -> None:
    """Western text and Big5 do not decode strictly as UTF-8 or GB18030 either: they must go on
    to charset-normalizer as before, not come back as UTF-8 with replacement characters."""
    western = ("Le rapport annuel de la société, été 2023. " * 40).encode("cp1252")
    # (charset-normalizer's pick, mac_latin2 here, is not this test's business.)
    assert decode_text(western).replaced == 0
    big5 = SAMPLE.read_text("utf-8").encode("big5", errors="ignore")
    assert decode_text(big5).replaced == 0
