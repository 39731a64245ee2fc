"""`POST /v1/quotes/batch` from body to answer, the one way every batch is answered.

The body arrives first, holding no slot: a JSON batch in memory, CSV or NDJSON answered as CSV
or NDJSON spooled to a temporary file (a stream, of up to BILLING_MAX_STREAM_ITEMS entries). The
first step, in a thread, reads or counts the entries, so the body's problems are answered
(4xx) before anything is sent. Each later step quotes and encodes a piece, one piece ahead of
the sending: encoding, compressing and the caller's reading overlap. A caller that reads
nothing for BILLING_WRITE_TIMEOUT seconds is cut off; every exit closes the batch's files.
"""

from __future__ import annotations

import asyncio
import errno
import io
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from functools import partial
from itertools import islice
from typing import IO

import anyio
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.types import Message, Receive, Scope, Send

from app.api.batches.opinion import second_opinion
from app.api.batches.readers import collect, count_lines, entries_of, read_json_items
from app.api.batches.run import BatchJob, Entries, make_answer
from app.api.batches.slots import Slot
from app.api.batches.spool import spool
from app.api.deps import service_of
from app.api.errors import request_id_of
from app.api.settings import Settings
from app.engine import InvalidRequest, Language, PolicyBook
from app.imports.dispatch import (
    PLAIN,
    delimiter_of,
    import_entries,
    localized_batch,
    needs_import,
    profiles_for,
    second_reading,
)
from app.imports.options import ImportOptions, options_from_query
from app.imports.profile import Profile
from app.wire.json_body import check_json_shape
from app.wire.media import ANSWER_MEDIA_TYPES, BodyFormat, answer_format_of, streams

AHEAD = 4  # pieces an answer may have made and not yet sent
LOW = 1  # a new step starts when no more than this many wait


class AnswerTimedOut(Exception):
    """The caller read nothing of the answer for longer than the write timeout."""


async def answer_batch(request: Request, kind: BodyFormat, language: Language) -> StreamingResponse:
    """Answer a batch body of any kind, streamed or read whole."""
    service = service_of(request)
    settings = service.settings
    accept = request.headers.get("accept", "")
    streamed = streams(request.headers.get("content-type", ""), accept)
    answer = answer_format_of(accept)
    compare, tolerance = second_opinion(request.query_params, service.book)
    job = BatchJob(
        service.book,
        service.limits,
        language,
        answer,
        request_id_of(request),
        request.query_params.get("group_by"),
        in_memory=not streamed,
        compare=compare,
        tolerance=tolerance,
    )
    read, body = await body_reader(request, kind, streamed)
    try:
        slot = service.batches.take()
    except BaseException:
        if body is not None:
            body.close()
        raise
    pieces = make_answer(job, read)
    try:
        first = await slot.step(next, pieces, None)  # the body's problems are raised here
    except BaseException:
        pieces.close()
        if body is not None:
            body.close()
        slot.release()
        raise
    return TimedAnswer(
        _sent(first, pieces, slot, body),
        settings.write_timeout,
        media_type=ANSWER_MEDIA_TYPES[answer],
        headers={"Content-Language": language},
    )


async def body_reader(
    request: Request, kind: BodyFormat, streamed: bool
) -> tuple[Callable[[], Entries], IO[bytes] | None]:
    """Return how a batch's first step reads its body, with the reading options of its query,
    and the spooled body to close afterwards (None for a body read whole)."""
    service = service_of(request)
    settings = service.settings
    options = options_from_query(request.query_params, request.headers.get("content-type"))
    reading = (options, service.book, profiles_for(settings.policy_dir))
    if not streamed:
        return partial(read_whole, await request.body(), kind, settings, *reading), None
    body = await spool(request, kind, settings.max_stream_bytes, options.encoding)
    return partial(read_stream, body, kind, settings.max_stream_items, *reading), body


def read_whole(
    content: bytes,
    kind: BodyFormat,
    settings: Settings,
    options: ImportOptions = PLAIN,
    book: PolicyBook | None = None,
    profiles: Mapping[str, Profile] | None = None,
) -> Entries:
    """Read every entry of a body held in memory; refuse one past the batch's limits.

    With the policies (`book`), a body the import readers read (a workbook, a PSA's export,
    options such as `time_zone`) goes to them (`app.imports`); entries our readers refuse are
    read again as people write them."""
    most = settings.max_batch_items
    size = len(content)
    if book is not None and needs_import(kind, options):
        imported = import_entries(content, kind, options, book, profiles)
        assert imported is not None
        collected = collect(imported, most, "the body has no entries")
        lines = kind != "json"  # a PSA's JSON export names its entries, not lines
        return Entries(iter(collected), None, lines, [collected], collected, size)
    if kind == "json":
        failed: dict[int, InvalidRequest] = {}
        if book is not None:
            content, failed = localized_batch(content, options, book)
        check_json_shape(content, settings.max_body_bytes)
        items, in_body = read_json_items(content, most, settings.max_sessions)
        entries = (
            [(0, failed.get(index, item), b"") for index, item in enumerate(items)]
            if failed
            else [(0, item, b"") for item in items]
        )
        held: list[object] = [entries, items]
        return Entries(iter(entries), in_body, False, held, entries, size)
    empty = "the CSV has no data rows" if kind == "csv" else "the body has no entries"
    read = entries_of(io.BytesIO(content), kind)
    if book is not None:
        read = second_reading(read, kind, options, book, delimiter_of(content[:65536]))
    collected = collect(read, most, empty)
    return Entries(iter(collected), held=[collected], listed=collected, size=size)


