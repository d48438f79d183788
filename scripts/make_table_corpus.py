#!/usr/bin/env python3
# ruff: noqa: E501
# (long lines are CJK labels, page chrome and README text; ruff counts CJK double width)
"""Generate ``corpus/tables/``: fictional 政府信息公开工作年度报告 whose tables arrive broken.

Run from the repository root::

    python scripts/make_table_corpus.py

The script is deterministic (fixed seed, standard library only) and rewrites
``corpus/tables/`` completely on every run:

- ``docs/<doc_id>.txt`` or ``.html``: full fictional reports, with tables 二/三/四 rendered in
  one of the broken forms of ``shared/reference/breakage.md`` (A1–A12, B1–B8, C1, C6);
- ``truth/<doc_id>.json``: the truth for each document (same format as
  ``shared/real/truth/*.json``, plus ``patterns``);
- ``README.md``: what the corpus contains and the pattern → documents table.

Table labels and the field order of each row come from ``extractor/data/templates/*.json``
(read as JSON). All prose comes from ``scripts/corpus_prose/`` (our own wording; agencies,
places and numbers are invented).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "extractor" / "data" / "templates"
PROSE_DIR = ROOT / "scripts" / "corpus_prose"
OUT = ROOT / "corpus" / "tables"
SEED = "gov-report-tables-2025-v1"

COLS = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
]
T4_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
T4_PARTS = ["upheld", "corrected", "other", "pending", "total"]

RULE_TEXT = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SAN = "三、本年度办理结果"
T3_COL_HEAD = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
T4_SUB = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

HEAD_2021 = {
    "第二十条第（一）项": ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    "第二十条第（五）项": ["信息内容", "本年处理决定数量"],
    "第二十条第（六）项": ["信息内容", "本年处理决定数量"],
    "第二十条第（八）项": ["信息内容", "本年收费金额（单位：万元）"],
}
HEAD_2019 = {
    "第二十条第（一）项": ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    "第二十条第（五）项": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    "第二十条第（六）项": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    "第二十条第（八）项": ["信息内容", "上一年项目数量", "本年增/减"],
    "第二十条第（九）项": ["信息内容", "采购项目数量", "采购总金额"],
}

# Where a <br> sits inside a header cell (A9: lost second line, or a space; A5: two lines).
BR = {
    "本年制发件数": ("本年制发", "件数"),
    "本年废止件数": ("本年废止", "件数"),
    "现行有效件数": ("现行有效", "件数"),
    "本年处理决定数量": ("本年处理", "决定数量"),
    "本年收费金额（单位：万元）": ("本年收费金额", "（单位：万元）"),
    "本年新制作数量": ("本年新制作", "数量"),
    "本年新公开数量": ("本年新", "公开数量"),
    "对外公开总数量": ("对外公开", "总数量"),
    "上一年项目数量": ("上一年", "项目数量"),
    "本年增/减": ("本年", "增/减"),
    "处理决定数量": ("处理决定", "数量"),
    "采购项目数量": ("采购项目", "数量"),
    "采购总金额": ("采购", "总金额"),
    "商业企业": ("商业", "企业"),
    "科研机构": ("科研", "机构"),
    "社会公益组织": ("社会公益", "组织"),
    "法律服务机构": ("法律服务", "机构"),
    "法人或其他组织": ("法人或其", "他组织"),
    "结果维持": ("结果", "维持"),
    "结果纠正": ("结果", "纠正"),
    "其他结果": ("其他", "结果"),
    "尚未审结": ("尚未", "审结"),
    "未经复议直接起诉": ("未经复议", "直接起诉"),
    "复议后起诉": ("复议后", "起诉"),
}

HALFWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


TPL = {p.stem: load_json(p) for p in sorted(TEMPLATE_DIR.glob("*.json"))}
PROSE = load_json(PROSE_DIR / "prose.json")
AGENCIES = {a["key"]: a for a in load_json(PROSE_DIR / "agencies.json")}
S2T = load_json(PROSE_DIR / "s2t.json")


def to_traditional(text: str) -> str:
    for simp, trad in S2T["phrases"].items():
        text = text.replace(simp, trad)
    return "".join(S2T["chars"].get(ch, ch) for ch in text)


def row_key(row: dict) -> str:
    return row["fields"][0].rsplit(".", 1)[0]


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def multinomial(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    out = [0] * len(weights)
    if n <= 0 or sum(weights) <= 0:
        return out
    for i in rng.choices(range(len(weights)), weights=weights, k=n):
        out[i] += 1
    return out


LEAF_WEIGHT = {
    "requests.granted": 30,
    "requests.partially_granted": 7,
    "requests.denied.state_secret": 0.3,
    "requests.denied.prohibited_by_law": 0.8,
    "requests.denied.three_safeties": 0.4,
    "requests.denied.third_party_rights": 2,
    "requests.denied.internal_affairs": 1.5,
    "requests.denied.process_information": 2,
    "requests.denied.enforcement_files": 1.2,
    "requests.denied.inquiry_matters": 1.5,
    "requests.unavailable.not_held": 22,
    "requests.unavailable.needs_creation": 3,
    "requests.unavailable.unclear_after_correction": 2.5,
    "requests.not_processed.complaint": 3,
    "requests.not_processed.duplicate": 3,
    "requests.not_processed.publication": 0.8,
    "requests.not_processed.excessive": 0.5,
    "requests.not_processed.confirmation": 1,
    "requests.other.no_correction": 3,
    "requests.other.fee_unpaid": 0.3,
    "requests.other.misc": 3,
    "requests.other.all": 6.3,
}


def gen_t3(rng: random.Random, scale: str, tpl: dict) -> dict[str, int]:
    new_total = {
        "tiny": lambda: rng.choice([0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 6]),
        "small": lambda: rng.randint(2, 30),
        "medium": lambda: rng.randint(25, 320),
        "large": lambda: rng.randint(150, 1600),
        "huge": lambda: rng.randint(700, 6500),
    }[scale]()
    nat = rng.uniform(0.6, 0.95)
    rest = 1 - nat
    org = [0.5, 0.05, 0.05, 0.25, 0.15]
    zero_p = {"tiny": 0.6, "small": 0.45, "medium": 0.2, "large": 0.1, "huge": 0.0}[scale]
    org = [w if rng.random() >= zero_p else 0 for w in org]
    weights = [nat] + [rest * w for w in org]
    new = multinomial(rng, new_total, weights)
    co_total = {
        "tiny": 1 if rng.random() < 0.1 else 0,
        "small": rng.choice([0, 0, 1, 2]),
        "medium": round(new_total * rng.uniform(0, 0.06)),
        "large": round(new_total * rng.uniform(0.01, 0.07)),
        "huge": round(new_total * rng.uniform(0.01, 0.07)),
    }[scale]
    co = multinomial(rng, co_total, weights)
    p_cf = 0 if scale == "tiny" and rng.random() < 0.8 else rng.uniform(0, 0.08)
    cf = []
    for i in range(6):
        avail = new[i] + co[i]
        c = round(avail * p_cf * rng.uniform(0.4, 1.6))
        if scale == "small" and avail and rng.random() < 0.15:
            c = 1
        cf.append(max(0, min(avail, c)))
    leaves = [r for r in tpl["rows"] if row_key(r) in LEAF_WEIGHT]
    lw = []
    for r in leaves:
        k = row_key(r)
        w = LEAF_WEIGHT[k] * rng.uniform(0.2, 2.0)
        if k not in ("requests.granted", "requests.unavailable.not_held") and rng.random() < 0.25:
            w = 0
        lw.append(w)
    values: dict[str, int] = {}
    by_row: dict[str, list[int]] = {}
    by_row["requests.new"] = new
    by_row["requests.carried_over"] = co
    by_row["requests.carried_forward"] = cf
    results = [new[i] + co[i] - cf[i] for i in range(6)]
    leaf_counts = [multinomial(rng, results[i], lw) for i in range(6)]
    for j, r in enumerate(leaves):
        by_row[row_key(r)] = [leaf_counts[i][j] for i in range(6)]
    by_row["requests.results_total"] = results
    for r in tpl["rows"]:
        six = by_row[row_key(r)]
        for f, v in zip(r["fields"], [*six, sum(six)], strict=True):
            values[f] = v
    return values


def gen_t4(rng: random.Random, scale: str) -> dict[str, int]:
    ranges = {
        "tiny": [(0, 0), (0, 0), (0, 0)],
        "small": [(0, 2), (0, 1), (0, 1)],
        "medium": [(0, 12), (0, 6), (0, 4)],
        "large": [(3, 60), (1, 25), (0, 15)],
        "huge": [(20, 220), (5, 90), (2, 50)],
    }[scale]
    if scale == "tiny" and rng.random() < 0.15:
        ranges = [(1, 1), (0, 0), (0, 0)]
    values = {}
    for block, (lo, hi) in zip(T4_BLOCKS, ranges, strict=True):
        total = rng.randint(lo, hi)
        parts = multinomial(rng, total, [0.55, 0.12, 0.18, 0.15])
        for name, v in zip(T4_PARTS, [*parts, total], strict=True):
            values[f"{block}.{name}"] = v
    return values


def fee_cents(rng: random.Random, scale: str) -> int:
    lo, hi, zero_p = {
        "tiny": (0, 0, 1.0),
        "small": (0.5, 300, 0.5),
        "medium": (10, 30000, 0.1),
        "large": (1000, 200000, 0.0),
        "huge": (5000, 900000, 0.0),
    }[scale]
    if rng.random() < zero_p:
        return 0
    return round(rng.uniform(lo, hi) * 100)


def gen_t2_2021(rng: random.Random, ag: dict) -> tuple[dict[str, Any], dict[str, str]]:
    scale = ag["scale"]
    makes_rules = ag["kind"] in ("ministry", "province", "city")
    v: dict[str, Any] = {}
    if makes_rules:
        v["proactive.regulations.issued"] = rng.randint(0, 8)
        v["proactive.regulations.repealed"] = rng.randint(0, 5)
        v["proactive.regulations.in_force"] = rng.randint(20, 320)
    else:
        v["proactive.regulations.issued"] = v["proactive.regulations.repealed"] = 0
        v["proactive.regulations.in_force"] = 0
    hi = {"tiny": 2, "small": 6, "medium": 30, "large": 60, "huge": 120}[scale]
    issued = rng.randint(0, hi)
    v["proactive.normative_documents.issued"] = issued
    v["proactive.normative_documents.repealed"] = (
        rng.randint(0, max(1, hi // 2)) if issued or rng.random() < 0.4 else 0
    )
    v["proactive.normative_documents.in_force"] = (
        issued + rng.randint(0, hi * 8) if scale != "tiny" else issued
    )
    lic = {
        "tiny": (0, 80),
        "small": (30, 4000),
        "medium": (800, 60000),
        "large": (20000, 900000),
        "huge": (200000, 12000000),
    }[scale]
    pen = {
        "tiny": (0, 20),
        "small": (5, 600),
        "medium": (100, 6000),
        "large": (1000, 80000),
        "huge": (3000, 300000),
    }[scale]
    coe = {
        "tiny": (0, 2),
        "small": (0, 40),
        "medium": (0, 400),
        "large": (20, 5000),
        "huge": (50, 30000),
    }[scale]
    v["proactive.licensing.decisions"] = rng.randint(*lic) if rng.random() > 0.15 else 0
    v["proactive.penalty.decisions"] = rng.randint(*pen) if rng.random() > 0.15 else 0
    v["proactive.coercion.decisions"] = rng.randint(*coe)
    cents = fee_cents(rng, scale)
    v["proactive.fees.amount_10k_yuan"] = round(cents / 100, 2) if cents else 0
    disp = {k: str(x) for k, x in v.items()}
    if cents:
        disp["proactive.fees.amount_10k_yuan"] = f"{cents // 100}.{cents % 100:02d}"
    else:
        disp["proactive.fees.amount_10k_yuan"] = rng.choice(["0", "0", "0.00"])
    return v, disp


def gen_t2_2019(rng: random.Random, ag: dict) -> tuple[dict[str, Any], dict[str, str]]:
    scale = ag["scale"]
    makes_rules = ag["kind"] in ("ministry", "province", "city")
    v: dict[str, Any] = {}

    def change() -> int:
        return 0 if rng.random() < 0.45 else rng.randint(-12, 15)

    if makes_rules:
        made = rng.randint(0, 8)
        v["proactive.regulations.made"] = made
        v["proactive.regulations.published"] = made
        v["proactive.regulations.total_public"] = made + rng.randint(20, 300)
    else:
        v["proactive.regulations.made"] = v["proactive.regulations.published"] = 0
        v["proactive.regulations.total_public"] = 0
    hi = {"tiny": 2, "small": 6, "medium": 30, "large": 60, "huge": 120}[scale]
    made = rng.randint(0, hi)
    v["proactive.normative_documents.made"] = made
    v["proactive.normative_documents.published"] = made if rng.random() < 0.8 else max(0, made - 1)
    v["proactive.normative_documents.total_public"] = made + (
        rng.randint(0, hi * 8) if scale != "tiny" else 0
    )
    items = {
        "tiny": (0, 30),
        "small": (20, 200),
        "medium": (100, 600),
        "large": (200, 1500),
        "huge": (300, 3000),
    }[scale]
    lic = {
        "tiny": (0, 80),
        "small": (30, 4000),
        "medium": (800, 60000),
        "large": (20000, 900000),
        "huge": (200000, 12000000),
    }[scale]
    v["proactive.licensing.prior_year_items"] = rng.randint(*items)
    v["proactive.licensing.change"] = change()
    v["proactive.licensing.decisions"] = rng.randint(*lic)
    v["proactive.other_services.prior_year_items"] = (
        rng.randint(0, 150) if scale != "tiny" else rng.randint(0, 10)
    )
    v["proactive.other_services.change"] = change()
    v["proactive.other_services.decisions"] = rng.randint(0, lic[1] // 10)
    pitems = {
        "tiny": (0, 50),
        "small": (50, 800),
        "medium": (300, 3000),
        "large": (1000, 8000),
        "huge": (2000, 12000),
    }[scale]
    pen = {
        "tiny": (0, 20),
        "small": (5, 600),
        "medium": (100, 6000),
        "large": (1000, 80000),
        "huge": (3000, 300000),
    }[scale]
    v["proactive.penalty.prior_year_items"] = rng.randint(*pitems)
    v["proactive.penalty.change"] = change()
    v["proactive.penalty.decisions"] = rng.randint(*pen)
    v["proactive.coercion.prior_year_items"] = (
        rng.randint(0, 80) if scale != "tiny" else rng.randint(0, 5)
    )
    v["proactive.coercion.change"] = change()
    v["proactive.coercion.decisions"] = rng.randint(0, pen[1] // 20)
    v["proactive.fees.prior_year_items"] = rng.randint(0, 60) if scale != "tiny" else 0
    v["proactive.fees.change"] = change() if scale != "tiny" else 0
    projects = rng.randint(
        *{
            "tiny": (0, 3),
            "small": (0, 30),
            "medium": (5, 150),
            "large": (20, 400),
            "huge": (50, 900),
        }[scale]
    )
    v["proactive.procurement.projects"] = projects
    disp = {k: str(x) for k, x in v.items()}
    if projects == 0:
        v["proactive.procurement.amount_yuan"] = 0
        disp["proactive.procurement.amount_yuan"] = rng.choice(["0", "0元"])
    else:
        style = rng.choice(["yuan", "yuan", "bare", "wan"])
        if style == "wan":
            hundreds = int(projects * rng.uniform(200, 50000))  # amount in units of 100 元
            v["proactive.procurement.amount_yuan"] = hundreds * 100
            disp["proactive.procurement.amount_yuan"] = (
                f"{hundreds // 100}.{hundreds % 100:02d}万元"
            )
        else:
            cents = int(projects * rng.uniform(2e6, 5e8))
            if rng.random() < 0.3:
                cents -= cents % 100
            yuan = cents / 100
            v["proactive.procurement.amount_yuan"] = (
                int(yuan) if cents % 100 == 0 else round(yuan, 2)
            )
            txt = str(cents // 100) if cents % 100 == 0 else f"{cents // 100}.{cents % 100:02d}"
            disp["proactive.procurement.amount_yuan"] = txt + ("元" if style == "yuan" else "")
    return v, disp


# --------------------------------------------------------------------------------------------
# Rules (R1–R4)
# --------------------------------------------------------------------------------------------


def rule_failures(fields: dict[str, Any], t3: dict | None) -> list[str]:
    """Failures of R1–R4 among the given (printed) fields, as inconsistency strings."""
    out: list[str] = []
    if t3 is not None and fields.get("requests.new.total") is not None:
        keys = [row_key(r) for r in t3["rows"]]
        leaves = [k for k in keys if k in LEAF_WEIGHT]
        for c in COLS:
            lhs = fields[f"requests.new.{c}"] + fields[f"requests.carried_over.{c}"]
            rhs = fields[f"requests.results_total.{c}"] + fields[f"requests.carried_forward.{c}"]
            if lhs != rhs:
                out.append(
                    f"R1 requests.{c}: 一 本年新收 + 二 上年结转 = {lhs} but 三（七）总计 + 四 结转下年度 = {rhs}"
                )
        for k in keys:
            parts = [fields[f"{k}.{c}"] for c in COLS[:6]]
            if sum(parts) != fields[f"{k}.total"]:
                out.append(
                    f"R2 {k}: "
                    + " + ".join(map(str, parts))
                    + f" = {sum(parts)} but 总计 printed as {fields[f'{k}.total']}"
                )
        for c in COLS:
            s = sum(fields[f"{k}.{c}"] for k in leaves)
            if s != fields[f"requests.results_total.{c}"]:
                out.append(
                    f"R3 requests.results_total.{c}: outcome rows （一）–（六） add up to {s} "
                    f"but （七）总计 printed as {fields[f'requests.results_total.{c}']}"
                )
    if fields.get("review.total") is not None:
        names = {
            "upheld": "结果维持",
            "corrected": "结果纠正",
            "other": "其他结果",
            "pending": "尚未审结",
        }
        for b in T4_BLOCKS:
            parts = [fields[f"{b}.{p}"] for p in T4_PARTS[:4]]
            if sum(parts) != fields[f"{b}.total"]:
                desc = " + ".join(f"{names[p]} {fields[f'{b}.{p}']}" for p in T4_PARTS[:4])
                out.append(
                    f"R4 {b}: {desc} = {sum(parts)} but 总计 printed as {fields[f'{b}.total']}"
                )
    return out


# --------------------------------------------------------------------------------------------
# Ambiguity: what a reader who knows the template and R1–R4 can and cannot recover
# --------------------------------------------------------------------------------------------

NUM_RE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


class TooMany(Exception):
    pass


def run_splits(
    runs: list[str],
    n: int,
    check: Callable[[list[str]], bool] | None,
    checkpoints: dict[int, Callable[[list[str]], bool]] | None = None,
    limit: int = 400,
    maxlen: int = 14,
) -> list[tuple[str, ...]]:
    """All ways to cut the digit runs (spaces between runs are hard cell boundaries) into n
    numbers; each run holds at least one number."""
    out: list[tuple[str, ...]] = []
    checkpoints = checkpoints or {}

    def rec(ri: int, pos: int, acc: list[str]) -> None:
        run = runs[ri]
        for end in range(pos + 1, min(len(run), pos + maxlen) + 1):
            piece = run[pos:end]
            if not NUM_RE.fullmatch(piece):
                continue
            acc.append(piece)
            ok = len(acc) <= n and (len(acc) not in checkpoints or checkpoints[len(acc)](acc))
            if ok:
                if end == len(run):
                    if ri + 1 == len(runs):
                        if len(acc) == n and (check is None or check(acc)):
                            out.append(tuple(acc))
                            if len(out) > limit:
                                raise TooMany
                    elif len(acc) + (len(runs) - ri - 1) <= n:
                        rec(ri + 1, 0, acc)
                else:
                    rec(ri, end, acc)
            acc.pop()

    if not runs:
        return out
    rec(0, 0, [])
    return out


def parse_num(s: str) -> float | int:
    return float(s) if "." in s else int(s)


def row_candidates(obs: tuple, n: int, rule: str | None) -> list[tuple]:
    kind = obs[0]
    if kind == "full":
        return [tuple(obs[1])]
    if kind == "collapsed":
        vals = list(obs[1])
        cands = []
        for pos in itertools.combinations(range(n), len(vals)):
            vec = [0] * n
            for p, x in zip(pos, vals, strict=True):
                vec[p] = x
            cands.append(tuple(vec))
    elif kind == "runs":
        if rule == "R2":

            def cp(acc: list[str]) -> bool:
                vals = [parse_num(a) for a in acc]
                return all(isinstance(x, int) and x >= 0 for x in vals) and sum(vals[:6]) == vals[6]

            raw = run_splits(obs[1], n, None, {7: cp})
        elif rule == "R4":

            def mk(k: int) -> Callable[[list[str]], bool]:
                def f(acc: list[str]) -> bool:
                    vals = [parse_num(a) for a in acc[k - 5 : k]]
                    return (
                        all(isinstance(x, int) and x >= 0 for x in vals)
                        and sum(vals[:4]) == vals[4]
                    )

                return f

            raw = run_splits(obs[1], n, None, {5: mk(5), 10: mk(10), 15: mk(15)})
        else:
            raw = run_splits(obs[1], n, None)
        cands = [tuple(parse_num(a) for a in c) for c in raw]
    else:
        raise ValueError(kind)
    cands = list(dict.fromkeys(cands))
    if rule == "R2":
        cands = [c for c in cands if sum(c[:6]) == c[6]]
    elif rule == "R4":
        cands = [c for c in cands if all(sum(c[i : i + 4]) == c[i + 4] for i in (0, 5, 10))]
    return cands


def ambiguous_fields(kind: str, obs: list[tuple[list[str], tuple]], tpl3: dict | None) -> list[str]:
    """Field ids whose value is not pinned down by the rendering plus the rules."""
    amb: list[str] = []
    if all(o[0] == "full" for _, o in obs):
        return amb  # every cell printed in its place: nothing to resolve
    try:
        if kind == "t2":
            for fields, o in obs:
                cands = row_candidates(o, len(fields), None)
                if len(cands) != 1:
                    amb += [
                        f
                        for i, f in enumerate(fields)
                        if len({c[i] for c in cands}) != 1 or not cands
                    ]
            return amb
        if kind == "t4":
            fields, o = obs[0]
            cands = row_candidates(o, 15, "R4")
            if len(cands) != 1:
                amb += [
                    f for i, f in enumerate(fields) if len({c[i] for c in cands}) != 1 or not cands
                ]
            return amb
        # t3: R2 per row, then R1 and R3 across the table
        cand_rows = []
        for fields, o in obs:
            cands = row_candidates(o, 7, "R2")
            if not cands:
                raise TooMany
            cand_rows.append((fields, cands))
    except TooMany:
        return [f for fields, _ in obs for f in fields]
    keys = [fields[0].rsplit(".", 1)[0] for fields, _ in cand_rows]
    leaves = [i for i, k in enumerate(keys) if k in LEAF_WEIGHT]
    idx = {k: i for i, k in enumerate(keys)}
    multi = [i for i, (_, c) in enumerate(cand_rows) if len(c) > 1]
    total = 1
    for i in multi:
        total *= len(cand_rows[i][1])
    if total > 300000:
        return [f for i in multi for f in cand_rows[i][0]]
    base = [c[0] for _, c in cand_rows]
    sols = []
    for combo in itertools.product(*[cand_rows[i][1] for i in multi]):
        rows = list(base)
        for i, c in zip(multi, combo, strict=True):
            rows[i] = c
        ok = True
        for col in range(7):
            if (
                rows[idx["requests.new"]][col] + rows[idx["requests.carried_over"]][col]
                != rows[idx["requests.results_total"]][col]
                + rows[idx["requests.carried_forward"]][col]
            ):
                ok = False
                break
            if sum(rows[i][col] for i in leaves) != rows[idx["requests.results_total"]][col]:
                ok = False
                break
        if ok:
            sols.append(rows)
            if len(sols) > 50:
                break
    if len(sols) == 1:
        return []
    for i, (fields, _) in enumerate(cand_rows):
        for j, f in enumerate(fields):
            if not sols or len({s[i][j] for s in sols}) != 1:
                amb.append(f)
    return amb


# --------------------------------------------------------------------------------------------
# Table grids (the HTML structure: cells with rowspan/colspan)
# --------------------------------------------------------------------------------------------


class Cell:
    __slots__ = ("cs", "field", "role", "rs", "text")

    def __init__(self, text: str, role: str, rs: int = 1, cs: int = 1, field: str | None = None):
        self.text, self.role, self.rs, self.cs, self.field = text, role, rs, cs, field


class Row:
    def __init__(
        self,
        kind: str,
        cells: list[Cell],
        fields: list[str] | None = None,
        label: str = "",
        group: str | None = None,
        under_san: bool = False,
        repeat: bool = False,
    ):
        self.kind, self.cells, self.fields = kind, cells, fields or []
        self.label, self.group, self.under_san, self.repeat = label, group, under_san, repeat


class Grid:
    def __init__(self, kind: str, width: int, rows: list[Row]):
        self.kind, self.width, self.rows = kind, width, rows

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "data"]


def t2_header_spans(head: list[str]) -> list[tuple[str, int]]:
    """A table-二 header row as (text, colspan) over its four columns: 信息内容, then one cell per
    column, the last spanning what the section's columns leave."""
    if len(head) == 4:
        return [(h, 1) for h in head]
    if len(head) == 3:
        return [(head[0], 1), (head[1], 1), (head[2], 2)]
    return [(head[0], 1), (head[1], 3)]


