"""Read a JSON batch item by item, and shape the engine's batch outcome as the API answers it."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.api.body import parse_json
from app.api.problems import Problem, problem_body, validation_problems
from app.api.schemas import BatchRequest, BatchResponse, BatchResult, BatchSummary
from app.engine import InvalidRequest, QuoteRequest
from app.engine.batch import BatchOutcome

Items = list[QuoteRequest | InvalidRequest]


class _Envelope(BaseModel):
    """A batch read loosely, so one bad item cannot hide the others."""

    model_config = ConfigDict(extra="forbid")
    items: list[Any] = Field(min_length=1)
    group_by: Literal["none", "ticket"] | None = None


def read_json_items(body: bytes) -> tuple[Items, str | None]:
    """Return each item validated on its own (in one pass when all are valid), and `group_by`."""
    try:
        batch = BatchRequest.model_validate_json(body)
        return list(batch.items), batch.group_by
    except ValidationError:
        envelope = parse_json(_Envelope, body)
    items: Items = []
    for index, raw in enumerate(envelope.items):
        try:
            items.append(QuoteRequest.model_validate_json(orjson.dumps(raw)))
        except ValidationError as error:
            items.append(validation_problems(error, prefix=f"items.{index}."))
    return items, envelope.group_by


def batch_response(outcome: BatchOutcome, items: int, request_id: str | None) -> BatchResponse:
    """Return the batch answer: results in item order, a summary, fair-use counts."""
    results = [
        BatchResult(
            r.entries,
            r.quote,
            Problem.model_validate(
                problem_body(422, "these items cannot be quoted", r.problems, request_id)
            )
            if r.problems is not None
            else None,
        )
        for r in outcome.results
    ]
    summary = BatchSummary(
        items=items,
        results=len(results),
        quoted=items - outcome.failed,
        failed=outcome.failed,
        totals=outcome.totals,
    )
    return BatchResponse(results, summary, outcome.fair_use)
