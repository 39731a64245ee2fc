"""What an operator runs the service by: the worker's life (readiness) and CORS, wired in
`create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request

from app.api.middleware import REQUEST_ID_HEADER, VERSION_HEADER
from app.api.settings import Settings

# What a browser front-end may send and read across origins.
CORS_REQUEST_HEADERS = [
    "Authorization",
    "X-API-Key",
    "Content-Type",
    "Accept-Language",
    "X-Request-ID",
    "traceparent",
]
CORS_RESPONSE_HEADERS = [REQUEST_ID_HEADER.decode(), VERSION_HEADER[0].decode(), "Content-Language"]


class Lifecycle:
    """Where this worker is in its life: it takes no new work once its shutdown has begun."""

    __slots__ = ("draining",)

    def __init__(self) -> None:
        self.draining = False


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the worker; once its shutdown begins, say so to /readyz until the process goes."""
    lifecycle = lifecycle_of_app(app)
    lifecycle.draining = False
    yield
    lifecycle.draining = True


def lifecycle_of_app(app: FastAPI) -> Lifecycle:
    lifecycle: Lifecycle = app.state.lifecycle
    return lifecycle


def lifecycle_of(request: Request) -> Lifecycle:
    return lifecycle_of_app(request.app)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the operator's layers; CORS goes outermost, so a preflight needs no API key."""
    app.state.lifecycle = Lifecycle()
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=CORS_REQUEST_HEADERS,
            expose_headers=CORS_RESPONSE_HEADERS,
            max_age=600,
        )
