"""POST /v1/quotes as a plain ASGI endpoint, taken before the framework's layers.

A quote is short CPU work; routing, dependency and response machinery cost as much again. When
no layer needs to see every request (CORS), the app hands this path straight to a RequestGuard
around `QuoteEndpoint`: the same ids, keys, body limit, access line and last-resort 500 as every
other route. The FastAPI route in `routes/quotes.py` stays: the OpenAPI document describes it,
it answers when CORS is on, and both answer through `answer_quote`.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

from app.api.body import kind_of, parse_json
from app.api.deps import Service
from app.api.encoding import quote_json
from app.api.errors import send_error
from app.api.language import pick_language
from app.api.metrics import count_quote
from app.engine import InvalidRequest, QuoteRequest, quote
from app.engine.policy import Language
from app.imports.tables import localized_json

_JSON = (b"content-type", b"application/json")


def answer_quote(
    service: Service, content_type: str | None, accept_language: str | None, body: bytes
) -> tuple[bytes, Language]:
    """Return the quote of a request body as JSON, and its language; raise what is wrong."""
    kind_of(content_type)
    payload = parse_json(QuoteRequest, localized_json(body, service.book))
    language = pick_language(accept_language)
    result = quote(payload, service.book, language=language, limits=service.limits)
    count_quote(result.policy, result.coverage)
    return quote_json(result), language


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
