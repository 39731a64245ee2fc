"""A small typed client of the quote API: over HTTP, or in this process without a server.

with BillingClient("http://127.0.0.1:8000", api_key="...") as client:
    quote = client.quote({"policy": "vmi-se", "start": ..., "end": ..., "channel": "phone"})
    print(quote.total, quote.currency)

with BillingClient.in_process() as client:   # the same app, no server needed
    ...
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import orjson
from pydantic import TypeAdapter

from app.api.schemas import BatchResponse, PolicyDetail, PolicySummary
from app.engine import QuoteRequest
from app.engine.batch import GroupBy
from app.engine.result import Quote

Entry = QuoteRequest | Mapping[str, Any]
_QUOTE = TypeAdapter(Quote)
_BATCH = TypeAdapter(BatchResponse)
_POLICIES = TypeAdapter(list[PolicySummary])


class ApiError(Exception):
    """The API answered with a problem document (or at least an error status)."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        message = f"{status} {problem.get('title', '')}: {problem.get('detail', '')}".strip()
        fields = [f"{e['field']}: {e['problem']}" for e in problem.get("errors", [])]
        super().__init__("; ".join([message, *fields]))


class ServerUnreachable(Exception):
    """No answer: the server cannot be reached, or did not answer within the timeout."""


class InProcessTransport(httpx.BaseTransport):
    """Hand requests to an ASGI app in this process, on a private event loop in a thread.

    Answers stream as the app writes them, so a long streamed batch is read as it comes.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = _AnswerStream()
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

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=64)
        self._closed = False

    async def put(self, message: Mapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            item: tuple[str, Any] = ("start", (message["status"], message.get("headers", [])))
        elif message["type"] == "http.response.body":
            item = ("body", message.get("body", b""))
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
        self._queue.put(("end", None))

    def fail(self, error: BaseException) -> None:
        self._queue.put(("error", error))

    def start(self) -> tuple[int, list[tuple[bytes, bytes]]]:
        kind, value = self._queue.get()
        if kind == "error":
            raise value
        if kind != "start":
            raise RuntimeError("the app ended without an answer")
        status, headers = value
        return status, headers

    def __iter__(self) -> Iterator[bytes]:
        while not self._closed:
            kind, value = self._queue.get()
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


def _json_of(entry: Entry) -> Any:
    if isinstance(entry, QuoteRequest):
        return entry.model_dump(mode="json", exclude_none=True)
    return dict(entry)


def _grouping(group_by: GroupBy | None) -> dict[str, str]:
    return {} if group_by is None else {"group_by": group_by}


class BillingClient:
    """Typed methods for quotes, batches and policies."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        language: str | None = None,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept-Language": language} if language else {}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.Client(
            base_url=base_url, headers=headers, timeout=timeout, transport=transport
        )

    @classmethod
    def in_process(
        cls, *, policy_dir: Path | None = None, language: str | None = None
    ) -> BillingClient:
        """Return a client of the app built here, with the built-in (and extra) policies."""
        from app.api.application import create_app
        from app.api.settings import Settings

        app = create_app(Settings(policy_dir=policy_dir, api_keys=()))
        return cls("http://in-process", language=language, transport=InProcessTransport(app))

    def __enter__(self) -> BillingClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            seconds = self._http.timeout.read
            raise ServerUnreachable(
                f"{self._http.base_url} did not answer within {seconds} s"
            ) from None
        except httpx.TransportError as error:
            raise ServerUnreachable(f"cannot reach {self._http.base_url}: {error}") from None
        if response.is_error:
            try:
                problem = response.json()
            except ValueError:
                problem = {"title": response.reason_phrase, "detail": response.text[:200]}
            raise ApiError(response.status_code, problem)
        return response

    def quote(self, entry: Entry) -> Quote:
        """Quote one assignment."""
        response = self._call("POST", "/v1/quotes", json=_json_of(entry))
        return _QUOTE.validate_json(response.content)

    def quote_batch(
        self, entries: Sequence[Entry], *, group_by: GroupBy | None = None
    ) -> BatchResponse:
        """Quote many time entries; results keep their order."""
        return self.send_batch({"items": [_json_of(e) for e in entries]}, group_by=group_by)

    def send_batch(
        self, document: Mapping[str, Any] | bytes, *, group_by: GroupBy | None = None
    ) -> BatchResponse:
        """Send a JSON batch document as it is (every field of it, `group_by` included).

        `group_by` here goes in the query; the server refuses it if the document says otherwise.
        """
        content = document if isinstance(document, bytes) else orjson.dumps(document)
        response = self._call(
            "POST",
            "/v1/quotes/batch",
            params=_grouping(group_by),
            content=content,
            headers={"Content-Type": "application/json"},
        )
        return _BATCH.validate_json(response.content)

    def quote_csv(self, table: str | bytes, *, group_by: GroupBy | None = None) -> BatchResponse:
        """Quote time entries given as CSV; return the typed answer."""
        response = self._post_csv(table, group_by, "application/json")
        return _BATCH.validate_json(response.content)

    def invoice_csv(self, table: str | bytes, *, group_by: GroupBy | None = None) -> str:
        """Quote time entries given as CSV; return the invoice-ready CSV table."""
        return self._post_csv(table, group_by, "text/csv").text

    def _post_csv(
        self, table: str | bytes, group_by: GroupBy | None, accept: str
    ) -> httpx.Response:
        return self._call(
            "POST",
            "/v1/quotes/batch",
            params=_grouping(group_by),
            content=table.encode("utf-8") if isinstance(table, str) else table,
            headers={"Content-Type": "text/csv", "Accept": accept},
        )

    def policies(self) -> list[PolicySummary]:
        """List the loaded policies."""
        return _POLICIES.validate_json(self._call("GET", "/v1/policies").content)

    def policy(
        self, policy_id: str, year: int | None = None, on: date | None = None
    ) -> PolicyDetail:
        """Show one policy's rules (the version in force on a day) and its holidays of a year."""
        params: dict[str, Any] = {"year": year} if year else {}
        if on is not None:
            params["on"] = on.isoformat()
        response = self._call("GET", f"/v1/policies/{policy_id}", params=params)
        return PolicyDetail.model_validate_json(response.content)
