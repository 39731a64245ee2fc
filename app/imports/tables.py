"""Our own request shape as people write it: CSV (any delimiter, decimal commas, local times,
Windows-1252 when declared) and NDJSON with local times.

Rows are read by `app.wire.csv_io` (header, quoting, nesting of dotted columns); this module reads
the cells as spreadsheets write them before each row is validated, and a sheet of an `.xlsx`
workbook goes through the same rows (`app.imports.xlsx`).
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import orjson
from pydantic import ValidationError

from app.engine import (
    FieldProblem,
    InvalidRequest,
    QuoteRequest,
    localize,
    policy_zones,
    unreadable,
)
from app.imports.cells import Prepare, prepare_cells
from app.imports.options import NOT_UTF8, ImportOptions
from app.wire import csv_io
from app.wire.problems import validation_problems

Item = QuoteRequest | InvalidRequest
Entry = tuple[int, Item, bytes]
READ_BYTES = 1 << 16


def read_fields(index: int, fields: dict[str, Any]) -> tuple[Item, bytes]:
    """Validate one entry's fields (our request shape): the request or its problems, and the
    entry as JSON."""
    raw = orjson.dumps(fields)
    try:
        return QuoteRequest.model_validate_json(raw), raw
    except ValidationError as error:
        return unreadable(validation_problems(error, f"items.{index}."), fields), raw


def problems_of(index: int, problems: list[FieldProblem], fields: Any) -> InvalidRequest:
    """Return an entry's problems named `items.<index>.<field>`, with the ticket it names."""
    named = [FieldProblem(f"items.{index}.{p.field}", p.problem) for p in problems]
    return unreadable(InvalidRequest(named), fields)


def row_entry(
    index: int, header: list[str], cells: list[str], prepare: Prepare, delimiter: str
) -> tuple[Item, bytes]:
    """Read one row of cells under its header: the request or its problems, and its JSON."""
    if len(cells) > len(header):
        return InvalidRequest.at(f"items.{index}", "more cells than columns"), b"{}"
    fields = csv_io._nest(dict(zip(header, cells, strict=False)))
    if problems := prepare(fields, delimiter):
        return problems_of(index, problems, fields), orjson.dumps(fields)
    return read_fields(index, fields)


def iter_rows(
    header: list[str], rows: Iterable[tuple[int, list[str]]], prepare: Prepare, delimiter: str
) -> Iterator[Entry]:
    """Yield an entry for each non-blank row `(line, cells)`."""
    index = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        yield (line, *row_entry(index, header, cells, prepare, delimiter))
        index += 1


def text_lines(source: IO[bytes], encoding: str) -> Iterator[str]:
    """Yield a body's text in lines, decoded as declared; refuse bytes that are not, by line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    pending = ""
    while chunk := source.read(READ_BYTES):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as error:
            line += chunk[: error.start].count(b"\n")
            raise InvalidRequest.at(
                "(body)", f"line {line}: CSV must be UTF-8. {NOT_UTF8}"
            ) from None
        line += chunk.count(b"\n")
        *whole, pending = (pending + text).split("\n")
        for one in whole:
            yield one + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _as_source(body: IO[bytes] | bytes) -> IO[bytes]:
    return io.BytesIO(body) if isinstance(body, bytes | bytearray) else body


def iter_csv(
    body: IO[bytes] | bytes, options: ImportOptions, policy_zones: Mapping[str, str]
) -> Iterator[Entry]:
    """Yield the entries of a CSV in our request shape, read as `options` say."""
    lines = text_lines(_as_source(body), options.encoding)
    first = next(lines, "")
    delimiter = max(",;\t", key=first.split("\n", 1)[0].count)
    header, rows = csv_io._rows(_chain(first, lines))
    yield from iter_rows(header, rows, prepare_cells(options, policy_zones), delimiter)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def iter_ndjson(
    body: IO[bytes] | bytes, options: ImportOptions, policy_zones: Mapping[str, str]
) -> Iterator[Entry]:
    """Yield the entries of NDJSON whose times may be local (`time_zone` of the batch or of the
    entry); other entries are read as they always are."""
    index = 0
    for line, text in enumerate(_as_source(body), start=1):
        if not text.strip():
            continue
        text = text.removeprefix(b"\xef\xbb\xbf") if line == 1 else text
        if options.time_zone is None and options.policy is None and b'"time_zone"' not in text:
            yield (line, *read_fields_json(index, text))
        else:
            yield (line, *_local_entry(index, text, options, policy_zones))
        index += 1


def read_fields_json(index: int, raw: bytes) -> tuple[Item, bytes]:
    """Read one entry's JSON as it is."""
    try:
        return QuoteRequest.model_validate_json(raw), raw
    except ValidationError as error:
        try:
            fields = json.loads(raw)
        except ValueError:
            fields = None
        return unreadable(validation_problems(error, f"items.{index}."), fields), raw


def _local_entry(
    index: int, text: bytes, options: ImportOptions, policy_zones: Mapping[str, str]
) -> tuple[Item, bytes]:
    try:
        fields = json.loads(text)
    except ValueError:
        return read_fields_json(index, text)
    if not isinstance(fields, dict):
        return read_fields_json(index, text)
    if options.policy is not None:
        fields.setdefault("policy", options.policy)
    if problems := localize(fields, options.time_zone, policy_zones):
        return problems_of(index, problems, fields), orjson.dumps(fields)
    return read_fields(index, fields)


def localized_json(body: bytes, book: Mapping[str, Any]) -> bytes:
    """Return one request's JSON with its local times given offsets, when it names a
    `time_zone`; raise InvalidRequest naming what cannot be read. Other bodies pass as they are."""
    if b'"time_zone"' not in body:
        return body
    try:
        fields = json.loads(body)
    except ValueError:
        return body
    if not isinstance(fields, dict):
        return body
    if problems := localize(fields, None, policy_zones(book)):
        raise InvalidRequest(problems)
    return orjson.dumps(fields)
