"""Quote one assignment: split its sittings into bands, judge coverage, round once, price."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NoReturn

from app.engine.book import CompiledPolicy, PolicyBook
from app.engine.coverage import Facts, billable_where, facts_of
from app.engine.errors import FieldProblem, InvalidRequest
from app.engine.instant import NANOSECONDS_PER_MINUTE as UNIT
from app.engine.instant import to_nanoseconds
from app.engine.messages import render
from app.engine.places import Place
from app.engine.policy import Language, Outcome
from app.engine.request import Channel, QuoteRequest
from app.engine.result import (
    BandLine,
    CoverageKind,
    MaterialLine,
    Quote,
    Reason,
    SessionLine,
    Travel,
)
from app.engine.rounding import billed_minutes, rounding_group
from app.engine.versions import PolicyVersions

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
SIXTY = Decimal(60)
NEEDS_EQUIPMENT_FROM = ("setup", "warranty")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one assignment."""

    max_span: timedelta = timedelta(days=31)
    max_sessions: int = 1000
    max_span_ns: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_span_ns", self.max_span // timedelta(microseconds=1) * 1000)


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class Sitting:
    """One validated sitting: its path in the request, its times and its channel."""

    path: str
    start: datetime
    end: datetime
    start_ns: int
    end_ns: int
    channel: Channel
    technician: str | None = None
    source_id: str | None = None


def money(value: Decimal) -> Decimal:
    """Round half-up to 0.01."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _minutes(ns: int) -> float:
    """Return nanoseconds as minutes to 0.01 (half up), for display only."""
    return ((ns * 100 + UNIT // 2) // UNIT) / 100


def _minutes_text(ns: int) -> str:
    """Return nanoseconds as minutes, written as briefly as they read (`12.5`)."""
    return f"{ns / UNIT:.2f}".rstrip("0").rstrip(".")


def _coverage_of(worked: int, billable: int) -> CoverageKind:
    if billable == 0:
        return "free"
    return "billable" if billable == worked else "mixed"


def _sitting(
    field: str,
    start: datetime,
    end: datetime,
    channel: Channel,
    compiled: CompiledPolicy,
    problems: list[FieldProblem],
    technician: str | None = None,
    source_id: str | None = None,
) -> Sitting | None:
    """Return one sitting, or add its problems (a year the calendar lacks, an end too early)."""
    first, last = compiled.timeline.first_year, compiled.timeline.last_year
    if not (first <= start.year <= last and first <= end.year <= last):
        problems += [
            FieldProblem(
                f"{field}.{name}" if field else name,
                f"year {value.year} is outside the calendar of policy "
                f"{compiled.policy.id!r} ({first}-{last})",
            )
            for name, value in (("start", start), ("end", end))
            if not first <= value.year <= last
        ]
        return None
    start_ns, end_ns = to_nanoseconds(start), to_nanoseconds(end)
    if end_ns <= start_ns:
        problems.append(FieldProblem(f"{field}.end" if field else "end", "must be after start"))
        return None
    return Sitting(field, start, end, start_ns, end_ns, channel, technician, source_id)


def _sittings(request: QuoteRequest, compiled: CompiledPolicy, limits: Limits) -> list[Sitting]:
    """Return the request's sittings in time order, or raise InvalidRequest saying what is off."""
    problems: list[FieldProblem] = []
    if request.sessions is None:
        if request.start is None or request.end is None:
            raise InvalidRequest(
                [
                    FieldProblem(name, "required (or give a list of sessions)")
                    for name in ("start", "end")
                    if getattr(request, name) is None
                ]
            )
        only = _sitting(
            "",
            request.start,
            request.end,
            request.channel,
            compiled,
            problems,
            request.technician,
            request.source_id,
        )
        if only is None:
            raise InvalidRequest(problems)
        if only.end_ns - only.start_ns > limits.max_span_ns:
            _refuse_span(only.end_ns - only.start_ns, "end", limits)
        return [only]
    else:
        if request.start is not None or request.end is not None:
            problems.append(FieldProblem("sessions", "give either start/end or sessions, not both"))
        if len(request.sessions) > limits.max_sessions:
            problems.append(
                FieldProblem("sessions", f"at most {limits.max_sessions} sessions per assignment")
            )
        if problems:
            raise InvalidRequest(problems)
        sittings = []
        for i, session in enumerate(request.sessions):
            channel, technician, source_id = request.inherited(session)
            one = _sitting(
                f"sessions.{i}",
                session.start,
                session.end,
                channel,
                compiled,
                problems,
                technician,
                source_id,
            )
            if one:
                sittings.append(one)
        sittings.sort(key=lambda s: s.start_ns)
        # One technician's sittings may not overlap; different technicians' may.
        last_of: dict[str | None, Sitting] = {}
        for after in sittings:
            before = last_of.get(after.technician)
            if before is not None and after.start_ns < before.end_ns:
                problems.append(
                    FieldProblem("sessions", f"{before.path} and {after.path} overlap in time")
                )
            last_of[after.technician] = after
    if problems:
        raise InvalidRequest(problems)
    span = max(s.end_ns for s in sittings) - sittings[0].start_ns
    if span > limits.max_span_ns:
        _refuse_span(span, "sessions", limits)
    return sittings


