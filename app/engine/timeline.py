"""Cut time into pieces of one rate band and one side of office hours, in the policy's local time.

Instants are integer nanoseconds since the Unix epoch (UTC), so durations are exact and DST-proof.
Each local day is turned once into a table of pieces (cached); a session walks the tables of the
days it touches, so its cost follows the number of band changes, not its length.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from app.engine.instant import from_nanoseconds, to_nanoseconds
from app.engine.policy import MINUTES_PER_DAY, WEEKDAYS, DayKind, Policy, TimeRange

# (start_ns, end_ns, band index, inside office hours)
Piece = tuple[int, int, int, bool]
# (from minute, to minute, band index, inside office hours) within one local day
Tile = tuple[int, int, int, bool]


class TilingError(ValueError):
    """The bands of a policy leave a gap or overlap in some kind of day."""


def day_tiles(
    bands: list[tuple[TimeRange, int]], office: TimeRange | None, kind: str
) -> list[Tile]:
    """Return one kind of day as tiles; the bands that apply to it must cover 24 h exactly once."""
    spans = sorted(
        (lo, hi, index)
        for band, index in bands
        if band.days in (kind, "all")
        for lo, hi in band.tiles()
    )
    cursor = 0
    for lo, hi, _ in spans:
        if lo != cursor:
            gap = "overlap" if lo < cursor else "gap"
            raise TilingError(f"bands for {kind} days {gap} at {lo // 60:02d}:{lo % 60:02d}")
        cursor = hi
    if cursor != MINUTES_PER_DAY:
        raise TilingError(f"bands for {kind} days stop at {cursor // 60:02d}:{cursor % 60:02d}")

    office_spans = office.tiles() if office and office.days in (kind, "all") else []
    cuts = sorted({lo for lo, _, _ in spans} | {m for span in office_spans for m in span} | {0})
    cuts = [c for c in cuts if c < MINUTES_PER_DAY] + [MINUTES_PER_DAY]
    tiles: list[Tile] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        band = next(index for s, e, index in spans if s <= lo < e)
        inside = any(s <= lo < e for s, e in office_spans)
        if tiles and tiles[-1][2] == band and tiles[-1][3] == inside:
            tiles[-1] = (tiles[-1][0], hi, band, inside)
        else:
            tiles.append((lo, hi, band, inside))
    return tiles


class HolidayCalendar:
    """Public holidays of one country, looked up by date, one year computed at a time."""

    def __init__(self, country: str, categories: tuple[str, ...]) -> None:
        self.country = country
        self.categories = categories
        entity = holidays.country_holidays(country, categories=categories)
        self.first_year: int = entity.start_year
        self.last_year: int = entity.end_year
        self._year = lru_cache(maxsize=256)(self._load_year)

    def _load_year(self, year: int) -> frozenset[date]:
        return frozenset(
            holidays.country_holidays(self.country, years=year, categories=self.categories)
        )

    def is_holiday(self, day: date) -> bool:
        return day in self._year(day.year)

    def named(self, year: int, language: str = "en_US") -> dict[date, str]:
        """Return the holidays of one year with their names (English unless asked otherwise)."""
        entity = holidays.country_holidays(
            self.country, years=year, categories=self.categories, language=language
        )
        return dict(sorted(entity.items()))


class Timeline:
    """A policy's calendar: which band and which side of office hours each instant falls in."""

    def __init__(self, policy: Policy) -> None:
        calendar = policy.calendar
        self.zone = ZoneInfo(calendar.timezone)
        self.holidays = HolidayCalendar(calendar.holidays_country, calendar.holiday_categories)
        # A session's local day may fall a year beyond its own offset's year: keep a year's margin
        # inside the calendar, so every day it touches has its holidays.
        self.first_year = self.holidays.first_year + 1
        self.last_year = self.holidays.last_year - 1
        self._working_weekdays = frozenset(WEEKDAYS.index(d) for d in calendar.working_weekdays)
        indexed: list[tuple[TimeRange, int]] = [(b, i) for i, b in enumerate(policy.bands)]
        self._tiles: dict[DayKind, list[Tile]] = {
            kind: day_tiles(indexed, policy.office_hours, kind)
            for kind in ("working", "non_working")
        }
        whole_days = {(t[2], t[3]) for tiles in self._tiles.values() for t in tiles}
        self._uniform = next(iter(whole_days)) if len(whole_days) == 1 else None
        self._day = lru_cache(maxsize=8192)(self._build_day)

    def is_working_day(self, day: date) -> bool:
        """Tell whether a date is an ordinary working day: a working weekday and no holiday."""
        return day.weekday() in self._working_weekdays and not self.holidays.is_holiday(day)

    def _local_nanoseconds(self, day: date, minute: int) -> int:
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.zone)
        if minute == MINUTES_PER_DAY:
            following = day + timedelta(days=1)
            midnight = datetime(following.year, following.month, following.day, tzinfo=self.zone)
            minute = 0
        return to_nanoseconds(midnight + timedelta(minutes=minute))

    def _build_day(self, ordinal: int) -> tuple[int, tuple[Piece, ...]]:
        day = date.fromordinal(ordinal)
        kind: DayKind = "working" if self.is_working_day(day) else "non_working"
        pieces = []
        for lo, hi, band, inside in self._tiles[kind]:
            start = self._local_nanoseconds(day, lo)
            end = self._local_nanoseconds(day, hi)
            if end > start:
                pieces.append((start, end, band, inside))
        return self._local_nanoseconds(day, MINUTES_PER_DAY), tuple(pieces)

    def split(self, start: int, end: int) -> list[Piece]:
        """Return [start, end) cut where the band or the office-hours side changes."""
        if self._uniform is not None:
            band, inside = self._uniform
            return [(start, end, band, inside)]
        ordinal = from_nanoseconds(start).astimezone(self.zone).toordinal()
        pieces: list[Piece] = []
        while True:
            day_end, tiles = self._day(ordinal)
            for lo, hi, band, inside in tiles:
                if hi <= start:
                    continue
                if lo >= end:
                    break
                lo = max(lo, start)
                hi = min(hi, end)
                if pieces and pieces[-1][1] == lo and pieces[-1][2:] == (band, inside):
                    pieces[-1] = (pieces[-1][0], hi, band, inside)
                else:
                    pieces.append((lo, hi, band, inside))
            if day_end >= end:
                return pieces
            ordinal += 1
