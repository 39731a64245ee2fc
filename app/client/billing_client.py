"""The client: quotes, batches, streams and invoices over HTTP, or in this process."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import orjson
from pydantic import TypeAdapter

from app.client.in_process import InProcessTransport
from app.engine import FairUseCount, GroupBy, Quote, QuoteRequest
from app.wire.csv_io import is_whole
from app.wire.encoding import StreamEnd
from app.wire.media import NDJSON
from app.wire.schemas import BatchResponse, BatchResult, BatchSummary, PolicyDetail, PolicySummary

Entry = QuoteRequest | Mapping[str, Any]
_QUOTE = TypeAdapter(Quote)
_BATCH = TypeAdapter(BatchResponse)
_POLICIES = TypeAdapter(list[PolicySummary])
_RESULT = TypeAdapter(BatchResult)
_END = TypeAdapter(StreamEnd)


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


def _api_error(response: httpx.Response) -> ApiError:
    try:
        problem = response.json()
    except ValueError:
        problem = {"title": response.reason_phrase, "detail": response.text[:200]}
    return ApiError(response.status_code, problem)


class BatchStream:
    """The results of a streamed batch as they come; `summary` and `fair_use` after the last.

    A stream that ends without its summary line was cut off: iterating it raises ApiError.
    """

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.summary: BatchSummary | None = None
        self.fair_use: list[FairUseCount] = []

    def __iter__(self) -> Iterator[BatchResult]:
        for line in self._lines:
            if line.startswith('{"summary"'):
                end = _END.validate_json(line)
                self.summary, self.fair_use = end.summary, end.fair_use
            elif line:
                yield _RESULT.validate_json(line)
        if self.summary is None:
            raise ApiError(502, {"title": "Bad Gateway", "detail": "the stream ended early"})


def _gzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Compress a body as it is sent."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for chunk in chunks:
        if packed := compressor.compress(chunk):
            yield packed
    yield compressor.flush()


def _ndjson_of(entries: Iterable[Entry]) -> Iterator[bytes]:
    for entry in entries:
        yield orjson.dumps(_json_of(entry)) + b"\n"


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

        # No access lines: the command's standard error is for its own messages.
        app = create_app(Settings(policy_dir=policy_dir, api_keys=(), log_level="WARNING"))
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
        response = self._send(self._http.build_request(method, url, **kwargs))
        if response.is_error:
            raise _api_error(response)
        return response

    def _send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        try:
            return self._http.send(request, stream=stream)
        except httpx.TimeoutException:
            seconds = self._http.timeout.read
            raise ServerUnreachable(
                f"{self._http.base_url} did not answer within {seconds} s"
            ) from None
        except httpx.TransportError as error:
            raise ServerUnreachable(f"cannot reach {self._http.base_url}: {error}") from None

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
        self,
        document: Mapping[str, Any] | bytes,
        *,
        group_by: GroupBy | None = None,
        media_type: str = "application/json",
        params: Mapping[str, str] | None = None,
    ) -> BatchResponse:
        """Send a batch body as it is: a JSON batch document (every field of it, `group_by`
        included), or any body the batch endpoint reads (an .xlsx workbook, a PSA's export with
        `params={"source": ...}`).

        `group_by` here goes in the query; the server refuses it if the document says otherwise.
        """
        content = document if isinstance(document, bytes) else orjson.dumps(document)
        response = self._call(
            "POST",
            "/v1/quotes/batch",
            params={**_grouping(group_by), **(params or {})},
            content=content,
            headers={"Content-Type": media_type},
        )
        return _BATCH.validate_json(response.content)

    def quote_csv(self, table: str | bytes, *, group_by: GroupBy | None = None) -> BatchResponse:
        """Quote time entries given as CSV; return the typed answer."""
        response = self._post_csv(table, group_by, "application/json")
        return _BATCH.validate_json(response.content)

    def invoice_csv(self, table: str | bytes, *, group_by: GroupBy | None = None) -> str:
        """Quote time entries given as CSV; return the invoice-ready CSV table, whole.

        A table cut off on its way (no closing `(end)` row) raises ApiError.
        """
        invoice = self._post_csv(table, group_by, "text/csv").text
        if not is_whole(invoice):
            raise ApiError(502, {"title": "Bad Gateway", "detail": "the table ended early"})
        return invoice

    def invoices(
        self,
        body: bytes | Iterable[bytes],
        *,
        media_type: str = "application/json",
        params: Mapping[str, str] | None = None,
    ) -> dict[str, bytes]:
        """Invoice a month of time entries (a batch body, whole or in chunks: CSV and NDJSON
        stream); return each UBL invoice by file name.

        `params` may set `issue_date`, `due_date`, `buyer_reference`, `order_reference`,
        `number`, `group_by`, `lang` and the batch's reading options (see POST /v1/invoices).
        """
        response = self._call(
            "POST",
            "/v1/invoices",
            params=params or {},
            content=body,
            headers={"Content-Type": media_type},
        )
        if response.headers.get("content-type", "").startswith("application/zip"):
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                return {name: archive.read(name) for name in archive.namelist()}
        disposition = response.headers.get("content-disposition", "")
        name = disposition.partition('filename="')[2].rstrip('"') or "invoice.xml"
        return {name: response.content}

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

    @contextmanager
    def stream_batch(
        self,
        body: Iterable[bytes],
        *,
        media_type: str = NDJSON,
        group_by: GroupBy | None = None,
        compress: bool = False,
        params: Mapping[str, str] | None = None,
    ) -> Iterator[BatchStream]:
        """Stream a body of time entries (NDJSON or CSV, in chunks); yield its results as they come.

            with client.stream_batch(open("month.ndjson", "rb"), group_by="ticket") as results:
                for result in results: ...
                print(results.summary)

        `compress` sends the body gzip-compressed (worth it over a network). The answer is
        awaited without a read timeout: grouped by ticket, it starts when the body is quoted.
        `params` are the batch's reading options (`time_zone`, `decimal`, `charset`, `source`,
        `policy`).
        """
        headers = {"Content-Type": media_type, "Accept": NDJSON}
        if compress:
            headers["Content-Encoding"] = "gzip"
            body = _gzipped(body)
        # Grouped by ticket, the first result comes only when the whole body is quoted.
        timeout = httpx.Timeout(self._http.timeout.connect, read=None)
        request = self._http.build_request(
            "POST",
            "/v1/quotes/batch",
            params={**_grouping(group_by), **(params or {})},
            content=body,
            headers=headers,
            timeout=timeout,
        )
        response = self._send(request, stream=True)
        try:
            if response.is_error:
                response.read()
                raise _api_error(response)
            yield BatchStream(response.iter_lines())
        finally:
            response.close()

    def stream_entries(
        self, entries: Iterable[Entry], *, group_by: GroupBy | None = None
    ) -> AbstractContextManager[BatchStream]:
        """Stream time entries given as requests or mappings; see `stream_batch`."""
        return self.stream_batch(_ndjson_of(entries), group_by=group_by)

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
