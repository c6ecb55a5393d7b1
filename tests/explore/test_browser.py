"""End-to-end test in a real browser: Playwright driving Debian's Chromium.

Starts ``streamlit run`` on a free local port, changes N and δ on the Game page, checks that the
displayed crossing times become the values the library computes, switches pages, and saves
screenshots to ``$ENDODEC_TEST_ARTIFACTS/explore`` (default ``test-artifacts/explore`` in the
repository). Skips only when Chromium is not installed at /usr/bin/chromium
(``apt-get install chromium``); it never downloads a browser.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from endodec.cli.explore import streamlit_command
from endodec.explore.logic import read_ledger
from endodec.explore.views import PAGES
from endodec.model.game import GameParams, solve

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def artifacts() -> Path:
    d = Path(os.environ.get("ENDODEC_TEST_ARTIFACTS", REPO / "test-artifacts")) / "explore"
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    cwd = tmp_path_factory.mktemp("explore-server")
    log = open(cwd / "streamlit.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(  # the command line of `endodec explore`
        [*streamlit_command("127.0.0.1", port), "--server.fileWatcherType", "none"],
        cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("streamlit did not start:\n" + (cwd / "streamlit.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _metric(page, label: str):
    return (page.locator('[data-testid="stMetric"]').filter(has_text=label)
            .locator('[data-testid="stMetricValue"]'))


def _set_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")


# the <h1> of each page, by its URL (every page in endodec.explore.views.PAGES must be here)
HEADINGS = {"game": "The N-firm crossing game", "statics": "Comparative statics",
            "learning": "Learning curves", "adoption": "Adoption: R0 and the modified threshold",
            "forecast": "Crossing-year forecast", "ledger": "Claims ledger",
            "silicon": "Consumer silicon and the crossing condition",
            "robustness": "Beyond the paper: robustness"}


def test_browser_deep_links(server):
    """Opening ``/<URL>`` of any page shows that page (not "Page not found"); "/" goes to Game."""
    import importlib

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    urls = [importlib.import_module(f"endodec.explore.views.{n}").URL for n in PAGES]
    assert sorted(urls) == sorted(HEADINGS)
    expect = sync_api.expect
    expect.set_options(timeout=45_000)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(45_000)
            for url, heading in [("", HEADINGS[urls[0]])] + list(HEADINGS.items()):
                page.goto(f"{server}/{url}")
                expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
                assert page.url.rstrip("/").endswith(f"/{url or urls[0]}"), page.url
                assert not page.get_by_text("Page not found").count(), url
            # no Deploy button (endodec explore passes --client.toolbarMode minimal)
            assert not page.get_by_text("Deploy", exact=True).count()
        finally:
            browser.close()


def test_browser_game_and_navigation(server, artifacts, reproduce_dir):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); "
                    "the end-to-end browser test cannot run")
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    expect.set_options(timeout=45_000)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(45_000)
            page.goto(server)
            s = solve(GameParams())
            expect(_metric(page, "T*_Nash")).to_have_text(f"{float(s.T_nash):.6g}")
            expect(_metric(page, "T*_Coop")).to_have_text(f"{float(s.T_coop):.6g}")
            page.screenshot(path=str(artifacts / "01_game_default.png"), full_page=True)

            _set_number(page, "N (number of centralized firms)", "8")
            s = solve(GameParams(N=8))
            expect(_metric(page, "T*_Nash")).to_have_text(f"{float(s.T_nash):.6g}")
            expect(_metric(page, "T*_Coop")).to_have_text(f"{float(s.T_coop):.6g}")

            _set_number(page, "δ (post-crossing displacement rate)", "0.5")
            s = solve(GameParams(N=8, delta=0.5))
            expect(_metric(page, "T*_Nash")).to_have_text(f"{float(s.T_nash):.6g}")
            expect(_metric(page, "T*_Coop")).to_have_text(f"{float(s.T_coop):.6g}")
            cli = page.locator("pre").filter(has_text="endodec game solve")
            expect(cli).to_contain_text("endodec game solve --N 8 --a 10 --b 0.5 --r 0.05 --delta 0.5")
            page.screenshot(path=str(artifacts / "02_game_N8_delta0.5.png"), full_page=True)

            # downloads are generated on click (PNG and SVG of the figures)
            for label, magic in (("Download PNG", b"\x89PNG"), ("Download SVG", b"<?xml")):
                with page.expect_download() as dl:
                    page.get_by_role("button", name=label).first.click()
                data = Path(dl.value.path()).read_bytes()
                assert data.startswith(magic), data[:40]
                (artifacts / dl.value.suggested_filename).write_bytes(data)

            _set_number(page, "N (number of centralized firms)", "1")  # invalid: library message
            # the library's ParameterError (Streamlit's markdown typesets ">=" as "≥")
            expect(page.get_by_text(re.compile(r"invalid parameter N=1\.0: must be an integer "
                                               r"(>=|≥) 2"))).to_be_visible()
            expect(_metric(page, "T*_Nash")).to_have_count(0)
            page.screenshot(path=str(artifacts / "03_game_invalid_N.png"), full_page=True)

            nav = page.locator('[data-testid="stSidebar"]')
            nav.get_by_text("Comparative statics", exact=True).click()
            expect(page.get_by_role("heading", name="Comparative statics")).to_be_visible()
            expect(page.locator('[data-testid="stImage"]').first).to_be_visible()
            page.screenshot(path=str(artifacts / "04_statics.png"), full_page=True)

            nav.get_by_text("Learning curves", exact=True).click()
            expect(_metric(page, "α (learning elasticity)")).to_be_visible()
            expect(page.locator('[data-testid="stImage"]').first).to_be_visible()
            page.screenshot(path=str(artifacts / "05_learning.png"), full_page=True)

            for title, metric, shot in (("Adoption", "Q* (R0 = 1)", "06_adoption.png"),
                                        ("Forecast", "median crossing year (nash)",
                                         "07_forecast.png"),
                                        ("Silicon", "decoding speed (tok/s)", "08_silicon.png")):
                nav.get_by_text(title, exact=True).click()
                if page.get_by_text("this part of endodec is not installed yet").count():
                    page.screenshot(path=str(artifacts / shot), full_page=True)
                    continue
                expect(_metric(page, metric)).to_be_visible()
                expect(page.locator('[data-testid="stImage"]').first).to_be_visible()
                page.screenshot(path=str(artifacts / shot), full_page=True)

            nav.get_by_text("Ledger", exact=True).click()
            expect(page.get_by_role("heading", name="Claims ledger")).to_be_visible()
            box = page.get_by_label("reproduce output directory", exact=True)
            box.fill(str(reproduce_dir))
            box.press("Enter")
            n_claims = len(read_ledger(reproduce_dir)[0])
            expect(page.get_by_text(re.compile(rf"\d+ of {n_claims} claims"))).to_be_visible()
            page.screenshot(path=str(artifacts / "09_ledger.png"), full_page=True)
            assert not page.locator('[data-testid="stException"]').count()
        finally:
            browser.close()
    assert len(list(artifacts.glob("*.png"))) >= 9
