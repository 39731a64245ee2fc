"""Load policy files, check them whole, and keep them compiled for quoting."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import ValidationError

from app.engine.coverage import Check, CoverageRules, Facts, compile_condition
from app.engine.derive import Source, layer_all
from app.engine.errors import FieldProblem, PolicyError, UnknownPolicy
from app.engine.messages import render
from app.engine.places import Places
from app.engine.policy import (
    Condition,
    Language,
    Outcome,
    Policy,
    RoundingRule,
    SupportLevel,
    TravelRule,
)
from app.engine.result import Reason
from app.engine.timeline import TilingError, Timeline
from app.engine.versions import PolicyVersions

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "policies"
ROUNDING_FIELDS = {"worked", "billed"}
_NAMED_CHECK = re.compile(r"^Value error, ([a-z_]+): (.*)$", re.DOTALL)
# Bounds on a policy file, far above any real one (the built-ins: 12 KB, 6 levels deep).
MAX_POLICY_BYTES = 256 * 1024
MAX_NESTING = 12


class CompiledPolicy:
    """A policy with its calendar, places and rules prepared for quoting."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.version = policy.valid_from.isoformat() if policy.valid_from else None
        self.timeline = Timeline(policy)
        self.places = Places(policy.zones)
        self.coverage = CoverageRules(policy.coverage)
        self.travel: list[tuple[TravelRule, Check]] = [
            (rule, compile_condition(rule.when)) for rule in policy.travel
        ]
        self.support_levels: dict[str, SupportLevel] = {s.id: s for s in policy.support_levels}
        self.rounding_for: dict[str, RoundingRule] = {
            channel: policy.rounding.by_channel.get(channel, policy.rounding.default)
            for channel in policy.channels.allowed
        }
        self.default_rate = policy.default_hourly_rate.quantize(Decimal("0.01"))
        self._reasons: dict[tuple[int, Language], Reason] = {}
        self.band_reason = lru_cache(maxsize=4096)(self._band_reason)
        self.travel_rule = lru_cache(maxsize=4096)(self._travel_rule)

    def _travel_rule(self, facts: Facts) -> TravelRule:
        """Return the first travel rule that matches an on-site visit with these facts."""
        return next(rule for rule, when in self.travel if when(facts, "onsite"))

    def reason(self, outcome: Outcome, language: Language) -> Reason:
        """Return the reason an outcome of this policy gives, in a language (made once)."""
        key = (id(outcome), language)
        reason = self._reasons.get(key)
        if reason is None:
            text = outcome.message.text(language)
            reason = self._reasons[key] = Reason(outcome.clause, outcome.code, text)
        return reason

    def _band_reason(self, index: int, billed: int, language: Language) -> Reason:
        band = self.policy.bands[index]
        text = render("band", language, billed=billed, band=band.id, multiplier=band.multiplier)
        return Reason(band.clause, f"band_{band.id}", text)


