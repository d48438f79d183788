"""Is it a report? The document-level score (extractor.reportscore) and the not_a_report record."""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import pytest

import extractor
from extractor.batch.outputs import write_outputs
from extractor.errors import ModelError
from extractor.modelfiles import model_folder, verified
from extractor.reading import NamedBytes
from extractor.report import Report
from extractor.reportscore import (
    FORMAT,
    REPORT_THRESHOLD,
    TRAINER,
    _model_or_none,
    load_report_model,
)

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"

DIR_LISTING = """<!DOCTYPE HTML>
<html lang="en"><head><meta charset="utf-8"><title>Directory listing for /nb/</title></head>
<body><h1>Directory listing for /nb/</h1><hr><ul>
<li><a href="2021/">2021/</a></li><li><a href="2022/">2022/</a></li>
<li><a href="gknb2023.pdf">gknb2023.pdf</a></li><li><a href="readme.txt">readme.txt</a></li>
</ul><hr></body></html>"""

PORTAL_LIST = """<html><head><meta charset="utf-8"><title>年度报告_柏川县人民政府</title></head><body>
<div class="nav">首页 | 政务公开 | 办事服务 | 互动交流</div>
<div class="list"><h2>政府信息公开年度报告</h2><ul>
<li><a href="/a/1.html">柏川县人民政府2023年政府信息公开工作年度报告</a><span>2024-01-30</span></li>
<li><a href="/a/2.html">柏川县教育局2023年政府信息公开工作年度报告</a><span>2024-01-29</span></li>
<li><a href="/a/3.html">柏川县人民政府2022年政府信息公开工作年度报告</a><span>2023-01-31</span></li>
<li><a href="/a/4.html">柏川县财政局2022年政府信息公开工作年度报告</a><span>2023-01-20</span></li>
</ul><div>共3页 首页 上一页 下一页 尾页</div></div>
<div class="footer">主办：柏川县人民政府办公室 网站标识码：1234567890</div></body></html>"""

NEWS = """柏川县召开秋冬季安全生产工作会议
发布时间：2024-10-12 来源：县应急管理局
10月11日，柏川县召开秋冬季安全生产工作会议，副县长孟凡出席并讲话。会议通报了前三季度全县安全生产形势，
对秋冬季道路交通、燃气、森林防火等重点领域工作作出安排。孟凡强调，各乡镇、各部门要绷紧安全生产这根弦，
压实属地责任和企业主体责任，扎实开展隐患排查整治，坚决遏制较大以上事故发生。"""

NOTICE = """关于做好2025年元旦春节期间值班工作的通知
各乡镇人民政府，县直各单位：
为确保节日期间各项工作有序运转，现将有关事项通知如下。
一、严格落实值班制度。实行领导带班和24小时值班，值班人员不得擅自离岗。
二、及时报送信息。遇有突发事件，须在30分钟内电话报告县政府总值班室。
三、做好安全防范。节前开展一次安全检查，消除各类隐患。
柏川县人民政府办公室
2024年12月25日"""

WORK_SUMMARY = """柏川县2023年政务公开工作总结
今年以来，我县坚持以公开为常态、不公开为例外，不断推进决策、执行、管理、服务、结果公开。
一、主要工作开展情况
（一）加强组织领导。调整政务公开工作领导小组，明确办公室为政务公开工作主管部门。
（二）推进重点领域公开。围绕义务教育、社会救助、征地补偿等领域，及时发布信息2100余条。
（三）做好政策解读。坚持政策文件与解读材料同步起草、同步审签、同步发布，全年发布解读56篇。
二、存在的问题
一是部分单位对政务公开重视程度不够，信息更新不及时；二是政策解读形式单一。
三、2024年工作打算
我们将进一步完善政务公开制度，加强业务培训，推动政务公开工作再上新台阶。"""

