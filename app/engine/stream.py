"""Quote a batch's entries given one at a time, in memory or in a stream of any length.

This is the one way a batch is quoted: the in-memory batch drives it over a list, a stream over
its body. Without grouping each entry is quoted at once and forgotten. Grouped by ticket, an
entry with a ticket id is held to the end, since its ticket may come back anywhere; a stream
holds its entries in a temporary file (memory keeps per assignment a 16-byte digest of its key
and the file position of each entry: about 40 bytes an entry and 150 an assignment), a batch
in memory holds the entries read. At the end, assignments are merged and quoted one at a time,
in order of their first entry; `in_order` interleaves them with the results given early.
"""

from __future__ import annotations

import heapq
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TypeVar

from app.engine.assignments import TicketRepeats, assignment_digest, merge_entries
from app.engine.batch import (
    BatchOutcome,
    GroupBy,
    QuotedEntries,
    add_to_totals,
    blocked_by,
    quote_assignment,
)
from app.engine.book import PolicyBook
from app.engine.compare import SecondOpinion
from app.engine.errors import FieldProblem, InvalidEntry, InvalidRequest
from app.engine.fair_use import TicketTally
from app.engine.policy import Language
from app.engine.quote import DEFAULT_LIMITS, Limits
from app.engine.request import QuoteRequest
from app.engine.result import FairUseCount

T = TypeVar("T")
_RECORD = struct.Struct("<QQI")  # entry index, caller's reference (a line number), length
_LENGTH_BITS = 24  # a held record is at most 16 MiB


class HeldEntries:
    """Entries written to a temporary file, read back by position."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._end = 0

    def put(self, index: int, ref: int, item: QuoteRequest, raw: bytes) -> int:
        """Write one entry's JSON (through `request.exact_numbers`); return its position."""
        record = _RECORD.pack(index, ref, len(raw)) + raw
        if len(record) >= 1 << _LENGTH_BITS:
            raise ValueError("a held entry is at most 16 MiB")
        self._file.write(record)
        position = self._end << _LENGTH_BITS | len(record)
        self._end += len(record)
        return position

    def get(self, position: int) -> tuple[int, int, QuoteRequest]:
        """Return (index, reference, entry) of the entry written at `position`."""
        self._file.flush()
        offset, length = position >> _LENGTH_BITS, position & ((1 << _LENGTH_BITS) - 1)
        record = os.pread(self._file.fileno(), length, offset)
        index, ref, _ = _RECORD.unpack_from(record)
        return index, ref, QuoteRequest.model_validate_exact(record[_RECORD.size :])

    def close(self) -> None:
        self._file.close()


class HeldInMemory:
    """Entries of a batch already in memory, kept as they were read."""

    def __init__(self) -> None:
        self._entries: list[tuple[int, int, QuoteRequest]] = []

    def put(self, index: int, ref: int, item: QuoteRequest, raw: bytes) -> int:
        self._entries.append((index, ref, item))
        return len(self._entries) - 1

    def get(self, position: int) -> tuple[int, int, QuoteRequest]:
        return self._entries[position]

    def close(self) -> None:
        self._entries.clear()