def grid_t2(fmt: str) -> Grid:
    tpl = TPL["proactive_2019" if fmt == "2019" else "proactive_2021"]
    heads = HEAD_2019 if fmt == "2019" else HEAD_2021
    rows: list[Row] = []
    for parent, head in heads.items():
        rows.append(Row("sec", [Cell(parent, "sec", cs=4)]))
        rows.append(Row("hdr", [Cell(h, "hdr", cs=cs) for h, cs in t2_header_spans(head)]))
        for r in tpl["rows"]:
            if r["parent"] != parent:
                continue
            cells = [Cell(r["label"], "label")]
            fs = r["fields"]
            if len(fs) == 3:
                cells += [Cell("", "val", field=f) for f in fs]
            elif len(fs) == 2:
                cells += [Cell("", "val", field=fs[0]), Cell("", "val", cs=2, field=fs[1])]
            else:
                cells += [Cell("", "val", cs=3, field=fs[0])]
            rows.append(Row("data", cells, fs, r["label"]))
    return Grid("t2", 4, rows)


def t3_header_rows(repeat: bool = False) -> list[Row]:
    return [
        Row(
            "hdr",
            [Cell(RULE_TEXT, "hdr", rs=3, cs=3), Cell("申请人情况", "hdr", cs=7)],
            repeat=repeat,
        ),
        Row(
            "hdr",
            [
                Cell("自然人", "hdr", rs=2),
                Cell("法人或其他组织", "hdr", cs=5),
                Cell("总计", "hdr", rs=2),
            ],
            repeat=repeat,
        ),
        Row("hdr", [Cell(h, "hdr") for h in T3_COL_HEAD], repeat=repeat),
    ]


