"""Request and response shapes of the HTTP API beyond the engine's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from app.engine import (
    Amount,
    ExactJson,
    FairUseCount,
    Multiplier,
    Policy,
    PolicyBook,
    PolicyVersions,
    Quote,
    QuoteRequest,
    differences,
)
from app.wire.problems import Problem

QUOTE_EXAMPLE: dict[str, Any] = {
    "policy": "alesund-data-no",
    "start": "2026-03-02T15:30:00+01:00",
    "end": "2026-03-02T17:10:00+01:00",
    "channel": "remote",
    "ticket_id": "HD-1042",
}
ASSIGNMENT_EXAMPLE: dict[str, Any] = {
    "policy": "alesund-data-no",
    "sessions": [
        {
            "start": "2026-03-03T16:10:00+01:00",
            "end": "2026-03-03T16:20:00+01:00",
            "channel": "phone",
        },
        {"start": "2026-03-03T17:30:00+01:00", "end": "2026-03-03T17:45:00+01:00"},
        {"start": "2026-03-03T20:00:00+01:00", "end": "2026-03-03T20:20:00+01:00"},
    ],
    "channel": "remote",
    "ticket_id": "HD-1043",
}
ONSITE_EXAMPLE: dict[str, Any] = {
    "policy": "vmi-se",
    "start": "2026-03-02T09:00:00+01:00",
    "end": "2026-03-02T10:20:00+01:00",
    "channel": "onsite",
    "location": {"municipality": "Solna"},
    "materials": [
        {"kind": "mounting_material", "description": "Cat6 cable 5 m", "amount": "89.00"}
    ],
}


class BatchRequest(ExactJson):
    """Many time entries; each is quoted on its own, or per ticket with `group_by: ticket`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[QuoteRequest] = Field(min_length=1, description="Time entries, as for one quote.")
    group_by: Literal["none", "ticket"] | None = Field(
        None,
        description="`ticket`: entries of one ticket that agree on everything but their times, "
        "channel and materials are one assignment, rounded once. Default `none`: one quote per "
        "entry. May also be given as the query parameter `group_by`.",
    )


# The batch answer is built per request and serialized by a typed adapter, so it is made of
# plain dataclasses like the engine's quote, not of validated models.
@dataclass(slots=True)
class BatchResult:
    entries: Annotated[list[int], Field(description="Indices of the items this result covers.")]
    quote: Quote | None
    problem: Annotated[Problem | None, Field(description="Why these items could not be quoted.")]
    rerated: Annotated[Rerated | None, Field(**_ABSENT_IF_NONE)] = None
    billed: Annotated[BilledAgainst | None, Field(**_ABSENT_IF_NONE)] = None


@dataclass(slots=True)
class PlainBatchResult:
    """A result of a batch without a second opinion: a `BatchResult` that never has `rerated`
    or `billed`, so its encoding need not ask each result whether they are absent (the JSON is
    the same). Readers may still read both, as None."""

    entries: list[int]
    quote: Quote | None
    problem: Problem | None
    rerated: ClassVar[None] = None
    billed: ClassVar[None] = None


SignedAmount = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "examples": ["-95.00"]}),
]
_ABSENT_IF_NONE = {"exclude_if": lambda value: value is None}


@dataclass(slots=True)
class Rerated:
    """A result quoted again under the other terms (`compare_policy`, `compare_on`), and what
    it differs by: the other quote less this one."""

    policy: str
    policy_version: str | None
    billable_minutes: int
    labour_amount: Amount
    travel_amount: Amount | None
    total: Amount
    difference_minutes: int
    difference_labour: SignedAmount
    difference_travel: SignedAmount
    difference_total: SignedAmount
    clauses: Annotated[
        list[str], Field(description="Clauses cited by only one of the two quotes, or whose "
                         "band lines differ: what changed the outcome.")
    ]  # fmt: skip


@dataclass(slots=True)
class BilledAgainst:
    """What was billed (`billed_minutes`, `billed_amount`), set against the contract's quote:
    billed less quoted, and the clauses the quote rests on."""

    outcome: Literal["agrees", "over_billed", "under_billed"]
    billed_minutes: int | None
    billed_amount: Amount | None
    difference_minutes: int | None
    difference_amount: SignedAmount | None
    clauses: list[str]


@dataclass(slots=True)
class CustomerRerated:
    """One customer's totals (excluding VAT) in one currency, quoted both ways."""

    customer_id: str | None
    currency: str
    own: Amount
    other: Amount
    difference: SignedAmount


@dataclass(slots=True)
class RerateSummary:
    """A re-rated batch's totals (excluding VAT): its own, under the other terms, the difference."""

    own: dict[str, Amount]
    other: dict[str, Amount]
    difference: dict[str, SignedAmount]
    customers: list[CustomerRerated]


@dataclass(slots=True)
class BilledSummary:
    """A checked batch's outcomes, and the sum per currency of what was billed over (positive)
    or under (negative) the contract's quotes."""

    agrees: int
    over_billed: int
    under_billed: int
    difference: dict[str, SignedAmount]


