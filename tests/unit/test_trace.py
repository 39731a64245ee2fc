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


def test_two_technicians_on_one_ticket_are_padded_each_as_the_quote_rounds_them():
    both = QuoteRequest.model_validate(
        {
            "policy": "vmi-se",
            "channel": "remote",
            "ticket_id": "T",
            "sessions": [
                {"start": "2026-03-02T09:00:00+01:00", "end": "2026-03-02T09:10:00+01:00",
                 "technician": "Anna"},
                {"start": "2026-03-02T09:05:00+01:00", "end": "2026-03-02T09:20:00+01:00",
                 "technician": "Bo"},
            ],
        }
    )  # fmt: skip
    quoted, traced = quote(both, BOOK), trace(both, BOOK)
    shown = sum(
        sum(p.minutes for p in s.pieces if p.billable) + (s.padding.minutes if s.padding else 0)
        for s in traced.sittings
    )
    assert shown == quoted.billable_minutes  # one group per technician, as the quote rounds


def test_an_effect_with_no_billing_rule_is_refused_by_money_and_picture_alike():
    from app.engine.coverage import billable_where

    assert billable_where("billable_outside_office_hours") == (False, True)
    with pytest.raises(ValueError, match="no billing rule"):
        billable_where("half_price")


def test_the_version_in_force_is_one_rule_with_each_callers_fallback():
    versions = CONTRACTS.versions(ROSLAGSBYGG)
    before_first = -(2**62)
    assert versions.in_force(before_first) is None  # a quote refuses, fair use counts nothing
    assert versions.in_force(2**62) is versions.latest
