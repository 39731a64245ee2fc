"""The pages in headless Chromium: filled in, sent, read back, drawn, used by keyboard, narrow."""

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from app.engine import QuoteRequest, load_policies, quote
from app.web.vocabulary import reason_text
from tests.web import browser
from tests.web.browser import off_host, requested_urls

BOOK = load_policies()
ENTRIES = Path(__file__).resolve().parents[2] / "examples" / "entries.csv"


def set_time(driver, field_id, value):
    """Set a date-time field (its typed format depends on the browser's locale)."""
    driver.execute_script(
        "const f = document.getElementById(arguments[0]); f.value = arguments[1];"
        "f.dispatchEvent(new Event('input', {bubbles: true}));",
        field_id,
        value,
    )


def by_id(driver, element_id):
    return driver.find_element(By.ID, element_id)


def fill_evening_call_out(driver, base_url):
    driver.get(base_url + "/")
    Select(by_id(driver, "policy")).select_by_value("alesund-data-no")
    Select(by_id(driver, "lang")).select_by_value("nb")
    set_time(driver, "start-0", "2026-03-02T15:30")
    set_time(driver, "end-0", "2026-03-02T17:10")
    ticket = by_id(driver, "ticket-id")
    ticket.send_keys("HD-1042")
    ticket.send_keys(Keys.ENTER)
    driver.find_element(By.ID, "result")


def test_a_quote_is_filled_in_sent_and_read_back_with_its_timeline(driver, base_url):
    requested_urls(driver)
    fill_evening_call_out(driver, base_url)
    expected = quote(
        QuoteRequest.model_validate(
            {
                "policy": "alesund-data-no",
                "start": "2026-03-02T15:30:00+01:00",
                "end": "2026-03-02T17:10:00+01:00",
                "channel": "remote",
                "ticket_id": "HD-1042",
            }
        ),
        BOOK,
        language="nb",
    )
    assert by_id(driver, "total").text == f"{expected.total} NOK"
    assert by_id(driver, "total-incl-vat").text == f"{expected.total_incl_vat} NOK"
    reasons = driver.find_elements(By.CSS_SELECTOR, ".reasons li")
    assert [r.get_attribute("data-clause") for r in reasons] == [r.clause for r in expected.reasons]
    assert [r.find_element(By.CLASS_NAME, "message").text for r in reasons] == [
        reason_text(r.message, r.code, "nb") for r in expected.reasons
    ]

    # The shapes drawn: widths on screen follow the minutes of the quote.
    shapes = driver.execute_script(
        "return [...document.querySelectorAll('svg.wide rect.piece, svg.wide rect.padding')]"
        ".map(r => ({"
        "kind: r.getAttribute('class'), band: r.dataset.band, billable: r.dataset.billable,"
        "minutes: parseFloat(r.dataset.minutes), width: r.getBoundingClientRect().width}))"
    )
    billable = sum(s["minutes"] for s in shapes if s.get("billable") == "true")
    free = sum(s["minutes"] for s in shapes if s.get("billable") == "false")
    padding = sum(s["minutes"] for s in shapes if s["kind"] == "padding")
    assert billable == sum(line.worked_minutes for line in expected.bands)
    assert free == expected.free_minutes
    assert billable + padding == expected.billable_minutes
    per_minute = [s["width"] / s["minutes"] for s in shapes]
    assert max(per_minute) - min(per_minute) < 0.05 * max(per_minute)
    assert {s["band"] for s in shapes if s.get("billable") == "true"} == {
        line.band for line in expected.bands
    }
    assert off_host(requested_urls(driver), base_url) == []


