"""What a caller asks to have quoted: one assignment of one or more work sessions."""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)

from app.engine.instant import PreciseDatetime, sub_microsecond

Channel = Literal["phone", "email", "remote", "onsite"]
WorkKind = Literal["support", "security_update", "development", "training", "setup", "warranty"]
EquipmentFrom = Literal["provider", "other"]
Cause = Literal[
    "recommendation_ignored",
    "third_party_software",
    "misuse",
    "liquid_damage",
    "unauthorized_use",
    "animals",
    "malware_recommendation_ignored",
    "private_use",
    "force_majeure",
]
MaterialKind = Literal["spare_part", "toner_ink", "mounting_material"]

TEXT_MAX = 200
MONEY_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
_MONEY_TEXT = re.compile(MONEY_PATTERN)
_TOO_MANY_DECIMALS = re.compile(r"^[0-9]{1,10}\.[0-9]{3,}$")
# JSON text that may hold a number of more than two decimals (or an exponent) is looked at
# closely. Each pattern begins with a literal, which the regular-expression engine scans for
# at C speed; the digit before an exponent is checked behind it.
_FINER_THAN_CENTS = re.compile(rb"\.[0-9]{3}")
_EXPONENT = re.compile(rb"e(?<=[0-9]e)")
_CAPITAL_EXPONENT = re.compile(rb"E(?<=[0-9]E)")
_STRING_OR_NUMBER = re.compile(
    rb'"[^"\\]*(?:\\.[^"\\]*)*"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)'
)


