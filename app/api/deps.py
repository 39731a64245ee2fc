"""What a route needs from the running app, read from its state without FastAPI dependencies.

Dependencies cost tens of microseconds a request in FastAPI; the quote route is the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from app.api.batches.slots import BatchSlots
from app.api.settings import Settings
from app.engine import Limits, PolicyBook


@dataclass(frozen=True, slots=True)
class Service:
    """The loaded policies and the operator's settings, fixed at start-up; the batch slots."""

    settings: Settings
    book: PolicyBook
    limits: Limits
    batches: BatchSlots


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service
