#!/usr/bin/env python3
# ruff: noqa: E501, SIM905
# (long lines are CJK templates; ruff counts CJK double width)
"""Generate ``corpus/negatives/``: documents that are NOT 政府信息公开工作年度报告, for the
report/not-a-report classifier (``scripts/train_report.py``).

Run from the repository root::

    python scripts/make_negatives.py

Deterministic (fixed seed, standard library only); rewrites ``corpus/negatives/*.jsonl``
completely. Every document is assembled from the templates and word lists below, which the
team wrote; agencies and places are invented. One JSON line per document:
``{"doc_id", "kind", "ext", "text"}`` (``"b64"`` instead of ``"text"`` for raw bytes), fed to
the extractor's reader exactly as a crawled file would be.

The kinds that matter most are the hard ones: government documents about the same work
(政务公开工作要点, 政务公开工作总结, 政府信息公开指南, 法治政府建设年度报告, 政府工作报告,
disclosure rules, a portal's list of report links) share the domain vocabulary but have neither
the template's six parts nor its tables.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "negatives"
SEED = "report-negatives-2026-v1"
PER_KIND = 60

# --- word lists --------------------------------------------------------------------------------

PLACES = [
    "青岚市",
    "云溪县",
    "白鹭区",
    "临川镇",
    "东湖街道",
    "望江市",
    "松陵县",
    "石桥镇",
    "碧水区",
    "金沙县",
    "北屿市",
    "南塘区",
    "枫林乡",
    "柳岸县",
    "澄江市",
    "雁鸣区",
    "桃源县",
    "星河市",
    "海澜区",
    "鹿鸣镇",
]
OFFICES = [
    "人民政府",
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "民政局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "司法局",
    "人力资源和社会保障局",
    "文化广电旅游局",
]
TOPICS = [
    "营商环境",
    "乡村振兴",
    "安全生产",
    "生态环境保护",
    "城市更新",
    "民生实事",
    "防汛抗旱",
    "义务教育",
    "基层治理",
    "数字政府",
    "医疗卫生",
    "养老服务",
    "就业创业",
    "食品安全",
    "消防安全",
    "招商引资",
    "高标准农田",
    "老旧小区改造",
    "河湖长制",
    "森林防火",
    "文明城市创建",
    "社会救助",
    "优化政务服务",
]
ACTIONS = ["召开", "部署", "推进", "开展", "组织", "启动", "举办", "研究", "落实", "督导"]
MEETINGS = [
    "工作推进会",
    "专题会议",
    "动员部署会",
    "现场观摩会",
    "调度会",
    "座谈会",
    "培训班",
    "联席会议",
    "常务会议",
]
PEOPLE = [
    "王建国",
    "李秀英",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周涛",
    "吴芳",
    "徐明",
    "孙丽",
]
ROLES = ["副市长", "县长", "局长", "党组书记", "副区长", "镇长", "主任", "副局长", "秘书长"]
VERBS = ["强调", "指出", "要求", "表示"]
GOALS = [
    "提高政治站位",
    "压实工作责任",
    "强化统筹协调",
    "坚持问题导向",
    "抓好工作落实",
    "加强督促检查",
    "完善长效机制",
    "提升服务水平",
    "守牢安全底线",
    "加快项目建设",
    "狠抓整改落实",
    "注重宣传引导",
]
NUM_UNITS = ["个", "项", "家", "户", "人次", "万元", "亿元", "公里", "亩", "场", "件", "所"]
CN_NUM = "一二三四五六七八九十"
EN_WORDS = (
    "the of and to in is that for on with as by this be are from at an was it which report "
    "annual government data city council budget meeting public service program project water "
    "school health policy review committee plan transport energy market growth community "
    "district information open access request system year total number support local"
).split()
# Common characters for random CJK text (not a sentence, just characters a page might hold).
COMMON_CJK = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
    "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道"
    "命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求"
    "老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门"
)

# --- shared helpers ----------------------------------------------------------------------------


def year(rng: random.Random) -> int:
    return rng.randint(2012, 2025)


def agency(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(OFFICES)


def num(rng: random.Random) -> str:
    return str(rng.choice([rng.randint(2, 99), rng.randint(100, 9999), rng.randint(10, 500)]))


def fill(rng: random.Random, template: str, y: int, ag: str) -> str:
    return template.format(
        y=y,
        y1=y + 1,
        y0=y - 1,
        ag=ag,
        place=rng.choice(PLACES),
        topic=rng.choice(TOPICS),
        topic2=rng.choice(TOPICS),
        act=rng.choice(ACTIONS),
        meet=rng.choice(MEETINGS),
        person=rng.choice(PEOPLE),
        role=rng.choice(ROLES),
        verb=rng.choice(VERBS),
        goal=rng.choice(GOALS),
        goal2=rng.choice(GOALS),
        n=num(rng),
        n2=num(rng),
        unit=rng.choice(NUM_UNITS),
        pct=f"{rng.randint(1, 30)}.{rng.randint(0, 9)}",
        m=rng.randint(1, 12),
        d=rng.randint(1, 28),
    )


def paragraph(
    rng: random.Random, pool: list[str], y: int, ag: str, k: tuple[int, int] = (2, 5)
) -> str:
    return "".join(fill(rng, s, y, ag) for s in rng.sample(pool, min(len(pool), rng.randint(*k))))


def numbered_doc(
    rng: random.Random,
    title: str,
    intro: list[str],
    parts: list[tuple[str, list[str]]],
    y: int,
    ag: str,
    sub: bool = True,
) -> str:
    """A document with 一、二、… parts (the shape the hard negatives share with reports)."""
    lines = [title, paragraph(rng, intro, y, ag, (1, 3))]
    for i, (heading, pool) in enumerate(parts):
        lines.append(f"{CN_NUM[i]}、{fill(rng, heading, y, ag)}")
        if sub and rng.random() < 0.6:
            for j in range(rng.randint(2, 4)):
                lines.append(
                    f"（{CN_NUM[j]}）{fill(rng, rng.choice(SUBHEADS), y, ag)}。{paragraph(rng, pool, y, ag, (1, 3))}"
                )
        else:
            for _ in range(rng.randint(1, 3)):
                lines.append(paragraph(rng, pool, y, ag))
    if rng.random() < 0.7:
        lines.append(ag)
        lines.append(f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return "\n".join(lines)


SUBHEADS = [
    "坚持高位推动",
    "聚焦{topic}",
    "强化制度保障",
    "深化{topic}改革",
    "加强队伍建设",
    "推进{topic}提质增效",
    "完善工作机制",
    "突出重点领域",
    "强化监督考核",
    "优化{topic}服务",
    "夯实工作基础",
    "加强宣传引导",
]

# Sentences about disclosure work that a non-report document also says (the hard part).
DISCLOSURE_TALK = [
    "{y}年，{ag}坚持以公开为常态、不公开为例外，扎实推进政务公开各项工作。",
    "全年通过政府门户网站发布各类信息{n}条，其中政策文件{n2}件。",
    "围绕{topic}等重点领域，及时发布政策文件和解读材料，主动回应社会关切。",
    "进一步规范政府信息公开申请办理流程，严格落实登记、审核、答复等环节要求。",
    "加强政府网站和政务新媒体管理，全年开展网站内容检查{n}次。",
    "组织开展政务公开业务培训{n}场次，培训工作人员{n2}人次。",
    "持续推进基层政务公开标准化规范化建设，更新完善{topic}领域公开事项清单。",
    "落实政策解读与政策文件同步组织、同步审签、同步部署工作机制。",
    "依法依规做好政府信息公开申请办理工作，切实保障人民群众知情权。",
    "加强政务公开专区建设，在政务服务中心设置查阅点，为群众提供查询服务。",
    "健全政务舆情回应机制，对涉及{topic}的舆情及时研判、妥善回应。",
    "推进重大行政决策预公开，对涉及群众切身利益的事项广泛征求意见。",
]

# --- the kinds ---------------------------------------------------------------------------------


def news(rng: random.Random) -> str:
    y, ag = year(rng), agency(rng)
    pool = [
        "{m}月{d}日，{place}{act}{topic}{meet}，{role}{person}出席会议并讲话。",
        "会议听取了各单位{topic}工作情况汇报，分析研判当前形势，安排部署下一阶段重点任务。",
        "{person}{verb}，各地各部门要{goal}，{goal2}，确保各项任务落地见效。",
        "今年以来，{place}累计完成投资{n}万元，同比增长{pct}%。",
        "据了解，该项目总投资{n}万元，建成后将惠及周边群众{n2}户。",
        "记者从{ag}获悉，{place}{topic}工作取得阶段性成效。",
        "活动现场，工作人员向过往群众发放宣传资料{n}份，解答群众咨询{n2}人次。",
        "下一步，{place}将继续{goal}，推动{topic}工作再上新台阶。",
        "近日，{ag}组织专项检查组深入{place}开展{topic}督导检查。",
        "检查组一行实地察看了{n}个点位，现场指出问题{n2}处，要求限期整改。",
        "（记者 {person} 通讯员 {person}）",
        "来源：{place}融媒体中心  编辑：{person}",
    ]
    title = fill(
        rng,
        rng.choice(
            [
                "{place}{act}{topic}{meet}",
                "{ag}扎实推进{topic}工作",
                "{place}：{topic}跑出加速度",
                "{role}{person}调研{topic}工作",
                "{place}{topic}工作取得新成效",
            ]
        ),
        y,
        ag,
    )
    body = [paragraph(rng, pool, y, ag) for _ in range(rng.randint(2, 6))]
    head = [
        title,
        f"发布时间：{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}  来源：{ag}  浏览次数：{num(rng)}",
    ]
    return "\n".join(head + body)


def notice(rng: random.Random) -> str:
    y, ag = year(rng), agency(rng)
    kind = rng.choice(["通知", "公告", "通告", "公示"])
    pool = [
        "为深入贯彻落实上级关于{topic}的决策部署，切实做好{topic2}相关工作，现将有关事项{kind}如下。",
        "请各单位高度重视，认真组织实施，于{y}年{m}月{d}日前将工作情况报送{ag}。",
        "联系人：{person}，联系电话：0{n}-{n2}{n}。",
        "本{kind}自发布之日起施行，由{ag}负责解释。",
        "公示期间，如有异议，请以书面形式向{ag}反映。",
        "申报对象须在{place}依法注册登记，具有独立法人资格，近三年无不良信用记录。",
        "根据工作安排，定于{y}年{m}月{d}日在{place}召开{topic}{meet}。",
        "请参会人员提前十五分钟到达会场，因故不能参加的须提前请假。",
        "对违反本{kind}规定的，依法依规严肃处理。",
        "经研究，决定开展{topic}专项整治行动，时间为{y}年{m}月至{y}年12月。",
    ]
    lines = [
        fill(
            rng,
            rng.choice(
                [
                    "关于开展{topic}工作的" + kind,
                    "{ag}关于{topic}有关事项的" + kind,
                    "关于召开{topic}{meet}的" + kind,
                    "{ag}" + kind + "（{y}年第{n}号）",
                ]
            ),
            y,
            ag,
        )
    ]
    if rng.random() < 0.6:
        lines.append(
            rng.choice(
                [
                    "各乡镇人民政府、街道办事处，县直各单位：",
                    "各有关单位：",
                    "各区县人民政府，市政府各部门：",
                ]
            )
        )
    lines.append(paragraph(rng, [p.replace("{kind}", kind) for p in pool], y, ag, (1, 3)))
    for i in range(rng.randint(2, 5)):
        lines.append(
            f"{CN_NUM[i]}、"
            + fill(
                rng,
                rng.choice(
                    [
                        "工作目标",
                        "实施范围",
                        "时间安排",
                        "工作要求",
                        "申报条件",
                        "组织领导",
                        "参会人员",
                        "有关事项",
                        "{topic}重点任务",
                    ]
                ),
                y,
                ag,
            )
        )
        lines.append(paragraph(rng, [p.replace("{kind}", kind) for p in pool], y, ag, (1, 3)))
    lines += [ag, f"{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
    return "\n".join(lines)


def work_summary(rng: random.Random) -> str:
    """工作总结, often of 政务公开 work itself: the hardest negative after the 工作要点."""
    y, ag = year(rng), agency(rng)
    subject = rng.choice(["政务公开", "政府信息公开", "{topic}", "法治建设", "信访", "政务服务"])
    pool_done = [
        *DISCLOSURE_TALK,
        "全年共完成{topic}任务{n}项，超额完成年度目标。",
        "成立由主要负责同志任组长的工作领导小组，形成一级抓一级、层层抓落实的工作格局。",
        "开展{topic}专项行动，排查整改问题{n}个，整改完成率{pct}%。",
    ]
    pool_gap = [
        "工作推进不够平衡，部分单位对{topic}重视程度不够。",
        "信息发布的及时性和准确性还有待提高。",
        "工作人员业务能力与新形势新要求相比还有差距。",
        "政策解读形式较为单一，群众获得感不强。",
        "基层工作力量薄弱，专业人员不足。",
    ]
    pool_plan = [
        "{y1}年，我们将继续{goal}，{goal2}。",
        "进一步加强{topic}工作，推动各项工作提质增效。",
        "加大培训力度，提升工作人员业务水平。",
        "健全考核评价机制，把{topic}纳入年度绩效考核。",
    ]
    parts = [
        (
            rng.choice(["{y}年" + subject + "工作开展情况", "主要工作及成效", "工作完成情况"]),
            pool_done,
        ),
        (rng.choice(["存在的问题和不足", "存在的主要问题", "工作中存在的问题"]), pool_gap),
        (rng.choice(["{y1}年工作打算", "下一步工作计划", "下一步工作措施"]), pool_plan),
    ]
    title = fill(
        rng,
        rng.choice(
            [
                "{ag}{y}年" + subject + "工作总结",
                "{ag}关于{y}年" + subject + "工作情况的报告",
                "{y}年度" + subject + "工作总结",
            ]
        ),
        y,
        ag,
    )
    return numbered_doc(rng, title, pool_done, parts, y, ag)


def rule_of_law(rng: random.Random) -> str:
    """法治政府建设年度报告: a legally required annual report on a neighbouring subject."""
    y, ag = year(rng), agency(rng)
    pool = [
        "{y}年，{ag}深入学习贯彻习近平法治思想，全面落实法治政府建设实施纲要，各项工作取得新进展。",
        "严格落实重大行政决策程序规定，全年作出重大行政决策{n}项，均经过合法性审查。",
        "全年办理行政复议案件{n}件，审结{n2}件，纠错率{pct}%。",
        "行政机关负责人出庭应诉率达到100%。",
        "深化行政执法体制改革，全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度。",
        "开展规范性文件清理，废止规范性文件{n}件，修改{n2}件。",
        "推进政务公开，依法保障人民群众知情权、参与权、表达权、监督权。",
        "落实“谁执法谁普法”普法责任制，组织开展法治宣传活动{n}场次。",
        "加强行政执法人员培训，全年组织执法人员资格考试{n}人次。",
        "党政主要负责人切实履行推进法治建设第一责任人职责，将法治建设纳入年度工作要点。",
        "自觉接受人大监督和政协民主监督，办理人大代表建议{n}件、政协提案{n2}件。",
    ]
    gaps = [
        "法治思维和依法行政能力有待进一步提升。",
        "行政执法规范化水平与群众期待还有差距。",
        "基层法治力量相对薄弱。",
    ]
    plans = [
        "{y1}年，将持续深化法治政府建设，推进严格规范公正文明执法。",
        "加强行政复议规范化建设，发挥化解行政争议主渠道作用。",
    ]
    parts = [
        ("{y}年推进法治政府建设的主要举措和成效", pool),
        ("存在的不足和原因", gaps),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", pool),
        ("{y1}年推进法治政府建设的主要安排", plans),
    ]
    title = fill(
        rng,
        rng.choice(["{ag}{y}年法治政府建设年度报告", "{ag}关于{y}年度法治政府建设情况的报告"]),
        y,
        ag,
    )
    return numbered_doc(rng, title, pool, parts, y, ag)


def gov_work_report(rng: random.Random) -> str:
    """政府工作报告: the annual report to the people's congress."""
    y, ag = year(rng), rng.choice(PLACES) + "人民政府"
    pool = [
        "过去一年，全市地区生产总值增长{pct}%，一般公共预算收入{n}亿元。",
        "城乡居民人均可支配收入分别增长{pct}%和{pct}%。",
        "新增城镇就业{n}人，城镇调查失业率控制在目标以内。",
        "实施重点项目{n}个，完成投资{n2}亿元。",
        "深入推进{topic}，办成了一批群众可感可及的实事。",
        "坚持依法行政，自觉接受人大法律监督、工作监督和政协民主监督。",
        "深化政务公开，建设人民满意的服务型政府。",
        "{y1}年是全面贯彻落实重要会议精神的关键之年。",
        "今年经济社会发展的主要预期目标是：地区生产总值增长{pct}%左右。",
        "我们要坚定信心、真抓实干，奋力谱写高质量发展新篇章。",
    ]
    parts = [("{y}年工作回顾", pool), ("{y1}年工作安排", pool), ("加强政府自身建设", pool)]
    title = f"政府工作报告\n——{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日在{ag[:-4]}第{rng.choice(CN_NUM)}届人民代表大会第{rng.choice(CN_NUM[:5])}次会议上\n{ag[:-4]}长 {rng.choice(PEOPLE)}\n各位代表："
    return numbered_doc(rng, title, pool, parts, y, ag)


