"""Shorthands for quoting through the engine with the built-in policies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from app.engine import QuoteRequest, load_policies, quote
from app.engine.result import Quote

BOOK = load_policies()
ALESUND = "alesund-data-no"
VMI = "vmi-se"


def request(policy: str, start: str, end: str, **fields: Any) -> QuoteRequest:
    """Build a request; a channel defaults to `remote`, other fields as given."""
    fields.setdefault("channel", "remote")
    return QuoteRequest.model_validate({"policy": policy, "start": start, "end": end, **fields})


def ad(start: str, end: str, **fields: Any) -> Quote:
    """Quote Ålesund Data work; a ticket id is given unless the test says otherwise."""
    fields.setdefault("ticket_id", "T-1")
    return quote(request(ALESUND, start, end, **fields), BOOK)


def vmi(start: str, end: str, **fields: Any) -> Quote:
    """Quote VMI work."""
    return quote(request(VMI, start, end, **fields), BOOK)


def minutes_after(start: str, minutes: float) -> str:
    """Return the ISO time `minutes` after `start` (same offset)."""
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(start) + timedelta(minutes=minutes)).isoformat()


def bands_of(q: Quote) -> dict[str, tuple[float, int]]:
    """Return band -> (worked, billed) minutes."""
    return {line.band: (line.worked_minutes, line.billed_minutes) for line in q.bands}


def clauses_of(q: Quote) -> list[str]:
    return [reason.clause for reason in q.reasons]


GENERATED_FROM = datetime(2025, 12, 20, tzinfo=UTC)
# Requests whose coverage differs: free in office hours, billable throughout, always free.
MODES: dict[str, dict[str, Any]] = {
    "in_hours_free": {"ticket_id": "T"},
    "whole_billable": {"ticket_id": "T", "causes": ["misuse"]},
    "always_free": {"work_kind": "security_update"},
}


def generated_sessions(
    origin: int, gaps: list[tuple[int, int]], channels: list[str], offset_hours: int
) -> list[dict[str, str]]:
    """Return sittings one after another from `origin` seconds past GENERATED_FROM: each a
    (gap, length) in seconds, its start written with the UTC offset given."""
    cursor = GENERATED_FROM + timedelta(seconds=origin)
    offset = timezone(timedelta(hours=offset_hours))
    sessions = []
    for (gap, length), channel in zip(gaps, channels, strict=False):
        start = cursor + timedelta(seconds=gap)
        cursor = start + timedelta(seconds=length)
        sessions.append(
            {
                "start": start.astimezone(offset).isoformat(),
                "end": cursor.isoformat(),
                "channel": channel,
            }
        )
    return sessions
