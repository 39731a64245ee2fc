"""Whatever is typed or sent to the pages' forms, the answer is a page: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = [
    "policy",
    "channel",
    "lang",
    "work_kind",
    "equipment_from",
    "ticket_id",
    "customer_id",
    "hourly_rate",
    "support_level",
    "municipality",
    "training_minutes",
    "urgent",
    "causes",
    "start",
    "end",
    "session_channel",
    "material_kind",
    "material_description",
    "material_amount",
]
VALUES = st.one_of(
    st.sampled_from(
        ["", "vmi-se", "alesund-data-no", "onsite", "2026-03-02T15:30", "2026-03-29T02:30", "-1"]
    ),
    st.text(max_size=30),
    # Local date-times from year 1 to 9999, with and without every UTC offset.
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
    st.builds(
        lambda moment, minutes: (
            f"{moment.isoformat(timespec='minutes')}"
            f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        ),
        st.datetimes(),
        st.integers(-1439, 1439),
    ),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.dictionaries(st.sampled_from(FIELDS), st.lists(VALUES, max_size=3), max_size=12))
def test_the_quote_form_answers_any_input_with_a_page(pages, form):
    """Any text, and dates from year 1 to 9999 at every offset: a page, never a 5xx."""
    answer = pages.post("/", data=form)
    assert answer.status_code in (200, 422)
    assert answer.headers["content-type"].startswith("text/html")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv=st.text(max_size=300), group_by=st.booleans())
def test_the_batch_form_answers_any_text_with_a_page(pages, csv, group_by):
    form = {"csv": "policy,start,end,channel\n" + csv, "action": "show"}
    if group_by:
        form["group_by"] = "ticket"
    answer = pages.post("/batch", data=form, files={"file": ("", b"", "text/csv")})
    assert answer.status_code in (200, 422)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.text(max_size=8), on=st.text(max_size=12), lang=st.text(max_size=4))
def test_the_policy_page_answers_any_query_with_a_page(pages, year, on, lang):
    answer = pages.get("/policies/vmi-se", params={"year": year, "on": on, "lang": lang})
    assert answer.status_code in (200, 422)


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:30"])
def test_a_start_at_the_ends_of_the_calendar_is_refused_on_the_page(pages, start):
    form = {"policy": "vmi-se", "start": start, "end": start, "channel": "remote"}
    answer = pages.post("/", data=form)
    assert answer.status_code == 422
    assert "outside the years" in answer.text or "outside the calendar" in answer.text
