"""The web page in a real headless Chromium against a real server: Chinese by default with an
English switch; upload the sample (picked or dropped), see the charts, the rebuilt tables, the
checks and the themes; a batch from a zip of corpus documents, its table, charts, downloads and
a report opened from it; a bad upload shows the server's error message.

Needs Debian's chromium and chromium-driver (``.ci/run`` installs them) and selenium; skipped
where they are missing, so a plain ``pytest`` works anywhere.
"""

from __future__ import annotations

import functools
import io
import json
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
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
    # Private addresses allowed: the URL tests fetch from a file server on 127.0.0.1.
    with ServerProcess(data, "--workers", "1", "--allow-private") as srv:
        yield srv


@pytest.fixture(scope="module")
def corpus_site() -> Iterator[str]:
    """corpus/ over HTTP on 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(CORPUS))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # The console shows what the page did wrong: script errors, CSP refusals.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
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


def open_page(browser: Any, server: ServerProcess, lang: str | None = None) -> None:
    """The page afresh, in the language given (None: as a first visit, nothing remembered)."""
    browser.get(server.url + "/")
    if lang is None:
        browser.execute_script("localStorage.clear()")
    else:
        browser.execute_script("localStorage.setItem('extractor.lang', arguments[0])", lang)
    browser.get(server.url + "/")
    browser.get_log("browser")  # drop what earlier tests left


def console_errors(browser: Any) -> list[Any]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def chart_data(browser: Any, chart_id: str) -> Any:
    """The data of each series of the ECharts chart in that container, and how many canvases
    it drew; None when no chart was made there."""
    return browser.execute_script(
        """
        const node = document.getElementById(arguments[0]);
        const chart = echarts.getInstanceByDom(node);
        if (!chart) return null;
        const canvases = [...node.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0);
        return {canvases: canvases.length, series: (chart.getOption().series || []).map((s) => s.data)};
        """,
        chart_id,
    )


def ui_text(browser: Any) -> str:
    """Every text of the page's chrome (not the record's): what a reader must understand."""
    return str(
        browser.execute_script(
            "return [...document.querySelectorAll('[data-i18n]')].map((n) => n.textContent).join('\\n')"
        )
    )


def test_chinese_by_default_and_english_switch(server: ServerProcess, browser: Any) -> None:
    open_page(browser, server)
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "zh-CN"
    assert browser.find_element(By.TAG_NAME, "h1").text == "政府信息公开工作年度报告 数据提取"
    assert browser.find_element(By.ID, "tab-batch").text == "批量处理"
    assert "拖" in browser.find_element(By.ID, "drop").text
    chinese = ui_text(browser)
    # Every string comes from the dictionary: no key shows, both languages have every key
    # (error and warning explanations are Chinese only: in English the server's message is).
    keys = browser.execute_script(
        "return [Object.keys(EXTRACTOR_I18N.zh), Object.keys(EXTRACTOR_I18N.en)]"
    )
    zh = {k for k in keys[0] if not k.startswith(("error.", "warning."))}
    assert zh == {k for k in keys[1] if not k.startswith(("error.", "warning."))}
    used = browser.execute_script(
        "return [...document.querySelectorAll('[data-i18n]')].map((n) => n.dataset.i18n)"
    )
    assert set(used) <= set(keys[0]) and not [k for k in used if k in chinese.split("\n")]

    browser.find_element(By.ID, "lang").click()
    assert html.get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Annual reports")
    assert browser.find_element(By.ID, "tab-batch").text == "Batch"
    assert browser.title.startswith("extractor")
    # The choice is remembered.
    browser.get(server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.ID, "submit").text == "Extract"
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert ui_text(browser) == chinese
    assert browser.execute_script("return localStorage.getItem('extractor.lang')") == "zh"
    assert console_errors(browser) == []


def test_upload_shows_tables(server: ServerProcess, browser: Any) -> None:
    sample = CORPUS / "samples" / "xinghe2023.html"
    expected = extract(sample)
    open_page(browser, server, "zh")
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
    assert browser.find_element(By.ID, "message").text == "完成：状态“成功”，共 3 个表格。"
    # In Chinese: the checks' rules and scopes, the fields' labels, the themes' labels.
    first_check = browser.find_element(By.CSS_SELECTOR, "#checks tbody tr")
    assert "本年新收" in first_check.text and "通过" in first_check.text
    label = browser.find_element(By.XPATH, "//table[@id='fields']//tr[td[1]='requests.new.total']")
    assert "本年新收" in label.text
    assert {
        td.text for td in browser.find_elements(By.CSS_SELECTOR, "#themes tbody td:nth-child(2)")
    } <= {"问题", "措施", "成效"}

    # The charts draw the record's own numbers.
    fields = expected.fields
    applicants = [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
    ]
    chart = chart_data(browser, "chart-applicants")
    assert chart["canvases"] >= 1
    assert chart["series"][0] == [fields[f"requests.new.{a}"] for a in applicants]
    assert chart["series"][1] == [fields[f"requests.carried_over.{a}"] for a in applicants]
    outcomes = chart_data(browser, "chart-outcomes")
    assert outcomes["canvases"] >= 1
    pie = {d["name"]: d["value"] for d in outcomes["series"][0]}
    assert pie["予以公开"] == fields["requests.granted.total"]
    assert pie["不予公开"] == sum(
        v for k, v in fields.items() if k.startswith("requests.denied.") and k.endswith(".total")
    )
    # （一）–（六） add up to （七）总计 when R3 holds.
    assert sum(pie.values()) == fields["requests.results_total.total"]
    review = chart_data(browser, "chart-review")
    assert review["canvases"] >= 1
    blocks = ["review", "litigation_direct", "litigation_after_review"]
    assert review["series"][0] == [fields[f"{b}.upheld"] for b in blocks]
    assert review["series"][3] == [fields[f"{b}.pending"] for b in blocks]

    # A tooltip (drawn on the canvas, no HTML) on hovering a bar.
    canvas = browser.find_element(By.CSS_SELECTOR, "#chart-applicants canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, -100, 40).perform()

    # Switching the language redraws the report in English.
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.CSS_SELECTOR, "#checks tbody tr td.status").text == "pass"
    outcomes = chart_data(browser, "chart-outcomes")
    assert "Granted" in {d["name"] for d in outcomes["series"][0]}
    browser.find_element(By.ID, "lang").click()
    assert console_errors(browser) == []


def test_dropped_file_is_extracted(server: ServerProcess, browser: Any) -> None:
    """A file dropped on the zone is the one sent (the drop is a real DragEvent)."""
    sample = CORPUS / "samples" / "xinghe2023.txt"
    open_page(browser, server, "zh")
    browser.execute_script(
        """
        const dt = new DataTransfer();
        dt.items.add(new File([arguments[0]], arguments[1], {type: 'text/plain'}));
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        """,
        sample.read_text("utf-8"),
        sample.name,
    )
    assert browser.find_element(By.ID, "file-name").text == "已选择：xinghe2023.txt"
    browser.find_element(By.ID, "submit").click()
    wait = WebDriverWait(browser, 60)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#tables table.grid")))
    cell = browser.find_element(By.CSS_SELECTOR, 'td[data-field="requests.new.total"]')
    assert cell.text == "181"
    assert console_errors(browser) == []


def corpus_zip(path: Path) -> Path:
    """Four reports of the corpus and one page that is not a report."""
    docs = [
        CORPUS / "samples" / "xinghe2023.txt",
        CORPUS / "compare" / "docs" / "qinghe2022.txt",
        CORPUS / "compare" / "docs" / "qinghe2023.txt",
        CORPUS / "tables" / "docs" / "dongshan2024_html.html",
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for doc in docs:
            z.writestr(f"reports/{doc.name}", doc.read_bytes())
        z.writestr("reports/notice.txt", "关于做好春节假期值班工作的通知。各单位要安排好值班人员。")
    path.write_bytes(buf.getvalue())
    return path


def test_batch_flow(server: ServerProcess, browser: Any, tmp_path: Path) -> None:
    archive = corpus_zip(tmp_path / "reports.zip")
    open_page(browser, server, "zh")
    browser.find_element(By.ID, "tab-batch").click()
    browser.find_element(By.ID, "archive").send_keys(str(archive))
    browser.find_element(By.ID, "batch-submit").click()
    wait = WebDriverWait(browser, 180)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#batch-table tbody tr")))
    assert "已完成" in browser.find_element(By.ID, "message").text
    assert "#batch=" in browser.current_url

    rows = browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")
    assert len(rows) == 5
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#batch-table thead th")]
    assert headers[:5] == ["机构", "年度", "模板", "状态", "本年新收申请"]
    by_source = {r.find_element(By.CSS_SELECTOR, "td[data-key=source]").text: r for r in rows}
    xinghe = by_source["xinghe2023.txt"]
    assert (
        xinghe.find_element(By.CSS_SELECTOR, "td[data-key=agency]").text == "星河市临江区人民政府"
    )
    assert xinghe.find_element(By.CSS_SELECTOR, "td[data-key=year]").text == "2023"
    assert xinghe.find_element(By.CSS_SELECTOR, "td[data-key=new]").text == "181"
    assert xinghe.find_element(By.CSS_SELECTOR, "td[data-key=status]").text == "成功"
    notice = by_source["notice.txt"]
    assert notice.find_element(By.CSS_SELECTOR, "td[data-key=status]").text == "失败"
    assert (
        "不是政府信息公开工作年度报告"
        in notice.find_element(By.CSS_SELECTOR, "td[data-key=problems]").text
    )
    counts = browser.find_element(By.ID, "batch-counts").text
    assert "成功 4" in counts and "失败 1" in counts and "2021 版模板 4" in counts

    # The batch charts: requests per report, the outcomes mix, the failing checks.
    for chart_id in ("chart-batch-requests", "chart-batch-outcomes", "chart-batch-checks"):
        data = chart_data(browser, chart_id)
        assert data is not None and data["canvases"] >= 1, chart_id
    assert sum(chart_data(browser, "chart-batch-requests")["series"][0]) == 4

    # Downloads: the records and the dataset; the workbook only where the batch has one.
    jsonl = browser.find_element(By.CSS_SELECTOR, "#dl-jsonl a").get_attribute("href")
    csv_link = browser.find_element(By.CSS_SELECTOR, "#dl-csv a").get_attribute("href")
    assert jsonl.endswith("/records") and csv_link.endswith("/dataset.csv")
    excel = browser.find_elements(By.CSS_SELECTOR, "#dl-xlsx a")
    missing = browser.find_elements(By.ID, "dl-xlsx-missing")
    assert len(excel) + len(missing) == 1
    assert excel or "dataset.xlsx" in missing[0].text

    # Sort by requests received (missing values last), then filter.
    browser.find_element(By.CSS_SELECTOR, "#batch-table th[data-key=new]").click()
    shown = [
        td.text for td in browser.find_elements(By.CSS_SELECTOR, "#batch-table td[data-key=new]")
    ]
    numbers = [int(v.replace(",", "")) for v in shown if v]
    assert numbers == sorted(numbers) and shown[-1] == "" and len(numbers) == 4
    browser.find_element(By.CSS_SELECTOR, "#batch-table th[data-key=new]").click()
    shown = [
        td.text for td in browser.find_elements(By.CSS_SELECTOR, "#batch-table td[data-key=new]")
    ]
    assert [int(v.replace(",", "")) for v in shown if v] == sorted(numbers, reverse=True)
    browser.find_element(By.ID, "filter-text").send_keys("青禾")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")) == 2
    assert browser.find_element(By.ID, "filter-count").text == "显示 2 / 5 份"
    browser.execute_script(
        "const f = document.getElementById('filter-text'); f.value = ''; f.dispatchEvent(new Event('input'));"
    )
    assert len(browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")) == 5

    # A row opens its report, with charts, and leads back to the batch.
    row = next(
        r
        for r in browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")
        if r.find_element(By.CSS_SELECTOR, "td[data-key=source]").text == "xinghe2023.txt"
    )
    row.click()
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#tables table.grid")))
    assert (
        browser.find_element(By.ID, "report-title").text
        == extract(CORPUS / "samples" / "xinghe2023.txt").metadata.title
    )
    assert not browser.find_element(By.ID, "batch-view").is_displayed()
    assert chart_data(browser, "chart-applicants")["canvases"] >= 1
    assert (
        browser.find_element(By.CSS_SELECTOR, 'td[data-field="requests.new.total"]').text == "181"
    )
    browser.find_element(By.ID, "back").click()
    assert browser.find_element(By.ID, "batch-view").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")) == 5

    # The batch's address reopens it.
    browser.get(browser.current_url)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#batch-table tbody tr")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")) == 5
    assert console_errors(browser) == []
    records = browser.execute_script("return fetch(arguments[0]).then((r) => r.text())", jsonl)
    assert len([json.loads(line) for line in records.splitlines() if line]) == 5


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

    open_page(browser, server, "zh")
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
    open_page(browser, server, "zh")
    browser.find_element(By.ID, "file").send_keys(str(empty))
    browser.find_element(By.ID, "submit").click()
    wait = WebDriverWait(browser, 60)
    wait.until(ec.text_to_be_present_in_element((By.ID, "message"), "出错（422）"))
    message = browser.find_element(By.ID, "message")
    # The explanation in Chinese, the code and the server's own message for details.
    assert "文件是空的" in message.text and "empty" in message.text
    assert "error" in message.get_attribute("class")
    assert not browser.find_element(By.ID, "result").is_displayed()
    open_page(browser, server, "en")
    browser.find_element(By.ID, "file").send_keys(str(empty))
    browser.find_element(By.ID, "submit").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "message"), "Error (422)"))
    assert "empty.txt is empty (empty)" in browser.find_element(By.ID, "message").text


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


def test_urls_one_and_batch(server: ServerProcess, browser: Any, corpus_site: str) -> None:
    """A pasted URL gives its report; a pasted list of URLs gives a batch."""
    open_page(browser, server, "zh")
    browser.find_element(By.ID, "url").send_keys(corpus_site + "/samples/xinghe2023.html")
    browser.find_element(By.ID, "submit").click()
    wait = WebDriverWait(browser, 120)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#tables table.grid")))
    assert (
        browser.find_element(By.CSS_SELECTOR, 'td[data-field="requests.new.total"]').text == "181"
    )

    browser.find_element(By.ID, "tab-batch").click()
    urls = [f"{corpus_site}/compare/docs/qinghe{y}.txt" for y in (2022, 2023)]
    browser.find_element(By.ID, "urls").send_keys("\n".join(urls))
    browser.find_element(By.ID, "batch-submit").click()
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#batch-table tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")
    assert sorted(r.find_element(By.CSS_SELECTOR, "td[data-key=year]").text for r in rows) == [
        "2022",
        "2023",
    ]
    assert {r.get_attribute("title") for r in rows} == set(urls)
    assert console_errors(browser) == []


# --- year over year --------------------------------------------------------------------------

PAIRS = CORPUS / "compare" / "docs"


def test_compare_two_uploads_in_chinese(server: ServerProcess, browser: Any) -> None:
    """Two corpus reports of one body: the changed numbers, the cross-year checks, a repeated
    problem with both texts and its score, and the measures, in Chinese, then in English."""
    from extractor import compare

    old, new = PAIRS / "qinghe2021.txt", PAIRS / "qinghe2022.txt"
    expected = compare(old, new)
    open_page(browser, server, "zh")
    browser.find_element(By.ID, "tab-compare").click()
    assert browser.find_element(By.ID, "tab-compare").text == "年度对比"
    browser.find_element(By.ID, "old-file").send_keys(str(old))
    browser.find_element(By.ID, "new-file").send_keys(str(new))
    assert browser.find_element(By.ID, "new-name").text == "已选择：qinghe2022.txt"
    browser.find_element(By.ID, "compare-submit").click()
    wait = WebDriverWait(browser, 120)
    wait.until(ec.visibility_of_element_located((By.ID, "compare-view")))
    assert "对比完成" in browser.find_element(By.ID, "message").text

    identity = browser.find_element(By.ID, "cmp-identity").text
    assert "青禾县人民政府" in identity and "2021" in identity and "2022" in identity
    # A changed number: old, new, change and % as the library computes them.
    change = next(f for f in expected.fields if f.field == "requests.new.total")
    row = browser.find_element(By.CSS_SELECTOR, '#cmp-fields tr[data-field="requests.new.total"]')
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[0] == "requests.new.total" and "本年新收" in cells[1]
    assert cells[2:] == [str(change.old), str(change.new), "-2", f"{change.change_pct}%"]
    shown = browser.find_elements(By.CSS_SELECTOR, "#cmp-fields tbody tr")
    assert len(shown) == sum(1 for f in expected.fields if f.change != 0)
    browser.find_element(By.ID, "cmp-all").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#cmp-fields tbody tr")) == 200
    moved = browser.find_elements(By.CSS_SELECTOR, "#cmp-moved tbody tr")
    assert [r.get_attribute("data-field") for r in moved] == [f.field for f in expected.moved_most]
    cross = browser.find_elements(By.CSS_SELECTOR, "#cmp-cross tbody tr")
    assert len(cross) == len(expected.cross_checks) == 9
    assert "通过" in cross[0].text and "自然人" in cross[0].text

    # The repeated problems: both texts side by side, the score, the verdict.
    repeated = browser.find_elements(By.CSS_SELECTOR, "#cmp-problems tr.repeated")
    assert len(repeated) == sum(p.repeated for p in expected.problems) == 2
    verbatim = next(p for p in expected.problems if p.repeated and p.score == 1.0)
    texts = [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in repeated]
    assert [verbatim.new_text, verbatim.old_text, "1.00", "重复出现"] in texts
    assert "部分乡镇主动公开信息更新不及时" in texts[0][0] + texts[1][0]
    assert browser.find_elements(By.CSS_SELECTOR, "#cmp-problems tr.new-problem")
    measures = browser.find_elements(By.CSS_SELECTOR, "#cmp-measures tbody tr")
    assert len(measures) == len(expected.measures)
    assert {r.find_element(By.CSS_SELECTOR, "td.verdict").text for r in measures} == {
        "已落实",
        "未见落实",
    }
    assert browser.find_element(By.ID, "cmp-download").get_attribute("href").startswith("blob:")

    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.CSS_SELECTOR, "#cmp-problems tr.repeated td.verdict").text == (
        "Repeated"
    )
    browser.find_element(By.ID, "lang").click()
    assert console_errors(browser) == []


def test_compare_across_template_generations(server: ServerProcess, browser: Any) -> None:
    """2019 format → 2021 format: the warning and the fields not comparable, with their
    reasons in Chinese."""
    open_page(browser, server, "zh")
    browser.find_element(By.ID, "tab-compare").click()
    browser.find_element(By.ID, "old-file").send_keys(str(PAIRS / "yuntai2020.txt"))
    browser.find_element(By.ID, "new-file").send_keys(str(PAIRS / "yuntai2021.txt"))
    browser.find_element(By.ID, "compare-submit").click()
    wait = WebDriverWait(browser, 120)
    wait.until(ec.visibility_of_element_located((By.ID, "compare-view")))
    warning = browser.find_element(
        By.CSS_SELECTOR, '#cmp-warnings li[data-code="template_differs"]'
    )
    assert "不同版本的模板" in warning.text
    reasons = [
        td.text for td in browser.find_elements(By.CSS_SELECTOR, "#cmp-nc tbody td:nth-child(4)")
    ]
    assert reasons and all("模板" in r or "报告" in r for r in reasons)
    assert any("仅见于 2019 版模板" in r for r in reasons)
    assert console_errors(browser) == []


def test_batch_series_chart_and_comparisons(
    server: ServerProcess, browser: Any, tmp_path: Path
) -> None:
    """A batch of two bodies over the years: one body's series drawn as a chart, its
    consecutive pairs opened in the compare view, and two ticked rows compared."""
    names = ("qinghe2021", "qinghe2022", "qinghe2023", "luming2023", "luming2024")
    archive = tmp_path / "years.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in names:
            z.writestr(f"years/{name}.txt", (PAIRS / f"{name}.txt").read_bytes())
    totals = {n: extract(PAIRS / f"{n}.txt").fields["requests.new.total"] for n in names}
    open_page(browser, server, "zh")
    browser.find_element(By.ID, "tab-batch").click()
    browser.find_element(By.ID, "archive").send_keys(str(archive))
    browser.find_element(By.ID, "batch-submit").click()
    wait = WebDriverWait(browser, 180)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#batch-table tbody tr")))

    # The body with most years first; its series is the chart's.
    options = browser.find_elements(By.CSS_SELECTOR, "#series-body option")
    assert [o.text for o in options] == [
        "青禾县人民政府（2021–2023）",
        "鹿鸣市自然资源局（2023–2024）",
    ]
    wait.until(lambda b: (chart_data(b, "chart-series") or {}).get("series"))
    data = chart_data(browser, "chart-series")
    assert data["canvases"] >= 1
    assert data["series"][0] == [totals[f"qinghe{y}"] for y in (2021, 2022, 2023)]
    assert "青禾县人民政府" in browser.find_element(By.ID, "series-caption").text
    pairs = browser.find_elements(By.CSS_SELECTOR, "#series-pairs button")
    assert [b.text for b in pairs] == ["2021 → 2022", "2022 → 2023"]

    # Another body: its own series.
    browser.execute_script(
        "const s = document.getElementById('series-body'); s.value = s.options[1].value;"
        " s.dispatchEvent(new Event('change'));"
    )
    wait.until(lambda b: len((chart_data(b, "chart-series") or {"series": [[]]})["series"][0]) == 2)
    assert chart_data(browser, "chart-series")["series"][0] == [
        totals["luming2023"],
        totals["luming2024"],
    ]
    browser.execute_script(
        "const s = document.getElementById('series-body'); s.value = s.options[0].value;"
        " s.dispatchEvent(new Event('change'));"
    )
    wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#series-pairs button")) == 2)

    # 2022 → 2023: S1 and S2 fail, with expected and found.
    browser.find_elements(By.CSS_SELECTOR, "#series-pairs button")[1].click()
    wait.until(ec.visibility_of_element_located((By.ID, "compare-view")))
    failing = browser.find_elements(By.CSS_SELECTOR, "#cmp-cross tr.fail")
    assert {r.get_attribute("data-rule") for r in failing} == {"S1", "S2"}
    s2 = next(r for r in failing if r.get_attribute("data-rule") == "S2")
    expected_found = [td.text for td in s2.find_elements(By.CSS_SELECTOR, "td.num")]
    assert len(expected_found) == 2 and expected_found[0] != expected_found[1]
    identity = browser.find_element(By.ID, "cmp-identity").text
    assert "2022" in identity and "2023" in identity and "qinghe2023.txt" in identity
    assert not browser.find_element(By.ID, "batch-view").is_displayed()
    browser.find_element(By.ID, "compare-back").click()
    assert browser.find_element(By.ID, "batch-view").is_displayed()

    # Two rows ticked (the later year first): compared old → new.
    button = browser.find_element(By.ID, "compare-picked")
    assert not button.is_enabled()
    rows = {
        r.find_element(By.CSS_SELECTOR, "td[data-key=source]").text: r
        for r in browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")
    }
    rows["luming2024.txt"].find_element(By.CSS_SELECTOR, "td[data-key=pick] input").click()
    assert browser.find_element(By.ID, "batch-view").is_displayed()  # ticking opens nothing
    rows = {
        r.find_element(By.CSS_SELECTOR, "td[data-key=source]").text: r
        for r in browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")
    }
    rows["luming2023.txt"].find_element(By.CSS_SELECTOR, "td[data-key=pick] input").click()
    assert browser.find_element(By.ID, "picked-count").text.startswith("已勾选 2 / 2")
    browser.find_element(By.ID, "compare-picked").click()
    wait.until(ec.visibility_of_element_located((By.ID, "compare-view")))
    row = browser.find_element(By.CSS_SELECTOR, '#cmp-fields tr[data-field="requests.new.total"]')
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[2:4] == [str(totals["luming2023"]), str(totals["luming2024"])]
    assert browser.find_elements(By.CSS_SELECTOR, "#cmp-problems tr.repeated")
    assert console_errors(browser) == []
