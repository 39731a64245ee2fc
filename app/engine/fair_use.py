"""Clause ad:fair-use: count tickets per customer and month, and warn past the threshold."""

from __future__ import annotations

from collections.abc import Iterable

from app.engine.book import CompiledPolicy, PolicyBook
from app.engine.instant import to_nanoseconds
from app.engine.messages import render
from app.engine.policy import Language
from app.engine.request import QuoteRequest
from app.engine.result import FairUseCount

# (policy, customer, year, month): the month in the policy's time zone.
_Key = tuple[str, str, int, int]
# UTC offsets are under 24 hours either way, so a date moves at most two days between time zones:
# an instant its sender wrote on the 3rd to the 26th is in that month in every zone.
_FIRST_SAFE_DAY, _LAST_SAFE_DAY = 3, 26


class TicketTally:
    """Tickets seen per (policy, customer, month), fed one quoted entry at a time.

    Entries with the same ticket id count once; an entry without one is a ticket of its own.
    The month is that of the entry's first start, in the policy's time zone; the threshold is
    that of the policy version in force at the month's first counted start. Memory grows with
    the distinct tickets of customers, not with the entries.
    """

    def __init__(self, book: PolicyBook) -> None:
        self._book = book
        self._tickets: dict[_Key, set[str]] = {}
        self._without_id: dict[_Key, int] = {}
        self._first_of: dict[_Key, tuple[int, CompiledPolicy]] = {}

    def add(self, request: QuoteRequest) -> None:
        """Count the ticket of one quoted entry."""
        customer = request.customer_id
        versions = self._book.versions_or_none(request.policy)
        first = request.first_start()
        if customer is None or versions is None or first is None:
            return
        first_ns = 0 if versions.single is not None else to_nanoseconds(first)
        compiled = versions.in_force(first_ns)
        if compiled is None:  # before the first version: not quoted, so not counted
            return
        timeline = compiled.timeline
        if not timeline.first_year <= first.year <= timeline.last_year:
            return
        if _FIRST_SAFE_DAY <= first.day <= _LAST_SAFE_DAY:
            year, month = first.year, first.month
        else:
            local = first.astimezone(timeline.zone)
            year, month = local.year, local.month
        key = (request.policy, customer, year, month)
        if request.ticket_id is None:
            self._without_id[key] = self._without_id.get(key, 0) + 1
        else:
            tickets = self._tickets.get(key)
            if tickets is None:
                tickets = self._tickets[key] = set()
            tickets.add(request.ticket_id)
        earliest = self._first_of.get(key)
        if earliest is None or first_ns < earliest[0]:
            self._first_of[key] = (first_ns, compiled)

    def counts(self, language: Language = "en") -> list[FairUseCount]:
        """Return the counts, sorted by policy, customer and month, with any warning."""
        return [self._count(key, language) for key in sorted(self._first_of)]

    def _count(self, key: _Key, language: Language) -> FairUseCount:
        policy_id, customer, year, month_number = key
        month = f"{year:04d}-{month_number:02d}"
        tally = len(self._tickets.get(key, ())) + self._without_id.get(key, 0)
        rule = self._first_of[key][1].policy.fair_use
        threshold = rule.tickets_per_month if rule else None
        exceeded = threshold is not None and tally > threshold
        message = (
            render(
                "fair_use",
                language,
                tickets=tally,
                month=month,
                customer=customer,
                threshold=threshold,
            )
            if exceeded
            else None
        )
        clause = rule.clause if rule else None
        return FairUseCount(policy_id, customer, month, tally, threshold, exceeded, clause, message)


def count_tickets(
    requests: Iterable[QuoteRequest], book: PolicyBook, language: Language = "en"
) -> list[FairUseCount]:
    """Return ticket counts per (policy, customer, month) of requests that name a customer."""
    tally = TicketTally(book)
    for request in requests:
        tally.add(request)
    return tally.counts(language)
