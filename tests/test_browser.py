"""The web page in a real headless Chromium against a real server: upload the sample, see the
rebuilt tables, the checks and the themes; a bad upload shows the server's error message.

Needs Debian's chromium and chromium-driver (``.ci/run`` installs them) and selenium; skipped
where they are missing, so a plain ``pytest`` works anywhere.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from extractor import extract  # noqa: E402
from extractor.server.testing import ServerProcess  # noqa: E402

from .conftest import CORPUS  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    data = tmp_path_factory.mktemp("browser") / "data"
    with ServerProcess(data, "--workers", "1") as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_upload_shows_tables(server: ServerProcess, browser: Any) -> None:
    sample = CORPUS / "samples" / "xinghe2023.html"
    expected = extract(sample)
    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(sample))
    browser.find_element(By.ID, "submit").click()
    wait = WebDriverWait(browser, 60)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#tables table.grid")))

    tables = browser.find_elements(By.CSS_SELECTOR, "#tables table.grid")
    assert len(tables) == len(expected.tables) >= 3
    # Each rebuilt table is a real HTML table with the record's cells.
    for table, want in zip(tables, expected.tables, strict=True):
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(rows) == len(want.rows)
        first = [td.text for td in rows[0].find_elements(By.TAG_NAME, "td")]
        assert first[: len(want.rows[0])] == want.rows[0]
    cell = browser.find_element(By.CSS_SELECTOR, 'td[data-field="requests.new.total"]')
    assert cell.text == "181"

    assert browser.find_element(By.ID, "report-title").text == expected.metadata.title
    checks = browser.find_elements(By.CSS_SELECTOR, "#checks tbody tr")
    assert len(checks) == len(expected.checks)
    sections = browser.find_elements(By.CSS_SELECTOR, "#sections details.section")
    assert [s.get_attribute("data-section") for s in sections] == [s.id for s in expected.sections]
    fields = browser.find_elements(By.CSS_SELECTOR, "#fields tbody tr")
    assert len(fields) == len(expected.fields)
    themes = browser.find_elements(By.CSS_SELECTOR, "#themes tbody tr")
    assert len(themes) == len(expected.themes)
    pairs = browser.find_elements(By.CSS_SELECTOR, "#pairs .pair")
    assert len(pairs) == len(getattr(expected, "theme_pairs", []))
    link = browser.find_element(By.ID, "download")
    assert link.get_attribute("href").startswith("blob:")
    assert link.get_attribute("download") == "xinghe2023.json"


def test_failing_check_is_highlighted(server: ServerProcess, browser: Any, tmp_path: Path) -> None:
    # The sample with one count changed so that R1 no longer adds up for natural persons.
    text = (CORPUS / "samples" / "xinghe2023.txt").read_text("utf-8")
    record = extract(CORPUS / "samples" / "xinghe2023.txt")
    evidence = record.field_evidence["requests.new.natural_person"]
    assert evidence.line is not None
    lines = text.splitlines(keepends=True)
    old = evidence.raw
    lines[evidence.line - 1] = lines[evidence.line - 1].replace(old, str(int(old) + 1000), 1)
    broken = tmp_path / "broken.txt"
    broken.write_text("".join(lines), encoding="utf-8")
    if not [c for c in extract(broken).checks if c.status == "fail"]:
        pytest.skip("the edit did not make a check fail")

    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(broken))
    browser.find_element(By.ID, "submit").click()
    wait = WebDriverWait(browser, 60)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#tables table.grid")))
    failing = browser.find_elements(By.CSS_SELECTOR, "#tables td.fail")
    assert "requests.new.natural_person" in {td.get_attribute("data-field") for td in failing}
    assert browser.find_elements(By.CSS_SELECTOR, "#checks tr.fail")


def test_bad_upload_shows_the_error(server: ServerProcess, browser: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(empty))
    browser.find_element(By.ID, "submit").click()
    wait = WebDriverWait(browser, 60)
    wait.until(ec.text_to_be_present_in_element((By.ID, "message"), "Error 422"))
    message = browser.find_element(By.ID, "message")
    assert "empty" in message.text and "error" in message.get_attribute("class")
    assert not browser.find_element(By.ID, "result").is_displayed()


@pytest.mark.parametrize("name", ["dongshan2024_html", "hailan2024_s_html"])
def test_text_copied_from_the_browser(browser: Any, name: str, tmp_path: Path) -> None:
    """What a reader gets by selecting a report page and copying it: ``innerText``, tables as
    tab-separated rows whose empty (``&nbsp;``) cells are a no-break space. Before tab rows
    were read as cell rows, dongshan's blank cells collapsed and 17 of its 200 fields came out."""
    from tests.conftest import load_json

    browser.get((CORPUS / "tables" / "docs" / f"{name}.html").as_uri())
    copied = tmp_path / f"{name}.txt"
    copied.write_text(browser.execute_script("return document.body.innerText"), "utf-8")
    assert "\t" in copied.read_text("utf-8")
    expected = load_json(CORPUS / "tables" / "truth" / f"{name}.json")["fields"]
    got = extract(copied).fields
    assert {k: (v, got.get(k)) for k, v in expected.items() if got.get(k) != v} == {}
