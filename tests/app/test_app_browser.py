"""The app in a real browser: the test serves `python -m orbit.app` on a free
127.0.0.1 port, drives headless Chromium through Selenium and Debian's
chromium-driver (choose an instrument, set as-of, press Run, read the
summary; then open the Sweep tab, type two axes, press Run sweep and wait
for the heatmap and the best-per-group trust table: PBO, DSR), compares the summary with `orbit run` + `orbit report --json` on the
same data, checks the browser console for errors and saves a screenshot
(to $ORBIT_APP_SCREENSHOT as well when set: docs/app_screenshot.png is made so).
The server is stopped by its own process id. Nothing here skips: a missing
browser or driver fails the test."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import AS_OF, ROOT, cli_run, fmt

CHROMIUM = os.environ.get("ORBIT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ORBIT_CHROMEDRIVER", "/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(data_dir, tmp_path):
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "build" / "python"), env.get("PYTHONPATH")) if p)
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "orbit.app", "--data", str(data_dir), "--port", str(port),
                             "--host", "127.0.0.1", "--runs", str(tmp_path / "runs")],
                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the app exited with {proc.returncode}: {(tmp_path / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not answer within 90 s: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()  # by its own pid
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        log.close()


@pytest.fixture()
def browser():
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{what} is not installed at {path} (apt-get install {what}; scripts/apt/)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1500,1300"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver, timeout: float = 60) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def widget(driver, testid: str, label: str):
    """The Streamlit widget of type `testid` (e.g. stSelectbox) whose label reads `label`."""
    def find(d):
        for w in d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]'):
            labels = w.find_elements(By.CSS_SELECTOR, '[data-testid="stWidgetLabel"]')
            if labels and labels[0].text.strip() == label:
                return w
        return False
    return wait(driver).until(find)


def choose(driver, label: str, option: str) -> None:
    box = widget(driver, "stSelectbox", label)
    box.find_element(By.CSS_SELECTOR, '[role="combobox"], input').click()
    opt = wait(driver).until(EC.element_to_be_clickable(
        (By.XPATH, f'//*[@role="option"][normalize-space(.)="{option}"]')))
    opt.click()


def idle(driver) -> None:
    """Waits until Streamlit has finished the current script run."""
    time.sleep(0.3)
    wait(driver, 120).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))


def metrics(driver) -> dict[str, str]:
    out = {}
    for m in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]'):
        label = m.find_element(By.CSS_SELECTOR, '[data-testid="stMetricLabel"]').text.strip()
        value = m.find_element(By.CSS_SELECTOR, '[data-testid="stMetricValue"]').text.strip()
        if label:
            out[label] = value
    return out


def stream_table(driver) -> list[dict[str, str]]:
    """The 'By stream' table as {column: text} per row (first cell is the key)."""
    for table in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stTable"] table'):
        header = [th.get_attribute("textContent").strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        if "trades" not in header or "NoTrade" not in header:
            continue
        rows = []
        for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
            cells = [c.get_attribute("textContent").strip() for c in tr.find_elements(By.CSS_SELECTOR, "th, td")]
            rows.append(dict(zip(["key", *header[1:]], cells)))
        return rows
    raise AssertionError("no summary table on the page")


def test_run_in_a_real_browser_equals_orbit_run(server, browser, data_dir, tmp_path):
    browser.get(server)
    wait(browser, 90).until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="stSidebar"]')))
    idle(browser)
    choose(browser, "Instrument", "ES")
    idle(browser)
    as_of = widget(browser, "stTextInput", "As of (ISO-8601; empty = now)").find_element(By.TAG_NAME, "input")
    as_of.send_keys(AS_OF, Keys.ENTER)
    idle(browser)
    button = wait(browser).until(EC.element_to_be_clickable(
        (By.XPATH, '//button[.//*[normalize-space(text())="Run analyzer"] or normalize-space(.)="Run analyzer"]')))
    button.click()
    try:
        wait(browser, 120).until(EC.presence_of_element_located(
            (By.XPATH, '//*[normalize-space(text())="Summary: ES"]')))
    except TimeoutException:
        browser.save_screenshot(str(tmp_path / "failure.png"))
        raise
    idle(browser)

    _, stats = cli_run(data_dir, "ES", tmp_path / "cli.csv")
    overall = stats["overall"]
    shown = metrics(browser)
    assert shown["Rows"] == fmt(overall["rows"])
    assert shown["Trades"] == fmt(overall["trades"])
    assert shown["Win rate %"] == fmt(overall["win_rate_pct"])
    assert shown["Points"] == fmt(overall["total_points"])
    assert shown["Net USD (after costs)"] == fmt(overall["net_usd"])
    assert shown["Profit factor (net)"] == fmt(overall["profit_factor"])
    assert shown["Max drawdown USD (net)"] == fmt(overall["max_drawdown_usd"])
    table = stream_table(browser)
    assert [r["key"] for r in table] == [g["key"] for g in stats["breakdowns"]["stream"]]
    for row, group in zip(table, stats["breakdowns"]["stream"]):
        assert int(row["rows"].replace(",", "")) == group["rows"]
        assert int(row["trades"].replace(",", "")) == group["trades"]
        for name in ("Win", "Loss", "BE", "TIME", "OPEN", "NoTrade"):
            assert int(row[name]) == group["results"][name], name
        assert float(row["net_usd"].replace(",", "")) == pytest.approx(group["net_usd"], abs=0.005)

    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors
    shot = tmp_path / "app.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 30000
    if os.environ.get("ORBIT_APP_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["ORBIT_APP_SCREENSHOT"])

    # The Sweep tab: two axes, Run sweep, the heatmap is drawn (a Vega chart) without console errors.
    wait(browser).until(EC.element_to_be_clickable((By.XPATH, '//*[@role="tab"][normalize-space(.)="Sweep"]'))).click()
    for label, text in (("Target, points", "5,7.5,10"), ("Stop cap, × target", "2,3")):
        # The tab's axis input (the sidebar has a strategy input with the same label).
        field = wait(browser).until(EC.element_to_be_clickable(
            (By.XPATH, f'//*[@role="tabpanel"]//input[@aria-label="{label}"]')))
        field.send_keys(text, Keys.ENTER)
        idle(browser)
    wait(browser).until(EC.element_to_be_clickable(
        (By.XPATH, '//button[.//*[normalize-space(text())="Run sweep"] or normalize-space(.)="Run sweep"]'))).click()
    try:
        wait(browser, 120).until(EC.presence_of_element_located(
            (By.XPATH, '//*[@role="tabpanel"]//*[contains(@class, "vega-embed")]')))
    except TimeoutException:
        browser.save_screenshot(str(tmp_path / "sweep_failure.png"))
        raise
    idle(browser)
    # Beside every best (issue 24): trades, grid edge, PBO and DSR, computed (not the "tick it" hint).
    panel = browser.find_element(By.XPATH, '//*[@role="tabpanel"][.//*[contains(@class, "vega-embed")]]').text
    assert "Best per group: can it be trusted?" in panel, panel
    assert "PBO near 0 and DSR near 1" in panel and "Tick 'PBO and DSR'" not in panel, panel
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors
    sweep_shot = tmp_path / "sweep.png"
    assert browser.save_screenshot(str(sweep_shot))
    if os.environ.get("ORBIT_APP_SWEEP_SCREENSHOT"):
        shutil.copyfile(sweep_shot, os.environ["ORBIT_APP_SWEEP_SCREENSHOT"])
