"""What every page shares: the templates, the language, the policies in the header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from app.api.deps import service_of
from app.api.language import pick_language
from app.engine import Language
from app.web.labels import LANGUAGES, words

# The pages reach nothing but this host; their scripts and styles are files, never inline.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


def language_of(request: Request, asked: str | None) -> Language:
    """Return the language asked for by the page, else the browser's, else English."""
    if asked in LANGUAGES:
        return asked
    return pick_language(request.headers.get("accept-language"))


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """Render a page with what every page shows: the policies, the languages."""
    book = service_of(request).book
    context.setdefault("language", "en")
    response = templates.TemplateResponse(
        request,
        template,
        {
            "policies": [compiled.policy for compiled in book.values()],
            "languages": LANGUAGES,
            "words": words(context["language"]),
            **context,
        },
        status_code=status,
    )
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response
