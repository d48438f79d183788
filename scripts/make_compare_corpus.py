"""Write corpus/compare: consecutive-year reports of invented bodies, and a truth file per pair.

The prose below was written for this corpus (fictional bodies, no text from real reports). Each
later report repeats some of the earlier one's problems word for word, repeats others reworded,
and adds new ones; some promised measures are followed up by an achievement sentence, others
are not. The tables are drawn at random (fixed seeds) so that R1–R4 hold; S1 and S2 pass or fail
where the plan below says so. The truth (field deltas, S1/S2, repeats, follow-ups) is computed
here from the numbers and the plan, not by the extractor.

    python scripts/make_compare_corpus.py      # rewrites corpus/compare/{docs,truth}
"""

# The prose and the template's table rows are long lines; wrapping them hurts reading.
# ruff: noqa: E501

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent / "corpus" / "compare"
COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services",
        "other_org")  # fmt: skip
# Relative sizes of the applicant columns: individuals file most requests.
SCALE = {"natural_person": 6, "commercial": 3, "research": 1, "public_interest": 1,
         "legal_services": 2, "other_org": 1}  # fmt: skip
RESULT_ROWS: list[tuple[str, str, str]] = [
    ("requests.granted", "三、本年度办理结果 | (一)予以公开", "g"),
    ("requests.partially_granted", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "g"),
    ("requests.denied.state_secret", "(三)不予公开 | 1.属于国家秘密", "r"),
    ("requests.denied.prohibited_by_law", "2.其他法律行政法规禁止公开", "r"),
    ("requests.denied.three_safeties", "3.危及“三安全一稳定”", "r"),
    ("requests.denied.third_party_rights", "4.保护第三方合法权益", "r"),
    ("requests.denied.internal_affairs", "5.属于三类内部事务信息", "r"),
    ("requests.denied.process_information", "6.属于四类过程性信息", "r"),
    ("requests.denied.enforcement_files", "7.属于行政执法案卷", "r"),
    ("requests.denied.inquiry_matters", "8.属于行政查询事项", "r"),
    ("requests.unavailable.not_held", "(四)无法提供 | 1.本机关不掌握相关政府信息", "u"),
    ("requests.unavailable.needs_creation", "2.没有现成信息需要另行制作", "r"),
    ("requests.unavailable.unclear_after_correction", "3.补正后申请内容仍不明确", "r"),
    ("requests.not_processed.complaint", "(五)不予处理 | 1.信访举报投诉类申请", "r"),
    ("requests.not_processed.duplicate", "2.重复申请", "r"),
    ("requests.not_processed.publication", "3.要求提供公开出版物", "r"),
    ("requests.not_processed.excessive", "4.无正当理由大量反复申请", "z"),
    ("requests.not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", "r"),
]
OTHER_2021 = [
    ("requests.other.no_correction",
     "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "r"),
    ("requests.other.fee_unpaid",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "z"),
    ("requests.other.misc", "3.其他", "r"),
]  # fmt: skip
OTHER_2019 = [("requests.other.all", "(六)其他处理", "r")]
MAPPED_2019 = {
    "proactive.regulations.issued": ["proactive.regulations.made"],
    "proactive.normative_documents.issued": ["proactive.normative_documents.made"],
    **{
        f"requests.other.no_correction.{c}+requests.other.fee_unpaid.{c}+requests.other.misc.{c}":
        [f"requests.other.all.{c}"]
        for c in (*COLS, "total")
    },
}  # fmt: skip

# --- the prose, written for this corpus ----------------------------------------------------------

DOCS: dict[str, dict[str, Any]] = {
    "qinghe2021": {
        "agency": "青禾县人民政府", "year": 2021, "format": "2021", "seed": 11,
        "overview": [
            "2021年，青禾县人民政府把政务公开作为转变政府职能的重要抓手，县政府常务会议专题研究政务公开工作1次。",
            "全年通过县政府门户网站主动公开政府信息3120条，公开财政预决算、重大建设项目和社会救助等重点领域信息640条。",
            "县政府办公室组织全县政务公开业务培训2次，参训人员130人次。",
        ],
        "problems": [
            "一是部分乡镇主动公开信息更新不及时，个别栏目长期没有更新内容。",
            "二是政策解读形式比较单一，图解和视频解读数量偏少。",
            "三是依申请公开答复文书不够规范，个别答复未告知救济渠道。",
        ],
        "measures": [
            "一是建立栏目更新月度巡查制度，对长期未更新的栏目逐一督促整改。",
            "二是丰富政策解读形式，2022年力争制作图解和短视频解读产品30件以上。",
            "三是制定依申请公开答复文书范本，组织经办人员开展专题培训。",
        ],
    },
    "qinghe2022": {
        "agency": "青禾县人民政府", "year": 2022, "format": "2021", "seed": 12,
        "overview": [
            "2022年，青禾县人民政府坚持以公开促落实、以公开促规范，政务公开工作质量稳步提升。",
            "全年制作政策图解和短视频解读产品32件，政策解读形式更加丰富。",
            "县政府办公室印发依申请公开答复文书范本，并组织全县经办人员开展答复文书专题培训2次。",
            "全年通过县政府门户网站主动公开政府信息3480条，其中重点领域信息710条。",
        ],
        "problems": [
            "一是部分乡镇主动公开信息更新不及时，个别栏目长期没有更新内容。",
            "二是政务新媒体账号管理不够规范，个别账号存在内容审核把关不严的情况。",
            "三是依申请公开答复文书的规范性仍有欠缺，少数答复没有写明救济途径。",
        ],
        "measures": [
            "一是对乡镇网站栏目实行季度通报，把栏目更新情况纳入年度考核。",
            "二是开展政务新媒体专项整治，落实账号内容三审制度。",
            "三是定期开展依申请公开案例评析，提升答复质量。",
        ],
    },
    "qinghe2023": {
        "agency": "青禾县人民政府", "year": 2023, "format": "2021", "seed": 13,
        "overview": [
            "2023年，青禾县人民政府围绕优化营商环境和保障改善民生，持续深化政务公开。",
            "全年对乡镇网站栏目开展季度通报4次，并已将栏目更新情况纳入年度考核。",
            "组织依申请公开案例评析会3次，答复质量明显提升。",
            "全年通过县政府门户网站主动公开政府信息3650条。",
        ],
        "problems": [
            "一是个别政务新媒体账号内容审核仍不够严格，账号管理制度落实不到位。",
            "二是基层政务公开专区建设不平衡，部分村（社区）公开内容较为简单。",
            "三是政府信息公开工作人员力量不足，专职人员较少。",
        ],
        "measures": [
            "一是完善政务新媒体管理办法，对违规账号及时督促整改或关停。",
            "二是推进村（社区）政务公开专区标准化建设，统一公开目录。",
            "三是充实政府信息公开工作力量，每个部门明确一名专职联络员。",
        ],
    },
    "yuntai2020": {
        "agency": "云台区人民政府", "year": 2020, "format": "2019", "seed": 21,
        "overview": [
            "2020年，云台区人民政府认真贯彻政府信息公开条例，全区政务公开工作有序推进。",
            "全年主动公开政府信息2230条，其中疫情防控相关信息380条。",
            "区政府办公室对区直部门政务公开工作开展年度考核，考核结果在全区通报。",
        ],
        "problems": [
            "一是重点领域信息公开的深度不够，部分信息只公开结果不公开过程。",
            "二是政府网站检索功能不完善，群众查找信息不够方便。",
            "三是政务公开培训覆盖面不广，基层人员业务能力参差不齐。",
        ],
        "measures": [
            "一是细化重点领域信息公开目录，推动决策、执行、管理、服务、结果全过程公开。",
            "二是升级政府网站站内搜索系统，提升信息检索的准确性。",
            "三是扩大培训覆盖面，2021年实现对各街道经办人员培训全覆盖。",
        ],
    },
    "yuntai2021": {
        "agency": "云台区人民政府", "year": 2021, "format": "2021", "seed": 22,
        "overview": [
            "2021年，云台区人民政府对照新修订的年度报告格式，规范信息公开统计口径。",
            "区政府门户网站已完成站内搜索系统升级，信息检索的准确性明显提高。",
            "全年主动公开政府信息2580条，发布政策解读稿件64篇。",
        ],
        "problems": [
            "一是重点领域信息公开深度仍然不够，部分事项只公开结果、未公开过程。",
            "二是政策文件解读质量不高，部分解读稿照搬文件原文。",
            "三是政务公开培训覆盖面不广，基层人员业务能力参差不齐。",
        ],
        "measures": [
            "一是编制重点领域公开事项清单，逐项明确公开内容和时限。",
            "二是建立解读稿件审核机制，杜绝照搬原文。",
            "三是分片区组织业务轮训，提高基层经办人员能力。",
        ],
    },
    "luming2023": {
        "agency": "鹿鸣市自然资源局", "year": 2023, "format": "2021", "seed": 31,
        "overview": [
            "2023年，鹿鸣市自然资源局围绕国土空间规划和不动产登记等重点工作，做好政府信息公开。",
            "全年在局门户网站公开规划批前公示和批后公告共215件。",
            "局办公室牵头对依申请公开办理流程进行梳理，编制办理流程图。",
        ],
        "problems": [
            "一是规划类信息更新滞后，部分规划批前公示上网时间偏晚。",
            "二是依申请公开办理中与业务科室沟通不够顺畅，个别申请临近期限才答复。",
            "三是信息公开工作人员对保密审查要求把握不够准确。",
        ],
        "measures": [
            "一是建立规划信息公开台账，确保批前公示按时上网。",
            "二是建立依申请公开办理督办机制，实行到期前提醒。",
            "三是组织保密审查专题培训，编印保密审查工作指引。",
        ],
    },
    "luming2024": {
        "agency": "鹿鸣市自然资源局", "year": 2024, "format": "2021", "seed": 32,
        "overview": [
            "2024年，鹿鸣市自然资源局持续推进自然资源领域政务公开标准化规范化建设。",
            "局里已建立规划信息公开台账，全年规划批前公示均按时上网。",
            "举办保密审查专题培训2期，并印发保密审查工作指引。",
            "全年在局门户网站公开规划批前公示和批后公告共248件。",
        ],
        "problems": [
            "一是不动产登记类信息的公开形式较为单一，群众查询渠道有限。",
            "二是依申请公开办理中与业务科室协调不够顺畅，少数申请临近答复期限才办结。",
            "三是政务公开专栏的栏目设置不够合理，部分信息归类不准确。",
        ],
        "measures": [
            "一是拓展不动产登记信息查询渠道，开通线上查询服务。",
            "二是完善跨科室会商制度，疑难申请由分管领导协调。",
            "三是优化政务公开专栏栏目设置，逐条核对信息归类。",
        ],
    },
}  # fmt: skip

# Each pair: which new problems repeat which old ones (indices into "problems"), which old
# measures the new report follows up (indices into "measures"), and what S1/S2 should do.
PAIRS: dict[str, dict[str, Any]] = {
    "qinghe2021_2022": {
        "old": "qinghe2021", "new": "qinghe2022",
        "repeats": {0: (0, "verbatim"), 2: (2, "reworded")}, "followed": [1, 2],
        "s1_break": {}, "s2_break": {},
    },
    "qinghe2022_2023": {
        "old": "qinghe2022", "new": "qinghe2023",
        "repeats": {0: (1, "reworded")}, "followed": [0, 2],
        # An application the office found again in its files: carried over one more than
        # the previous report carried forward (S1 fails in two columns).
        "s1_break": {"natural_person": 1},
        # Four documents lapsed without being repealed (S2 fails).
        "s2_break": {"normative_documents": -4},
    },
    "yuntai2020_2021": {
        "old": "yuntai2020", "new": "yuntai2021",
        "repeats": {0: (0, "reworded"), 2: (2, "verbatim")}, "followed": [1],
        "s1_break": {}, "s2_break": {},
    },
    "luming2023_2024": {
        "old": "luming2023", "new": "luming2024",
        "repeats": {1: (1, "reworded")}, "followed": [0, 2],
        "s1_break": {}, "s2_break": {},
    },
}  # fmt: skip


def _draw(rng: random.Random, kind: str, scale: int) -> int:
    if kind == "z":
        return 0
    if kind == "g":
        return rng.randint(2 * scale, 9 * scale)
    if kind == "u":
        return rng.randint(0, 3 * scale)
    return rng.choice([0, 0, 0, 1, 1, 2]) if scale > 1 else rng.choice([0, 0, 0, 0, 1])


def gen_fields(
    doc: dict[str, Any], prev: dict[str, Any] | None, plan: dict[str, Any]
) -> dict[str, Any]:
    rng = random.Random(doc["seed"])
    fmt = doc["format"]
    f: dict[str, Any] = {}
    # Table 2
    if fmt == "2021":
        for kind in ("regulations", "normative_documents"):
            issued = 0 if kind == "regulations" else rng.randint(5, 30)
            repealed = 0 if kind == "regulations" else rng.randint(0, 6)
            last = None
            if prev is not None:
                last = prev.get(f"proactive.{kind}.in_force")
            if last is None:
                last = 0 if kind == "regulations" else rng.randint(60, 200)
            in_force = last + issued - repealed + plan.get("s2_break", {}).get(kind, 0)
            f[f"proactive.{kind}.issued"] = issued
            f[f"proactive.{kind}.repealed"] = repealed
            f[f"proactive.{kind}.in_force"] = in_force
        f["proactive.licensing.decisions"] = rng.randint(800, 6000)
        f["proactive.penalty.decisions"] = rng.randint(100, 1500)
        f["proactive.coercion.decisions"] = rng.randint(0, 60)
        f["proactive.fees.amount_10k_yuan"] = round(rng.randint(1000, 90000) / 100, 2)
    else:
        for kind in ("regulations", "normative_documents"):
            made = 0 if kind == "regulations" else rng.randint(5, 30)
            f[f"proactive.{kind}.made"] = made
            f[f"proactive.{kind}.published"] = made
            f[f"proactive.{kind}.total_public"] = (
                0 if kind == "regulations" else rng.randint(80, 200)
            )
        for kind, decisions in (("licensing", True), ("other_services", True), ("penalty", True),
                                ("coercion", True), ("fees", False)):  # fmt: skip
            f[f"proactive.{kind}.prior_year_items"] = rng.randint(5, 400)
            f[f"proactive.{kind}.change"] = rng.randint(-5, 8)
            if decisions:
                f[f"proactive.{kind}.decisions"] = rng.randint(0, 3000)
        f["proactive.procurement.projects"] = rng.randint(3, 40)
        f["proactive.procurement.amount_yuan"] = rng.randint(100000, 9000000)
    # Table 3, column by column so that R1 and R3 hold; R2 by summing the columns.
    rows = RESULT_ROWS + (OTHER_2021 if fmt == "2021" else OTHER_2019)
    for col in COLS:
        s = SCALE[col]
        for fid, _, kind in rows:
            f[f"{fid}.{col}"] = _draw(rng, kind, s)
        total = sum(f[f"{fid}.{col}"] for fid, _, _ in rows)
        co = (prev or {}).get(f"requests.carried_forward.{col}")
        if co is None:
            co = rng.randint(0, s)
        co += plan.get("s1_break", {}).get(col, 0)
        cf = rng.randint(0, s)
        new = total + cf - co
        if new < 0:
            f[f"requests.granted.{col}"] -= new
            total -= new
            new = 0
        f[f"requests.results_total.{col}"] = total
        f[f"requests.carried_over.{col}"] = co
        f[f"requests.carried_forward.{col}"] = cf
        f[f"requests.new.{col}"] = new
    for fid in [r[0] for r in rows] + ["requests.new", "requests.carried_over",
                                       "requests.results_total", "requests.carried_forward"]:  # fmt: skip
        f[f"{fid}.total"] = sum(f[f"{fid}.{c}"] for c in COLS)
    # Table 4
    for block in ("review", "litigation_direct", "litigation_after_review"):
        parts = [rng.randint(0, 4), rng.randint(0, 2), rng.randint(0, 1), rng.randint(0, 2)]
        for name, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            f[f"{block}.{name}"] = v
        f[f"{block}.total"] = sum(parts)
    return f


def _row(label: str, values: list[Any], width: int) -> str:
    cells = [label, *(str(v) for v in values)]
    return " | ".join(cells) + " |" + "|" * max(0, width - len(cells))


def render(doc: dict[str, Any], f: dict[str, Any]) -> str:
    y, agency, fmt = doc["year"], doc["agency"], doc["format"]
    office = (
        agency.replace("人民政府", "人民政府办公室") if "人民政府" in agency else agency + "办公室"
    )
    basis = ("《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号)" if fmt == "2021"
             else "《政府信息公开工作年度报告格式(试行)》(国办公开办函〔2019〕60号)")  # fmt: skip
    out = [
        f"{agency}{y}年政府信息公开工作年度报告",
        f"本报告依据《中华人民共和国政府信息公开条例》第五十条和{basis}的要求,由{office}编写。"
        f"报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问,请与{office}联系。",
        "一、总体情况",
        *doc["overview"],
        "二、主动公开政府信息情况",
    ]
    if fmt == "2021":
        out += [
            "第二十条第(一)项 | |||",
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        ]
        for kind, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            out.append(_row(label, [f[f"proactive.{kind}.{p}"] for p in ("issued", "repealed",
                                                                          "in_force")], 4))  # fmt: skip
        out += ["第二十条第(五)项 | |||", "信息内容 | 本年处理决定数量 | ||",
                _row("行政许可", [f["proactive.licensing.decisions"]], 4),
                "第二十条第(六)项 | |||", "信息内容 | 本年处理决定数量 | ||",
                _row("行政处罚", [f["proactive.penalty.decisions"]], 4),
                _row("行政强制", [f["proactive.coercion.decisions"]], 4),
                "第二十条第(八)项 | |||", "信息内容 | 本年收费金额(单位:万元) | ||",
                f"行政事业性收费 | {f['proactive.fees.amount_10k_yuan']} |"]  # fmt: skip
    else:
        out += [
            "第二十条第(一)项 | |||",
            "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        ]
        for kind, label in (("regulations", "规章"), ("normative_documents", "规范性文件")):
            out.append(_row(label, [f[f"proactive.{kind}.{p}"] for p in ("made", "published",
                                                                          "total_public")], 4))  # fmt: skip
        head = "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |"
        out += ["第二十条第(五)项 | |||", head]
        for kind, label in (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")):
            out.append(_row(label, [f[f"proactive.{kind}.{p}"] for p in ("prior_year_items",
                                                                          "change", "decisions")], 4))  # fmt: skip
        out += ["第二十条第(六)项 | |||", head]
        for kind, label in (("penalty", "行政处罚"), ("coercion", "行政强制")):
            out.append(_row(label, [f[f"proactive.{kind}.{p}"] for p in ("prior_year_items",
                                                                          "change", "decisions")], 4))  # fmt: skip
        out += ["第二十条第(八)项 | |||", "信息内容 | 上一年项目数量 | 本年增/减 | |",
                _row("行政事业性收费", [f["proactive.fees.prior_year_items"],
                                       f["proactive.fees.change"]], 4),
                "第二十条第(九)项 | |||", "信息内容 | 采购项目数量 | 采购总金额 | |",
                _row("政府集中采购", [f["proactive.procurement.projects"],
                                     f"{f['proactive.procurement.amount_yuan']}元"], 4)]  # fmt: skip
    out += [
        "三、收到和处理政府信息公开申请情况",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||",
        "自然人 | 法人或其他组织 | 总计 | |||||||",
        "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||",
    ]
    cols = [*COLS, "total"]
    out.append(_row("一、本年新收政府信息公开申请数量", [f[f"requests.new.{c}"] for c in cols], 10))
    out.append(_row("二、上年结转政府信息公开申请数量", [f[f"requests.carried_over.{c}"] for c in cols], 10))  # fmt: skip
    rows = RESULT_ROWS + (OTHER_2021 if fmt == "2021" else OTHER_2019)
    for fid, label, _ in rows:
        out.append(_row(label, [f[f"{fid}.{c}"] for c in cols], 10))
    out.append(_row("(七)总计", [f[f"requests.results_total.{c}"] for c in cols], 10))
    out.append(
        _row("四、结转下年度继续办理", [f[f"requests.carried_forward.{c}"] for c in cols], 9)
    )
    out += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 | 行政诉讼 | |||||||||||||",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | |||||",
        " | ".join(str(f[f"{b}.{p}"]) for b in ("review", "litigation_direct",
                                             "litigation_after_review")
                   for p in ("upheld", "corrected", "other", "pending", "total")) + " |",
        "五、存在的主要问题及改进情况",
        "(一)存在问题",
        *doc["problems"],
        "(二)改进措施",
        *doc["measures"],
        "六、其他需要报告的事项",
        f"{y}年度,本机关未收取政府信息公开信息处理费。",
    ]  # fmt: skip
    return "\n".join(out) + "\n"


def probe(sentence: str) -> str:
    """A probe: the sentence without its ordinal and end mark (it occurs verbatim in the text)."""
    s = sentence.rstrip("。")
    return s[2:] if s[1] == "是" else s


def delta_truth(
    old: dict[str, Any], new: dict[str, Any], old_fmt: str, new_fmt: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fid in new:
        if fid in old:
            out[fid] = {"old": old[fid], "new": new[fid], "change": round(new[fid] - old[fid], 6)}
    if (old_fmt, new_fmt) == ("2019", "2021"):
        for new_expr, old_ids in MAPPED_2019.items():
            a = sum(old[i] for i in old_ids)
            b = sum(new[i] for i in new_expr.split("+"))
            out[new_expr] = {"old": a, "new": b, "change": b - a}
    return out


def cross_truth(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []
    for c in [*COLS, "total"]:
        exp, found = old[f"requests.carried_forward.{c}"], new[f"requests.carried_over.{c}"]
        checks.append({"rule": "S1", "scope": f"requests.carried_over.{c}",
                       "status": "pass" if exp == found else "fail", "expected": exp,
                       "found": found})  # fmt: skip
    for kind in ("regulations", "normative_documents"):
        p = f"proactive.{kind}."
        if p + "in_force" not in old or p + "in_force" not in new:
            continue
        exp = old[p + "in_force"] + new[p + "issued"] - new[p + "repealed"]
        found = new[p + "in_force"]
        checks.append({"rule": "S2", "scope": p + "in_force",
                       "status": "pass" if exp == found else "fail", "expected": exp,
                       "found": found})  # fmt: skip
    return checks


def main() -> None:
    (ROOT / "docs").mkdir(parents=True, exist_ok=True)
    (ROOT / "truth").mkdir(parents=True, exist_ok=True)
    fields: dict[str, dict[str, Any]] = {}
    plan_of_new = {p["new"]: p for p in PAIRS.values()}
    prev_of = {p["new"]: p["old"] for p in PAIRS.values()}
    for name, doc in DOCS.items():  # dict order: every old report comes before its new one
        prev = fields.get(prev_of.get(name, ""))
        fields[name] = gen_fields(doc, prev, plan_of_new.get(name, {}))
        (ROOT / "docs" / f"{name}.txt").write_text(render(doc, fields[name]), encoding="utf-8")
    for pair, plan in PAIRS.items():
        old, new = DOCS[plan["old"]], DOCS[plan["new"]]
        truth = {
            "pair": pair,
            "old": f"docs/{plan['old']}.txt",
            "new": f"docs/{plan['new']}.txt",
            "agency": new["agency"],
            "years": [old["year"], new["year"]],
            "formats": [old["format"], new["format"]],
            "field_deltas": delta_truth(
                fields[plan["old"]], fields[plan["new"]], old["format"], new["format"]
            ),
            "cross_checks": cross_truth(fields[plan["old"]], fields[plan["new"]]),
            "problems": [
                {
                    "new": probe(p),
                    "repeats": probe(old["problems"][plan["repeats"][i][0]])
                    if i in plan["repeats"]
                    else None,
                    "how": plan["repeats"][i][1] if i in plan["repeats"] else "new",
                }
                for i, p in enumerate(new["problems"])
            ],
            "measures": [
                {"measure": probe(m), "followed_up": i in plan["followed"]}
                for i, m in enumerate(old["measures"])
            ],
        }
        (ROOT / "truth" / f"{pair}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