def key_points(rng: random.Random) -> str:
    """政务公开工作要点: the year's disclosure plan (same vocabulary, no statistics tables)."""
    y, ag = year(rng), agency(rng)
    pool = [
        *DISCLOSURE_TALK,
        "各单位要加强对本领域政务公开工作的组织领导，明确分管负责同志和工作机构。",
        "严格执行《中华人民共和国政府信息公开条例》，依法依规办理政府信息公开申请。",
        "按时编制发布政府信息公开工作年度报告，确保内容准确、格式规范。",
        "加强政府信息公开申请办理答复规范化建设，降低行政复议纠错率和行政诉讼败诉率。",
        "做好人大代表建议和政协提案办理结果公开工作。",
        "各单位要对照本要点，细化任务分工，于{y}年{m}月底前报送落实情况。",
    ]
    parts = [
        (h, pool)
        for h in rng.sample(
            [
                "围绕{topic}加强政策发布解读",
                "深化重点领域信息公开",
                "提升政策解读回应质效",
                "夯实政务公开工作基础",
                "强化政务公开工作保障",
                "加强政府信息管理",
                "推进基层政务公开标准化规范化",
                "加强政务公开平台建设",
                "强化监督考核",
            ],
            rng.randint(3, 5),
        )
    ]
    title = fill(
        rng,
        rng.choice(
            [
                "{ag}{y}年政务公开工作要点",
                "{ag}关于印发{y}年政务公开工作要点的通知",
                "{y}年{place}政务公开工作实施方案",
            ]
        ),
        y,
        ag,
    )
    return numbered_doc(rng, title, pool, parts, y, ag)


