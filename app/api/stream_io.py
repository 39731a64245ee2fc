"""Streamed batches: NDJSON or CSV in, NDJSON or CSV out, of any length in bounded memory.

The body is first spooled to a temporary file, so that its limits (decompressed size, entries)
are checked before the answer starts, and so that a caller that sends the whole body before
reading the answer (most HTTP libraries do) cannot block against it. Then it is read entry by
entry, in chunks off the event loop, by the same per-entry reading as the in-memory batch;
the engine's StreamedBatch quotes and groups; each result is written as soon as it is final.
"""

from __future__ import annotations

import codecs
import heapq
import io
import struct
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import IO

from starlette.requests import Request
from starlette.responses import StreamingResponse

from app.api import csv_io, metrics
from app.api.batch_io import (
    answer_kind,
    api_result,
    group_by_of,
    iter_ndjson,
    name_lines,
)
from app.api.batch_runner import BatchRunner
from app.api.body import ANSWER_MEDIA_TYPES, AnswerKind, BodyKind
from app.api.collector import collector_paused
from app.api.deps import service_of
from app.api.encoding import result_line, summary_line
from app.api.problems import request_id_of
from app.api.schemas import BatchSummary
from app.engine import InvalidRequest, QuoteRequest
from app.engine.batch import BatchResult
from app.engine.policy import Language
from app.engine.stream import StreamedBatch

CHUNK = 1000  # entries quoted (or results written) per step off the event loop
_EARLY = struct.Struct("<QI")  # first entry index, length of the encoded result
Entries = Iterator[tuple[int, QuoteRequest | InvalidRequest, bytes]]


async def stream_batch(request: Request, kind: BodyKind, language: Language) -> StreamingResponse:
    """Spool the body, check its limits, and answer with results as they are quoted."""
    service = service_of(request)
    group_by = group_by_of(request, None)
    batches = service.batches
    batches.admit()  # held for the whole stream, released when its answer ends
    body: IO[bytes] | None = None
    try:
        body = await _spool(request, kind)
        count = await batches.step(_count_entries, body, kind)
        most = service.settings.max_stream_items
        if count > most:
            raise InvalidRequest.at(
                "items", f"at most {most} entries per stream (BILLING_MAX_STREAM_ITEMS)"
            )
        if count == 0:
            raise InvalidRequest.at("items", "the body has no entries")
    except BaseException:
        if body is not None:
            body.close()
        batches.release()
        raise
    answer = answer_kind(request)
    batch = StreamedBatch(service.book, group_by=group_by, language=language, limits=service.limits)
    writer = _Writer(batch, answer, request_id_of(request), grouped=group_by == "ticket")
    return StreamingResponse(
        _answer(writer, body, kind, batches),
        media_type=ANSWER_MEDIA_TYPES[answer],
        headers={"Content-Language": language},
    )


async def _spool(request: Request, kind: BodyKind) -> IO[bytes]:
    """Write the body to a temporary file; a CSV must be UTF-8 (its line named if not)."""
    spool = tempfile.TemporaryFile()
    decoder = codecs.getincrementaldecoder("utf-8")() if kind == "csv" else None
    lines = 1
    try:
        async for chunk in request.stream():
            if decoder is not None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    line = lines + chunk[: error.start].count(b"\n")
                    raise InvalidRequest.at("(body)", f"line {line}: CSV must be UTF-8") from None
                lines += chunk.count(b"\n")
            spool.write(chunk)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool


def _count_entries(body: IO[bytes], kind: BodyKind) -> int:
    """Count the entries (checking every CSV row's quoting), then rewind."""
    try:
        if kind == "csv":
            with _text(body) as text:
                return csv_io.count_rows(text)
        return sum(1 for line in body if line.strip())
    finally:
        body.seek(0)


@contextmanager
def _text(body: IO[bytes]) -> Iterator[io.TextIOWrapper]:
    """Read the body as text, leaving it open afterwards."""
    text = io.TextIOWrapper(body, encoding="utf-8-sig", newline="")
    try:
        yield text
    finally:
        text.detach()


