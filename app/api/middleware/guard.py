"""One ASGI layer around the app: request id, body size limit, access log, last-resort 500.

An answer whose start was sent but whose end never was (the app failed mid-stream, the client
went away, or a layer inside set `scope["state"]["aborted"]` to say why it cut the answer) is
logged and counted as aborted, with its reason, never as a plain 200.
"""

from __future__ import annotations

import logging
import re
import time
from random import getrandbits

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.auth import CHALLENGE, PROTECTED_PREFIX, REFUSAL, key_matches, presented_key
from app.api.errors import send_error
from app.api.operations import logs, metrics
from app.api.settings import Settings
from app.version import VERSION
from app.wire.media import is_streamed
from app.wire.problems import BodyTooLarge

REQUEST_ID_HEADER = b"x-request-id"
VERSION_HEADER = (b"x-billing-quote-version", VERSION.encode())
QUOTE_PATH = "/v1/quotes"
_VALID_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._\-]{1,64}$")
# W3C Trace Context, version 00 and later: version-trace id-parent id-flags.
_VALID_TRACEPARENT = re.compile(rb"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
_LOGGED_PATH = 200
_ROUTING_HEADERS = (b"content-type", b"accept")
NOSNIFF = (b"x-content-type-options", b"nosniff")
# Asked every few seconds by probes and scrapers: their access lines are DEBUG, not INFO.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
error_log = logging.getLogger("billing_quote.error")


class RequestGuard:
    """Give each request an id (echoed in `X-Request-ID`, with the version in
    `X-Billing-Quote-Version`), check its API key, cap its body (a single quote's more
    tightly), answer any unexpected error with a 500 problem, log one access line with
    the id and the caller's W3C `traceparent`, and record the request's metrics."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.body_limit = (settings.max_body_bytes, "BILLING_MAX_BODY_BYTES")
        self.quote_limit = min(
            self.body_limit, (settings.max_quote_body_bytes, "BILLING_MAX_QUOTE_BODY_BYTES")
        )
        self.stream_limit = (settings.max_stream_bytes, "BILLING_MAX_STREAM_BYTES")
        self.api_keys = tuple(key.encode() for key in settings.api_keys)
        self.protect_metrics = not settings.metrics_public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        metrics.IN_FLIGHT.inc()
        request_id, traceparent, declared = _read_headers(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        id_header = (REQUEST_ID_HEADER, request_id.encode())
        ours = (request_id, [id_header, VERSION_HEADER, NOSNIFF])  # on answers the guard sends
        status = 0
        path = scope["path"]
        limit, setting = self._body_limit(scope)
        state["body_limit"] = limit  # decompression applies it to the decoded body
        received = 0
        started = complete = disconnected = False
        failure: str | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status, started, complete
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                headers = message.get("headers", [])
                message["headers"] = [*headers, id_header, VERSION_HEADER, NOSNIFF]
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                complete = not disconnected

        async def receive_capped() -> Message:
            nonlocal received, disconnected
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            elif message["type"] == "http.disconnect":
                disconnected = True
            return message

        try:
            if self.api_keys and not self._authorized(scope):
                challenge = {"WWW-Authenticate": CHALLENGE}
                status = await send_error(send, HTTPException(401, REFUSAL, challenge), *ours)
                return
            if declared > limit:
                raise BodyTooLarge
            await self.app(scope, receive_capped, send_with_id)
        except BodyTooLarge:
            if status == 0:
                status = await send_error(send, BodyTooLarge(limit, setting), *ours)
        except ClientDisconnect:
            status = status or 499  # the client went away (or was timed out) mid-request
            disconnected = True
        except Exception as error:
            failure = type(error).__name__
            extra = {"request_id": request_id, "traceparent": traceparent}
            if state.get("aborted"):  # a known reason to cut an answer off: no traceback
                error_log.warning("answer cut off: %s", error, extra=extra)
            else:
                error_log.exception("unexpected error", extra=extra)
            if status == 0:
                status = await send_error(send, error, *ours)
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"]
            metrics.IN_FLIGHT.dec()
            route = scope.get("route")
            aborted = None
            if started and not complete:
                aborted = state.get("aborted") or (
                    "disconnect" if disconnected else "error" if failure else "incomplete"
                )
                metrics.count_aborted(aborted)
            metrics.observe_request(
                metrics.UNMATCHED if route is None else route.path,
                method,
                "aborted" if aborted else status,
                seconds,
            )
            client = scope.get("client")
            fields = {
                "request_id": request_id,
                "method": method,
                "path": path[:_LOGGED_PATH],
                "status": status,
                "ms": round(seconds * 1000, 2),
                "client": client[0] if client else None,
            }
            if traceparent:
                fields["traceparent"] = traceparent
            message = f"{method} {path[:_LOGGED_PATH]} {status}"
            if aborted:
                fields["aborted"] = aborted
                message += f" aborted ({aborted})"
            logs.access(message, fields, quiet=path in QUIET_PATHS and not aborted)
            metrics.count_dropped_log_lines(logs.dropped_lines())

    def _body_limit(self, scope: Scope) -> tuple[int, str]:
        """Return the body limit of this request: a quote's is smaller, a stream's larger."""
        path = scope["path"]
        if path == QUOTE_PATH:
            return self.quote_limit
        headers = {name: value for name, value in scope["headers"] if name in _ROUTING_HEADERS}
        streamed = is_streamed(
            scope["method"],
            path,
            headers.get(b"content-type", b"").decode("latin-1"),
            headers.get(b"accept", b"").decode("latin-1"),
        )
        return self.stream_limit if streamed else self.body_limit

    def _authorized(self, scope: Scope) -> bool:
        path = scope["path"]
        metrics_path = self.protect_metrics and path == metrics.METRICS_PATH
        if not (path.startswith(PROTECTED_PREFIX) or metrics_path):
            return True
        given = presented_key(scope["headers"])
        return given is not None and key_matches(given, self.api_keys)


def _read_headers(scope: Scope) -> tuple[str, str | None, int]:
    """Return the request id (the caller's if well-formed, else a new one), `traceparent`
    and the declared body length, in one pass over the headers."""
    request_id = traceparent = None
    declared = 0
    for name, value in scope["headers"]:
        if name == b"content-length":
            declared = int(value) if value.isdigit() else 0
        elif name == REQUEST_ID_HEADER and _VALID_REQUEST_ID.match(value):
            request_id = value.decode()
        elif name == b"traceparent" and _VALID_TRACEPARENT.match(value):
            traceparent = value.decode()
    return request_id or f"{getrandbits(128):032x}", traceparent, declared