def guide(rng: random.Random) -> str:
    """政府信息公开指南: how to ask for information (request procedure, not a year's report)."""
    y, ag = year(rng), agency(rng)
    pool = [
        "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。",
        "公民、法人或者其他组织可以向{ag}申请获取相关政府信息。",
        "申请人可以通过信函、传真、网络平台或者当面提交等方式提出申请。",
        "申请人应当填写《政府信息公开申请表》，并提供身份证明。",
        "能够当场答复的，应当当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
        "需要延长答复期限的，经负责人同意并告知申请人，延长的期限最长不得超过20个工作日。",
        "申请人认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。",
        "受理机构：{ag}办公室；办公地址：{place}人民路{n}号；邮政编码：{n2}；办公时间：工作日上午9:00-12:00。",
        "主动公开的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。",
        "本指南每年更新一次。",
    ]
    parts = [(h, pool) for h in ["主动公开", "依申请公开", "监督和救济"]]
    return numbered_doc(
        rng, fill(rng, "{ag}政府信息公开指南", y, ag), pool, parts, y, ag, sub=False
    )


def policy(rng: random.Random) -> str:
    """办法/规定/意见/实施细则: articles (第一条 …) or numbered opinions."""
    y, ag = year(rng), agency(rng)
    subject = rng.choice(
        ["{topic}", "政府信息公开", "政务公开", "行政规范性文件", "专项资金", "{topic}项目"]
    )
    kind = rng.choice(["管理办法", "实施办法", "若干规定", "实施细则", "实施意见", "暂行办法"])
    arts = [
        "为了规范" + subject + "工作，根据有关法律法规，结合本{unit}实际，制定本办法。",
        "本办法适用于本行政区域内" + subject + "的管理活动。",
        "{ag}负责本行政区域内" + subject + "的组织实施和监督管理。",
        "行政机关应当建立健全" + subject + "工作制度，明确工作机构和人员。",
        "违反本办法规定的，由上级行政机关责令改正；情节严重的，依法追究责任。",
        "有关单位应当在收到申请之日起{n}个工作日内作出决定。",
        "资金使用实行专款专用，任何单位和个人不得截留、挤占、挪用。",
        "本办法自{y}年{m}月{d}日起施行。",
        "本办法由{ag}负责解释。",
    ]
    title = fill(rng, "{place}" + subject + kind, y, ag)
    lines = [title, f"（{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日{ag}发布）"]
    if kind == "实施意见":
        lines.append(paragraph(rng, DISCLOSURE_TALK, y, ag, (1, 2)))
        for i in range(rng.randint(3, 6)):
            lines.append(
                f"{CN_NUM[i]}、"
                + fill(
                    rng,
                    rng.choice(["总体要求", "主要任务", "保障措施", "工作目标", "组织实施"]),
                    y,
                    ag,
                )
            )
            lines.append(paragraph(rng, [a.replace("{unit}", "市") for a in arts], y, ag))
    else:
        chapter = 1
        for i in range(rng.randint(6, 18)):
            if i % 5 == 0 and rng.random() < 0.5:
                lines.append(
                    f"第{CN_NUM[chapter - 1]}章 "
                    + rng.choice(["总则", "管理职责", "申请与审批", "监督检查", "法律责任", "附则"])
                )
                chapter = min(chapter + 1, 9)
            idx = CN_NUM[i] if i < 10 else "十" + CN_NUM[i - 10]
            lines.append(f"第{idx}条 " + fill(rng, rng.choice(arts).replace("{unit}", "市"), y, ag))
    return "\n".join(lines)


