"""Pages for people: a quote, its timeline, a policy, a batch; and the API docs, offline."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.web import batch_page, batch_template, docs, policy_page, quote_page

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI, pages: bool = True) -> None:
    """Serve the docs, and the pages with their static files (outside the OpenAPI document)."""
    app.include_router(docs.router)
    docs.keep_docs_to_this_host(app)
    if not pages:
        return
    app.include_router(quote_page.router)
    app.include_router(policy_page.router)
    app.include_router(batch_page.router)
    app.include_router(batch_template.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
