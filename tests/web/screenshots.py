"""Take the screenshots of the pages in docs/ with headless Chromium.

Run from the repository root: `.venv/bin/python -m tests.web.screenshots`.
"""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.wait import WebDriverWait

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import live_server
from tests.web import browser
from tests.web.test_pages_browser import ENTRIES, fill_evening_call_out

DOCS = Path(__file__).resolve().parents[2] / "docs"
TALLEST = 2600


def _save(driver, name: str, width: int = browser.WIDTH) -> None:
    driver.set_window_size(width, browser.HEIGHT)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height, TALLEST))
    driver.save_screenshot(str(DOCS / name))
    print(f"docs/{name}")


def main() -> None:
    reason = browser.missing()
    if reason:
        raise SystemExit(reason)
    DOCS.mkdir(exist_ok=True)
    with live_server(create_app(Settings())) as base_url, browser.chromium() as driver:
        fill_evening_call_out(driver, base_url)
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        _save(driver, "quote.png")
        fill_evening_call_out(driver, base_url)
        _save(driver, "quote-phone.png", width=390)
        driver.get(base_url + "/policies/alesund-data-no?year=2026")
        _save(driver, "policy.png")
        driver.get(base_url + "/batch")
        driver.find_element(By.ID, "file").send_keys(str(ENTRIES))
        driver.find_element(By.ID, "group-by").click()
        driver.find_element(By.ID, "submit").click()
        _save(driver, "batch.png")
        for path, shown in (("/docs", ".opblock"), ("/redoc", "[data-section-id]")):
            driver.get(base_url + path)
            WebDriverWait(driver, 20).until(
                ready.presence_of_element_located((By.CSS_SELECTOR, shown))
            )
            driver.set_window_size(browser.WIDTH, browser.HEIGHT)
            driver.save_screenshot(str(DOCS / f"api{path.replace('/', '-')}.png"))
            print(f"docs/api{path.replace('/', '-')}.png")


if __name__ == "__main__":
    main()