RULE_OF_LAW = """柏川县2023年法治政府建设年度报告
2023年，柏川县坚持以习近平法治思想为指导，深入推进依法行政，法治政府建设取得新成效。
一、主要举措和成效
（一）依法全面履行政府职能。深化“放管服”改革，公布权责清单事项3120项。
（二）推进行政决策科学化民主化法治化。重大行政决策全部经过合法性审查，听取公众意见。
（三）坚持严格规范公正文明执法。全面落实行政执法三项制度，开展执法案卷评查。
（四）依法化解矛盾纠纷。全年办理行政复议案件41件，行政机关负责人出庭应诉率100%。
二、存在的不足
基层执法人员法治素养有待提高，执法规范化水平需要进一步提升。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县政府主要负责同志专题研究法治政府建设工作4次。
四、2024年工作安排
持续推进严格规范公正文明执法，加强行政复议工作。"""

GOV_WORK_REPORT = """政府工作报告
——2024年1月10日在柏川县第十八届人民代表大会第四次会议上
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。
一、2023年工作回顾
过去一年，全县地区生产总值增长6.2%，一般公共预算收入完成12.4亿元，城乡居民收入稳步增长。
二、2024年主要目标任务
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业4500人。
三、全面加强政府自身建设
坚持依法行政，自觉接受人大监督和政协民主监督，深化政务公开，持续改进作风。"""

KEY_POINTS = """柏川县2024年政务公开工作要点
一、加强政策发布解读
严格落实政策文件与解读材料同步组织、同步审签、同步部署要求，提高解读质量。
二、深化重点领域信息公开
做好财政预决算、重大建设项目、公共资源配置等领域信息公开。
三、提升政府信息公开申请办理质量
严格依法办理政府信息公开申请，规范答复文书，降低行政复议纠错率。
四、夯实政务公开工作基础
按时编制发布政府信息公开工作年度报告，加强政府网站和政务新媒体管理。"""

POLICY = """柏川县农村集体资产管理办法
第一条 为加强农村集体资产管理，维护集体经济组织及其成员合法权益，制定本办法。
第二条 本办法适用于本县行政区域内农村集体经济组织的资产管理活动。
第三条 县农业农村局负责农村集体资产管理的指导和监督。
第四条 集体资产的发包、出租等事项，应当经成员大会或者成员代表大会讨论决定。
第五条 本办法自2024年3月1日起施行。"""

FICTION = """第三章 渡口
天刚蒙蒙亮，渡口上已经站了几个挑担的人。老艄公把船拴在柳树下，慢吞吞地抽着旱烟。
“今天水大，晚些再过。”他说。秋生不肯，把扁担往地上一放，蹲在石阶上看河水打着旋往下游去。
他想起娘临走时塞给他的两个鸡蛋，还揣在怀里，已经凉了。河对岸的集市上，早就有了吆喝声。"""

ENGLISH = """The city council met on Tuesday to review the proposed budget for the coming year.
Members discussed funding for road repairs, the new library branch and public transport.
A final vote on the budget is expected at the next meeting in two weeks."""

