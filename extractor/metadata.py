"""Report metadata: title, agency, year and publication date, from the title and front matter."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from extractor.document import Block, Document
from extractor.report import Contact, Metadata, Period
from extractor.textnorm import PINYIN_GLOSS, fold_compat, to_simplified

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


# Markdown and HTML-to-text markup on a front-matter line: headings (# 正文, also inside a
# line when a reader ran the lines of a markdown file together), bold
# (**2023**), inline tags (<u>), links and images ([首页](/)), pandoc attributes ({#hits}),
# fenced divs (::: header) and backslash escapes (\>).
_MARKUP = re.compile(
    r"^\s*:::.*|(?:^|(?<=\s))#{1,6}(?=\s|$)|\*\*|</?(?:u|b|strong|em|span)\b[^>]*>"
    r"|!?\[([^\]]*)\]\([^)]*\)|\{[#.][^}]*\}|\\(?=\S)"
)


def _plain(text: str) -> str:
    """A front-matter line as a reader sees it: markup gone, radical look-alikes folded (PDF
    converters other than our reader print ⼈⺠ for 人民), pinyin glosses and a field label
    off. Spaces stay: they tell site chrome from the title (字号：大 中 小 星河市…)."""
    plain = fold_compat(_MARKUP.sub(lambda m: m.group(1) or "", text))
    return _LABEL_PREFIX.sub("", PINYIN_GLOSS.sub("", plain).strip())


# A title ends at the first 报告 that follows its year (报 告 when PDF text spaces it out); a
# site name after it (…年度报告-某某人民政府网站, …_某区政府门户网站, … | 某某网,
# …——某某市人民政府) and a body run into the same line (trafilatura) are not the title.
_REPORT = re.compile(r"报\s*告")
# A title is not prose: no full stop, enumeration comma, quotes or book-title marks (本报告根据
# 《…关于编制公布2021年政府信息公开工作年度报告有关事项的通知》 names another document), and its
# 报告 is not followed by more words (…年度报告有关事项).
_PROSE_MARK = re.compile(r"[。、《》“”\"；;]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR_MARK = re.compile(r"(?:19|20)\d{2}\s*年")
# Site chrome before the title on the same line ends at a field colon, a breadcrumb or
# site-name separator, or the column name 年度报告 / 年报 (当前位置：首页 > 年报 星河市…).
_CHROME_END = re.compile(r".*(?:[：:>»›|｜/【】\[\]_]|—|\s-\s|-|报告|年报)", re.DOTALL)
# Marker lines that PDF-to-markdown tools print above a title; never part of the agency.
_MARKER = re.compile(r"^(?:正文|全文|标题|题目|原文|详情|内容|附件\d*)$")
# Names that need the word before them (某某市 人民政府 printed with a space).
# Agency names that are only an ending, no body: a bare 人民政府, or the tail a line break or a
# crawler cut from a name (某某管理委 / 员会2022年…): the line before holds the rest.
_GENERIC_AGENCY = re.compile(
    r"^(?:人民政府|政府|府|办公室|公室|办公厅|公厅|管委会|委会|管理委员会|委员会|员会|会"
    r"|办事处|事处|局|厅)$"
)


def _agency_start(prefix: str) -> int:
    """Where the title starts in ``prefix``, the part of a line before the title's year: after
    site chrome, and after chrome words spaced apart from the agency (大 中 小 星河市…: chunks
    of one character before a longer one). Spaced-out characters (洪 泽 区 人 民 政 府) are
    all one character long and stay."""
    m = _CHROME_END.match(to_simplified(prefix))
    start = m.end() if m else 0
    chunks = [c for c in re.finditer(r"\S+", prefix[start:])]
    while chunks and _MARKER.match(chunks[0].group()):
        chunks.pop(0)
    while (
        len(chunks) > 1
        and len(chunks[0].group()) == 1
        and any(len(c.group()) > 1 for c in chunks[1:])
    ):
        chunks.pop(0)
    if len(chunks) > 1 and all(len(c.group()) > 1 for c in chunks):
        # Words spaced apart: the agency is the last one, with the one before when the last
        # is a bare 人民政府; the others are chrome (年报 星河市…, 信息来源 某区…).
        keep = 2 if _GENERIC_AGENCY.match(chunks[-1].group()) else 1
        chunks = chunks[-keep:]
    return start + chunks[0].start() if chunks else len(prefix)


def _title_in(text: str) -> str | None:
    """The title inside ``text`` (one front-matter line, or several joined): from the start of
    its agency (or year) to the 报告 that ends it; None when no 报告 follows a year."""
    simplified = to_simplified(text)
    for report in _REPORT.finditer(simplified):
        # The year nearest the 报告 first: a date in the chrome before the title
        # (2024年1月26日 某区2023年…) is not its year.
        years = list(_YEAR_MARK.finditer(simplified, 0, report.start()))
        found: list[str] = []
        for year in reversed(years):
            start = _agency_start(text[: year.start()])
            title = _clean(text[start : report.end()])
            if (
                title
                and len(title) <= TITLE_MAX_CHARS
                and not _PROSE_MARK.search(title)
                and not _CJK.match(simplified, report.end())
            ):
                found.append(title)
        # The first year whose title names an agency; else one that gives the year at least.
        for title in found:
            if parse_title(title)[0] is not None:
                return title
        for title in found:
            if parse_title(title)[1] is not None:
                return title
    return None


def _page_title(hint: str) -> str:
    return _title_in(_plain(hint)) or _clean(hint)


# Site chrome that names the report's column, not the report: breadcrumbs (当前位置：首页 >
# 政务公开 > 年度报告, 首页/信息公开/…) and wiki scaffolding (基本介紹 • 中文名：…).
_BREADCRUMB = re.compile(r"^(?:您?(?:当前|现在)的?位置|当前位置|首页)|[>»›]|/.*/")
_WIKI_FIELD = re.compile(r"(?:中文名|名称|标题)[:：](.+)")


def _wiki_field(text: str) -> str | None:
    """The title field of wiki scaffolding, which lists fields separated by •."""
    if "•" not in text:
        return None
    for part, simple in zip(text.split("•"), to_simplified(text).split("•"), strict=True):
        m = _WIKI_FIELD.search(simple)
        if m:
            return part[m.start(1) :]
    return ""


# A title wraps over at most three lines in the documents we have seen (two in PDF text and
# PDF-to-markdown output, B11), and a crawler that gives every inline element a line cuts it in
# up to six (白 / 鹭县人民政府2022年政 / 府信息公开工作 / 年度报告, scripts/narrative_eval.py's
# crawler pages: with six, 81 of 82 agencies and years are right; with three, 76 and 5 wrong).
# A line that joins the one holding 报告 must look like a title piece: short, no sentence or
# field punctuation, not a marker line (正文) or a breadcrumb.
# A part heading (六、其他需要报告的事项) mentions a report but is no title: a page whose
# title was lost (trafilatura drops it) gets none rather than that.
_SECTION_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])"
)
TITLE_MAX_LINES = 6
TITLE_PIECE_CHARS = 40
_NOT_A_PIECE = re.compile(r"[。，,；;：:！？!?]")


def _title_piece(line: str) -> bool:
    text = _clean(line)
    return (
        bool(text)
        and len(text) <= TITLE_PIECE_CHARS
        and not _NOT_A_PIECE.search(text)
        and not _MARKER.match(text)
        and not _BREADCRUMB.search(to_simplified(text))
    )


# How agency names end, so a short line that ends so is a name of its own (a logo line
# 某某市人民政府 above the title), not the head of the title's agency. 区/县/市 are not among
# them: 某某区 / 人民政府2023年… is one name broken.
_AGENCY_END = re.compile(
    r"(?:政府|局|委员会|委|办事处|办公室|办公厅|厅|中心|院|所|站|网|网站|首页|门户)$"
)
_ALL_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def _agency_head(line: str, agency: str) -> bool:
    """Whether ``line``, the line before a title, is the head of the title's ``agency``: a
    bare 人民政府 always has one; otherwise a short all-Chinese line that is not a name itself
    nor words spaced apart (a menu: 首页 政务公开 专题专栏)."""
    text = _clean(line)
    chunks = line.split()
    if not _title_piece(line) or not _ALL_CJK.match(text):
        return False
    if len(chunks) > 1 and any(len(c) > 1 for c in chunks):
        return False
    return _GENERIC_AGENCY.match(agency) is not None or not _AGENCY_END.search(text)


def _adjacent(above: Block, below: Block) -> bool:
    """Whether two blocks are consecutive lines, where the reader tells: text readers number
    lines (a blank line between the two, as between a menu item and the title, says no); PDF
    blocks have boxes (no more than a line's height apart). Unknown counts as adjacent."""
    last = above.lines[-1].provenance if above.lines else above.provenance
    first = below.provenance
    if last.line is not None and first.line is not None:
        return first.line == last.line + 1
    if last.bbox is not None and first.bbox is not None and last.page == first.page:
        height = last.bbox[3] - last.bbox[1]
        return 0 <= first.bbox[1] - last.bbox[3] <= max(height, 1.0)
    return True


def find_title(document: Document, blocks: Sequence[Block]) -> str | None:
    """The report's title: the page's own title when it names the agency and year, else the
    front-matter line (or the two or three lines a wrapped title takes) that does; else a title
    with a year only, else a line that mentions a report."""
    hint = document.title_hint
    hinted = _page_title(hint) if hint and "报告" in to_simplified(hint) else None
    if hinted and parse_title(hinted)[0] is not None:
        return hinted
    # Lines that are markup only (pandoc's ::: fences) do not count against the search limit.
    plain = ((_plain(b.text), b) for b in blocks if b.kind != "table")
    head = list(islice(((ln, b) for ln, b in plain if ln), TITLE_SEARCH_BLOCKS))
    lines = [ln for ln, _ in head]
    with_year: str | None = None
    fallback: str | None = None
    for j, line in enumerate(lines):
        wiki = _wiki_field(line)
        if wiki is not None:
            if wiki and parse_title(_clean(wiki))[0] is not None:
                return _clean(wiki)
            continue
        best: str | None = None
        for k in range(1, TITLE_MAX_LINES + 1):
            i = j - k + 1
            if k > 1 and (i < 0 or not _title_piece(lines[i])):
                break
            window = "".join(lines[i : j + 1])
            earlier = to_simplified(_clean("".join(lines[i:j])))
            if "报告" not in to_simplified(_clean(window)) or "报告" in earlier:
                continue
            title = _title_in(window)
            if title is None:
                continue
            agency, year = parse_title(title)
            if agency is None:
                if year is not None:
                    with_year = with_year or title
                continue
            best = title
            # A title that names its agency may still have lost the agency's first
            # characters to the line before (某某县交通 / 运输局2021年…).
            if not (
                i > 0
                and _clean(window).startswith(title)
                and _adjacent(head[i - 1][1], head[i][1])
                and _agency_head(lines[i - 1], agency)
            ):
                break
        if best is not None:
            return best
        text = _clean(line)
        if (
            fallback is None
            and "报告" in to_simplified(text)
            and len(text) <= TITLE_MAX_CHARS
            and "。" not in text
            and not _BREADCRUMB.search(to_simplified(text))
            and not _SECTION_HEADING.match(text)
        ):
            fallback = text
    return with_year or hinted or fallback or hint


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
# A period stated as one calendar year (数据统计时段为2023年全年, 统计数据均截至2023年12月31日).
_PERIOD_YEAR = re.compile(
    r"统计[^。]{0,8}?((?:19|20)\d{2})年(?:度)?全年|统计数据[^。]{0,4}截[至止]((?:19|20)\d{2})年12月31日"
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
    period = statistics_period(preface)
    if year is None and (m := _PERIOD_YEAR.search(preface)):
        year = int(m.group(1) or m.group(2))
    if agency is None:
        # A page without its title (trafilatura drops it) may still name its agency.
        printed = re.sub(r"[^\S\n]+", "", "\n".join(b.text for b in blocks if b.kind != "table"))
        simple = to_simplified(printed)
        agency = body_agency(simple)
        if agency is not None and len(simple) == len(printed):
            # As printed, as a title's agency is (traditional characters stay).
            at = simple.find(agency)
            agency = printed[at : at + len(agency)]
    if year is None and period is not None and period.start[:4] == period.end[:4]:
        # No title year (a page that lost its title, 2023年 cut off): the statistics period
        # of one calendar year is the report's year. The title's year wins when both exist, as
        # dates in the period sentence lose digits on some pages (C4).
        year = int(period.start[:4])
    return Metadata(
        title=title,
        agency=agency,
        year=year,
        template=template,
        publication_date=publication_date(document, blocks),
        statistics_period=period,
        contact=contact(preface),
    )


# An agency named in the body, for a page that lost its title (trafilatura drops it): only
# where two statements of the report agree on the name. The name ends as an agency or a place
# does; 政府 alone is no ending (平潭综合实验区政府信息公开… is the place's disclosure work).
_NAME = r"[\u4e00-\u9fff]{2,30}?"
_NAME_END = re.compile(
    r"^[\u4e00-\u9fff]{2,30}?(?:人民政府|管理委员会|委员会|管委会|办事处|办公厅|办公室|局"
    r"|区|县|市|省|镇|乡|街道)$"
)
_PLACE_END = re.compile(r"(区|县|市|省|镇|乡|街道)$")
_SELF = re.compile(r"^(?:我|本|全|该|各|区|县|市|省|镇|乡)")
# 汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成: the units of the agency.
_COMPILED_FROM = re.compile(rf"汇总({_NAME})各(?:有关|相关|级|所属)?(?:单位|部门)")
# The overview's opening sentence: 2022年，平潭综合实验区坚持以…
_OPENING = re.compile(
    rf"(?:^|[。\n])\s*(?:19|20)\d{{2}}年度?[，,]({_NAME})"
    r"(?=坚持|始终|深入|认真|全面|紧紧|积极|持续|进一步|高度重视|按照|围绕|聚焦|扎实|不断|着力|切实)"
)
# Where the report is published (本报告的电子版可在…门户网站…下载) and whom to ask (请与…联系):
# both name the agency's own offices, so their common head is its name.
_SITE = re.compile(
    rf"本报告[^。\n]{{0,12}}?(?:在|从|通过|于|登录)({_NAME}[\u4e00-\u9fff]*?)(?:门户)?网站"
)
_ASK = re.compile(rf"(?:请|欢迎)与({_NAME}[\u4e00-\u9fff]*?)联系")
# The report calls its author by the place's kind: 我区编制完成了本报告 (a 区).
_AUTHOR = re.compile(
    r"(?:我|本)(区|县|市|省|镇|乡|街道)[^。\n]{0,6}(?:编制|编写|汇总|形成)[^。\n]{0,8}本报告"
)
# A government of a place of the name's kind (县政府把…, 某某区人民政府; 省政府 is another's):
# the place's name is then not the agency's whole name. 政府信息公开 and 政府网站 are terms,
# not that government.
_GOVERNMENT = re.compile(r"(区|县|市|省|镇|乡|街道)(?:人民)?政府(?!信息|网站|门户|网)")


def _name_head(text: str) -> str | None:
    """The longest head of ``text`` that ends as a name ends."""
    for end in range(len(text), 2, -1):
        if _NAME_END.match(text[:end]):
            return text[:end]
    return None


def body_agency(text: str) -> str | None:
    """The agency a report names in its body (``text``: its paragraphs, simplified), when two
    statements agree on it and nothing says it is only part of the name; else None."""
    votes: dict[str, set[str]] = {}

    def vote(name: str | None, how: str) -> None:
        if name and _NAME_END.match(name) and not _SELF.match(name):
            votes.setdefault(name, set()).add(how)

    for m in _COMPILED_FROM.finditer(text):
        vote(m.group(1), "compiled")
    for m in _OPENING.finditer(text):
        vote(m.group(1), "opening")
    site, ask = _SITE.search(text), _ASK.search(text)
    if site and ask:
        a, b = site.group(1), ask.group(1)
        common = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        vote(_name_head(a[:common]), "offices")
    for m in _AUTHOR.finditer(text):
        for name in votes:
            if name.endswith(m.group(1)):
                votes[name].add("author")
    agreed = [name for name, how in votes.items() if len(how) >= 2]
    if len(agreed) != 1:
        return None
    name = agreed[0]
    place = _PLACE_END.search(name)
    if place and (
        f"{name}人民政府" in text
        or any(m.group(1) == place.group(1) for m in _GOVERNMENT.finditer(text))
    ):
        return None
    return name
