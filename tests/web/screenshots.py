"""Take the screenshots of the pages in docs/ with headless Chromium, at a desk and on a phone.

Run from the repository root: `.venv/bin/python -m tests.web.screenshots [folder]`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
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
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
TALLEST = 2600
PHONE = 390


def _save(driver, folder: Path, name: str, width: int = browser.WIDTH) -> None:
    driver.set_window_size(width, browser.HEIGHT)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height, TALLEST))
    driver.save_screenshot(str(folder / name))
    print(folder / name)


def _batch(driver, base_url: str) -> None:
    driver.get(base_url + "/batch")
    driver.find_element(By.ID, "file").send_keys(str(ENTRIES))
    driver.find_element(By.ID, "group-by").click()
    driver.find_element(By.ID, "submit").click()
    driver.find_element(By.ID, "invoice")


def pages(base_url: str) -> list[tuple[str, Callable[..., None]]]:
    """Return each page shot: its file name stem and how to open it."""

    def opened(path: str) -> Callable[..., None]:
        return lambda driver: driver.get(base_url + path)

    return [
        ("quote", lambda driver: fill_evening_call_out(driver, base_url)),
        ("policy", opened("/policies/alesund-data-no?year=2026")),
        ("policy-vmi", opened("/policies/vmi-se?year=2026&lang=sv")),
        ("contract", opened("/policies/vmi-roslagsbygg?on=2026-06-01")),
        ("batch", lambda driver: _batch(driver, base_url)),
    ]


def main(folder: Path = DOCS) -> None:
    reason = browser.missing()
    if reason:
        raise SystemExit(reason)
    folder.mkdir(exist_ok=True)
    settings = Settings(policy_dir=EXAMPLES)
    with live_server(create_app(settings)) as base_url, browser.chromium() as driver:
        for stem, open_page in pages(base_url):
            for suffix, width in (("", browser.WIDTH), ("-phone", PHONE)):
                driver.set_window_size(width, browser.HEIGHT)
                open_page(driver)
                _save(driver, folder, f"{stem}{suffix}.png", width)
        for path, shown in (("/docs", ".opblock"), ("/redoc", "[data-section-id]")):
            driver.get(base_url + path)
            WebDriverWait(driver, 20).until(
                ready.presence_of_element_located((By.CSS_SELECTOR, shown))
            )
            driver.set_window_size(browser.WIDTH, browser.HEIGHT)
            driver.save_screenshot(str(folder / f"api{path.replace('/', '-')}.png"))
            print(folder / f"api{path.replace('/', '-')}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
