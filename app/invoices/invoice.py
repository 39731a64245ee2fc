"""A month of batch results as invoices: one per contract, customer and currency.

`InvoiceTally` adds results as they come (`lines.LineGroup`); `invoices` numbers them, names the
parties and words the lines in the reader's language (`words`). What cannot be invoiced raises
`InvalidRequest` naming every entry and field; an entry is never left off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app.engine import (
    Buyer,
    FieldProblem,
    InvalidRequest,
    Language,
    Policy,
    PolicyBook,
    QuotedEntries,
    Seller,
)
from app.invoices.lines import ZERO, Line, LineGroup, money
from app.invoices.numbers import DEFAULT_NUMBER, check_number_pattern, file_name_of, number_of
from app.invoices.words import band_name, language_for, material_name, number_text, words

FREE_WORK = (
    "Free work (covered by the agreement) is no invoice line: a zero line carries nothing to pay "
    "or book; the invoice note counts the free tickets, and the batch answer lists them."
)
PROBLEMS_KEPT = 50  # problems listed in the refusal; the rest are counted (`omitted`)


@dataclass(frozen=True, slots=True)
class InvoiceOptions:
    """What a request may set or override on every invoice of an answer.

    `language`: the words of every invoice (None: each its buyer's country's)."""

    issue_date: date
    due_date: date | None = None
    buyer_reference: str | None = None
    order_reference: str | None = None
    number: str = DEFAULT_NUMBER
    language: Language | None = None


@dataclass(slots=True)
class Invoice:
    """One invoice's content: parties, period, lines and VAT, before it is written as XML."""

    number: str
    policy: str
    customer: str | None
    currency: str
    seller: Seller
    buyer: Buyer
    issue_date: date
    due_date: date
    buyer_reference: str
    order_reference: str | None
    period_start: date
    period_end: date
    lines: list[Line]
    free_tickets: int
    language: Language = "en"
    # The same customer's invoices of the period in other currencies: (currency, number).
    other_currencies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """Return the name of this invoice's file in a ZIP: its number, made safe."""
        return file_name_of(self.number)

    @property
    def line_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    def vat_breakdown(self) -> list[tuple[Decimal, Decimal, Decimal]]:
        """Return (percent, taxable amount, VAT amount) per rate, VAT rounded per category."""
        taxable: dict[Decimal, Decimal] = {}
        for line in self.lines:
            taxable[line.vat_percent] = taxable.get(line.vat_percent, ZERO) + line.amount
        return [
            (percent, amount, money(amount * percent / 100))
            for percent, amount in sorted(taxable.items())
        ]

    def note(self) -> str:
        """Return the invoice's note (BT-22), in its language."""
        text = words("quoted_under", self.language, policy=self.policy)
        if self.free_tickets:
            text += words("free", self.language, count=self.free_tickets)
        if self.other_currencies:
            currencies = ", ".join(currency for currency, _ in self.other_currencies)
            numbers = ", ".join(number for _, number in self.other_currencies)
            text += words("other_currencies", self.language, currencies=currencies, numbers=numbers)
        return text

    def traced(self, line: Line) -> list[tuple[str, str]]:
        """Return a line's item properties: its tickets (or entries) and its clauses."""
        entries = [words("entry", self.language, n=entry) for entry in line.entries]
        return [
            (words("tickets", self.language), ", ".join([*line.tickets, *entries])),
            (words("clauses", self.language), ", ".join(sorted(line.clauses))),
        ]


class KeptProblems(list[FieldProblem]):
    """The first problems of a batch that cannot be invoiced; `omitted` counts the rest (the
    problem document says how many)."""

    omitted = 0

    def keep(self, problems: Iterable[FieldProblem]) -> None:
        for problem in problems:
            if len(self) < PROBLEMS_KEPT:
                self.append(problem)
            else:
                self.omitted += 1


class InvoiceTally:
    """A batch's results added one by one into invoices; what cannot be invoiced, kept."""

    def __init__(self) -> None:
        self.problems = KeptProblems()
        self._groups: dict[tuple[str, str | None, str], LineGroup] = {}

    def add(self, result: QuotedEntries) -> None:
        """Add one result: its quote to its customer's invoice, or its problems."""
        if result.quote is None:
            self.problems.keep(
                result.problems
                or [FieldProblem(f"items.{i}", "could not be quoted") for i in result.entries]
            )
            return
        quote = result.quote
        if quote.travel.status == "unpriced" and quote.travel.clause is not None:
            self.problems.keep(
                [
                    FieldProblem(
                        f"items.{result.entries[0]}",
                        f"travel has no price under {quote.travel.clause}: agree one in the "
                        "contract before invoicing it",
                    )
                ]
            )
            return
        key = (quote.policy, quote.customer_id, quote.currency)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = LineGroup(*key)
        group.add(result.entries, quote)

    def invoices(self, book: PolicyBook, options: InvoiceOptions) -> list[Invoice]:
        """Return one invoice per contract, customer and currency.

        Raise `InvalidRequest` when an entry could not be quoted, a party is missing, or two
        invoices would get one number.
        """
        if self.problems:
            raise InvalidRequest(self.problems)
        return _invoices(list(self._groups.values()), book, options)


