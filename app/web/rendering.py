"""What every page shares: the templates, the language, the policies in the header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from app.api.deps import service_of
from app.api.language import pick_language
from app.engine import Language, Policy, PolicyBook
from app.web.labels import LANGUAGES, words
from app.web.translated_problems import field_name, say
from app.web.vocabulary import reason_text, term

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


def provider_of(book: PolicyBook, policy: Policy) -> str:
    """Return the id of the provider's terms a policy derives from (itself when it extends none)."""
    seen = {policy.id}
    while policy.extends is not None and policy.extends in book and policy.extends not in seen:
        seen.add(policy.extends)
        policy = book[policy.extends].policy
    return policy.id


def providers(book: PolicyBook) -> list[tuple[Policy, list[Policy]]]:
    """Return each provider's terms with the contracts that extend them, in the book's order."""
    policies = [compiled.policy for compiled in book.values()]
    roots = [policy for policy in policies if provider_of(book, policy) == policy.id]
    return [
        (root, [p for p in policies if p.id != root.id and provider_of(book, p) == root.id])
        for root in roots
    ]


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """Render a page with what every page shows: the providers and contracts, the languages."""
    book = service_of(request).book
    language: Language = context.setdefault("language", "en")
    response = templates.TemplateResponse(
        request,
        template,
        {
            "policies": [compiled.policy for compiled in book.values()],
            "providers": providers(book),
            "languages": LANGUAGES,
            "words": words(language),
            "term": lambda kind, value, default=None: term(language, kind, value, default),
            "say": lambda text: say(text, language),
            "reason_text": lambda reason: reason_text(reason.message, reason.code, language),
            "field_name": lambda field: field_name(field, language),
            **context,
        },
        status_code=status,
    )
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response
