"""A batch's second opinion, as the caller asks for it in the query.

- `compare_policy=ID` and/or `compare_on=YYYY-MM-DD`: each assignment is quoted again under
  another policy or contract, or under the version in force on that day, beside its own quote.
- `check_billed=true` (with `tolerance=0.50`, 0.00 by default): entries' `billed_minutes` and
  `billed_amount` are set against the contract's quote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from app.engine import InvalidRequest, OtherTerms, PolicyBook

_AMOUNT = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,2})?$")
NAMES = ("compare_policy", "compare_on", "check_billed", "tolerance")


def second_opinion(
    query: Mapping[str, str], book: PolicyBook
) -> tuple[OtherTerms | None, Decimal | None]:
    """Return the other terms to re-rate under and the tolerance to check billing with (None
    where not asked); refuse a parameter that cannot be read, naming it."""
    policy, on = query.get("compare_policy"), query.get("compare_on")
    if policy is not None and book.get(policy) is None:
        known = ", ".join(sorted(book))
        raise InvalidRequest.at(
            "query.compare_policy", f"no policy {policy[:64]!r}; known: {known}"
        )
    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise InvalidRequest.at("query.compare_on", "a day as YYYY-MM-DD") from None
    terms = OtherTerms(policy, day) if policy is not None or day is not None else None
    check, tolerance = query.get("check_billed"), query.get("tolerance")
    if check not in (None, "true", "false"):
        raise InvalidRequest.at("query.check_billed", "must be 'true' or 'false'")
    if tolerance is not None and check != "true":
        raise InvalidRequest.at("query.tolerance", "applies only with check_billed=true")
    if tolerance is not None and not _AMOUNT.match(tolerance):
        raise InvalidRequest.at("query.tolerance", "an amount with at most 2 decimals, e.g. 0.50")
    return terms, (Decimal(tolerance or "0.00") if check == "true" else None)


PARAMETERS = [
    {
        "name": "compare_policy",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "Quote each assignment again under this policy or contract as well: each "
        "result gains `rerated` (its figures and the difference, other less own, with the "
        "clauses that changed), the summary `rerated` (totals both ways, per currency and "
        "customer).",
    },
    {
        "name": "compare_on",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "date"},
        "description": "Quote each assignment again under the version of its policy (or of "
        "`compare_policy`) in force on this day, e.g. a new price list.",
    },
    {
        "name": "check_billed",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["true", "false"]},
        "description": "Set entries' `billed_minutes` and `billed_amount` against the contract's "
        "quote: each such result gains `billed` (`agrees`, `over_billed` or `under_billed`, by "
        "how much, and the clauses), the summary `billed` (counts and sums).",
    },
    {
        "name": "tolerance",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{1,2})?$", "default": "0.00"},
        "description": "With `check_billed=true`: a billed amount this close to the quote agrees.",
    },
]
