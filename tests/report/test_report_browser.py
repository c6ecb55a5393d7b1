"""The report in a real browser (Debian's Chromium driven by Playwright): table of contents,
foldable sections, and the ledger's filters and sorting. Skips when Chromium is absent."""

from __future__ import annotations

import os

import pandas as pd
import pytest

CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(fast_report):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", "--no-sandbox"])
        try:
            pg = browser.new_page(viewport={"width": 1300, "height": 900})
            pg.set_default_timeout(30_000)
            pg.goto((fast_report.out / "report.html").resolve().as_uri())
            yield pg
        finally:
            browser.close()


def _visible(page) -> int:
    return page.locator("#ledger-table tbody tr:visible").count()


def _column(page, key: str) -> list[str]:
    i = page.locator("#ledger-table thead th").evaluate_all(
        f"hs => hs.findIndex(h => h.dataset.col === {key!r})")
    return page.locator("#ledger-table tbody tr:visible").evaluate_all(
        f"rs => rs.map(r => r.cells[{i}].textContent.trim())")


def test_filter_by_status_matches_ledger_csv(page, fast_report):
    led = pd.read_csv(fast_report.out / "ledger.csv", dtype=str, keep_default_na=False)
    assert _visible(page) == len(led)
    counts = led["status"].value_counts()
    assert len(counts) >= 2
    for status, n in counts.items():
        page.select_option("#f-status", status)
        assert _visible(page) == n, status
        assert set(_column(page, "status")) == {status}
        assert page.locator("#ledger-count").inner_text().startswith(f"{n} of {len(led)}")
    # status and version together, then free text
    st = counts.index[0]
    page.select_option("#f-status", st)
    page.select_option("#f-version", "001")
    assert _visible(page) == int(((led.status == st) & (led.version == "001")).sum())
    page.click("#f-reset")
    word = "Table 11"
    page.fill("#f-text", word)
    hits = led.apply(lambda r: word.lower() in " ".join(r[c] for c in (
        "id", "version", "section", "table", "claim", "paper_value", "unit", "computed",
        "reading", "status", "explanation")).lower(), axis=1)
    assert 0 < _visible(page) == int(hits.sum()) < len(led)
    page.click("#f-reset")
    assert _visible(page) == len(led)


def test_sort_by_column(page, fast_report):
    page.click("#f-reset")
    page.click("#ledger-table thead th[data-col=status]")
    shown = _column(page, "status")
    assert shown == sorted(shown) and len(set(shown)) >= 2
    page.click("#ledger-table thead th[data-col=status]")
    assert _column(page, "status") == sorted(shown, reverse=True)
    page.click("#ledger-table thead th[data-col=version]")
    v = _column(page, "version")
    assert v == sorted(v) and v[0] != v[-1]


def test_contents_and_folding(page, fast_report):
    toc = page.locator("nav.toc a")
    assert toc.count() >= 5
    first = page.locator("details.sec").first
    sec_id = first.get_attribute("id")
    assert first.evaluate("d => d.open") is False  # sections start folded
    page.click(f"nav.toc a[href='#{sec_id}']")
    assert first.evaluate("d => d.open") is True  # the contents link unfolds its section
    assert page.locator(f"#{sec_id} figure img:visible, #{sec_id} table:visible").count() > 0
    page.click("button[data-fold=close]")
    assert page.locator("details.sec[open]").count() == 0
    page.click("button[data-fold=open]")
    assert page.locator("details.sec:not([open])").count() == 0
    img = page.locator("figure img").first
    img.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
