"""Shorthands for quoting through the engine with the built-in policies."""

from __future__ import annotations

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
