"""GET /healthz (liveness) and /readyz (readiness), open without an API key."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException

from app.api.deps import service_of
from app.api.errors import documented
from app.api.operations.lifecycle import lifecycle_of
from app.version import VERSION
from app.wire.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def health(request: Request) -> Health:
    """Say the service is up, its version and how many policies it has loaded."""
    return Health(version=VERSION, policies=len(service_of(request).book))


@router.get("/readyz", responses=documented(503))
async def readiness(request: Request) -> Readiness:
    """Say whether this worker takes work: its policies loaded, its shutdown not begun (503)."""
    if lifecycle_of(request).draining:
        raise HTTPException(503, "this worker is shutting down; send the request to another")
    return Readiness(policies=len(service_of(request).book))
