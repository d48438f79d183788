#!/usr/bin/env python3
"""Session 12: fictional reports in layouts the corpus did not have, with truth files.

Writes ``corpus/samples/<doc>.html`` and ``corpus/truth/<doc>.json`` for each document of
``DOCS`` (fixed seeds: every run writes the same bytes). With ``--variants N --out DIR`` it
writes N more copies of each layout with other numbers (seeds 1000+) into DIR instead, to show
that a rule holds for the layout's family and not for one file.

Layouts (none of them in ``corpus/`` before session 12):

- ``qinglan2022_split``: a county department's page; table 三 is two ``<table>`` elements cut at
  a page break before （四）, the header rows and the 三、本年度办理结果 cell repeated in the
  second, a ``（续表）`` paragraph between them; zeros printed ``—`` (table 二's 规章 row
  ``/``), ``-`` in the organisation columns of table 三.
- ``songpu2023_sep``: a city bureau's page; table 二 with a leading 序号 column; thousands
  separators (``126,480``, ``1,032``; full-width ``272，673`` in the 行政许可 and fee
  rows); a 注： row inside table 三 whose text holds dates and counts;
  table 四 in full-width digits.
- ``heyuan2019_2019fmt``: a township's 2019-format page (22-value table 二, single （六） row);
  table 二's zeros printed ``无``, signed changes ``+3``; table 四 transposed (three rows
  行政复议 / 未经复议直接起诉 / 复议后起诉 of five columns).
- ``baisha2017_stat``: a county bureau's pre-2019 report whose national 统计表 (2014 form:
  统计指标 | 单位 | 统计数) is cut into two tables at a page break, the header repeated; no field
  of the 2019/2021 templates applies (its truth has none: any value is unexpected).

Numbers come from ``make_table_corpus``'s generators (R1–R4 hold); the prose is our own.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_table_corpus as mtc  # noqa: E402

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def thousands(s: str) -> str:
    """``126480`` → ``126,480``; decimals keep their fraction."""
    whole, dot, frac = s.partition(".")
    if not whole.isdigit():
        return s
    return f"{int(whole):,}" + (dot + frac)


def td(text: str, rs: int = 1, cs: int = 1) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    return f"<td{attrs}>{text}</td>"


def grid_rows(
    grid: mtc.Grid,
    show: Callable[[str, mtc.Row], str],
    lead: Callable[[mtc.Row], list[str]] | None = None,
) -> list[str]:
    out = []
    for row in grid.rows:
        cells = lead(row) if lead else []
        for c in row.cells:
            t = show(c.field, row) if c.role == "val" and c.field else c.text
            cells.append(td(t, c.rs, c.cs))
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


TABLE = '<table border="1" cellspacing="0" cellpadding="4" width="100%">'


def page(title: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{title}</title>",
            "<style>td{border:1px solid #000;text-align:center;font-size:12px}</style>",
            "</head>",
            "<body>",
            '<div class="top-nav"><a href="#">首页</a> | <a href="#">政务公开</a></div>',
            '<div class="content">',
            f"<h1>{title}</h1>",
            *body,
            "</div>",
            '<div class="foot"><p>本网站由县政务数据中心维护</p></div>',
            "</body>",
            "</html>",
            "",
        ]
    )


def t3_values(rng: random.Random, scale: str, single: bool) -> dict[str, int]:
    tpl = mtc.TPL["requests_single_other" if single else "requests_2021"]
    values = mtc.gen_t3(rng, scale, tpl)
    return values


def numbers(rng: random.Random, ag: dict[str, str], fmt: str) -> tuple[dict[str, Any], dict]:
    if fmt == "2019":
        t2, disp = mtc.gen_t2_2019(rng, ag)
    else:
        t2, disp = mtc.gen_t2_2021(rng, ag)
    t3 = t3_values(rng, ag["scale"], single=fmt == "2019")
    t4 = mtc.gen_t4(rng, ag["scale"])
    fields: dict[str, Any] = {**t2, **t3, **t4}
    disp.update({k: str(v) for k, v in {**t3, **t4}.items()})
    return fields, disp


def overview(name: str, year: int, f: dict[str, Any], extra: str) -> list[str]:
    new = f["requests.new.total"]
    rev, lit = f["review.total"], f["litigation_direct.total"] + f["litigation_after_review.total"]
    return [
        "<p><strong>一、总体情况</strong></p>",
        f"<p>{year}年，{name}把政务公开作为转变作风的日常抓手，{extra}</p>",
        f"<p>全年共受理政府信息公开申请{new}件，因政府信息公开被申请行政复议{rev}件、"
        f"被提起行政诉讼{lit}件。</p>",
    ]


def tail(problem: list[str], measure: list[str], other: list[str]) -> list[str]:
    return [
        "<p><strong>五、存在的主要问题及改进情况</strong></p>",
        *(f"<p>{p}</p>" for p in problem),
        *(f"<p>{m}</p>" for m in measure),
        "<p><strong>六、其他需要报告的事项</strong></p>",
        *(f"<p>{o}</p>" for o in other),
    ]


def t4_normal(show: Callable[[str, mtc.Row], str]) -> list[str]:
    return [TABLE, *grid_rows(mtc.grid_t4(), show), "</table>"]


# -- the documents ------------------------------------------------------------------------------


def qinglan(rng: random.Random, year: int, name: str) -> tuple[list[str], dict[str, Any], dict]:
    ag = {"scale": "medium", "kind": "department"}
    f, disp = numbers(rng, ag, "2021")

    def show2(field: str | None, row: mtc.Row) -> str:
        assert field
        if field.startswith("proactive.regulations."):
            return "/" if f[field] == 0 else disp[field]
        return "—" if f[field] == 0 else disp[field]

    def show3(field: str | None, row: mtc.Row) -> str:
        assert field
        if f[field] == 0 and not field.endswith((".natural_person", ".total")):
            return "-"
        return disp[field]

    g3 = mtc.grid_t3(single=False, pagebreak_group="（四）无法提供")
    rows = grid_rows(g3, show3)
    cut = next(i for i, r in enumerate(g3.rows) if r.label == "1.本机关不掌握相关政府信息")
    header = grid_rows(mtc.Grid("t3", 10, mtc.t3_header_rows()), show3)
    t3 = [
        TABLE,
        *rows[:cut],
        "</table>",
        '<p style="page-break-before:always">（续表）</p>',
        TABLE,
        *header,
        *rows[cut:],
        "</table>",
    ]
    body = [
        *overview(name, year, f, "围绕市场准入、质量安全和执法检查三类信息，逐月梳理公开目录。"),
        "<p><strong>二、主动公开政府信息情况</strong></p>",
        TABLE,
        *grid_rows(mtc.grid_t2("2021"), show2),
        "</table>",
        "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>",
        *t3,
        "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>",
        *t4_normal(lambda fl, r: disp[fl] if fl else ""),
        *tail(
            ["一是抽检结果类信息更新不够及时，个别批次结果延后发布。"],
            ["下一步将建立抽检结果周报制度，做到结果出具后五个工作日内公开。"],
            ["本年度未收取信息处理费。", "局机关公开专栏已完成栏目合并，旧栏目内容全部迁移。"],
        ),
    ]
    probes = {
        "overview": ["逐月梳理公开目录"],
        "proactive_disclosure": ["本年制发件数"],
        "requests": ["本年新收政府信息公开申请数量", "结转下年度继续办理"],
        "review_litigation": ["未经复议直接起诉"],
        "problems_improvements": ["抽检结果类信息更新不够及时", "建立抽检结果周报制度"],
        "other_matters": ["旧栏目内容全部迁移"],
    }
    themes = {"problem": ["抽检结果类信息更新不够及时"], "measure": ["建立抽检结果周报制度"]}
    return (
        body,
        f,
        {
            "sections": probes,
            "themes": themes,
            "note": (
                "Session 12 (scripts/make_unseen_samples.py). County department page; table 三 "
                "cut into two <table>s before （四） with the header rows and the "
                "三、本年度办理结果 cell repeated and a （续表） paragraph between; zeros "
                "printed — (table 二; 规章 "
                "row /) and - (organisation columns of table 三). Blanks are 0."
            ),
        },
    )


def songpu(rng: random.Random, year: int, name: str) -> tuple[list[str], dict[str, Any], dict]:
    ag = {"scale": "large", "kind": "department"}
    f, disp = numbers(rng, ag, "2021")
    g2 = mtc.grid_t2("2021")
    seq = iter(range(1, 100))

    def lead2(row: mtc.Row) -> list[str]:
        if row.kind == "sec":
            return [td("")]
        if row.kind == "hdr":
            return [td("序号")]
        return [td(str(next(seq)))]

    def show(field: str | None, row: mtc.Row) -> str:
        assert field
        if field.startswith(("proactive.licensing.", "proactive.fees.")):
            # typed with a Chinese input method: a full-width comma between the groups
            return thousands(disp[field]).replace(",", "，")
        return thousands(disp[field])

    # Table 二's section rows span the 序号 column as well (one empty cell + colspan 4).
    t2 = [
        r.replace('<tr><td></td><td colspan="4">', '<tr><td colspan="5">')
        for r in grid_rows(g2, show, lead2)
    ]
    t3 = grid_rows(mtc.grid_t3(single=False), show)
    t3.append(
        '<tr><td colspan="10" style="text-align:left">注：1.本表统计时段为'
        f"{year}年1月1日至12月31日；2.“其他”指个体工商户等2类申请人。</td></tr>"
    )
    body = [
        *overview(name, year, f, "重点做好公交线路调整、道路运输许可和工程招标信息的发布。"),
        "<p><strong>二、主动公开政府信息情况</strong></p>",
        TABLE,
        *t2,
        "</table>",
        "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>",
        TABLE,
        *t3,
        "</table>",
        "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>",
        *t4_normal(lambda fl, r: disp[fl].translate(FULLWIDTH) if fl else ""),
        *tail(
            ["线路调整信息发布渠道分散，群众查找不便。"],
            ["将线路调整公告统一归集到专题页面，并同步推送到出行服务平台。"],
            ["全年未向申请人收取信息处理费。", "建议提案办理结果已全部公开。"],
        ),
    ]
    probes = {
        "overview": ["道路运输许可和工程招标信息"],
        "proactive_disclosure": ["本年制发件数"],
        "requests": ["本年新收政府信息公开申请数量", "结转下年度继续办理"],
        "review_litigation": ["未经复议直接起诉"],
        "problems_improvements": ["线路调整信息发布渠道分散", "统一归集到专题页面"],
        "other_matters": ["建议提案办理结果已全部公开"],
    }
    themes = {"problem": ["线路调整信息发布渠道分散"], "measure": ["统一归集到专题页面"]}
    return (
        body,
        f,
        {
            "sections": probes,
            "themes": themes,
            "note": (
                "Session 12 (scripts/make_unseen_samples.py). City bureau page; table 二 with a "
                "leading 序号 column (1-6); thousands separators in every cell (full-width "
                "， in the 行政许可 and fee rows); a 注： row inside "
                "table 三 holding dates and a count; table 四 in full-width digits."
            ),
        },
    )


T4_T_HEAD = ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_T_ROWS = [
    ("行政复议", "review"),
    ("行政诉讼（未经复议直接起诉）", "litigation_direct"),
    ("行政诉讼（复议后起诉）", "litigation_after_review"),
]


def heyuan(rng: random.Random, year: int, name: str) -> tuple[list[str], dict[str, Any], dict]:
    ag = {"scale": "small", "kind": "township"}
    f, disp = numbers(rng, ag, "2019")

    def show2(field: str | None, row: mtc.Row) -> str:
        assert field
        if f[field] == 0:
            return "无"
        if field.endswith(".change") and f[field] > 0:
            return "+" + disp[field]
        return disp[field]

    t4 = [TABLE, "<tr>" + "".join(td(h) for h in T4_T_HEAD) + "</tr>"]
    for label, block in T4_T_ROWS:
        cells = [td(label)] + [td(disp[f"{block}.{p}"]) for p in mtc.T4_PARTS]
        t4.append("<tr>" + "".join(cells) + "</tr>")
    t4.append("</table>")
    body = [
        *overview(name, year, f, "通过镇政府信息公开专栏和村务公开栏同步发布惠农补贴信息。"),
        "<p><strong>二、主动公开政府信息情况</strong></p>",
        TABLE,
        *grid_rows(mtc.grid_t2("2019"), show2),
        "</table>",
        "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>",
        TABLE,
        *grid_rows(mtc.grid_t3(single=True), lambda fl, r: disp[fl] if fl else ""),
        "</table>",
        "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>",
        *t4,
        *tail(
            ["村务公开栏内容更换周期偏长。"],
            ["明确村务公开栏每月更换一次，由包村干部逐村检查。"],
            ["本镇没有收取信息处理费。", "镇政府门户专栏已完成适老化改造。"],
        ),
    ]
    probes = {
        "overview": ["村务公开栏同步发布惠农补贴信息"],
        "proactive_disclosure": ["其他对外管理服务事项"],
        "requests": ["本年新收政府信息公开申请数量", "结转下年度继续办理"],
        "review_litigation": ["复议后起诉"],
        "problems_improvements": ["村务公开栏内容更换周期偏长", "由包村干部逐村检查"],
        "other_matters": ["已完成适老化改造"],
    }
    themes = {"problem": ["村务公开栏内容更换周期偏长"], "measure": ["由包村干部逐村检查"]}
    return (
        body,
        f,
        {
            "sections": probes,
            "themes": themes,
            "note": (
                "Session 12 (scripts/make_unseen_samples.py). Township page in the 2019 试行 "
                "format; table 二's zeros printed 无 and positive changes +N; table 四 transposed: "
                "three rows (行政复议, 行政诉讼（未经复议直接起诉）, "
                "行政诉讼（复议后起诉）) of five columns 结果维持 … 总计."
            ),
        },
    )


STAT_HEAD = "<tr><td>统计指标</td><td>单位</td><td>统计数</td></tr>"


def baisha(rng: random.Random, year: int, name: str) -> tuple[list[str], dict[str, Any], dict]:
    """A pre-2019 report: the national 统计表 of 2014 (统计指标 | 单位 | 统计数), cut into two
    tables at a page break with its header repeated. No template field applies."""
    ways = [rng.randint(0, 6), 0, rng.randint(2, 20), rng.randint(0, 5)]
    got = sum(ways)
    part = rng.randint(0, got // 3)
    no = rng.randint(0, 2)
    notheld = rng.randint(0, 3)
    agree = got - part - no - notheld
    rev = [rng.randint(0, 2), 0, rng.randint(0, 1)]
    lit = [rng.randint(0, 1), 0, 0]
    pub = rng.randint(300, 900)
    docs = rng.randint(2, 12)
    rows1: list[tuple[str, str, str]] = [
        ("一、主动公开情况", "", ""),
        ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", str(pub)),
        ("其中：主动公开规范性文件数", "条", str(docs)),
        ("制发规范性文件总数", "件", str(docs)),
        ("（二）通过不同渠道和方式公开政府信息的情况", "", ""),
        ("1.政府公报公开政府信息数", "条", "0"),
        ("2.政府网站公开政府信息数", "条", str(pub)),
        ("3.政务微博公开政府信息数", "条", str(rng.randint(0, 200))),
        ("4.政务微信公开政府信息数", "条", str(rng.randint(0, 200))),
        ("二、回应解读情况", "", ""),
        ("（一）回应公众关注热点或重大舆情数", "次", str(rng.randint(0, 9))),
        ("三、依申请公开情况", "", ""),
        ("（一）收到申请数", "件", str(got)),
        ("1.当面申请数", "件", str(ways[0])),
        ("2.传真申请数", "件", str(ways[1])),
        ("3.网络申请数", "件", str(ways[2])),
        ("4.信函申请数", "件", str(ways[3])),
    ]
    rows2: list[tuple[str, str, str]] = [
        ("（二）申请办结数", "件", str(got)),
        ("（三）申请答复数", "件", str(got)),
        ("2.同意公开答复数", "件", str(agree)),
        ("3.同意部分公开答复数", "件", str(part)),
        ("4.不同意公开答复数", "件", str(no)),
        ("6.申请信息不存在数", "件", str(notheld)),
        ("四、行政复议数量", "件", str(sum(rev))),
        ("（一）维持具体行政行为数", "件", str(rev[0])),
        ("（二）被依法纠错数", "件", str(rev[1])),
        ("（三）其他情形数", "件", str(rev[2])),
        ("五、行政诉讼数量", "件", str(sum(lit))),
        ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", str(lit[0])),
        ("（二）被依法纠错数", "件", str(lit[1])),
        ("（三）其他情形数", "件", str(lit[2])),
        ("六、举报投诉数量", "件", "0"),
        ("七、依申请公开信息收取的费用", "万元", "0"),
    ]

    def trs(rows: list[tuple[str, str, str]]) -> list[str]:
        return ["<tr>" + "".join(td(c) for c in r) + "</tr>" for r in rows]

    body = [
        "<p><strong>一、概述</strong></p>",
        f"<p>{year}年，{name}结合河道管理和农村供水工作，按季度更新公开目录，"
        f"全年主动公开政府信息{pub}条，收到政府信息公开申请{got}件。</p>",
        "<p><strong>二、主动公开政府信息情况</strong></p>",
        "<p>主动公开的重点是取水许可审批结果、水利工程建设项目和防汛抗旱信息。</p>",
        "<p><strong>三、依申请公开政府信息和不予公开政府信息情况</strong></p>",
        f"<p>收到的申请以网络申请为主，共{ways[2]}件。</p>",
        "<p><strong>四、政府信息公开的收费及减免情况</strong></p>",
        "<p>本年度未收取任何费用。</p>",
        "<p><strong>五、因政府信息公开申请行政复议、提起行政诉讼的情况</strong></p>",
        f"<p>因政府信息公开申请行政复议{sum(rev)}件，提起行政诉讼{sum(lit)}件。</p>",
        "<p><strong>六、政府信息公开工作存在的主要问题及改进措施</strong></p>",
        "<p>防汛信息更新依赖人工报送，时效性不足。下一步将接入水情自动监测数据。</p>",
        "<p><strong>七、其他需要报告的事项</strong></p>",
        "<p>附：政府信息公开情况统计表</p>",
        TABLE,
        STAT_HEAD,
        *trs(rows1),
        "</table>",
        '<p style="page-break-before:always">（续表）</p>',
        TABLE,
        STAT_HEAD,
        *trs(rows2),
        "</table>",
    ]
    return (
        body,
        {},
        {
            "sections": {
                "overview": ["按季度更新公开目录"],
                "proactive_disclosure": ["取水许可审批结果"],
                "requests": ["收到的申请以网络申请为主"],
                "problems_improvements": ["防汛信息更新依赖人工报送"],
            },
            "themes": {"problem": [], "measure": []},
            "note": (
                "Session 12 (scripts/make_unseen_samples.py). Pre-2019 report (2017) with the "
                "national 2014 统计表 (统计指标 | 单位 | 统计数) cut into two tables at a page "
                "break, the header repeated. No field of the 2019/2021 templates applies: "
                "every value in "
                "fields is unexpected."
            ),
        },
    )


# A layout's maker: (the page body's HTML lines, the truth's fields, its other truth members).
Maker = Callable[..., tuple[list[str], dict[str, Any], dict]]

DOCS: list[tuple[str, Maker, int, str, str, int]] = [
    ("qinglan2022_split", qinglan, 2022, "青岚县市场监督管理局", "2021", 12001),
    ("songpu2023_sep", songpu, 2023, "松浦市交通运输局", "2021", 12002),
    ("heyuan2019_2019fmt", heyuan, 2019, "栖云县禾源镇人民政府", "2019", 12003),
    ("baisha2017_stat", baisha, 2017, "白沙县水利局", "pre2019", 12004),
]


def write(doc_id: str, make: Callable[..., Any], year: int, name: str, fmt: str, seed: int,
          samples: Path, truths: Path) -> None:  # fmt: skip
    rng = random.Random(seed)
    body, fields, extra = make(rng, year, name)
    html = page(f"{name}{year}年政府信息公开工作年度报告", body)
    (samples / f"{doc_id}.html").write_text(html, encoding="utf-8")
    truth = {
        "doc_id": doc_id,
        "input": f"{doc_id}.html",
        "kind": "html",
        "source": {"file": f"{doc_id}.html (fictional, scripts/make_unseen_samples.py)"},
        "format": fmt,
        "metadata": {"agency": name, "year": year},
        "fields": fields,
        "sections": extra["sections"],
        "themes": extra["themes"],
        "inconsistencies": [],
        "note": extra["note"],
    }
    (truths / f"{doc_id}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--variants", type=int, default=0, help="N variants per layout into --out")
    ap.add_argument("--out", type=Path, help="folder for --variants (samples/ and truth/)")
    args = ap.parse_args()
    if args.variants:
        if not args.out:
            ap.error("--variants needs --out")
        samples, truths = args.out / "samples", args.out / "truth"
        samples.mkdir(parents=True, exist_ok=True)
        truths.mkdir(parents=True, exist_ok=True)
        for doc_id, make, year, name, fmt, seed in DOCS:
            for k in range(args.variants):
                write(f"{doc_id}_v{k}", make, year, name, fmt, 1000 + seed * 10 + k, samples,
                      truths)  # fmt: skip
        return 0
    for doc_id, make, year, name, fmt, seed in DOCS:
        write(doc_id, make, year, name, fmt, seed, ROOT / "corpus" / "samples",
              ROOT / "corpus" / "truth")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
