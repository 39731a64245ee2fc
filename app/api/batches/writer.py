"""A batch's answer as JSON, CSV or NDJSON, results in the order of their first entry.

Ungrouped, each result is final as soon as its entry is quoted and is written at once. Grouped
by ticket, the results known early (entries without a ticket, unreadable ones) are kept (in
memory for a batch read whole, encoded in a temporary file for a stream) and merged with the
tickets' results at the end, so every door lists results in the same order.
"""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import IO

from app.api.operations import metrics
from app.engine import CustomerTotals, FieldProblem, QuotedEntries, StreamedBatch, in_order
from app.wire import csv_io
from app.wire.encoding import batch_closing, batch_opening, result_line, results_json, summary_line
from app.wire.media import AnswerFormat
from app.wire.problems import Problem, problem_body
from app.wire.schemas import (
    BatchResponse,
    BatchResult,
    BatchSummary,
    BilledAgainst,
    BilledSummary,
    CustomerRerated,
    PlainBatchResult,
    Rerated,
    RerateSummary,
)

RESULTS_PER_PIECE = 1000  # results encoded per piece of the answer
ZERO = Decimal("0.00")
# A batch answer lists this many problems per failed item, so its size stays near the body's.
ITEM_PROBLEMS = 5
_KEPT = struct.Struct("<QI")  # first entry index, length of the encoded result
Unit = QuotedEntries | bytes  # a result, or one already encoded


def api_result(result: QuotedEntries, request_id: str | None) -> BatchResult:
    """Return one result as the API shows it: the problems as a problem document."""
    return BatchResult(
        result.entries,
        result.quote,
        None if result.problems is None else _problem_of(result.problems, request_id),
        _rerated(result) if result.other is not None else None,
        _billed(result) if result.billed is not None else None,
    )


def plain_result(result: QuotedEntries, request_id: str | None) -> PlainBatchResult:
    """Return a result of a batch without a second opinion, as the plain result that encodes
    faster (the same JSON)."""
    problem = None if result.problems is None else _problem_of(result.problems, request_id)
    return PlainBatchResult(result.entries, result.quote, problem)


def _problem_of(problems: list[FieldProblem], request_id: str | None) -> Problem:
    body = problem_body(422, "these items cannot be quoted", problems, request_id, ITEM_PROBLEMS)
    return Problem.model_validate(body)


def _rerated(result: QuotedEntries) -> Rerated:
    other, change = result.other, result.difference
    assert other is not None and change is not None
    return Rerated(
        other.policy,
        other.policy_version,
        other.billable_minutes,
        other.labour_amount,
        other.travel.amount,
        other.total,
        change.billable_minutes,
        change.labour,
        change.travel,
        change.total,
        list(change.clauses),
    )


def _billed(result: QuotedEntries) -> BilledAgainst:
    check, quote = result.billed, result.quote
    assert check is not None and quote is not None
    return BilledAgainst(
        check.outcome,
        None if check.minutes is None else quote.billable_minutes + check.minutes,
        None if check.amount is None else quote.total + check.amount,
        check.minutes,
        check.amount,
        list(check.clauses),
    )


def summary_of(batch: StreamedBatch) -> BatchSummary:
    """Return a batch's summary: its counts and totals, and those of its second opinion."""
    opinion = batch.opinion
    rerated = checked = None
    if opinion is not None and opinion.terms is not None:
        differences = {
            currency: opinion.other_totals.get(currency, ZERO) - own
            for currency, own in batch.totals.items()
        }
        customers = [
            CustomerRerated(c.customer_id, c.currency, c.own, c.other, c.other - c.own)
            for c in sorted(opinion.by_customer.values(), key=_customer_order)
        ]
        rerated = RerateSummary(dict(batch.totals), opinion.other_totals, differences, customers)
    if opinion is not None and opinion.tolerance is not None:
        outcomes = opinion.outcomes
        checked = BilledSummary(
            outcomes["agrees"],
            outcomes["over_billed"],
            outcomes["under_billed"],
            opinion.billed_differences,
        )
    return BatchSummary(
        items=batch.items,
        results=batch.results,
        quoted=batch.quoted,
        failed=batch.failed,
        totals=batch.totals,
        note=batch.note(),
        rerated=rerated,
        billed=checked,
    )


def _customer_order(totals: CustomerTotals) -> tuple[str, str]:
    return totals.customer_id or "", totals.currency


