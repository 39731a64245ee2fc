"""A route for endpoints that take the Request and read their own body.

FastAPI's parameter machinery (dependency solving, body parsing, response validation) costs more
than quoting itself; these endpoints need none of it. The route stays an `APIRoute`, so the
OpenAPI document still describes it (its body through `openapi_extra`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


class LeanRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint: Callable[[Request], Coroutine[Any, Any, Response]] = self.endpoint
        return endpoint
