"""A batch quoted in memory, answered in pieces as they are encoded.

The whole body is read and quoted first, so its problems are answered (4xx) before anything is
sent. The answer is then encoded a thousand results at a time in the same worker thread, and the
event loop compresses and sends each piece as it comes: the caller starts reading early, and
encoding, compressing and the caller's reading overlap. What the batch built (its entries and
quotes) is freed by a background thread after the last piece is made, while it is on its way.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator

from starlette.requests import Request
from starlette.responses import StreamingResponse

from app.api import csv_io, metrics
from app.api.batch_io import answer_kind, quote_body
from app.api.batch_runner import BatchRunner
from app.api.body import ANSWER_MEDIA_TYPES, AnswerKind, BodyKind
from app.api.collector import free_later
from app.api.deps import service_of
from app.api.encoding import batch_closing, batch_opening, result_line, results_json, summary_line
from app.api.schemas import BatchResponse
from app.engine.policy import Language

PIECE = 1000  # results encoded per piece of the answer
RELEASE_AFTER_BYTES = 4 * 1024 * 1024  # memory is handed back after a body this large


async def answer_in_memory(
    request: Request, kind: BodyKind, language: Language
) -> StreamingResponse:
    """Read and quote the whole body, then answer with its results in pieces."""
    started = time.perf_counter()
    body = await request.body()
    batches = service_of(request).batches
    answer_as = answer_kind(request)
    batches.admit()  # held until the answer is sent or given up
    made = batches.produce(answer_batch(request, kind, answer_as, body, language, started))
    try:
        first = await anext(made)  # the body's problems are raised here, before any answer
    except BaseException:
        try:
            await made.aclose()
        finally:
            batches.release()
        raise
    return StreamingResponse(
        _sent(first, made, batches),
        media_type=ANSWER_MEDIA_TYPES[answer_as],
        headers={"Content-Language": language},
    )


def answer_batch(
    request: Request,
    kind: BodyKind,
    answer_as: AnswerKind,
    body: bytes,
    language: Language,
    started: float,
) -> Generator[bytes, None, None]:
    """Read and quote the body's entries, then yield the answer in pieces.

    After the last piece, the entries and quotes are freed in the background, so the caller
    does not wait for that; memory is handed back after a large body.
    """
    answer, entries = quote_body(request, kind, body, language)
    quoted: list[object] = [answer.results, entries, answer]
    del entries
    yield from answer_pieces(answer, answer_as, started)
    del answer
    free_later(quoted, give_back=len(body) > RELEASE_AFTER_BYTES)


def answer_pieces(answer: BatchResponse, kind: AnswerKind, started: float) -> Iterator[bytes]:
    """Encode the answer as JSON, CSV or NDJSON, `PIECE` results at a time; count its quotes."""
    results = answer.results
    if kind == "json":
        yield batch_opening()
    elif kind == "csv":
        yield csv_io.invoice_header().encode()
    for start in range(0, len(results), PIECE):
        some = results[start : start + PIECE]
        metrics.count_quotes(result.quote for result in some)
        if kind == "json":
            yield results_json(some, first=start == 0)
        elif kind == "csv":
            yield csv_io.invoice_rows(some).encode()
        else:
            yield b"".join(result_line(result) for result in some)
    if kind == "json":
        yield batch_closing(answer.summary, answer.fair_use)
    elif kind == "ndjson":
        yield summary_line(answer.summary, answer.fair_use)
    metrics.observe_batch(answer.summary.items, time.perf_counter() - started)


async def _sent(
    first: bytes, rest: AsyncGenerator[bytes, None], batches: BatchRunner
) -> AsyncIterator[bytes]:
    try:
        yield first
        async for piece in rest:
            yield piece
    finally:
        try:
            await rest.aclose()  # waits for the thread making the answer to stop
        finally:
            batches.release()