def _entries(body: IO[bytes], kind: BodyKind) -> Entries:
    if kind == "csv":
        with _text(body) as text:
            yield from csv_io.iter_items(text)
    else:
        yield from iter_ndjson(body)


async def _answer(
    writer: _Writer, body: IO[bytes], kind: BodyKind, batches: BatchRunner
) -> AsyncIterator[bytes]:
    """Yield the answer in chunks, each computed in a worker thread."""
    try:
        if writer.answer == "csv":
            yield csv_io.invoice_header().encode()
        entries = _entries(body, kind)
        while (out := await batches.step(writer.quote_some, entries)) is not None:
            if out:
                yield out
        ending = writer.finish()
        while (out := await batches.step(next, ending, None)) is not None:
            yield out
    finally:
        writer.close()
        body.close()
        batches.release()


class _Writer:
    """Quote entries through a StreamedBatch and encode each result as it is final.

    Grouped by ticket, the results known early (entries without a ticket, unreadable ones)
    wait in a temporary file and are merged with the tickets' results at the end, so the
    answer lists results in the order of their first entry, as the in-memory batch does.
    """

    def __init__(
        self, batch: StreamedBatch, answer: AnswerKind, request_id: str | None, grouped: bool
    ) -> None:
        self.batch, self.answer, self.request_id = batch, answer, request_id
        self.early = tempfile.TemporaryFile() if grouped else None
        self.started = time.perf_counter()

    def quote_some(self, entries: Entries) -> bytes | None:
        """Quote the next chunk of entries; return what can be written now, None at the end."""
        results: list[BatchResult] = []
        done = 0
        with collector_paused():
            for line, item, raw in entries:
                result = self.batch.add(item, raw, line)
                if result is not None:
                    if result.problems is not None:
                        result = name_lines([result], {result.entries[0]: line})[0]
                    results.append(result)
                done += 1
                if done == CHUNK:
                    break
            if done == 0:
                return None
            if self.early is None:
                return self._encode(results)
            for result in results:
                encoded = self._encode([result])
                self.early.write(_EARLY.pack(result.entries[0], len(encoded)) + encoded)
            return b""

    def finish(self) -> Iterator[bytes]:
        """Yield the held results merged with the early ones, then the closing summary."""
        grouped = (
            (result.entries[0], self._encode(name_lines([result], lines)))
            for result, lines in self.batch.finish()
        )
        merged = heapq.merge(self._early_results(), grouped, key=lambda pair: pair[0])
        while True:
            with collector_paused():
                chunk = [encoded for _, encoded in _take(merged, CHUNK)]
            if not chunk:
                break
            yield b"".join(chunk)
        yield self._closing()
        metrics.observe_batch(self.batch.items, time.perf_counter() - self.started)

    def close(self) -> None:
        self.batch.close()
        if self.early is not None:
            self.early.close()

    def _early_results(self) -> Iterator[tuple[int, bytes]]:
        if self.early is None:
            return
        self.early.seek(0)
        while header := self.early.read(_EARLY.size):
            index, length = _EARLY.unpack(header)
            yield index, self.early.read(length)

    def _encode(self, results: list[BatchResult]) -> bytes:
        """Encode results as NDJSON lines or CSV rows (and count the quotes)."""
        metrics.count_quotes(result.quote for result in results)
        shown = [api_result(r, self.request_id) for r in results]
        if self.answer == "ndjson":
            return b"".join(result_line(r) for r in shown)
        return csv_io.invoice_rows(shown).encode()

    def _closing(self) -> bytes:
        if self.answer != "ndjson":
            return b""
        batch = self.batch
        summary = BatchSummary(
            items=batch.items,
            results=batch.results,
            quoted=batch.quoted,
            failed=batch.failed,
            totals=batch.totals,
        )
        return summary_line(summary, batch.fair_use())


def _take(iterator: Iterator[tuple[int, bytes]], count: int) -> list[tuple[int, bytes]]:
    taken = []
    for pair in iterator:
        taken.append(pair)
        if len(taken) == count:
            break
    return taken
