"""Import figures: 50,000 time entries read from an .xlsx workbook, a Nordic CSV and PSA exports,
against our own NDJSON: `python -m bench.imports [--entries N]`.

Each path is timed reading (to validated requests) and reading and quoting; CPU time of this
process, best of a few rounds, so other load on a shared machine counts less.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.engine import QuoteRequest, load_policies, policy_zones, quote
from app.imports.options import ImportOptions
from app.imports.profile import builtin_profiles
from app.imports.psa import iter_psa
from app.imports.tables import iter_csv, iter_ndjson
from app.imports.xlsx import iter_xlsx

BOOK = load_policies()
ZONES = policy_zones(BOOK)
POLICIES = {"vmi-se": ZoneInfo("Europe/Stockholm"), "alesund-data-no": ZoneInfo("Europe/Oslo")}
COLUMNS = ["policy", "start", "end", "channel", "ticket_id", "customer_id", "hourly_rate"]


def sittings(count: int) -> Iterator[dict[str, Any]]:
    """Yield `count` sittings over 2026, local times, in both policies."""
    first = datetime(2026, 1, 5, 7, 0)
    for i in range(count):
        policy = "vmi-se" if i % 2 else "alesund-data-no"
        start = first + timedelta(minutes=97 * i % (360 * 24 * 60))
        if start.hour < 4:  # clear of the clocks' changes (02:00-03:00)
            start += timedelta(hours=4)
        yield {
            "id": 100_000 + i,
            "policy": policy,
            "start": start,
            "end": start + timedelta(minutes=20 + i % 70),
            "ticket": str(5000 + i % 9000),
            "customer": f"C-{i % 300}",
            "rate": "1234,50" if i % 3 == 0 else "",
        }


def nordic_csv(rows: list[dict[str, Any]]) -> bytes:
    out = [";".join(COLUMNS)]
    for r in rows:
        day = "%d.%m.%Y %H:%M"
        cells = [r["policy"], r["start"].strftime(day), r["end"].strftime(day), "remote",
                 r["ticket"], r["customer"], r["rate"]]  # fmt: skip
        out.append(";".join(cells))
    return ("\r\n".join(out) + "\r\n").encode("cp1252")


def ndjson(rows: list[dict[str, Any]]) -> bytes:
    lines = []
    for r in rows:
        zone = POLICIES[r["policy"]]
        entry = {"policy": r["policy"], "start": r["start"].replace(tzinfo=zone).isoformat(),
                 "end": r["end"].replace(tzinfo=zone).isoformat(), "channel": "remote",
                 "ticket_id": r["ticket"], "customer_id": r["customer"]}  # fmt: skip
        if r["rate"]:
            entry["hourly_rate"] = r["rate"].replace(",", ".")
        lines.append(json.dumps(entry))
    return ("\n".join(lines) + "\n").encode()


def workbook(rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    for r in rows:
        rate = float(r["rate"].replace(",", ".")) if r["rate"] else None
        sheet.append(
            [r["policy"], r["start"], r["end"], "remote", r["ticket"], r["customer"], rate]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def connectwise(rows: list[dict[str, Any]]) -> bytes:
    def utc(r: dict[str, Any], name: str) -> str:
        instant = r[name].replace(tzinfo=POLICIES[r["policy"]]).astimezone(UTC)
        return instant.isoformat().replace("+00:00", "Z")

    records = [
        {"id": r["id"], "timeStart": utc(r, "start"), "timeEnd": utc(r, "end"),
         "actualHours": 1.0, "chargeToId": int(r["ticket"]), "chargeToType": "ServiceTicket",
         "company": {"identifier": r["customer"]}, "member": {"identifier": "anna"},
         "workType": {"name": "Remote Support"}, "billableOption": "Billable",
         "agreement": {"id": 7 if r["policy"] == "vmi-se" else 8}}
        for r in rows
    ]  # fmt: skip
    return json.dumps(records).encode()


def tempo(rows: list[dict[str, Any]]) -> bytes:
    records = [
        {"tempoWorklogId": r["id"], "issue": {"id": int(r["ticket"])},
         "startDate": r["start"].date().isoformat(), "startTime": r["start"].time().isoformat(),
         "timeSpentSeconds": int((r["end"] - r["start"]).total_seconds()),
         "author": {"accountId": "anna"}}
        for r in rows
    ]  # fmt: skip
    return json.dumps({"results": records}).encode()


def best_cpu_seconds(run: Callable[[], list[Any]], rounds: int) -> tuple[float, list[Any]]:
    best, items = float("inf"), []
    for _ in range(rounds):
        started = time.process_time()
        items = run()
        best = min(best, time.process_time() - started)
    return best, items


def quote_all(items: list[Any]) -> int:
    quoted = 0
    for item in items:
        if isinstance(item, QuoteRequest):
            quote(item, BOOK)
            quoted += 1
    return quoted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    rows = list(sittings(args.entries))
    local = ImportOptions(time_zone="policy", charset="windows-1252")
    profiles = builtin_profiles()
    contracts = {"7": "vmi-se", "8": "alesund-data-no"}
    cw = profiles["connectwise"].model_copy(update={"policies": contracts})
    bodies = {
        "NDJSON, ours (offsets)": (ndjson(rows), lambda b: iter_ndjson(b, ImportOptions(), ZONES)),
        "Nordic CSV (; , local, cp1252)": (nordic_csv(rows), lambda b: iter_csv(b, local, ZONES)),
        ".xlsx workbook (local)": (
            workbook(rows),
            lambda b: iter_xlsx(b, ImportOptions(time_zone="policy"), ZONES),
        ),
        "ConnectWise JSON (UTC)": (
            connectwise(rows),
            lambda b: iter_psa(b, cw, ImportOptions(), ZONES),
        ),  # fmt: skip
        "Tempo JSON (local, policy=)": (
            tempo(rows),
            lambda b: iter_psa(
                b, profiles["tempo"], ImportOptions(time_zone="policy", policy="vmi-se"), ZONES
            ),
        ),
    }
    print(f"{args.entries:,} entries; CPU seconds, best of {args.rounds}")
    print(f"{'path':<32} {'bytes':>11} {'read s':>7} {'entries/s':>10} {'+quote s':>9}")
    for name, (body, reader) in bodies.items():
        seconds, items = best_cpu_seconds(lambda: [i for _, i, _ in reader(body)], args.rounds)  # noqa: B023
        started = time.process_time()
        quoted = quote_all(items)
        quoting = time.process_time() - started
        assert quoted == len(items) == args.entries, (name, quoted, len(items))
        rate = args.entries / seconds
        print(
            f"{name:<32} {len(body):>11,} {seconds:>7.2f} {rate:>10,.0f} {seconds + quoting:>9.2f}"
        )


if __name__ == "__main__":
    main()