def fiction(rng: random.Random) -> str:
    names = ["林小舟", "苏晚", "老周", "阿青", "沈墨", "陈阿婆", "小满", "顾长风"]
    pool = [
        "{a}推开木门，院子里的桂花落了一地。",
        "天色渐渐暗下来，远处传来几声狗叫。",
        "“你怎么才回来？”{b}问道。",
        "{a}没有说话，只是把手里的包袱放在桌上。",
        "雨下了一整夜，河水涨得快要漫过石桥。",
        "她想起小时候在外婆家过年的情景。",
        "那年冬天特别冷，村口的老槐树冻裂了一道口子。",
        "{b}笑了笑，眼角的皱纹像水波一样散开。",
        "火车开出站台，窗外的田野一片金黄。",
        "他攥紧了那封信，信封上的字迹已经模糊。",
        "“明天一早就走吧。”{a}低声说。",
        "灯光下，{b}的影子被拉得很长。",
        "没有人知道那天晚上究竟发生了什么。",
        "街角的面馆还开着，老板正在擦桌子。",
        "风从山口吹过来，带着青草的味道。",
        "{a}终于明白，有些路只能一个人走。",
        "钟声响了三下，{b}合上了书。",
        "她把最后一块糖塞进了弟弟的口袋。",
    ]
    lines = [
        rng.choice(
            [
                "第"
                + rng.choice(CN_NUM)
                + "章 "
                + rng.choice(["归乡", "雨夜", "离别", "重逢", "远行", "旧信"]),
                rng.choice(["《河边的灯》", "《桂花落》", "《远山》", "《石桥》"]),
            ]
        )
    ]
    for _ in range(rng.randint(3, 30)):
        a, b = rng.sample(names, 2)
        lines.append("".join(s.format(a=a, b=b) for s in rng.sample(pool, rng.randint(1, 5))))
    return "\n".join(lines)


