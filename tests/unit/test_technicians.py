"""Several technicians on one ticket: their sittings may overlap; each one's time is rounded once."""

import pytest

from app.engine import InvalidRequest, QuoteRequest, quote
from app.engine.assignments import group_by_ticket
from tests.unit.quoting import ALESUND, BOOK

# Tuesday 3 March 2026, Ålesund Data's evening band (16-22), started hour then half hours.
ANNA = ("2026-03-03T17:00:00+01:00", "2026-03-03T17:40:00+01:00")
BO = ("2026-03-03T17:10:00+01:00", "2026-03-03T17:30:00+01:00")


def assignment(*sittings, **fields):
    sessions = [{"start": s, "end": e, "technician": t} for s, e, t in sittings]
    return QuoteRequest.model_validate(
        {"policy": ALESUND, "channel": "remote", "ticket_id": "T-9", "sessions": sessions, **fields}
    )


def test_sittings_of_two_technicians_may_overlap_and_each_is_rounded_once():
    q = quote(assignment((*ANNA, "anna"), (*BO, "bo")), BOOK)
    assert q.worked_minutes == 60
    assert q.billable_minutes == 120  # a started hour each (ad:billing)


def test_one_technicians_time_is_rounded_once_over_several_sittings():
    later = ("2026-03-03T19:00:00+01:00", "2026-03-03T19:10:00+01:00")
    q = quote(assignment((*ANNA, "anna"), (*later, "anna"), (*BO, "bo")), BOOK)
    assert q.billable_minutes == 60 + 60  # anna 50 min -> 60, bo 20 min -> 60


def test_overlapping_sittings_of_one_technician_are_still_refused():
    with pytest.raises(InvalidRequest, match="overlap in time"):
        quote(assignment((*ANNA, "anna"), (*BO, "anna")), BOOK)


def test_sittings_without_technicians_overlap_as_before():
    with pytest.raises(InvalidRequest, match="sessions.0 and sessions.1 overlap"):
        quote(assignment((*ANNA, None), (*BO, None)), BOOK)


def test_a_sitting_takes_the_requests_technician_unless_it_names_its_own():
    q = quote(assignment((*ANNA, None), (*BO, "bo"), technician="anna"), BOOK)
    assert q.billable_minutes == 120
    with pytest.raises(InvalidRequest, match="overlap"):
        quote(assignment((*ANNA, None), (*BO, None), technician="anna"), BOOK)


def test_entries_of_two_technicians_on_one_ticket_group_into_one_assignment():
    entries = [
        QuoteRequest.model_validate(
            {"policy": ALESUND, "channel": "remote", "ticket_id": "T-9", "start": s, "end": e,
             "technician": t}
        )
        for s, e, t in [(*ANNA, "anna"), (*BO, "bo")]
    ]  # fmt: skip
    ((indices, merged),) = group_by_ticket(entries, BOOK)
    assert indices == [0, 1]
    assert quote(merged, BOOK).billable_minutes == 120


def test_ticket_repeats_count_tickets_that_several_entries_name():
    from app.engine.assignments import TicketRepeats

    repeats = TicketRepeats()
    assert repeats.note() is None
    for ticket in ["T-1", "T-2", "T-1", None, "T-1", "T-3", "T-2"]:
        repeats.add(
            QuoteRequest.model_validate(
                {"policy": ALESUND, "channel": "remote", "ticket_id": ticket,
                 "start": ANNA[0], "end": ANNA[1]}
            )
        )  # fmt: skip
    assert repeats.count == 2
    assert repeats.note().startswith("2 ticket(s) have several entries")
