"""Rate bands (ad:bands, vmi:1.3) judged in local time: midnight, weekends, holidays, DST."""

from decimal import Decimal

import pytest

from tests.unit.quoting import ALESUND, BOOK, ad, bands_of, clauses_of, vmi

BILLABLE = {"causes": ["misuse"]}


def test_ad_bands_split_a_weekday_into_normal_evening_and_night():
    q = ad("2026-03-02T06:00:00+01:00", "2026-03-03T02:00:00+01:00", **BILLABLE)
    assert bands_of(q) == {
        "normal": (480, 480),
        "evening": (360, 360),
        "night": (360, 360),
    }
    assert {line.band: line.multiplier for line in q.bands} == {
        "normal": Decimal("1.00"),
        "evening": Decimal("1.40"),
        "night": Decimal("2.00"),
    }
    assert "ad:bands" in clauses_of(q)


def test_ad_bands_bill_saturday_sunday_all_day_as_weekend_holiday():
    q = ad("2026-03-07T10:00:00+01:00", "2026-03-08T23:00:00+01:00", **BILLABLE)
    assert bands_of(q) == {"weekend_holiday": (37 * 60, 37 * 60)}


def test_ad_bands_friday_night_turns_weekend_at_midnight():
    q = ad("2026-03-06T21:00:00+01:00", "2026-03-07T01:00:00+01:00")
    assert bands_of(q) == {"evening": (60, 60), "night": (120, 120), "weekend_holiday": (60, 60)}


def test_ad_bands_sunday_night_turns_weekday_night_at_midnight():
    q = ad("2026-03-08T23:00:00+01:00", "2026-03-09T09:00:00+01:00")
    assert bands_of(q) == {"weekend_holiday": (60, 60), "night": (480, 480)}
    assert q.free_minutes == 60


@pytest.mark.parametrize(
    "holiday",
    [
        "2026-01-01",
        "2026-04-02",
        "2026-04-03",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-05-25",
        "2026-12-25",
        "2026-12-26",
    ],
)
def test_ad_hours_norwegian_public_holidays_are_not_ordinary_working_days(holiday):
    q = ad(f"{holiday}T10:00:00+01:00", f"{holiday}T11:00:00+01:00")
    assert q.coverage == "billable"
    assert bands_of(q) == {"weekend_holiday": (60, 60)}


@pytest.mark.parametrize("day", ["2026-12-24", "2026-12-31"])
def test_ad_hours_christmas_and_new_years_eve_are_ordinary_working_days(day):
    q = ad(f"{day}T10:00:00+01:00", f"{day}T11:00:00+01:00")
    assert q.coverage == "free"


def test_ad_bands_run_across_the_year_end_into_new_years_day():
    q = ad("2026-12-31T20:00:00+01:00", "2027-01-01T02:00:00+01:00")
    assert bands_of(q) == {
        "evening": (120, 120),
        "night": (120, 120),
        "weekend_holiday": (120, 120),
    }


def test_dst_spring_forward_bills_the_time_really_worked():
    q = ad("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00")
    assert q.worked_minutes == 60
    assert bands_of(q) == {"weekend_holiday": (60, 60)}


def test_dst_fall_back_bills_the_repeated_hour():
    q = ad("2026-10-25T00:30:00+02:00", "2026-10-25T03:30:00+01:00")
    assert q.worked_minutes == 240
    assert q.billable_minutes == 240


def test_dst_fall_back_moves_the_weekday_band_edges_in_local_time():
    # Monday after the change: 16:00 local is 15:00 UTC.
    q = ad("2026-10-26T14:30:00Z", "2026-10-26T15:30:00Z")
    assert q.free_minutes == 30
    assert bands_of(q) == {"evening": (30, 60)}


def test_times_in_another_offset_are_judged_in_the_policy_time_zone():
    # 15:00Z is 16:00 in Oslo in winter: evening, not office hours.
    q = ad("2026-03-02T15:00:00Z", "2026-03-02T16:00:00Z")
    assert bands_of(q) == {"evening": (60, 60)}


def test_vmi_1_3_has_one_standard_band_at_every_hour():
    q = vmi("2026-03-07T22:00:00+01:00", "2026-03-08T02:00:00+01:00")
    assert [(line.band, line.multiplier) for line in q.bands] == [("standard", Decimal("1.00"))]
    assert "vmi:1.3" in clauses_of(q)


def test_a_31_day_session_is_cut_only_where_bands_change():
    compiled = BOOK[ALESUND]
    from datetime import datetime

    from app.engine.instant import to_nanoseconds

    start = to_nanoseconds(datetime.fromisoformat("2026-03-01T00:00:00+01:00"))
    end = to_nanoseconds(datetime.fromisoformat("2026-04-01T00:00:00+02:00"))
    pieces = compiled.timeline.split(start, end)
    assert sum(hi - lo for lo, hi, _, _ in pieces) == end - start
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(a[2:] != b[2:] for a, b in zip(pieces, pieces[1:], strict=False))
    # Sunday 1st; four weeks of 17 pieces (Mon night, 5 x normal/evening/night, weekend);
    # Monday 30th and Tuesday 31st: night, normal, evening, night, normal, evening, night.
    assert len(pieces) == 1 + 4 * 17 + 7


def test_a_single_band_policy_splits_31_days_into_one_piece():
    from datetime import datetime

    from app.engine.instant import to_nanoseconds

    start = to_nanoseconds(datetime.fromisoformat("2026-03-01T00:00:00+01:00"))
    end = to_nanoseconds(datetime.fromisoformat("2026-04-01T00:00:00+02:00"))
    assert len(BOOK["vmi-se"].timeline.split(start, end)) == 1