TABLE3_PART = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）| 申请人情况
| 自然人 | 法人或其他组织 | 总计
| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
一、本年新收政府信息公开申请数量 | 38 | 4 | 0 | 0 | 1 | 0 | 43
二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2
三、本年度办理结果 | （一）予以公开 | 21 | 2 | 0 | 0 | 0 | 0 | 23
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 3 | 0 | 0 | 0 | 0 | 0 | 3
（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0
（四）无法提供 | 1.本机关不掌握相关政府信息 | 9 | 1 | 0 | 0 | 1 | 0 | 11
（五）不予处理 | 1.信访举报投诉类申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1
（七）总计 | 36 | 3 | 0 | 0 | 1 | 0 | 40
四、结转下年度继续办理 | 4 | 1 | 0 | 0 | 0 | 0 | 5"""


def _random_cjk(seed: int) -> str:
    rng = random.Random(seed)
    return "\n".join(
        "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(20, 60)))
        for _ in range(12)
    )


def _random_bytes_decoded(seed: int) -> bytes:
    rng = random.Random(seed)
    # Random bytes as a lenient GBK decoder turns them into text (mojibake), stored as UTF-8.
    raw = bytes(rng.getrandbits(8) for _ in range(3000))
    text = raw.decode("gbk", errors="ignore")
    # Control characters would make the readers refuse it as binary before any score.
    return "".join(ch for ch in text if ch.isprintable() or ch == "\n").encode("utf-8")


NEGATIVES: dict[str, tuple[str, bytes]] = {
    "hello": ("hello.txt", b"hello"),
    "dir_listing": ("index.html", DIR_LISTING.encode()),
    "portal_list": ("list.html", PORTAL_LIST.encode()),
    "random_cjk": ("x.txt", _random_cjk(1).encode()),
    "random_bytes": ("x.txt", _random_bytes_decoded(2)),
    "news": ("news.txt", NEWS.encode()),
    "notice": ("notice.txt", NOTICE.encode()),
    "work_summary": ("summary.txt", WORK_SUMMARY.encode()),
    "rule_of_law": ("fzzf.txt", RULE_OF_LAW.encode()),
    "gov_work_report": ("gzbg.txt", GOV_WORK_REPORT.encode()),
    "key_points": ("yaodian.txt", KEY_POINTS.encode()),
    "policy": ("banfa.txt", POLICY.encode()),
    "fiction": ("novel.txt", FICTION.encode()),
    "english": ("en.txt", ENGLISH.encode()),
    "short": ("short.txt", "页面不存在".encode()),
}


def _not_a_report(record: Report) -> None:
    assert record.status == "failed"
    assert [(e.stage, e.code) for e in record.errors] == [("sections", "not_a_report")]
    assert record.themes == record.sections == record.tables == record.checks == []
    assert record.fields == {} and record.theme_pairs == [] and record.keywords == {}
    score = record.metadata.report_score
    assert score is not None and 0.0 <= score <= 1.0
    # Below the threshold, or (short notices and rules in government words score 0.28 and
    # 0.31) never mentioning the report's subject.
    assert score < REPORT_THRESHOLD or "never mentions" in record.errors[0].message
    assert record.metadata.title is None and record.metadata.template == "unknown"


@pytest.mark.parametrize("kind", sorted(NEGATIVES))
def test_not_a_report(kind: str) -> None:
    name, data = NEGATIVES[kind]
    _not_a_report(extractor.extract(NamedBytes(uri=name, data=data)))


def test_a_document_that_never_mentions_the_subject_is_no_report() -> None:
    from extractor.reading.text import read_text
    from extractor.reportscore import mentions_subject

    assert not mentions_subject(read_text(NOTICE.encode()))
    assert mentions_subject(read_text("六、其他需要报告的事项\n无。".encode()))
    assert mentions_subject(read_text("行政复议 | 行政诉讼 |\n结果维持 | 0 |".encode()))


def test_bare_bytes_hello() -> None:
    _not_a_report(extractor.extract(b"hello"))


def test_raw_random_bytes_fail() -> None:
    rng = random.Random(3)
    record = extractor.extract(bytes(rng.getrandbits(8) for _ in range(3000)))
    # The readers refuse most of them before any score; those they decode are not reports.
    assert record.status == "failed" and record.sections == record.themes == []


def _is_report(record: Report) -> None:
    assert record.status != "failed", record.errors
    score = record.metadata.report_score
    assert score is not None and score >= REPORT_THRESHOLD


def test_table_three_part_alone_is_a_report() -> None:
    record = extractor.extract(NamedBytes(uri="page.txt", data=TABLE3_PART.encode()))
    _is_report(record)
    assert record.fields.get("requests.new.total") == 43


CORPUS_FILES = sorted((ROOT / "corpus" / "tables" / "docs").iterdir()) + sorted(
    (ROOT / "corpus" / "samples").iterdir()
)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_documents_are_reports(path: Path) -> None:
    _is_report(extractor.extract(path))


def test_corpus_block_and_section_documents_are_reports() -> None:
    model = load_report_model()
    low = []
    for f in sorted((ROOT / "corpus" / "sections").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            doc = json.loads(line)
            text = "\n".join(b["text"] for b in doc["blocks"])
            if model.score(text) < REPORT_THRESHOLD:
                low.append(doc["doc_id"])
    for f in sorted((ROOT / "corpus" / "themes").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            doc = json.loads(line)
            # As scripts/train_report.py renders them: the title, each part under its heading.
            heading = {
                "overview": "一、总体情况",
                "problems_improvements": "五、存在的主要问题及改进情况",
            }
            lines = [f"{doc['agency']}{doc['year']}年政府信息公开工作年度报告"]
            for s in doc["sections"]:
                lines.append(heading.get(s["section"], ""))
                lines += ["".join(sent["text"] for sent in p) for p in s["paragraphs"]]
            text = "\n".join(lines)
            if model.score(text) < REPORT_THRESHOLD:
                low.append(doc["doc_id"])
    assert low == []


def _real_files() -> list[Path]:
    return sorted(p for p in REAL.iterdir() if p.is_file()) if REAL.is_dir() else []


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_real_reports_are_reports(path: Path) -> None:
    _is_report(extractor.extract(path))


@pytest.mark.real
@pytest.mark.skipif(not (REAL / "hzq2023.pdf").exists(), reason="../shared/real is absent")
def test_every_page_of_a_real_pdf_alone_is_a_report() -> None:
    from extractor.options import Options
    from extractor.reading import detect, load, read

    raw = load(REAL / "hzq2023.pdf", Options())
    document = read(raw, detect(raw.data, raw.name, raw.content_type), Options())
    model = load_report_model()
    scores = [model.score("\n".join(b.text for b in page.blocks)) for page in document.pages]
    assert len(scores) > 1 and min(scores) >= REPORT_THRESHOLD


@pytest.mark.real
@pytest.mark.skipif(not (REAL / "seed.txt").exists(), reason="../shared/real is absent")
def test_traditional_characters_are_scored_as_simplified() -> None:
    import opencc

    text = opencc.OpenCC("s2t").convert((REAL / "seed.txt").read_text("utf-8"))
    _is_report(extractor.extract(NamedBytes(uri="seed_trad.txt", data=text.encode())))


def test_manifest_verifies_and_records_the_threshold() -> None:
    folder, manifest = verified("report", FORMAT, TRAINER)
    assert manifest["threshold"]["threshold"] == REPORT_THRESHOLD
    assert manifest["labels"] == ["not_a_report", "report"]
    size = sum((folder / name).stat().st_size for name in manifest["files"])
    assert size < 1_000_000
    assert not list(folder.glob("*.pkl")) and not list(folder.glob("*.pickle"))


def test_unloadable_model_leaves_the_score_null(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise ModelError(f"no report model at {model_folder('report')}")

    _model_or_none.cache_clear()
    monkeypatch.setattr("extractor.reportscore.load_report_model", broken)
    try:
        with caplog.at_level(logging.WARNING, logger="extractor.reportscore"):
            record = extractor.extract(NamedBytes(uri="novel.txt", data=FICTION.encode()))
        assert record.status == "ok" and record.metadata.report_score is None
        assert "report score unavailable" in caplog.text
    finally:
        _model_or_none.cache_clear()


def test_batch_summary_counts_not_a_report(tmp_path: Path) -> None:
    records = [
        extractor.extract(ROOT / "corpus" / "samples" / "xinghe2023.txt"),
        extractor.extract(NamedBytes(uri="news.txt", data=NEWS.encode())),
        extractor.extract(NamedBytes(uri="index.html", data=DIR_LISTING.encode())),
    ]
    (tmp_path / "records.jsonl").write_text(
        "".join(r.to_json() + "\n" for r in records), encoding="utf-8"
    )
    summary = write_outputs(tmp_path)
    assert summary["not_a_report"] == 2
    assert summary["by_status"] == {"ok": 1, "failed": 2}
    header = (tmp_path / "dataset.csv").read_text("utf-8").splitlines()[0]
    assert "report_score" in header.split(",")
