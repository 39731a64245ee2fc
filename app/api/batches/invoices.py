"""`POST /v1/invoices`: a batch body through the one pipeline, its results written as invoices.

The body is read as the batch's (`answer.body_reader`), with the same query options (`source`,
`policy`, `time_zone`, `decimal`, `charset`, `group_by`): a JSON batch, a workbook or a PSA's
JSON export in memory (up to BILLING_MAX_BATCH_ITEMS entries); CSV and NDJSON, a PSA's CSV
export too, spooled and read lazily (up to BILLING_MAX_STREAM_ITEMS), as a batch answered as CSV
or NDJSON is, since an invoice answer is never JSON. The writer adds each result to its
customer's lines as it comes and keeps the first problems, so a stream is never held whole;
the invoices are written at the end, once every result is known. The work goes a few pieces a
step, giving the slot back between steps; a caller who hangs up is noticed within a step.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from typing import Any

from starlette.requests import ClientDisconnect, Request

from app.api.batches.answer import body_reader
from app.api.batches.opinion import NAMES as SECOND_OPINION
from app.api.batches.run import BatchJob, Entries, make_answer
from app.api.batches.writer import RESULTS_PER_PIECE, AnswerWriter
from app.api.deps import service_of
from app.api.errors import request_id_of
from app.api.operations import metrics
from app.engine import FieldProblem, InvalidRequest, PolicyBook, QuotedEntries, StreamedBatch
from app.invoices.invoice import InvoiceOptions, InvoiceTally
from app.invoices.numbers import check_number_pattern
from app.invoices.pack import packed
from app.wire.media import AnswerFormat, BodyFormat, invoice_streams

PIECES_A_STEP = 4  # pieces of a thousand entries quoted in one step of a batch slot
Answer = tuple[bytes, str, str]  # the answer's bytes, media type and file name
NO_CREDIT = (
    "invoices bill the contract's own quote; a second opinion is not invoiced, and an "
    "over-billed amount is not credited: this service writes no credit notes"
)


class InvoiceWriter(AnswerWriter):
    """Results added into invoices as they come; the answer made at the closing."""

    def __init__(
        self,
        kind: AnswerFormat,
        request_id: str | None,
        *,
        grouped: bool,
        in_memory: bool,
        book: PolicyBook,
        options: InvoiceOptions,
    ) -> None:
        super().__init__(kind, request_id, grouped=False, in_memory=True)
        self.book, self.options = book, options
        self.tally = InvoiceTally()
        self.answer: Answer | None = None

    def opening(self) -> bytes:
        return b""

    def early(self, results: list[QuotedEntries]) -> bytes:
        self._add(results)
        return b""

    def rest(self, held: Iterator[QuotedEntries]) -> Iterator[bytes]:
        for count, result in enumerate(held, start=1):
            self._add([result])
            if count % RESULTS_PER_PIECE == 0:
                yield b""  # a piece's work with nothing to send: a step may end here

    def closing(self, batch: StreamedBatch) -> bytes:
        self.answer = packed(self.tally.invoices(self.book, self.options))
        return b""

    def _add(self, results: list[QuotedEntries]) -> None:
        metrics.count_quotes(result.quote for result in results)
        for result in results:
            self.tally.add(result)


def check_options(options: InvoiceOptions, query: Mapping[str, str]) -> None:
    """Refuse options that no batch could use, before the body is read."""
    problems = check_number_pattern(options.number)
    if options.due_date is not None and options.due_date < options.issue_date:
        problems.append(FieldProblem("due_date", "is before the issue date"))
    asked = [name for name in SECOND_OPINION if name in query]
    problems += [FieldProblem(f"query.{name}", NO_CREDIT) for name in asked]
    if problems:
        raise InvalidRequest(problems)


def invoice_pieces(
    job: BatchJob, read: Any, options: InvoiceOptions, made: list[InvoiceWriter]
) -> Generator[bytes, None, None]:
    """Return the pipeline's pieces with an invoice writer at its end (in `made`)."""

    def writer_of(*args: Any, **named: Any) -> InvoiceWriter:
        made.append(InvoiceWriter(*args, book=job.book, options=options, **named))
        return made[0]

    return make_answer(job, read, writer_of)


def invoices_of_entries(job: BatchJob, source: Entries, options: InvoiceOptions) -> Answer:
    """Quote and invoice entries read whole, in one go (the batch page's download)."""
    made: list[InvoiceWriter] = []
    for _ in invoice_pieces(job, lambda: source, options, made):
        pass
    assert made[0].answer is not None
    return made[0].answer


def _worked(pieces: Generator[bytes, None, None], most: int) -> bool:
    """Make up to `most` pieces; return whether the pipeline is through."""
    for _ in range(most):
        if next(pieces, None) is None:
            return True
    return False


async def answer_invoices(request: Request, kind: BodyFormat, options: InvoiceOptions) -> Answer:
    """Answer an invoice request's body: one invoice's XML, or a ZIP of several."""
    check_options(options, request.query_params)
    service = service_of(request)
    streamed = invoice_streams(request.headers.get("content-type", ""))
    job = BatchJob(
        service.book,
        service.limits,
        "en",
        "json",
        request_id_of(request),
        request.query_params.get("group_by"),
        in_memory=not streamed,
    )
    read, body = await body_reader(request, kind, streamed)
    made: list[InvoiceWriter] = []
    pieces = invoice_pieces(job, read, options, made)
    try:
        slot = service.batches.take()
        try:
            while not await slot.step(_worked, pieces, PIECES_A_STEP):
                if await request.is_disconnected():
                    raise ClientDisconnect
        finally:
            slot.release()
    finally:
        pieces.close()
        if body is not None:
            body.close()
    assert made[0].answer is not None
    return made[0].answer
