"""POST /v1/quotes and /v1/quotes/batch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.batches import opinion
from app.api.batches.answer import answer_batch
from app.api.body import documented_body, request_body_format
from app.api.deps import Service, service_of
from app.api.errors import documented
from app.api.language import pick_language
from app.api.operations.metrics import count_quote
from app.api.routes.lean_route import LeanRoute
from app.engine import Language, Quote, QuoteRequest, quote
from app.imports.options import PARAMETERS as IMPORT_PARAMETERS
from app.imports.tables import localized_json
from app.wire.encoding import quote_json
from app.wire.json_body import parse_json
from app.wire.media import NDJSON, body_format_of
from app.wire.schemas import (
    ASSIGNMENT_EXAMPLE,
    ONSITE_EXAMPLE,
    QUOTE_EXAMPLE,
    BatchResponse,
)

router = APIRouter(prefix="/v1", tags=["quotes"], route_class=LeanRoute)


def answer_quote(
    service: Service, content_type: str | None, accept_language: str | None, body: bytes
) -> tuple[bytes, Language]:
    """Return the quote of a request body as JSON, and its language; raise what is wrong."""
    body_format_of(content_type)
    payload = parse_json(QuoteRequest, localized_json(body, service.book))
    language = pick_language(accept_language)
    result = quote(payload, service.book, language=language, limits=service.limits)
    count_quote(result.policy, result.coverage)
    return quote_json(result), language


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
    headers = request.headers
    content, language = answer_quote(
        service_of(request),
        headers.get("content-type"),
        headers.get("accept-language"),
        await request.body(),
    )
    return _json_response(content, language)


@router.post(
    "/quotes/batch",
    response_model=BatchResponse,
    responses={
        200: {
            "description": "The results. Answered as NDJSON (`Accept: application/x-ndjson`): "
            "one result a line, then a line with `summary` and `fair_use`. A CSV or NDJSON "
            "body answered as CSV or NDJSON is streamed, up to BILLING_MAX_STREAM_ITEMS entries.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                NDJSON: {"schema": {"type": "string"}},
            },
        },
        **documented(401, 413, 415, 422, 500, 503),
    },
    openapi_extra={
        **documented_body(
            "BatchRequest",
            {
                "entries": {"items": [QUOTE_EXAMPLE, ONSITE_EXAMPLE]},
                "per_ticket": {
                    "group_by": "ticket",
                    "items": [
                        {**QUOTE_EXAMPLE, "start": s["start"], "end": s["end"]}
                        for s in ASSIGNMENT_EXAMPLE["sessions"]
                    ],
                },
            },
            csv_description="One time entry a row; the header names request fields, nested "
            "ones with dots (`location.municipality`); `causes` separated by `|`.",
        ),
        "parameters": [
            {
                "name": "group_by",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": ["none", "ticket"]},
                "description": "`ticket` bills each ticket's entries as one assignment (for CSV "
                "and NDJSON bodies, which cannot say it themselves).",
            },
            *opinion.PARAMETERS,
            *IMPORT_PARAMETERS,
        ],
    },
)
async def create_quotes(request: Request) -> Response:
    """Quote many time entries (JSON, CSV or NDJSON); a bad item fails only itself. An NDJSON
    or CSV body answered as NDJSON or CSV streams, for months of any size."""
    kind = request_body_format(request, csv=True)
    return await answer_batch(request, kind, pick_language(request.headers.get("accept-language")))
