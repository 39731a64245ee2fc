"""Pages for people: a quote, its timeline, a policy, a batch; and the API docs, offline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI, pages: bool = True) -> None:
    """Serve the docs, and the pages with their static files (outside the OpenAPI document)."""
    # Imported here: the command line reads the pages' vocabulary without a web framework.
    from fastapi.staticfiles import StaticFiles

    from app.web import batch_page, batch_template, docs, policy_page, quote_page

    app.include_router(docs.router)
    docs.keep_docs_to_this_host(app)
    if not pages:
        return
    app.include_router(quote_page.router)
    app.include_router(policy_page.router)
    app.include_router(batch_page.router)
    app.include_router(batch_template.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