class StreamedBatch:
    """The batch's results for entries given one by one; counts, totals and fair use kept."""

    def __init__(
        self,
        book: PolicyBook,
        *,
        group_by: GroupBy = "none",
        language: Language = "en",
        limits: Limits = DEFAULT_LIMITS,
        in_memory: bool = False,
        opinion: SecondOpinion | None = None,
    ) -> None:
        self.book, self.language, self.limits = book, language, limits
        self.items = self.failed = self.results = 0
        self.totals: dict[str, Decimal] = {}
        self._tally = TicketTally(book)
        self._held: HeldEntries | HeldInMemory | None = None
        if group_by == "ticket":
            self._held = HeldInMemory() if in_memory else HeldEntries()
        self._assignments: dict[bytes, list[int]] = {}
        self._unquotable: dict[tuple[str, str], int] = {}
        self._repeats = TicketRepeats() if self._held is None else None
        self.opinion = opinion

    @property
    def quoted(self) -> int:
        return self.items - self.failed

    def add(
        self, item: QuoteRequest | InvalidRequest, raw: bytes = b"", ref: int = 0
    ) -> QuotedEntries | None:
        """Take the next entry (read, and its JSON for a stream to hold); return its result, or
        None if it is held."""
        index = self.items
        self.items += 1
        if isinstance(item, InvalidRequest):
            if self._held is not None and isinstance(item, InvalidEntry) and item.ticket:
                self._unquotable.setdefault(item.ticket, index)
            return self._counted(QuotedEntries([index], problems=item.problems), ())
        if self._repeats is not None:
            self._repeats.add(item)
        if self._held is None or item.ticket_id is None:
            result = quote_assignment(
                [index], item, {index: item}, self.book, self.language, self.limits
            )
            if self.opinion is not None:
                result = self._second(result, item)
            return self._counted(result, (item,))
        digest = assignment_digest(item, self.book)
        self._assignments.setdefault(digest, []).append(self._held.put(index, ref, item, raw))
        return None

    def add_all(
        self, entries: list[tuple[int, QuoteRequest | InvalidRequest, bytes]]
    ) -> tuple[list[QuotedEntries], list[int]]:
        """Take entries given as (reference, entry, JSON); return the results known now and,
        for each result with problems, its position among them (to name their lines)."""
        results: list[QuotedEntries] = []
        failed: list[int] = []
        for ref, item, raw in entries:
            result = self.add(item, raw, ref)
            if result is not None:
                if result.problems is not None:
                    failed.append(len(results))
                results.append(result)
        return results, failed

    def finish(self) -> Iterator[tuple[QuotedEntries, dict[int, int]]]:
        """Quote the held assignments in order of their first entry; yield each result with
        the reference of each of its entries."""
        if self._held is None:
            return
        held, self._held = self._held, None
        try:
            for positions in self._assignments.values():
                entries: dict[int, QuoteRequest] = {}
                refs: dict[int, int] = {}
                for position in positions:
                    index, refs[index], entries[index] = held.get(position)
                indices = list(entries)
                request = merge_entries(list(entries.values()))
                problems = blocked_by(request, indices, self._unquotable)
                result = (
                    QuotedEntries(indices, problems=problems)
                    if problems
                    else quote_assignment(
                        indices, request, entries, self.book, self.language, self.limits
                    )
                )
                if self.opinion is not None:
                    result = self._second(result, request)
                yield self._counted(result, entries.values()), refs
        finally:
            self._assignments.clear()
            held.close()

    def note(self) -> str | None:
        """Return what the summary says of tickets with several entries quoted one by one."""
        return self._repeats.note() if self._repeats is not None else None

    def fair_use(self) -> list[FairUseCount]:
        """Return the tickets per customer and month of the entries quoted so far."""
        return self._tally.counts(self.language)

    def close(self) -> None:
        """Drop whatever is held (a stream given up before its end)."""
        if self._held is not None:
            self._held.close()
            self._held = None

    def _second(self, result: QuotedEntries, request: QuoteRequest) -> QuotedEntries:
        """Add the second opinion to a quoted assignment; one that cannot be quoted under the
        other terms fails with why."""
        if result.quote is None or self.opinion is None:
            return result
        try:
            other, change, check = self.opinion.judge(request, result.quote)
        except InvalidRequest as error:
            why = "; ".join(f"{p.field}: {p.problem}" for p in error.problems)
            problem = FieldProblem(
                f"items.{result.entries[0]}", f"cannot be quoted under the other terms: {why}"
            )
            return QuotedEntries(result.entries, problems=[problem])
        return QuotedEntries(result.entries, result.quote, None, other, change, check)

    def _counted(self, result: QuotedEntries, entries: Iterable[QuoteRequest]) -> QuotedEntries:
        self.results += 1
        if result.quote is None:
            self.failed += len(result.entries)
        else:
            add_to_totals(self.totals, result.quote)
            for entry in entries:
                self._tally.add(entry)
        return result


def in_order(
    early: Iterable[tuple[int, T]], held: Iterable[tuple[int, T]]
) -> Iterator[tuple[int, T]]:
    """Interleave results given early with the held assignments', by their first entry."""
    return heapq.merge(early, held, key=lambda pair: pair[0])


def quote_batch(
    items: Sequence[QuoteRequest | InvalidRequest],
    book: PolicyBook,
    *,
    group_by: GroupBy = "none",
    language: Language = "en",
    limits: Limits = DEFAULT_LIMITS,
) -> BatchOutcome:
    """Quote every valid item (or every ticket's items together); keep the order of items."""
    batch = StreamedBatch(book, group_by=group_by, language=language, limits=limits, in_memory=True)
    early = [(r.entries[0], r) for item in items if (r := batch.add(item)) is not None]
    held = ((r.entries[0], r) for r, _ in batch.finish())
    results = [result for _, result in in_order(early, held)]
    return BatchOutcome(results, batch.fair_use(), batch.totals)
