"""A PSA's own export (JSON array or CSV) read through its import profile into requests.

Each entry becomes one request carrying the PSA's id as `source_id`; a problem names the PSA's
field (`timeStart`), not ours, and begins with the entry's id. An entry fails alone: one without
a start time (bands need real times), one that maps to no policy, one the PSA marks not billable.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import orjson
from pydantic import ValidationError

from app.engine import FieldProblem, InvalidRequest, QuoteRequest, localize, unreadable
from app.imports.options import NOT_UTF8, ImportOptions
from app.imports.profile import Profile
from app.imports.tables import Entry, Item
from app.wire.problems import validation_problems

_MISSING = object()
_SECONDS = {"hours": 3600, "minutes": 60, "seconds": 1}


def value_at(record: Mapping[str, Any], path: str) -> Any:
    """Return the value at a column name or dotted path (None when absent or empty)."""
    node: Any = record.get(path, _MISSING)
    if node is _MISSING:
        node = record
        for part in path.split("."):
            if isinstance(node, Mapping):
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
    if isinstance(node, str):
        node = node.strip()
    return None if node in ("", None) else node


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def duration_of(value: Any, unit: str) -> timedelta:
    """Return a PSA duration (hours, minutes or seconds as a number, or `hh:mm`) exactly."""
    text = _text(value).replace(",", ".")
    if unit == "hh:mm":
        hours, _, minutes = text.partition(":")
        if not (hours.isdigit() and minutes.isdigit()):
            raise ValueError(f"{text!r} is not hh:mm")
        return timedelta(hours=int(hours), minutes=int(minutes))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number of {unit}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{text!r} is not a duration")
    return timedelta(microseconds=int(amount * _SECONDS[unit] * 1_000_000))


class _Entry:
    """One PSA record on its way to a request: our fields, and where each came from."""

    def __init__(self, profile: Profile, record: Mapping[str, Any]) -> None:
        self.profile = profile
        self.record = record
        self.fields: dict[str, Any] = {}
        self.origin: dict[str, str] = {}
        self.problems: list[FieldProblem] = []

    def take(self, ours: str, path: str | None) -> Any:
        if path is None:
            return None
        value = value_at(self.record, path)
        if value is not None:
            self.origin[ours] = path
        return value

    def refuse(self, path: str, problem: str) -> None:
        self.problems.append(FieldProblem(path, problem))

    def mapped(self, ours: str, path: str | None, table: Mapping[str, str]) -> str | None:
        value = self.take(ours, path)
        if value is None or path is None:
            return None
        text = _text(value)
        meaning = table.get(text)
        if meaning is None:  # `True` as a CSV writes it, `true` as JSON does
            meaning = next((v for k, v in table.items() if k.lower() == text.lower()), None)
        if meaning is None:
            known = ", ".join(repr(k) for k in table) or "none"
            self.refuse(path, f"{text[:60]!r} is not in the profile's values ({known})")
        return meaning


def to_request(
    profile: Profile, record: Any, options: ImportOptions, policy_zones: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str], list[FieldProblem]]:
    """Return a PSA record as our request's fields, the PSA field of each, and the problems."""
    if not isinstance(record, Mapping):
        return {}, {}, [FieldProblem("(entry)", "not an object")]
    entry = _Entry(profile, record)
    paths, values = profile.fields, profile.values
    source_id = entry.take("source_id", paths.id)
    fields = entry.fields
    if source_id is not None:
        fields["source_id"] = _text(source_id)[:200]
    contract = entry.take("policy", paths.contract)
    policy = options.policy or (profile.policies.get(_text(contract)) if contract else None)
    if policy is None:
        where = paths.contract or "policy"
        why = (
            f"{_text(contract)[:60]!r} maps to no policy in the profile's `policies`"
            if contract is not None
            else "no policy: give policy= or map the PSA's company or agreement in the profile"
        )
        entry.refuse(where, why)
    else:
        fields["policy"] = policy
    for ours, path in (
        ("ticket_id", paths.ticket),
        ("customer_id", paths.customer),
        ("technician", paths.technician),
    ):
        if (value := entry.take(ours, path)) is not None:
            fields[ours] = _text(value)[:200]
    _billed(entry, profile)
    if (place := entry.take("location", paths.municipality)) is not None:
        fields["location"] = {"municipality": _text(place)}
        entry.origin["location.municipality"] = paths.municipality or ""
    fields["work_kind"] = (
        entry.mapped("work_kind", paths.work_kind, values.work_kind) or profile.default_work_kind
    )
    fields["channel"] = (
        entry.mapped("channel", paths.channel, values.channel) or profile.default_channel
    )
    if entry.mapped("billable", paths.billable, values.billable) == "no_charge":
        flag = _text(value_at(record, paths.billable or ""))
        entry.refuse(
            paths.billable or "billable",
            f"the PSA marks it not billable ({flag}); not quoted",
        )
    _times(entry, options, policy_zones)
    return fields, entry.origin, entry.problems


