"""POST /v1/quotes and /v1/quotes/batch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api import csv_io
from app.api.batch_io import batch_response, read_json_items
from app.api.body import body_kind, documented_body, parse_json
from app.api.collector import collector_paused
from app.api.deps import service_of
from app.api.encoding import batch_json, quote_json
from app.api.language import pick_language
from app.api.lean_route import LeanRoute
from app.api.problems import documented, request_id_of
from app.api.schemas import (
    ASSIGNMENT_EXAMPLE,
    ONSITE_EXAMPLE,
    QUOTE_EXAMPLE,
    BatchResponse,
)
from app.engine import InvalidRequest, QuoteRequest, quote
from app.engine.batch import GroupBy, quote_batch
from app.engine.policy import Language
from app.engine.result import Quote

router = APIRouter(prefix="/v1", tags=["quotes"], route_class=LeanRoute)


def _json_response(body: bytes, language: str) -> Response:
    return Response(body, media_type="application/json", headers={"Content-Language": language})


def _group_by(request: Request, in_body: str | None) -> GroupBy:
    """Return the grouping asked for in the query or the body; refuse two different ones."""
    in_query = request.query_params.get("group_by")
    if in_query is not None and in_query not in ("none", "ticket"):
        raise InvalidRequest.at("query.group_by", "must be 'none' or 'ticket'")
    if in_query and in_body and in_query != in_body:
        raise InvalidRequest.at("group_by", f"the query says {in_query!r}, the body {in_body!r}")
    return "ticket" if (in_query or in_body) == "ticket" else "none"


def _wants_csv(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


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


@router.post(
    "/quotes/batch",
    response_model=BatchResponse,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **documented(401, 413, 415, 422, 500),
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
                "bodies, which cannot say it themselves).",
            }
        ],
    },
)
async def create_quotes(request: Request) -> Response:
    """Quote many time entries (JSON or CSV); a bad item fails only itself. CSV out on request."""
    kind = body_kind(request, csv=True)
    body = await request.body()
    language = pick_language(request.headers.get("accept-language"))
    # Every intermediate object dies inside the pause, so the collector finds nothing to scan.
    with collector_paused():
        content, media_type = _answer_batch(request, kind, body, language)
    return Response(content, media_type=media_type, headers={"Content-Language": language})


def _answer_batch(
    request: Request, kind: str, body: bytes, language: Language
) -> tuple[bytes, str]:
    """Read the entries, quote them, and encode the answer as JSON or CSV."""
    service = service_of(request)
    if kind == "csv":
        items, in_body = csv_io.read_items(body), None
    else:
        items, in_body = read_json_items(body)
    most = service.settings.max_batch_items
    if len(items) > most:
        raise InvalidRequest.at(
            "items", f"at most {most} items per batch (BILLING_MAX_BATCH_ITEMS)"
        )
    outcome = quote_batch(
        items,
        service.book,
        group_by=_group_by(request, in_body),
        language=language,
        limits=service.limits,
    )
    answer = batch_response(outcome, len(items), request_id_of(request))
    if _wants_csv(request):
        return csv_io.write_results(answer).encode(), "text/csv; charset=utf-8"
    return batch_json(answer), "application/json"
