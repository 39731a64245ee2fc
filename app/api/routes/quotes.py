"""POST /v1/quotes and /v1/quotes/batch."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from app.api.body import body_kind, documented_body, parse_json
from app.api.collector import collector_paused
from app.api.deps import service_of
from app.api.encoding import batch_json, quote_json
from app.api.language import pick_language
from app.api.lean_route import LeanRoute
from app.api.problems import Problem, documented, problem_body, request_id_of, validation_problems
from app.api.schemas import (
    ASSIGNMENT_EXAMPLE,
    ONSITE_EXAMPLE,
    QUOTE_EXAMPLE,
    BatchRequest,
    BatchResponse,
    BatchResult,
    BatchSummary,
)
from app.engine import InvalidRequest, QuoteRequest, quote
from app.engine.batch import BatchOutcome, quote_batch
from app.engine.result import Quote

router = APIRouter(prefix="/v1", tags=["quotes"], route_class=LeanRoute)


class _Envelope(BaseModel):
    """A batch read loosely, so one bad item cannot hide the others."""

    model_config = ConfigDict(extra="forbid")
    items: list[Any] = Field(min_length=1)
    group_by: Literal["none", "ticket"] = "none"


def _json_response(body: bytes, language: str) -> Response:
    return Response(body, media_type="application/json", headers={"Content-Language": language})


@router.post(
    "/quotes",
    response_model=Quote,
    responses=documented(401, 413, 415, 422, 500),
    openapi_extra=documented_body(
        "QuoteRequest",
        {"session": QUOTE_EXAMPLE, "assignment": ASSIGNMENT_EXAMPLE, "onsite": ONSITE_EXAMPLE},
    ),
)
async def create_quote(request: Request) -> Response:
    """Quote one assignment: a session from `start` to `end`, or a ticket's `sessions`."""
    service = service_of(request)
    body_kind(request)
    payload = parse_json(QuoteRequest, await request.body())
    language = pick_language(request.headers.get("accept-language"))
    result = quote(payload, service.book, language=language, limits=service.limits)
    return _json_response(quote_json(result), language)


def _items_of(body: bytes) -> tuple[list[QuoteRequest | InvalidRequest], str]:
    """Return each item validated on its own (fast when all are valid), and the grouping."""
    try:
        batch = BatchRequest.model_validate_json(body)
        return list(batch.items), batch.group_by
    except ValidationError:
        envelope = parse_json(_Envelope, body)
    items: list[QuoteRequest | InvalidRequest] = []
    for index, raw in enumerate(envelope.items):
        try:
            items.append(QuoteRequest.model_validate_json(orjson.dumps(raw)))
        except ValidationError as error:
            items.append(validation_problems(error, prefix=f"items.{index}."))
    return items, envelope.group_by


def _batch_response(outcome: BatchOutcome, items: int, request_id: str | None) -> BatchResponse:
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


@router.post(
    "/quotes/batch",
    response_model=BatchResponse,
    responses=documented(401, 413, 415, 422, 500),
    openapi_extra=documented_body(
        "BatchRequest",
        {
            "entries": {"items": [QUOTE_EXAMPLE, ONSITE_EXAMPLE]},
            "per_ticket": {
                "group_by": "ticket",
                "items": [
                    {**QUOTE_EXAMPLE, "start": s["start"], "end": s["end"], "ticket_id": "HD-1043"}
                    for s in ASSIGNMENT_EXAMPLE["sessions"]
                ],
            },
        },
    ),
)
async def create_quotes(request: Request) -> Response:
    """Quote many time entries; results keep their order, a bad item fails only itself."""
    service = service_of(request)
    body_kind(request)
    body = await request.body()
    language = pick_language(request.headers.get("accept-language"))
    with collector_paused():
        items, group_by = _items_of(body)
        most = service.settings.max_batch_items
        if len(items) > most:
            raise InvalidRequest.at(
                "items", f"at most {most} items per batch (BILLING_MAX_BATCH_ITEMS)"
            )
        outcome = quote_batch(
            items,
            service.book,
            group_by="ticket" if group_by == "ticket" else "none",
            language=language,
            limits=service.limits,
        )
        answer = batch_json(_batch_response(outcome, len(items), request_id_of(request)))
    return _json_response(answer, language)