def dir_listing(rng: random.Random) -> str:
    """What ``python -m http.server`` serves for a folder (and nginx/Apache autoindex)."""
    path = "/" + "/".join(
        rng.sample(
            ["files", "docs", "gk", "upload", "2023", "attach", "nb", "public"], rng.randint(0, 3)
        )
    )
    names = [
        rng.choice(["report", "nb", "gknb", "data", "index", "附件", "年报", "file", "img"])
        + str(rng.randint(1, 999))
        + rng.choice([".pdf", ".html", ".txt", ".docx", ".png", "/", ".zip", ".xls"])
        for _ in range(rng.randint(1, 30))
    ]
    if rng.random() < 0.5:
        items = "\n".join(f'<li><a href="{n}">{n}</a></li>' for n in names)
        return (
            f'<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for {path}/</title>\n'
            f"</head>\n<body>\n<h1>Directory listing for {path}/</h1>\n<hr>\n<ul>\n{items}\n</ul>\n<hr>\n</body>\n</html>\n"
        )
    rows = "\n".join(
        f'<a href="{n}">{n}</a>{" " * rng.randint(2, 40)}{rng.randint(1, 28):02d}-Mar-20{rng.randint(15, 25)} 10:{rng.randint(10, 59)}  {rng.randint(1, 9000)}K'
        for n in names
    )
    return f'<html>\n<head><title>Index of {path}/</title></head>\n<body>\n<h1>Index of {path}/</h1><hr><pre><a href="../">../</a>\n{rows}\n</pre><hr></body>\n</html>\n'


