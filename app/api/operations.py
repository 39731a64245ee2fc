"""What an operator runs the service by: the worker's life (readiness), CORS and /metrics,
wired in `create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from app.api import metrics
from app.api.middleware import REQUEST_ID_HEADER, VERSION_HEADER
from app.api.settings import Settings
from app.engine.book import policy_files

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
    metrics.worker_stopped()


def lifecycle_of_app(app: FastAPI) -> Lifecycle:
    lifecycle: Lifecycle = app.state.lifecycle
    return lifecycle


def lifecycle_of(request: Request) -> Lifecycle:
    return lifecycle_of_app(request.app)


# Prometheus text, not part of the API contract; behind the API key unless BILLING_METRICS_PUBLIC.
router = APIRouter(include_in_schema=False)


@router.get(metrics.METRICS_PATH)
async def metrics_text() -> Response:
    """Return every metric in the Prometheus text format."""
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the operator's layers; CORS goes outermost, so a preflight needs no API key."""
    app.state.lifecycle = Lifecycle()
    app.include_router(router)
    metrics.describe_build(policy_files(settings.policy_dir))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=CORS_REQUEST_HEADERS,
            expose_headers=CORS_RESPONSE_HEADERS,
            max_age=600,
        )
