"""Realistic, repeatable mixes of time entries: both policies, every channel, all bands."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

CET = timezone(timedelta(hours=1))
CHANNELS = ["phone", "email", "remote", "onsite"]
PLACES = {
    "vmi-se": ["Norrtälje", "Solna", "0180", "Uppsala"],
    "alesund-data-no": ["Ålesund", "1508", "Giske"],
}
ZONES = {"vmi-se": ZoneInfo("Europe/Stockholm"), "alesund-data-no": ZoneInfo("Europe/Oslo")}
KINDS: list[tuple[str, dict[str, Any]]] = [
    ("support", {}),
    ("support", {}),
    ("support", {"causes": ["misuse"]}),
    ("security_update", {}),
    ("development", {}),
    ("training", {"training": {"planned": False, "group": False, "instruction_minutes": 3}}),
    ("setup", {"equipment_from": "provider"}),
    ("warranty", {"equipment_from": "other"}),
]
STARTS = [9, 13, 17, 20, 23]  # o'clock, local time: the second mix's entries start on the hour


def entries(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Return `count` request bodies spread over 2026: workdays, evenings, nights, holidays."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        policy = "vmi-se" if i % 2 else "alesund-data-no"
        start = datetime(2026, 1, 1, tzinfo=CET) + timedelta(minutes=rng.randrange(365 * 1440))
        length = rng.choice([4, 9, 17, 35, 55, 75, 130, 240, 600])
        kind, extra = rng.choice(KINDS)
        channel = rng.choice(CHANNELS)
        body: dict[str, Any] = {
            "policy": policy,
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=length, seconds=rng.randrange(60))).isoformat(),
            "channel": channel,
            "work_kind": kind,
            "ticket_id": f"HD-{i}" if rng.random() < 0.9 else None,
            "customer_id": f"C-{i % 40}",
            **extra,
        }
        if channel == "onsite":
            body["location"] = {"municipality": rng.choice(PLACES[policy]), "ferry": False}
            body["urgent"] = rng.random() < 0.1
        if rng.random() < 0.1:
            body["materials"] = [{"kind": "spare_part", "description": "fan", "amount": "249.00"}]
        out.append({k: v for k, v in body.items() if v is not None})
    return out


def long_session(days: int) -> dict[str, Any]:
    """Return an Ålesund Data session of `days` days out of hours: every band, every day."""
    start = datetime(2026, 3, 1, 6, 0, tzinfo=CET)
    return {
        "policy": "alesund-data-no",
        "start": start.isoformat(),
        "end": (start + timedelta(days=days)).isoformat(),
        "channel": "remote",
        "ticket_id": "HD-LONG",
    }


def tickets_month(
    count: int, customers: int = 50, seed: int = 13, year: int = 2026, month: int = 3
) -> Iterator[dict[str, Any]]:
    """Yield `count` entries of a month on tickets of four entries on average, each ticket's
    entries on any days of the month: `customers` customers, half of each policy, entries
    starting at 09, 13, 17, 20 or 23 o'clock local time, `customer_id` on every entry."""
    rng = random.Random(seed)
    tickets = max(1, count // 4)
    first = datetime(year, month, 1)
    days = ((first + timedelta(days=32)).replace(day=1) - first).days
    for _ in range(count):
        ticket = rng.randrange(tickets)
        facts = random.Random(ticket)  # what a ticket's entries share
        customer = facts.randrange(customers)
        policy = "vmi-se" if customer % 2 else "alesund-data-no"
        kind, extra = facts.choice(KINDS)
        channel = facts.choice(CHANNELS)
        day = first + timedelta(days=rng.randrange(days))
        start = day.replace(hour=rng.choice(STARTS), tzinfo=ZONES[policy])
        length = rng.choice([4, 9, 17, 35, 55, 75, 130])
        entry: dict[str, Any] = {
            "policy": policy,
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=length)).isoformat(),
            "channel": channel,
            "work_kind": kind,
            "ticket_id": f"T-{ticket}",
            "customer_id": f"C-{customer}",
            **extra,
        }
        if channel == "onsite":
            entry["location"] = {"municipality": facts.choice(PLACES[policy]), "ferry": False}
        yield entry