def portal_list(rng: random.Random) -> str:
    """A portal's column page: a list of article links (some of them links TO annual reports)."""
    ag = agency(rng)
    column = rng.choice(
        ["政府信息公开年报", "通知公告", "政务动态", "政策文件", "年度报告", "法定主动公开内容"]
    )
    items = []
    for _ in range(rng.randint(5, 25)):
        y = year(rng)
        t = fill(
            rng,
            rng.choice(
                [
                    "{ag}{y}年政府信息公开工作年度报告",
                    "{place}{act}{topic}{meet}",
                    "关于开展{topic}工作的通知",
                    "{y}年{topic}工作总结",
                    "{place}政府信息公开指南",
                    "{ag}{y}年法治政府建设年度报告",
                ]
            ),
            y,
            ag,
        )
        items.append(
            f'<li><a href="/art/{y}/{rng.randint(1, 12)}/{rng.randint(1, 28)}/art_{rng.randint(1000, 99999)}.html" title="{t}">{t}</a><span>{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}</span></li>'
        )
    nav = "".join(
        f"<a href='#'>{x}</a>"
        for x in ["首页", "政务公开", "政务服务", "互动交流", "走进" + ag[:3]]
    )
    pager = f"<div class='page'>共{rng.randint(1, 40)}页 首页 上一页 下一页 尾页 跳转到第 页</div>"
    return (
        f"<html><head><meta charset='utf-8'><title>{column}_{ag}</title></head><body>"
        f"<div class='nav'>{nav}</div><div class='crumb'>当前位置：首页 > 政务公开 > {column}</div>"
        f"<div class='list'><h2>{column}</h2><ul>{''.join(items)}</ul>{pager}</div>"
        f"<div class='footer'>主办单位：{ag} 网站标识码：{rng.randint(1000000000, 9999999999)} ICP备{rng.randint(10000000, 99999999)}号</div></body></html>"
    )


