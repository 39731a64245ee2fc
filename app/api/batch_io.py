"""A batch from body to answer: items read one by one (JSON, CSV, NDJSON), quoted, encoded."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import IO, Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from starlette.requests import Request

from app.api import csv_io
from app.api.body import (
    AnswerKind,
    BodyKind,
    answer_kind_of,
    check_json_shape,
    collect_entries,
    parse_json,
    too_many_items,
)
from app.api.deps import Service, service_of
from app.api.problems import Problem, problem_body, request_id_of, validation_problems
from app.api.schemas import BatchRequest, BatchResponse, BatchResult, BatchSummary
from app.engine import FieldProblem, InvalidRequest, QuoteRequest
from app.engine.batch import BatchOutcome, GroupBy, quote_batch, unreadable
from app.engine.batch import BatchResult as EngineResult
from app.engine.policy import Language

Items = list[QuoteRequest | InvalidRequest]
MAX_LINE_BYTES = 1024 * 1024  # one NDJSON entry; a longer line fails itself
_ITEM_FIELD = re.compile(r"^items\.(\d+)")
# A batch answer lists this many problems per failed item, so its size stays near the body's.
ITEM_PROBLEMS = 5
# Objects, arrays and values one item may hold beyond its sessions, before it is parsed alone.
_ITEM_BUDGET = 1_000
_VALUES_PER_SESSION = 8
# No object of a request has more keys (a quote request has 17 fields).
MAX_FIELDS = 32
# A validator reports every unknown key of an object, about 400 bytes and 0.5 µs each, so past
# this many colons (keys, and the colons of times) a body is first read as plain JSON and
# measured, and items too large to be requests fail alone. Below it, the errors of one
# validation stay under about 100 MB; a full batch of plain entries (some 150,000) stays below.
KEYS_BEFORE_MEASURING = 250_000


class _Envelope(BaseModel):
    """A batch read loosely, so one bad item cannot hide the others."""

    model_config = ConfigDict(extra="forbid")
    items: list[Any] = Field(min_length=1)
    group_by: Literal["none", "ticket"] | None = None


@lru_cache
def _capped(model: type[BaseModel], item: Any, most: int) -> type[BaseModel]:
    """Return `model` with at most `most` items: the parser stops counting past it."""
    items = Annotated[list[item], Field(min_length=1, max_length=most)]
    return create_model(model.__name__, __base__=model, items=(items, ...))


def _too_many_items(error: ValidationError) -> InvalidRequest | None:
    for detail in error.errors(include_url=False, include_input=False)[:5]:
        if detail["type"] == "too_long" and detail["loc"] == ("items",):
            return too_many_items(detail["ctx"]["max_length"])
    return None


def _oversized(raw: Any, budget: int) -> bool:
    """Return whether `raw` holds more than `budget` values or an object with too many keys."""
    stack, seen = [raw], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > budget:
            return True
        if isinstance(node, dict):
            if len(node) > MAX_FIELDS:
                return True
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return False


def _plain_json(body: bytes) -> Any:
    """Return the body as plain values, or None when it is not JSON (the validator says why)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:  # integers past 64 bits, which orjson refuses
        return json.loads(body)
    except ValueError:
        return None


def _measure(tree: Any, most: int, budget: int) -> set[int]:
    """Return the items too large to be requests; refuse a batch too large to read."""
    if not isinstance(tree, dict):
        return set()
    if len(tree) > MAX_FIELDS:
        raise InvalidRequest.at("(body)", f"more than {MAX_FIELDS} fields; a batch has `items`")
    items = tree.get("items")
    if not isinstance(items, list):
        return set()
    if len(items) > most:
        raise too_many_items(most)
    return {index for index, raw in enumerate(items) if _oversized(raw, budget)}


def read_json_items(body: bytes, most: int, max_sessions: int) -> tuple[Items, str | None]:
    """Return each item validated on its own (in one pass when all are valid), and `group_by`.

    At most `most` items are read; an item larger than any real request (`max_sessions`
    sittings and a little more) fails alone without being parsed.
    """
    budget = _ITEM_BUDGET + max_sessions * _VALUES_PER_SESSION
    oversized = set()
    if body.count(b":") > KEYS_BEFORE_MEASURING:
        oversized = _measure(_plain_json(body), most, budget)
    if not oversized:
        try:
            batch = _capped(BatchRequest, QuoteRequest, most).model_validate_json(body)
            return list(batch.items), batch.group_by  # type: ignore[attr-defined]
        except ValidationError as error:
            too_many = _too_many_items(error)
        if too_many:  # raised here, so no traceback keeps the error and the input it holds
            raise too_many
    envelope = parse_json(_capped(_Envelope, Any, most), body)
    items: Items = []
    for index, raw in enumerate(envelope.items):  # type: ignore[attr-defined]
        if index in oversized or _oversized(raw, budget):
            too_large = InvalidRequest.at(f"items.{index}", "larger than any request can be")
            items.append(unreadable(too_large, raw))
            continue
        # stdlib json writes what orjson refuses, such as integers past 64 bits.
        items.append(read_entry(index, json.dumps(raw).encode()))
    return items, envelope.group_by  # type: ignore[attr-defined]