def _problems_of(policy: Policy) -> list[FieldProblem]:
    """Return what the schema alone cannot catch: references, orders, tiling, templates."""
    problems: list[FieldProblem] = []
    zone_ids = [zone.id for zone in policy.zones]

    def check_zones(condition: Condition, field: str) -> None:
        for key in ("inside_zone", "outside_zone"):
            zone = getattr(condition, key)
            if zone is not None and zone not in zone_ids:
                problems.append(FieldProblem(f"{field}.{key}", f"no zone {zone!r} in zones"))

    try:
        ZoneInfo(policy.calendar.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(FieldProblem("calendar.timezone", "not an IANA time zone"))
    try:
        holidays.country_holidays(
            policy.calendar.holidays_country, categories=policy.calendar.holiday_categories
        )
    except NotImplementedError:
        problems.append(FieldProblem("calendar.holidays_country", "no such holiday calendar"))
    except ValueError as error:
        problems.append(FieldProblem("calendar.holiday_categories", str(error)))
    for name, ids in (("bands", [b.id for b in policy.bands]), ("zones", zone_ids)):
        if len(set(ids)) != len(ids):
            problems.append(FieldProblem(name, "ids must be unique"))
    for i, rule in enumerate(policy.coverage.rules):
        field = f"coverage.rules.{i}"
        if rule.effect == "billable_outside_office_hours" and policy.office_hours is None:
            problems.append(FieldProblem(f"{field}.effect", "needs office_hours in the policy"))
        check_zones(rule.when, f"{field}.when")
        if rule.unless:
            check_zones(rule.unless, f"{field}.unless")
    for i, travel in enumerate(policy.travel):
        field = f"travel.{i}"
        check_zones(travel.when, f"{field}.when")
        if (travel.status == "charged") != (travel.fee is not None):
            problems.append(FieldProblem(f"{field}.fee", "a fee goes with status 'charged' only"))
    if policy.travel[-1].when != Condition():
        problems.append(
            FieldProblem(f"travel.{len(policy.travel) - 1}.when", "the last rule must match all")
        )
    roundings = [("default", policy.rounding.default)] + [
        (f"by_channel.{channel}", r) for channel, r in policy.rounding.by_channel.items()
    ]
    for name, rounding in roundings:
        if list(rounding.steps) != sorted(set(rounding.steps)) or rounding.steps[0] <= 0:
            problems.append(FieldProblem(f"rounding.{name}.steps", "must rise, above 0"))
        for language in ("en", "sv", "nb"):
            text = getattr(rounding.message, language) or ""
            used = {field for _, field, _, _ in Formatter().parse(text) if field}
            if used - ROUNDING_FIELDS:
                problems.append(
                    FieldProblem(
                        f"rounding.{name}.message.{language}",
                        f"unknown placeholder(s) {sorted(used - ROUNDING_FIELDS)}; "
                        f"use {sorted(ROUNDING_FIELDS)}",
                    )
                )
    return problems


def _nested_deeper_than(data: Any, most: int) -> bool:
    """Return whether tables and arrays nest more than `most` levels (counted without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > most:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack += [(child, depth + 1) for child in children if isinstance(child, (dict, list))]
    return False


def _parse(text: str, source: str) -> dict[str, Any]:
    too_deep = FieldProblem("(file)", f"tables and arrays nest more than {MAX_NESTING} levels")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(source, [FieldProblem("(file)", f"not valid TOML: {error}")]) from None
    except RecursionError:  # nested past what the parser can follow
        raise PolicyError(source, [too_deep]) from None
    if _nested_deeper_than(data, MAX_NESTING):
        raise PolicyError(source, [too_deep])
    return data


def _field_problem(field: str, message: str) -> FieldProblem:
    """Name the field a model check names (`Value error, organisation_number: ...`)."""
    named = _NAMED_CHECK.match(message)
    if named:
        return FieldProblem(f"{field}.{named[1]}", named[2])
    return FieldProblem(field or "(file)", message)


def compile_policy(
    data: dict[str, Any], source: str, expected_id: str | None = None
) -> CompiledPolicy:
    """Validate and compile one whole policy document; `source` names it in errors."""
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(
            source,
            [_field_problem(".".join(str(p) for p in e["loc"]), e["msg"]) for e in error.errors()],
        ) from None
    problems = _problems_of(policy)
    if expected_id is not None and policy.id != expected_id:
        problems.append(FieldProblem("id", f"{policy.id!r} differs from the file name"))
    if problems:
        raise PolicyError(source, problems)
    try:
        return CompiledPolicy(policy)
    except TilingError as error:
        raise PolicyError(source, [FieldProblem("bands", str(error))]) from None


def compile_all(sources: list[Source], check_names: bool) -> list[PolicyVersions]:
    """Layer every policy on the one it extends, then check each version like a full file."""
    histories = []
    for layers in layer_all(sources):
        dated = len(layers) > 1
        compiled = [
            compile_policy(
                layer.data,
                f"{layer.source.path} (version {layer.valid_from})" if dated else layer.source.path,
                layer.source.id if check_names else None,
            )
            for layer in layers
        ]
        histories.append(PolicyVersions(compiled))
    return histories


def load_policy_text(text: str, source: str, expected_id: str | None = None) -> CompiledPolicy:
    """Parse, validate and compile one self-contained policy; return its latest version."""
    data = _parse(text, source)
    named = data.get("id") if isinstance(data.get("id"), str) else None
    (history,) = compile_all(
        [Source(source, expected_id or named or source, data)], check_names=expected_id is not None
    )
    return history.latest


def read_source(path: Path) -> Source:
    """Read one policy file; its name (without `.toml`) must be its id."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_POLICY_BYTES + 1)
        if len(raw) > MAX_POLICY_BYTES:
            problem = FieldProblem("(file)", f"larger than {MAX_POLICY_BYTES // 1024} KiB")
            raise PolicyError(str(path), [problem])
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(str(path), [FieldProblem("(file)", f"cannot read: {error}")]) from None
    return Source(str(path), path.stem, _parse(text, str(path)))


def load_policy_file(path: Path) -> CompiledPolicy:
    """Load one policy file (it may extend a built-in); return its latest version.

    Its name (without `.toml`) must be its id.
    """
    source = read_source(path)
    builtins = [read_source(p) for p in sorted(BUILTIN_DIR.glob("*.toml")) if p.stem != source.id]
    histories = compile_all([*builtins, source], check_names=True)
    return next(h for h in histories if h.id == source.id).latest


class PolicyBook(Mapping[str, CompiledPolicy]):
    """The loaded policies by id: each its versions; `book[id]` is the latest version."""

    def __init__(self, policies: Iterable[PolicyVersions | CompiledPolicy]) -> None:
        self._by_id = {
            history.id: history
            for history in (
                p if isinstance(p, PolicyVersions) else PolicyVersions([p]) for p in policies
            )
        }

    def __getitem__(self, policy_id: str) -> CompiledPolicy:
        return self._by_id[policy_id].latest

    def versions(self, policy_id: str) -> PolicyVersions:
        """Return the versions of the policy a request names, or raise UnknownPolicy."""
        history = self._by_id.get(policy_id)
        if history is None:
            raise UnknownPolicy(policy_id, sorted(self._by_id))
        return history

    def versions_or_none(self, policy_id: str) -> PolicyVersions | None:
        """Return the versions of a policy, or None when there is no such policy."""
        return self._by_id.get(policy_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def policy_files(extra_dir: Path | None = None) -> list[Path]:
    """Return the built-in policy files and, if given, every `*.toml` in `extra_dir`."""
    files = sorted(BUILTIN_DIR.glob("*.toml"))
    if extra_dir is not None:
        if not extra_dir.is_dir():
            raise PolicyError(str(extra_dir), [FieldProblem("(folder)", "not a folder")])
        files += sorted(extra_dir.glob("*.toml"))
    return files


def load_policies(extra_dir: Path | None = None) -> PolicyBook:
    """Load the built-in policies and, if given, every `*.toml` in `extra_dir`.

    A file may extend any other loaded policy; each is checked whole, version by version.
    """
    sources: dict[str, Source] = {}
    for path in policy_files(extra_dir):
        source = read_source(path)
        if source.id in sources:
            raise PolicyError(str(path), [FieldProblem("id", f"{source.id!r} is already loaded")])
        sources[source.id] = source
    return PolicyBook(compile_all(list(sources.values()), check_names=True))
