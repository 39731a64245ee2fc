"""A policy's rules as lines a person reads, by topic, in the page's language.

Every line names its clause (the first of each clause is the anchor a quote's reasons link to),
says in short what the rule does and when, and gives the policy's own message for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.engine import Condition, Language, Message, Policy, TimeRange
from app.web.labels import words
from app.web.vocabulary import term

# What kind of value each condition field holds (how its values are named).
_VALUE_KINDS = {
    "work_kind": "work_kind",
    "channel": "channel",
    "equipment_from": "equipment_from",
    "cause": "cause",
    "inside_zone": "zone",
    "outside_zone": "zone",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of the terms: its clause, what it says in short, its message and its code."""

    clause: str | None
    title: str
    text: str
    code: str | None = None
    anchor: str | None = None


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hours_text(hours: TimeRange, language: Language) -> str:
    """Return when a time range holds: "working days 08:00–16:00"."""
    return f"{term(language, 'days', hours.days)} {clock(hours.start)}–{clock(hours.end)}"


def _value(name: str, value: object, language: Language, said: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return said["yes"] if value else said["no"]
    kind = _VALUE_KINDS.get(name)
    values = value if isinstance(value, list | tuple) else [value]
    return ", ".join(term(language, kind, v) if kind else str(v) for v in values)


def condition_text(
    condition: Condition | None, word: str, language: Language, said: Mapping[str, str]
) -> str:
    """Return a rule's condition as a sentence: "When work kind: development."."""
    if condition is None:
        return ""
    fields = condition.model_dump(exclude_none=True)
    parts = [
        f"{term(language, 'condition', name)}: {_value(name, value, language, said)}"
        for name, value in fields.items()
    ]
    return f"{said[word]} {'; '.join(parts)}." if parts else ""


def _message(message: Message, language: Language) -> str:
    return message.text(language).replace("{worked}", "…").replace("{billed}", "…")


def sections(policy: Policy, language: Language) -> dict[str, list[Rule]]:
    """Return the policy's rules by topic (a key of the page's words), as terms are read."""
    said = words(language)
    bands = [
        Rule(
            band.clause,
            f"{term(language, 'band', band.id)} ×{band.multiplier:.2f}",
            hours_text(band, language),
            band.id,
        )
        for band in policy.bands
    ]
    if policy.office_hours:
        hours = policy.office_hours
        bands.append(Rule(hours.clause, said["office"], hours_text(hours, language)))
    channels = ", ".join(term(language, "channel", c) for c in policy.channels.allowed)
    found: dict[str, list[Rule]] = {
        "rate_bands": bands,
        "channels": [Rule(policy.channels.clause, said["channels"], channels)],
    }
    default = policy.coverage.default
    found["coverage_rules"] = [
        Rule(
            default.clause,
            f"{said['otherwise']} {term(language, 'effect', default.effect)}",
            _message(default.message, language),
            default.code,
        )
    ] + [
        Rule(
            rule.clause,
            term(language, "effect", rule.effect),
            " ".join(
                filter(
                    None,
                    [
                        _message(rule.message, language),
                        condition_text(rule.when, "when", language, said),
                        condition_text(rule.unless, "unless", language, said),
                    ],
                )
            ),
            rule.code,
        )
        for rule in policy.coverage.rules
    ]
    roundings = [(said["all_channels"], policy.rounding.default)] + [
        (term(language, "channel", channel), rule)
        for channel, rule in policy.rounding.by_channel.items()
    ]
    found["rounding_rules"] = [
        Rule(
            rule.clause,
            f"{channel}: "
            + said["rounding_summary"].format(
                minimum=rule.minimum, steps=", ".join(map(str, rule.steps))
            ),
            _message(rule.message, language),
        )
        for channel, rule in roundings
    ]
    found["travel_rules"] = [
        Rule(
            rule.clause,
            term(language, "travel_status", rule.status)
            + (f" {rule.fee} {policy.currency}" if rule.fee is not None else ""),
            " ".join(
                filter(
                    None,
                    [
                        _message(rule.message, language),
                        condition_text(rule.when, "when", language, said),
                    ],
                )
            ),
            rule.code,
        )
        for rule in policy.travel
    ]
    found["material_rules"] = [
        Rule(
            outcome.clause,
            term(language, "material_kind", kind),
            _message(outcome.message, language),
            outcome.code,
        )
        for kind, outcome in policy.materials.items()
    ]
    found["support_levels"] = [
        Rule(
            level.clause,
            term(language, "support_level", level.id),
            _message(level.message, language),
            level.code,
        )
        for level in policy.support_levels
    ]
    if policy.fair_use:
        fair = policy.fair_use
        found["fair_use_rules"] = [
            Rule(
                fair.clause,
                said["tickets_a_month"].format(count=fair.tickets_per_month),
                _message(fair.message, language),
                fair.code,
            )
        ]
    return _anchored({name: rules for name, rules in found.items() if rules})


def _anchored(found: dict[str, list[Rule]]) -> dict[str, list[Rule]]:
    """Give the first rule of each clause the anchor `clause-<id>`."""
    seen: set[str] = set()
    anchored: dict[str, list[Rule]] = {}
    for name, rules in found.items():
        anchored[name] = []
        for rule in rules:
            anchor = None
            if rule.clause and rule.clause not in seen:
                seen.add(rule.clause)
                anchor = f"clause-{rule.clause}"
            anchored[name].append(Rule(rule.clause, rule.title, rule.text, rule.code, anchor))
    return anchored
