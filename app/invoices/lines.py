"""A month of batch results as invoices: grouped per customer and currency, lines that add up.

Pure values and Decimal arithmetic; `ubl.py` writes them as UBL 2.1. Free work is not a line
(see `FREE_WORK`); what cannot be invoiced raises `InvalidRequest` naming every entry and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from string import Formatter

from app.engine import Buyer, FieldProblem, InvalidRequest, PolicyBook, Quote, QuotedEntries, Seller

CENT = Decimal("0.01")
SIXTY = Decimal(60)
DEFAULT_NUMBER = "{customer}-{month}-{currency}"
NUMBER_FIELDS = {"customer", "policy", "currency", "month", "n"}
FREE_WORK = (
    "Free work (covered by the agreement) is no invoice line: a zero line carries nothing to pay "
    "or book; the invoice note counts the free tickets, and the batch answer lists them."
)
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def money(value: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def file_name_of(number: str) -> str:
    """Return the file name of an invoice number: characters unsafe in a name become `_`."""
    return f"{_SAFE.sub('_', number)}.xml"


@dataclass(frozen=True, slots=True)
class InvoiceOptions:
    """What a request may set or override on every invoice of an answer."""

    issue_date: date
    due_date: date | None = None
    buyer_reference: str | None = None
    order_reference: str | None = None
    number: str = DEFAULT_NUMBER


@dataclass(slots=True)
class Line:
    """One invoice line: quantity × price / base quantity is its amount to the cent."""

    name: str
    description: str
    quantity: Decimal
    unit: str
    price: Decimal
    base_quantity: Decimal
    amount: Decimal
    vat_percent: Decimal
    tickets: list[str] = field(default_factory=list)
    clauses: set[str] = field(default_factory=set)


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

    @property
    def file_name(self) -> str:
        """Return the name of this invoice's file in a ZIP: its number, made safe."""
        return file_name_of(self.number)

    @property
    def line_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def vat_breakdown(self) -> list[tuple[Decimal, Decimal, Decimal]]:
        """Return (percent, taxable amount, VAT amount) per rate, VAT rounded per category."""
        taxable: dict[Decimal, Decimal] = {}
        for line in self.lines:
            taxable[line.vat_percent] = taxable.get(line.vat_percent, Decimal("0.00")) + line.amount
        return [
            (percent, amount, money(amount * percent / 100))
            for percent, amount in sorted(taxable.items())
        ]


@dataclass(slots=True)
class _Group:
    """The lines of one customer's invoice in one currency, added to quote by quote."""

    policy: str
    customer: str | None
    currency: str
    labour: dict[tuple[str, Decimal, Decimal, Decimal], Line] = field(default_factory=dict)
    travel: dict[tuple[str, str, Decimal, Decimal], Line] = field(default_factory=dict)
    materials: list[Line] = field(default_factory=list)
    free: int = 0
    start: date | None = None
    end: date | None = None

    def add(self, entries: list[int], quote: Quote) -> None:
        ticket = quote.ticket_id if quote.ticket_id is not None else f"entry {entries[0]}"
        percent = (quote.vat_rate * 100).normalize()
        for session in quote.sessions:
            start, end = session.start.date(), session.end.date()
            self.start = start if self.start is None else min(self.start, start)
            self.end = end if self.end is None else max(self.end, end)
        if quote.total == 0:
            self.free += 1
        reasons = {reason.clause for reason in quote.reasons}
        for band in quote.bands:
            if band.billed_minutes == 0 and band.amount == 0:
                continue
            key = (band.band, band.multiplier, quote.hourly_rate, percent)
            line = self.labour.get(key)
            if line is None:
                line = self.labour[key] = Line(
                    f"Labour, band {band.band}",
                    f"{band.band} (x{band.multiplier.normalize()}) at "
                    f"{quote.hourly_rate} {quote.currency} per hour, billed by the minute",
                    Decimal(0),
                    "MIN",
                    quote.hourly_rate * band.multiplier,
                    SIXTY,
                    Decimal("0.00"),
                    percent,
                )
            line.quantity += band.billed_minutes
            line.amount += band.amount
            line.tickets.append(ticket)
            line.clauses |= reasons
            line.clauses.add(band.clause)
        fee = quote.travel.amount
        if fee is not None and fee > 0 and quote.travel.clause is not None:
            tkey = (quote.travel.clause, quote.travel.code, fee, percent)
            line = self.travel.get(tkey)
            if line is None:
                line = self.travel[tkey] = Line(
                    "Travel",
                    f"Travel ({quote.travel.code})",
                    Decimal(0),
                    "C62",
                    fee,
                    Decimal(1),
                    Decimal("0.00"),
                    percent,
                )
            line.quantity += 1
            line.amount += fee
            line.tickets.append(ticket)
            line.clauses.add(quote.travel.clause)
        for material in quote.materials:
            if material.amount == 0:
                continue
            self.materials.append(
                Line(
                    f"Materials: {material.kind}",
                    material.description,
                    Decimal(1),
                    "C62",
                    material.amount,
                    Decimal(1),
                    material.amount,
                    percent,
                    [ticket],
                    {material.clause},
                )
            )

    def lines(self) -> list[Line]:
        """Return labour per band and rate, travel per fee, then each material."""
        for line in self.labour.values():
            # Each quote rounds its band amounts to the cent; where their sum drifts from the
            # minutes times the hourly price, the price is the amount per hour (rule R120).
            if money(line.quantity * line.price / SIXTY) != line.amount:
                line.price = (line.amount * SIXTY / line.quantity).quantize(Decimal("1E-8"))
        return [*self.labour.values(), *self.travel.values(), *self.materials]


