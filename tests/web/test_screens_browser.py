"""Every page at a desk (1280 px) and on a phone (390 px), in headless Chromium: nothing is cut
off (no horizontal overflow of the page or of its main column), the pictures are drawn at a
readable size, and the band and invoice tables reflow into cards on a phone. A screenshot of
each is taken (into the test's temporary folder) so a failure can be looked at.
"""

import struct
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import live_server
from tests.web import browser
from tests.web.screenshots import EXAMPLES, pages

PHONE, DESK = 390, browser.WIDTH
# The smallest type a picture may be drawn in, in CSS pixels.
SMALLEST_TYPE = 10.5

OVERFLOW = """
const main = document.querySelector('main');
const page = document.documentElement;
const right = main.getBoundingClientRect().right + 1;
const sticking = [...main.querySelectorAll('*')]
  .filter(e => e.getClientRects().length && !e.closest('details:not([open])'))
  .filter(e => e.getBoundingClientRect().right > right)
  .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.getAttribute('class'));
return {page: page.scrollWidth - page.clientWidth, main: main.scrollWidth - main.clientWidth,
        sticking: sticking.slice(0, 5)};
"""
PICTURES = """
return [...document.querySelectorAll('svg.picture')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const box = svg.viewBox.baseVal, shown = svg.getBoundingClientRect();
    const scale = shown.width / box.width;
    const sizes = [...svg.querySelectorAll('text')].map(t =>
      parseFloat(t.getAttribute('font-size') || svg.getAttribute('font-size')));
    return {id: svg.dataset.id, frame: svg.dataset.frame, smallest: Math.min(...sizes) * scale};
  });
"""


@pytest.fixture(scope="module")
def contracts_url():
    """The app with the example contracts, served on 127.0.0.1."""
    with live_server(create_app(Settings(policy_dir=EXAMPLES))) as url:
        yield url


def png_width(path: Path) -> int:
    with path.open("rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", header[16:20])[0]


@pytest.mark.parametrize("width", [PHONE, DESK])
def test_no_page_is_cut_off_and_its_pictures_are_readable(driver, contracts_url, tmp_path, width):
    driver.set_window_size(width, browser.HEIGHT)
    try:
        for name, open_page in pages(contracts_url):
            open_page(driver)
            overflow = driver.execute_script(OVERFLOW)
            assert overflow == {"page": 0, "main": 0, "sticking": []}, (name, width)
            pictures = driver.execute_script(PICTURES)
            if name in ("quote", "policy", "policy-vmi", "contract"):
                assert pictures, name
            expected = "compact" if width == PHONE else "wide"
            for picture in pictures:
                assert picture["frame"] == expected, (name, picture)
                assert picture["smallest"] >= SMALLEST_TYPE, (name, width, picture)
            shot = tmp_path / f"{name}-{width}.png"
            driver.save_screenshot(str(shot))
            assert png_width(shot) == width
    finally:
        driver.set_window_size(browser.WIDTH, browser.HEIGHT)


def test_on_a_phone_the_band_and_invoice_tables_reflow_into_cards(driver, contracts_url):
    driver.set_window_size(PHONE, browser.HEIGHT)
    try:
        for name, open_page in pages(contracts_url):
            if name not in ("quote", "batch"):
                continue
            open_page(driver)
            table = driver.find_element(By.ID, "bands" if name == "quote" else "invoice-lines")
            header = table.find_element(By.TAG_NAME, "thead").rect
            assert header["width"] <= 1  # read by screen readers, not shown
            rows = table.find_elements(By.CSS_SELECTOR, "tbody tr:not(.failed)")
            assert rows
            for row in rows:
                cells = row.find_elements(By.CSS_SELECTOR, "td[data-label]")
                assert cells
                # each cell a line of the card, its column's name before the value
                assert len({round(cell.rect["x"]) for cell in cells}) == 1
                named = driver.execute_script(
                    "return getComputedStyle(arguments[0], '::before').content", cells[0]
                )
                assert named.strip('"') == cells[0].get_attribute("data-label")
    finally:
        driver.set_window_size(browser.WIDTH, browser.HEIGHT)


def test_the_check_sees_a_wide_element_cut_off_on_a_phone(driver, contracts_url):
    """The check itself: a picture wider than a phone is found sticking out of the main column."""
    driver.set_window_size(PHONE, browser.HEIGHT)
    try:
        driver.get(contracts_url + "/policies/vmi-se")
        driver.execute_script(
            "document.querySelector('main').insertAdjacentHTML('beforeend',"
            '\'<img id=wide alt="" width=600 height=20 src="data:,">\')'
        )
        overflow = driver.execute_script(OVERFLOW)
        assert overflow["sticking"] == ["IMG#wide.null"]
        assert overflow["page"] > 0
    finally:
        driver.set_window_size(browser.WIDTH, browser.HEIGHT)
