"""Clause ad:fair-use: count tickets per customer and month, and warn past the threshold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.engine.book import CompiledPolicy, PolicyBook
from app.engine.instant import to_nanoseconds
from app.engine.messages import render
from app.engine.policy import Language
from app.engine.request import QuoteRequest


@dataclass(frozen=True, slots=True)
class FairUseCount:
    """Tickets of one customer under one policy in one calendar month (policy's local time)."""

    policy: str
    customer_id: str
    month: str
    tickets: int
    threshold: int | None
    exceeded: bool
    clause: str | None
    message: str | None


def count_tickets(
    requests: Iterable[QuoteRequest], book: PolicyBook, language: Language = "en"
) -> list[FairUseCount]:
    """Return ticket counts per (policy, customer, month) of requests that name a customer.

    Entries with the same ticket id count once; an entry without one is a ticket of its own.
    The month is that of the entry's first start, in the policy's time zone.
    """
    tickets: dict[tuple[str, str, str], set[object]] = {}
    # The threshold is that of the version in force at the month's first counted start.
    first_of: dict[tuple[str, str, str], tuple[int, CompiledPolicy]] = {}
    for index, request in enumerate(requests):
        versions = book.versions(request.policy) if request.policy in book else None
        intervals = request.intervals()
        if request.customer_id is None or versions is None or not intervals:
            continue
        first = min(start for start, _, _ in intervals)
        first_ns = to_nanoseconds(first)
        compiled = versions.single or versions.at(first_ns)
        if compiled is None:
            continue
        if not compiled.timeline.first_year <= first.year <= compiled.timeline.last_year:
            continue
        local = first.astimezone(compiled.timeline.zone)
        month = f"{local.year:04d}-{local.month:02d}"
        ticket = request.ticket_id if request.ticket_id is not None else ("entry", index)
        key = (request.policy, request.customer_id, month)
        tickets.setdefault(key, set()).add(ticket)
        if key not in first_of or first_ns < first_of[key][0]:
            first_of[key] = (first_ns, compiled)
    counts = []
    for (policy_id, customer, month), seen in sorted(tickets.items()):
        rule = first_of[policy_id, customer, month][1].policy.fair_use
        threshold = rule.tickets_per_month if rule else None
        exceeded = threshold is not None and len(seen) > threshold
        message = (
            render(
                "fair_use",
                language,
                tickets=len(seen),
                month=month,
                customer=customer,
                threshold=threshold,
            )
            if exceeded
            else None
        )
        clause = rule.clause if rule else None
        tally = len(seen)
        counts.append(
            FairUseCount(policy_id, customer, month, tally, threshold, exceeded, clause, message)
        )
    return counts
