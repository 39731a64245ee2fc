"""A small typed client of the quote API: over HTTP, or in this process without a server.

with BillingClient("http://127.0.0.1:8000", api_key="...") as client:
    quote = client.quote({"policy": "vmi-se", "start": ..., "end": ..., "channel": "phone"})
    print(quote.total, quote.currency)

with BillingClient.in_process() as client:   # the same app, no server needed
    ...
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
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
    """Hand requests to an ASGI app in this process, on a private event loop."""

    def __init__(self, app: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._asgi = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return self._loop.run_until_complete(send())

    def close(self) -> None:
        self._loop.close()


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
