"""A trace puts in time exactly what the quote counts: bands, free and billable, padding."""

from collections import defaultdict
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import QuoteRequest, quote
from app.engine.trace import trace
from tests.unit.contracts import CONTRACTS, ROSLAGSBYGG, entry
from tests.unit.quoting import ALESUND, BOOK, MODES, VMI, generated_sessions, request


def test_an_evening_call_out_is_free_until_office_hours_end_then_padded_in_the_evening():
    traced = trace(
        request(ALESUND, "2026-03-02T15:30:00+01:00", "2026-03-02T17:10:00+01:00", ticket_id="T"),
        BOOK,
    )
    (sitting,) = traced.sittings
    assert [(p.band, p.billable, p.minutes) for p in sitting.pieces] == [
        ("normal", False, 30),
        ("evening", True, 70),
    ]
    assert sitting.padding is not None
    assert (sitting.padding.band, sitting.padding.minutes) == ("evening", 20)
    assert sitting.padding.start == sitting.end
    assert [p.start.hour for p in sitting.window] == [15, 16]
    assert sitting.window[-1].end.hour == 18


def test_a_sitting_on_a_holiday_names_it():
    traced = trace(request(ALESUND, "2026-04-03T10:00:00+02:00", "2026-04-03T11:00:00+02:00"), BOOK)
    assert [name for _, name in traced.sittings[0].holidays] == ["Good Friday"]
    assert {p.band for p in traced.sittings[0].pieces} == {"weekend_holiday"}


@pytest.mark.parametrize("start", ["2026-12-15T10:00:00+01:00", "2027-01-12T10:00:00+01:00"])
def test_a_dated_policy_is_traced_under_the_version_that_priced_the_quote(start):
    asked = entry(ROSLAGSBYGG, start, "10:40", channel="remote")
    traced = trace(asked, CONTRACTS)
    assert str(traced.policy.valid_from) == quote(asked, CONTRACTS).policy_version


@settings(max_examples=150)
@given(
    policy=st.sampled_from([ALESUND, VMI]),
    gaps=st.lists(
        st.tuples(st.integers(0, 40_000), st.integers(60, 100_000)), min_size=1, max_size=4
    ),
    origin=st.integers(0, 2 * 366 * 86400),
    offset_hours=st.integers(-12, 14),
    mode=st.sampled_from(sorted(MODES)),
    channels=st.lists(
        st.sampled_from(["phone", "email", "remote", "onsite"]), min_size=4, max_size=4
    ),
)
def test_the_trace_adds_up_to_the_quote(policy, gaps, origin, offset_hours, mode, channels):
    sessions = generated_sessions(origin, gaps, channels, offset_hours)
    fields = {**MODES[mode], "location": {"municipality": "Ålesund"}}
    asked = QuoteRequest.model_validate(
        {"policy": policy, "sessions": sessions, "channel": "remote", **fields}
    )
    quoted = quote(asked, BOOK)
    traced = trace(asked, BOOK)

    worked_in_band: dict[str, float] = defaultdict(float)
    billed_in_band: dict[str, float] = defaultdict(float)
    free = 0.0
    for sitting in traced.sittings:
        for piece in sitting.pieces:
            if piece.billable:
                worked_in_band[piece.band] += piece.minutes
                billed_in_band[piece.band] += piece.minutes
            else:
                free += piece.minutes
        if sitting.padding:
            billed_in_band[sitting.padding.band] += sitting.padding.minutes
            assert sitting.window[-1].end >= sitting.padding.start + timedelta(
                minutes=sitting.padding.minutes
            )
    assert abs(free - quoted.free_minutes) < 0.01
    assert {band: round(m, 2) for band, m in worked_in_band.items()} == {
        line.band: line.worked_minutes for line in quoted.bands
    }
    assert abs(sum(billed_in_band.values()) - quoted.billable_minutes) < 0.01
    for line in quoted.bands:
        assert abs(billed_in_band[line.band] - line.billed_minutes) < 1
