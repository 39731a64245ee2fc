"""A policy's page at `/policies/{id}`: its week drawn, its holidays, its rules clause by clause.

Every rule is listed with its clause id (the first of each clause is the anchor that a quote's
reasons link to), its effect, its condition and its message in the language asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import Response

from app.api.deps import service_of
from app.engine import CompiledPolicy, Condition, Language, Message, Policy
from app.web.labels import words
from app.web.pictures import week_svg
from app.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
HOLIDAY_LANGUAGES: dict[Language, str] = {"en": "en_US", "sv": "sv", "nb": "no"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of the terms: its clause, what it says in short, and its message."""

    clause: str | None
    title: str
    text: str
    anchor: str | None = None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def _condition(condition: Condition | None, word: str) -> str:
    if condition is None:
        return ""
    fields = condition.model_dump(exclude_none=True)
    parts = [f"{name.replace('_', ' ')}: {_value(value)}" for name, value in fields.items()]
    return f"{word} {'; '.join(parts)}." if parts else ""


def _message(message: Message, language: Language) -> str:
    return message.text(language).replace("{worked}", "…").replace("{billed}", "…")


def _sections(policy: Policy, language: Language) -> dict[str, list[Rule]]:
    """Return the policy's rules by topic (a key of the page's words), as terms are read."""
    sections: dict[str, list[Rule]] = {
        "rate_bands": [
            Rule(
                band.clause,
                f"{band.id} ×{band.multiplier:.2f}",
                f"{band.days.replace('_', '-')} days {_clock(band.start)}–{_clock(band.end)}",
            )
            for band in policy.bands
        ],
    }
    if policy.office_hours:
        hours = policy.office_hours
        sections["rate_bands"].append(
            Rule(
                hours.clause,
                "office hours",
                f"{hours.days.replace('_', '-')} days {_clock(hours.start)}–{_clock(hours.end)}",
            )
        )
    sections["channels"] = [
        Rule(policy.channels.clause, "channels", ", ".join(policy.channels.allowed))
    ]
    coverage = policy.coverage
    sections["coverage_rules"] = [
        Rule(
            coverage.default.clause,
            f"otherwise {coverage.default.effect} ({coverage.default.code})",
            _message(coverage.default.message, language),
        )
    ] + [
        Rule(
            rule.clause,
            f"{rule.effect.replace('_', ' ')} ({rule.code})",
            " ".join(
                filter(
                    None,
                    [
                        _message(rule.message, language),
                        _condition(rule.when, "When"),
                        _condition(rule.unless, "Unless"),
                    ],
                )
            ),
        )
        for rule in coverage.rules
    ]
    roundings = [("all channels", policy.rounding.default)] + [
        (channel, rule) for channel, rule in policy.rounding.by_channel.items()
    ]
    sections["rounding_rules"] = [
        Rule(
            rule.clause,
            f"{channel}: at least {rule.minimum} min, then steps of "
            f"{', '.join(map(str, rule.steps))} min",
            _message(rule.message, language),
        )
        for channel, rule in roundings
    ]
    sections["travel_rules"] = [
        Rule(
            rule.clause,
            f"{rule.status}{f' {rule.fee} {policy.currency}' if rule.fee is not None else ''}"
            f" ({rule.code})",
            " ".join(
                filter(None, [_message(rule.message, language), _condition(rule.when, "When")])
            ),
        )
        for rule in policy.travel
    ]
    sections["material_rules"] = [
        Rule(outcome.clause, kind.replace("_", " "), _message(outcome.message, language))
        for kind, outcome in policy.materials.items()
    ]
    sections["support_levels"] = [
        Rule(level.clause, level.id, _message(level.message, language))
        for level in policy.support_levels
    ]
    if policy.fair_use:
        fair = policy.fair_use
        sections["fair_use_rules"] = [
            Rule(
                fair.clause,
                f"{fair.tickets_per_month} tickets a month",
                _message(fair.message, language),
            )
        ]
    return _anchored({name: rules for name, rules in sections.items() if rules})


def _anchored(sections: dict[str, list[Rule]]) -> dict[str, list[Rule]]:
    """Give the first rule of each clause the anchor `clause-<id>`."""
    seen: set[str] = set()
    anchored: dict[str, list[Rule]] = {}
    for name, rules in sections.items():
        anchored[name] = []
        for rule in rules:
            anchor = None
            if rule.clause and rule.clause not in seen:
                seen.add(rule.clause)
                anchor = f"clause-{rule.clause}"
            anchored[name].append(Rule(rule.clause, rule.title, rule.text, anchor))
    return anchored


def _holidays(compiled: CompiledPolicy, year: int, language: Language) -> list[tuple[date, str]]:
    calendar = compiled.timeline.holidays
    try:
        named = calendar.named(year, HOLIDAY_LANGUAGES[language])
    except (NotImplementedError, ValueError):
        named = calendar.named(year)
    return list(named.items())


def _asked(
    year: str | None, on: str | None, errors: list[tuple[str, str, str]]
) -> tuple[int, date]:
    """Return the year of the holidays and the day whose version to show (today's by default)."""
    today = date.today()
    day = today
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            errors.append(("on", "on", "not a date, e.g. 2027-01-01"))
    wanted = day.year if on and day != today else today.year
    if year:
        try:
            wanted = int(year)
        except ValueError:
            errors.append(("year", "year", "not a year, e.g. 2027"))
    return wanted, day


@router.get("/policies/{policy_id}")
async def policy_page(
    request: Request,
    policy_id: str,
    year: str | None = None,
    on: str | None = None,
    lang: str | None = None,
) -> Response:
    """Show one policy (the version in force on a day): its week, holidays and rules."""
    book = service_of(request).book
    language = language_of(request, lang)
    if policy_id not in book:
        missing = [("policy", "policy", f"no policy {policy_id!r}; loaded: {', '.join(book)}")]
        return render(request, "missing.html", 404, language=language, errors=missing)
    errors: list[tuple[str, str, str]] = []
    wanted, day = _asked(year, on, errors)
    history = book.versions(policy_id)
    compiled = history.on(day)
    timeline = compiled.timeline
    context: dict[str, Any] = {}
    if timeline.first_year <= wanted <= timeline.last_year:
        context["holidays"] = _holidays(compiled, wanted, language)
    elif not errors:
        known = f"holidays are known from {timeline.first_year} to {timeline.last_year}"
        errors.append(("year", "year", known))
    policy = compiled.policy
    return render(
        request,
        "policy.html",
        422 if errors else 200,
        section=policy.id,
        language=language,
        policy=policy,
        year=wanted,
        versions=[v.policy.valid_from for v in history.all if v.policy.valid_from],
        errors=errors,
        week=Markup(week_svg(policy, words(language)["days"].split())),  # noqa: S704
        sections=_sections(policy, language),
        **context,
    )