@dataclass(slots=True)
class BatchSummary:
    items: int
    results: Annotated[int, Field(description="Quotes and problems: fewer than items if grouped.")]
    quoted: Annotated[int, Field(description="Items that were quoted.")]
    failed: Annotated[int, Field(description="Items that could not be quoted.")]
    totals: Annotated[
        dict[str, Amount], Field(description="Sum of `total` per currency, excluding VAT.")
    ]
    note: Annotated[
        str | None,
        Field(
            description="Said of a batch quoted entry by entry whose tickets have several "
            "entries, each rounded on its own: `group_by=ticket` would round each ticket once. "
            "The money is as quoted; absent otherwise.",
            exclude_if=lambda value: value is None,
        ),
    ] = None
    rerated: Annotated[RerateSummary | None, Field(**_ABSENT_IF_NONE)] = None
    billed: Annotated[BilledSummary | None, Field(**_ABSENT_IF_NONE)] = None


@dataclass(slots=True)
class BatchResponse:
    results: Annotated[list[BatchResult], Field(description="In the order of the items.")]
    summary: BatchSummary
    fair_use: Annotated[
        list[FairUseCount],
        Field(
            description="Tickets per customer and month (clause ad:fair-use), for items that "
            "name a `customer_id`."
        ),
    ]


class BandSummary(BaseModel):
    id: str
    multiplier: Multiplier
    clause: str


class PolicySummary(BaseModel):
    id: str
    name: str
    extends: str | None = Field(description="The policy this one changes, if any.")
    versions: list[date] = Field(
        description="First days of the policy's dated versions, oldest first; empty when it has "
        "one undated version. The other fields show the version in force today."
    )
    country: str
    currency: str
    timezone: str
    vat_rate: Multiplier
    default_hourly_rate: Amount
    bands: list[BandSummary]
    clauses: list[str] = Field(description="Every clause id the policy's rules cite.")

    @classmethod
    def of(cls, versions: PolicyVersions, day: date) -> PolicySummary:
        policy = versions.on(day).policy
        return cls(
            id=policy.id,
            name=policy.name,
            extends=policy.extends,
            versions=[v.policy.valid_from for v in versions.all if v.policy.valid_from],
            country=policy.country,
            currency=policy.currency,
            timezone=policy.calendar.timezone,
            vat_rate=policy.vat_rate,
            default_hourly_rate=policy.default_hourly_rate,
            bands=[
                BandSummary(id=b.id, multiplier=b.multiplier, clause=b.clause) for b in policy.bands
            ],
            clauses=sorted(clauses_of(policy.model_dump())),
        )


class Holiday(BaseModel):
    date: date
    name: str


class PolicyVersion(BaseModel):
    valid_from: date | None
    changes: list[str] = Field(
        description="Dotted paths of what differs from the version before (none for the first)."
    )


class PolicyDetail(BaseModel):
    policy: Policy = Field(
        description="The rules of the version asked for, resolved: with what it extends merged in."
    )
    changes_from_base: list[str] = Field(
        description="Dotted paths where this version differs from the policy it extends, on the "
        "same day (empty when it extends none)."
    )
    versions: list[PolicyVersion] = Field(description="Every version, oldest first.")
    holidays: list[Holiday] = Field(description="Public holidays of the year asked for.")
    clauses: list[str]

    @classmethod
    def of(
        cls, book: PolicyBook, policy_id: str, day: date, holidays: list[Holiday]
    ) -> PolicyDetail:
        versions = book.versions(policy_id)
        policy = versions.on(day).policy
        changes = []
        if policy.extends is not None:
            base = book.versions(policy.extends).on(policy.valid_from or day).policy
            changes = differences(_comparable(base), _comparable(policy))
        dumps = [_comparable(v.policy) for v in versions.all]
        return cls(
            policy=policy,
            changes_from_base=changes,
            versions=[
                PolicyVersion(
                    valid_from=v.policy.valid_from,
                    changes=differences(dumps[i - 1], dumps[i]) if i else [],
                )
                for i, v in enumerate(versions.all)
            ],
            holidays=holidays,
            clauses=sorted(clauses_of(policy.model_dump())),
        )


def _comparable(policy: Policy) -> dict[str, Any]:
    """Return a policy's data without what always differs between versions and derivations."""
    return policy.model_dump(mode="json", by_alias=True, exclude={"id", "extends", "valid_from"})


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str = Field(description="The service's version (as in the OpenAPI `info.version`).")
    policies: int


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    policies: int = Field(description="Policies loaded and compiled.")


def clauses_of(data: Any) -> set[str]:
    """Return every `clause` value in a dumped policy."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "clause" and isinstance(value, str):
                found.add(value)
            else:
                found |= clauses_of(value)
    elif isinstance(data, list | tuple):
        for value in data:
            found |= clauses_of(value)
    return found