def grid_t3(single: bool, pagebreak_group: str | None = None, repeat_header: bool = False) -> Grid:
    tpl = TPL["requests_single_other" if single else "requests_2021"]
    rows = t3_header_rows()
    trows = tpl["rows"]
    san_rows = [r for r in trows if r.get("parent") is not None]
    # split point of the 三 label (A12)
    split_at = None
    if pagebreak_group:
        for i, r in enumerate(san_rows):
            if r.get("parent") == pagebreak_group or r["label"] == pagebreak_group:
                split_at = i
                break
    groups: dict[str, int] = {}
    for r in san_rows:
        if r["parent"] != SAN:
            groups[r["parent"]] = groups.get(r["parent"], 0) + 1
    seen_groups: set[str] = set()
    si = 0
    for r in trows:
        parent = r.get("parent")
        cells: list[Cell] = []
        if parent is None:
            cells.append(Cell(r["label"], "label", cs=3))
            group = None
        else:
            if si == 0 or si == split_at:
                if si == split_at and repeat_header:
                    rows += t3_header_rows(repeat=True)
                span = (
                    (split_at if split_at else len(san_rows))
                    if si == 0
                    else len(san_rows) - split_at
                )
                cells.append(Cell(SAN, "label", rs=span))
            if parent == SAN:
                cells.append(Cell(r["label"], "label", cs=2))
                group = None
            else:
                group = parent
                if parent not in seen_groups:
                    seen_groups.add(parent)
                    cells.append(Cell(parent, "label", rs=groups[parent]))
                cells.append(Cell(r["label"], "label"))
            si += 1
        cells += [Cell("", "val", field=f) for f in r["fields"]]
        rows.append(Row("data", cells, r["fields"], r["label"], group, parent is not None))
    return Grid("t3", 10, rows)


