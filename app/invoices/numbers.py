"""Invoice numbers (BT-1): a pattern of the request, filled per invoice; a file named by each."""

from __future__ import annotations

import re
from string import Formatter

from app.engine import FieldProblem
from app.invoices.lines import LineGroup

DEFAULT_NUMBER = "{customer}-{month}-{currency}"
NUMBER_FIELDS = {"customer", "policy", "currency", "month", "n"}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name_of(number: str) -> str:
    """Return the file name of an invoice number: characters unsafe in a name become `_`."""
    return f"{_SAFE.sub('_', number)}.xml"


def check_number_pattern(pattern: str) -> list[FieldProblem]:
    """Return what is wrong with an invoice number pattern (unknown or malformed fields)."""
    try:
        used = {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        return [FieldProblem("number", f"not a pattern: {error}")]
    unknown = used - NUMBER_FIELDS
    if unknown or "" in used:
        return [
            FieldProblem(
                "number", f"unknown field(s) {sorted(unknown)}; use {sorted(NUMBER_FIELDS)}"
            )
        ]
    return []


def number_of(pattern: str, group: LineGroup, month: str, n: int) -> str:
    """Return the number a pattern gives one customer's invoice, the `n`th of the answer."""
    return pattern.format(
        customer=group.customer or group.policy,
        policy=group.policy,
        currency=group.currency,
        month=month,
        n=n,
    )
