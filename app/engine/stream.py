"""Quote a stream of entries of any length, as the batch quotes them in memory, in bounded memory.

Entries arrive one at a time. Without grouping each is quoted at once and forgotten. Grouped by
ticket, an entry with a ticket id is held to the end of the stream, since its ticket may come
back anywhere: held entries wait in a temporary file, and memory keeps per assignment a 16-byte
digest of its key and the file position of each entry (about 40 bytes an entry and 150 an
assignment). At the end, assignments are read back one at a time, merged and quoted exactly as
the batch does, in order of their first entry.
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from app.engine.assignments import assignment_digest, merge_entries
from app.engine.batch import (
    BatchResult,
    GroupBy,
    add_to_totals,
    blocked_by,
    quote_assignment,
)
from app.engine.book import PolicyBook
from app.engine.errors import InvalidEntry, InvalidRequest
from app.engine.fair_use import TicketTally
from app.engine.policy import Language
from app.engine.quote import DEFAULT_LIMITS, Limits
from app.engine.request import QuoteRequest
from app.engine.result import FairUseCount

_RECORD = struct.Struct("<QQI")  # entry index, caller's reference (a line number), length
_LENGTH_BITS = 24  # a held record is at most 16 MiB


class HeldEntries:
    """Entries written to a temporary file, read back by position."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._end = 0

    def put(self, index: int, ref: int, raw: bytes) -> int:
        """Write one entry's JSON; return its position."""
        record = _RECORD.pack(index, ref, len(raw)) + raw
        if len(record) >= 1 << _LENGTH_BITS:
            raise ValueError("a held entry is at most 16 MiB")
        self._file.write(record)
        position = self._end << _LENGTH_BITS | len(record)
        self._end += len(record)
        return position

    def get(self, position: int) -> tuple[int, int, bytes]:
        """Return (index, reference, JSON) of the entry written at `position`."""
        self._file.flush()
        offset, length = position >> _LENGTH_BITS, position & ((1 << _LENGTH_BITS) - 1)
        record = os.pread(self._file.fileno(), length, offset)
        index, ref, _ = _RECORD.unpack_from(record)
        return index, ref, record[_RECORD.size :]

    def close(self) -> None:
        self._file.close()


class StreamedBatch:
    """The batch's results for entries given one by one; counts, totals and fair use kept."""

    def __init__(
        self,
        book: PolicyBook,
        *,
        group_by: GroupBy = "none",
        language: Language = "en",
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.book, self.language, self.limits = book, language, limits
        self.items = self.failed = self.results = 0
        self.totals: dict[str, Decimal] = {}
        self._tally = TicketTally(book)
        self._held = HeldEntries() if group_by == "ticket" else None
        self._assignments: dict[bytes, list[int]] = {}
        self._unquotable: dict[tuple[str, str], int] = {}

    @property
    def quoted(self) -> int:
        return self.items - self.failed

    def add(
        self, item: QuoteRequest | InvalidRequest, raw: bytes, ref: int = 0
    ) -> BatchResult | None:
        """Take the next entry (read, and its JSON); return its result, or None if it is held."""
        index = self.items
        self.items += 1
        if isinstance(item, InvalidRequest):
            if self._held is not None and isinstance(item, InvalidEntry) and item.ticket:
                self._unquotable.setdefault(item.ticket, index)
            return self._counted(BatchResult([index], problems=item.problems), [])
        if self._held is None or item.ticket_id is None:
            result = quote_assignment([index], item, {index: item}, *self._quoting)
            return self._counted(result, [item])
        digest = assignment_digest(item, self.book)
        self._assignments.setdefault(digest, []).append(self._held.put(index, ref, raw))
        return None

    def finish(self) -> Iterator[tuple[BatchResult, dict[int, int]]]:
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
                    index, refs[index], raw = held.get(position)
                    entries[index] = QuoteRequest.model_validate_json(raw)
                indices = list(entries)
                request = merge_entries(list(entries.values()))
                problems = blocked_by(request, indices, self._unquotable)
                result = (
                    BatchResult(indices, problems=problems)
                    if problems
                    else quote_assignment(indices, request, entries, *self._quoting)
                )
                yield self._counted(result, entries.values()), refs
        finally:
            self._assignments.clear()
            held.close()

    def fair_use(self) -> list[FairUseCount]:
        """Return the tickets per customer and month of the entries quoted so far."""
        return self._tally.counts(self.language)

    def close(self) -> None:
        """Drop whatever is held (a stream given up before its end)."""
        if self._held is not None:
            self._held.close()
            self._held = None

    @property
    def _quoting(self) -> tuple[PolicyBook, Language, Limits]:
        return self.book, self.language, self.limits

    def _counted(self, result: BatchResult, entries: Iterable[QuoteRequest]) -> BatchResult:
        self.results += 1
        if result.quote is None:
            self.failed += len(result.entries)
        else:
            add_to_totals(self.totals, result.quote)
            for entry in entries:
                self._tally.add(entry)
        return result
