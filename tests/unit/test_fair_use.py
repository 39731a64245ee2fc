"""Clause ad:fair-use: a warning, never a charge, past the policy's tickets per month."""

from datetime import datetime, timedelta

from app.engine import QuoteRequest
from app.engine.fair_use import count_tickets
from tests.unit.quoting import ALESUND, BOOK, VMI


def entry(day: int, ticket: str | None, customer: str | None = "C-1", policy: str = ALESUND):
    start = f"2026-03-{day:02d}T10:00:00+01:00"
    return QuoteRequest.model_validate(
        {
            "policy": policy,
            "start": start,
            "end": start.replace("T10", "T11"),
            "channel": "phone",
            "ticket_id": ticket,
            "customer_id": customer,
        }
    )


def test_ad_fair_use_warns_when_a_customer_passes_the_monthly_threshold():
    entries = [entry(1 + i % 28, f"T-{i}") for i in range(21)]
    (count,) = count_tickets(entries, BOOK)
    assert (count.month, count.tickets, count.threshold) == ("2026-03", 21, 20)
    assert count.exceeded and count.clause == "ad:fair-use"
    assert "21 tickets in 2026-03 for customer C-1" in (count.message or "")


def test_ad_fair_use_is_silent_at_the_threshold():
    (count,) = count_tickets([entry(1, f"T-{i}") for i in range(20)], BOOK)
    assert not count.exceeded and count.message is None


def test_entries_of_one_ticket_count_once_and_entries_without_a_ticket_each_count():
    entries = [entry(1, "T-1"), entry(2, "T-1"), entry(3, None), entry(4, None)]
    assert count_tickets(entries, BOOK)[0].tickets == 3


def test_counts_are_per_customer_and_month_in_the_policy_time_zone():
    late = QuoteRequest.model_validate(
        {
            "policy": ALESUND,
            "start": "2026-03-31T23:30:00Z",  # 1 April in Oslo
            "end": "2026-03-31T23:45:00Z",
            "channel": "phone",
            "ticket_id": "T-9",
            "customer_id": "C-1",
        }
    )
    counts = count_tickets([entry(1, "T-1"), entry(1, "T-2", customer="C-2"), late], BOOK)
    assert [(c.customer_id, c.month, c.tickets) for c in counts] == [
        ("C-1", "2026-03", 1),
        ("C-1", "2026-04", 1),
        ("C-2", "2026-03", 1),
    ]


def test_a_policy_without_fair_use_counts_but_never_warns():
    entries = [entry(1, f"T-{i}", policy=VMI) for i in range(50)]
    (count,) = count_tickets(entries, BOOK)
    assert (count.tickets, count.threshold, count.exceeded) == (50, None, False)


def test_entries_without_a_customer_are_not_counted():
    assert count_tickets([entry(1, "T-1", customer=None)], BOOK) == []


def test_the_warning_speaks_the_customers_language():
    entries = [entry(1, f"T-{i}") for i in range(21)]
    assert "saker" in (count_tickets(entries, BOOK, "nb")[0].message or "")
    assert "ärenden" in (count_tickets(entries, BOOK, "sv")[0].message or "")


def test_the_month_is_the_policy_zones_whatever_offset_and_day_a_start_is_written_in():
    zone = BOOK[ALESUND].timeline.zone
    offsets = ["-11:30", "-05:00", "Z", "+01:00", "+05:45", "+13:45", "+23:59", "-23:59"]
    for day, hour in [(d, h) for d in (1, 2, 3, 26, 27, 28, 30, 31) for h in (0, 11, 23)]:
        for offset in offsets:
            start = datetime.fromisoformat(f"2026-01-{day:02d}T{hour:02d}:30:00{offset}")
            request = QuoteRequest.model_validate(
                {
                    "policy": ALESUND,
                    "start": start,
                    "end": start + timedelta(minutes=15),
                    "channel": "phone",
                    "ticket_id": "T-1",
                    "customer_id": "C-1",
                }
            )
            (count,) = count_tickets([request], BOOK)
            assert count.month == start.astimezone(zone).strftime("%Y-%m"), start
