"""The fast path of `POST /v1/quotes`: the route's own behaviour, taken before the framework.

It exists for one bench row, "4. POST /v1/quotes req/s" against a bare FastAPI app (the target
is 0.8 of its rate): a quote is short CPU work, and routing, dependency and response machinery
cost as much again. When no layer needs to see every request (CORS off), `install` hands this
path straight to a RequestGuard around `QuoteEndpoint`, with the same ids, keys, body limit,
access line and errors (`errors.translate`) as every other route. The route in
`routes/quotes.py` owns the behaviour (`answer_quote`); this module only borrows it.

To remove the fast path, delete this module and its `install` call in `create_app`: the route
answers every quote as it does when CORS is on.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.deps import Service
from app.api.errors import send_error
from app.api.middleware.compression import GzipRequests
from app.api.middleware.guard import QUOTE_PATH, RequestGuard
from app.api.routes.quotes import answer_quote, router
from app.api.settings import Settings
from app.engine import InvalidRequest

_JSON = (b"content-type", b"application/json")


class QuoteEndpoint:
    """The quote route as a plain ASGI app (behind a RequestGuard).

    `route` is the FastAPI route it stands in for, set in the scope as routing would set it,
    so the request is measured under its route template.
    """

    def __init__(self, service: Service, route: BaseRoute) -> None:
        self.service = service
        self.route = route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = self.route
        content_type = accept_language = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == b"accept-language":
                accept_language = value.decode("latin-1")
        body = await _read_body(receive)
        try:
            content, language = answer_quote(self.service, content_type, accept_language, body)
            status, headers = 200, [_JSON, (b"content-language", language.encode())]
        except (InvalidRequest, HTTPException) as error:
            await send_error(send, error, scope["state"].get("request_id"))
            return
        headers.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})


async def _read_body(receive: Receive) -> bytes:
    message = await receive()
    if message["type"] == "http.disconnect":
        raise ClientDisconnect
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        return body
    chunks = [body]
    while message.get("more_body", False):
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        chunks.append(message.get("body", b""))
    return b"".join(chunks)


class QuotesFirst(FastAPI):
    """The FastAPI app, but `POST /v1/quotes` goes to the fast path before all its layers.

    `FastAPIOffline` builds a plain FastAPI instance; `install` gives it this class.
    """

    fast_quote: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == QUOTE_PATH and scope["method"] == "POST":
            await self.fast_quote(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def install(app: FastAPI, service: Service, settings: Settings) -> None:
    """Answer `POST /v1/quotes` before the framework's layers, as the route would."""
    route = next(r for r in router.routes if getattr(r, "path", None) == QUOTE_PATH)
    app.__class__ = QuotesFirst
    assert isinstance(app, QuotesFirst)
    app.fast_quote = RequestGuard(GzipRequests(QuoteEndpoint(service, route)), settings=settings)