def invoices_of(
    results: Iterable[QuotedEntries], book: PolicyBook, options: InvoiceOptions
) -> list[Invoice]:
    """Return one invoice per customer and currency of a batch's results (see InvoiceTally)."""
    tally = InvoiceTally()
    for result in results:
        tally.add(result)
    return tally.invoices(book, options)


def _missing_party(policy_id: str, name: str) -> FieldProblem:
    details = "legal_name, organisation_number, endpoint_id, endpoint_scheme, address"
    if name == "seller":
        details += ", vat_number, payment"
    home = "policy" if name == "seller" else "contract"
    return FieldProblem(
        f"policy {policy_id}: {name}",
        f"no {name} details ({name}.{details}); add [{name}] to the {home} file",
    )


def _worded(lines: list[Line], policy: Policy, language: Language, currency: str) -> list[Line]:
    """Give each line its name and description in the reader's language."""
    travel_texts = {rule.code: rule.message.text(language) for rule in policy.travel}
    for line in lines:
        if line.kind == "labour":
            band = band_name(line.subject, language)
            line.name = words("labour", language, band=band)
            line.description = words(
                "labour_terms",
                language,
                band=band,
                multiplier=number_text(line.multiplier, language, amount=False),
                rate=number_text(line.rate, language),
                currency=currency,
            )
        elif line.kind == "travel":
            line.name = words("travel", language)
            line.description = travel_texts.get(line.subject, line.subject)
        else:
            line.name = words("material", language, kind=material_name(line.subject, language))
            line.description = line.text
    return lines


def _invoices(groups: list[LineGroup], book: PolicyBook, options: InvoiceOptions) -> list[Invoice]:
    problems = check_number_pattern(options.number)
    if problems:
        raise InvalidRequest(problems)
    invoices: list[Invoice] = []
    numbers: set[str] = set()
    for group in groups:
        lines = group.lines()
        if not lines or group.start is None or group.end is None:
            continue  # all free: nothing to pay, so no invoice
        policy = book.versions(group.policy).on(options.issue_date).policy
        seller, buyer = policy.seller, policy.buyer
        if seller is None or buyer is None:
            problems += [
                _missing_party(group.policy, name)
                for name, party in (("seller", seller), ("buyer", buyer))
                if party is None
            ]
            continue
        start, end = group.start, group.end
        number = number_of(options.number, group, f"{start:%Y-%m}", len(invoices) + 1)
        if file_name_of(number) in numbers:
            problems.append(
                FieldProblem(
                    "number",
                    f"pattern {options.number!r} gives {number!r} to two invoices; "
                    f"add {{customer}}, {{currency}} or {{n}}",
                )
            )
            continue
        numbers.add(file_name_of(number))
        reference = options.buyer_reference or buyer.buyer_reference
        if reference is None and options.order_reference is None:
            problems.append(
                FieldProblem(
                    "buyer_reference",
                    f"the contract {group.policy} has no buyer.buyer_reference; give one",
                )
            )
            continue
        language = language_for(buyer.address.country, options.language)
        invoices.append(
            Invoice(
                number=number,
                policy=group.policy,
                customer=group.customer,
                currency=group.currency,
                seller=seller,
                buyer=buyer,
                issue_date=options.issue_date,
                due_date=options.due_date
                or options.issue_date + timedelta(days=seller.payment_days),
                buyer_reference=reference or "",
                order_reference=options.order_reference,
                period_start=start,
                period_end=end,
                lines=_worded(lines, policy, language, group.currency),
                free_tickets=group.free,
                language=language,
            )
        )
    if problems:
        raise InvalidRequest(problems)
    if not invoices:
        raise InvalidRequest([FieldProblem("items", "nothing to invoice: every entry is free")])
    _state_other_currencies(invoices)
    return invoices


def _state_other_currencies(invoices: list[Invoice]) -> None:
    """Have each invoice of a customer billed in several currencies name the others."""
    by_customer: dict[tuple[str, str | None], list[Invoice]] = {}
    for invoice in invoices:
        by_customer.setdefault((invoice.policy, invoice.customer), []).append(invoice)
    for same in by_customer.values():
        for invoice in same:
            invoice.other_currencies = [
                (other.currency, other.number) for other in same if other is not invoice
            ]