def _billed(entry: _Entry, profile: Profile) -> None:
    """Read what the PSA billed: its time (in the profile's unit, to the nearest minute) and
    its amount, as they are."""
    paths = profile.fields
    if (time := entry.take("billed_minutes", paths.billed_time)) is not None:
        try:
            seconds = duration_of(time, profile.duration_unit).total_seconds()
        except ValueError as error:
            entry.refuse(paths.billed_time or "billed_minutes", str(error))
        else:
            entry.fields["billed_minutes"] = int((seconds + 30) // 60)
    if (amount := entry.take("billed_amount", paths.billed_amount)) is not None:
        entry.fields["billed_amount"] = amount if isinstance(amount, int | float) else _text(amount)


def _times(entry: _Entry, options: ImportOptions, policy_zones: Mapping[str, str]) -> None:
    profile, paths, fields = entry.profile, entry.profile.fields, entry.fields
    start = entry.take("start", paths.start)
    if start is not None and paths.start_time is not None:
        clock = entry.take("start", paths.start_time)
        start = f"{_text(start)[:10]} {_text(clock)}" if clock is not None else None
    if start is None:
        missing = paths.start if value_at(entry.record, paths.start or "") is None else None
        entry.refuse(
            missing or paths.start_time or paths.start or "start",
            "no start time: bands (evenings, nights, weekends) need real times, so an entry of "
            "hours alone cannot be quoted",
        )
        return
    fields["start"] = _text(start)
    end = entry.take("end", paths.end)
    if end is not None:
        fields["end"] = _text(end)
    zone = options.time_zone or profile.time_zone
    problems = localize(fields, zone, policy_zones) if zone else []
    for problem in problems:
        entry.refuse(entry.origin.get(problem.field, problem.field), problem.problem)
    if end is None and not problems:
        duration = entry.take("end", paths.duration)
        if duration is None:
            entry.refuse(paths.end or paths.duration or "end", "no end time and no duration")
            return
        try:
            began = datetime.fromisoformat(fields["start"].replace("Z", "+00:00"))
            fields["end"] = (began + duration_of(duration, profile.duration_unit)).isoformat()
        except ValueError as error:
            entry.refuse(paths.duration or "duration", str(error))


def _named(
    index: int, source_id: Any, origin: Mapping[str, str], problem: FieldProblem
) -> FieldProblem:
    field = problem.field.removeprefix(f"items.{index}.")
    theirs = origin.get(field, origin.get(field.split(".")[0], field))
    prefix = f"entry {source_id}: " if source_id is not None else ""
    return FieldProblem(f"items.{index}.{theirs}", prefix + problem.problem)


def read_record(
    index: int,
    profile: Profile,
    record: Any,
    options: ImportOptions,
    policy_zones: Mapping[str, str],
) -> tuple[Item, bytes]:
    """Read one PSA record: the request or its problems (named by the PSA's fields), and the
    request's JSON."""
    fields, origin, problems = to_request(profile, record, options, policy_zones)
    raw = orjson.dumps(fields)
    source_id = fields.get("source_id")
    if problems:
        named = [
            _named(index, source_id, origin, FieldProblem(f"items.{index}.{p.field}", p.problem))
            for p in problems
        ]
        return unreadable(InvalidRequest(named), fields), raw
    try:
        return QuoteRequest.model_validate_json(raw), raw
    except ValidationError as error:
        found = validation_problems(error, f"items.{index}.").problems
        named = [_named(index, source_id, origin, p) for p in found]
        return unreadable(InvalidRequest(named), fields), raw


def records_of(body: bytes, profile: Profile) -> list[Any]:
    """Return the entries of a PSA's JSON export: the list itself, or the one at `records`."""
    try:
        data = orjson.loads(body.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as error:
        raise InvalidRequest.at("(body)", f"not valid JSON: {error}") from None
    if isinstance(data, dict) and profile.records is not None:
        data = value_at(data, profile.records)
    if not isinstance(data, list):
        where = f"a list at {profile.records!r}" if profile.records else "a JSON array"
        raise InvalidRequest.at("(body)", f"a {profile.name} export is {where} of entries")
    return data


def iter_psa(
    body: IO[bytes] | bytes,
    profile: Profile,
    options: ImportOptions,
    policy_zones: Mapping[str, str],
    kind: str = "json",
) -> Iterator[Entry]:
    """Yield the entries of a PSA export (a JSON array, or CSV with the PSA's column names);
    `ref` is the CSV line, or 0 for JSON (its problems name the entry)."""
    data = body if isinstance(body, bytes) else body.read()
    if kind == "json":
        for index, record in enumerate(records_of(data, profile)):
            yield (0, *read_record(index, profile, record, options, policy_zones))
        return
    try:
        text = data.decode(options.encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidRequest.at("(body)", f"line {line}: CSV must be UTF-8. {NOT_UTF8}") from None
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=max(",;\t", key=first.count))
    index = 0
    for row in reader:
        if not any((cell or "").strip() for cell in row.values() if isinstance(cell, str)):
            continue
        yield (reader.line_num, *read_record(index, profile, row, options, policy_zones))
        index += 1