def _exact_instant(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Read an ISO 8601 text, keeping digits past the microsecond; refuse numbers."""
    if isinstance(value, str):  # the usual case first: JSON text
        instant = handler(value)
        nanosecond = sub_microsecond(value)
        return PreciseDatetime.of(instant, nanosecond) if nanosecond else instant
    if isinstance(value, int | float):
        raise ValueError("a date-time must be an ISO 8601 string with a UTC offset, not a number")
    if isinstance(value, PreciseDatetime):
        return value
    return handler(value)


def _plain_amount(value: Any) -> Any:
    """Accept money as ASCII `digits[.dd]` text or a non-negative JSON number, nothing looser.

    Text with a sign is refused; a JSON number -0 is read as 0.
    """
    if isinstance(value, str):
        if _MONEY_TEXT.fullmatch(value):
            return value
        if _TOO_MANY_DECIMALS.fullmatch(value):
            raise ValueError("at most 2 decimal places; amounts are not rounded for you")
        raise ValueError(
            'not a decimal: ASCII digits with at most 2 decimal places, e.g. "950.00", '
            "with no sign, spaces, exponent or separators"
        )
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError('must be a decimal string such as "950.00" or a JSON number')
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValueError("must be a finite amount")
    if value < 0:
        raise ValueError("must be zero or more")
    return value or 0  # a JSON -0.0 is zero, never a negative zero on an invoice


def _as_text_if_finer_than_cents(match: re.Match[bytes]) -> bytes:
    number = match[1]
    if number is None or Decimal(number.decode()).as_tuple().exponent >= -2:  # type: ignore[operator]
        return match[0]
    return b'"' + number + b'"'


def exact_numbers(json_data: str | bytes | bytearray) -> bytes:
    """Return JSON text with each number of more than two decimals written as text.

    A JSON parser reads `1.000000000000000000001` as the float 1.0, so a money field could not
    tell it from `1.00`; as text, the field refuses it (amounts are never rounded for the caller)
    and any other field refuses a string where it takes a number.
    """
    raw = json_data.encode() if isinstance(json_data, str) else bytes(json_data)
    if (
        _FINER_THAN_CENTS.search(raw) is None
        and _EXPONENT.search(raw) is None
        and _CAPITAL_EXPONENT.search(raw) is None
    ):
        return raw
    return _STRING_OR_NUMBER.sub(_as_text_if_finer_than_cents, raw)


Instant = Annotated[
    AwareDatetime,
    WrapValidator(_exact_instant),
    Field(description="ISO 8601 date-time with a UTC offset, e.g. `2026-03-02T15:30:00+01:00`."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
Money = Annotated[
    Decimal,
    BeforeValidator(_plain_amount),
    Field(ge=0, max_digits=12, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": MONEY_PATTERN},
                {"type": "number", "minimum": 0, "maximum": 9999999999, "multipleOf": 0.01},
            ]
        }
    ),
]


class ExactJson(BaseModel):
    """A model whose JSON numbers of more than two decimals reach it as text (`exact_numbers`)."""

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        return super().model_validate_json(exact_numbers(json_data), **options)

    @classmethod
    def model_validate_exact(cls, json_data: bytes) -> Self:
        """Validate JSON that has been through `exact_numbers` already."""
        validated: Self = cls.__pydantic_validator__.validate_json(json_data)
        return validated


# Fields that decide money take JSON's own types: `true`, not `"yes"` or `1`; `11`, not `"11"`.
StrictBool = Annotated[bool, Field(strict=True)]
StrictInt = Annotated[int, Field(strict=True)]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Session(_Value):
    """One sitting of work: from `start` to `end`, optionally over its own channel."""

    start: Instant
    end: Instant
    channel: Channel | None = Field(
        None, description="How this sitting was worked; defaults to the quote's `channel`."
    )
    technician: Text | None = Field(
        None,
        description="Who worked this sitting; defaults to the quote's `technician`. Sittings of "
        "different technicians may overlap; each technician's time is rounded once.",
    )
    source_id: Text | None = Field(
        None, description="The id of the entry this sitting came from; defaults to the quote's."
    )


class Training(_Value):
    """Facts that decide whether training is extended (clause ad:training)."""

    planned: StrictBool = Field(False, description="The training was planned in advance.")
    group: StrictBool = Field(False, description="The training was given to a group.")
    instruction_minutes: StrictInt = Field(
        0, ge=0, le=100_000, description="Minutes of dedicated instruction in total."
    )


class Location(_Value):
    """Where on-site work took place."""

    municipality: Text = Field(
        description="Municipality name (any case, diacritics optional) or official code, "
        "e.g. `Norrtälje`, `NORRTALJE`, `0188`, `1508`."
    )
    ferry: StrictBool = Field(False, description="The address is reached by ferry.")


class Material(_Value):
    """A part or supply used; always billed as its own line (ad:parts, ad:materials)."""

    kind: MaterialKind
    description: Text
    amount: Money = Field(description="Price excluding VAT, decimal with at most 2 places.")


class QuoteRequest(_Value, ExactJson):
    """One assignment (ticket visit) to quote: either `start`/`end` or a list of `sessions`."""

    policy: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        description="Id of a loaded policy, e.g. `vmi-se` or `alesund-data-no`."
    )
    start: Instant | None = None
    end: Instant | None = None
    sessions: list[Session] | None = Field(
        None,
        min_length=1,
        description="Sittings of one assignment, instead of `start`/`end`; rounded once together.",
    )
    channel: Channel = Field(description="How the work was done.")
    work_kind: WorkKind = "support"
    equipment_from: EquipmentFrom | None = Field(
        None, description="Who sold the equipment worked on; required for `setup` and `warranty`."
    )
    training: Training | None = Field(None, description="Required for `training`.")
    causes: list[Cause] = Field(
        default_factory=list, max_length=20, description="What caused the fault."
    )
    ticket_id: Text | None = Field(None, description="The helpdesk ticket number.")
    customer_id: Text | None = Field(None, description="The customer, for fair-use counts.")
    location: Location | None = Field(None, description="Required for `onsite` work.")
    urgent: StrictBool = Field(False, description="The customer called the provider out urgently.")
    hourly_rate: Money | None = Field(
        None, description="Hourly rate before multipliers; defaults to the policy's."
    )
    materials: list[Material] = Field(default_factory=list, max_length=100)
    support_level: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        None, description="The customer's support level, where the policy knows levels."
    )
    technician: Text | None = Field(
        None, description="Who did the work; sittings may name their own `technician`."
    )
    time_zone: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None,
        description="Reads `start`/`end` written without an offset (`2026-03-04 13:00`, "
        "`04.03.2026 13:00`) as local times: `policy` (the policy's zone) or an IANA name such "
        "as `Europe/Oslo`. A local time in the spring gap or the repeated autumn hour is refused.",
    )
    source_id: Text | None = Field(
        None,
        description="The entry's id where it came from (a PSA's time entry id); each sitting "
        "of the quote echoes it as `source_id`.",
    )
    billed_minutes: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = Field(
        None,
        description="Minutes a PSA or an invoice billed for this entry; a batch with "
        "`check_billed=true` sets them against the contract's quote.",
    )
    billed_amount: Money | None = Field(
        None,
        description="Amount (excluding VAT) a PSA or an invoice billed for this entry; a batch "
        "with `check_billed=true` sets it against the contract's quote.",
    )

    def inherited(self, session: Session) -> tuple[Channel, str | None, str | None]:
        """Return a sitting's channel, technician and source id: its own, or else the
        request's (the one place a sitting inherits from its request)."""
        return (
            session.channel or self.channel,
            session.technician or self.technician,
            session.source_id or self.source_id,
        )

    def intervals(self) -> list[tuple[datetime, datetime, Channel, str | None]]:
        """Return the sittings as (start, end, channel, technician), in the order given."""
        if self.sessions is not None:
            return [(s.start, s.end, *self.inherited(s)[:2]) for s in self.sessions]
        if self.start is not None and self.end is not None:
            return [(self.start, self.end, self.channel, self.technician)]
        return []

    def first_start(self) -> datetime | None:
        """Return the earliest start of the sittings (None when there are none), as `intervals`
        would give it, without building them."""
        if self.sessions is not None:
            return min(s.start for s in self.sessions)
        return self.start if self.end is not None else None
