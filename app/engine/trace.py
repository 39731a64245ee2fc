"""Trace an assignment through time, piece by piece, for pictures of a quote.

A quote says how many minutes fall in each band and how many are free; a trace says where they
lie: each sitting cut where the band or the office-hours side changes, each piece free or
billable by the same coverage decision the quote makes, the rounding padding placed where the
quote bills it (after the last billable minute of its rounding rule), and the holidays touched.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.engine.book import CompiledPolicy, PolicyBook
from app.engine.coverage import billable_where, facts_of
from app.engine.instant import NANOSECONDS_PER_MINUTE as UNIT
from app.engine.instant import from_nanoseconds, to_nanoseconds
from app.engine.policy import Policy, RoundingRule
from app.engine.request import Channel, QuoteRequest
from app.engine.rounding import billed_minutes, rounding_group


@dataclass(frozen=True, slots=True)
class TracedPiece:
    """A stretch of time in one band and on one side of office hours (local times)."""

    start: datetime
    end: datetime
    band: str
    multiplier: Decimal
    clause: str
    inside_office_hours: bool
    billable: bool
    minutes: float


@dataclass(frozen=True, slots=True)
class Padding:
    """Minutes billed beyond the work by a rounding rule, in the band where its work ended."""

    start: datetime
    minutes: float
    band: str
    clause: str


@dataclass(frozen=True, slots=True)
class TracedSitting:
    """One sitting: its worked pieces, the whole hours around it, and the holidays it touches."""

    start: datetime
    end: datetime
    channel: Channel
    pieces: tuple[TracedPiece, ...]
    window: tuple[TracedPiece, ...]
    holidays: tuple[tuple[date, str], ...]
    padding: Padding | None


@dataclass(frozen=True, slots=True)
class Trace:
    """The sittings of an assignment in time order, under the policy version that priced it."""

    policy: Policy
    sittings: tuple[TracedSitting, ...]


@dataclass(slots=True)
class _Group:
    """The sittings one rounding rule rounds together."""

    rule: RoundingRule
    billable: int = 0
    last_sitting: int = -1


def _pieces(
    compiled: CompiledPolicy, start_ns: int, end_ns: int, effect: str | None
) -> tuple[list[TracedPiece], int]:
    """Cut [start, end) into pieces, billable as the coverage effect says (None: context only);
    return them and the billable nanoseconds."""
    zone = compiled.timeline.zone
    bands = compiled.policy.bands
    pieces = []
    billable_ns = 0
    in_hours, out_of_hours = billable_where(effect) if effect is not None else (False, False)
    for lo, hi, index, inside in compiled.timeline.split(start_ns, end_ns):
        band = bands[index]
        billable = in_hours if inside else out_of_hours
        billable_ns += (hi - lo) if billable else 0
        pieces.append(
            TracedPiece(
                from_nanoseconds(lo).astimezone(zone),
                from_nanoseconds(hi).astimezone(zone),
                band.id,
                band.multiplier,
                band.clause,
                inside,
                billable,
                (hi - lo) / UNIT,
            )
        )
    return pieces, billable_ns


def _whole_hours(compiled: CompiledPolicy, start: datetime, end: datetime) -> tuple[int, int]:
    """Return the window of whole local hours around [start, end), as nanoseconds."""
    zone = compiled.timeline.zone
    first = start.astimezone(zone).replace(minute=0, second=0, microsecond=0)
    last = end.astimezone(zone)
    if last.replace(minute=0, second=0, microsecond=0) != last:
        last = last.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return to_nanoseconds(first), to_nanoseconds(last)


def _holidays(compiled: CompiledPolicy, start: datetime, end: datetime) -> list[tuple[date, str]]:
    zone = compiled.timeline.zone
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    named: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        named |= compiled.timeline.holidays.named(year)
    return [(day, name) for day, name in sorted(named.items()) if first <= day <= last]


def trace(request: QuoteRequest, book: PolicyBook) -> Trace:
    """Trace a request the engine has quoted (so it is valid) through time, sitting by sitting."""
    sittings = sorted(request.intervals(), key=lambda s: to_nanoseconds(s[0]))
    versions = book.versions(request.policy)
    # As the quote does: the version in force at the first start (before the first, a quote
    # refuses, so a trace of a quoted request never meets it: it would draw the latest).
    compiled = versions.in_force(to_nanoseconds(sittings[0][0])) or versions.latest
    zone = compiled.timeline.zone
    _, facts = facts_of(request, compiled)

    worked: list[list[TracedPiece]] = []
    groups: dict[Hashable, _Group] = {}
    for index, (start, end, channel, technician) in enumerate(sittings):
        effect = compiled.coverage.decide(facts, channel).effect
        start_ns, end_ns = to_nanoseconds(start), to_nanoseconds(end)
        pieces, billable = _pieces(compiled, start_ns, end_ns, effect)
        worked.append(pieces)
        rule = compiled.rounding_for[channel]
        group = groups.setdefault(rounding_group(rule, technician), _Group(rule))
        group.billable += billable
        if billable:
            group.last_sitting = index

    paddings: dict[int, Padding] = {}
    for group in groups.values():
        extra_ns = billed_minutes(group.rule, group.billable) * UNIT - group.billable
        if group.billable and extra_ns:
            ended = [p for p in worked[group.last_sitting] if p.billable][-1]
            paddings[group.last_sitting] = Padding(
                ended.end, extra_ns / UNIT, ended.band, group.rule.clause
            )

    traced = []
    for index, (start, end, channel, _) in enumerate(sittings):
        padding = paddings.get(index)
        shown_end = (
            end if padding is None else max(end, padding.start + timedelta(minutes=padding.minutes))
        )
        lo, hi = _whole_hours(compiled, start, shown_end)
        traced.append(
            TracedSitting(
                start.astimezone(zone),
                end.astimezone(zone),
                channel,
                tuple(worked[index]),
                tuple(_pieces(compiled, lo, hi, None)[0]),
                tuple(_holidays(compiled, start, shown_end)),
                padding,
            )
        )
    return Trace(compiled.policy, tuple(traced))