# Table 四's three header rows as (text, colspan, rowspan).
T4_HEADER_SPANS = [
    [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
    [(h, 1, 2) for h in T4_SUB] + [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
    [(h, 1, 1) for h in T4_SUB * 2],
]


def grid_t4() -> Grid:
    fields = TPL["review_litigation"]["rows"][0]["fields"]
    rows = [
        *(
            Row("hdr", [Cell(h, "hdr", cs=cs, rs=rs) for h, cs, rs in spans])
            for spans in T4_HEADER_SPANS
        ),
        Row("data", [Cell("", "val", field=f) for f in fields], fields, ""),
    ]
    return Grid("t4", 15, rows)


# --------------------------------------------------------------------------------------------
# Rendering context
# --------------------------------------------------------------------------------------------


class Ctx:
    """What a renderer needs: values to print and per-table options."""

    def __init__(
        self,
        rng: random.Random,
        disp: dict[str, str],
        values: dict[str, Any],
        blank_zero: bool = False,
        hdr: str | None = None,
        collapse: set[int] | None = None,
        lost: dict[str, str] | None = None,
    ):
        self.rng, self.disp, self.values = rng, disp, values
        self.blank_zero, self.hdr = blank_zero, hdr
        self.collapse = collapse or set()
        self.lost = lost or {}
        self.lone0: set[int] = set()
        self.hdr_choice: dict[int, str] = {}

    def val(self, field: str, blank_ok: bool = True) -> str:
        if blank_ok and self.blank_zero and self.values[field] == 0:
            return ""
        return self.disp[field]

    def head(self, cell: Cell, key: int) -> str:
        """Header text after A9 damage."""
        t = cell.text
        mode = self.hdr
        if not mode or cell.role != "hdr":
            return t
        if key not in self.hdr_choice:
            if mode == "mixed":
                self.hdr_choice[key] = self.rng.choice(["plain", "space", "lost", "spaced"])
            elif mode == "seed":  # like seed.txt: T3 sub-heads keep a space, T4 heads lose line 2
                self.hdr_choice[key] = "seedmode"
            else:
                self.hdr_choice[key] = mode if self.rng.random() < 0.75 else "plain"
        m = self.hdr_choice[key]
        if m == "seedmode":
            if t in ("结果纠正", "其他结果", "尚未审结") or (t == "结果维持" and key > 20):
                m = "lost"
            elif t in BR:
                m = "space"
            else:
                m = "plain"
        if m == "spaced" and len(t) <= 8:
            return " ".join(t)
        if t in BR:
            a, b = BR[t]
            if m == "space":
                return f"{a} {b}"
            if m == "lost":
                return a
        return t

    def label(self, text: str) -> str:
        return self.lost.get(text, text)


def row_tokens(grid: Grid, ri: int, ctx: Ctx) -> tuple[list[str], tuple | None]:
    row = grid.rows[ri]
    toks: list[str] = []
    for ci, c in enumerate(row.cells):
        if c.role == "val":
            toks.append(ctx.val(c.field))
        elif c.role == "hdr":
            toks.append(ctx.head(c, ri * 20 + ci))
        else:
            toks.append(ctx.label(c.text))
    obs = None
    if row.kind == "data":
        vals = [ctx.values[f] for f in row.fields]
        if ri in ctx.collapse:
            # zeros are blank in the source and the blank cells collapse (A6)
            nlab = len(row.cells) - len(row.fields)
            keep = [(t, v) for t, v in zip(toks[nlab:], vals, strict=True) if v != 0]
            if ri in ctx.lone0 and not keep:
                keep = [("0", 0)]
            toks = toks[:nlab] + [t for t, _ in keep]
            obs = ("collapsed", [v for _, v in keep])
        else:
            obs = ("full", vals)
    return toks, obs


def render_pipe(grid: Grid, ctx: Ctx, style: str) -> tuple[list[str], list]:
    lines: list[str] = []
    obs = []
    n = len(grid.rows)
    for ri, row in enumerate(grid.rows):
        toks, o = row_tokens(grid, ri, ctx)
        if o:
            obs.append((row.fields, o))
        missing = grid.width - len(toks)
        if style == "A1":
            s = " ".join(f"{t} |" if t else "|" for t in toks)
            if missing > 0 and ri != n - 1:
                s += " " + "|" * missing
            lines.append(s)
        elif style == "A2":
            lines += [f"{t} |" if t else "|" for t in toks]
            if missing > 0:
                lines.append("|" * missing)
        elif style == "A3":
            for i, t in enumerate(toks):
                lines.append(f"| {t}" if i == 0 else t)
                lines.append("|")
            if missing > 0:
                lines.append("|" * missing)
        elif style == "A4":
            for t in toks:
                lines.append(t)
                lines.append("|")
            if missing > 0 and ri != n - 1:
                lines.append("|" * missing)
    return lines, obs


def render_blankline(grid: Grid, ctx: Ctx) -> tuple[list[str], list]:
    """A5: one cell per line, blank lines between, no pipes."""
    items: list[str] = []
    obs = []
    rng = ctx.rng
    for row in grid.rows:
        for c in row.cells:
            if c.role == "val":
                t = ctx.val(c.field)
                r = rng.random()
                if r < 0.15:
                    t = "  " + t
                elif r < 0.3:
                    t = " " + t
                elif r < 0.36:
                    t = t + " "
                items.append(t)
            elif c.role == "hdr" and c.text in BR and rng.random() < 0.6:
                items += list(BR[c.text])
            else:
                items.append(ctx.label(c.text))
        if row.kind == "data":
            obs.append((row.fields, ("full", [ctx.values[f] for f in row.fields])))
    lines: list[str] = []
    for i, t in enumerate(items):
        if i:
            lines.append("")
        lines.append(t)
    return lines, obs


def render_labels_only(grid: Grid, ctx: Ctx) -> tuple[list[str], list]:
    """A8: every value lost, the labels survive one per line."""
    lines = []
    for row in grid.rows:
        for c in row.cells:
            if c.role != "val":
                lines.append(c.text)
    return lines, []


def render_flat(
    grid: Grid, ctx: Ctx, p_val: float, p_other: float, sep_all: bool = False
) -> tuple[list[str], list]:
    """A10 (no separators, random spaces) and A11 (sep_all: every cell separated by a space)."""
    rng = ctx.rng
    s = ""
    obs = []
    for ri, row in enumerate(grid.rows):
        toks, o = row_tokens(grid, ri, ctx)
        nlab = len(toks) - (len(o[1]) if o and o[0] == "collapsed" else len(row.fields))
        run = ""
        for ti, t in enumerate(toks):
            is_val = row.kind == "data" and ti >= nlab
            if s:
                if sep_all:
                    sep = " "
                elif is_val and ti > nlab:
                    sep = " " if rng.random() < p_val else ""
                else:
                    sep = " " if rng.random() < p_other else ""
                s += sep
                if is_val and ti > nlab:
                    run += sep
            s += t
            if is_val:
                run += t
        if o:
            if sep_all or o[0] == "collapsed":
                obs.append((row.fields, o))
            else:
                # a reader knows the unit that closes the amount cell (元 / 万元)
                run = re.sub(r"万?元$", "", run)
                obs.append((row.fields, ("runs", run.split(" "))))
    return [s], obs


WORD_TD = "border:solid windowtext 1px;border-top:none;padding:5px"


def word_runs(text: str) -> str:
    """A number as Word pastes it into HTML: split into runs, with whitespace between them
    (`<span>2</span> <span>0</span>` reads "2 0"; seen on the 平潭 2020 page)."""
    if len(text) > 1 and text.isdigit():
        return f"<span>{text[:1]}</span> <span>{text[1:]}</span>"
    return text


def render_html_table(
    grid: Grid, ctx: Ctx, nbsp: bool, word: bool = False
) -> tuple[list[str], list]:
    """``word``: the table as pasted from Word: each cell a paragraph, numbers split into runs,
    every cell without a top border (the row above draws it), so a page break leaves the row
    opening the next page with no rule above it."""
    table = '<table class="gk-table" border="1" cellspacing="0" cellpadding="3" width="100%">'
    if word:
        table = '<table style="border-collapse:collapse;border:none" cellspacing="0" border="1">'
    lines = [table]
    obs = []
    for ri, row in enumerate(grid.rows):
        tds = []
        for c in row.cells:
            attrs = (f' rowspan="{c.rs}"' if c.rs > 1 else "") + (
                f' colspan="{c.cs}"' if c.cs > 1 else ""
            )
            t = ctx.val(c.field) if c.role == "val" else c.text
            if t == "" and (nbsp or word):
                t = "&nbsp;"
            if word:
                top = "border-top:solid windowtext 1px" if ri == 0 else "border-top:none"
                style = WORD_TD.replace("border-top:none", top)
                tds.append(f'<td{attrs} style="{style}"><p>{word_runs(t)}</p></td>')
                continue
            tds.append(f"<td{attrs}>{t}</td>")
        lines.append("<tr>" + "".join(tds) + "</tr>")
        if row.kind == "data":
            obs.append((row.fields, ("full", [ctx.values[f] for f in row.fields])))
    lines.append("</table>")
    return lines, obs


# ---- PDF text layer (B1–B4, B6 in labels, B8) -------------------------------------------------


def wrap_label_space(rng: random.Random, label: str) -> str:
    """B6 inside a table cell: the label wraps and the line break becomes a space."""
    if len(label) < 14:
        return label
    k = rng.randint(7, len(label) - 4)
    return label[:k] + " " + label[k:]


def render_pdf_t2(grid: Grid, ctx: Ctx, mods: set[str]) -> tuple[list[str], list]:
    lines = []
    obs = []
    for row in grid.rows:
        if row.kind == "sec":
            lines.append(row.cells[0].text)
        elif row.kind == "hdr":
            texts = [c.text for c in row.cells]
            if "b1" in mods and any(t in BR for t in texts):
                first = [BR[t][0] if t in BR else t for t in texts]
                second = [BR[t][1] for t in texts if t in BR]
                lines.append(" ".join(first))
                lines.append(" ".join(second))
            else:
                lines.append(" ".join(texts))
        else:
            vals = [ctx.val(f, blank_ok=False) for f in row.fields]
            lines.append(ctx.label(row.label) + " " + " ".join(vals))
            obs.append((row.fields, ("full", [ctx.values[f] for f in row.fields])))
    return lines, obs


def pdf_t3_header(mods: set[str]) -> list[str]:
    if "b1" in mods:
        r = RULE_TEXT
        return [
            f"{r[:14]} 申请人情况",
            f"{r[14:26]} 自然人 法人或其他组织 总计",
            f"{r[26:]} 商业 科研 社会公 法律服 其他",
            "企业 机构 益组织 务机构",
        ]
    return [RULE_TEXT, "申请人情况", "自然人 法人或其他组织 总计", " ".join(T3_COL_HEAD)]


def render_pdf_t3(grid: Grid, ctx: Ctx, mods: set[str]) -> tuple[list[str], list]:
    rng = ctx.rng
    lines: list[str] = []
    obs = []
    data = grid.data_rows()
    n = len(data)
    lines += pdf_t3_header(mods)
    # per-row layout (B3)
    mode = ["normal"] * n
    if "b3" in mods:
        for i, r in enumerate(data):
            if r.under_san and len(r.label) >= 15 and rng.random() < 0.8:
                mode[i] = "wrap"
        shorts = [i for i, r in enumerate(data) if r.under_san and mode[i] == "normal" and i > 0]
        rng.shuffle(shorts)
        picked = 0
        for i in shorts:
            if picked >= 3:
                break
            if mode[i - 1] == "normal" and (i + 1 >= n or mode[i + 1] == "normal"):
                mode[i] = "before"
                picked += 1
    blocks = []
    group_seen: dict[str, int] = {}
    for i, r in enumerate(data):
        vals = " ".join(ctx.val(f, blank_ok=False) for f in r.fields)
        lab = ctx.label(r.label)
        if "b6" in mods and mode[i] == "normal":
            lab = wrap_label_space(rng, lab)
        if mode[i] == "normal":
            blk, li = [f"{lab} {vals}"], 0
        elif mode[i] == "before":
            blk, li = [vals, lab], 1
        else:
            k = rng.randint(len(lab) // 2 - 3, len(lab) // 2 + 3)
            blk, li = [lab[:k], vals, lab[k:]], 0
        blocks.append({"lines": blk, "li": li, "pre": [], "v": [], "g": []})
        obs.append((r.fields, ("full", [ctx.values[f] for f in r.fields])))
    san_idx = [i for i, r in enumerate(data) if r.under_san]
    # group labels （三）不予公开 …
    for i, r in enumerate(data):
        if not r.group:
            continue
        k = group_seen.get(r.group, 0)
        group_seen[r.group] = k + 1
        glabel = r.group
        if "b2" in mods:
            cut = len(glabel) // 2 + 1
            frags = [glabel[:cut], glabel[cut:]]
            if k < 2:
                blocks[i]["g"].append(frags[k])
        elif k == 0:
            if rng.random() < 0.5:
                blocks[i]["pre"].append(glabel)
            else:
                blocks[i]["g"].append(glabel)
    # the 三、本年度办理结果 label, repeated after a page break (A12)
    repeat_at = None
    if any(r.repeat for r in grid.rows):
        # the data row that follows the repeated header rows
        seen_repeat = False
        di = 0
        for r in grid.rows:
            if r.kind == "hdr" and r.repeat:
                seen_repeat = True
            elif r.kind == "data":
                if seen_repeat and repeat_at is None:
                    repeat_at = di
                di += 1
    split_rows = [
        i for i, r in enumerate(data) if r.under_san and any(c.text == SAN for c in r.cells)
    ]
    if "b2" in mods:
        chars = list(SAN)
        step = rng.choice([1, 2])
        start = rng.randint(0, max(0, len(san_idx) - 1 - (len(chars) - 1) * step) // 3)
        for k, ch in enumerate(chars):
            i = san_idx[min(len(san_idx) - 1, start + k * step)]
            if rng.random() < 0.5:
                blocks[i]["pre"].append(ch)
            else:
                blocks[i]["v"].append(ch)
    else:
        for i in split_rows:
            blocks[i]["pre"].insert(0, SAN)
    if repeat_at is not None:
        blocks[repeat_at]["pre"] = pdf_t3_header(mods) + blocks[repeat_at]["pre"]
    for b in blocks:
        lines += b["pre"]
        for j, text in enumerate(b["lines"]):
            if j == b["li"] and (b["v"] or b["g"]):
                text = " ".join(b["v"] + b["g"]) + " " + text
            lines.append(text)
    return lines, obs


def render_pdf_t4(grid: Grid, ctx: Ctx, mods: set[str]) -> tuple[list[str], list]:
    row = grid.data_rows()[0]
    vals = " ".join(ctx.val(f, blank_ok=False) for f in row.fields)
    if "b1" in mods:
        if ctx.rng.random() < 0.6:
            a = ["结果", "结果", "其他", "尚未", "总"]
            b = ["维持", "纠正", "结果", "审结", "计"]
            head = [
                "行政复议 行政诉讼",
                " ".join(a) + " 未经复议直接起诉 复议后起诉",
                " ".join(b + a + a),
                " ".join(b + b),
            ]
        else:
            cols = [list(h) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计  ")] * 3
            head = ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉"]
            for k in range(4):
                head.append(" ".join(c[k] for c in cols if c[k].strip()))
    else:
        head = [
            "行政复议 行政诉讼",
            " ".join(T4_SUB) + " 未经复议直接起诉 复议后起诉",
            " ".join(T4_SUB * 2),
        ]
    if "b4" in mods:
        head = [ctx.label(h) if h in ctx.lost else h for h in head]
        head = [h.replace("未经复议直接起诉", ctx.label("未经复议直接起诉")) for h in head]
    return [*head, vals], [(row.fields, ("full", [ctx.values[f] for f in row.fields]))]


# ---- PDF → markdown (B7) ---------------------------------------------------------------------


def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_md_t2(grid: Grid, ctx: Ctx) -> tuple[list[str], list]:
    lines = []
    obs = []
    first = True
    for row in grid.rows:
        if row.kind == "sec":
            lines.append(md_row([row.cells[0].text, "", "", ""]))
            if first:
                lines.append(md_row(["---"] * 4))
                first = False
        elif row.kind == "hdr":
            cells = [c.text for c in row.cells]
            lines.append(md_row(cells + [""] * (4 - len(cells))))
        else:
            vals = [ctx.val(f) for f in row.fields]
            lines.append(md_row([row.label] + vals + [""] * (3 - len(vals))))
            obs.append((row.fields, ("full", [ctx.values[f] for f in row.fields])))
            if row.label.endswith("规范性文件"):
                made = ctx.values[row.fields[0]]
                if made > 1 and ctx.rng.random() < 0.7:
                    lines.append(f"（其中修订{ctx.rng.randint(1, made - 1)}件）")
    return lines, obs


def render_md_t3(grid: Grid, ctx: Ctx) -> tuple[list[str], list]:
    rng = ctx.rng
    data = grid.data_rows()
    obs = []
    lines = [
        md_row([RULE_TEXT, "申请人情况"] + [""] * 6),
        md_row(["---"] * 8),
        md_row(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        md_row(["商业企科研机社会公法律服"] + [""] * 7),
        md_row(["业", "构", "益组织", "务机构", "其他", "", "", ""]),
    ]
    # orphan groups: runs of leaf rows whose labels go to paragraphs, values to bare rows
    leaf_idx = [i for i, r in enumerate(data) if r.under_san]
    orphan: dict[int, int] = {}
    starts = sorted(rng.sample(leaf_idx[1:-3], 3))
    last_end = -1
    for s in starts:
        if s <= last_end + 1:
            continue
        k = rng.choice([1, 2, 3])
        run = [i for i in range(s, s + k) if i in leaf_idx]
        orphan[s] = len(run)
        last_end = s + len(run) - 1
    heading_at = rng.choice(leaf_idx[6:14])
    san_inline = rng.random() < 0.5
    merged_group = None
    groups = [r.group for r in data if r.group]
    if groups:
        merged_group = rng.choice(sorted(set(groups)))
    gseen: set[str] = set()
    i = 0
    n = len(data)
    while i < n:
        r = data[i]
        if i == heading_at or (i in orphan and i < heading_at < i + orphan[i]):
            lines += ["", "## 表三：收到和处理政府信息公开申请情况（续）", ""]
            if rng.random() < 0.5:
                lines.append(md_row(["---"] * 8))
        if i in orphan:
            run = list(range(i, i + orphan[i]))
            lines.append("")
            for j in run:
                rj = data[j]
                if rj.group and rj.group not in gseen:
                    gseen.add(rj.group)
                    lines += [rj.group, ""]
                lines += [rj.label, ""]
            for j in run:
                rj = data[j]
                lines.append(md_row([ctx.val(f) for f in rj.fields]))
                obs.append((rj.fields, ("full", [ctx.values[f] for f in rj.fields])))
            i = run[-1] + 1
            continue
        vals = [ctx.val(f) for f in r.fields]
        prefix: list[str] = []
        if r.under_san and any(c.text == SAN for c in r.cells):
            if san_inline:
                prefix.append(SAN)
            else:
                lines += ["", SAN, ""]
        if r.group and r.group not in gseen:
            gseen.add(r.group)
            if r.group == merged_group:
                prefix.append(r.group[:4])
            else:
                lines += ["", r.group, ""]
        if r.fields[0].startswith("requests.carried_forward") and rng.random() < 0.6:
            vals = [*vals[:6], ""]
        lines.append(md_row([*prefix, r.label, *vals]))
        obs.append((r.fields, ("full", [ctx.values[f] for f in r.fields])))
        i += 1
    return lines, obs


def render_md_t4(grid: Grid, ctx: Ctx) -> tuple[list[str], list]:
    row = grid.data_rows()[0]
    lines = [
        md_row(["行政复议", "", "", "", "", "行政诉讼"]),
        md_row(["---"] * 6),
        md_row([*T4_SUB, "未经复议直接起诉"]),
        md_row([*T4_SUB, "结果维持"]),
        md_row([ctx.val(f) for f in row.fields]),
    ]
    return lines, [(row.fields, ("full", [ctx.values[f] for f in row.fields]))]


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


class Line:
    __slots__ = ("first", "k", "last", "sec", "t", "tag")

    def __init__(
        self,
        t: str,
        sec: str,
        k: str,
        tag: str | None = None,
        first: bool = True,
        last: bool = True,
    ):
        self.t, self.sec, self.k, self.tag, self.first, self.last = t, sec, k, tag, first, last


LAYOUT_PATTERNS = {
    "pipe": ["A1"],
    "cell": ["A2"],
    "lead": ["A3"],
    "sep": ["A4"],
    "bl": ["A5"],
    "lab": ["A8"],
    "flat": ["A10"],
    "flatmix": ["A10"],
    "sp": ["A11"],
    "pdf": ["B8"],
    "md": ["B7"],
    "html": [],
}
MOD_PATTERNS = {
    "hs": ["A9"],
    "hb": ["A9"],
    "seed": ["A9"],
    "blank": ["A7"],
    "col": ["A6"],
    "pb": ["A12"],
    "b1": ["B1"],
    "b2": ["B2"],
    "b3": ["B3"],
    "b4": ["B4"],
    "b6": ["B6"],
    "nbsp": ["A7"],
    "word": ["A7"],
}
PATTERN_ORDER = [
    "A1",
    "A2",
    "A3",
    "A4",
    "A5",
    "A6",
    "A7",
    "A8",
    "A9",
    "A10",
    "A11",
    "A12",
    "B1",
    "B2",
    "B3",
    "B4",
    "B5",
    "B6",
    "B7",
    "B8",
    "C1",
    "C6",
]

LAYOUT_WORDS = {
    "pipe": "pipe rows (A1)",
    "cell": "one cell per line ending in ' |' (A2)",
    "lead": "leading-pipe cells (A3)",
    "sep": "cells separated by '|' lines (A4)",
    "bl": "one cell per line with blank lines, no pipes (A5)",
    "lab": "labels only, values lost (A8)",
    "flat": "flattened, cells concatenated (A10)",
    "flatmix": "flattened with random spaces (A10)",
    "sp": "flattened with spaces (A11)",
    "pdf": "PDF text rows (B8)",
    "md": "PDF-to-markdown pipe table (B7)",
    "html": "HTML table with rowspan/colspan",
}
MOD_WORDS = {
    "hs": "header characters spaced out or split (A9)",
    "hb": "header <br> damage (A9)",
    "seed": "seed-like header damage: sub-heads 'A B', table-4 heads lose their second line (A9)",
    "blank": "zeros printed as blank cells (A7)",
    "col": "blank cells collapsed in some rows (A6)",
    "pb": "三、本年度办理结果 repeated after a page break (A12)",
    "b1": "multi-row header interleaved (B1)",
    "b2": "vertical label split one character per line (B2)",
    "b3": "values before labels / wrapped labels (B3)",
    "b4": "characters lost in labels (B4)",
    "b6": "labels wrapped with a space (B6)",
    "nbsp": "zeros printed as &nbsp; (A7)",
    "word": "pasted from Word: paragraph cells, numbers split into runs, &nbsp; zeros (A7)",
}

SEC_HEAD = {
    "proactive_disclosure": ["二、主动公开政府信息情况"],
    "requests": ["三、收到和处理政府信息公开申请情况"],
    "review_litigation": [
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、政府信息公开行政复议和行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    ],
    "problems_improvements": [
        "五、存在的主要问题及改进情况",
        "五、存在的主要问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "五、存在的主要问题和改进措施",
    ],
    "other_matters": ["六、其他需要报告的事项", "六、其他需要报告的事项", "六、其他需要报告事项"],
}
OVERVIEW_SUBS = [
    ("（一）主动公开", "overview_proactive"),
    ("（二）依申请公开", None),
    ("（三）政府信息管理", "overview_management"),
    ("（四）政府信息公开平台建设", "overview_platform"),
    ("（五）监督保障", "overview_supervision"),
]

LABEL_PROBES = {
    "proactive_disclosure": {
        "2021": [
            "第二十条第（五）项",
            "本年收费金额（单位：万元）",
            "行政事业性收费",
            "第二十条第（六）项",
            "现行有效件数",
        ],
        "2019": [
            "第二十条第（九）项",
            "其他对外管理服务事项",
            "政府集中采购",
            "对外公开总数量",
            "第二十条第（五）项",
        ],
    },
    "requests": [
        "本年新收政府信息公开申请数量",
        "结转下年度继续办理",
        "上年结转政府信息公开申请数量",
        "本机关不掌握相关政府信息",
    ],
    "review_litigation": ["未经复议直接起诉", "复议后起诉"],
}

FOOTER_STYLES = ["- {n} -", "— {n} —", "第 {n} 页", "第{n}页 共{m}页", "- {n} -"]


def parse_spec(code: str) -> tuple[str, set[str]]:
    parts = code.split("+")
    return parts[0], set(parts[1:])


class DocBuilder:
    def __init__(self, spec: dict):
        self.spec = spec
        self.doc_id = spec["id"]
        self.ag = AGENCIES[spec["agency"]]
        self.year = spec["year"]
        self.fmt = spec["fmt"]  # "2021", "2021s", "2019"
        self.single = self.fmt in ("2021s", "2019")
        self.flags = set(spec.get("flags", []))
        self.layouts = {
            "t2": parse_spec(spec["t2"]),
            "t3": parse_spec(spec["t3"]),
            "t4": parse_spec(spec["t4"]),
        }
        self.family = self.layouts["t3"][0]
        self.kind = "html" if self.family == "html" else "txt"
        self.patterns: list[str] = []
        self.notes: list[str] = []
        self.ambiguous: list[str] = []

    # ---- numbers -----------------------------------------------------------------------
    def numbers(self, attempt: int) -> None:
        rng = random.Random(f"{SEED}|{self.doc_id}|numbers|{attempt}")
        ag = self.ag
        tpl3 = TPL["requests_single_other" if self.single else "requests_2021"]
        self.tpl3 = tpl3
        if self.fmt == "2019":
            t2v, t2d = gen_t2_2019(rng, ag)
        else:
            t2v, t2d = gen_t2_2021(rng, ag)
        t3v = gen_t3(rng, ag["scale"], tpl3)
        t4v = gen_t4(rng, ag["scale"])
        c6 = self.spec.get("c6")
        if c6 == "R4":
            t4v.update(
                {
                    "review.upheld": 9,
                    "review.corrected": 2,
                    "review.other": 0,
                    "review.pending": 0,
                    "review.total": 11,
                    "litigation_after_review.upheld": 4,
                    "litigation_after_review.corrected": 0,
                    "litigation_after_review.other": 1,
                    "litigation_after_review.pending": 0,
                    "litigation_after_review.total": 5,
                }
            )
        self.true_values = {**t2v, **t3v, **t4v}
        printed = dict(self.true_values)
        if c6 == "R4":
            printed["review.total"] = 0
            printed["litigation_after_review.total"] = 0
        elif c6 == "R2":
            keys = [row_key(r) for r in tpl3["rows"] if row_key(r) in LEAF_WEIGHT]
            k = max(keys, key=lambda x: t3v[f"{x}.total"])
            printed[f"{k}.total"] = t3v[f"{k}.total"] - 1
        elif c6 == "R1":
            printed["requests.carried_forward.natural_person"] += 2
            printed["requests.carried_forward.total"] += 2
        elif c6 == "R3":
            printed["requests.granted.natural_person"] += 1
            printed["requests.granted.total"] += 1
        self.values = printed
        self.disp = {**t2d, **{k: str(v) for k, v in {**t3v, **t4v}.items()}}
        for k in list(printed):
            if k in t3v or k in t4v:
                self.disp[k] = str(printed[k])

    # ---- tables ------------------------------------------------------------------------
    def render_table(self, kind: str, rng: random.Random) -> tuple[list[str], list, Grid]:
        layout, mods = self.layouts[kind]
        if kind == "t2":
            grid = grid_t2("2019" if self.fmt == "2019" else "2021")
        elif kind == "t3":
            pb = None
            rep = False
            if "pb" in mods:
                pb = rng.choice(
                    ["（四）无法提供", "（四）无法提供", "（五）不予处理", "（三）不予公开"]
                )
                rep = layout not in ("html",) and rng.random() < 0.6
            grid = grid_t3(self.single, pb, rep)
        else:
            grid = grid_t4()
        hdr = None
        if "hs" in mods:
            hdr = "spaced"
        elif "hb" in mods:
            hdr = rng.choice(["lost", "space", "mixed"])
        elif "seed" in mods:
            hdr = "seed"
        ctx = Ctx(
            rng, self.disp, self.values, blank_zero=("blank" in mods or "nbsp" in mods), hdr=hdr
        )
        if "b4" in mods:
            ctx.lost = self.lost_labels(grid, rng)
        if "col" in mods:
            ctx.collapse = self.pick_collapse(grid, ctx, layout)
        if layout in ("pipe", "cell", "lead", "sep"):
            style = {"pipe": "A1", "cell": "A2", "lead": "A3", "sep": "A4"}[layout]
            lines, obs = render_pipe(grid, ctx, style)
        elif layout == "bl":
            lines, obs = render_blankline(grid, ctx)
        elif layout == "lab":
            lines, obs = render_labels_only(grid, ctx)
        elif layout == "flat":
            lines, obs = render_flat(grid, ctx, 0.04, 0.12)
        elif layout == "flatmix":
            p = 0.35 if kind != "t2" else 0.6
            lines, obs = render_flat(grid, ctx, p, 0.3)
        elif layout == "sp":
            lines, obs = render_flat(grid, ctx, 0, 0, sep_all=True)
        elif layout == "pdf":
            lines, obs = {"t2": render_pdf_t2, "t3": render_pdf_t3, "t4": render_pdf_t4}[kind](
                grid, ctx, mods
            )
        elif layout == "md":
            lines, obs = {"t2": render_md_t2, "t3": render_md_t3, "t4": render_md_t4}[kind](
                grid, ctx
            )
        elif layout == "html":
            lines, obs = render_html_table(grid, ctx, "nbsp" in mods, "word" in mods)
        else:
            raise ValueError(layout)
        return lines, obs, grid

    def lost_labels(self, grid: Grid, rng: random.Random) -> dict[str, str]:
        """B4: a few labels lose characters in the middle."""
        labels = [r.label for r in grid.data_rows() if len(r.label) >= 8]
        if grid.kind == "t4":
            labels = ["未经复议直接起诉"]
        elif grid.kind == "t2":
            labels = [r.label for r in grid.data_rows() if len(r.label) >= 5]
        out = {}
        if "2.其他法律行政法规禁止公开" in labels and rng.random() < 0.7:
            out["2.其他法律行政法规禁止公开"] = "2.其他法律行政止公开"
        pool = [x for x in labels if x not in out]
        rng.shuffle(pool)
        for lab in pool[: rng.randint(1, 2)]:
            start = 3 if lab[0].isdigit() or lab.startswith("（") else 2
            if lab.startswith("（"):
                start = 4
            d = rng.randint(1, 2 if len(lab) < 10 else 3)
            k = rng.randint(start, len(lab) - 2 - d)
            out[lab] = lab[:k] + lab[k + d :]
        return out

    def pick_collapse(self, grid: Grid, ctx: Ctx, layout: str) -> set[int]:
        """A6: choose rows whose zero cells are blank and collapse, keeping one reading."""
        rng = ctx.rng
        if grid.kind != "t3":
            return set()
        cand = [
            ri
            for ri, r in enumerate(grid.rows)
            if r.kind == "data"
            and ctx.values[r.fields[-1]] > 0
            and any(ctx.values[f] == 0 for f in r.fields[:6])
        ]
        zero_rows = [
            ri
            for ri, r in enumerate(grid.rows)
            if r.kind == "data" and all(ctx.values[f] == 0 for f in r.fields)
        ]
        rng.shuffle(cand)
        chosen: set[int] = set(rng.sample(zero_rows, min(3, len(zero_rows))))
        target = rng.randint(3, 5)
        for ri in cand:
            if len(chosen) >= target + 3:
                break
            trial = chosen | {ri}
            c2 = Ctx(rng, ctx.disp, ctx.values, collapse=trial)
            obs = [
                (grid.rows[i].fields, row_tokens(grid, i, c2)[1])
                for i in range(len(grid.rows))
                if grid.rows[i].kind == "data"
            ]
            if not ambiguous_fields("t3", obs, self.tpl3):
                chosen = trial
        # one all-zero row keeps a lone 0 (real case: one value for a 7-column row)
        for ri in zero_rows:
            if ri in chosen:
                ctx.lone0.add(ri)
                break
        return chosen

    # ---- prose -------------------------------------------------------------------------
    def fmt_vars(self, rng: random.Random) -> dict[str, Any]:
        ag, y = self.ag, self.year
        v = self.true_values
        scale = ag["scale"]
        mult = {"tiny": 1, "small": 3, "medium": 10, "large": 40, "huge": 120}[scale]
        d = dict(ag)
        d.update(year=y, next_year=y + 1, prev_year=y - 1, agency=ag["name"])
        d.update(
            n_new=v["requests.new.total"],
            n_co=v["requests.carried_over.total"],
            n_done=v["requests.results_total.total"],
            n_cf=v["requests.carried_forward.total"],
            n_rev=v["review.total"],
            n_lit=v["litigation_direct.total"] + v["litigation_after_review.total"],
        )
        d.update(
            n_info=rng.randint(60, 160) * mult,
            n_key=rng.randint(10, 50) * mult,
            n_interp=rng.randint(3, 20) * max(1, mult // 3),
            n_press=rng.randint(1, 6) * max(1, mult // 10),
            n_hot=rng.randint(2, 15) * max(1, mult // 5),
            n_wechat=rng.randint(40, 200) * max(1, mult // 2),
            n_train=rng.randint(2, 8),
            n_trainees=rng.randint(20, 90) * max(1, mult // 4),
            n_suggest=rng.randint(8, 60),
            n_check=rng.randint(2, 6),
            n_review_batch=rng.randint(6, 40),
            n_fee_notice=rng.randint(1, 6),
            fee_yuan=rng.choice([120, 260, 300, 480, 650, 1020]),
            n_jy=rng.randint(2, 40),
            n_ta=rng.randint(2, 50),
            n_jyta=rng.randint(4, 80),
        )
        return d

    def build_lines(self) -> list[Line]:
        rng = random.Random(f"{SEED}|{self.doc_id}|prose")
        fv = self.fmt_vars(rng)
        P = PROSE
        L: list[Line] = []

        self.narrative_keys: list[str] = []

        def fill(s: str) -> str:
            for k in re.findall(r"\{(n_[a-z]+)\}", s):
                if k not in self.narrative_keys:
                    self.narrative_keys.append(k)
            return s.format(**fv)

        def prose(sec: str, s: str, tag: str | None = None) -> None:
            L.append(Line(fill(s), sec, "prose", tag))

        def head(sec: str, s: str) -> None:
            L.append(Line(s, sec, "head"))

        md = self.family == "md"

        def gap(sec: str) -> None:
            if md:
                L.append(Line("", sec, "blank"))

        L.append(
            Line(f"{self.ag['name']}{self.year}年政府信息公开工作年度报告", "preamble", "title")
        )
        gap("preamble")
        prose("preamble", rng.choice(P["preface"]))
        gap("preamble")
        # 一、总体情况
        head("overview", "一、总体情况")
        gap("overview")
        prose("overview", rng.choice(P["overview_intro"]))
        inline_subs = rng.random() < 0.2
        t3_lab = self.layouts["t3"][0] == "lab"
        t4_lab = self.layouts["t4"][0] == "lab"
        for title, key in OVERVIEW_SUBS:
            if key:
                body = fill(rng.choice(P[key]))
            else:
                if t3_lab:
                    body = fill(rng.choice(P["overview_requests_nonum"]))
                elif fv["n_new"] == 0 and fv["n_co"] == 0:
                    body = fill(rng.choice(P["overview_requests_zero"]))
                else:
                    body = fill(rng.choice(P["overview_requests"]))
                if not t4_lab:
                    zero = fv["n_rev"] == 0 and fv["n_lit"] == 0
                    body += fill(
                        rng.choice(P["review_sentence_zero" if zero else "review_sentence"])
                    )
            gap("overview")
            if inline_subs:
                L.append(Line(f"{title}。{body}", "overview", "prose"))
            else:
                head("overview", title)
                gap("overview")
                L.append(Line(body, "overview", "prose"))
        # tables
        for sec, kind, intro_key in (
            ("proactive_disclosure", "t2", "intro_t2"),
            ("requests", "t3", "intro_t3"),
            ("review_litigation", "t4", "intro_t4"),
        ):
            gap(sec)
            head(sec, rng.choice(SEC_HEAD[sec]))
            gap(sec)
            lines = self.tables[kind]
            labels = LABEL_PROBES[sec]
            if isinstance(labels, dict):
                labels = labels["2019" if self.fmt == "2019" else "2021"]
            has_label = any(lab in ln for lab in labels for ln in lines)
            if rng.random() < 0.55 or not has_label:
                prose(sec, rng.choice(P[intro_key]))
                gap(sec)
            for ln in lines:
                L.append(Line(ln, sec, "table"))
        # 五
        sec = "problems_improvements"
        gap(sec)
        head(sec, rng.choice(SEC_HEAD[sec]))
        ordinals = "一二三四五"
        probs = rng.sample(P["problems"], rng.randint(2, 3))
        meas = rng.sample(P["measures"], rng.randint(2, 4))
        variant = rng.choice(["v1", "v1", "v2", "v3"])
        if variant == "v1":
            gap(sec)
            head(sec, rng.choice(["（一）存在问题", "（一）存在的主要问题"]))
        elif variant == "v2":
            gap(sec)
            head(sec, "（一）上年度问题整改情况")
            gap(sec)
            prose(sec, rng.choice(P["last_year_review"]))
            gap(sec)
            head(sec, "（二）本年度存在的问题")
            gap(sec)
            prose(sec, rng.choice(P["problems_intro"]))
        else:
            gap(sec)
            prose(sec, rng.choice(P["problems_intro"]))
        for i, s in enumerate(probs):
            gap(sec)
            prose(sec, f"{ordinals[i]}是{s}", "problem")
        gap(sec)
        if variant == "v1":
            head(sec, rng.choice(["（二）改进措施", "（二）改进情况"]))
        elif variant == "v2":
            head(sec, "（三）改进措施")
        else:
            prose(sec, rng.choice(P["measures_intro"]))
        for i, s in enumerate(meas):
            gap(sec)
            prose(sec, f"{ordinals[i]}是{s}", "measure")
        # 六
        sec = "other_matters"
        gap(sec)
        head(sec, rng.choice(SEC_HEAD[sec]))
        paras = []
        if self.ag["scale"] == "tiny" and rng.random() < 0.4:
            paras = [rng.choice(P["other_none"])]
        else:
            fee_key = (
                "fee_some"
                if self.ag["scale"] in ("large", "huge") and rng.random() < 0.6
                else "fee_none"
            )
            if self.year <= 2020:
                fee_key = "fee_none"
            paras.append(rng.choice(P[fee_key]))
            if self.year >= 2021 and rng.random() < 0.6:
                paras.append(rng.choice(P["other_points"]))
            if self.ag["kind"] not in ("township", "street") and rng.random() < 0.5:
                paras.append(rng.choice(P["other_proposals"]))
        for p in paras:
            gap(sec)
            prose(sec, p)
        return L

    # ---- structural transforms -----------------------------------------------------------
    def wrap_prose(self, L: list[Line], rng: random.Random) -> list[Line]:
        """B6: hard line wraps inside sentences; some wraps joined back with a space."""
        out = []
        width = rng.randint(30, 40)
        for ln in L:
            if ln.k != "prose" or len(ln.t) <= width:
                out.append(ln)
                continue
            pieces = []
            t = ln.t
            while len(t) > width:
                k = width
                while 0 < k < len(t) and t[k - 1].isdigit() and t[k].isdigit():
                    k -= 1
                pieces.append(t[:k])
                t = t[k:]
            pieces.append(t)
            merged = [pieces[0]]
            for p in pieces[1:]:
                if rng.random() < 0.25:
                    merged[-1] = merged[-1] + " " + p
                else:
                    merged.append(p)
            for i, p in enumerate(merged):
                out.append(
                    Line(
                        p,
                        ln.sec,
                        ln.k,
                        ln.tag,
                        ln.first and i == 0,
                        ln.last and i == len(merged) - 1,
                    )
                )
        return out

    def insert_footers(self, L: list[Line], rng: random.Random) -> list[Line]:
        """B5: page footers land between table rows and in the middle of sentences."""
        style = rng.choice(FOOTER_STYLES)
        page_size = rng.randint(900, 1400)
        out: list[Line] = []
        acc = 0
        mid_sentence = mid_table = 0
        for ln in L:
            if acc + len(ln.t) > page_size and ln.k in ("prose", "table"):
                if ln.k == "prose" and len(ln.t) > 24:
                    k = rng.randint(8, len(ln.t) - 8)
                    while k < len(ln.t) - 1 and ln.t[k - 1].isdigit() and ln.t[k].isdigit():
                        k += 1
                    out.append(Line(ln.t[:k], ln.sec, ln.k, ln.tag, ln.first, False))
                    out.append(Line("", ln.sec, "foot"))
                    ln = Line(ln.t[k:], ln.sec, ln.k, ln.tag, False, ln.last)
                    mid_sentence += 1
                    acc = len(ln.t)
                else:
                    out.append(Line("", ln.sec, "foot"))
                    if ln.k == "table":
                        mid_table += 1
                    acc = 0
            acc += len(ln.t) + 1
            out.append(ln)
        if not mid_table:
            t3 = [i for i, ln in enumerate(out) if ln.sec == "requests" and ln.k == "table"]
            i = t3[len(t3) // 2]
            out.insert(i, Line("", "requests", "foot"))
        if not mid_sentence:
            cands = [
                i
                for i, ln in enumerate(out)
                if ln.k == "prose" and len(ln.t) > 30 and ln.sec == "overview"
            ]
            i = cands[len(cands) // 2]
            ln = out[i]
            k = len(ln.t) // 2
            while ln.t[k - 1].isdigit() and ln.t[k].isdigit():
                k += 1
            out[i : i + 1] = [
                Line(ln.t[:k], ln.sec, ln.k, ln.tag, ln.first, False),
                Line("", ln.sec, "foot"),
                Line(ln.t[k:], ln.sec, ln.k, ln.tag, False, ln.last),
            ]
        out.append(Line("", "other_matters", "foot"))
        feet = [ln for ln in out if ln.k == "foot"]
        for n, ln in enumerate(feet, 1):
            ln.t = style.format(n=n, m=len(feet))
        return out

    # ---- probes ------------------------------------------------------------------------
    CLAUSE = re.compile(r"[^，。；：！？,;:!?（）()“”《》\s]+")
    ORD = re.compile(r"^(?:[一二三四五六]是|同时|其中|另外)")

    def clauses(self, lines: list[Line]) -> list[str]:
        out = []
        for ln in lines:
            if ln.k != "prose":
                continue
            for m in self.CLAUSE.finditer(ln.t):
                s, e = m.start(), m.end()
                if (s == 0 and not ln.first) or (e == len(ln.t) and not ln.last):
                    continue
                c = self.ORD.sub("", m.group())
                if 7 <= len(c) <= 24 and sum("\u4e00" <= ch <= "\u9fff" for ch in c) >= 6:
                    if re.match(r"^（[一二三四五]）", m.group()):
                        continue
                    out.append(c)
        seen = []
        for c in out:
            if c not in seen:
                seen.append(c)
        return seen

    def pick_probes(self, L: list[Line], rng: random.Random) -> tuple[dict, dict]:
        conv = self.char_transform
        sections: dict[str, list[str]] = {}
        by_sec: dict[str, list[Line]] = {}
        for ln in L:
            by_sec.setdefault(ln.sec, []).append(ln)

        def present(p: str, sec: str) -> bool:
            return any(p in ln.t for ln in by_sec.get(sec, []) if ln.k != "foot")

        ov = self.clauses(by_sec["overview"])
        sections["overview"] = rng.sample(ov, 2)
        for sec in ("proactive_disclosure", "requests", "review_litigation"):
            labels = LABEL_PROBES[sec]
            if isinstance(labels, dict):
                labels = labels["2019" if self.fmt == "2019" else "2021"]
            labs = [conv(x) for x in labels if present(conv(x), sec)]
            intro = self.clauses(by_sec[sec])
            picked = []
            if intro:
                picked.append(rng.choice(intro))
            if labs:
                picked += labs[: 2 - len(picked)]
            sections[sec] = picked
        probs = self.clauses([ln for ln in by_sec["problems_improvements"] if ln.tag == "problem"])
        meas = self.clauses([ln for ln in by_sec["problems_improvements"] if ln.tag == "measure"])
        themes = {
            "problem": rng.sample(probs, min(2, len(probs))),
            "measure": rng.sample(meas, min(2, len(meas))),
        }
        sections["problems_improvements"] = [rng.choice(probs), rng.choice(meas)]
        other = self.clauses(by_sec["other_matters"])
        if not other:
            other = [ln.t.rstrip("。") for ln in by_sec["other_matters"] if ln.k == "prose"]
        sections["other_matters"] = rng.sample(other, min(2, len(other)))
        order = [
            "overview",
            "proactive_disclosure",
            "requests",
            "review_litigation",
            "problems_improvements",
            "other_matters",
        ]
        return {k: sections[k] for k in order}, themes

    def char_transform(self, s: str) -> str:
        if "C1" in self.flags:
            s = to_traditional(s)
        if "half" in self.flags:
            s = s.translate(HALFWIDTH)
        return s

    # ---- build ------------------------------------------------------------------------
    def build(self) -> tuple[str, bytes, dict]:
        needs_unique = any(
            self.layouts[k][0] in ("flat", "flatmix") or "col" in self.layouts[k][1]
            for k in ("t3", "t4")
        )
        for attempt in range(80):
            self.numbers(attempt)
            trng = random.Random(f"{SEED}|{self.doc_id}|tables|{attempt}")
            self.tables = {}
            amb: list[str] = []
            for kind in ("t2", "t3", "t4"):
                lines, obs, _grid = self.render_table(kind, trng)
                self.tables[kind] = lines
                if self.layouts[kind][0] == "lab":
                    continue
                a = ambiguous_fields(kind, obs, self.tpl3)
                if kind == "t2" and a and self.layouts[kind][0] not in ("flat", "flatmix"):
                    raise AssertionError(f"{self.doc_id}: unexpected ambiguity {a}")
                amb += a
            if not needs_unique or not [f for f in amb if not f.startswith("proactive.")]:
                break
        else:
            raise RuntimeError(f"{self.doc_id}: no unambiguous numbers found")
        self.ambiguous = amb
        L = self.build_lines()
        rng = random.Random(f"{SEED}|{self.doc_id}|layout")
        if "B6" in self.flags:
            L = self.wrap_prose(L, rng)
        if "B5" in self.flags:
            L = self.insert_footers(L, rng)
        for ln in L:
            ln.t = self.char_transform(ln.t)
        sections, themes = self.pick_probes(L, random.Random(f"{SEED}|{self.doc_id}|probes"))
        if self.kind == "html":
            text = self.html_page(L)
        elif "FLATDOC" in self.flags:
            parts = [L[0].t]
            body = ""
            for ln in L[1:]:
                if body and rng.random() < 0.15:
                    body += " "
                body += ln.t
            text = parts[0] + "\n" + body + "\n"
        else:
            text = "\n".join(ln.t for ln in L) + "\n"
        plain = re.sub(r"<[^>]+>", "", text) if self.kind == "html" else text
        for sec, probes in sections.items():
            for p in probes:
                assert p in plain, (self.doc_id, sec, p)
        for probes in themes.values():
            for p in probes:
                assert p in plain, (self.doc_id, p)
        truth = self.truth(sections, themes)
        enc = self.spec.get("encoding", "utf-8")
        return text, text.encode(enc), truth

    def html_page(self, L: list[Line]) -> str:
        ag = self.ag
        enc = self.spec.get("encoding", "utf-8")
        title = L[0].t
        body = []
        for ln in L[1:]:
            if ln.k == "head":
                body.append(f"<p><strong>{ln.t}</strong></p>")
            elif ln.k == "prose":
                body.append(f"<p>{ln.t}</p>")
            elif ln.k == "table":
                body.append(ln.t)
        charset = "gbk" if enc == "gbk" else "utf-8"
        head = [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            f"<title>{title}-{ag['site']}</title>",
            "<style>.gk-table td{border:1px solid #444;padding:3px;text-align:center}"
            ".main p{line-height:1.9;text-indent:2em}.crumb a{color:#135}</style>",
            "<script>function zoom(s){document.getElementById('zoom').style.fontSize=s+'px';}</script>",
            "</head>",
            "<body>",
            f'<div class="top"><span class="logo">{ag["site"]}</span>'
            '<a href="/">首页</a> <a href="/xxgk/">信息公开</a> <a href="/hdjl/">互动交流</a> <a href="/bsfw/">办事服务</a></div>',
            '<div class="crumb">您现在的位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 年度报告</div>',
            f'<div class="main"><h1>{title}</h1>',
            f'<div class="info">信息来源：{ag["office"]}　【字体：<a href="javascript:zoom(18)">大</a> '
            '<a href="javascript:zoom(16)">中</a> <a href="javascript:zoom(14)">小</a>】</div>',
            '<div id="zoom">',
        ]
        tail = [
            "</div>",
            '<div class="tools"><a href="javascript:window.print()">打印本页</a></div>',
            "</div>",
            f'<div class="foot">主办：{ag["office"]}　地址：{ag["address"]}　邮编：{ag["postcode"]}</div>',
            "</body>",
            "</html>",
        ]
        return "\n".join(head + body + tail) + "\n"

    def truth(self, sections: dict, themes: dict) -> dict:
        fields: dict[str, Any] = {}
        t2 = TPL["proactive_2019" if self.fmt == "2019" else "proactive_2021"]
        for kind, tpl in (("t2", t2), ("t3", self.tpl3), ("t4", TPL["review_litigation"])):
            lab = self.layouts[kind][0] == "lab"
            for r in tpl["rows"]:
                for f in r["fields"]:
                    fields[f] = None if lab else self.values[f]
        pats: list[str] = []
        for kind in ("t2", "t3", "t4"):
            layout, mods = self.layouts[kind]
            pats += LAYOUT_PATTERNS[layout]
            for m in sorted(mods):
                pats += MOD_PATTERNS.get(m, [])
        for f in ("B5", "B6", "C1"):
            if f in self.flags:
                pats.append(f)
        if "FLATDOC" in self.flags:
            pats.append("A10")
        if self.spec.get("c6"):
            pats.append("C6")
        pats = [p for p in PATTERN_ORDER if p in pats]
        self.patterns = pats
        inconsistencies = rule_failures(
            {k: v for k, v in fields.items()}, self.tpl3 if self.layouts["t3"][0] != "lab" else None
        )
        inconsistencies += self.narrative_mismatches(fields)
        if not self.spec.get("c6"):
            assert not inconsistencies, (self.doc_id, inconsistencies)
        else:
            assert inconsistencies, self.doc_id
        note = self.note(inconsistencies)
        return {
            "doc_id": self.doc_id,
            "input": f"{self.doc_id}.{self.kind}",
            "kind": self.kind,
            "source": {
                "file": f"{self.doc_id}.{self.kind} (fictional report generated by "
                "scripts/make_table_corpus.py; invented agency, original prose)"
            },
            "format": "2019" if self.fmt == "2019" else "2021",
            "metadata": {"agency": self.ag["name"], "year": self.year},
            "fields": fields,
            "sections": sections,
            "themes": themes,
            "inconsistencies": inconsistencies,
            "patterns": pats,
            "note": note,
        }

    NARRATIVE: ClassVar[dict[str, tuple[list[str], str]]] = {
        "n_new": (["requests.new.total"], "本年新收申请"),
        "n_co": (["requests.carried_over.total"], "上年结转申请"),
        "n_done": (["requests.results_total.total"], "办结申请"),
        "n_cf": (["requests.carried_forward.total"], "结转下年度申请"),
        "n_rev": (["review.total"], "行政复议"),
        "n_lit": (["litigation_direct.total", "litigation_after_review.total"], "行政诉讼"),
    }

    def narrative_mismatches(self, fields: dict[str, Any]) -> list[str]:
        """S3: counts stated in section 一 that differ from the table as printed (C6 only)."""
        out = []
        for key in self.narrative_keys:
            if key not in self.NARRATIVE:
                continue
            fs, what = self.NARRATIVE[key]
            if any(fields[f] is None for f in fs):
                continue
            printed = sum(fields[f] for f in fs)
            stated = sum(self.true_values[f] for f in fs)
            if printed != stated:
                out.append(
                    f"S3 {'+'.join(fs)}: section 一 states {stated} {what} but the table prints {printed}"
                )
        return out

    def note(self, inconsistencies: list[str]) -> str:
        parts = []
        variant = {
            "2021": "2021 format",
            "2021s": "2021 format with （六）其他处理 as one row (requests.other.all.*)",
            "2019": "2019 试行 format (22-value table 二, single （六） row)",
        }[self.fmt]
        parts.append(variant + ".")
        names = {"t2": "Table 二", "t3": "Table 三", "t4": "Table 四"}
        for kind in ("t2", "t3", "t4"):
            layout, mods = self.layouts[kind]
            words = LAYOUT_WORDS[layout]
            if mods:
                words += "; " + "; ".join(MOD_WORDS[m] for m in sorted(mods))
            parts.append(f"{names[kind]}: {words}.")
        if any(self.layouts[k][0] == "lab" for k in self.layouts):
            parts.append(
                "Values of the labels-only table are missing from the document, so its fields are null."
            )
        if any("blank" in m or "nbsp" in m for _, m in self.layouts.values()):
            parts.append("Blank cells stand for 0 and are recorded as 0.")
        if "col" in self.layouts["t3"][1]:
            parts.append(
                "Collapsed rows have exactly one placement consistent with R1-R3 (checked by the generator)."
            )
        flags = []
        if "FLATDOC" in self.flags:
            flags.append("whole body flattened onto one line (A10)")
        if "B5" in self.flags:
            flags.append("page footers inside tables and sentences (B5)")
        if "B6" in self.flags:
            flags.append("prose hard-wrapped, some wraps joined with a space (B6)")
        if "C1" in self.flags:
            flags.append(
                "prose and labels in Traditional characters (C1); the agency name is the same in both scripts"
            )
        if "half" in self.flags:
            flags.append("halfwidth (),:; as in seed.txt")
        if self.kind == "html":
            flags.append(f"HTML page, {self.spec.get('encoding', 'utf-8').upper()}")
        if flags:
            parts.append("Document: " + "; ".join(flags) + ".")
        if self.ambiguous:
            parts.append(
                "Genuinely ambiguous for any reader (digit runs with several splits and no rule to choose): "
                + ", ".join(self.ambiguous)
                + "; truth holds the true values."
            )
        if inconsistencies:
            parts.append(
                "Deliberately inconsistent (C6): values recorded as printed; the narrative in section 一 "
                "states the true counts."
            )
        else:
            parts.append("All printed numbers satisfy R1-R4.")
        return " ".join(parts)


# --------------------------------------------------------------------------------------------
# The plan: which document exercises which pattern
# --------------------------------------------------------------------------------------------


def D(
    id: str, agency: str, year: int, fmt: str, t2: str, t3: str, t4: str, *flags: str, **kw: Any
) -> dict:
    return {
        "id": id,
        "agency": agency,
        "year": year,
        "fmt": fmt,
        "t2": t2,
        "t3": t3,
        "t4": t4,
        "flags": list(flags),
        **kw,
    }


PLAN = [
    # ---- 2021 format: web pages rendered to text (A1–A12) ----
    D("beihu2022_a1", "beihu", 2022, "2021", "pipe", "pipe+seed", "pipe+seed", "half"),
    D("binhu2024_a1", "binhu", 2024, "2021", "pipe", "pipe", "pipe+seed", "half"),
    D("dlxx2023_a1", "dlxx", 2023, "2021", "pipe", "pipe+pb", "pipe"),
    D("yunling2022_a9", "yunling", 2022, "2021", "pipe+hs", "pipe+hs", "pipe+hs"),
    D("bljt2023_a7", "bljt", 2023, "2021", "pipe+blank", "pipe+blank", "pipe+blank"),
    D("xhst2021_a2", "xhst", 2021, "2021", "cell", "cell", "cell"),
    D("yqzj2024_a2", "yqzj", 2024, "2021", "cell+hb", "cell", "cell+hb"),
    D("dongshan2023_a7", "dongshan", 2023, "2021", "cell", "cell+blank", "cell+blank"),
    D("hailan2023_a3", "hailan", 2023, "2021", "lead", "lead", "lead"),
    D("blsj2022_a3", "blsj", 2022, "2021", "lead", "lead", "lead", "half"),
    D("xhgx2022_a4", "xhgx", 2022, "2021", "sep", "sep", "sep"),
    D("ylzr2023_a4", "ylzr", 2023, "2021", "sep", "sep+pb", "sep"),
    D("yunxi2024_a5", "yunxi", 2024, "2021", "bl", "bl", "bl"),
    D("hyqx2022_a5", "hyqx", 2022, "2021", "bl", "bl", "bl"),
    D("beihu2023_a6", "beihu", 2023, "2021", "cell", "cell+col", "cell"),
    D("bailu2022_a6", "bailu", 2022, "2021", "cell", "cell+col", "cell+blank"),
    D("xinghe2022_a8", "xinghe", 2022, "2021", "pipe", "lab", "pipe"),
    D("taoyuan2022_a8", "taoyuan", 2022, "2021", "lab", "pipe", "pipe"),
    D("yxny2023_a8", "yxny", 2023, "2021", "cell", "cell", "lab"),
    D("yunling2023_a10", "yunling", 2023, "2021", "flat", "flat", "flat", "FLATDOC"),
    D("mingyue2023_a10", "mingyue", 2023, "2021", "flat", "flat", "flat", "FLATDOC"),
    D("xhst2023_a10", "xhst", 2023, "2021", "flatmix", "flatmix", "flatmix"),
    D("dongshan2021_a10", "dongshan", 2021, "2021", "flat", "flat+pb", "flat", "FLATDOC"),
    D("jkjk2023_a11", "jkjk", 2023, "2021", "sp", "sp", "sp"),
    D("ylzr2022_a11", "ylzr", 2022, "2021", "sp", "sp+col", "sp"),
    D("hlsj2023_a12", "hlsj", 2023, "2021", "cell", "cell+pb", "cell"),
    D("qingshan2023_c1", "qingshan", 2023, "2021", "pipe", "pipe", "pipe+seed", "C1"),
    D("qsjy2022_c1", "qsjy", 2022, "2021", "cell", "cell", "cell", "C1"),
    D("qingshan2022_a1", "qingshan", 2022, "2021", "pipe+hb", "pipe", "pipe+hb"),
    D("ylzr2024_a2", "ylzr", 2024, "2021", "cell", "cell", "cell", "half"),
    # ---- 2021 format: PDF text layers (B1–B8) ----
    D("bailu2023_b8", "bailu", 2023, "2021", "pdf", "pdf", "pdf"),
    D("xinghe2024_b8", "xinghe", 2024, "2021", "pdf", "pdf", "pdf+b1", "B5"),
    D("yunxi2022_b1", "yunxi", 2022, "2021", "pdf+b1", "pdf+b1", "pdf+b1", "B6"),
    D("blsj2024_b2", "blsj", 2024, "2021", "pdf", "pdf+b2+b3+b4", "pdf+b1", "B5"),
    D("hailan2022_b2", "hailan", 2022, "2021", "pdf", "pdf+b2", "pdf", "B6"),
    D("beihu2024_b3", "beihu", 2024, "2021", "pdf", "pdf+b3+b6", "pdf", "B5", "B6"),
    D("dlxx2022_b4", "dlxx", 2022, "2021", "pdf+b4", "pdf+b4", "pdf+b4", "B5"),
    D("bljt2022_b5", "bljt", 2022, "2021", "pdf", "pdf", "pdf", "B5", "B6"),
    D("jiangkou2023_b6", "jiangkou_sf", 2023, "2021", "pdf", "pdf+b6", "pdf+b1", "B6", "C1"),
    D("shiqiao2023_b8", "shiqiao", 2023, "2021", "pdf", "pdf", "pdf"),
    D("yuquan2024_b3", "yuquan_ga", 2024, "2021", "pdf", "pdf+b3", "pdf+b1", "B5"),
    D("xhgx2024_b7", "xhgx", 2024, "2021", "md", "md", "md"),
    D("yqzj2022_b7", "yqzj", 2022, "2021", "md", "md", "md"),
    D("hyqx2024_b7", "hyqx", 2024, "2021", "md", "md", "md"),
    # ---- 2021 format: HTML ----
    D("xinghe2021_html", "xinghe", 2021, "2021", "html", "html", "html"),
    D(
        "dongshan2024_html",
        "dongshan",
        2024,
        "2021",
        "html",
        "html+nbsp",
        "html+nbsp",
        encoding="gbk",
    ),
    # Word-pasted tables (paragraph cells, numbers split into runs, no top borders): 平潭 2020.
    D("mingyue2022_word", "mingyue", 2022, "2021", "html+word", "html+word", "html+word"),
    # ---- 2021 format: deliberately inconsistent (C6) ----
    D("bailu2024_c6", "bailu", 2024, "2021", "pdf", "pdf", "pdf", c6="R4"),
    D("yuquan2023_c6", "yuquan_ga", 2023, "2021", "pipe", "pipe", "pipe", c6="R2"),
    # ---- 2021 format with a single （六）其他处理 row ----
    D("hlsj2024_s_a1", "hlsj", 2024, "2021s", "pipe", "pipe", "pipe"),
    D("bailu2025_s_b2", "bailu", 2025, "2021s", "pdf", "pdf+b2+b4", "pdf+b1", "B5"),
    D("xhgx2023_s_a4", "xhgx", 2023, "2021s", "sep", "sep", "sep"),
    D("binhu2025_s_a10", "binhu", 2025, "2021s", "flat", "flat", "flat", "FLATDOC"),
    D("dlxx2024_s_a11", "dlxx", 2024, "2021s", "sp", "sp", "sp"),
    D("yunling2024_s_b7", "yunling", 2024, "2021s", "md", "md", "md"),
    D("jkjk2024_s_a5", "jkjk", 2024, "2021s", "bl", "bl", "bl"),
    D("mingyue2024_s_a3", "mingyue", 2024, "2021s", "lead", "lead+pb", "lead"),
    D("yxny2024_s_a8", "yxny", 2024, "2021s", "pipe", "lab", "pipe"),
    D("jiangkou2024_s_c1", "jiangkou_sf", 2024, "2021s", "pipe", "pipe+hs", "pipe", "C1"),
    D("beihu2025_s_c6", "beihu", 2025, "2021s", "pipe", "pipe", "pipe", c6="R1"),
    D("hailan2024_s_html", "hailan", 2024, "2021s", "html", "html+pb", "html"),
    # ---- 2019 format ----
    D("yunxi2019_a1", "yunxi", 2019, "2019", "pipe", "pipe", "pipe+seed", "half"),
    D("xinghe2020_a7", "xinghe", 2020, "2019", "pipe+hs", "pipe+blank", "pipe"),
    D("bljt2020_a2", "bljt", 2020, "2019", "cell", "cell", "cell"),
    D("dongshan2020_a4", "dongshan", 2020, "2019", "sep", "sep", "sep"),
    D("hyqx2020_a5", "hyqx", 2020, "2019", "bl", "bl", "bl"),
    D("bailu2019_a6", "bailu", 2019, "2019", "cell", "cell+col", "cell"),
    D("taoyuan2020_a8", "taoyuan", 2020, "2019", "lab", "pipe", "pipe"),
    D("hailan2019_a10", "hailan", 2019, "2019", "flat", "flat+pb", "flat", "FLATDOC"),
    D("qsjy2020_a10", "qsjy", 2020, "2019", "flatmix", "flatmix", "flatmix", "C1"),
    D("yunling2020_a11", "yunling", 2020, "2019", "sp", "sp", "sp"),
    D("ylzr2020_a12", "ylzr", 2020, "2019", "pipe", "pipe+pb", "pipe", "half"),
    D("beihu2019_b8", "beihu", 2019, "2019", "pdf", "pdf", "pdf+b1"),
    D("shiqiao2020_word", "shiqiao", 2020, "2019", "html+word", "html+word", "html+word"),
    D("blsj2020_b3", "blsj", 2020, "2019", "pdf", "pdf+b3+b2", "pdf", "B5", "B6"),
    D("xhst2020_b4", "xhst", 2020, "2019", "pdf+b4", "pdf+b4", "pdf", "B5"),
    D("jkjk2020_b7", "jkjk", 2020, "2019", "md", "md", "md"),
    D("qingshan2020_a3", "qingshan", 2020, "2019", "lead", "lead", "lead"),
    D("shiqiao2021_a1", "shiqiao", 2021, "2019", "pipe", "pipe", "pipe", "half"),
    D("xhgx2020_c6", "xhgx", 2020, "2019", "pipe", "pipe", "pipe", c6="R3"),
    D("yqzj2019_b6", "yqzj", 2019, "2019", "pdf+b6", "pdf+b6", "pdf", "B6"),
    D("mingyue2019_a9", "mingyue", 2019, "2019", "cell+hs", "cell+hb", "cell+hb"),
]


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------


def readme(
    docs: list[dict],
    total_fields: int,
    amb_fields: int,
    size: int,
    ambiguous_by_doc: list[tuple[dict, list[str]]],
) -> str:
    cover: dict[str, list[str]] = {p: [] for p in PATTERN_ORDER}
    for d in docs:
        for p in d["patterns"]:
            cover[p].append(d["doc_id"])
    fmt_count = {"2021": 0, "2021s": 0, "2019": 0}
    for s in PLAN:
        fmt_count[s["fmt"]] += 1
    html_docs = [d["doc_id"] for d in docs if d["kind"] == "html"]
    lines = [
        "# corpus/tables/",
        "",
        "Fictional annual reports (政府信息公开工作年度报告) whose tables 二, 三 and 四 arrive broken in",
        "the ways catalogued in `shared/reference/breakage.md`, each with a truth file. **Generated — do",
        "not edit by hand.** Regenerate with",
        "",
        "```",
        "python scripts/make_table_corpus.py",
        "```",
        "",
        "from the repository root. The script uses the standard library only and a fixed seed, so every",
        "run writes the same bytes; it deletes and rewrites this folder.",
        "",
        "## What is generated",
        "",
        f"- {len(docs)} documents: {fmt_count['2021']} in the 2021 format, {fmt_count['2021s']} in the 2021 format",
        f"  with （六）其他处理 as a single row (`requests.other.all.*`), {fmt_count['2019']} in the 2019 试行 format",
        "  (22-value table 二 with 第二十条第（九）项, negative 本年增/减, single （六） row).",
        "- `docs/<doc_id>.txt|.html`: title line `<agency><year>年政府信息公开工作年度报告`, a preface,",
        "  sections 一 to 六 with prose, and the three tables rendered in the document's broken forms.",
        "- `truth/<doc_id>.json`: the format of `shared/real/truth/*.json` (doc_id, input, kind, source,",
        "  format, metadata, fields, sections, themes, inconsistencies, note) plus `patterns`.",
        "  `fields` holds every field id of the three tables; `null` only for a table whose values are",
        "  missing from the document (A8). Blank cells (A7) are 0.",
        "- Agencies, places, addresses and phone numbers are invented; the prose comes from",
        "  `scripts/corpus_prose/prose.json` (our own wording, checked against the real reports for",
        "  15-character overlaps). Only the official table labels and layouts follow the real format.",
        "",
        "## Numbers",
        "",
        "Random but realistic by agency scale (township, department, county, city, province, ministry):",
        "many zeros for small bodies, hundreds or thousands of requests and 行政许可 in the millions for",
        "large ones, fees in 万元 with two decimals. Table 三 satisfies R1–R3 and table 四 R4 in every",
        "document except the deliberately inconsistent ones (C6), whose truth records the numbers as",
        "printed and lists the failing rules in `inconsistencies`. Section 一 states the intake and",
        "复议/诉讼 counts of the tables (true counts, also in the C6 documents).",
        "",
        "## Ambiguity",
        "",
        "For A6, A10 and A11 the generator models what a reader who knows the template and R1–R4 can",
        "recover (digit runs split in every possible way, collapsed rows placed in every possible way)",
        "and re-draws the numbers until tables 三 and 四 have exactly one consistent reading. Flattened",
        "table-二 rows (A10) have no rule to pin them; where several splits exist the truth holds the",
        "true numbers and the note names the fields. "
        f"Such fields: {amb_fields} of {total_fields} ({100 * amb_fields / total_fields:.2f}%).",
        "",
        "## Pattern coverage",
        "",
        "| pattern | documents | count |",
        "|---|---|---|",
    ]
    for p in PATTERN_ORDER:
        lines.append(f"| {p} | {', '.join(cover[p])} | {len(cover[p])} |")
    lines.append(f"| HTML markup | {', '.join(html_docs)} | {len(html_docs)} |")
    amb_docs = [f"{d['doc_id']} ({len(a)})" for d, a in ambiguous_by_doc if a]
    lines += [
        "",
        "## What a table parser will find hard",
        "",
        f"- Genuinely ambiguous fields (truth = true value, note names them): {', '.join(amb_docs)}.",
        "  All are flattened table-二 rows (A10) such as `行政规范性文件2514177`; in the 2019-format",
        "  document the whole 22-value table 二 is of that kind, including `政府集中采购…万元`.",
        "- A6: a collapsed row such as `（一）予以公开 |\\n70 |\\n4 |\\n4 |\\n4 |\\n82 |\\n|||` is placed only by",
        "  R1–R3 together (R2 alone says the last value is 总计, not which applicant columns hold the",
        "  others). Some all-zero rows collapse to nothing, one keeps a lone `0`.",
        "- A10: digit runs need R2/R4 (and R1/R3) to split; a label's numbering digit follows the",
        "  values (`…00000002.其他法律…`); spaces, where present, are always cell boundaries.",
        "- A4, A5, A8, A10 and B7 put the table-三 row labels `一、…` `二、…` `三、本年度办理结果`",
        "  `四、结转下年度继续办理` on lines of their own (or run into text) where they look like the",
        "  report's section headings 一–四.",
        "- A8: the section-一 narrative of those documents gives no numbers for the lost table.",
        "- B2/B3: characters of `三、本年度办理结果` prefix row lines (`年 3.危及…`) or stand alone,",
        "  group labels are split (`（三）不` / `予公开`), values may precede their label, and long labels",
        "  wrap with the values on the middle line. A values-before-label row never follows another",
        "  such row or a wrapped row, so the assignment stays determined.",
        "- B7: `四、结转下年度继续办理` may lose its 总计 cell (recover it with R2); orphan value rows",
        "  follow their label paragraphs in order; `## 表三…（续）` headings interrupt the table.",
        "- B4 damages labels (`2.其他法律行政止公开`, `其他对外务事项`); match fuzzily.",
        "- 2019 procurement amounts printed in 万元 are recorded in 元 (`proactive.procurement.amount_yuan`).",
        "- C1 documents are Traditional throughout; their probes are verbatim (Traditional). Their",
        "  agency names are the same in both scripts, so `metadata.agency` is unambiguous.",
        "- C6: one document also lists `S3` (section 一 states the true 复议/诉讼 counts while the",
        "  table prints 总计 0), so `inconsistencies` holds every rule the document breaks.",
        "- `half` documents use halfwidth `(),:;` in labels and prose, like `shared/real/seed.txt`.",
        "",
        "Layout codes in the generator's PLAN: `pipe` A1, `cell` A2, `lead` A3, `sep` A4, `bl` A5,",
        "`lab` A8, `flat`/`flatmix` A10, `sp` A11, `pdf` B8, `md` B7, `html`; modifiers `+col` A6,",
        "`+blank`/`+nbsp` A7, `+hs`/`+hb`/`+seed` A9, `+pb` A12, `+b1`–`+b4`, `+b6`; document flags",
        "`B5`, `B6`, `C1`, `FLATDOC` (whole body on one line, A10), `half` (halfwidth punctuation).",
        "",
        f"Total size: {size} bytes.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "docs").mkdir(parents=True)
    (OUT / "truth").mkdir(parents=True)
    truths = []
    amb_by_doc = []
    ids = [s["id"] for s in PLAN]
    assert len(ids) == len(set(ids))
    total = amb = size = 0
    for spec in PLAN:
        b = DocBuilder(spec)
        _, data, truth = b.build()
        (OUT / "docs" / truth["input"]).write_bytes(data)
        tj = json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
        (OUT / "truth" / f"{truth['doc_id']}.json").write_text(tj, encoding="utf-8")
        truths.append(truth)
        total += len(truth["fields"])
        amb += len(b.ambiguous)
        amb_by_doc.append((truth, b.ambiguous))
        size += len(data) + len(tj.encode("utf-8"))
    (OUT / "README.md").write_text(readme(truths, total, amb, size, amb_by_doc), encoding="utf-8")
    print(
        f"wrote {len(truths)} documents to {OUT.relative_to(ROOT)} ({size} bytes); "
        f"ambiguous fields {amb}/{total}"
    )


if __name__ == "__main__":
    main()
