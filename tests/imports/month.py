"""One month of time entries, written natively and as people and PSA tools write them."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from app.engine import QuoteRequest, group_by_ticket, quote
from tests.unit.quoting import ALESUND, BOOK, VMI

ZONES = {VMI: ZoneInfo("Europe/Stockholm"), ALESUND: ZoneInfo("Europe/Oslo")}
CHANNELS = ["remote", "phone", "onsite", "email"]
PLACES = {VMI: "Norrtälje", ALESUND: "Ålesund"}


def sittings() -> list[dict[str, Any]]:
    """Return March 2026 (summer time starts on the 29th) as plain facts, local times."""
    rows = []
    for day in range(1, 32):
        for k in range(3):
            policy = VMI if (day + k) % 2 else ALESUND
            start = datetime(2026, 3, day, 7 + 5 * k, (10 * k + day) % 60)
            minutes = 25 + 13 * k + day % 9
            rows.append(
                {
                    "id": 1000 + day * 10 + k,
                    "policy": policy,
                    "start": start,
                    "end": start + timedelta(minutes=minutes),
                    "channel": CHANNELS[(day + k) % 4],
                    "ticket": str(4000 + day % 7 + 10 * k),
                    "customer": f"C-{(day + k) % 3}",
                    "technician": ["anna", "bo", "cajsa"][k],
                    "rate": Decimal("1234.50") if k == 1 else None,
                    "material": Decimal("89.50") if day % 5 == 0 and k == 0 else None,
                }
            )
    return rows


def native(row: dict[str, Any]) -> dict[str, Any]:
    """Return one sitting as our request, times with offsets."""
    zone = ZONES[row["policy"]]
    entry: dict[str, Any] = {
        "policy": row["policy"],
        "start": row["start"].replace(tzinfo=zone).isoformat(),
        "end": row["end"].replace(tzinfo=zone).isoformat(),
        "channel": row["channel"],
        "ticket_id": row["ticket"],
        "customer_id": row["customer"],
        "technician": row["technician"],
    }
    if row["channel"] == "onsite":
        entry["location"] = {"municipality": PLACES[row["policy"]]}
    if row["rate"] is not None:
        entry["hourly_rate"] = str(row["rate"])
    if row["material"] is not None:
        entry["materials"] = [
            {"kind": "spare_part", "description": "Kabel", "amount": str(row["material"])}
        ]
    return entry


COLUMNS = [
    "policy",
    "start",
    "end",
    "channel",
    "ticket_id",
    "customer_id",
    "technician",
    "location.municipality",
    "hourly_rate",
    "materials.0.kind",
    "materials.0.description",
    "materials.0.amount",
]


def _cells(row: dict[str, Any], when: Any, money: Any) -> list[Any]:
    material = row["material"]
    return [
        row["policy"],
        when(row["start"]),
        when(row["end"]),
        row["channel"],
        row["ticket"],
        row["customer"],
        row["technician"],
        PLACES[row["policy"]] if row["channel"] == "onsite" else None,
        money(row["rate"]) if row["rate"] is not None else None,
        "spare_part" if material is not None else None,
        "Kabel" if material is not None else None,
        money(material) if material is not None else None,
    ]


def nordic_csv(rows: list[dict[str, Any]], encoding: str = "cp1252") -> bytes:
    """Return the month as Swedish Excel saves 'CSV (semicolon)': `;`, CRLF, decimal commas,
    `dd.mm.yyyy hh:mm` local times, Windows-1252 (or a BOM and UTF-8)."""
    lines = [";".join(COLUMNS)]
    for row in rows:
        cells = _cells(
            row, lambda t: t.strftime("%d.%m.%Y %H:%M"), lambda m: str(m).replace(".", ",")
        )
        lines.append(";".join("" if c is None else str(c) for c in cells))
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" + text).encode("utf-8") if encoding == "utf-8" else text.encode(encoding)


def workbook(rows: list[dict[str, Any]]) -> bytes:
    """Return the month as an .xlsx workbook: date cells (local), number cells for money."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(_cells(row, lambda t: t, float))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def totals(requests: list[Any], grouped: bool = False) -> dict[str, Decimal]:
    """Return the month's totals per currency (each entry, or each ticket, one assignment)."""
    assert all(isinstance(r, QuoteRequest) for r in requests), [
        r for r in requests if not isinstance(r, QuoteRequest)
    ][:3]
    assignments = [merged for _, merged in group_by_ticket(requests, BOOK)] if grouped else requests
    sums: dict[str, Decimal] = {}
    for request in assignments:
        q = quote(request, BOOK)
        sums[q.currency] = sums.get(q.currency, Decimal("0.00")) + q.total
    return sums


def natives() -> list[QuoteRequest]:
    return [QuoteRequest.model_validate(native(row)) for row in sittings()]
