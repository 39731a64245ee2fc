"""One result of a batch: the quote of some entries (one, or a ticket's), or their problems.

`stream.StreamedBatch` quotes a whole batch through these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from app.engine.assignments import ticket_key
from app.engine.book import PolicyBook
from app.engine.compare import BilledCheck, Difference
from app.engine.errors import FieldProblem, InvalidEntry, InvalidRequest
from app.engine.policy import Language
from app.engine.quote import Limits, quote
from app.engine.request import QuoteRequest
from app.engine.result import FairUseCount, Quote

GroupBy = Literal["none", "ticket"]
_SESSION_REF = re.compile(r"\bsessions\.(\d+)")


@dataclass(frozen=True, slots=True)
class QuotedEntries:
    """The quote of some entries (one, or a ticket's), or what is wrong with them."""

    entries: list[int]
    quote: Quote | None = None
    problems: list[FieldProblem] | None = None
    other: Quote | None = None  # the quote under other terms (a re-rated batch)
    difference: Difference | None = None  # `other` less `quote`
    billed: BilledCheck | None = None  # what was billed, set against `quote`


@dataclass(slots=True)
class BatchOutcome:
    results: list[QuotedEntries]
    fair_use: list[FairUseCount]
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(len(r.entries) for r in self.results if r.quote is None)


def _session_labels(entries: Mapping[int, QuoteRequest], indices: list[int]) -> list[str]:
    """Name each session of a merged assignment by the entry it came from."""
    labels = []
    for index in indices:
        entry = entries[index]
        if entry.sessions is None:
            labels.append(f"items.{index}")
        else:
            labels += [f"items.{index}.sessions.{j}" for j in range(len(entry.sessions))]
    return labels


def _relabel(
    problems: list[FieldProblem], first: int, labels: list[str] | None
) -> list[FieldProblem]:
    """Point a problem of an assignment back at the batch items it came from."""

    def name(match: re.Match[str]) -> str:
        return labels[int(match[1])] if labels else f"items.{first}.{match[0]}"

    relabelled = []
    for problem in problems:
        if labels and _SESSION_REF.match(problem.field):
            field_name = _SESSION_REF.sub(name, problem.field)
        else:
            field_name = f"items.{first}.{problem.field}"
        message = _SESSION_REF.sub(name, problem.problem) if labels else problem.problem
        relabelled.append(FieldProblem(field_name, message))
    return relabelled


def unreadable(error: InvalidRequest, raw: Any) -> InvalidEntry:
    """Return the problems of an entry that cannot be read, with the ticket its data names."""
    ticket = ticket_key(raw.get("policy"), raw.get("ticket_id")) if isinstance(raw, dict) else None
    return InvalidEntry(error.problems, ticket)


def blocked_by(
    request: QuoteRequest, indices: list[int], unquotable: dict[tuple[str, str], int]
) -> list[FieldProblem] | None:
    """Say why an assignment is not quoted when another entry of its ticket is unreadable."""
    key = ticket_key(request.policy, request.ticket_id)
    if key is None:
        return None
    culprit = unquotable.get(key, unquotable.get(("", key[1])))
    if culprit is None:
        return None
    why = (
        f"not quoted: ticket {key[1]!r} is one assignment with items.{culprit}, which cannot be "
        f"read; a grouped assignment is quoted whole or not at all"
    )
    return [FieldProblem(f"items.{i}", why) for i in indices]


def quote_assignment(
    indices: list[int],
    request: QuoteRequest,
    entries: Mapping[int, QuoteRequest],
    book: PolicyBook,
    language: Language,
    limits: Limits,
) -> QuotedEntries:
    """Quote the assignment of some batch entries; name its problems by those entries."""
    try:
        result = quote(request, book, language=language, limits=limits)
    except InvalidRequest as error:
        labels = _session_labels(entries, indices) if len(indices) > 1 else None
        return QuotedEntries(indices, problems=_relabel(error.problems, indices[0], labels))
    return QuotedEntries(indices, quote=result)


def add_to_totals(totals: dict[str, Decimal], result: Quote) -> None:
    """Add a quote's total (excluding VAT) to the running totals per currency."""
    totals[result.currency] = totals.get(result.currency, Decimal("0.00")) + result.total
