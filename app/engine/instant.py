"""Instants to the nanosecond: .NET sends 7 fractional digits and Go 9, Python keeps 6.

A time read with digits past the microsecond becomes a `PreciseDatetime`, a `datetime` that keeps
the rest as `nanosecond` (0-999), so no started rounding step is lost to truncation.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
NANOSECONDS_PER_MINUTE = 60_000_000_000
MAX_FRACTION_DIGITS = 9
_FRACTION = re.compile(r"\d\d:\d\d:\d\d[.,](\d+)")


class PreciseDatetime(datetime):
    """A `datetime` with the nanoseconds past its microsecond."""

    nanosecond: int

    @classmethod
    def of(cls, instant: datetime, nanosecond: int) -> PreciseDatetime:
        precise = cls(
            instant.year,
            instant.month,
            instant.day,
            instant.hour,
            instant.minute,
            instant.second,
            instant.microsecond,
            instant.tzinfo,
            fold=instant.fold,
        )
        precise.nanosecond = nanosecond
        return precise

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        """Return ISO 8601 with all nine fractional digits."""
        text = super().isoformat(sep, "microseconds")
        cut = text.index(".") + 7
        return f"{text[:cut]}{self.nanosecond:03d}{text[cut:]}"


def sub_microsecond(text: str) -> int:
    """Return the nanoseconds past the microsecond that an ISO 8601 text states (0 if none).

    Raise ValueError for more than nine fractional digits: they cannot be kept exactly.
    """
    if "." not in text and "," not in text:
        return 0
    match = _FRACTION.search(text)
    if match is None:
        return 0
    digits = match[1]
    if len(digits) > MAX_FRACTION_DIGITS:
        raise ValueError(
            f"at most {MAX_FRACTION_DIGITS} fractional digits of a second (nanoseconds); "
            f"got {len(digits)}"
        )
    return int(digits[6:].ljust(3, "0")) if len(digits) > 6 else 0


def to_nanoseconds(instant: datetime) -> int:
    """Return an aware datetime as nanoseconds since the epoch, to the precision it was sent."""
    since = instant - EPOCH
    ns = ((since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds) * 1000
    return ns + instant.nanosecond if type(instant) is PreciseDatetime else ns


def from_nanoseconds(ns: int) -> datetime:
    """Return nanoseconds since the epoch as an aware UTC datetime (to the microsecond below)."""
    return EPOCH + timedelta(microseconds=ns // 1000)