class InvoiceTally:
    """A batch's results added one by one into invoices; what cannot be invoiced, kept."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []
        self._groups: dict[tuple[str, str | None, str], _Group] = {}

    def add(self, result: QuotedEntries) -> None:
        """Add one result: its quote to its customer's invoice, or its problems."""
        if result.quote is None:
            self.problems += result.problems or [
                FieldProblem(f"items.{i}", "could not be quoted") for i in result.entries
            ]
            return
        quote = result.quote
        if quote.travel.status == "unpriced" and quote.travel.clause is not None:
            self.problems.append(
                FieldProblem(
                    f"items.{result.entries[0]}",
                    f"travel has no price under {quote.travel.clause}: agree one in the "
                    "contract before invoicing it",
                )
            )
            return
        key = (quote.policy, quote.customer_id, quote.currency)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(*key)
        group.add(result.entries, quote)

    def invoices(self, book: PolicyBook, options: InvoiceOptions) -> list[Invoice]:
        """Return one invoice per customer and currency.

        Raise `InvalidRequest` when an entry could not be quoted, a party is missing, or two
        invoices would get one number.
        """
        if self.problems:
            raise InvalidRequest(self.problems)
        return _invoices(list(self._groups.values()), book, options)


def _number(pattern: str, group: _Group, month: str, n: int) -> str:
    return pattern.format(
        customer=group.customer or group.policy,
        policy=group.policy,
        currency=group.currency,
        month=month,
        n=n,
    )


def check_number_pattern(pattern: str) -> list[FieldProblem]:
    """Return what is wrong with an invoice number pattern (unknown or malformed fields)."""
    try:
        used = {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        return [FieldProblem("number", f"not a pattern: {error}")]
    unknown = used - NUMBER_FIELDS
    if unknown or "" in used:
        return [
            FieldProblem(
                "number", f"unknown field(s) {sorted(unknown)}; use {sorted(NUMBER_FIELDS)}"
            )
        ]
    return []


def invoices_of(
    results: Iterable[QuotedEntries], book: PolicyBook, options: InvoiceOptions
) -> list[Invoice]:
    """Return one invoice per customer and currency of a batch's results (see InvoiceTally)."""
    tally = InvoiceTally()
    for result in results:
        tally.add(result)
    return tally.invoices(book, options)


def _invoices(groups: list[_Group], book: PolicyBook, options: InvoiceOptions) -> list[Invoice]:
    problems = check_number_pattern(options.number)
    if problems:
        raise InvalidRequest(problems)
    invoices: list[Invoice] = []
    numbers: dict[str, int] = {}
    for group in groups:
        lines = group.lines()
        if not lines or group.start is None or group.end is None:
            continue  # all free: nothing to pay, so no invoice
        policy = book.versions(group.policy).on(options.issue_date).policy
        missing = [name for name in ("seller", "buyer") if getattr(policy, name) is None]
        if missing:
            problems += [
                FieldProblem(
                    f"policy {group.policy}: {name}",
                    f"no {name} details ({name}.legal_name, organisation_number, endpoint_id, "
                    f"endpoint_scheme, address{', vat_number, payment' if name == 'seller' else ''}"
                    f"); add [{name}] to the {'policy' if name == 'seller' else 'contract'} file",
                )
                for name in missing
            ]
            continue
        assert policy.seller is not None and policy.buyer is not None
        start, end = group.start, group.end
        number = _number(options.number, group, f"{start:%Y-%m}", len(invoices) + 1)
        name = file_name_of(number)
        if name in numbers:
            problems.append(
                FieldProblem(
                    "number",
                    f"pattern {options.number!r} gives {number!r} to two invoices; "
                    f"add {{customer}}, {{currency}} or {{n}}",
                )
            )
            continue
        numbers[name] = len(invoices)
        reference = options.buyer_reference or policy.buyer.buyer_reference
        if reference is None and options.order_reference is None:
            problems.append(
                FieldProblem(
                    "buyer_reference",
                    f"the contract {group.policy} has no buyer.buyer_reference; give one",
                )
            )
            continue
        invoices.append(
            Invoice(
                number=number,
                policy=group.policy,
                customer=group.customer,
                currency=group.currency,
                seller=policy.seller,
                buyer=policy.buyer,
                issue_date=options.issue_date,
                due_date=options.due_date
                or options.issue_date + timedelta(days=policy.seller.payment_days),
                buyer_reference=reference or "",
                order_reference=options.order_reference,
                period_start=start,
                period_end=end,
                lines=lines,
                free_tickets=group.free,
            )
        )
    if problems:
        raise InvalidRequest(problems)
    if not invoices:
        raise InvalidRequest([FieldProblem("items", "nothing to invoice: every entry is free")])
    return invoices
