"""Request bodies the API tests send."""

from typing import Any

EVENING = {
    "policy": "alesund-data-no",
    "start": "2026-03-02T15:30:00+01:00",
    "end": "2026-03-02T17:10:00+01:00",
    "channel": "remote",
    "ticket_id": "HD-1042",
}
ONSITE = {
    "policy": "vmi-se",
    "start": "2026-03-02T09:00:00+01:00",
    "end": "2026-03-02T10:20:00+01:00",
    "channel": "onsite",
    "location": {"municipality": "Solna"},
}


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Return `base` changed; a change to None removes the field."""
    merged = {**base, **changes}
    return {k: v for k, v in merged.items() if v is not None}