def _refuse_span(span: int, field: str, limits: Limits) -> NoReturn:
    raise InvalidRequest.at(
        field,
        f"the work spans {_minutes_text(span)} min; at most "
        f"{limits.max_span.days} days from first start to last end",
    )


def _check_facts(request: QuoteRequest, compiled: CompiledPolicy, sittings: list[Sitting]) -> None:
    """Raise InvalidRequest when a fact that a rule needs is missing or unknown to the policy."""
    policy = compiled.policy
    problems: list[FieldProblem] = []
    allowed = policy.channels.allowed
    for sitting in sittings:
        if sitting.channel not in allowed:
            clause = f" (clause {policy.channels.clause})" if policy.channels.clause else ""
            name = f"{sitting.path}.channel" if sitting.path else "channel"
            problems.append(
                FieldProblem(name, f"not a channel of {policy.id}{clause}: {', '.join(allowed)}")
            )
    if request.location is None and "onsite" in [s.channel for s in sittings]:
        problems.append(FieldProblem("location", "required for on-site work (it decides travel)"))
    if request.work_kind in NEEDS_EQUIPMENT_FROM and request.equipment_from is None:
        problems.append(
            FieldProblem(
                "equipment_from", f"required for {request.work_kind}: 'provider' or 'other'"
            )
        )
    if request.work_kind == "training" and request.training is None:
        problems.append(FieldProblem("training", "required for work_kind training"))
    if request.training is not None and request.training.instruction_minutes:
        worked = sum(s.end_ns - s.start_ns for s in sittings)
        if request.training.instruction_minutes * UNIT > worked:
            problems.append(
                FieldProblem(
                    "training.instruction_minutes",
                    f"{request.training.instruction_minutes} min of instruction is more than the "
                    f"{_minutes_text(worked)} min worked",
                )
            )
    if request.support_level is not None and request.support_level not in compiled.support_levels:
        known = ", ".join(compiled.support_levels) or "none"
        problems.append(
            FieldProblem("support_level", f"not a support level of {policy.id}; known: {known}")
        )
    for i, material in enumerate(request.materials):
        if material.kind not in policy.materials:
            problems.append(FieldProblem(f"materials.{i}.kind", f"{policy.id} does not bill it"))
    if problems:
        raise InvalidRequest(problems)


class _Reasons:
    """Reasons in the order they arise, each (clause, code) once."""

    def __init__(self, compiled: CompiledPolicy, language: Language) -> None:
        self.compiled = compiled
        self.language = language
        self._seen: dict[tuple[str, str], Reason] = {}

    def add(self, reason: Reason) -> None:
        self._seen.setdefault((reason.clause, reason.code), reason)

    def cite(self, outcomes: tuple[Outcome, ...]) -> None:
        seen = self._seen
        for outcome in outcomes:
            key = (outcome.clause, outcome.code)
            if key not in seen:
                seen[key] = self.compiled.reason(outcome, self.language)

    def all(self) -> list[Reason]:
        return list(self._seen.values())