def random_cjk(rng: random.Random) -> str:
    alphabet = COMMON_CJK if rng.random() < 0.6 else "".join(chr(c) for c in range(0x4E00, 0x9FA5))
    lines = []
    for _ in range(rng.randint(1, 40)):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 80)))
        if rng.random() < 0.5:
            line = "".join(
                ch + ("，" if rng.random() < 0.08 else "。" if rng.random() < 0.03 else "")
                for ch in line
            )
        lines.append(line)
    return "\n".join(lines)


def random_bytes(rng: random.Random) -> bytes:
    n = rng.choice([rng.randint(16, 200), rng.randint(200, 4000), rng.randint(2000, 6000)])
    return bytes(rng.getrandbits(8) for _ in range(n))


def english(rng: random.Random) -> str:
    lines = []
    if rng.random() < 0.4:
        lines.append(f"Annual Report {year(rng)}")
    for _ in range(rng.randint(1, 12)):
        words = [rng.choice(EN_WORDS) for _ in range(rng.randint(8, 60))]
        lines.append(" ".join(words).capitalize() + ".")
    return "\n".join(lines)


def short(rng: random.Random) -> str:
    y, ag = year(rng), agency(rng)
    return fill(
        rng,
        rng.choice(
            [
                "hello",
                "Hello, world!",
                "404 Not Found",
                "页面不存在",
                "您访问的页面不存在或已被删除",
                "登录",
                "请输入验证码",
                "test",
                "{ag}",
                "{y}年",
                "正在加载中，请稍候……",
                "对不起，您没有访问权限",
                "Forbidden",
                "系统维护中",
                "点击下载附件",
                "政府信息公开",
                "{ag}政府信息公开",
                "年度报告",
                "{n}",
                "OK",
                "null",
                "<html><body></body></html>",
                "欢迎访问{ag}门户网站",
            ]
        ),
        y,
        ag,
    )


