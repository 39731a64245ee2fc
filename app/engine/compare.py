"""A second opinion on a bill: an assignment quoted again under other terms, or set against what
was billed for it, each difference traced to the clauses behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from app.engine.book import PolicyBook
from app.engine.errors import InvalidRequest
from app.engine.policy import Language
from app.engine.quote import DEFAULT_LIMITS, Limits, quote
from app.engine.request import QuoteRequest
from app.engine.result import Quote

Outcome = Literal["agrees", "over_billed", "under_billed"]
_ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class OtherTerms:
    """The terms to quote again under: another policy or contract, another day's version."""

    policy: str | None = None
    on: date | None = None


@dataclass(frozen=True, slots=True)
class Difference:
    """The other quote less the own one; the clauses cited by only one of them."""

    billable_minutes: int
    labour: Decimal
    travel: Decimal
    total: Decimal
    clauses: tuple[str, ...]

    @property
    def none(self) -> bool:
        return not (self.billable_minutes or self.labour or self.travel or self.total)


@dataclass(frozen=True, slots=True)
class BilledCheck:
    """What was billed, set against the contract's quote: billed less quoted, and why."""

    outcome: Outcome
    minutes: int | None
    amount: Decimal | None
    clauses: tuple[str, ...]


def requote(
    request: QuoteRequest,
    book: PolicyBook,
    terms: OtherTerms,
    *,
    language: Language = "en",
    limits: Limits = DEFAULT_LIMITS,
) -> Quote:
    """Quote an assignment again under other terms; raise InvalidRequest as `quote` does."""
    other = request if terms.policy is None else request.model_copy(update={"policy": terms.policy})
    return quote(other, book, language=language, limits=limits, version_on=terms.on)


def difference(own: Quote, other: Quote) -> Difference:
    """Return what the other quote bills beyond the own one (negative: less)."""
    cited = {r.clause for r in own.reasons} ^ {r.clause for r in other.reasons}
    changed_bands = {
        line.clause
        for line in [*own.bands, *other.bands]
        if _band(own, line.band) != _band(other, line.band)
    }
    return Difference(
        other.billable_minutes - own.billable_minutes,
        other.labour_amount - own.labour_amount,
        _travel(other) - _travel(own),
        other.total - own.total,
        tuple(sorted(cited | changed_bands)),
    )


def check_billed(
    contract: Quote,
    billed_minutes: int | None,
    billed_amount: Decimal | None,
    tolerance: Decimal = _ZERO,
) -> BilledCheck:
    """Set what was billed (minutes, amount excluding VAT, or both) against the contract's quote.

    An amount outside `tolerance` decides; minutes decide when no amount was billed. The
    clauses are those the contract's quote rests on: why its figure is what it is.
    """
    minutes = None if billed_minutes is None else billed_minutes - contract.billable_minutes
    amount = None if billed_amount is None else billed_amount - contract.total
    if amount is not None and abs(amount) > tolerance:
        outcome: Outcome = "over_billed" if amount > 0 else "under_billed"
    elif amount is None and minutes:
        outcome = "over_billed" if minutes > 0 else "under_billed"
    else:
        outcome = "agrees"
    clauses = tuple(dict.fromkeys(r.clause for r in contract.reasons))
    return BilledCheck(outcome, minutes, amount, clauses)


def _band(quote: Quote, band: str) -> tuple[int, Decimal, Decimal] | None:
    for line in quote.bands:
        if line.band == band:
            return line.billed_minutes, line.multiplier, line.amount
    return None


def _travel(quote: Quote) -> Decimal:
    """Return the travel charged (an unpriced visit charges nothing yet)."""
    return quote.travel.amount if quote.travel.amount is not None else _ZERO


@dataclass(slots=True)
class CustomerTotals:
    """One customer's totals (excluding VAT) in one currency, quoted both ways."""

    customer_id: str | None
    currency: str
    own: Decimal = _ZERO
    other: Decimal = _ZERO


class SecondOpinion:
    """A batch's second opinion: each quoted assignment re-rated under other terms, or its
    billed figures checked, or both; with the batch's totals and counts of both."""

    def __init__(
        self,
        book: PolicyBook,
        terms: OtherTerms | None,
        tolerance: Decimal | None,
        *,
        language: Language = "en",
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.book, self.terms, self.tolerance = book, terms, tolerance
        self.language, self.limits = language, limits
        self.other_totals: dict[str, Decimal] = {}
        self.by_customer: dict[tuple[str | None, str], CustomerTotals] = {}
        self.outcomes: dict[str, int] = {"agrees": 0, "over_billed": 0, "under_billed": 0}
        self.billed_differences: dict[str, Decimal] = {}

    def judge(
        self, request: QuoteRequest, own: Quote
    ) -> tuple[Quote | None, Difference | None, BilledCheck | None]:
        """Return the other quote and the difference, and the billed check, of one assignment;
        raise InvalidRequest when it cannot be quoted under the other terms."""
        other = change = check = None
        if self.terms is not None:
            other = requote(request, self.book, self.terms, language=self.language,
                            limits=self.limits)  # fmt: skip
            if other.currency != own.currency:
                raise InvalidRequest.at(
                    "policy",
                    f"the other terms bill in {other.currency}, these in {own.currency}: "
                    "amounts in two currencies have no difference",
                )
            change = difference(own, other)
            mine = self.by_customer.get((own.customer_id, own.currency))
            if mine is None:
                key = (own.customer_id, own.currency)
                mine = self.by_customer[key] = CustomerTotals(own.customer_id, own.currency)
            mine.own += own.total
            mine.other += other.total
            self.other_totals[other.currency] = (
                self.other_totals.get(other.currency, _ZERO) + other.total
            )
        if self.tolerance is not None and (
            request.billed_minutes is not None or request.billed_amount is not None
        ):
            check = check_billed(own, request.billed_minutes, request.billed_amount, self.tolerance)
            self.outcomes[check.outcome] += 1
            if check.amount is not None and check.outcome != "agrees":
                self.billed_differences[own.currency] = (
                    self.billed_differences.get(own.currency, _ZERO) + check.amount
                )
        return other, change, check
