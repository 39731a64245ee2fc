"""Group time entries into assignments, so a ticket worked in several sittings is rounded once."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from app.engine.request import QuoteRequest, Session

# Every field but the times, the channel and the materials must agree for entries to be one
# assignment: they decide coverage, travel and price.
_SHARED_FIELDS = tuple(
    name
    for name in QuoteRequest.model_fields
    if name not in {"start", "end", "sessions", "channel", "materials"}
)


def _key(entry: QuoteRequest) -> Hashable:
    values = [getattr(entry, name) for name in _SHARED_FIELDS]
    return tuple(tuple(sorted(v)) if isinstance(v, list) else v for v in values)


def _sessions(entry: QuoteRequest) -> list[Session]:
    return [Session(start=s, end=e, channel=c) for s, e, c in entry.intervals()]


def group_by_ticket(entries: Sequence[QuoteRequest]) -> list[tuple[list[int], QuoteRequest]]:
    """Return assignments as (entry indices, merged request), in order of first entry.

    Entries with the same policy and ticket id that agree on everything but their times,
    channel and materials become one assignment of their sessions; an entry without a ticket
    id stays on its own.
    """
    groups: dict[Hashable, list[int]] = {}
    for index, entry in enumerate(entries):
        key = _key(entry) if entry.ticket_id is not None else ("entry", index)
        groups.setdefault(key, []).append(index)
    merged: list[tuple[list[int], QuoteRequest]] = []
    for indices in groups.values():
        first = entries[indices[0]]
        if len(indices) == 1:
            merged.append((indices, first))
            continue
        sessions = [s for i in indices for s in _sessions(entries[i])]
        materials = [m for i in indices for m in entries[i].materials]
        assignment = first.model_copy(
            update={"start": None, "end": None, "sessions": sessions, "materials": materials}
        )
        merged.append((indices, assignment))
    return merged