class AnswerWriter:
    """Encode one batch's answer, piece by piece."""

    def __init__(
        self, kind: AnswerFormat, request_id: str | None, *, grouped: bool, in_memory: bool
    ) -> None:
        self.kind, self.request_id = kind, request_id
        self.columns: list[str] = csv_io.OUTPUT_COLUMNS  # a re-rated or checked batch's more
        self.judged = True  # whether results may carry a second opinion
        self._written = False  # whether a result was written (JSON separates them by commas)
        self._kept: list[tuple[int, QuotedEntries]] | None = None
        self._kept_file: IO[bytes] | None = None
        if grouped and in_memory:
            self._kept = []
        elif grouped:
            self._kept_file = tempfile.TemporaryFile()

    def opening(self) -> bytes:
        if self.kind == "json":
            return batch_opening()
        return csv_io.invoice_header(self.columns).encode() if self.kind == "csv" else b""

    def early(self, results: list[QuotedEntries]) -> bytes:
        """Write results final before the end: now, or kept for the end when grouped."""
        if self._kept is not None:
            self._kept += [(result.entries[0], result) for result in results]
            return b""
        if self._kept_file is not None:
            for result in results:
                encoded = self._encode_run([result])
                self._kept_file.write(_KEPT.pack(result.entries[0], len(encoded)) + encoded)
            return b""
        return self._joined([self._encode_run(results)] if results else [])

    def rest(self, held: Iterator[QuotedEntries]) -> Iterator[bytes]:
        """Yield the held results merged with the kept ones, a piece at a time."""
        merged = in_order(self._kept_units(), ((r.entries[0], r) for r in held))
        while units := [unit for _, unit in islice(merged, RESULTS_PER_PIECE)]:
            yield self._encode(units)

    def closing(self, batch: StreamedBatch) -> bytes:
        if self.kind == "json":
            return batch_closing(summary_of(batch), batch.fair_use())
        if self.kind == "ndjson":
            return summary_line(summary_of(batch), batch.fair_use())
        return csv_io.invoice_trailer(summary_of(batch), self.columns).encode()

    def close(self) -> None:
        if self._kept_file is not None:
            self._kept_file.close()
        self._kept = None

    def _kept_units(self) -> Iterator[tuple[int, Unit]]:
        if self._kept is not None:
            yield from self._kept
            self._kept = None
        elif self._kept_file is not None:
            kept = self._kept_file
            kept.seek(0)
            while header := kept.read(_KEPT.size):
                index, length = _KEPT.unpack(header)
                yield index, kept.read(length)

    def _encode(self, units: Sequence[Unit]) -> bytes:
        """Encode results (counting their quotes) and join them with those already encoded."""
        parts: list[bytes] = []
        run: list[QuotedEntries] = []
        for unit in units:
            if isinstance(unit, bytes):
                if run:
                    parts.append(self._encode_run(run))
                    run = []
                parts.append(unit)
            else:
                run.append(unit)
        if run:
            parts.append(self._encode_run(run))
        return self._joined(parts)

    def _joined(self, parts: list[bytes]) -> bytes:
        """Join encoded results into the answer's next piece (JSON separates them by commas)."""
        if self.kind != "json":
            return b"".join(parts)
        joined = b",".join(part for part in parts if part)
        if joined and self._written:
            joined = b"," + joined
        self._written = self._written or bool(joined)
        return joined

    def _encode_run(self, results: list[QuotedEntries]) -> bytes:
        metrics.count_quotes(result.quote for result in results)
        request_id = self.request_id
        shown = (
            [api_result(result, request_id) for result in results]
            if self.judged
            else [plain_result(result, request_id) for result in results]
        )
        if self.kind == "json":
            return results_json(shown, first=True)
        if self.kind == "ndjson":
            return b"".join(result_line(result) for result in shown)
        return csv_io.invoice_rows(shown, self.columns).encode()


class Collector(AnswerWriter):
    """The answer kept as objects, for a page to show (`response`, once the batch is done)."""

    def __init__(
        self, kind: AnswerFormat, request_id: str | None, *, grouped: bool, in_memory: bool
    ) -> None:
        super().__init__(kind, request_id, grouped=grouped, in_memory=True)
        self.results: list[BatchResult] = []
        self.response: BatchResponse | None = None

    def opening(self) -> bytes:
        return b""

    def closing(self, batch: StreamedBatch) -> bytes:
        self.response = BatchResponse(self.results, summary_of(batch), batch.fair_use())
        return b""

    def _encode_run(self, results: list[QuotedEntries]) -> bytes:
        metrics.count_quotes(result.quote for result in results)
        self.results += [api_result(result, self.request_id) for result in results]
        return b""
