"""PDFs as real browsers print them: Chromium's print-to-PDF of report web pages (ours in
corpus/, and the real ones in ../shared/real when present). Browser-made PDFs bring their own
traps: radical look-alike characters (⾏ for 行), titles in a bigger font above body text, and
tables whose last row falls alone onto the next page. Skipped without Debian's chromium
(``.ci/run`` installs it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from extractor import extract
from tests.conftest import CORPUS, SHARED_REAL, load_json

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

OURS = [
    (CORPUS / "samples" / "xinghe2023.html", CORPUS / "truth" / "xinghe2023_html.json"),
    *[
        (CORPUS / "tables" / "docs" / f"{n}.html", CORPUS / "tables" / "truth" / f"{n}.json")
        for n in ("dongshan2024_html", "hailan2024_s_html", "xinghe2021_html")
    ],
]
REAL = [
    (SHARED_REAL / f"{n}.html", SHARED_REAL / "truth" / f"{n}.json")
    for n in ("pingtan2019", "pingtan2021", "pingtan2022")
]


def print_to_pdf(html: Path, out: Path) -> Path:
    pdf = out / (html.stem + ".pdf")
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={out / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return pdf


@pytest.mark.parametrize(
    ("html", "truth"),
    [pytest.param(h, t, id=h.stem) for h, t in OURS]
    + [
        pytest.param(
            h, t, id=h.stem,
            marks=pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="no ../shared/real"),
        )
        for h, t in REAL
    ],
)  # fmt: skip
def test_browser_printed_pdf_gives_every_field(html: Path, truth: Path, tmp_path: Path) -> None:
    expected = load_json(truth)
    report = extract(print_to_pdf(html, tmp_path))
    wrong = {k: (v, report.fields.get(k)) for k, v in expected["fields"].items()
             if report.fields.get(k) != v}  # fmt: skip
    assert wrong == {}
    meta = expected.get("metadata", {})
    if meta.get("agency"):
        assert report.metadata.agency == meta["agency"]
        assert report.metadata.year == meta["year"]
    assert "⾏" not in report.model_dump_json()
