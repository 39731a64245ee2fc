"""Invariants of every quote, checked on generated sessions against a minute-by-minute oracle."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import QuoteRequest, quote
from app.engine.result import Quote
from tests.unit.quoting import ALESUND, BOOK, MODES, VMI, generated_sessions
from tests.unit.quoting import GENERATED_FROM as FIRST

OSLO = ZoneInfo("Europe/Oslo")
NORWAY = holidays.country_holidays("NO", years=range(2025, 2029))


def oracle_band(policy: str, instant: datetime) -> tuple[str, bool]:
    """Return (band, inside office hours) of one minute, judged the plain way."""
    if policy == VMI:
        return "standard", False
    local = instant.astimezone(OSLO)
    if local.weekday() >= 5 or local.date() in NORWAY:
        return "weekend_holiday", False
    if 8 <= local.hour < 16:
        return "normal", True
    return ("evening", False) if 16 <= local.hour < 22 else ("night", False)


def rounding_unit(policy: str, channel: str) -> int:
    compiled = BOOK[policy].policy.rounding
    rule = compiled.by_channel.get(channel, compiled.default)
    return max(rule.minimum, rule.steps[-1])


def assert_consistent(q: Quote) -> None:
    # Minute figures are shown to 0.01; each session's figure may be off by half of that.
    slack = 0.005 * (len(q.sessions) + 2) + 1e-9
    assert sum(line.billed_minutes for line in q.bands) == q.billable_minutes
    assert all(line.amount >= 0 for line in q.bands)
    assert q.labour_amount == sum(line.amount for line in q.bands)
    assert min(q.total, q.labour_amount, q.materials_amount, q.vat_amount) >= 0
    assert (
        abs(q.worked_minutes - q.free_minutes - sum(s.billable_minutes for s in q.sessions))
        <= slack
    )
    assert abs(q.worked_minutes - sum(s.worked_minutes for s in q.sessions)) <= slack
    if q.coverage == "free":
        assert q.billable_minutes == 0 and q.labour_amount == 0 and q.bands == []
        assert q.total == (q.travel.amount or 0) + q.materials_amount
    assert q.billable_option == ("no_charge" if q.billable_minutes == 0 else "billable")


@settings(max_examples=300)
@given(
    policy=st.sampled_from([ALESUND, VMI]),
    offset=st.integers(0, 2 * 366 * 1440),
    length=st.integers(1, 3 * 1440),
    mode=st.sampled_from(sorted(MODES)),
    channel=st.sampled_from(["phone", "email", "remote", "onsite"]),
)
def test_whole_minute_sessions_match_the_minute_by_minute_oracle(
    policy, offset, length, mode, channel
):
    start = FIRST + timedelta(minutes=offset)
    end = start + timedelta(minutes=length)
    fields = {**MODES[mode], "channel": channel, "location": {"municipality": "Solna"}}
    q = quote(
        QuoteRequest.model_validate({"policy": policy, "start": start, "end": end, **fields}), BOOK
    )

    expected: dict[str, int] = {}
    last_band = None
    for minute in range(length):
        band, inside = oracle_band(policy, start + timedelta(minutes=minute))
        free = mode == "always_free" and policy == ALESUND
        if not free and (mode == "whole_billable" or policy == VMI or not inside):
            expected[band] = expected.get(band, 0) + 1
            last_band = band

    assert {line.band: line.worked_minutes for line in q.bands} == expected
    billable = sum(expected.values())
    assert q.worked_minutes == length
    assert q.free_minutes == length - billable
    assert (
        billable <= q.billable_minutes < billable + rounding_unit(policy, channel) or billable == 0
    )
    for line in q.bands:
        padding = line.billed_minutes - line.worked_minutes
        assert padding == 0 or line.band == last_band
    assert_consistent(q)


seconds = st.integers(0, 2 * 366 * 86400)


@settings(max_examples=200)
@given(
    policy=st.sampled_from([ALESUND, VMI]),
    gaps=st.lists(
        st.tuples(st.integers(0, 40_000), st.integers(1, 200_000)), min_size=1, max_size=6
    ),
    origin=seconds,
    offset_hours=st.integers(-12, 14),
    mode=st.sampled_from(sorted(MODES)),
    channels=st.lists(
        st.sampled_from(["phone", "email", "remote", "onsite"]), min_size=6, max_size=6
    ),
    rate=st.decimals(min_value=0, max_value=5000, places=2),
)
def test_assignments_of_arbitrary_sittings_keep_every_invariant(
    policy, gaps, origin, offset_hours, mode, channels, rate
):
    sessions = generated_sessions(origin, gaps, channels, offset_hours)
    fields = {**MODES[mode], "hourly_rate": rate, "location": {"municipality": "Ålesund"}}
    request = QuoteRequest.model_validate(
        {"policy": policy, "sessions": sessions, "channel": "remote", **fields}
    )
    q = quote(request, BOOK)
    worked = sum(length for _, length in gaps[: len(sessions)]) / 60
    assert abs(q.worked_minutes - worked) < 0.01
    billable = sum(s.billable_minutes for s in q.sessions)
    units = sum(rounding_unit(policy, c) for c in {s.channel for s in q.sessions})
    assert billable - 0.01 <= q.billable_minutes < billable + units + 0.01 or billable == 0
    assert_consistent(q)


@given(st.text(alphabet='0123456789.eE-+ ",:[]{}ax', max_size=40))
def test_exact_numbers_looks_closely_at_every_text_that_may_hold_a_fine_number(text):
    """The quick look (`0.000`, `0e`, `0E` with digits as 0) never passes over a number of
    more than two decimals or an exponent: the result is what the close look gives."""
    from app.engine.request import _STRING_OR_NUMBER, _as_text_if_finer_than_cents, exact_numbers

    raw = text.encode()
    try:
        closely = _STRING_OR_NUMBER.sub(_as_text_if_finer_than_cents, raw)
    except ArithmeticError:  # not a number Decimal reads: the close look fails alike
        return
    assert exact_numbers(raw) == closely
