"""Round billable time up as a contract says: a minimum, then a ladder of steps that repeats."""

from __future__ import annotations

from collections.abc import Hashable

from app.engine.instant import NANOSECONDS_PER_MINUTE as UNIT
from app.engine.policy import RoundingRule


def billed_minutes(rule: RoundingRule, nanoseconds: int) -> int:
    """Return whole minutes to bill for exact billable time; a started step is billed whole.

    Past the minimum, time is counted in periods of the ladder's last step (whole periods
    billed as they are) and the remainder is rounded up to the next step of the ladder.
    """
    if nanoseconds <= 0:
        return 0
    if nanoseconds <= rule.minimum * UNIT:
        return rule.minimum
    rest = nanoseconds - rule.minimum * UNIT
    period = rule.steps[-1]
    periods, remainder = divmod(rest, period * UNIT)
    billed = rule.minimum + periods * period
    if remainder:
        for step in rule.steps:
            if step * UNIT >= remainder:
                return billed + step
    return billed


def rounding_group(rule: RoundingRule, technician: str | None) -> Hashable:
    """Return the rounding group of a sitting: its rule, and its technician when one is named
    (a started assignment is rounded once per ticket and technician)."""
    return id(rule) if technician is None else (technician, id(rule))
