"""What a contract changes: each difference from the terms it extends, and from version to
version, with the value before and after.

The paths that differ are the API's (`PolicyDetail.changes_from_base`, `versions[].changes`);
this module only reads the values at them and names them for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.engine import Language, Policy, PolicyBook, value_at
from app.web.labels import words
from app.web.vocabulary import term
from app.wire.schemas import PolicyDetail

# The page's word for each top-level field of a policy.
_TOPICS = {
    "name": "name",
    "default_hourly_rate": "default_rate",
    "vat_rate": "vat",
    "currency": "currency",
    "country": "country",
    "calendar": "calendar",
    "channels": "channels",
    "bands": "rate_bands",
    "office_hours": "office",
    "rounding": "rounding_rules",
    "coverage": "coverage_rules",
    "zones": "travel_zones",
    "travel": "travel_rules",
    "materials": "material_rules",
    "support_levels": "support_levels",
    "fair_use": "fair_use_rules",
    "seller": "seller",
    "buyer": "buyer",
}
LONGEST = 160
# How the values of some fields are named (see `vocabulary`).
_VALUE_KINDS = {"effect": "effect", "status": "travel_status", "days": "days"}
_MESSAGE_LANGUAGE = re.compile(r"^(.*\.message)\.(en|sv|nb)$")


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference: the API's path, its topic and the rest of the path, the two values."""

    path: str
    topic: str
    detail: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class VersionChange:
    """A version of a contract: the day it is in force from, and what it changed."""

    valid_from: date | None
    differences: list[Difference]


@dataclass(frozen=True, slots=True)
class Contract:
    """What a policy extends and how it differs from it, and what each version changed."""

    base: Policy | None
    differences: list[Difference]
    versions: list[VersionChange]


def _dump(policy: Policy) -> dict[str, Any]:
    return policy.model_dump(mode="json", by_alias=True)


def value_text(value: Any, language: Language, key: str = "") -> str:
    """Return a policy value as a short text: a message in the page's language, a party's name,
    an effect or a band's days as the pages name them."""
    said = words(language)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return said["yes"] if value else said["no"]
    if key in _VALUE_KINDS:
        return term(language, _VALUE_KINDS[key], value)
    if isinstance(value, dict):
        if "en" in value and set(value) <= {"en", "sv", "nb"}:
            return str(value.get(language) or value["en"])
        if "legal_name" in value:
            return str(value["legal_name"])
        if "message" in value and isinstance(value["message"], dict):
            return value_text(value["message"], language)
        if {"days", "from", "to"} <= set(value):
            return f"{term(language, 'days', value['days'])} {value['from']}–{value['to']}"
        text = "; ".join(f"{k}: {value_text(v, language, k)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(value_text(v, language) for v in value)
    else:
        text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _differences(
    paths: list[str], before: dict[str, Any], after: dict[str, Any], language: Language
) -> list[Difference]:
    """Name each path that differs; a message's languages are one difference, read in the page's."""
    said = words(language)
    found = []
    for path in dict.fromkeys(_MESSAGE_LANGUAGE.sub(r"\1", path) for path in paths):
        top, _, rest = path.partition(".")
        key = path.rpartition(".")[2]
        found.append(
            Difference(
                path,
                said[_TOPICS[top]] if top in _TOPICS else top,
                rest,
                value_text(value_at(before, path), language, key),
                value_text(value_at(after, path), language, key),
            )
        )
    return found


def contract_of(book: PolicyBook, policy_id: str, day: date, language: Language) -> Contract:
    """Return what the version of a policy in force on a day extends and changes."""
    detail = PolicyDetail.of(book, policy_id, day, [])
    policy = detail.policy
    base = None
    differences: list[Difference] = []
    if policy.extends is not None:
        base = book.versions(policy.extends).on(policy.valid_from or day).policy
        differences = _differences(detail.changes_from_base, _dump(base), _dump(policy), language)
    history = book.versions(policy_id).all
    versions = [
        VersionChange(
            v.valid_from,
            _differences(
                v.changes, _dump(history[i - 1].policy), _dump(history[i].policy), language
            )
            if i
            else [],
        )
        for i, v in enumerate(detail.versions)
    ]
    return Contract(base, differences, versions)
