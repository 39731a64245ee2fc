"""The shape of a policy file: one provider's terms as typed, validated data."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from app.engine.parties import Buyer, Seller
from app.engine.request import Cause, Channel, EquipmentFrom, MaterialKind, WorkKind

Effect = Literal["free", "billable", "billable_outside_office_hours"]
DayKind = Literal["working", "non_working", "all"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TravelStatus = Literal["free", "charged", "unpriced"]
Language = Literal["en", "sv", "nb"]

WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])$")


def _parse_clock(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = _CLOCK.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a time of day HH:MM (00:00 to 24:00)")
    minutes = int(match[1]) * 60 + int(match[2])
    if minutes > MINUTES_PER_DAY:
        raise ValueError(f"{value!r} is past 24:00")
    return minutes


def _format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


ClockMinutes = Annotated[
    int,
    BeforeValidator(_parse_clock),
    PlainSerializer(_format_clock, return_type=str),
    # A file writes a time of day; the model keeps minutes.
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern}, mode="validation"),
]
ClauseId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z]+:[A-Za-z0-9.\-/ ]+$")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Rate = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
# Names and texts are served on every /v1/policies and shown in quotes: bounded, as are bands,
# which every quote walks.
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
MAX_BANDS = 48


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Message(_Data):
    """A reason's text, in English and optionally Swedish and Norwegian (Bokmål)."""

    en: Text
    sv: Text | None = None
    nb: Text | None = None

    def text(self, language: Language) -> str:
        return getattr(self, language) or self.en


class Calendar(_Data):
    timezone: str = Field(description="IANA time zone the bands are judged in.")
    holidays_country: str = Field(description="Country code for the `holidays` library.")
    holiday_categories: tuple[str, ...] = ("public",)
    working_weekdays: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


class TimeRange(_Data):
    days: DayKind
    start: ClockMinutes = Field(alias="from")
    end: ClockMinutes = Field(alias="to")

    def tiles(self) -> list[tuple[int, int]]:
        """Return the range as minute spans of one day; `22:00`-`08:00` wraps into two."""
        if self.start < self.end:
            return [(self.start, self.end)]
        return [(self.start, MINUTES_PER_DAY), (0, self.end)]


class Band(TimeRange):
    id: Code
    multiplier: Decimal = Field(gt=0, max_digits=6, decimal_places=4)
    clause: ClauseId


class OfficeHours(TimeRange):
    clause: ClauseId


class RoundingRule(_Data):
    """Billable time rounded up: at least `minimum`, then up the `steps` ladder, repeating."""

    clause: ClauseId
    minimum: int = Field(0, ge=0, le=MINUTES_PER_DAY)
    steps: tuple[int, ...] = Field(min_length=1)
    message: Message


class Rounding(_Data):
    default: RoundingRule
    by_channel: dict[Channel, RoundingRule] = Field(default_factory=dict)


class Condition(_Data):
    """Facts of a request; a condition holds when every field given matches."""

    work_kind: tuple[WorkKind, ...] | None = None
    channel: tuple[Channel, ...] | None = None
    equipment_from: tuple[EquipmentFrom, ...] | None = None
    cause: tuple[Cause, ...] | None = Field(None, description="Any of these causes.")
    ticket_id_missing: bool | None = None
    training_planned: bool | None = None
    training_group: bool | None = None
    training_instruction_minutes_over: int | None = Field(None, ge=0)
    inside_zone: str | None = None
    outside_zone: str | None = None
    ferry: bool | None = None
    urgent: bool | None = None


class Outcome(_Data):
    clause: ClauseId
    code: Code
    message: Message


class CoverageRule(Outcome):
    effect: Effect
    when: Condition = Condition()
    unless: Condition | None = None


class DefaultCoverage(Outcome):
    effect: Literal["free", "billable"]


class Coverage(_Data):
    default: DefaultCoverage
    rules: tuple[CoverageRule, ...] = ()


class Municipality(_Data):
    code: str = Field(pattern=r"^[0-9]{4}$")
    name: Name
    aliases: tuple[Name, ...] = Field((), max_length=20)


class Zone(_Data):
    id: Code
    name: Name
    municipalities: tuple[Municipality, ...] = Field(min_length=1)


class TravelRule(Outcome):
    status: TravelStatus
    fee: Rate | None = None
    when: Condition = Condition()


class Channels(_Data):
    allowed: tuple[Channel, ...] = Field(min_length=1)
    clause: ClauseId | None = None


class SupportLevel(Outcome):
    id: Code


class FairUse(Outcome):
    tickets_per_month: int = Field(gt=0)


class Policy(_Data):
    """One provider's terms, clause by clause."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{0,63}$")
    name: Name
    extends: str | None = Field(
        None, description="Id of the policy this one changes; its file holds only what differs."
    )
    valid_from: date | None = Field(
        None, description="First day (policy's local time) these terms are in force; none: always."
    )
    country: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    vat_rate: Decimal = Field(ge=0, lt=1, max_digits=5, decimal_places=4)
    default_hourly_rate: Rate
    calendar: Calendar
    channels: Channels
    bands: tuple[Band, ...] = Field(min_length=1, max_length=MAX_BANDS)
    office_hours: OfficeHours | None = None
    rounding: Rounding
    coverage: Coverage
    zones: tuple[Zone, ...] = ()
    travel: tuple[TravelRule, ...] = Field(min_length=1)
    materials: dict[MaterialKind, Outcome] = Field(default_factory=dict)
    support_levels: tuple[SupportLevel, ...] = ()
    fair_use: FairUse | None = None
    seller: Seller | None = Field(
        None,
        description="The provider as its invoices name it; needed to write invoices.",
        exclude_if=lambda value: value is None,
    )
    buyer: Buyer | None = Field(
        None,
        description="The customer as its invoices name it (in a customer's contract).",
        exclude_if=lambda value: value is None,
    )
