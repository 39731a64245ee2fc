"""What a quote says: the figures and, for each, the clause that decided it; and a batch's
fair-use counts.

These are values, built once and never changed. Those built for every quote are not `frozen`,
because a frozen dataclass costs several times as much to build and quoting is the hot path;
`Reason`s are cached and shared between quotes, so nothing may change one after it is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, SerializerFunctionWrapHandler, WithJsonSchema, WrapSerializer

from app.engine.instant import PreciseDatetime

CoverageKind = Literal["free", "billable", "mixed"]
# One vocabulary: the pages and the command line name `mixed` "partly free" too.
COVERAGE_TERMS = (
    "`free`: all covered by the agreement; `billable`: all billable; `mixed` (the pages and the "
    'command line say "partly free"): part free, part billable.'
)
BillableOption = Literal["billable", "no_charge"]

Amount = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$", "examples": ["1330.00"]}),
]
Multiplier = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "examples": ["1.40"]}),
]


def _exact_text(value: datetime, handler: SerializerFunctionWrapHandler) -> object:
    """ISO 8601 as pydantic writes it (UTC as `Z`), nine fractional digits where they were given."""
    if type(value) is PreciseDatetime:
        return value.isoformat().replace("+00:00", "Z")
    return handler(value)


# An instant as the caller sent it: nanoseconds are echoed where they were given.
ExactInstant = Annotated[
    datetime,
    WrapSerializer(_exact_text, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


@dataclass(slots=True)
class Reason:
    """A rule that decided the quote."""

    clause: Annotated[str, Field(description="Clause id from the terms, e.g. `ad:hours`.")]
    code: Annotated[str, Field(description="Stable machine-readable code of the rule.")]
    message: Annotated[str, Field(description="One line of plain language.")]


@dataclass(slots=True)
class BandLine:
    """Billable time in one rate band and what it costs."""

    band: Annotated[str, Field(description="Band id, e.g. `normal`, `evening`.")]
    multiplier: Multiplier
    worked_minutes: Annotated[float, Field(description="Billable time worked in this band.")]
    billed_minutes: Annotated[
        int, Field(description="Minutes billed; includes rounding padding in the last band.")
    ]
    amount: Amount
    clause: str


@dataclass(slots=True)
class Travel:
    """The travel charge of an on-site visit."""

    status: Literal["free", "charged", "unpriced"]
    amount: Annotated[
        Amount | None, Field(description="Null only when the terms set no price (`unpriced`).")
    ]
    clause: Annotated[str | None, Field(description="Null when there was no on-site visit.")]
    code: str
    municipality: Annotated[
        str | None, Field(description="The municipality matched, by its official name.")
    ]
    municipality_code: str | None


@dataclass(slots=True)
class MaterialLine:
    """A part or supply, billed as it is."""

    kind: str
    description: str
    amount: Amount
    clause: str


@dataclass(slots=True)
class SessionLine:
    """One sitting of the assignment: what was worked, free and billable before rounding."""

    start: Annotated[ExactInstant, Field(description="As given, ISO 8601 with its offset.")]
    end: ExactInstant
    channel: str
    worked_minutes: float
    free_minutes: float
    billable_minutes: Annotated[float, Field(description="Billable time worked, not rounded.")]
    coverage: CoverageKind
    source_id: Annotated[
        str | None,
        Field(
            description="The id of the entry the sitting came from (a PSA's entry id), when "
            "the request gave one; absent otherwise.",
            exclude_if=lambda value: value is None,
        ),
    ] = None


@dataclass(slots=True)
class Quote:
    """What to bill for one assignment, with the clause behind every figure."""

    policy: str
    policy_version: Annotated[
        str | None,
        Field(
            description="The `valid_from` date of the policy version the quote was priced "
            "under (the one in force at the first start); null for an undated policy."
        ),
    ]
    currency: str
    coverage: Annotated[CoverageKind, Field(description=COVERAGE_TERMS)]
    billable_option: Annotated[
        BillableOption, Field(description="As PSA tools record it: `billable` or `no_charge`.")
    ]
    worked_minutes: Annotated[float, Field(description="Exact worked time, to 0.01 min.")]
    free_minutes: Annotated[float, Field(description="Worked time the agreement covers.")]
    billable_minutes: Annotated[
        int, Field(description="Billable time after the contract's rounding (0 when all free).")
    ]
    hours_worked: Annotated[float, Field(description="Worked time in decimal hours (0.01).")]
    hours_to_bill: Annotated[float, Field(description="`billable_minutes` in decimal hours.")]
    hourly_rate: Amount
    bands: list[BandLine]
    travel: Travel
    materials: list[MaterialLine]
    labour_amount: Amount
    materials_amount: Amount
    total: Annotated[Amount, Field(description="Labour + travel + materials, excluding VAT.")]
    total_complete: Annotated[
        bool, Field(description="False when a part (travel) is unpriced and not in `total`.")
    ]
    vat_rate: Multiplier
    vat_amount: Amount
    total_incl_vat: Amount
    support_level: str | None
    ticket_id: str | None
    customer_id: str | None
    sessions: list[SessionLine]
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class FairUseCount:
    """Tickets of one customer under one policy in one calendar month (policy's local time)."""

    policy: str
    customer_id: str
    month: str
    tickets: int
    threshold: int | None
    exceeded: bool
    clause: str | None
    message: str | None
