"""What an operator runs the service by: the worker's life (readiness), CORS and /metrics,
wired in `create_app`."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import Service
from app.api.middleware.guard import REQUEST_ID_HEADER, VERSION_HEADER
from app.api.operations import logs, metrics
from app.api.settings import Settings
from app.engine import policy_files
from app.version import VERSION

log = logging.getLogger("billing_quote.startup")
GUARDS_OFF = (
    "connection guards are off: no header size cap, read timeouts or connection cap; "
    "start with `billing-quote serve` (or uvicorn --http "
    "app.api.operations.connections:GuardedHttpToolsProtocol)"
)
# Settings the start-up line leaves out: secrets, and what it says in words.
_UNSAID = {"api_keys", "pages_public"}

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
    server = _uvicorn_server()
    if server is not None:
        drain_on_exit_signals(lifecycle)
        if not _guarded(server):
            log.warning(GUARDS_OFF)
    service: Service = app.state.service
    message, fields = startup_summary(service.settings, policy_files(service.settings.policy_dir))
    log.info(message, extra={"fields": fields})
    yield
    lifecycle.draining = True
    metrics.worker_stopped()
    if server is not None:  # uvicorn may end this process by a signal once it has shut down
        logs.pipeline().write_through()


def _uvicorn_server() -> Any:
    """Return the uvicorn server running this worker (its signal handler's owner), if any."""
    from uvicorn.server import Server

    owner = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
    return owner if isinstance(owner, Server) else None


def _guarded(server: Any) -> bool:
    from app.api.operations.connections import GuardedHttpToolsProtocol

    protocol = getattr(server.config, "http_protocol_class", None)
    return isinstance(protocol, type) and issubclass(protocol, GuardedHttpToolsProtocol)


def drain_on_exit_signals(lifecycle: Lifecycle) -> None:
    """Have SIGTERM and SIGINT mark the worker as draining (/readyz 503) before uvicorn's own
    handler begins the shutdown."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(number)
        if callable(previous):
            signal.signal(number, _draining_then(lifecycle, previous))


def _draining_then(lifecycle: Lifecycle, previous: Callable[[int, Any], Any]) -> Any:
    def handler(number: int, frame: Any) -> None:
        lifecycle.draining = True
        previous(number, frame)

    return handler


def startup_summary(settings: Settings, files: list[Path]) -> tuple[str, dict[str, Any]]:
    """Return the start-up line: version, policies and their hashes, keys, pages, changed limits."""
    policies = {path.stem: metrics.file_sha256(path)[:12] for path in files}
    keys = "on" if settings.api_keys else "off"
    pages = "on" if not settings.api_keys or settings.pages_public else "off"
    changed = {
        name: value if isinstance(value, int | float | bool | str) else str(value)
        for name, field in Settings.model_fields.items()
        if name not in _UNSAID and (value := getattr(settings, name)) != field.default
    }
    message = (
        f"billing-quote {VERSION}: {len(policies)} policies, API keys {keys}, pages {pages}, "
        f"{len(changed)} settings changed from their defaults"
    )
    fields = {"version": VERSION, "policies": policies, "api_keys": keys, "pages": pages}
    return message, fields | {"settings": changed}


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
