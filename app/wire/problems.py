"""RFC 9457 problem details: every error answer names the field and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from app.engine import FieldProblem, InvalidRequest

PROBLEM_MEDIA_TYPE = "application/problem+json"
CANNOT_QUOTE = "the request cannot be quoted"
# A problem document lists at most this many field problems, then says how many more there are.
MAX_LISTED = 50
# Field names and messages can come from the caller (an unknown key); they are cut to this length.
MAX_TEXT = 200

# Plainer words for pydantic's error types where its own would puzzle a caller.
_PLAIN = {
    "timezone_aware": "needs a UTC offset, e.g. 2026-03-02T15:30:00+01:00 or ...Z; "
    "a billing service does not guess time zones (send time_zone, 'policy' or an IANA name, "
    "to read local times)",
    "extra_forbidden": "unknown field (a typo?); see the OpenAPI document for the fields",
    "json_invalid": "the body is not valid JSON",
    "decimal_parsing": "not a decimal number; use a dot and at most 2 decimals, e.g. 1330.50",
}


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the field, e.g. `sessions.1.end`.")
    problem: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    request_id: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


class BodyTooLarge(Exception):
    """The request body passed the configured size (`limit` bytes, set by `setting`)."""

    def __init__(self, limit: int | None = None, setting: str | None = None) -> None:
        self.limit, self.setting = limit, setting
        super().__init__("too large")

    @property
    def detail(self) -> str:
        if self.limit is None:
            return "the request body is larger than this service accepts"
        return f"the request body is larger than {self.limit} bytes, decompressed ({self.setting})"


class UnsupportedMediaType(Exception):
    """The body's declared media type is not one the route reads; `detail` says which are."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class ProblemList(list[FieldProblem]):
    """The first problems of a request; `omitted` counts those not kept."""

    omitted = 0


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def listed(errors: Sequence[FieldProblem], most: int = MAX_LISTED) -> list[dict[str, str]]:
    """Return the first `most` problems as JSON objects, and one line counting the rest."""
    shown = [{"field": _cut(e.field), "problem": _cut(e.problem)} for e in errors[:most]]
    more = max(0, len(errors) - most) + getattr(errors, "omitted", 0)
    if more:
        shown.append({"field": "(more)", "problem": f"{more} more problems"})
    return shown


def problem_body(
    status: int,
    detail: str,
    errors: Sequence[FieldProblem] = (),
    request_id: str | None = None,
    most: int = MAX_LISTED,
) -> dict[str, Any]:
    """Return a problem document as a plain dict, listing at most `most` field problems."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "request_id": request_id,
        "errors": listed(errors, most),
    }


def field_problems(errors: Sequence[Any], prefix: str = "") -> list[FieldProblem]:
    """Translate pydantic errors to field problems; `body` and model names are dropped."""
    problems = []
    for error in errors[:MAX_LISTED]:
        loc = [str(part) for part in error["loc"] if part not in ("body", "function-after")]
        if error["type"] == "json_invalid":
            loc = [] if prefix else ["(body)"]
        field = _cut(prefix + ".".join(loc) if loc else prefix.rstrip(".") or "(body)")
        message = _PLAIN.get(error["type"], error["msg"])
        if error["type"] == "json_invalid" and error.get("ctx", {}).get("error"):
            message = f"{message}: {error['ctx']['error']}"
        problems.append(FieldProblem(field, message))
    return problems


def validation_problems(error: ValidationError, prefix: str = "") -> InvalidRequest:
    """Return the first problems of a validation error (and a count of the rest)."""
    problems = ProblemList(
        field_problems(error.errors(include_url=False, include_input=False), prefix)
    )
    problems.omitted = error.error_count() - len(problems)
    return InvalidRequest(problems)
