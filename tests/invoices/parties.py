"""Contracts with invoice parties, written to a folder and loaded beside the built-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.engine import PolicyBook, QuoteRequest, load_policies, quote_batch

SE_SELLER = """
[seller]
legal_name = "VMI IT Services AB"
organisation_number = "5566778899"
vat_number = "SE556677889901"
endpoint_id = "5566778899"
endpoint_scheme = "0007"
address = { street = "Storgatan 1", city = "Norrtälje", postal_code = "761 30", country = "SE" }
payment = { account = "SE4550000000058398257466", bic = "ESSESESS" }
"""
SE_BUYER = """
[buyer]
legal_name = "Kustbygg AB"
organisation_number = "5599001236"
endpoint_id = "5599001236"
endpoint_scheme = "0007"
address = { street = "Hamngatan 4", city = "Norrtälje", postal_code = "761 31", country = "SE" }
buyer_reference = "KB-IT"
"""
NO_SELLER = """
[seller]
legal_name = "Ålesund Data AS"
organisation_number = "998877660"
vat_number = "NO998877660MVA"
endpoint_id = "998877660"
endpoint_scheme = "0192"
address = { street = "Keiser Wilhelms gate 10", city = "Ålesund", postal_code = "6003", country = "NO" }
payment = { account = "NO9386011117947" }
payment_days = 14
"""
NO_BUYER = """
[buyer]
legal_name = "Sjøbuss AS"
organisation_number = "987654325"
endpoint_id = "987654325"
endpoint_scheme = "0192"
address = { street = "Kaiveien 2", city = "Ålesund", postal_code = "6004", country = "NO" }
buyer_reference = "SB-2026"
"""


def contract(policy_id: str, extends: str, body: str = "", parties: str = "") -> str:
    """Return a contract's text: what it changes and its parties (both, unless given)."""
    if not parties:
        parties = SE_SELLER + SE_BUYER if extends.startswith("vmi") else NO_SELLER + NO_BUYER
    return f'id = "{policy_id}"\nname = "Contract {policy_id}"\nextends = "{extends}"\n{body}\n{parties}'


def book_of(folder: Path, **contracts: str) -> PolicyBook:
    """Write each contract (id with `_` for `-`) to the folder and load them with the built-ins."""
    for name, text in contracts.items():
        (folder / f"{name.replace('_', '-')}.toml").write_text(text, encoding="utf-8")
    return load_policies(folder)


def visit(policy: str, day: str, start: str, end: str, **fields: Any) -> dict[str, Any]:
    """Return a batch entry on a day (YYYY-MM-DD) from start to end (HH:MM), Nordic winter time."""
    fields.setdefault("channel", "remote")
    return {
        "policy": policy,
        "start": f"{day}T{start}:00+01:00",
        "end": f"{day}T{end}:00+01:00",
        **fields,
    }


def results_of(book: PolicyBook, *entries: dict[str, Any], group_by: str = "none") -> Any:
    items = [QuoteRequest.model_validate(entry) for entry in entries]
    return quote_batch(items, book, group_by=group_by).results  # type: ignore[arg-type]
