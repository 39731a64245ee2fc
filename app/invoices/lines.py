"""The lines of one customer's invoice in one currency, added to quote by quote.

Pure values and Decimal arithmetic. Labour is a line per band, rate and VAT rate; travel a line
per travel rule and fee; each material its own line. A line keeps what it is made of (band,
rate, travel code, material kind) and the tickets and clauses behind it; its words, in the
reader's language, are given when the invoice is made (`name` and `description`). Free work is
not a line (see `invoice.FREE_WORK`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from app.engine import Quote

CENT = Decimal("0.01")
SIXTY = Decimal(60)
ZERO = Decimal("0.00")
LineKind = Literal["labour", "travel", "material"]


def money(value: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class Line:
    """One invoice line: quantity × price / base quantity is its amount to the cent.

    `subject` is the band id (labour), the travel rule's code (travel) or the material's kind;
    `rate` and `multiplier` are the contract's hourly rate and the band's factor (labour);
    `text` is the material's description as the entry gave it."""

    kind: LineKind
    subject: str
    quantity: Decimal
    unit: str
    price: Decimal
    base_quantity: Decimal
    amount: Decimal
    vat_percent: Decimal
    rate: Decimal = ZERO
    multiplier: Decimal = Decimal(1)
    text: str = ""
    tickets: dict[str, None] = field(default_factory=dict)  # ticket ids, each once, in order
    entries: list[int] = field(default_factory=list)  # entries without a ticket id
    clauses: set[str] = field(default_factory=set)
    name: str = ""
    description: str = ""

    def trace(self, ticket: str | None, entry: int, clauses: set[str]) -> None:
        """Note the ticket (or the entry, without one) and the clauses behind an addition."""
        if ticket is None:
            self.entries.append(entry)
        else:
            self.tickets[ticket] = None
        self.clauses |= clauses


@dataclass(slots=True)
class LineGroup:
    """The lines of one customer's invoice in one currency; what the engine quoted, added."""

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
        """Add one quote (of these batch entries) to the lines."""
        ticket, entry = quote.ticket_id, entries[0]
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
                price = quote.hourly_rate * band.multiplier
                line = self.labour[key] = Line(
                    "labour", band.band, Decimal(0), "MIN", price, SIXTY, ZERO, percent,
                    rate=quote.hourly_rate, multiplier=band.multiplier,
                )  # fmt: skip
            line.quantity += band.billed_minutes
            line.amount += band.amount
            line.trace(ticket, entry, reasons | {band.clause})
        fee = quote.travel.amount
        if fee is not None and fee > 0 and quote.travel.clause is not None:
            tkey = (quote.travel.clause, quote.travel.code, fee, percent)
            line = self.travel.get(tkey)
            if line is None:
                line = self.travel[tkey] = Line(
                    "travel", quote.travel.code, Decimal(0), "C62", fee, Decimal(1), ZERO, percent
                )
            line.quantity += 1
            line.amount += fee
            line.trace(ticket, entry, {quote.travel.clause})
        for material in quote.materials:
            if material.amount == 0:
                continue
            line = Line(
                "material", material.kind, Decimal(1), "C62", material.amount, Decimal(1),
                material.amount, percent, text=material.description,
            )  # fmt: skip
            line.trace(ticket, entry, {material.clause})
            self.materials.append(line)

    def lines(self) -> list[Line]:
        """Return labour per band and rate, travel per fee, then each material."""
        for line in self.labour.values():
            # Each quote rounds its band amounts to the cent; where their sum drifts from the
            # minutes times the hourly price, the price is the amount per hour (rule R120).
            if money(line.quantity * line.price / SIXTY) != line.amount:
                line.price = (line.amount * SIXTY / line.quantity).quantize(Decimal("1E-8"))
        return [*self.labour.values(), *self.travel.values(), *self.materials]
