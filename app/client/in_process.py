"""An httpx transport that hands requests to an ASGI app in this process, answers streamed."""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import httpx


class InProcessTransport(httpx.BaseTransport):
    """Hand requests to an ASGI app in this process, on a private event loop in a thread.

    Answers stream as the app writes them, so a long streamed batch is read as it comes. The
    request's read timeout bounds each wait for the app, as it bounds each read from a socket.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = _AnswerStream(request, request.extensions.get("timeout", {}).get("read"))
        asyncio.run_coroutine_threadsafe(self._serve(request, answer), self._loop)
        status, headers = answer.start()
        return httpx.Response(status, headers=headers, stream=answer)

    async def _serve(self, request: httpx.Request, answer: _AnswerStream) -> None:
        assert isinstance(request.stream, httpx.SyncByteStream)
        chunks = iter(request.stream)
        body_done = False

        async def receive() -> dict[str, Any]:
            nonlocal body_done
            if body_done:  # no disconnect to report: wait until the app is done
                await asyncio.Event().wait()
            chunk = next(chunks, None)
            body_done = chunk is None
            return {"type": "http.request", "body": chunk or b"", "more_body": not body_done}

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": request.url.scheme,
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "root_path": "",
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "client": ("127.0.0.1", 0),
            "server": (request.url.host, request.url.port or 80),
        }
        try:
            await self.app(scope, receive, answer.put)
        except BaseException as error:  # handed to the caller's thread
            answer.fail(error)
        else:
            answer.end()

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


class _AnswerStream(httpx.SyncByteStream):
    """The messages an app sends, handed from its event loop to the caller's thread."""

    def __init__(self, request: httpx.Request, read_timeout: float | None) -> None:
        self._request, self._read_timeout = request, read_timeout
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=64)
        self._closed = False
        self._complete = False

    async def put(self, message: Mapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            item: tuple[str, Any] = ("start", (message["status"], message.get("headers", [])))
        elif message["type"] == "http.response.body":
            item = ("body", message.get("body", b""))
            self._complete = not message.get("more_body", False)
        else:
            return
        while True:  # wait for the reader without blocking the app's event loop
            if self._closed:
                raise ConnectionAbortedError("the reader closed the answer")
            try:
                self._queue.put_nowait(item)
                return
            except queue.Full:
                await asyncio.sleep(0.001)

    def end(self) -> None:
        if self._complete:
            self._queue.put(("end", None))
        else:  # as a server closes the connection of an answer cut off
            self.fail(httpx.RemoteProtocolError("the answer ended before its end"))

    def fail(self, error: BaseException) -> None:
        self._queue.put(("error", error))

    def _next(self) -> tuple[str, Any]:
        """Return the app's next message, waiting at most the read timeout."""
        try:
            return self._queue.get(timeout=self._read_timeout)
        except queue.Empty:
            self._closed = True  # the app's next message is refused: it stops sending
            message = f"the app sent nothing within {self._read_timeout} s"
            raise httpx.ReadTimeout(message, request=self._request) from None

    def start(self) -> tuple[int, list[tuple[bytes, bytes]]]:
        kind, value = self._next()
        if kind == "error":
            raise value
        if kind != "start":
            raise RuntimeError("the app ended without an answer")
        status, headers = value
        return status, headers

    def __iter__(self) -> Iterator[bytes]:
        while not self._closed:
            kind, value = self._next()
            if kind == "body":
                if value:
                    yield value
            elif kind == "error":
                raise value
            else:
                return

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
