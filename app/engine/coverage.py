"""Decide, from a policy's rules, whether a sitting is free, billable, or billable out of hours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from app.engine.policy import Condition, Coverage, Effect, Outcome
from app.engine.request import Channel, QuoteRequest

if TYPE_CHECKING:
    from app.engine.book import CompiledPolicy
    from app.engine.places import Place

# The strongest effect among the rules that match decides: any exception that bills the whole
# sitting beats the office-hours rule, which beats a rule that makes work free.
PRECEDENCE: dict[str, int] = {"free": 0, "billable_outside_office_hours": 1, "billable": 2}


class Facts(NamedTuple):
    """What the rules may ask of a request, apart from its times (hashed for the cache)."""

    work_kind: str
    equipment_from: str | None
    causes: frozenset[str]
    ticket_id_missing: bool
    training_planned: bool
    training_group: bool
    instruction_minutes: int
    zones: frozenset[str] | None
    ferry: bool
    urgent: bool

    @classmethod
    def of(cls, request: QuoteRequest, zones: frozenset[str] | None) -> Facts:
        training = request.training
        return cls(
            request.work_kind,
            request.equipment_from,
            frozenset(request.causes),
            request.ticket_id is None,
            training.planned if training else False,
            training.group if training else False,
            training.instruction_minutes if training else 0,
            zones,
            request.location.ferry if request.location else False,
            request.urgent,
        )


# Whether a band piece is billable under each effect: (inside office hours, outside them).
_BILLABLE_WHERE: dict[str, tuple[bool, bool]] = {
    "free": (False, False),
    "billable_outside_office_hours": (False, True),
    "billable": (True, True),
}


def billable_where(effect: str) -> tuple[bool, bool]:
    """Return whether work under a coverage effect is billable (inside office hours, outside
    them): the one rule the quote's money and the trace's picture both follow."""
    try:
        return _BILLABLE_WHERE[effect]
    except KeyError:
        raise ValueError(f"no billing rule for the coverage effect {effect!r}") from None


def facts_of(request: QuoteRequest, compiled: CompiledPolicy) -> tuple[Place | None, Facts]:
    """Return where a request's work was done (as the policy knows the place) and its facts."""
    place = compiled.places.locate(request.location.municipality) if request.location else None
    return place, Facts.of(request, place.zones if place else None)


Check = Callable[[Facts, str], bool]
_EQUAL_FIELDS = ("ticket_id_missing", "training_planned", "training_group", "ferry", "urgent")
_MEMBER_FIELDS = ("work_kind", "equipment_from")


def _fact_in(name: str, values: tuple[str, ...]) -> Check:
    allowed = frozenset(values)
    return lambda facts, channel: getattr(facts, name) in allowed


def _fact_is(name: str, value: bool) -> Check:
    return lambda facts, channel: bool(getattr(facts, name) == value)


def _channel_in(values: tuple[str, ...]) -> Check:
    allowed = frozenset(values)
    return lambda facts, channel: channel in allowed


def _any_cause(values: tuple[str, ...]) -> Check:
    wanted = frozenset(values)
    return lambda facts, channel: not facts.causes.isdisjoint(wanted)


def _instruction_over(limit: int) -> Check:
    return lambda facts, channel: facts.instruction_minutes > limit


def _in_zone(zone: str, inside: bool) -> Check:
    return lambda facts, channel: facts.zones is not None and (zone in facts.zones) == inside


def compile_condition(condition: Condition) -> Check:
    """Return a predicate that holds when every field the condition sets matches."""
    c = condition
    checks: list[Check] = []
    for name in _MEMBER_FIELDS:
        if (values := getattr(c, name)) is not None:
            checks.append(_fact_in(name, values))
    for name in _EQUAL_FIELDS:
        if (value := getattr(c, name)) is not None:
            checks.append(_fact_is(name, value))
    if c.channel is not None:
        checks.append(_channel_in(c.channel))
    if c.cause is not None:
        checks.append(_any_cause(c.cause))
    if c.training_instruction_minutes_over is not None:
        checks.append(_instruction_over(c.training_instruction_minutes_over))
    if c.inside_zone is not None:
        checks.append(_in_zone(c.inside_zone, inside=True))
    if c.outside_zone is not None:
        checks.append(_in_zone(c.outside_zone, inside=False))
    return lambda facts, channel: all(check(facts, channel) for check in checks)


@dataclass(frozen=True, slots=True)
class Decision:
    """The effect on one sitting, the rules that decided it, and why any free part is free."""

    effect: Effect
    deciding: tuple[Outcome, ...]
    free_because: tuple[Outcome, ...]


class CoverageRules:
    """A policy's coverage rules, compiled once; decisions are cached by facts and channel."""

    def __init__(self, coverage: Coverage) -> None:
        self._default = coverage.default
        self._rules = [
            (
                rule,
                compile_condition(rule.when),
                compile_condition(rule.unless) if rule.unless else None,
            )
            for rule in coverage.rules
        ]
        self.decide = lru_cache(maxsize=4096)(self._decide)

    def _decide(self, facts: Facts, channel: Channel) -> Decision:
        matched = [
            rule
            for rule, when, unless in self._rules
            if when(facts, channel) and not (unless and unless(facts, channel))
        ]
        if not matched:
            default: tuple[Outcome, ...] = (self._default,)
            free_part = default if self._default.effect == "free" else ()
            return Decision(self._default.effect, default, free_part)
        effect = max((rule.effect for rule in matched), key=PRECEDENCE.__getitem__)
        deciding = tuple(rule for rule in matched if rule.effect == effect)
        free: tuple[Outcome, ...] = tuple(rule for rule in matched if rule.effect == "free")
        if not free and self._default.effect == "free":
            free = (self._default,)
        return Decision(effect, deciding, free)


# Ordinary support: a case with a ticket number, no recorded cause, nothing that asks a place.
ORDINARY_SUPPORT = Facts("support", None, frozenset(), False, False, False, 0, None, False, False)


def ordinary_support(rules: CoverageRules, channel: Channel) -> tuple[Decision, bool, bool]:
    """Return how ordinary support is covered: the decision, and whether it is billable inside
    office hours and outside them (what a policy's week shows)."""
    decision = rules.decide(ORDINARY_SUPPORT, channel)
    inside, outside = billable_where(decision.effect)
    return decision, inside, outside
