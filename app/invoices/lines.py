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

from app.engine.batch import BatchResult
from app.engine.book import PolicyBook
from app.engine.errors import FieldProblem, InvalidRequest
from app.engine.parties import Buyer, Seller
from app.engine.result import Quote

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
        return f"{_SAFE.sub('_', self.number)}.xml"

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
    policy: str
    customer: str | None
    currency: str
    quotes: list[tuple[list[int], Quote]] = field(default_factory=list)


def _ticket(entries: list[int], quote: Quote) -> str:
    return quote.ticket_id if quote.ticket_id is not None else f"entry {entries[0]}"


def _lines(group: _Group) -> tuple[list[Line], int]:
    """Return a group's lines (labour per band and rate, travel per fee, each material)."""
    labour: dict[tuple[str, Decimal, Decimal, Decimal], Line] = {}
    travel: dict[tuple[str, str, Decimal, Decimal], Line] = {}
    materials: list[Line] = []
    free = 0
    for entries, quote in group.quotes:
        ticket = _ticket(entries, quote)
        percent = (quote.vat_rate * 100).normalize()
        if quote.total == 0:
            free += 1
        reasons = {reason.clause for reason in quote.reasons}
        for band in quote.bands:
            if band.billed_minutes == 0 and band.amount == 0:
                continue
            key = (band.band, band.multiplier, quote.hourly_rate, percent)
            line = labour.get(key)
            if line is None:
                price = quote.hourly_rate * band.multiplier
                line = labour[key] = Line(
                    f"Labour, band {band.band}",
                    f"{band.band} (x{band.multiplier.normalize()}) at "
                    f"{quote.hourly_rate} {quote.currency} per hour, billed by the minute",
                    Decimal(0),
                    "MIN",
                    price,
                    SIXTY,
                    Decimal("0.00"),
                    percent,
                )
            line.quantity += band.billed_minutes
            line.amount += band.amount
            line.tickets.append(ticket)
            line.clauses |= {band.clause} | reasons
        fee = quote.travel.amount
        if fee is not None and fee > 0 and quote.travel.clause is not None:
            tkey = (quote.travel.clause, quote.travel.code, fee, percent)
            line = travel.get(tkey)
            if line is None:
                line = travel[tkey] = Line(
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
            materials.append(
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
    for line in labour.values():
        # Each quote rounds its band amounts to the cent; where their sum drifts from minutes
        # times the hourly price, the price is the amount per hour instead (rule R120).
        if money(line.quantity * line.price / SIXTY) != line.amount:
            line.price = (line.amount * SIXTY / line.quantity).quantize(Decimal("1E-8"))
    return [*labour.values(), *travel.values(), *materials], free


def _groups(results: Iterable[BatchResult]) -> list[_Group]:
    """Group the quoted results per policy, customer and currency; raise if any failed."""
    problems: list[FieldProblem] = []
    groups: dict[tuple[str, str | None, str], _Group] = {}
    for result in results:
        if result.quote is None:
            problems += result.problems or [
                FieldProblem(f"items.{i}", "could not be quoted") for i in result.entries
            ]
            continue
        quote = result.quote
        if quote.travel.status == "unpriced" and quote.travel.clause is not None:
            problems.append(
                FieldProblem(
                    f"items.{result.entries[0]}",
                    f"travel has no price under {quote.travel.clause}: agree one in the "
                    "contract before invoicing it",
                )
            )
            continue
        key = (quote.policy, quote.customer_id, quote.currency)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(*key)
        group.quotes.append((result.entries, quote))
    if problems:
        raise InvalidRequest(problems)
    return list(groups.values())


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
    results: Iterable[BatchResult], book: PolicyBook, options: InvoiceOptions
) -> list[Invoice]:
    """Return one invoice per customer and currency of a batch's results.

    Raise `InvalidRequest` when an entry could not be quoted, a party is missing, or two
    invoices would get one number.
    """
    problems = check_number_pattern(options.number)
    if problems:
        raise InvalidRequest(problems)
    invoices: list[Invoice] = []
    numbers: dict[str, int] = {}
    for group in _groups(results):
        lines, free = _lines(group)
        if not lines:
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
        starts = [s.start.date() for _, q in group.quotes for s in q.sessions]
        ends = [s.end.date() for _, q in group.quotes for s in q.sessions]
        start, end = min(starts), max(ends)
        number = _number(options.number, group, f"{start:%Y-%m}", len(invoices) + 1)
        if number in numbers:
            problems.append(
                FieldProblem(
                    "number",
                    f"pattern {options.number!r} gives {number!r} to two invoices; "
                    f"add {{customer}}, {{currency}} or {{n}}",
                )
            )
            continue
        numbers[number] = len(invoices)
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
                free_tickets=free,
            )
        )
    if problems:
        raise InvalidRequest(problems)
    if not invoices:
        raise InvalidRequest([FieldProblem("items", "nothing to invoice: every entry is free")])
    return invoices
