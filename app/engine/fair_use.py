"""Clause ad:fair-use: count tickets per customer and month, and warn past the threshold."""

from __future__ import annotations

from collections.abc import Iterable

from app.engine.book import CompiledPolicy, PolicyBook
from app.engine.instant import to_nanoseconds
from app.engine.messages import render
from app.engine.policy import Language
from app.engine.request import QuoteRequest
from app.engine.result import FairUseCount


class TicketTally:
    """Tickets seen per (policy, customer, month), fed one quoted entry at a time.

    Entries with the same ticket id count once; an entry without one is a ticket of its own.
    The month is that of the entry's first start, in the policy's time zone; the threshold is
    that of the policy version in force at the month's first counted start. Memory grows with
    the distinct tickets of customers, not with the entries.
    """

    def __init__(self, book: PolicyBook) -> None:
        self._book = book
        self._tickets: dict[tuple[str, str, str], set[str]] = {}
        self._without_id: dict[tuple[str, str, str], int] = {}
        self._first_of: dict[tuple[str, str, str], tuple[int, CompiledPolicy]] = {}

    def add(self, request: QuoteRequest) -> None:
        """Count the ticket of one quoted entry."""
        book = self._book
        versions = book.versions(request.policy) if request.policy in book else None
        intervals = request.intervals()
        if request.customer_id is None or versions is None or not intervals:
            return
        first = min(start for start, _, _ in intervals)
        if versions.single is not None:  # one version: no start chooses it
            compiled: CompiledPolicy | None = versions.single
            first_ns = 0
        else:
            first_ns = to_nanoseconds(first)
            compiled = versions.at(first_ns)
        if compiled is None:
            return
        if not compiled.timeline.first_year <= first.year <= compiled.timeline.last_year:
            return
        local = first.astimezone(compiled.timeline.zone)
        key = (request.policy, request.customer_id, f"{local.year:04d}-{local.month:02d}")
        if request.ticket_id is None:
            self._without_id[key] = self._without_id.get(key, 0) + 1
        else:
            self._tickets.setdefault(key, set()).add(request.ticket_id)
        if key not in self._first_of or first_ns < self._first_of[key][0]:
            self._first_of[key] = (first_ns, compiled)

    def counts(self, language: Language = "en") -> list[FairUseCount]:
        """Return the counts, sorted by policy, customer and month, with any warning."""
        return [self._count(key, language) for key in sorted(self._first_of)]

    def _count(self, key: tuple[str, str, str], language: Language) -> FairUseCount:
        policy_id, customer, month = key
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
