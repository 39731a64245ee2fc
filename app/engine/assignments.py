"""Group time entries into assignments, so a ticket worked in several sittings is rounded once."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any

from app.engine.book import PolicyBook
from app.engine.places import normalize_name
from app.engine.request import Location, QuoteRequest, Session

# Every field but the times, the channel and the materials must agree for entries to be one
# assignment: they decide coverage, travel and price.
_NOT_SHARED = {"start", "end", "sessions", "channel", "location", "causes", "materials"}
_SHARED_FIELDS = tuple(
    name
    for name in QuoteRequest.model_fields
    if name
    not in _NOT_SHARED | {"technician", "time_zone", "source_id", "billed_minutes", "billed_amount"}
)


def _place_key(entry: QuoteRequest, book: PolicyBook) -> Hashable:
    """Return what a location means: its municipality code where the policy knows the name."""
    location: Location | None = entry.location
    if location is None:
        return None
    compiled = book.get(entry.policy)
    code = compiled.places.locate(location.municipality).code if compiled else None
    return (code or normalize_name(location.municipality), location.ferry)


def assignment_key(entry: QuoteRequest, book: PolicyBook) -> tuple[Any, ...]:
    """Return what entries of one assignment share, compared by meaning, not by spelling.

    `Stockholm` and `0180` are one place, `"950"` and `"950.00"` one rate, causes a set.
    """
    values = tuple(getattr(entry, name) for name in _SHARED_FIELDS)
    return (*values, frozenset(entry.causes), _place_key(entry, book))


def assignment_digest(entry: QuoteRequest, book: PolicyBook) -> bytes:
    """Return the assignment key as 16 bytes: equal keys give equal digests.

    Values equal by meaning are written one way first: a rate (`950` and `950.00`) normalized,
    causes sorted. The other values (text, flags, the training model of flags and minutes, the
    place) have one way to be written already.
    """
    *values, causes, place = assignment_key(entry, book)
    shown = [value.normalize() if type(value) is Decimal else value for value in values]
    text = repr((shown, sorted(causes), place))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def ticket_key(policy: Any, ticket_id: Any) -> tuple[str, str] | None:
    """Return the (policy, ticket) an entry belongs to, if it names a ticket as text."""
    if not isinstance(ticket_id, str) or not ticket_id.strip():
        return None
    return (policy if isinstance(policy, str) else "", ticket_id.strip())


def _sessions(entry: QuoteRequest) -> list[Session]:
    """Return an entry's sittings as sessions, each with its technician; its values are
    validated already."""
    if entry.sessions is None:
        if entry.start is None or entry.end is None:
            return []
        own = [(entry.start, entry.end, (entry.channel, entry.technician, entry.source_id))]
    else:
        own = [(s.start, s.end, entry.inherited(s)) for s in entry.sessions]
    return [
        Session.model_construct(start=s, end=e, channel=c, technician=t, source_id=i)
        for s, e, (c, t, i) in own
    ]


def group_by_ticket(
    entries: Sequence[QuoteRequest], book: PolicyBook
) -> list[tuple[list[int], QuoteRequest]]:
    """Return assignments as (entry indices, merged request), in order of first entry.

    Entries with the same policy and ticket id that agree on everything but their times,
    channel and materials become one assignment of their sessions; an entry without a ticket
    id stays on its own.
    """
    groups: dict[Hashable, list[int]] = {}
    for index, entry in enumerate(entries):
        key = assignment_key(entry, book) if entry.ticket_id is not None else ("entry", index)
        groups.setdefault(key, []).append(index)
    return [(indices, merge_entries([entries[i] for i in indices])) for indices in groups.values()]


def merge_entries(entries: Sequence[QuoteRequest]) -> QuoteRequest:
    """Return the one assignment of entries that share an assignment key: all their sittings
    and materials, the other fields of the first."""
    first = entries[0]
    if len(entries) == 1:
        return first
    sessions = [s for entry in entries for s in _sessions(entry)]
    materials = [m for entry in entries for m in entry.materials]
    return first.model_copy(
        update={
            "start": None,
            "end": None,
            "sessions": sessions,
            "materials": materials,
            "technician": None,
            "source_id": None,
            # What the entries billed together; unknown unless each says.
            "billed_minutes": _billed_minutes(entries),
            "billed_amount": _billed_amount(entries),
        }
    )


def _billed_minutes(entries: Sequence[QuoteRequest]) -> int | None:
    total = 0
    for entry in entries:
        if entry.billed_minutes is None:
            return None
        total += entry.billed_minutes
    return total


def _billed_amount(entries: Sequence[QuoteRequest]) -> Decimal | None:
    total = Decimal("0.00")
    for entry in entries:
        if entry.billed_amount is None:
            return None
        total += entry.billed_amount
    return total


class TicketRepeats:
    """Tickets that several entries of a batch name, counted as entries are added.

    Quoted one by one, each of those entries is rounded on its own; grouped by ticket, they
    would be one assignment, rounded once. A batch says so; its money does not change.
    """

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._repeated: set[tuple[str, str]] = set()

    def add(self, entry: QuoteRequest) -> None:
        """Count one entry's ticket."""
        if entry.ticket_id is None:
            return
        key = (entry.policy, entry.ticket_id)  # validated text: stripped, never empty
        if key in self._seen:
            self._repeated.add(key)
        else:
            self._seen.add(key)

    @property
    def count(self) -> int:
        """Return how many tickets more than one entry names."""
        return len(self._repeated)

    def note(self) -> str | None:
        """Return what an ungrouped batch says of them, or None when there are none."""
        if not self._repeated:
            return None
        return (
            f"{self.count} ticket(s) have several entries, each rounded on its own; "
            "group_by=ticket would round each ticket's entries once"
        )
