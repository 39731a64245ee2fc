"""JSON bytes for responses: Decimal as a string, dataclasses as objects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def to_json(value: Any) -> bytes:
    """Encode a response body; money stays exact as decimal strings."""
    return orjson.dumps(value, default=_default)
