"""A streamed month through one worker: `python -m bench.stream` (default 1,000,000 entries).

Writes a month of NDJSON entries (both policies, every channel, a quarter of a million tickets
scattered through the file, a tenth of the entries without a ticket), gzip-compressed; posts it
as docs/api.md's recipe does to one uvicorn worker started as the README starts it; reads the
NDJSON answer as it comes; prints time, entries per second and the server's peak memory beside
the targets, and the entries per CPU-second the server used (which other load on a shared
machine disturbs less than a rate). The client shares the machine with the server. Then the
same for the second mix (`bench.mix.tickets_month`): every entry on a ticket of four entries on
average, 50 customers, starts at 09, 13, 17, 20 and 23 o'clock.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.mix import CET, KINDS, PLACES, tickets_month
from bench.web import server

TARGET_RATE = 30_000  # entries per second, end to end
TARGET_MIB = 400  # server peak RSS
MARCH = datetime(2026, 3, 1, tzinfo=CET)


def month(count: int, seed: int = 11) -> Iterator[dict[str, Any]]:
    """Yield `count` entries of March 2026 whose tickets come back anywhere in the month."""
    rng = random.Random(seed)
    tickets = max(1, count // 4)
    for _ in range(count):
        ticket = rng.randrange(tickets)
        facts = random.Random(ticket)  # what a ticket's entries share
        policy = "vmi-se" if ticket % 2 else "alesund-data-no"
        kind, extra = facts.choice(KINDS)
        channel = facts.choice(["phone", "email", "remote", "onsite"])
        start = MARCH + timedelta(minutes=rng.randrange(30 * 1440))
        length = rng.choice([4, 9, 17, 35, 55, 75, 130])
        entry: dict[str, Any] = {
            "policy": policy,
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=length)).isoformat(),
            "channel": channel,
            "work_kind": kind,
            "customer_id": f"C-{ticket % 400}",
            **extra,
        }
        if rng.random() < 0.9:
            entry["ticket_id"] = f"T-{ticket}"
        if channel == "onsite":
            entry["location"] = {"municipality": facts.choice(PLACES[policy]), "ferry": False}
        yield entry


# A mix's row title and its entries; both run unless one is named.
MIXES: dict[str, tuple[str, Callable[[int], Iterator[dict[str, Any]]]]] = {
    "first": ("6. streamed month of {:,} entries (NDJSON, gzip)", month),
    "second": ("7. second mix, {:,} entries (NDJSON, gzip)", tickets_month),
}


def write_month(path: Path, count: int, mix: str = "first") -> int:
    """Write the month as gzip-compressed NDJSON; return its uncompressed size."""
    size = 0
    with gzip.open(path, "wb", compresslevel=1) as out:
        for entry in MIXES[mix][1](count):
            line = orjson.dumps(entry) + b"\n"
            size += len(line)
            out.write(line)
    return size


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            yield chunk


def run(url: str, path: Path, group_by: str, params: str = "") -> tuple[float, int, dict[str, Any]]:
    """Post the month (with more query `params`, `&name=value`); return the seconds to the last
    line, the results and the summary."""
    headers = {
        "Content-Type": "application/x-ndjson",
        "Content-Encoding": "gzip",
        "Accept": "application/x-ndjson",
        "Accept-Encoding": "identity",
    }
    results, last = 0, b""
    started = time.perf_counter()
    # A month grouped by ticket may send nothing until its tickets are quoted: up to a minute.
    with (
        httpx.Client(timeout=httpx.Timeout(30, read=600)) as client,
        client.stream(
            "POST",
            f"{url}/v1/quotes/batch?group_by={group_by}{params}",
            content=_chunks(path),
            headers=headers,
        ) as response,
    ):
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}: {response.read()[:300]!r}")
        for line in response.iter_lines():
            if line:
                results += 1
                last = line.encode()
    elapsed = time.perf_counter() - started
    end = orjson.loads(last)
    return elapsed, results - 1, end["summary"]


def stream_rows(
    entries: int, modes: list[str], mix: str = "first"
) -> list[tuple[str, str, str, bool | None]]:
    """Return the figures of a streamed month of `entries`, per grouping, beside the targets."""
    rows: list[tuple[str, str, str, bool | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "month.ndjson.gz"
        size = write_month(path, entries, mix)
        rows.append(
            (
                MIXES[mix][0].format(entries),
                f"{size / 2**20:.0f} MiB, {path.stat().st_size / 2**20:.0f} MiB gz",
                "",
                None,
            )
        )
        for group_by in modes:
            with server() as service:
                cpu_before = service.cpu_seconds()
                seconds, results, summary = run(service.url, path, group_by)
                cpu = service.cpu_seconds() - cpu_before
                peak = service.peak_memory_mib()
            rate, per_cpu = summary["items"] / seconds, summary["items"] / cpu
            fast, small = rate >= TARGET_RATE, peak <= TARGET_MIB
            rows += [
                (f"   group_by={group_by}: results", f"{results:,}", "", None),
                ("   time, end to end", f"{seconds:.1f} s", "", None),
                ("   entries/s, end to end", f"{rate:,.0f}", f">= {TARGET_RATE:,}", fast),
                ("   entries per server CPU-second", f"{per_cpu:,.0f}", "", None),
                ("   server peak RSS (VmHWM)", f"{peak:.0f} MiB", f"<= {TARGET_MIB}", small),
            ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stream", description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--group-by", choices=["ticket", "none", "both"], default="both")
    parser.add_argument("--mix", choices=[*MIXES, "both"], default="both")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    modes = ["ticket", "none"] if args.group_by == "both" else [args.group_by]
    for mix in MIXES if args.mix == "both" else [args.mix]:
        for name, figure, target, met in stream_rows(args.entries, modes, mix):
            mark = "" if met is None else ("met" if met else "NOT met")
            print(f"{name:<50}{figure:>24}  {target:<10}{mark}")


if __name__ == "__main__":
    main()
