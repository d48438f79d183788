"""The reflow stage: readers' lines → paragraphs, tables and headings kept apart."""

from __future__ import annotations

import json
import random
import sys

import pytest

from extractor import extract
from extractor.document import Block, Document, Line, Page, Provenance
from extractor.errors import ModelError
from extractor.modelfiles import model_folder
from extractor.reading.sources import NamedBytes
from extractor.reading.text import read_text
from extractor.reflow import PAGE_NUMBER, load_reflow_model, reflow, word_across
from tests.conftest import ROOT

PARAGRAPH = (
    "2023年，本局共受理政府信息公开申请42件，均在法定期限内予以答复，其中予以公开18件，"
    "部分公开6件，不予公开3件，其余为无法提供或不予处理的情形。"
)


def _texts(document: Document) -> list[str]:
    return [b.text for b in reflow(document).blocks() if b.kind != "table"]


def _read(text: str) -> Document:
    return read_text(text.encode("utf-8"))


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    wrapped = "\n".join(PARAGRAPH[i : i + 20] for i in range(0, len(PARAGRAPH), 20))
    text = f"一、总体情况\n{wrapped}\n二、主动公开政府信息情况\n"
    assert _texts(_read(text)) == ["一、总体情况", PARAGRAPH, "二、主动公开政府信息情况"]


def test_one_paragraph_per_line_is_left_alone() -> None:
    lines = [
        "（一）主动公开",
        "坚持以公开为常态，全年主动公开政府信息1000条。",
        "召开新闻发布会3场，回应社会关切6次。",
        "（二）依申请公开",
        PARAGRAPH,
    ]
    assert _texts(_read("\n".join(lines))) == lines


def test_crawler_pieces_are_joined() -> None:
    """A crawler that gives every inline element a line: （ / 五 / ）, 202 / 3 / 年."""
    text = "\n".join(["（", "五", "）", "存在的主要问题及改进情况", "202", "3", "年", "，"
                      "本局政务公开工作仍存在一些不足，主要是政策解读形式比较单一。"])  # fmt: skip
    texts = _texts(_read(text))
    assert "2023年，本局政务公开工作仍存在一些不足，主要是政策解读形式比较单一。" in texts


def test_table_labels_one_per_line_stay_apart() -> None:
    """A label is never run into its count; counts of one row may be read as one line (a
    crawler also cuts 2023 into 20 / 23), which only the narrative sees."""
    lines = ["行政许可", "538", "行政处罚", "12", "行政强制", "40"]
    assert _texts(_read("\n".join(lines))) == lines


def test_page_numbers_between_halves_go() -> None:
    half = len(PARAGRAPH) // 2
    text = f"{PARAGRAPH[:half]}\n— 3 —\n{PARAGRAPH[half:]}\n"
    assert _texts(_read(text)) == [PARAGRAPH]
    assert PAGE_NUMBER.match("第 2 页 共 9 页") and not PAGE_NUMBER.match("3")


def test_tables_are_passed_through_and_end_a_run() -> None:
    table = Block("table", (Line("规章 | 0 | 0 | 0"),))
    doc = Document(
        kind="txt",
        pages=(
            Page(
                1,
                (
                    Block("paragraph", (Line("本年度主动公开情况如下"),)),
                    table,
                    Block("paragraph", (Line("详见上表。"),)),
                ),
            ),
        ),
    )
    blocks = list(reflow(doc).blocks())
    assert [b.text for b in blocks] == ["本年度主动公开情况如下", "规章 | 0 | 0 | 0", "详见上表。"]
    assert blocks[1] is table


def test_pdf_geometry_joins_lines_of_a_paragraph() -> None:
    """Lines with boxes: a full line goes on; an indented line starts a paragraph."""

    def line(y: int, x0: float, x1: float, text: str) -> Block:
        prov = Provenance(page=1, bbox=(x0, y * 16.0, x1, y * 16.0 + 10))
        return Block("paragraph", (Line(text, prov),), provenance=prov)

    blocks = (
        line(0, 20, 300, "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、"),
        line(1, 0, 300, "管理、服务、结果公开，依法依规做好政府信息公开工作，取得"),
        line(2, 0, 120, "了较好的效果。"),
        line(3, 20, 300, "全年主动公开政府信息1136条，其中政策文件28件，政策解读"),
        line(4, 0, 90, "12篇。"),
    )
    doc = Document(kind="pdf", pages=(Page(1, blocks),), paged=True)
    assert _texts(doc) == [
        "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，"
        "依法依规做好政府信息公开工作，取得了较好的效果。",
        "全年主动公开政府信息1136条，其中政策文件28件，政策解读12篇。",
    ]


def test_a_word_across_the_break_is_found() -> None:
    words = {"政府": 10, "信息公开": 5}
    assert word_across("受理政", "府信息", words) == 2
    assert word_across("依法", "信息公开", words) == 0


def test_themes_of_a_wrapped_report_are_whole_sentences() -> None:
    """End to end: a report hard-wrapped at 60 columns gives the same problems as unwrapped."""
    sample = (ROOT / "corpus" / "samples" / "xinghe2023.txt").read_text(encoding="utf-8")
    sys.path.insert(0, str(ROOT / "scripts"))
    from narrative_eval import text_variant

    wrapped = text_variant(sample, "wrapNN", random.Random(7))
    assert wrapped != sample
    native = extract(NamedBytes("r.txt", sample.encode("utf-8")))
    got = extract(NamedBytes("r.txt", wrapped.encode("utf-8")))
    assert native.status == got.status == "ok"
    assert len(native.themes) > 10
    assert [t.text for t in got.themes] == [t.text for t in native.themes]


def test_model_manifest_matches_its_files() -> None:
    load_reflow_model.cache_clear()
    model = load_reflow_model()
    manifest = json.loads((model_folder("reflow") / "manifest.json").read_text("utf-8"))
    assert len(model.vocabulary) == manifest["features"]
    assert manifest["metrics_held_out"]["all"]["f1"] >= 0.97


def test_without_the_model_lines_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractor.reflow as module

    def broken() -> None:
        raise ModelError("gone")

    monkeypatch.setattr(module, "load_reflow_model", broken)
    doc = _read("第一行\n第二行\n")
    assert reflow(doc) is doc