def read_stream(
    body: IO[bytes],
    kind: BodyFormat,
    most: int,
    options: ImportOptions = PLAIN,
    book: PolicyBook | None = None,
    profiles: Mapping[str, Profile] | None = None,
) -> Entries:
    """Count a spooled body's entries and lines against the stream's limit; read it lazily."""
    if book is not None and needs_import(kind, options):
        counted = import_entries(body, kind, options, book, profiles)
        assert counted is not None
        entries = lines = sum(1 for _ in islice(counted, most + 1))
        body.seek(0)
    else:
        entries, lines = count_lines(body, kind, most)
    if lines > most:
        raise InvalidRequest.at(
            "items",
            f"at most {most} entries per stream (BILLING_MAX_STREAM_ITEMS); blank lines count too",
        )
    if entries == 0:
        raise InvalidRequest.at("items", "the body has no entries")
    if book is not None and needs_import(kind, options):
        imported = import_entries(body, kind, options, book, profiles)
        assert imported is not None
        return Entries(imported, lines=kind != "json")
    if book is None:
        return Entries(entries_of(body, kind))
    delimiter = delimiter_of(body.read(65536))
    body.seek(0)
    return Entries(second_reading(entries_of(body, kind), kind, options, book, delimiter))


async def _sent(
    first: bytes | None, pieces: Generator[bytes, None, None], slot: Slot, body: IO[bytes] | None
) -> AsyncGenerator[bytes, None]:
    """Yield the pieces, made in a thread up to `AHEAD` ahead of the sending.

    A step makes pieces until `AHEAD` wait to be sent, then gives its slot back; the next starts
    when the caller has taken all but `LOW`. A fast caller keeps one thread making the whole
    answer; one that reads slowly holds no slot while it reads, and at most `AHEAD` pieces.
    """
    loop = asyncio.get_running_loop()
    made: asyncio.Queue[bytes | None] = asyncio.Queue()  # None: a step has ended, look again

    def make(room: int) -> bool:
        """Make up to `room` pieces; return whether the answer is complete."""
        for _ in range(room):
            piece = next(pieces, None)
            if piece is None:
                return True
            if piece:  # an empty one is work done with nothing to send yet
                loop.call_soon_threadsafe(made.put_nowait, piece)
        return False

    step: asyncio.Future[bool] | None = None
    complete = first is None
    if first:
        made.put_nowait(first)
    try:
        while True:
            if step is not None and step.done():
                complete, step = step.result(), None  # raises what went wrong in the thread
            if step is None and not complete and made.qsize() <= LOW:
                step = asyncio.ensure_future(slot.step(make, AHEAD - made.qsize()))
                step.add_done_callback(lambda _: made.put_nowait(None))  # wakes the loop
            if complete and made.empty():
                break
            if (piece := await made.get()) is not None:
                yield piece
    finally:
        with anyio.CancelScope(shield=True):
            if step is not None and not step.done():
                await asyncio.wait([step])  # a thread cannot be stopped: let its step end
            if step is not None and not step.cancelled():
                step.exception()  # raised to the caller already, or not wanted since it left
            pieces.close()  # closes the batch's files and frees what it built, in the background
            if body is not None:
                body.close()
            slot.release()


class TimedAnswer(StreamingResponse):
    """A streamed answer whose caller must read each piece within `write_timeout` seconds."""

    def __init__(
        self, content: AsyncGenerator[bytes, None], write_timeout: float, **options: object
    ) -> None:
        super().__init__(content, **options)  # type: ignore[arg-type]
        self.pieces = content
        self.write_timeout = write_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, _timed(send, self.write_timeout))
        except AnswerTimedOut:
            _aborted(scope, "write timeout")
            raise
        except OSError as error:
            _aborted(scope, "no space left" if error.errno == errno.ENOSPC else "error")
            raise
        finally:  # an answer given up is closed now, not when it is garbage
            with anyio.CancelScope(shield=True):
                await self.pieces.aclose()


def whole_answer(
    content: bytes, write_timeout: float, media_type: str, headers: Mapping[str, str]
) -> TimedAnswer:
    """Return an answer made whole (invoices, a page's download) that its caller must read
    within `write_timeout` seconds, as a batch's answer is."""

    async def once() -> AsyncGenerator[bytes, None]:
        yield content

    sized = {**headers, "Content-Length": str(len(content))}
    return TimedAnswer(once(), write_timeout, media_type=media_type, headers=sized)


def _aborted(scope: Scope, reason: str) -> None:
    """Say why the answer was cut off, for the access line and the metrics (`RequestGuard`)."""
    scope.setdefault("state", {})["aborted"] = reason


def _timed(send: Send, seconds: float) -> Callable[[Message], Awaitable[None]]:
    async def timed_send(message: Message) -> None:
        try:
            await asyncio.wait_for(send(message), seconds)
        except TimeoutError:
            raise AnswerTimedOut(f"the caller read nothing for {seconds} s") from None

    return timed_send
