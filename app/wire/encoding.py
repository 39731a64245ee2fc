"""JSON bytes for responses, by typed pydantic adapters: Decimal as a string, fast."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import TypeAdapter

from app.engine import FairUseCount, Quote
from app.wire.schemas import BatchResponse, BatchResult, BatchSummary, PlainBatchResult


@dataclass(slots=True)
class StreamEnd:
    """The last line of a streamed batch answer."""

    summary: BatchSummary
    fair_use: list[FairUseCount]


_QUOTE = TypeAdapter(Quote)
_BATCH = TypeAdapter(BatchResponse)
_RESULT = TypeAdapter(BatchResult)
_RESULTS = TypeAdapter(list[BatchResult])
_PLAIN_RESULT = TypeAdapter(PlainBatchResult)
_PLAIN_RESULTS = TypeAdapter(list[PlainBatchResult])
Result = BatchResult | PlainBatchResult
_END = TypeAdapter(StreamEnd)


def quote_json(quote: Quote) -> bytes:
    """Encode one quote; money stays exact as decimal strings."""
    return _QUOTE.serializer.to_json(quote)


def batch_json(batch: BatchResponse) -> bytes:
    """Encode a batch answer."""
    return _BATCH.serializer.to_json(batch)


def batch_opening() -> bytes:
    """Return what a batch answer written in pieces begins with, before its results."""
    return b'{"results":['


def results_json(results: Sequence[BatchResult] | Sequence[PlainBatchResult], first: bool) -> bytes:
    """Encode some results of a batch answer written in pieces, after those before them (all
    of one of the two kinds)."""
    plain = bool(results) and type(results[0]) is PlainBatchResult
    encoded = (_PLAIN_RESULTS if plain else _RESULTS).serializer.to_json(results)[1:-1]
    return encoded if first or not encoded else b"," + encoded


def batch_closing(summary: BatchSummary, fair_use: list[FairUseCount]) -> bytes:
    """Return what a batch answer written in pieces ends with, after its results.

    The pieces join into exactly what `batch_json` writes for the whole answer.
    """
    return b"]," + _END.serializer.to_json(StreamEnd(summary, fair_use))[1:]


def result_line(result: Result) -> bytes:
    """Encode one batch result as a line of NDJSON."""
    adapter = _PLAIN_RESULT if type(result) is PlainBatchResult else _RESULT
    return adapter.serializer.to_json(result) + b"\n"


def summary_line(summary: BatchSummary, fair_use: list[FairUseCount]) -> bytes:
    """Encode the closing line of an NDJSON batch answer."""
    return _END.dump_json(StreamEnd(summary, fair_use)) + b"\n"
