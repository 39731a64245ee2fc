"""GET /healthz: liveness, open without an API key."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.api.deps import service_of
from app.api.schemas import Health
from app.version import VERSION

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def health(request: Request) -> Health:
    """Say the service is up, its version and how many policies it has loaded."""
    return Health(version=VERSION, policies=len(service_of(request).book))
