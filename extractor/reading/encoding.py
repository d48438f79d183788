"""Bytes → text for plain-text and HTML sources.

Chinese government pages come in UTF-8, GBK/GB2312 (decoded here as GB18030, their superset),
UTF-16 from Word exports, and occasionally Big5. The order of attempts is: BOM, a declared charset
(HTML meta or HTTP header), UTF-8, GB18030, then charset-normalizer's best guess; every candidate
must decode strictly and look like text.

A few damaged bytes (a bit flipped in storage or transfer, a byte overwritten) used to make a
whole report undecodable. When no candidate decodes strictly, each of the first candidates (not
charset-normalizer's) is tried again with bad byte sequences replaced by U+FFFD; the one with
the fewest replacements is taken when they are few (:data:`MAX_REPLACED_RATIO`) and the text is
Chinese (:data:`MIN_CJK_PER_REPLACED`), and the reader warns with the count.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from extractor.errors import UndecodableText

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels that name a subset of GB18030; decoding with the superset never loses characters.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "utf8": "utf-8",
}

# Share of characters that may be control, private-use or replacement characters before a
# decoding is rejected. Real reports have none; 1% tolerates a stray form feed or two.
MAX_JUNK_RATIO = 0.01


# Lossy decoding: at most this share of the decoded characters may be U+FFFD. Measured with
# scripts/decode_damage.py on the 91 text and HTML documents of corpus/ and shared/real
# (2,015-27,380 characters) in UTF-8 and GB18030: 1 random byte overwritten gives at most 3
# replacements (0.13%), 5 bytes 12 (0.54%), 20 bytes 39 (1.6%). 2% takes all of those; the
# right codec is told from a wrong one by having the fewest replacements, not by this cap.
MAX_REPLACED_RATIO = 0.02
# ... and the text must hold at least this many CJK characters per replacement: a report has
# hundreds to thousands, so damage never comes near it, while a text in a codec we do not try
# first (cp1252, Big5, ...) has few or none and goes on to charset-normalizer as before.
MIN_CJK_PER_REPLACED = 10


# Replacement counts of the lossy decodings made while a document is read (see
# :func:`counting_replacements`); None outside of one.
_replacements: ContextVar[list[int] | None] = ContextVar("_replacements", default=None)


@contextmanager
def counting_replacements() -> Iterator[list[int]]:
    """Collect the replacement counts of every lossy decoding made inside the block, whichever
    reader decoded (text, HTML): :func:`extractor.reading.read` turns them into the
    document's ``replaced_bytes`` meta, and the pipeline into a warning."""
    counts: list[int] = []
    token = _replacements.set(counts)
    try:
        yield counts
    finally:
        _replacements.reset(token)


