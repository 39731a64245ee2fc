"""Rounding of billable time: vmi:3.1, vmi:3.2 and ad:billing."""

import pytest

from tests.unit.quoting import ad, clauses_of, minutes_after, vmi

MONDAY_10 = "2026-03-02T10:00:00+01:00"
MONDAY_EVENING = "2026-03-02T16:00:00+01:00"


@pytest.mark.parametrize(
    ("worked", "billed"),
    [(5, 10), (10, 10), (11, 30), (31, 60), (60, 60), (61, 70), (75, 90), (95, 120), (125, 130)],
)
def test_vmi_3_1_rounds_non_onsite_work_up_the_10_30_60_ladder(worked, billed):
    q = vmi(MONDAY_10, minutes_after(MONDAY_10, worked), channel="phone")
    assert q.billable_minutes == billed
    assert "vmi:3.1" in clauses_of(q)


@pytest.mark.parametrize("channel", ["phone", "email", "remote"])
def test_vmi_3_1_applies_to_every_channel_but_onsite(channel):
    assert vmi(MONDAY_10, minutes_after(MONDAY_10, 11), channel=channel).billable_minutes == 30


def test_vmi_3_1_bills_a_started_step_even_by_one_second():
    assert vmi(MONDAY_10, minutes_after(MONDAY_10, 10 + 1 / 60)).billable_minutes == 30


@pytest.mark.parametrize(("worked", "billed"), [(20, 60), (60, 60), (61, 120), (1, 60), (180, 180)])
def test_vmi_3_2_bills_onsite_work_in_whole_hours_at_least_one(worked, billed):
    q = vmi(
        MONDAY_10,
        minutes_after(MONDAY_10, worked),
        channel="onsite",
        location={"municipality": "Norrtälje"},
    )
    assert q.billable_minutes == billed
    assert "vmi:3.2" in clauses_of(q)
    assert "vmi:3.1" not in clauses_of(q)


@pytest.mark.parametrize(("worked", "billed"), [(1, 60), (60, 60), (61, 90), (90, 90), (91, 120)])
def test_ad_billing_bills_a_started_assignment_as_an_hour_then_started_half_hours(worked, billed):
    q = ad(MONDAY_EVENING, minutes_after(MONDAY_EVENING, worked))
    assert q.billable_minutes == billed
    assert "ad:billing" in clauses_of(q)


def test_ad_billing_rounds_only_the_billable_part_of_mixed_work():
    q = ad("2026-03-02T15:00:00+01:00", "2026-03-02T17:05:00+01:00")
    assert q.coverage == "mixed"
    assert q.free_minutes == 60
    assert q.billable_minutes == 90


def test_free_work_is_not_rounded_at_all():
    q = ad(MONDAY_10, minutes_after(MONDAY_10, 7))
    assert q.billable_minutes == 0
    assert "ad:billing" not in clauses_of(q)
