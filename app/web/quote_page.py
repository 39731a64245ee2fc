"""The quote page at `/`: a form for one assignment and, once sent, its quote and timeline; and
the same page at `/quote?r=…`, the quote's permanent link (`permalink`).

The routes read the form or the link, call the engine in process (not over HTTP) and render a
template; the figures and the reasons are the engine's, the timeline is drawn from its trace.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, get_args
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import Response

from app.api.deps import service_of
from app.engine import (
    Cause,
    Channel,
    EquipmentFrom,
    FieldProblem,
    InvalidRequest,
    Language,
    MaterialKind,
    PolicyBook,
    QuoteRequest,
    Trace,
    WorkKind,
    quote,
    trace,
)
from app.web.form import MATERIAL_ROWS, SITTING_ROWS, QuoteForm, form_of, read_form
from app.web.permalink import BadLink, decode, link_of
from app.web.pictures import COMPACT
from app.web.policy_page import holidays_named
from app.web.rendering import language_of, render
from app.web.timeline_picture import timeline_svg
from app.web.translated_problems import page_errors

router = APIRouter(include_in_schema=False)


def _choices(book: PolicyBook) -> dict[str, Any]:
    """Return what the form offers: the request's choices and each policy's places and levels."""
    places: dict[str, list[tuple[str, str]]] = {}
    for policy_id, compiled in book.items():
        known = {m.code: m.name for zone in compiled.policy.zones for m in zone.municipalities}
        places[policy_id] = sorted(known.items(), key=lambda item: item[1])
    return {
        "channels": get_args(Channel),
        "work_kinds": get_args(WorkKind),
        "equipment": get_args(EquipmentFrom),
        "causes": get_args(Cause),
        "material_kinds": get_args(MaterialKind),
        "places": places,
        "levels": {pid: [s.id for s in c.policy.support_levels] for pid, c in book.items()},
        "timezones": {pid: c.policy.calendar.timezone for pid, c in book.items()},
    }


def _form_page(
    request: Request, typed: QuoteForm, language: Language, status: int = 200, **result: Any
) -> Response:
    book = service_of(request).book
    # The rows filled in, then blank ones to add more without scripts.
    sittings = typed.sittings + [{}] * max(1, 2 - len(typed.sittings))
    materials = typed.materials + [{}]
    return render(
        request,
        "quote.html",
        status,
        section="quote",
        language=language,
        form=typed,
        sittings=sittings[:SITTING_ROWS],
        materials=materials[:MATERIAL_ROWS],
        **_choices(book),
        **result,
    )


def _in_language(traced: Trace, book: PolicyBook, language: Language) -> Trace:
    """Return a trace whose holidays are named in the page's language."""
    compiled = book[traced.policy.id]
    years = {day.year for sitting in traced.sittings for day, _ in sitting.holidays}
    named: dict[date, str] = {}
    for year in years:
        named |= holidays_named(compiled, year, language)
    return replace(
        traced,
        sittings=tuple(
            replace(s, holidays=tuple((day, named.get(day, name)) for day, name in s.holidays))
            for s in traced.sittings
        ),
    )


def _quoted_page(
    request: Request, typed: QuoteForm, asked: QuoteRequest, language: Language
) -> Response:
    """Quote a request and show it with its timeline and link, or show what stops it."""
    service = service_of(request)
    try:
        quoted = quote(asked, service.book, language=language, limits=service.limits)
    except InvalidRequest as error:
        return _problems_page(request, typed, error.problems, language)
    traced = _in_language(trace(asked, service.book), service.book, language)
    return _form_page(
        request,
        typed,
        language,
        quote=quoted,
        trace=traced,
        timeline=Markup(timeline_svg(traced, language)),  # noqa: S704 (our SVG)
        timeline_compact=Markup(timeline_svg(traced, language, COMPACT)),  # noqa: S704
        permalink=link_of(asked, language),
        api_request=asked.model_dump_json(exclude_defaults=True, indent=2),
    )


def _problems_page(
    request: Request,
    typed: QuoteForm,
    problems: list[FieldProblem],
    language: Language,
    status: int = 422,
) -> Response:
    errors = page_errors(problems, language)
    return _form_page(request, typed, language, status, errors=errors)


@router.get("/")
async def quote_form(request: Request, lang: str | None = None) -> Response:
    """Show the quote form."""
    book = service_of(request).book
    typed = QuoteForm(values={"policy": next(iter(book)), "channel": "remote"})
    return _form_page(request, typed, language_of(request, lang))


@router.post("/")
async def quote_result(request: Request) -> Response:
    """Quote what the form says and show it with its timeline, or show what is wrong."""
    service = service_of(request)
    async with request.form(max_files=0, max_fields=400) as form:
        typed, asked, problems = read_form(form, service.book)
    language = language_of(request, typed.values.get("lang"))
    if asked is None:
        return _problems_page(request, typed, problems, language)
    return _quoted_page(request, typed, asked, language)


@router.get("/quote")
async def quote_link(request: Request, r: str = "", lang: str | None = None) -> Response:
    """Show the quote a permanent link carries, or say why the link cannot be read."""
    book = service_of(request).book
    language = language_of(request, lang)
    blank = QuoteForm(values={"policy": next(iter(book)), "channel": "remote", "lang": language})
    try:
        asked = decode(r)
    except BadLink as error:
        return _problems_page(request, blank, error.problems, language, error.status)
    compiled = book.get(asked.policy)
    if compiled is None:
        unknown = [FieldProblem("policy", f"choose one of: {', '.join(book)}")]
        return _problems_page(request, blank, unknown, language)
    typed = form_of(asked, ZoneInfo(compiled.policy.calendar.timezone), language)
    return _quoted_page(request, typed, asked, language)
