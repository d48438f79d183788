"""Is the document a 政府信息公开工作年度报告 at all? A document-level score in [0, 1].

Crawled batches hold news pages, notices, directory listings, other government reports and
junk next to the annual reports. A logistic regression over the document's text gives the
probability that it is such a report (or a page or part of one): character 1–3-grams
(TF-IDF, simplified characters) and a few shape tokens (how many of the template's part
headings and table labels it has, the report title's wording, length, the share of CJK
characters, digits and punctuation). Below :data:`REPORT_THRESHOLD` the pipeline gives the
record ``status: failed`` with the error ``not_a_report`` and claims nothing from it.

``scripts/train_report.py`` trains and evaluates it (``corpus/`` positives, generated
``corpus/negatives/``); the files are in ``models/report/``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from extractor.document import Document
from extractor.errors import ModelError
from extractor.modelfiles import verified
from extractor.sections import INLINE_HEADING, topic_of
from extractor.textnorm import to_simplified

if TYPE_CHECKING:
    from extractor.ngrams import Vocabulary

logger = logging.getLogger(__name__)

FORMAT = "report/1"
TRAINER = "scripts/train_report.py"

# The score looks at the first HEAD_CHARS and the last TAIL_CHARS characters only: the title,
# the preface (which lists the six parts) and the first headings and tables open a report, 五
# and 六 and the signature close it, and what lies between (more table rows, more prose) adds
# no evidence the ends lack. The cap keeps the score under a few milliseconds for any input.
HEAD_CHARS = 5000
TAIL_CHARS = 1500

# Below this the document is not a report. Chosen by scripts/train_report.py on out-of-fold
# scores (5 folds, grouped by source document) of the training corpus: the midpoint, in
# log-odds, between the highest negative and the lowest positive when they separate (they did,
# see models/report/manifest.json), so either side has the same margin. The manifest records
# it too and a test keeps the two equal.
REPORT_THRESHOLD = 0.25

# The labels of the template's tables (2021, 2019, the pre-2019 统计表), template.md §2–§4:
# a page of tables is a report page even with no heading on it.
TABLE_LABELS = (
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理",
    "申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
    "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理",
    "本年度办理结果", "维持", "纠正", "尚未审结", "复议后起诉", "未经复议直接起诉",
    "第二十条第", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
    "行政许可", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购",
    "主动公开政府信息数", "收到申请数", "申请办结数", "属于已主动公开范围数", "同意公开",
    "同意部分公开", "不同意公开", "申请信息不存在数", "举报投诉数量", "依申请公开信息收取的费用",
    "受理依申请公开", "信息处理费", "总计",
)  # fmt: skip
REPORT_TITLE = re.compile(
    r"政府信息公开(?:工作)?(?:年度)?(?:工作)?报告|政府信息公开(?:工作)?情况的?报告|信息公开年报"
)
# Buckets of the n-gram coverage (see shape), at even steps over the range where random text
# and reports fall in the training corpus.
COVERAGE_EDGES = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_WHITE = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[，。、；：“”（）]")
_LATIN = re.compile(r"[A-Za-z]")


def document_text(document: Document) -> str:
    """The text the score reads: the container's title, then every block in order."""
    parts = [document.title_hint] if document.title_hint else []
    parts += [block.text for block in document.blocks()]
    return "\n".join(parts)


def view(text: str) -> str:
    """Simplified characters, runs of white space as one space, head and tail only."""
    if len(text) > 2 * (HEAD_CHARS + TAIL_CHARS):
        # Cut before normalising so a huge input costs no more than a capped one.
        text = text[: 2 * HEAD_CHARS] + "\n" + text[-2 * TAIL_CHARS :]
    t = _WHITE.sub(" ", to_simplified(text)).strip()
    if len(t) > HEAD_CHARS + TAIL_CHARS:
        t = t[:HEAD_CHARS] + " " + t[-TAIL_CHARS:]
    return t


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= e for e in edges)


def _share(pattern: re.Pattern[str], t: str, chars: int) -> float:
    return (len(t) - len(pattern.sub("", t))) / chars