def normalize_label(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if not label:
        return None
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position for ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # Line breaks, digits and ASCII punctuation put NULs at one parity; CJK code units only
    # rarely (一 is U+4E00). 20% of one parity and four times the other told every UTF-16
    # file we produced apart from GB18030 and UTF-8, which have no NULs at all.
    if odd_nuls > 0.2 * half and odd_nuls > 4 * even_nuls:
        return "utf-16-le"
    if even_nuls > 0.2 * half and even_nuls > 4 * odd_nuls:
        return "utf-16-be"
    return None


# Characters that are never junk: the usual white-space controls, printable ASCII and
# Latin-1's printable half, general punctuation, CJK punctuation, ideographs (extension A and
# the unified block, every one assigned) and full-width forms, which are most of a report.
# They are taken out in C before the rest is looked at; a test checks that each is neither a
# control, private, surrogate nor unassigned character.
NEVER_JUNK = re.compile(
    r"[\t\n\r\f\x20-\x7e\xa0-\xff\u2010-\u2027\u2030-\u205e\u3000-\u303f\u3400-\u4dbf"
    r"\u4e00-\u9fff\uff01-\uff5e]+"
)


def looks_like_text(text: str) -> bool:
    if not text:
        return True
    # Each distinct character is looked up once: a per-character loop took 5 s over the 10 MB
    # of a page's data: URI, twice.
    counts = Counter(NEVER_JUNK.sub("", text))
    junk = sum(n for ch, n in counts.items() if _junk(ch))
    return junk <= MAX_JUNK_RATIO * len(text)


def _junk(ch: str) -> bool:
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn")


def _try(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if looks_like_text(text) else None


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0
    """Bad byte sequences replaced by U+FFFD (0 when the bytes decoded strictly)."""


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)`` or raises :class:`UndecodableText`."""
    got = decode_text(data, declared)
    return got.text, got.encoding


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``, saying how many bad byte sequences were replaced; raises
    :class:`UndecodableText`."""
    candidates: list[str] = []
    bom = bom_encoding(data)
    if bom:
        candidates.append(bom)
    utf16 = None if bom else utf16_without_bom(data)
    if utf16:
        candidates.append(utf16)
    if declared and (name := normalize_label(declared)):
        candidates.append(name)
    candidates += ["utf-8", "gb18030"]
    candidates = list(dict.fromkeys(candidates))
    for enc in candidates:
        text = _try(data, enc)
        if text is not None:
            return Decoded(text.lstrip("\ufeff"), enc)
    lossy = _lossy(data, candidates)
    if lossy is not None:
        sink = _replacements.get()
        if sink is not None:
            sink.append(lossy.replaced)
        return lossy
    if b"\x00" not in data:
        guess = _charset_normalizer_guess(data)
        if guess:
            return Decoded(*guess)
    raise UndecodableText(
        "the bytes do not decode as text in UTF-8, UTF-16, GB18030 or any encoding "
        "charset-normalizer recognises (binary data or a damaged file)"
    )


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _lossy(data: bytes, candidates: list[str]) -> Decoded | None:
    """The candidate that decodes with the fewest bad byte sequences replaced, when they are
    few enough for a damaged report (see :data:`MAX_REPLACED_RATIO`)."""
    best: Decoded | None = None
    for enc in candidates:
        try:
            text = data.decode(enc, errors="replace").lstrip("\ufeff")
        except LookupError:
            continue
        replaced = text.count("\ufffd")
        if best is not None and replaced >= best.replaced:
            continue
        if replaced > MAX_REPLACED_RATIO * len(text):
            continue
        if sum(map(_is_cjk, text)) < MIN_CJK_PER_REPLACED * replaced:
            continue
        # Other junk (private-use, control characters) still says the codec is wrong.
        if not looks_like_text(text.replace("\ufffd", "")):
            continue
        best = Decoded(text, enc, replaced)
    if best is not None:
        logger.info(
            "decoded as %s with %d bad byte sequences replaced", best.encoding, best.replaced
        )
    return best


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1024 * 1024]).best()
    if best is None:
        return None
    text = _try(data, best.encoding)
    if text is None:
        return None
    logger.debug("charset-normalizer chose %s", best.encoding)
    return text, best.encoding


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def html_declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KiB."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


# An attribute value this long is an embedded image or file (a data: URI), never report text
# or a link: it is emptied before any pass over the page.
LONG_ATTRIBUTE = 4096
_LONG_ATTRIBUTE = re.compile(
    rb"""(=\s*)(?:"[^"<>]{%d,}"|'[^'<>]{%d,}')""" % (LONG_ATTRIBUTE, LONG_ATTRIBUTE)
)


def strip_long_attributes(data: bytes) -> bytes:
    """An HTML page's bytes with attribute values longer than ``LONG_ATTRIBUTE`` emptied, in
    one pass in C over the bytes (every encoding a page comes in keeps ASCII quotes and
    angle brackets as themselves): a 50 MB data URI cost every later pass over the page
    (decoding twice, the text check, the attachment search, the tag scan), 2.5 s in all."""
    if len(data) < LONG_ATTRIBUTE:
        return data
    return _LONG_ATTRIBUTE.sub(rb'\1""', data)
