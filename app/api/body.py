"""Read request bodies: JSON validated straight from bytes, CSV where a route takes it.

A JSON body is first measured with a few byte counts (no parsing): a body with more objects,
arrays or values than any real request of its size, or nested deeper than a request ever is, is
refused before a parser builds a tree of it.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from app.api.problems import validation_problems
from app.engine import InvalidRequest

M = TypeVar("M", bound=BaseModel)
BodyKind = Literal["json", "csv", "ndjson", "xlsx"]
AnswerKind = Literal["json", "csv", "ndjson"]
NDJSON = "application/x-ndjson"
ANSWER_MEDIA_TYPES: dict[AnswerKind, str] = {
    "json": "application/json",
    "ndjson": NDJSON,
    "csv": "text/csv; charset=utf-8",
}
STREAMED_PATH = "/v1/quotes/batch"
INVOICES_PATH = "/v1/invoices"
STREAMED_BODIES = ("text/csv", NDJSON)  # bodies read line by line, so they may stream
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_LINE_BYTES = 1024 * 1024  # one CSV or NDJSON line; a longer line is skipped and fails alone
# curl -d sends form encoding unless told otherwise; such a body is still read as JSON.
_JSON_TYPES = ("", "application/json", "application/x-www-form-urlencoded")

# A request nests at most 5 levels ({"items": [{"sessions": [{...}]}]}); each pass below removes
# one or two levels, so 8 passes let every real request through and stop anything past 16.
NESTING_PASSES = 8
# Real requests spend 70 bytes or more on an object and 20 or more on a value.
BYTES_PER_CONTAINER = 64
BYTES_PER_VALUE = 16
# Bodies this small cannot hold enough to matter; they skip the counting.
_SMALL_BODY = 4096
_ALL_BUT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


def media_type_of(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def answer_kind_of(accept: str) -> AnswerKind:
    """Return the answer's format an Accept header asks for: JSON (the default), CSV or NDJSON."""
    if "application/json" in accept:
        return "json"
    if NDJSON in accept:
        return "ndjson"
    return "csv" if "text/csv" in accept else "json"


def is_streamed(method: str, path: str, content_type: str, accept: str) -> bool:
    """Tell whether a request is a streamed batch: NDJSON or CSV in, NDJSON or CSV out (or
    invoices out, whose answer is never JSON)."""
    if method != "POST":
        return False
    if path == INVOICES_PATH:
        return invoice_streams(content_type)
    return path == STREAMED_PATH and streams(content_type, accept)


def streams(content_type: str, accept: str) -> bool:
    """Tell whether a batch body of this type, answered as asked, streams."""
    return invoice_streams(content_type) and answer_kind_of(accept) != "json"


def invoice_streams(content_type: str) -> bool:
    """Tell whether an invoice request's body streams: CSV and NDJSON do, as a batch's do when
    its answer is not JSON."""
    return media_type_of(content_type) in STREAMED_BODIES


def body_kind(request: Request, csv: bool = False) -> BodyKind:
    """Return how to read the body, or refuse its declared media type with 415."""
    return kind_of(request.headers.get("content-type"), csv)


def kind_of(content_type: str | None, csv: bool = False) -> BodyKind:
    """Return how to read a body of this `Content-Type`, or refuse it with 415."""
    media_type = media_type_of(content_type or "")
    if media_type in _JSON_TYPES or media_type.endswith("+json"):
        return "json"
    if csv and media_type == "text/csv":
        return "csv"
    if csv and media_type == NDJSON:
        return "ndjson"
    if csv and media_type == XLSX:
        return "xlsx"
    accepted = f"application/json, text/csv, {NDJSON} or {XLSX}" if csv else "application/json"
    raise HTTPException(415, f"send the body as {accepted}, not {media_type[:100]!r}")


def check_json_shape(body: bytes, max_body_bytes: int) -> None:
    """Refuse a JSON body whose structure no real request has, before anything parses it.

    The budgets scale with the largest body allowed, so every request within the limits passes
    and the parser's work and memory stay proportional to that size, whatever the body holds.
    """
    if len(body) <= _SMALL_BODY:
        return
    containers = body.count(b"{") + body.count(b"[")
    if containers > max_body_bytes // BYTES_PER_CONTAINER:
        raise InvalidRequest.at(
            "(body)",
            f"more than {max_body_bytes // BYTES_PER_CONTAINER} objects and arrays; "
            "no request of this size needs that many",
        )
    if body.count(b",") >= max_body_bytes // BYTES_PER_VALUE:
        raise InvalidRequest.at(
            "(body)",
            f"more than {max_body_bytes // BYTES_PER_VALUE} values; "
            "no request of this size needs that many",
        )
    if _nested_too_deep(body):
        raise InvalidRequest.at(
            "(body)", "objects and arrays nested deeper than any request needs (at most 5 levels)"
        )


def _nested_too_deep(body: bytes) -> bool:
    """Return whether brackets remain after peeling the innermost pairs a few times.

    Brackets inside strings are counted too; an unbalanced leftover is left to the JSON parser.
    """
    skeleton = body.translate(None, _ALL_BUT_BRACKETS)
    for _ in range(NESTING_PASSES):
        peeled = skeleton.replace(b"[]", b"").replace(b"{}", b"")
        if len(peeled) == len(skeleton):
            return False
        skeleton = peeled
    return bool(skeleton)


def too_many_items(most: int) -> InvalidRequest:
    return InvalidRequest.at(
        "items",
        f"at most {most} items per batch (BILLING_MAX_BATCH_ITEMS); stream larger ones "
        "(NDJSON or CSV, answered as NDJSON or CSV)",
    )


def parse_json(model: type[M], body: bytes) -> M:
    """Validate a JSON body into `model`; raise InvalidRequest naming each bad field."""
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        raise validation_problems(error) from None


def documented_body(
    schema_name: str, examples: dict[str, Any], csv_description: str | None = None
) -> dict[str, Any]:
    """Return `openapi_extra` describing a body that the route reads itself."""
    content: dict[str, Any] = {
        "application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema_name}"},
            "examples": {name: {"value": value} for name, value in examples.items()},
        }
    }
    if csv_description:
        content["text/csv"] = {"schema": {"type": "string", "description": csv_description}}
        content[NDJSON] = {
            "schema": {
                "type": "string",
                "description": "One time entry a line, each a JSON object as for one quote.",
            }
        }
        content[XLSX] = {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "An Excel workbook: the first sheet, a header row as for CSV; "
                "date cells are local times (give `time_zone`).",
            }
        }
    return {"requestBody": {"required": True, "content": content}}
