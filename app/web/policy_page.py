"""The terms' pages: `/policies` lists each provider with the contracts under it, and
`/policies/{id}` shows one: its week drawn, what a contract extends and changes, its holidays
and its rules clause by clause (`policy_rules`), in the language asked for.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import holidays
from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import Response

from app.api.deps import service_of
from app.engine import CompiledPolicy, Language
from app.web.contract import contract_of
from app.web.pictures import COMPACT
from app.web.policy_rules import hours_text, sections
from app.web.rendering import language_of, provider_of, render
from app.web.translated_problems import field_errors
from app.web.vocabulary import COUNTRY_LANGUAGES, HOLIDAY_LANGUAGES, date_text
from app.web.week_picture import week_svg, week_tiles

router = APIRouter(include_in_schema=False)


def holidays_named(compiled: CompiledPolicy, year: int, language: Language) -> dict[date, str]:
    """Return a year's holidays named in the page's language, else in the country's own."""
    calendar = compiled.timeline.holidays
    country = compiled.policy.calendar.holidays_country
    known = _languages_of(country)
    for asked in (HOLIDAY_LANGUAGES[language], COUNTRY_LANGUAGES.get(country, "en_US")):
        if asked in known:
            return calendar.named(year, asked)
    return calendar.named(year)


@cache
def _languages_of(country: str) -> tuple[str, ...]:
    """Return the languages the `holidays` library names a country's holidays in (it falls
    back to English, silently, for any other)."""
    try:
        return tuple(holidays.country_holidays(country).supported_languages)
    except NotImplementedError:
        return ()


def _asked(year: str | None, on: str | None, errors: list[tuple[str, str]]) -> tuple[int, date]:
    """Return the year of the holidays and the day whose version to show (today's by default)."""
    today = date.today()
    day = today
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            errors.append(("on", "not a date, e.g. 2027-01-01"))
    wanted = day.year if on and day != today else today.year
    if year:
        try:
            wanted = int(year)
        except ValueError:
            errors.append(("year", "not a year, e.g. 2027"))
    return wanted, day


@router.get("/policies")
async def policies_page(request: Request, lang: str | None = None) -> Response:
    """List each provider's terms with the contracts that extend them."""
    return render(request, "policies.html", section="terms", language=language_of(request, lang))


@router.get("/policies/{policy_id}")
async def policy_page(
    request: Request,
    policy_id: str,
    year: str | None = None,
    on: str | None = None,
    lang: str | None = None,
) -> Response:
    """Show one policy (the version in force on a day): its week, changes, holidays and rules."""
    book = service_of(request).book
    language = language_of(request, lang)
    if policy_id not in book:
        known = ", ".join(book)
        missing = field_errors(
            [("", f"no policy {policy_id!r}; loaded: {known}")], language, "policy"
        )
        return render(request, "missing.html", 404, language=language, errors=missing)
    problems: list[tuple[str, str]] = []
    wanted, day = _asked(year, on, problems)
    history = book.versions(policy_id)
    compiled = history.on(day)
    timeline = compiled.timeline
    context: dict[str, Any] = {}
    if timeline.first_year <= wanted <= timeline.last_year:
        context["holidays"] = [
            (holiday, date_text(holiday, language), name)
            for holiday, name in holidays_named(compiled, wanted, language).items()
        ]
    elif not problems:
        known = f"holidays are known from {timeline.first_year} to {timeline.last_year}"
        problems.append(("year", known))
    policy = compiled.policy
    errors = [e for field, text in problems for e in field_errors([("", text)], language, field)]
    return render(
        request,
        "policy.html",
        422 if errors else 200,
        section=policy.id,
        current_provider=provider_of(book, policy),
        language=language,
        policy=policy,
        year=wanted,
        versions=[v.policy.valid_from for v in history.all if v.policy.valid_from],
        contract=contract_of(book, policy_id, day, language),
        errors=errors,
        office_hours=hours_text(policy.office_hours, language) if policy.office_hours else None,
        week=Markup(week_svg(compiled, language)),  # noqa: S704 (our SVG)
        week_compact=Markup(week_svg(compiled, language, COMPACT)),  # noqa: S704
        week_has_free=any(not tile.billable for tile in week_tiles(compiled)[0]),
        sections=sections(policy, language),
        **context,
    )
