"""JSON bodies: measured before parsing, then validated straight from bytes.

A JSON body is first measured with a few byte counts (no parsing): a body with more objects,
arrays or values than any real request of its size, or nested deeper than a request ever is, is
refused before a parser builds a tree of it.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from app.engine import InvalidRequest
from app.wire.problems import validation_problems

M = TypeVar("M", bound=BaseModel)
# A request nests at most 5 levels ({"items": [{"sessions": [{...}]}]}); each pass below removes
# one or two levels, so 8 passes let every real request through and stop anything past 16.
NESTING_PASSES = 8
# Real requests spend 70 bytes or more on an object and 20 or more on a value.
BYTES_PER_CONTAINER = 64
BYTES_PER_VALUE = 16
# Bodies this small cannot hold enough to matter; they skip the counting.
_SMALL_BODY = 4096
_ALL_BUT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


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