def shape(t: str, coverage: float) -> str:
    """Shape tokens of a document's :func:`view`; ``coverage`` is the share of its n-grams that
    the model knows (random characters are made of common characters in unknown pairs, and the
    TF-IDF vector, normalised to length 1, cannot tell a few known n-grams from many)."""
    parts = {topic_of(m.group(0)) for m in INLINE_HEADING.finditer(t)} - {None}
    labels = sum(label in t for label in TABLE_LABELS)
    n = max(len(t), 1)
    chars = max(n - t.count(" "), 1)
    tokens = [
        f"parts{min(len(parts), 6)}",
        *(f"part_{p}" for p in sorted(p for p in parts if p)),
        f"tlabels{_bucket(labels, (1, 3, 6, 11, 20))}",
        f"len{_bucket(n, (30, 200, 1000, 4000))}",
        f"cjk{_bucket(_share(_CJK, t, chars), (0.2, 0.5, 0.8))}",
        f"digit{_bucket(_share(_DIGIT, t, chars), (0.02, 0.08, 0.2))}",
        f"punct{_bucket(_share(_PUNCT, t, chars), (0.01, 0.04, 0.08))}",
        f"latin{_bucket(_share(_LATIN, t, chars), (0.05, 0.3))}",
        f"cov{_bucket(coverage, COVERAGE_EDGES)}",
    ]
    if REPORT_TITLE.search(t[:300]):
        tokens.append("title_report")
    elif REPORT_TITLE.search(t):
        tokens.append("mentions_report")
    if "条例" in t:
        tokens.append("tiaoli")
    return " ".join(tokens)


def char_ngrams(t: str) -> list[str]:
    """Character 1–3-grams exactly as scikit-learn's ``analyzer="char"`` makes them (without
    single characters the held-out margin between reports and the rest halved)."""
    t = t.lower()
    return [
        *t,
        *(t[i : i + 2] for i in range(len(t) - 1)),
        *(t[i : i + 3] for i in range(len(t) - 2)),
    ]


@dataclass(frozen=True)
class ReportModel:
    ngrams: dict[str, int]
    shapes: dict[str, int]
    idf: Any
    coef: Any
    intercept: float
    vocabulary: Vocabulary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from extractor.ngrams import Vocabulary

        object.__setattr__(self, "vocabulary", Vocabulary.of(self.ngrams))

    def score_view(self, t: str) -> float:
        """The probability that the text (a :func:`view`) is a report."""
        import numpy as np

        from extractor.ngrams import count_known

        # The known n-grams' columns and counts in order of first occurrence, as a Counter of
        # char_ngrams(t) gives them (extractor.ngrams counts them with numpy).
        columns, counts, n_grams = count_known(t.lower(), self.vocabulary)
        coverage = int(counts.sum()) / max(n_grams, 1)
        total = self.intercept
        if len(columns):
            idx = columns.copy()
            tf = 1.0 + np.log(counts.astype(np.float32))
            values = tf * self.idf[idx]
            values /= np.linalg.norm(values) or 1.0
            total += float(self.coef[idx] @ values)
        n_ngrams = len(self.ngrams)
        for token in shape(t, coverage).lower().split():
            if (j := self.shapes.get(token)) is not None:
                total += float(self.coef[n_ngrams + j])
        return float(1.0 / (1.0 + np.exp(-total)))

    def score(self, text: str) -> float:
        return self.score_view(view(text))


@cache
def load_report_model() -> ReportModel:
    """Load once per process; the manifest's hashes must match the files."""
    import numpy as np

    folder, _ = verified("report", FORMAT, TRAINER)

    def strings(name: str) -> list[str]:
        values: list[str] = json.loads((folder / name).read_text(encoding="utf-8"))
        return values

    def array(name: str) -> Any:
        return np.load(folder / name, allow_pickle=False)

    return ReportModel(
        ngrams={g: i for i, g in enumerate(strings("ngrams.json"))},
        shapes={s: i for i, s in enumerate(strings("shapes.json"))},
        idf=array("idf.npy"),
        coef=array("coef.npy"),
        intercept=float(array("intercept.npy")[0]),
    )


@cache
def _model_or_none() -> ReportModel | None:
    """The model, or None (logged once) when it cannot load: a broken install must not fail
    every document, so they are then all taken for reports."""
    try:
        return load_report_model()
    except (ModelError, OSError, ValueError, KeyError) as exc:
        logger.warning("report score unavailable, every document is taken for a report: %s", exc)
        return None


# Every annual report, and every part of one, speaks of its subject: disclosure (公开), requests
# (依申请), the reviews and suits about it, the table-二 articles, or the template's own part
# headings (其他需要报告的事项, 存在的主要问题, 收费及减免). A document that never does is no
# report whatever its score: short notices and 办法 in government words scored 0.28 and 0.31,
# just above the threshold. A necessary condition only, so it is broad: each of the 1,199
# positives of scripts/train_report.py (whole reports and their parts) has one of these words;
# among its negatives, every notice, news item, novel and listing lacks them.
_SUBJECT = re.compile(
    r"公开|复议|诉讼|年度报告|第二十条|需要报告|依申请|收费及减免|存在的?(?:主要)?问题"
)


def mentions_subject(document: Document) -> bool:
    return any(_SUBJECT.search(to_simplified(b.text)) for b in document.blocks())


def report_score(document: Document) -> float | None:
    """The document's score, rounded to 4 places; None when the model is unavailable."""
    model = _model_or_none()
    if model is None:
        return None
    return round(model.score(document_text(document)), 4)