def mixed_table(rng: random.Random) -> str:
    """Statistical tables that are not the template's (budgets, procurement, population)."""
    y, ag = year(rng), agency(rng)
    rows = [
        rng.choice(
            [
                "一般公共预算收入",
                "税收收入",
                "非税收入",
                "教育支出",
                "农林水支出",
                "社会保障和就业支出",
                "常住人口",
                "城镇人口",
                "采购项目数量",
                "合同金额",
                "粮食产量",
                "规模以上工业增加值",
            ]
        )
        for _ in range(rng.randint(3, 15))
    ]
    head = rng.choice(
        [
            "项目 | 预算数 | 执行数 | 完成率",
            "指标 | 单位 | 本年 | 上年 | 增长",
            "序号 | 名称 | 金额（万元）",
        ]
    )
    body = "\n".join(f"{r} | {num(rng)} | {num(rng)} | {rng.randint(50, 130)}%" for r in rows)
    title = fill(
        rng,
        rng.choice(
            [
                "{ag}{y}年部门预算表",
                "{place}{y}年国民经济和社会发展统计公报",
                "{ag}{y}年政府采购情况表",
                "{ag}{y}年部门决算说明",
            ]
        ),
        y,
        ag,
    )
    return f"{title}\n{paragraph(rng, ['单位：万元。', '数据来源：{place}统计局。', '{y}年，全年实现增长{pct}%。'], y, ag, (1, 2))}\n{head}\n{body}"


KINDS: dict[str, Callable[[random.Random], str | bytes]] = {
    "news": news,
    "notice": notice,
    "work_summary": work_summary,
    "rule_of_law": rule_of_law,
    "gov_work_report": gov_work_report,
    "key_points": key_points,
    "guide": guide,
    "policy": policy,
    "fiction": fiction,
    "dir_listing": dir_listing,
    "portal_list": portal_list,
    "random_cjk": random_cjk,
    "random_bytes": random_bytes,
    "english": english,
    "short": short,
    "stat_table": mixed_table,
}
HTML_KINDS = {"dir_listing", "portal_list"}


def wrap_html(rng: random.Random, text: str, title: str) -> str:
    """Some text kinds arrive as web pages, as a crawler would find them."""
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><div class='nav'>首页 政务公开 "
        f"新闻中心</div><div class='article-content'>{body}</div><div class='footer'>版权所有</div></body></html>"
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.jsonl"):
        old.unlink()
    total = 0
    for kind, make in KINDS.items():
        rng = random.Random(f"{SEED}-{kind}")
        lines = []
        for i in range(PER_KIND):
            doc = make(rng)
            entry: dict[str, str] = {"doc_id": f"{kind}_{i:03d}", "kind": kind}
            if isinstance(doc, bytes):
                entry |= {"ext": "bin", "b64": base64.b64encode(doc).decode("ascii")}
            elif kind in HTML_KINDS:
                entry |= {"ext": "html", "text": doc}
            elif kind not in {"random_cjk", "short"} and rng.random() < 0.3:
                entry |= {"ext": "html", "text": wrap_html(rng, doc, doc.splitlines()[0][:40])}
            else:
                entry |= {"ext": "txt", "text": doc}
            lines.append(json.dumps(entry, ensure_ascii=False))
        (OUT / f"{kind}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += len(lines)
    print(f"wrote {total} documents in {len(KINDS)} kinds to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