def test_a_reasons_clause_opens_on_the_policy_page(driver, base_url):
    fill_evening_call_out(driver, base_url)
    driver.find_element(By.CSS_SELECTOR, ".reasons a.clause").click()
    assert driver.current_url.endswith("#clause-ad:hours")
    target = driver.execute_script("return document.querySelector(':target').dataset.clause")
    assert target == "ad:hours"
    tiles = driver.find_elements(By.CSS_SELECTOR, "svg.wide rect.tile")
    assert len(tiles) > 8
    heights = driver.execute_script(
        "const days = {}; document.querySelectorAll('svg.wide rect.tile').forEach(t => {"
        "days[t.dataset.day] = (days[t.dataset.day] || 0) + t.getBoundingClientRect().height});"
        "return Object.values(days)"
    )
    assert max(heights) - min(heights) < 1


def test_the_form_is_used_by_keyboard_alone(driver, base_url):
    driver.get(base_url + "/")
    by_id(driver, "policy").send_keys(Keys.END)  # the last policy, chosen by keyboard
    order = []
    for _ in range(4):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        order.append(driver.switch_to.active_element.get_attribute("id"))
    assert order[:3] == ["channel", "lang", "start-0"]
    assert Select(by_id(driver, "policy")).first_selected_option.get_attribute("value") == "vmi-se"
    by_id(driver, "submit").send_keys(Keys.ENTER)
    problems = driver.find_element(By.ID, "errors")
    assert "give the start and end of the work" in problems.text
    problems.find_element(By.TAG_NAME, "a").send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "start-0"


def test_a_sitting_row_is_added_and_suggestions_follow_the_policy(driver, base_url):
    driver.get(base_url + "/")
    Select(by_id(driver, "policy")).select_by_value("vmi-se")
    assert by_id(driver, "municipality").get_attribute("list") == "places-vmi-se"
    assert by_id(driver, "timezone").text == "Europe/Stockholm"
    rows = len(driver.find_elements(By.CSS_SELECTOR, ".row.sitting"))
    driver.find_element(By.CSS_SELECTOR, "button[data-add=sitting]").click()
    assert len(driver.find_elements(By.CSS_SELECTOR, ".row.sitting")) == rows + 1
    assert driver.switch_to.active_element.get_attribute("id") == f"start-{rows}"


def test_a_batch_is_uploaded_and_its_invoice_shown_per_ticket(driver, base_url):
    driver.get(base_url + "/batch")
    by_id(driver, "file").send_keys(str(ENTRIES))
    by_id(driver, "group-by").click()
    by_id(driver, "submit").click()
    totals = {
        row.get_attribute("data-currency"): row.find_element(By.CSS_SELECTOR, "[data-total]").text
        for row in driver.find_elements(By.CSS_SELECTOR, "#totals tbody tr")
    }
    assert totals == {"NOK": "2760.00 NOK", "SEK": "2439.00 SEK"}
    failed = driver.find_elements(By.CSS_SELECTOR, "#invoice-lines tr.failed")
    assert len(failed) == 1
    assert "line 7" in failed[0].text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#invoice-lines tr.quoted")) == 3


@pytest.fixture(scope="module")
def driver_without_javascript():
    reason = browser.missing()
    if reason:
        pytest.skip(reason)
    with browser.chromium(javascript=False) as started:
        yield started


def test_the_quote_form_works_with_javascript_off(driver_without_javascript, base_url):
    driver = driver_without_javascript
    driver.get(base_url + "/")
    assert driver.find_element(By.CSS_SELECTOR, "button[data-add=sitting]").is_displayed() is False
    # The page runs no script (the button it would show stays hidden); the test sets the
    # date-time fields, whose typed order is the browser's locale's.
    set_time(driver, "start-0", "2026-03-02T15:30")
    set_time(driver, "end-0", "2026-03-02T17:10")
    by_id(driver, "ticket-id").send_keys("HD-1042")
    by_id(driver, "submit").click()
    assert by_id(driver, "total").text == "2415.00 NOK"


def test_a_printed_quote_keeps_the_quote_timeline_and_table_and_leaves_the_form_out(
    driver, base_url
):
    fill_evening_call_out(driver, base_url)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script(
            "return ['#quote-form', '#result', 'figure.timeline svg', '#pieces'].map(s =>"
            "document.querySelector(s).getBoundingClientRect().height > 0)"
        )
        assert shown == [False, True, True, True]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
