"""Media types: how a body is declared and which format an answer is asked for."""

from __future__ import annotations

from typing import Literal

from app.wire.problems import UnsupportedMediaType

BodyFormat = Literal["json", "csv", "ndjson", "xlsx"]
AnswerFormat = Literal["json", "csv", "ndjson"]
NDJSON = "application/x-ndjson"
ANSWER_MEDIA_TYPES: dict[AnswerFormat, str] = {
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


def media_type_of(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def answer_format_of(accept: str) -> AnswerFormat:
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
    return invoice_streams(content_type) and answer_format_of(accept) != "json"


def invoice_streams(content_type: str) -> bool:
    """Tell whether an invoice request's body streams: CSV and NDJSON do, as a batch's do when
    its answer is not JSON."""
    return media_type_of(content_type) in STREAMED_BODIES


def body_format_of(content_type: str | None, csv: bool = False) -> BodyFormat:
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
    raise UnsupportedMediaType(f"send the body as {accepted}, not {media_type[:100]!r}")