def read_entry(index: int, raw: bytes) -> QuoteRequest | InvalidRequest:
    """Read one entry's JSON: the request, or its problems named `items.<index>...`."""
    try:
        return QuoteRequest.model_validate_json(raw)
    except ValidationError as error:
        try:
            fields = json.loads(raw)
        except ValueError:
            fields = None
        return unreadable(validation_problems(error, f"items.{index}."), fields)


def read_ndjson_items(body: bytes, most: int) -> tuple[Items, list[int]]:
    """Return each entry of an NDJSON body (one a line, blank lines skipped) and its line."""
    return collect_entries(iter_ndjson(io.BytesIO(body)), most, "the body has no entries")


def iter_ndjson(
    source: IO[bytes],
) -> Iterator[tuple[int, QuoteRequest | InvalidRequest, bytes]]:
    """Yield (line number, entry read, its JSON) for each non-blank line of NDJSON."""
    index = 0
    for line, text in enumerate(iter(lambda: source.readline(MAX_LINE_BYTES + 1), b""), start=1):
        if len(text) > MAX_LINE_BYTES and not text.endswith(b"\n"):
            while (rest := source.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            problem = f"longer than {MAX_LINE_BYTES} bytes"
            yield line, InvalidRequest.at(f"items.{index}", problem), b""
        elif text.strip():
            if line == 1:
                text = text.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some tools write
            yield line, read_entry(index, text), text
        else:
            continue
        index += 1


def name_lines(results: list[EngineResult], line_of: Mapping[int, int]) -> list[EngineResult]:
    """Begin each problem of an item with the line of the body it came from (`line 7: ...`)."""
    return [
        result
        if result.problems is None
        else replace(result, problems=[_with_line(p, line_of) for p in result.problems])
        for result in results
    ]


def _with_line(problem: FieldProblem, line_of: Mapping[int, int]) -> FieldProblem:
    match = _ITEM_FIELD.match(problem.field)
    line = line_of.get(int(match[1])) if match else None
    if line is None:
        return problem
    return FieldProblem(problem.field, f"line {line}: {problem.problem}")


def api_result(result: EngineResult, request_id: str | None) -> BatchResult:
    """Return one result as the API shows it: the problems as a problem document."""
    problem = (
        Problem.model_validate(
            problem_body(
                422, "these items cannot be quoted", result.problems, request_id, ITEM_PROBLEMS
            )
        )
        if result.problems is not None
        else None
    )
    return BatchResult(result.entries, result.quote, problem)


def batch_response(outcome: BatchOutcome, items: int, request_id: str | None) -> BatchResponse:
    """Return the batch answer: results in item order, a summary, fair-use counts."""
    results = [api_result(r, request_id) for r in outcome.results]
    summary = BatchSummary(
        items=items,
        results=len(results),
        quoted=items - outcome.failed,
        failed=outcome.failed,
        totals=outcome.totals,
    )
    return BatchResponse(results, summary, outcome.fair_use)


def group_by_of(request: Request, in_body: str | None) -> GroupBy:
    """Return the grouping asked for in the query or the body; refuse two different ones."""
    in_query = request.query_params.get("group_by")
    if in_query is not None and in_query not in ("none", "ticket"):
        raise InvalidRequest.at("query.group_by", "must be 'none' or 'ticket'")
    if in_query and in_body and in_query != in_body:
        raise InvalidRequest.at("group_by", f"the query says {in_query!r}, the body {in_body!r}")
    return "ticket" if (in_query or in_body) == "ticket" else "none"


def answer_kind(request: Request) -> AnswerKind:
    """Return the answer's format the caller accepts: JSON (the default), CSV or NDJSON."""
    return answer_kind_of(request.headers.get("accept", ""))


def quote_items(
    service: Service,
    items: Items,
    lines: list[int] | None,
    group_by: GroupBy,
    language: Language,
    request_id: str | None,
) -> BatchResponse:
    """Quote the entries read into the batch answer; CSV problems name their line."""
    outcome = quote_batch(
        items, service.book, group_by=group_by, language=language, limits=service.limits
    )
    if lines is not None:
        outcome.results = name_lines(outcome.results, dict(enumerate(lines)))
    return batch_response(outcome, len(items), request_id)


def quote_body(
    request: Request, kind: BodyKind, body: bytes, language: Language
) -> tuple[BatchResponse, Items]:
    """Read the entries of a body (JSON, CSV or NDJSON) and quote them in memory.

    The entries are returned with the answer so that they can be freed after it is sent.
    """
    service = service_of(request)
    settings = service.settings
    lines: list[int] | None = None
    in_body = None
    if kind == "csv":
        items, lines = csv_io.read_items(body, settings.max_batch_items)
    elif kind == "ndjson":
        items, lines = read_ndjson_items(body, settings.max_batch_items)
    else:
        check_json_shape(body, settings.max_body_bytes)
        items, in_body = read_json_items(body, settings.max_batch_items, settings.max_sessions)
    group_by = group_by_of(request, in_body)
    return quote_items(service, items, lines, group_by, language, request_id_of(request)), items
