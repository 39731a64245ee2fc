"""POST /v1/quotes and /v1/quotes/batch."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from app.api.auth import require_api_key
from app.api.body import body_kind, documented_body, parse_json
from app.api.deps import BookDep, LimitsDep, SettingsDep
from app.api.encoding import to_json
from app.api.language import pick_language
from app.api.problems import documented, problem_body, validation_problems
from app.api.schemas import (
    ASSIGNMENT_EXAMPLE,
    ONSITE_EXAMPLE,
    QUOTE_EXAMPLE,
    BatchRequest,
    BatchResponse,
)
from app.engine import InvalidRequest, QuoteRequest, quote
from app.engine.batch import BatchOutcome, quote_batch
from app.engine.result import Quote

router = APIRouter(prefix="/v1", tags=["quotes"], dependencies=[Depends(require_api_key)])


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
async def create_quote(request: Request, book: BookDep, limits: LimitsDep) -> Response:
    """Quote one assignment: a session from `start` to `end`, or a ticket's `sessions`."""
    body_kind(request)
    payload = parse_json(QuoteRequest, await request.body())
    language = pick_language(request.headers.get("accept-language"))
    result = quote(payload, book, language=language, limits=limits)
    return _json_response(to_json(result), language)


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


def _batch_json(outcome: BatchOutcome, items: int, request_id: str | None) -> dict[str, Any]:
    results = [
        {
            "entries": r.entries,
            "quote": r.quote,
            "problem": problem_body(422, "these items cannot be quoted", r.problems, request_id)
            if r.problems is not None
            else None,
        }
        for r in outcome.results
    ]
    return {
        "results": results,
        "summary": {
            "items": items,
            "results": len(results),
            "quoted": items - outcome.failed,
            "failed": outcome.failed,
            "totals": outcome.totals,
        },
        "fair_use": outcome.fair_use,
    }


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
async def create_quotes(
    request: Request, book: BookDep, limits: LimitsDep, settings: SettingsDep
) -> Response:
    """Quote many time entries; results keep their order, a bad item fails only itself."""
    body_kind(request)
    items, group_by = _items_of(await request.body())
    if len(items) > settings.max_batch_items:
        raise InvalidRequest.at(
            "items", f"at most {settings.max_batch_items} items per batch (BILLING_MAX_BATCH_ITEMS)"
        )
    language = pick_language(request.headers.get("accept-language"))
    outcome = quote_batch(
        items,
        book,
        group_by="ticket" if group_by == "ticket" else "none",
        language=language,
        limits=limits,
    )
    request_id = request.scope.get("state", {}).get("request_id")
    return _json_response(to_json(_batch_json(outcome, len(items), request_id)), language)
