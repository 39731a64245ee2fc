"""Whatever is typed or sent to the pages' forms, the answer is a page: never a 500."""

from urllib.parse import quote

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
    "ferry",
    "training_planned",
    "training_group",
    "causes",
    "start",
    "end",
    "session_channel",
    "material_kind",
    "material_description",
    "material_amount",
]
ODD_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=150, max_size=400),
    st.sampled_from(
        ["\x00", " \t\n", "NaN", "1e999", "１２", "٣", "--", "../../etc", "<b>", "'\"", "9" * 40]
    ),
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "vmi-se",
            "alesund-data-no",
            "onsite",
            "sv",
            "nb",
            "training",
            "setup",
            "Ålesund",
            "2026-03-02T15:30",
            "2026-03-29T02:30",
            "2026-10-25T02:30",
            "-1",
        ]
    ),
    ODD_TEXT,
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
@given(
    csv=st.text(max_size=300),
    group_by=st.booleans(),
    extra=st.dictionaries(
        st.sampled_from(
            ["lang", "local_times", "compare_policy", "compare_on", "check_billed", "tolerance"]
        ),
        VALUES,
        max_size=4,
    ),
)
def test_the_batch_form_answers_any_text_with_a_page(pages, csv, group_by, extra):
    form = {"csv": "policy,start,end,channel\n" + csv, "action": "show", **extra}
    if group_by:
        form["group_by"] = "ticket"
    answer = pages.post("/batch", data=form, files={"file": ("", b"", "text/csv")})
    assert answer.status_code in (200, 422)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    year=st.one_of(st.text(max_size=8), st.integers(-(10**6), 10**6).map(str)),
    on=st.one_of(st.text(max_size=12), st.dates().map(str)),
    lang=st.text(max_size=4),
    policy=st.sampled_from(["vmi-se", "alesund-data-no"]),
)
def test_the_policy_page_answers_any_query_with_a_page(pages, year, on, lang, policy):
    answer = pages.get(f"/policies/{policy}", params={"year": year, "on": on, "lang": lang})
    assert answer.status_code in (200, 422)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=ODD_TEXT, lang=st.text(max_size=4))
def test_any_page_address_answers_with_a_page_never_a_5xx(pages, name, lang):
    for path in (f"/policies/{quote(name, safe='')}", "/policies", "/batch", "/"):
        answer = pages.get(path, params={"lang": lang})
        assert answer.status_code in (200, 307, 404, 422), path  # /policies/ → /policies


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:30"])
def test_a_start_at_the_ends_of_the_calendar_is_refused_on_the_page(pages, start):
    form = {"policy": "vmi-se", "start": start, "end": start, "channel": "remote"}
    answer = pages.post("/", data=form)
    assert answer.status_code == 422
    assert "outside the years" in answer.text or "outside the calendar" in answer.text
