"""Report metadata: title, agency, year and publication date, from the title and front matter."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.document import Block, Document
from extractor.report import Contact, Metadata, Period
from extractor.textnorm import PINYIN_GLOSS, to_simplified

# How many leading blocks may hold the title: crawler headers (标题: …, 发布时间: …) and site
# banners take up to about ten lines before it in the pages we have seen.
TITLE_SEARCH_BLOCKS = 15
TITLE_MAX_CHARS = 80

_LABEL_PREFIX = re.compile(r"^(?:标题|题目|文章标题|title)\s*[:：]\s*", re.IGNORECASE)
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TITLE = re.compile(
    rf"^(?P<agency>.*?)\s*(?:关于)?\s*{_YEAR}\s*年\s*度?\s*(?:的)?\s*"
    r"(?:(?:政府|政务)?信息公开|政务公开).*报告"
)
# The year may come first: 2019年上海市人民政府办公厅政府信息公开工作年度报告.
_TITLE_YEAR_FIRST = re.compile(
    rf"^{_YEAR}\s*年\s*(?:度\s*)?(?!度|(?:政府|政务)?信息公开|政务公开)"
    r"(?P<agency>[^，,。：:]{2,40}?)\s*(?:关于)?\s*(?:的)?\s*"
    r"(?:(?:政府|政务)?信息公开|政务公开).*报告"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_PUBLISHED = re.compile(r"^(?:发布时间|发布日期|时间|日期|成文日期)\s*[:：]\s*(.+)$")


def _clean(text: str) -> str:
    """No whitespace, no field label, no pinyin glosses (C2: 报(bào)告)."""
    return _LABEL_PREFIX.sub("", PINYIN_GLOSS.sub("", re.sub(r"\s+", "", text))).strip()


# Page titles append the site name: 某区2023年…年度报告_某区人民政府网 / … - 政府门户网站.
_SITE_SUFFIX = re.compile(r"\s*(?:_|\||｜|\s-\s|——)\s*")


def _page_title(hint: str) -> str:
    parts = [p for p in _SITE_SUFFIX.split(hint) if p.strip()]
    return _clean(next((p for p in parts if "报告" in to_simplified(p)), hint))


# Site chrome that names the report's column, not the report: breadcrumbs (当前位置：首页 >
# 政务公开 > 年度报告, 首页/信息公开/…) and wiki scaffolding (基本介紹 • 中文名：…).
_BREADCRUMB = re.compile(r"^(?:您?(?:当前|现在)的?位置|当前位置|首页)|[>»›]|/.*/")
_WIKI_FIELD = re.compile(r"(?:中文名|名称|标题)[:：](.+)")


def _title_candidates(text: str) -> list[str]:
    """The title-like pieces of one line: wiki scaffolding lists fields separated by •."""
    simplified = to_simplified(text)
    if "•" in text:
        out = []
        for part, simple in zip(text.split("•"), simplified.split("•"), strict=True):
            m = _WIKI_FIELD.search(simple)
            if m:
                out.append(part[m.start(1) :])
        return out
    if _BREADCRUMB.search(simplified):
        return []
    return [text]


def find_title(document: Document, blocks: Sequence[Block]) -> str | None:
    """The report's title: the page's own title, or the first line of the front matter that
    reads like one (a line with a body and a year is preferred to one without)."""
    if document.title_hint and "报告" in to_simplified(document.title_hint):
        return _page_title(document.title_hint)
    head = [b for b in blocks[:TITLE_SEARCH_BLOCKS] if b.kind != "table"]
    fallback: str | None = None
    for i, block in enumerate(head):
        for text in _title_candidates(_clean(block.text)):
            if "报告" not in to_simplified(text) or len(text) > TITLE_MAX_CHARS or "。" in text:
                continue
            # A PDF title often breaks before the year: 洪泽区人民政府 / 2023 年政府信息公开…报告
            if i > 0 and re.match(r"^(?:19|20)\d{2}年", text):
                previous = _clean(head[i - 1].text)
                if previous and len(previous) < 40 and not re.search(r"[。，：:]", previous):
                    text = previous + text
            if parse_title(text)[0] is not None:
                return text
            fallback = fallback or text
    return fallback or document.title_hint


def parse_title(title: str) -> tuple[str | None, int | None]:
    """(agency, year) from ``XX机关XXXX年政府信息公开工作年度报告`` and its variants; a title in
    traditional characters is matched in simplified ones and the agency kept as printed."""
    printed = _clean(title)
    simplified = to_simplified(printed)
    m = _TITLE.search(simplified)
    if m is None or not m.group("agency"):
        m = _TITLE_YEAR_FIRST.search(simplified) or m
    if not m:
        return None, None
    agency = printed[m.start("agency") : m.end("agency")].strip("，,：: ") or None
    return agency, int(m.group("year"))


def iso_date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def publication_date(document: Document, blocks: Sequence[Block]) -> str | None:
    if raw := document.meta.get("publication_date"):
        return iso_date(raw)
    for block in blocks[:TITLE_SEARCH_BLOCKS]:
        m = _PUBLISHED.match(block.text.strip())
        if m and (date := iso_date(m.group(1))):
            return date
    return None


_DAY = r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
# 2023年1月1日至2023年12月31日, …起至…止, …和…, and the end without its year (…至12月31日).
_PERIOD = re.compile(
    _DAY
    + r"\s*(?:起)?\s*(?:至|到|和|—|－|-|~)\s*"
    + r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_ADDRESS = re.compile(r"(?:联系)?地址\s*[:：为]\s*([^，,；;）)。\n]{4,60})")
_POSTCODE = re.compile(r"邮(?:政)?编(?:码)?\s*[:：为]?\s*(\d{6})(?!\d)")
_PHONE = re.compile(
    r"(?:联系电话|电话/传真|电话|联系方式|致电|拨打)\s*[:：]?\s*((?:\d[\d\-—－()（）]{5,18}\d))"
)
# The preface is where the period and the contact are stated; 15 blocks reach past the title,
# the crawler header and a preface broken into lines.
PREFACE_BLOCKS = 15


def statistics_period(text: str) -> Period | None:
    m = _PERIOD.search(text)
    if not m:
        return None
    y1, m1, d1 = (int(g) for g in m.groups()[:3])
    y2 = int(m.group(4)) if m.group(4) else y1
    m2, d2 = int(m.group(5)), int(m.group(6))
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    return Period(start=f"{y1:04d}-{m1:02d}-{d1:02d}", end=f"{y2:04d}-{m2:02d}-{d2:02d}")


def contact(text: str) -> Contact | None:
    address = _ADDRESS.search(text)
    postcode = _POSTCODE.search(text)
    phone = _PHONE.search(text)
    if not (address or postcode or phone):
        return None
    return Contact(
        address=address.group(1).strip() if address else None,
        postcode=postcode.group(1) if postcode else None,
        phone=re.sub(r"[—－]", "-", phone.group(1)) if phone else None,
    )


def extract_metadata(document: Document, template: str) -> Metadata:
    blocks = list(document.blocks())
    title = find_title(document, blocks)
    agency, year = parse_title(title) if title else (None, None)
    # Without whitespace: PDF text spaces out CJK words (邮 编 ： 223100) and breaks lines.
    preface = re.sub(
        r"\s+",
        "",
        to_simplified("".join(b.text for b in blocks[:PREFACE_BLOCKS] if b.kind != "table")),
    )
    return Metadata(
        title=title,
        agency=agency,
        year=year,
        template=template,
        publication_date=publication_date(document, blocks),
        statistics_period=statistics_period(preface),
        contact=contact(preface),
    )
