"""JSON bytes for responses, by typed pydantic adapters: Decimal as a string, fast."""

from __future__ import annotations

from pydantic import TypeAdapter

from app.api.schemas import BatchResponse
from app.engine.result import Quote

_QUOTE = TypeAdapter(Quote)
_BATCH = TypeAdapter(BatchResponse)


def quote_json(quote: Quote) -> bytes:
    """Encode one quote; money stays exact as decimal strings."""
    return _QUOTE.dump_json(quote)


def batch_json(batch: BatchResponse) -> bytes:
    """Encode a batch answer."""
    return _BATCH.dump_json(batch)
