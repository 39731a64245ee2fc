"""GET /healthz: liveness, open without an API key."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import BookDep
from app.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def health(book: BookDep) -> Health:
    """Say the service is up and how many policies it has loaded."""
    return Health(policies=len(book))
