"""The batch page offers a second opinion: re-rating under other terms and checking what was
billed, with the differences in their own columns and their totals, in the page's language."""

import pytest

from tests.web.html import Page
from tests.web.test_policy_and_batch_pages import NO_FILE

BILLED = (
    "policy,start,end,channel,ticket_id,billed_minutes,billed_amount\n"
    "vmi-se,2026-03-05T13:00:00+01:00,2026-03-05T13:25:00+01:00,remote,A,30,475.00\n"
    "vmi-se,2026-03-06T13:00:00+01:00,2026-03-06T13:25:00+01:00,remote,B,60,950.00\n"
)


def test_the_page_re_rates_and_checks_with_a_column_and_a_total_each(pages):
    form = {"csv": BILLED, "action": "show", "compare_policy": "vmi-se", "check_billed": "true"}
    answer = pages.post("/batch", data=form, files=NO_FILE)
    assert answer.status_code == 200
    page = Page(answer.text)
    assert page.all("td", **{"class": "billed"}) and page.all("td", **{"class": "num difference"})
    assert "1 agrees, 1 over-billed, 0 under-billed; +475.00 SEK" in page.text
    assert "Other terms, SEK950.00 SEK (Difference +0.00)" in page.text
    hidden = {a["name"]: a["value"] for a in page.all("input", type="hidden")}
    assert hidden["compare_policy"] == "vmi-se" and hidden["check_billed"] == "true"


def test_the_checks_outcomes_are_in_the_pages_language(pages):
    form = {"csv": BILLED, "action": "show", "check_billed": "true", "lang": "sv"}
    text = Page(pages.post("/batch", data=form, files=NO_FILE).text).text
    assert "stämmer" in text and "överfakturerat" in text


@pytest.mark.parametrize(
    ("field", "value"), [("compare_policy", "nope"), ("compare_on", "x"), ("tolerance", "1")]
)
def test_a_second_opinion_that_cannot_be_read_is_said_on_the_page(pages, field, value):
    answer = pages.post("/batch", data={"csv": BILLED, field: value}, files=NO_FILE)
    assert answer.status_code == 422
    assert f"query.{field}" in Page(answer.text).text