def _travel(
    compiled: CompiledPolicy,
    facts: Facts,
    place: Place | None,
    visited: bool,
    reasons: _Reasons,
) -> Travel:
    """Return the travel charge: none without a visit, else the first travel rule that matches."""
    name = place.name if place else None
    code = place.code if place else None
    if not visited:
        return Travel("free", ZERO, None, "no_visit", name, code)
    rule = compiled.travel_rule(facts)
    reasons.cite((rule,))
    if place is not None and place.code is None:
        message = render("municipality_unplaced", reasons.language, given=place.given)
        if place.suggestion:
            message += render("did_you_mean", reasons.language, suggestion=place.suggestion)
        reasons.add(Reason(rule.clause, "municipality_unplaced", message))
    amount = None if rule.status == "unpriced" else (rule.fee if rule.fee is not None else ZERO)
    return Travel(rule.status, amount, rule.clause, rule.code, name, code)


def _apportion(quotas: list[int], total_minutes: int) -> list[int]:
    """Split whole minutes over bands by largest remainder; quotas are exact nanoseconds."""
    billed = [q // UNIT for q in quotas]
    leftover = total_minutes - sum(billed)
    if leftover:
        by_remainder = sorted(range(len(quotas)), key=lambda b: quotas[b] % UNIT, reverse=True)
        for band in by_remainder[:leftover]:
            billed[band] += 1
    return billed


class _Tally:
    """Billable time of an assignment: per band, and per rounding rule with its last band."""

    __slots__ = ("band_worked", "groups", "worked", "billable", "visited", "lines")

    def __init__(self, band_count: int) -> None:
        self.band_worked = [0] * band_count
        # rounding rule id, or (technician, rule id) -> [rule, billable nanoseconds, band where
        # its billable work ended]: each technician's time is rounded once per rule
        self.groups: dict[Hashable, list[Any]] = {}
        self.worked = 0
        self.billable = 0
        self.visited = False
        self.lines: list[SessionLine] = []


def _judge(
    compiled: CompiledPolicy, sittings: list[Sitting], facts: Facts, reasons: _Reasons
) -> _Tally:
    """Split each sitting into bands, judge its coverage, and add its billable time up."""
    tally = _Tally(len(compiled.policy.bands))
    band_worked = tally.band_worked
    for sitting in sittings:
        decision = compiled.coverage.decide(facts, sitting.channel)
        worked = sitting.end_ns - sitting.start_ns
        billable = 0
        last_band = -1
        in_hours, out_of_hours = billable_where(decision.effect)
        if in_hours or out_of_hours:
            for lo, hi, band, inside in compiled.timeline.split(sitting.start_ns, sitting.end_ns):
                if in_hours if inside else out_of_hours:
                    billable += hi - lo
                    band_worked[band] += hi - lo
                    last_band = band
        if billable:
            reasons.cite(decision.deciding)
        if billable < worked:
            reasons.cite(decision.free_because)
        rule = compiled.rounding_for[sitting.channel]
        key = rounding_group(rule, sitting.technician)
        group = tally.groups.get(key)
        if group is None:
            group = tally.groups[key] = [rule, 0, -1]
        group[1] += billable
        if billable:
            group[2] = last_band
        tally.worked += worked
        tally.billable += billable
        tally.visited = tally.visited or sitting.channel == "onsite"
        tally.lines.append(
            SessionLine(
                sitting.start,
                sitting.end,
                sitting.channel,
                _minutes(worked),
                _minutes(worked - billable),
                _minutes(billable),
                _coverage_of(worked, billable),
                sitting.source_id,
            )
        )
    return tally


def _round(tally: _Tally, reasons: _Reasons) -> tuple[int, list[int]]:
    """Round each rule's billable time once; return the minutes and each band's exact quota."""
    quotas = list(tally.band_worked)
    billable_minutes = 0
    for rule, billable, last_band in tally.groups.values():
        if not billable:
            continue
        billed = billed_minutes(rule, billable)
        billable_minutes += billed
        quotas[last_band] += billed * UNIT - billable
        text = rule.message.text(reasons.language)
        message = text.format(worked=_minutes_text(billable), billed=billed)
        reasons.add(Reason(rule.clause, "rounded", message))
    return billable_minutes, quotas


def _band_lines(
    compiled: CompiledPolicy,
    tally: _Tally,
    quotas: list[int],
    minutes: int,
    rate: Decimal,
    reasons: _Reasons,
) -> list[BandLine]:
    """Price each band touched by billable time; amounts half-up to the cent per line."""
    lines = []
    touched = [index for index, worked in enumerate(tally.band_worked) if worked]
    # One band touched takes every minute; several share them by their exact quotas.
    shares = [minutes] if len(touched) == 1 else _apportion([quotas[i] for i in touched], minutes)
    for index, billed in zip(touched, shares, strict=True):
        worked = tally.band_worked[index]
        spec = compiled.policy.bands[index]
        amount = money(rate * spec.multiplier * billed / SIXTY)
        lines.append(
            BandLine(spec.id, spec.multiplier, _minutes(worked), billed, amount, spec.clause)
        )
        reasons.add(compiled.band_reason(index, billed, reasons.language))
    return lines


def _in_force(
    request: QuoteRequest, versions: PolicyVersions, sittings: list[Sitting], limits: Limits
) -> tuple[CompiledPolicy, list[Sitting]]:
    """Return the version in force at the assignment's first start; before the first, refuse."""
    first = sittings[0]
    compiled = versions.in_force(first.start_ns)
    if compiled is None:  # before the first version: a quote refuses
        raise InvalidRequest.at(
            f"{first.path}.start" if first.path else "start",
            f"before the first version of policy {versions.id!r}, in force from "
            f"{versions.first_day} ({versions.latest.policy.calendar.timezone})",
        )
    own, latest = compiled.timeline, versions.latest.timeline
    if (own.first_year, own.last_year) != (latest.first_year, latest.last_year):
        sittings = _sittings(request, compiled, limits)  # its own calendar's years
    return compiled, sittings


def quote(
    request: QuoteRequest,
    book: PolicyBook,
    *,
    language: Language = "en",
    limits: Limits = DEFAULT_LIMITS,
    version_on: date | None = None,
) -> Quote:
    """Quote one assignment under its policy; raise InvalidRequest if it cannot be quoted.

    The policy's version is the one in force at the first start, or on `version_on` when given
    (a month re-rated under another date's price list).
    """
    versions = book.versions(request.policy)
    compiled = versions.single or versions.latest
    sittings = _sittings(request, compiled, limits)
    if version_on is not None and versions.single is None:
        compiled = versions.on(version_on)
        sittings = _sittings(request, compiled, limits)
    elif versions.single is None:
        compiled, sittings = _in_force(request, versions, sittings, limits)
    policy = compiled.policy
    _check_facts(request, compiled, sittings)
    place, facts = facts_of(request, compiled)
    reasons = _Reasons(compiled, language)

    tally = _judge(compiled, sittings, facts, reasons)
    billable_minutes, quotas = _round(tally, reasons)
    rate = compiled.default_rate if request.hourly_rate is None else money(request.hourly_rate)
    bands = _band_lines(compiled, tally, quotas, billable_minutes, rate, reasons)
    travel = _travel(compiled, facts, place, tally.visited, reasons)
    materials = []
    for material in request.materials:
        outcome = policy.materials[material.kind]
        amount = money(material.amount)
        materials.append(MaterialLine(material.kind, material.description, amount, outcome.clause))
        reasons.cite((outcome,))
    if request.support_level is not None:
        reasons.cite((compiled.support_levels[request.support_level],))

    labour_amount = sum([line.amount for line in bands], ZERO)
    materials_amount = sum([line.amount for line in materials], ZERO)
    total = labour_amount + materials_amount + (travel.amount or ZERO)
    vat_amount = money(total * policy.vat_rate)
    worked, billable = tally.worked, tally.billable
    return Quote(
        policy=policy.id,
        policy_version=compiled.version,
        currency=policy.currency,
        coverage=_coverage_of(worked, billable),
        billable_option="billable" if billable_minutes else "no_charge",
        worked_minutes=_minutes(worked),
        free_minutes=_minutes(worked - billable),
        billable_minutes=billable_minutes,
        hours_worked=_minutes(worked // 60),
        hours_to_bill=_minutes(billable_minutes * UNIT // 60),
        hourly_rate=rate,
        bands=bands,
        travel=travel,
        materials=materials,
        labour_amount=labour_amount,
        materials_amount=materials_amount,
        total=total,
        total_complete=travel.status != "unpriced",
        vat_rate=policy.vat_rate,
        vat_amount=vat_amount,
        total_incl_vat=total + vat_amount,
        support_level=request.support_level,
        ticket_id=request.ticket_id,
        customer_id=request.customer_id,
        sessions=tally.lines,
        reasons=reasons.all(),
    )
