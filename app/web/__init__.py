"""Pages for people: a quote, its timeline, a policy, a batch; and the API docs, offline."""

from __future__ import annotations

from fastapi import FastAPI

from app.web import docs


def install(app: FastAPI) -> None:
    """Serve the pages and their static files (outside the OpenAPI document)."""
    app.include_router(docs.router)
