"""/docs and /redoc render their operations with no network but the service itself."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.wait import WebDriverWait

from tests.web.browser import off_host, requested_urls

OPERATIONS = ("/v1/quotes", "/v1/quotes/batch", "/v1/policies", "/healthz")


@pytest.mark.parametrize(
    ("path", "operation_selector"),
    [("/docs", ".opblock-summary-path"), ("/redoc", "[data-section-id^='operation']")],
)
def test_docs_pages_render_their_operations_offline(driver, base_url, path, operation_selector):
    requested_urls(driver)
    driver.get(base_url + path)
    WebDriverWait(driver, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, operation_selector))
    )
    shown = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    for operation in OPERATIONS:
        assert operation in shown
    assert off_host(requested_urls(driver), base_url) == []
