"""Entries from a batch body: a JSON batch read whole, CSV and NDJSON read line by line.

Every reader yields `(line, entry, JSON)`: the body's line (0 for a JSON batch, whose problems
name the item), the request read or its problems, and the entry as JSON for a stream to hold
(through `exact_numbers` already, so it is read back as it was read). A line is never held
whole past `MAX_LINE_BYTES`: a longer one is skipped as it is read and fails alone. Blank lines
count toward a body's limits, as lines, though they are not entries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache, partial
from typing import IO, Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from app.engine import (
    FieldProblem,
    InvalidRequest,
    QuotedEntries,
    QuoteRequest,
    exact_numbers,
    unreadable,
)
from app.imports.options import NOT_UTF8
from app.wire import csv_io
from app.wire.json_body import parse_json, too_many_items
from app.wire.media import MAX_LINE_BYTES, BodyFormat
from app.wire.problems import validation_problems
from app.wire.schemas import BatchRequest

Item = QuoteRequest | InvalidRequest
Entry = tuple[int, Item, bytes]
_BOM = b"\xef\xbb\xbf"
_ITEM_FIELD = re.compile(r"^items\.(\d+)")
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


def too_long(index: int) -> InvalidRequest:
    return InvalidRequest.at(f"items.{index}", f"longer than {MAX_LINE_BYTES} bytes")


def lines_of(source: IO[bytes]) -> Iterator[bytes | None]:
    """Yield each line of the body (None for one longer than MAX_LINE_BYTES, skipped unread)."""
    read = partial(source.readline, MAX_LINE_BYTES + 1)
    text = read().removeprefix(_BOM)
    while text:
        if len(text) > MAX_LINE_BYTES and not text.endswith(b"\n"):
            _skip_rest(source)
            yield None
        else:
            yield text
        text = read()


def _skip_rest(source: IO[bytes]) -> None:
    """Read past the rest of a line too long to hold, a bounded piece at a time."""
    while (rest := source.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
        pass


def count_lines(source: IO[bytes], kind: BodyFormat, most: int) -> tuple[int, int]:
    """Return (entries, lines) of a CSV or NDJSON body, checking CSV quoting; stop past `most`
    lines. Rewinds the body."""
    try:
        if kind == "csv":
            return csv_io.count_rows(_csv_text(source), most)
        entries = lines = 0
        for text in iter(partial(source.readline, MAX_LINE_BYTES + 1), b""):
            lines += 1
            if len(text) > MAX_LINE_BYTES and not text.endswith(b"\n"):
                _skip_rest(source)
                entries += 1
            elif not text.isspace():
                entries += 1
            if lines > most:
                break
        return entries, lines
    finally:
        source.seek(0)


def entries_of(source: IO[bytes], kind: BodyFormat) -> Iterator[Entry]:
    """Yield the entries of a CSV or NDJSON body."""
    if kind == "csv":
        return csv_io.iter_items(_csv_text(source))
    return iter_ndjson(source)


def _csv_text(source: IO[bytes]) -> Iterator[str]:
    """Yield the body's lines as text; a line too long becomes a row that says so."""
    for line, text in enumerate(lines_of(source), start=1):
        if text is None:
            yield csv_io.TOO_LONG_ROW
            continue
        try:
            yield text.decode()
        except UnicodeDecodeError:
            problem = f"line {line}: CSV must be UTF-8. {NOT_UTF8}"
            raise InvalidRequest.at("(body)", problem) from None


def iter_ndjson(source: IO[bytes]) -> Iterator[Entry]:
    """Yield (line number, entry read, its JSON) for each non-blank line of NDJSON."""
    index = 0
    for line, text in enumerate(lines_of(source), start=1):
        if text is None:
            yield line, too_long(index), b""
        elif text.strip():
            exact = exact_numbers(text)
            yield line, read_entry(index, exact), exact
        else:
            continue
        index += 1


def read_entry(index: int, raw: bytes) -> Item:
    """Read one entry's JSON, through `exact_numbers` already: the request, or its problems
    named `items.<index>...`."""
    try:
        return QuoteRequest.model_validate_exact(raw)
    except ValidationError as error:
        try:
            fields = json.loads(raw)
        except ValueError:
            fields = None
        return unreadable(validation_problems(error, f"items.{index}."), fields)


def collect(entries: Iterator[Entry], most: int, empty: str) -> list[Entry]:
    """Return the entries of a body read in memory; refuse more than `most`, or none."""
    collected: list[Entry] = []
    for entry in entries:
        if len(collected) == most:
            raise too_many_items(most)
        collected.append(entry)
    if not collected:
        raise InvalidRequest.at("items", empty)
    return collected


def name_lines(result: QuotedEntries, line_of: Mapping[int, int]) -> QuotedEntries:
    """Begin each problem of a result with the line of the body it came from (`line 7: ...`)."""
    if result.problems is None:
        return result
    return replace(result, problems=[_with_line(p, line_of) for p in result.problems])


def _with_line(problem: FieldProblem, line_of: Mapping[int, int]) -> FieldProblem:
    match = _ITEM_FIELD.match(problem.field)
    line = line_of.get(int(match[1])) if match else None
    if line is None:
        return problem
    return FieldProblem(problem.field, f"line {line}: {problem.problem}")


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


def read_json_items(body: bytes, most: int, max_sessions: int) -> tuple[list[Item], str | None]:
    """Return each item validated on its own (in one pass when all are valid), and `group_by`.

    At most `most` items are read; an item larger than any real request (`max_sessions`
    sittings and a little more) fails alone without being parsed.
    """
    budget = _ITEM_BUDGET + max_sessions * _VALUES_PER_SESSION
    oversized = set()
    tree = None
    if body.count(b":") > KEYS_BEFORE_MEASURING:
        tree = _plain_json(exact_numbers(body))
        oversized = _measure(tree, most, budget)
    if not oversized:
        try:
            batch = _capped(BatchRequest, QuoteRequest, most).model_validate_json(body)
            return list(batch.items), batch.group_by  # type: ignore[attr-defined]
        except ValidationError as error:
            too_many = _too_many_items(error)
        if too_many:  # raised here, so no traceback keeps the error and the input it holds
            raise too_many
    envelope_model = _capped(_Envelope, Any, most)
    if isinstance(tree, dict):  # read once already: not parsed again
        try:
            envelope = envelope_model.model_validate(tree)
        except ValidationError as error:
            raise validation_problems(error) from None
    else:  # items read one by one: numbers finer than cents reach them as text, as in one pass
        envelope = parse_json(envelope_model, exact_numbers(body))
    del tree
    items: list[Item] = []
    for index, raw in enumerate(envelope.items):  # type: ignore[attr-defined]
        if index in oversized or _oversized(raw, budget):
            too_large = InvalidRequest.at(f"items.{index}", "larger than any request can be")
            items.append(unreadable(too_large, raw))
            continue
        # stdlib json writes what orjson refuses, such as integers past 64 bits.
        items.append(read_entry(index, exact_numbers(json.dumps(raw).encode())))
    return items, envelope.group_by  # type: ignore[attr-defined]
