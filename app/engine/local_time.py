"""Local times read in a named time zone, only when the caller names one; nothing is guessed.

A time without a UTC offset (`2026-03-04 13:00`, `04.03.2026 13:00`, `2026-03-04T13:00`) is read
in the zone the caller chose: `policy` (the policy's own zone) or an IANA name. A local time that
does not exist (clocks move forward) or that happens twice (clocks move back) is refused with
both candidate offsets. Slash dates (`03/04/2026`) are refused: day and month cannot be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.engine.errors import FieldProblem

POLICY_ZONE = "policy"
TIME_FIELDS = ("start", "end")
_OFFSET = re.compile(r"(Z|[+-]\d\d(:?\d\d)?)$", re.IGNORECASE)
_ISO_LOCAL = re.compile(r"(\d{4}-\d\d-\d\d)[T ](\d\d?:\d\d(:\d\d(\.\d{1,9})?)?)")
_DOTTED = re.compile(r"(\d\d?)\.(\d\d?)\.(\d{4})[ T](\d\d?:\d\d(:\d\d)?)")
_SLASHED = re.compile(r"\d{1,4}/\d{1,2}/\d{1,4}\b")


class LocalTimeError(ValueError):
    """A text that cannot be read as a local time, or a local time that names no one instant."""


def zone_named(name: str) -> ZoneInfo:
    """Return the IANA time zone of a name, or raise LocalTimeError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LocalTimeError(
            f"{name[:64]!r} is not an IANA time zone (e.g. Europe/Stockholm) or 'policy'"
        ) from None


def check_zone_choice(choice: str) -> str:
    """Return a time-zone choice (`policy` or an IANA name) as given, or raise LocalTimeError."""
    if choice != POLICY_ZONE:
        zone_named(choice)
    return choice


def has_offset(text: str) -> bool:
    """Return whether a date-time text states its UTC offset (or Z)."""
    return bool(_OFFSET.search(text.strip())) and ("T" in text or " " in text.strip())


def parse_local(text: str) -> datetime:
    """Return a date-time text without offset as a naive datetime, or raise LocalTimeError."""
    value = text.strip()
    if _SLASHED.match(value):
        raise LocalTimeError(
            f"{value!r}: a date with slashes is ambiguous (3 April or March 4?); "
            "write 2026-04-03 13:00 or 03.04.2026 13:00"
        )
    if match := _ISO_LOCAL.fullmatch(value):
        iso = f"{match[1]}T{match[2].zfill(5) if len(match[2]) == 4 else match[2]}"
    elif match := _DOTTED.fullmatch(value):
        day, month, year, clock = match[1], match[2], match[3], match[4]
        iso = (
            f"{year}-{month.zfill(2)}-{day.zfill(2)}T{clock.zfill(5) if len(clock) == 4 else clock}"
        )
    else:
        raise LocalTimeError(
            f"{value[:40]!r} is not a date and time: write 2026-03-04 13:00, 04.03.2026 13:00, "
            "or ISO 8601 with an offset"
        )
    try:
        return datetime.fromisoformat(iso)
    except ValueError as error:
        raise LocalTimeError(f"{value!r}: {error}") from None


def _offset_text(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta()).total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def resolve(naive: datetime, zone: ZoneInfo) -> datetime:
    """Return a naive local time as an aware one in `zone`; refuse a gap or a repeated hour."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    shown = naive.isoformat(timespec="minutes")
    candidates = f"{_offset_text(first.utcoffset())} or {_offset_text(second.utcoffset())}"
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise LocalTimeError(
            f"{shown} does not exist in {zone.key}: the clocks move forward then "
            f"({candidates} would both be a guess); give the time with its offset"
        )
    if first.utcoffset() != second.utcoffset():
        raise LocalTimeError(
            f"{shown} happens twice in {zone.key}: the clocks move back then; give it with "
            f"its offset, {shown}{_offset_text(first.utcoffset())} or "
            f"{shown}{_offset_text(second.utcoffset())}"
        )
    return first


def local_instant(text: str, zone: ZoneInfo) -> str:
    """Return a date-time text as ISO 8601 with an offset: as it is when it has one, else read
    as a local time in `zone`; raise LocalTimeError saying why it cannot be."""
    if has_offset(text):
        return text
    instant = resolve(parse_local(text), zone)
    return instant.isoformat()


def zone_for(
    choice: str, policy: Any, policy_zones: Mapping[str, str]
) -> tuple[ZoneInfo | None, str | None]:
    """Return the zone a choice names for an entry of `policy`, or why there is none."""
    if choice != POLICY_ZONE:
        try:
            return zone_named(choice), None
        except LocalTimeError as error:
            return None, str(error)
    name = policy_zones.get(policy) if isinstance(policy, str) else None
    if name is None:
        return None, f"time_zone 'policy' reads the policy's zone, but policy {policy!r} is unknown"
    return ZoneInfo(name), None


def localize(
    fields: dict[str, Any], default_choice: str | None, policy_zones: Mapping[str, str]
) -> list[FieldProblem]:
    """Rewrite an entry's times without offset (`start`, `end`, `sessions.N.start/end`) as ISO
    8601 with the offset of the chosen zone, in place; return the problems (paths as in the
    entry). The entry's own `time_zone` wins over `default_choice`; without either, nothing is
    touched, and a time without offset is refused later as it always was."""
    choice = fields.get("time_zone", default_choice)
    if choice is None:
        return []
    if not isinstance(choice, str):
        return [FieldProblem("time_zone", "must be 'policy' or an IANA time zone name")]
    fields.pop("time_zone", None)
    places: list[tuple[dict[str, Any], str, str]] = [(fields, name, name) for name in TIME_FIELDS]
    sessions = fields.get("sessions")
    if isinstance(sessions, list):
        for i, session in enumerate(sessions):
            if isinstance(session, dict):
                places += [(session, name, f"sessions.{i}.{name}") for name in TIME_FIELDS]
    naive = [
        (node, name, path)
        for node, name, path in places
        if isinstance(node.get(name), str) and not has_offset(node[name])
    ]
    if not naive:
        return []
    zone, why = zone_for(choice, fields.get("policy"), policy_zones)
    if zone is None:
        return [FieldProblem("time_zone", why or "no time zone")]
    problems = []
    for node, name, path in naive:
        try:
            node[name] = local_instant(node[name], zone)
        except LocalTimeError as error:
            problems.append(FieldProblem(path, str(error)))
    return problems


def policy_zones(book: Mapping[str, Any]) -> dict[str, str]:
    """Return each loaded policy's time zone by policy id (for `time_zone=policy`)."""
    return {policy_id: book[policy_id].policy.calendar.timezone for policy_id in book}
