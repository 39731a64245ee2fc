"""Build the FastAPI application: settings and policies loaded, routes wired, contract shaped."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from starlette.middleware.gzip import GZipMiddleware

from app import web
from app.api import errors, fast_quote
from app.api.auth import PROTECTED_PREFIX, SECURITY_REQUIREMENT, SECURITY_SCHEMES
from app.api.batches.slots import BatchSlots
from app.api.deps import Service
from app.api.middleware.compression import ANSWER_LEVEL, GzipRequests
from app.api.middleware.guard import RequestGuard
from app.api.operations import lifecycle, logs
from app.api.routes import health, invoices, policies, quotes
from app.api.settings import Settings
from app.engine import Limits, QuoteRequest, load_policies
from app.version import VERSION
from app.wire.problems import Problem
from app.wire.schemas import BatchRequest

DESCRIPTION = """\
Quotes what to bill for IT-support work under a provider's terms: the billable time after the
contract's rounding, a breakdown by rate band, travel, coverage under the support agreement,
and the clause id behind every figure. Times are ISO 8601 with a UTC offset; money is decimal
strings. Errors are RFC 9457 problem documents naming the field.
"""

# Bodies the routes read themselves: their schemas are added to the document by hand.
_READ_BY_ROUTES: tuple[type[BaseModel], ...] = (QuoteRequest, BatchRequest, Problem)


def _operation_id(route: APIRoute) -> str:
    return route.name


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = document.setdefault("components", {})
        components["securitySchemes"] = SECURITY_SCHEMES
        for path, operations in document["paths"].items():
            if path.startswith(PROTECTED_PREFIX):
                for operation in operations.values():
                    operation["security"] = SECURITY_REQUIREMENT
        schemas = components.setdefault("schemas", {})
        for model in _READ_BY_ROUTES:
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))
            schemas[model.__name__] = schema
        app.openapi_schema = dict(sorted(document.items()))
    return app.openapi_schema


def create_app(settings: Settings | None = None, *, fast_path: bool = True) -> FastAPI:
    """Build the app: load settings and policies (failing fast), then wire the routes."""
    settings = settings or Settings()
    book = load_policies(settings.policy_dir)
    # /docs and /redoc with their scripts and styles served by the app itself, no CDN.
    app = FastAPIOffline(
        redoc_url=None,  # app.web serves it, keeping ReDoc to this host
        title="Billing quotes for IT support",
        version=VERSION,
        description=DESCRIPTION,
        generate_unique_id_function=_operation_id,
        lifespan=lifecycle.lifespan,
    )
    limits = Limits(timedelta(days=settings.max_span_days), settings.max_sessions)
    batches = BatchSlots(settings.batch_workers, settings.batch_queue)
    service = Service(settings, book, limits, batches)
    app.state.service = service
    errors.install(app)
    app.include_router(quotes.router)
    app.include_router(policies.router)
    app.include_router(invoices.router)
    app.include_router(health.router)
    # The pages quote without a key: with keys set, they are served only if the operator says so.
    web.install(app, pages=not settings.api_keys or settings.pages_public)
    app.add_middleware(GzipRequests)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=ANSWER_LEVEL)
    app.add_middleware(RequestGuard, settings=settings)
    lifecycle.install(app, settings)
    if fast_path and not settings.cors_origins:  # CORS must see every request: the route answers
        fast_quote.install(app, service, settings)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    logs.install(settings.log_level, settings.log_format)
    return app
