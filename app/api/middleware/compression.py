"""Compressed bodies: gzip answers for callers that accept them, gzip requests decoded.

A request body sent with `Content-Encoding: gzip` is decoded as it arrives, at most a MiB at a
time, letting other requests run between pieces, and the body limit (set on the request by the
guard) applies to the decoded size: a zip bomb is refused with 413 long before it fills memory,
and never holds the event loop for more than one piece.
"""

from __future__ import annotations

import asyncio
import zlib
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import send_error
from app.wire.problems import BodyTooLarge

DECODED_AT_ONCE = (
    1024 * 1024
)  # most decoded bytes handed on at once (results: `writer.RESULTS_PER_PIECE`)
ANSWER_LEVEL = 3  # gzip level of answers: most of level 9's gain at several times its speed
_GZIP = 16 + zlib.MAX_WBITS


class GzipRequests:
    """Decode request bodies sent with `Content-Encoding: gzip`; refuse other encodings (415)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        encoding = _content_encoding(scope) if scope["type"] == "http" else None
        if encoding in (None, "identity"):
            await self.app(scope, receive, send)
            return
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"content-encoding"]
        scope.setdefault("state", {})["decoded"] = True  # its size is no longer the one declared
        if encoding in ("gzip", "x-gzip"):
            decoded: Receive = _GzipReceive(receive, scope.get("state", {}).get("body_limit"))
        else:
            decoded = _refuse(encoding)
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, decoded, send_noting_start)
        except HTTPException as error:  # where no framework layer turned it into an answer
            if started:
                raise
            await send_error(send, error, scope.get("state", {}).get("request_id"))


def _content_encoding(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"content-encoding":
            return str(value.decode("latin-1").strip().lower())
    return None


def _refuse(encoding: str) -> Receive:
    async def receive() -> Message:
        raise HTTPException(415, f"Content-Encoding {encoding!r} is not accepted; send gzip")

    return receive


class _GzipReceive:
    """An ASGI receive that hands on the decoded body, a piece at a time."""

    def __init__(self, receive: Receive, limit: int | None) -> None:
        self.receive = receive
        self.limit = limit
        self.decoder: Any = zlib.decompressobj(_GZIP)
        self.pending = b""
        self.more = True
        self.decoded = 0
        self.done = False

    async def __call__(self) -> Message:
        if self.done:  # the body is read: what comes now is a disconnect, handed on as it is
            return await self.receive()
        while not self.pending and self.more:
            message = await self.receive()
            if message["type"] != "http.request":
                return message
            self.pending = message.get("body", b"")
            self.more = message.get("more_body", False)
        piece = self._decode()
        await asyncio.sleep(0)  # the next piece may be decoded without waiting: let others run
        more = bool(self.pending) or self.more
        if not more and not self.decoder.eof:
            raise HTTPException(400, "the gzip body ends before its end (truncated)")
        self.done = not more
        return {"type": "http.request", "body": piece, "more_body": more}

    def _decode(self) -> bytes:
        try:
            if self.decoder.eof and self.pending:  # a further gzip member follows
                self.decoder = zlib.decompressobj(_GZIP)
            piece = self.decoder.decompress(self.pending, DECODED_AT_ONCE)
        except zlib.error as error:
            raise HTTPException(400, f"the body is not valid gzip ({error})") from None
        self.pending = self.decoder.unconsumed_tail or self.decoder.unused_data
        self.decoded += len(piece)
        if self.limit is not None and self.decoded > self.limit:
            raise BodyTooLarge
        return bytes(piece)
