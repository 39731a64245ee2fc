"""Connections: uvicorn's httptools protocol with the limits a public service needs.

Uvicorn (with httptools) reads a request line or header without end for as long as a client
sends it, waits forever for a client that connects and says nothing, and accepts connections
until the process runs out of file descriptors. `GuardedHttpToolsProtocol` adds, per worker:

- request line and headers together at most `BILLING_MAX_HEADER_BYTES`: 431 and close;
- headers complete within `BILLING_HEADER_TIMEOUT` seconds of connecting (or of the request's
  first byte on a kept-alive connection), the whole request within `BILLING_BODY_TIMEOUT`:
  408 and close; idle kept-alive connections close after uvicorn's `--timeout-keep-alive`;
- at most `BILLING_MAX_CONNECTIONS` open connections (kept below the file descriptor limit):
  one more is answered 503 with `Retry-After` and closed at once.

Select it with
`uvicorn app.main:app --http app.api.operations.connections:GuardedHttpToolsProtocol`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import resource
import time
from asyncio import TimerHandle
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from app.api.errors import translate
from app.api.settings import Settings

log = logging.getLogger("billing_quote.connections")
# File descriptors a worker keeps for itself (policies, logs, the listening socket).
_SPARE_FDS = 64
_WARN_EVERY_SECONDS = 1.0
_LINGER_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    max_connections: int
    max_header_bytes: int
    header_timeout: float
    body_timeout: float


@cache
def configured_limits() -> ConnectionLimits:
    """Return the limits from the `BILLING_*` settings, the connection cap under the fd limit."""
    settings = Settings()
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    fd_room = soft - _SPARE_FDS if soft != resource.RLIM_INFINITY else settings.max_connections
    return ConnectionLimits(
        max_connections=max(1, min(settings.max_connections, fd_room)),
        max_header_bytes=settings.max_header_bytes,
        header_timeout=settings.header_timeout,
        body_timeout=settings.body_timeout,
    )


class _RateLimitedWarning:
    """A warning logged at most once a second, with how often it happened meanwhile.

    What happens within the second after a line is logged when that second is over, by a timer
    on the event loop, so a burst's count never waits for a later event that may not come.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        self.count = 0
        self.last = -_WARN_EVERY_SECONDS
        self.fields: dict[str, Any] = {}
        self.pending: TimerHandle | None = None

    def __call__(self, **fields: Any) -> None:
        self.count += 1
        self.fields = fields
        now = time.monotonic()
        if now - self.last >= _WARN_EVERY_SECONDS:
            self._log(now)
        elif self.pending is None:
            try:
                loop = asyncio.get_running_loop()  # the protocol's callbacks run on it
            except RuntimeError:
                return
            delay = self.last + _WARN_EVERY_SECONDS - now
            self.pending = loop.call_later(delay, self._flush)

    def _flush(self) -> None:
        self.pending = None
        if self.count:
            self._log(time.monotonic())

    def _log(self, now: float) -> None:
        log.warning(self.message, {"times": self.count, **self.fields})
        self.count, self.last = 0, now


_shed = _RateLimitedWarning(
    "connection limit reached, answering 503: %(times)d times, %(open)d open"
)
_timed_out = _RateLimitedWarning("closed slow or silent connections: %(times)d times")
_too_large = _RateLimitedWarning("refused request heads over the limit: %(times)d times")


def _raw_problem(status: int, detail: str, retry_after: int | None = None) -> bytes:
    """Return a whole HTTP answer to a connection refused before any request is read."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    answer = translate(HTTPException(status, detail, headers), None)
    head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}".encode()]
    head += [name + b": " + value for name, value in answer.headers]
    head += [b"x-content-type-options: nosniff", b"connection: close"]
    return b"\r\n".join(head) + b"\r\n\r\n" + answer.body


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """Uvicorn's httptools protocol with a head size cap, read timeouts and a connection cap."""

    limits: ConnectionLimits | None = None  # None: read from the settings

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.caps = self.limits or configured_limits()
        self.head_bytes = 0
        self.reading_head = True
        self.read_timer: TimerHandle | None = None
        self.refused = False

    @classmethod
    def with_limits(cls, **limits: Any) -> type[GuardedHttpToolsProtocol]:
        """Return the protocol with these limits instead of the settings' (for tests)."""
        chosen = dataclasses.replace(configured_limits(), **limits)
        return type(cls.__name__, (cls,), {"limits": chosen})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.caps.max_connections:
            _shed(open=len(self.connections))
            self._refuse(503, "too many open connections; retry shortly", retry_after=1)
            return
        self._arm(self.caps.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        if self.reading_head:
            self.head_bytes += len(data)
        super().data_received(data)
        if (
            self.reading_head
            and self.head_bytes > self.caps.max_header_bytes
            and not self.transport.is_closing()
            and not self.refused
        ):
            _too_large()
            detail = (
                f"the request line and headers are larger than {self.caps.max_header_bytes} "
                "bytes (BILLING_MAX_HEADER_BYTES)"
            )
            self._refuse(431, detail)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.reading_head = True
        self._arm(self.caps.header_timeout)

    def on_headers_complete(self) -> None:
        self.reading_head = False
        self.head_bytes = 0
        self._arm(self.caps.body_timeout)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self.read_timer = self.loop.call_later(seconds, self._read_timed_out)

    def _disarm(self) -> None:
        if self.read_timer is not None:
            self.read_timer.cancel()
            self.read_timer = None

    def _read_timed_out(self) -> None:
        self.read_timer = None
        if self.transport.is_closing() or self.refused:
            return
        _timed_out()
        if self.reading_head or self.cycle is None or not self.cycle.response_started:
            self._refuse(408, "the request did not arrive in time")
        else:
            self.transport.close()

    def _refuse(self, status: int, detail: str, retry_after: int | None = None) -> None:
        """Answer with a problem, then close once the client has had a moment to read it.

        Closing at once, with the client's bytes unread, would reset the connection and could
        discard the answer on its way; what the client sends meanwhile is not read.
        """
        self._disarm()
        self.refused = True
        self.transport.pause_reading()  # what the client still sends costs nothing
        self.transport.write(_raw_problem(status, detail, retry_after))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(_LINGER_SECONDS, self.transport.close)
