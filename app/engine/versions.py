"""A policy's dated versions, and the one in force at an instant."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.engine.instant import to_nanoseconds

if TYPE_CHECKING:
    from app.engine.book import CompiledPolicy

_ALWAYS = -(2**63)


class PolicyVersions:
    """One policy's versions, oldest first; found by bisecting the instants they start at."""

    __slots__ = ("id", "all", "single", "latest", "_starts")

    def __init__(self, versions: Sequence[CompiledPolicy]) -> None:
        self.all = tuple(versions)
        self.id = self.all[0].policy.id
        self.latest = self.all[-1]
        # An undated policy with one version needs no look-up at all.
        self.single = self.latest if len(self.all) == 1 and self.first_day is None else None
        self._starts = [
            _ALWAYS
            if v.policy.valid_from is None
            else to_nanoseconds(
                datetime.combine(v.policy.valid_from, datetime.min.time(), v.timeline.zone)
            )
            for v in self.all
        ]

    @property
    def first_day(self) -> date | None:
        """The day the first version starts, or None when it always applied."""
        return self.all[0].policy.valid_from

    def in_force(self, instant_ns: int) -> CompiledPolicy | None:
        """Return the version in force at an instant (ns since the epoch), the one rule every
        caller follows; None before the first version, where each caller says what it does (a
        quote refuses, fair use counts nothing, a trace draws the latest)."""
        if self.single is not None:
            return self.single
        return self.at(instant_ns)

    def at(self, instant_ns: int) -> CompiledPolicy | None:
        """Return the version in force at an instant (ns since the epoch); None before the first."""
        index = bisect_right(self._starts, instant_ns) - 1
        return self.all[index] if index >= 0 else None

    def on(self, day: date) -> CompiledPolicy:
        """Return the version in force on a day, or the first version if the day is before it."""
        index = sum(
            1 for v in self.all if v.policy.valid_from is None or v.policy.valid_from <= day
        )
        return self.all[max(index - 1, 0)]
