"""A batch's answer made piece by piece: entries read, quoted by the engine, encoded.

`make_answer` is a generator run a step at a time in a worker thread (see `answer`). Its first
step reads (a body in memory) or counts (a spooled stream) the entries, so the body's problems
are raised before any of the answer exists; each later step quotes and encodes a piece.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from app.api.batches import tuning
from app.api.batches.readers import Entry, name_lines
from app.api.batches.writer import RESULTS_PER_PIECE, AnswerWriter
from app.api.operations import metrics
from app.engine import (
    GroupBy,
    InvalidRequest,
    Language,
    Limits,
    OtherTerms,
    PolicyBook,
    SecondOpinion,
    StreamedBatch,
)
from app.wire import csv_io
from app.wire.media import AnswerFormat

WriterOf = Callable[..., AnswerWriter]
RELEASE_AFTER_BYTES = 4 * 1024 * 1024  # memory is handed back after a body this large


@dataclass(frozen=True, slots=True)
class Entries:
    """What a batch's first step read: its entries, and how to treat them."""

    entries: Iterator[Entry]
    group_in_body: str | None = None
    lines: bool = True  # problems name the body's line (CSV, NDJSON), not only the item
    held: list[object] | None = None  # a batch read whole: freed in the background after
    listed: list[Entry] | None = None  # the entries of a batch read whole
    size: int = 0  # the bytes of a body read whole

    def line_numbers(self) -> list[int]:
        """Return the body's line of each entry of a batch read whole (before it is answered:
        what it read is freed in the background afterwards)."""
        return [line for line, _, _ in self.listed or ()]


@dataclass(frozen=True, slots=True)
class BatchJob:
    """Everything a batch's answer depends on besides its entries."""

    book: PolicyBook
    limits: Limits
    language: Language
    answer: AnswerFormat
    request_id: str | None
    group_in_query: str | None
    in_memory: bool
    compare: OtherTerms | None = None  # quote each assignment again under these terms
    tolerance: Decimal | None = None  # check what entries billed, within this tolerance

    def opinion(self) -> SecondOpinion | None:
        """Return the batch's second opinion, if it asked for one."""
        if self.compare is None and self.tolerance is None:
            return None
        return SecondOpinion(
            self.book, self.compare, self.tolerance, language=self.language, limits=self.limits
        )


def group_by_of(in_query: str | None, in_body: str | None) -> GroupBy:
    """Return the grouping asked for in the query or the body; refuse two different ones."""
    if in_query is not None and in_query not in ("none", "ticket"):
        raise InvalidRequest.at("query.group_by", "must be 'none' or 'ticket'")
    if in_query and in_body and in_query != in_body:
        raise InvalidRequest.at("group_by", f"the query says {in_query!r}, the body {in_body!r}")
    return "ticket" if (in_query or in_body) == "ticket" else "none"


def make_answer(
    job: BatchJob, read: Callable[[], Entries], writer_of: WriterOf = AnswerWriter
) -> Generator[bytes, None, None]:
    """Yield the answer's pieces: opening, results, closing. An empty piece says that a
    thousand entries were taken with nothing to write yet (held for their tickets), so a
    step of work stays short whatever the grouping."""
    started = time.perf_counter()
    if job.in_memory:
        tuning.pause_collector()  # the entries read live across steps: see `tuning`
    try:
        source = read()
        group_by = group_by_of(job.group_in_query, source.group_in_body)
        batch = StreamedBatch(
            job.book,
            group_by=group_by,
            language=job.language,
            limits=job.limits,
            in_memory=job.in_memory,
            opinion=job.opinion(),
        )
        grouped = group_by == "ticket"
        writer = writer_of(job.answer, job.request_id, grouped=grouped, in_memory=job.in_memory)
        writer.columns = csv_io.columns_for(job.compare is not None, job.tolerance is not None)
        writer.judged = batch.opinion is not None
        # A batch read whole keeps its results until it is answered, so that freeing them
        # (some 25 ms for 10,000) happens after the answer, in the background.
        spent: list[object] | None = [] if source.held is not None else None
        try:
            yield from _pieces(source, batch, writer, spent)
            metrics.observe_batch(batch.items, time.perf_counter() - started)
        finally:
            batch.close()
            writer.close()
            if source.held is not None and spent is not None:
                held = [*source.held, spent]
                tuning.free_later(held, give_back=source.size > RELEASE_AFTER_BYTES)
    finally:
        if job.in_memory:
            tuning.resume_collector()


def _pieces(
    source: Entries, batch: StreamedBatch, writer: AnswerWriter, spent: list[object] | None
) -> Iterator[bytes]:
    if opening := writer.opening():
        yield opening
    entries = source.entries
    while taken := list(islice(entries, RESULTS_PER_PIECE)):
        results, failed = batch.add_all(taken)
        if source.lines and failed:  # problems name the body's line of their entry
            first = batch.items - len(taken)
            for position in failed:
                result = results[position]
                line = taken[result.entries[0] - first][0]
                results[position] = name_lines(result, {result.entries[0]: line})
        yield writer.early(results)
        if spent is not None:
            spent.append(results)
    finished = (name_lines(r, refs) if source.lines else r for r, refs in batch.finish())
    yield from writer.rest(finished)
    if closing := writer.closing(batch):
        yield closing
