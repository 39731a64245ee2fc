"""The quote page at `/`: a form for one assignment and, once sent, its quote and timeline.

The route reads the form, calls the engine in process (not over HTTP) and renders a template;
the figures and the reasons are the engine's, the timeline is drawn from its trace.
"""

from __future__ import annotations

from typing import Any, get_args

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import Response

from app.api.deps import service_of
from app.engine import (
    Cause,
    Channel,
    EquipmentFrom,
    InvalidRequest,
    Language,
    MaterialKind,
    PolicyBook,
    WorkKind,
    quote,
    trace,
)
from app.web.form import MATERIAL_ROWS, SITTING_ROWS, QuoteForm, read_form
from app.web.pictures import timeline_svg
from app.web.rendering import language_of, render

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
        language=language,
        form=typed,
        sittings=sittings[:SITTING_ROWS],
        materials=materials[:MATERIAL_ROWS],
        **_choices(book),
        **result,
    )


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
    if asked is not None:
        try:
            quoted = quote(asked, service.book, language=language, limits=service.limits)
        except InvalidRequest as error:
            problems = error.problems
        else:
            traced = trace(asked, service.book)
            return _form_page(
                request,
                typed,
                language,
                quote=quoted,
                trace=traced,
                timeline=Markup(timeline_svg(traced, language)),  # noqa: S704 (our SVG)
                api_request=asked.model_dump_json(exclude_defaults=True, indent=2),
            )
    errors = [(typed.field_id(p.field), p.field, p.problem) for p in problems]
    return _form_page(request, typed, language, 422, errors=errors)
