"""`POST /v1/invoices`: a batch body through the one pipeline, its results written as invoices.

The writer adds each result to its customer's invoice as it comes; the invoices are written at
the closing, once every result is known. A body is read whole (up to BILLING_MAX_BATCH_ITEMS
entries), in one step of a batch slot.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from starlette.requests import Request

from app.api.batches.answer import read_whole
from app.api.batches.run import BatchJob, make_answer
from app.api.batches.writer import AnswerWriter
from app.api.deps import service_of
from app.api.errors import request_id_of
from app.api.operations import metrics
from app.engine import FieldProblem, InvalidRequest, PolicyBook, QuotedEntries, StreamedBatch
from app.invoices.lines import Invoice, InvoiceOptions, InvoiceTally, check_number_pattern
from app.invoices.pack import packed
from app.wire.media import AnswerFormat, BodyFormat


class InvoiceWriter(AnswerWriter):
    """Results added into invoices as they come; `invoices` made at the closing."""

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
        self.invoices: list[Invoice] = []

    def opening(self) -> bytes:
        return b""

    def early(self, results: list[QuotedEntries]) -> bytes:
        self._add(results)
        return b""

    def rest(self, held: Iterator[QuotedEntries]) -> Iterator[bytes]:
        for result in held:
            self._add([result])
        return iter(())

    def closing(self, batch: StreamedBatch) -> bytes:
        self.invoices = self.tally.invoices(self.book, self.options)
        return b""

    def _add(self, results: list[QuotedEntries]) -> None:
        metrics.count_quotes(result.quote for result in results)
        for result in results:
            self.tally.add(result)


def check_options(options: InvoiceOptions) -> None:
    """Refuse options that no batch could use, before the body is read."""
    problems = check_number_pattern(options.number)
    if options.due_date is not None and options.due_date < options.issue_date:
        problems.append(FieldProblem("due_date", "is before the issue date"))
    if problems:
        raise InvalidRequest(problems)


def invoices_of_body(
    content: bytes, kind: BodyFormat, job: BatchJob, options: InvoiceOptions, settings: Any
) -> tuple[bytes, str, str]:
    """Read, quote and invoice a whole body; return the answer's bytes, media type, file name."""
    made: list[InvoiceWriter] = []

    def writer_of(*args: Any, **named: Any) -> InvoiceWriter:
        made.append(InvoiceWriter(*args, book=job.book, options=options, **named))
        return made[0]

    for _ in make_answer(job, partial(read_whole, content, kind, settings), writer_of):
        pass
    return packed(made[0].invoices)


async def answer_invoices(
    request: Request, kind: BodyFormat, options: InvoiceOptions
) -> tuple[bytes, str, str]:
    """Answer an invoice request's body: one invoice's XML, or a ZIP of several."""
    check_options(options)
    service = service_of(request)
    job = BatchJob(
        service.book,
        service.limits,
        "en",
        "json",
        request_id_of(request),
        request.query_params.get("group_by"),
        in_memory=True,
    )
    content = await request.body()
    slot = service.batches.take()
    try:
        return await slot.step(invoices_of_body, content, kind, job, options, service.settings)
    finally:
        slot.release()
