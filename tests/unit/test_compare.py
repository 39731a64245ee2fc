"""A second opinion on a bill: a month re-rated under other terms, and what was billed set
against the contract, each difference traced to its clauses."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.engine import QuoteRequest, load_policies, quote
from app.engine.compare import OtherTerms, check_billed, difference, requote
from bench.mix import entries
from tests.unit.quoting import ALESUND, BOOK, VMI, request

EVENING_RAISED = """
id = "alesund-evening-raised"
name = "Ålesund Data, evening surcharge raised from June 2026"
extends = "alesund-data-no"
valid_from = 2026-01-01

[[versions]]
valid_from = 2026-06-01

[[versions.bands]]
id = "evening"
multiplier = "1.60"
"""


@pytest.fixture(scope="module")
def month():
    return [QuoteRequest.model_validate(e) for e in entries(400, seed=3)]


def test_a_month_re_rated_under_its_own_terms_differs_nowhere(month):
    for entry in month:
        own = quote(entry, BOOK)
        same = difference(own, requote(entry, BOOK, OtherTerms()))
        assert same.none and same.clauses == ()


def test_a_price_list_that_raises_the_evening_surcharge_changes_exactly_the_evening_lines(
    tmp_path: Path,
):
    (tmp_path / "alesund-evening-raised.toml").write_text(EVENING_RAISED, encoding="utf-8")
    book = load_policies(tmp_path)
    march = [
        request("alesund-evening-raised", f"2026-03-{day:02d}T{hour}:00:00+01:00",
                f"2026-03-{day:02d}T{hour}:50:00+01:00", ticket_id=f"T-{day}-{hour}",
                channel="onsite", location={"municipality": "Giske"})
        for day in (2, 3, 4, 7)  # a Monday to a Wednesday, and a Saturday
        for hour in ("10", "18", "23")
    ]  # fmt: skip
    june = OtherTerms(on=date(2026, 6, 1))
    for entry in march:
        own, other = quote(entry, book), requote(entry, book, june)
        change = difference(own, other)
        evening = any(line.band == "evening" for line in own.bands)
        assert (not change.none) == evening, entry.start
        if evening:
            assert change.labour > 0 and change.travel == 0 and change.clauses == ("ad:bands",)


def _billed(q, minutes=None, amount=None):
    return (
        q.billable_minutes if minutes is None else minutes,
        q.total if amount is None else amount,
    )


def test_planted_mis_billings_are_found_and_nothing_else():
    rate = Decimal("1150.00") / 60
    cases = {
        "billed as quoted (Ålesund evening)": (
            request(ALESUND, "2026-03-02T18:00:00+01:00", "2026-03-02T18:40:00+01:00", ticket_id="A"),
            lambda q: _billed(q),
            "agrees",
        ),
        "an evening rate missed": (
            request(ALESUND, "2026-03-03T18:00:00+01:00", "2026-03-03T18:40:00+01:00", ticket_id="B"),
            lambda q: _billed(q, amount=(q.billable_minutes * rate).quantize(Decimal("0.01"))),
            "under_billed",
        ),
        "an office-hours part billed": (
            request(ALESUND, "2026-03-04T15:30:00+01:00", "2026-03-04T17:10:00+01:00", ticket_id="C"),
            lambda q: _billed(q, q.billable_minutes + 30, q.total + (30 * rate).quantize(Decimal("0.01"))),
            "over_billed",
        ),
        "a holiday billed at the normal rate": (
            request(ALESUND, "2026-04-03T10:00:00+02:00", "2026-04-03T11:00:00+02:00", ticket_id="D"),
            lambda q: _billed(q, amount=(q.billable_minutes * rate).quantize(Decimal("0.01"))),
            "under_billed",
        ),
        "travel charged inside Norrtälje": (
            request(VMI, "2026-03-05T09:00:00+01:00", "2026-03-05T10:00:00+01:00",
                    channel="onsite", location={"municipality": "Norrtälje"}),
            lambda q: _billed(q, amount=q.total + Decimal("395.00")),
            "over_billed",
        ),
        "billed as quoted (VMI)": (
            request(VMI, "2026-03-05T13:00:00+01:00", "2026-03-05T13:25:00+01:00"),
            lambda q: _billed(q),
            "agrees",
        ),
    }  # fmt: skip
    for name, (entry, billing, expected) in cases.items():
        contract = quote(entry, BOOK)
        minutes, amount = billing(contract)
        check = check_billed(contract, minutes, amount)
        assert check.outcome == expected, name
        assert check.clauses == tuple(dict.fromkeys(r.clause for r in contract.reasons))


def test_entries_rounded_one_by_one_instead_of_per_ticket_are_over_billed():
    first = request(
        ALESUND, "2026-03-02T18:00:00+01:00", "2026-03-02T18:10:00+01:00", ticket_id="T"
    )
    second = request(
        ALESUND, "2026-03-02T19:00:00+01:00", "2026-03-02T19:10:00+01:00", ticket_id="T"
    )
    apart = quote(first, BOOK).total + quote(second, BOOK).total
    together = quote(
        QuoteRequest.model_validate(
            {"policy": ALESUND, "channel": "remote", "ticket_id": "T", "sessions": [
                {"start": first.start.isoformat(), "end": first.end.isoformat()},
                {"start": second.start.isoformat(), "end": second.end.isoformat()},
            ]}
        ),
        BOOK,
    )  # fmt: skip
    check = check_billed(together, None, apart)
    assert check.outcome == "over_billed" and check.amount == apart - together.total > 0


def test_a_difference_within_the_tolerance_agrees():
    contract = quote(request(VMI, "2026-03-05T13:00:00+01:00", "2026-03-05T13:25:00+01:00"), BOOK)
    near = contract.total + Decimal("0.40")
    assert check_billed(contract, None, near, Decimal("0.50")).outcome == "agrees"
    assert check_billed(contract, None, near).outcome == "over_billed"
