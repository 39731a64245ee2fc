"""A streamed month quoted, then re-rated and checked: `python -m bench.compare`.

Writes a month of NDJSON entries (the first mix of `bench.stream`, each entry carrying the minutes
a PSA billed), posts it to a fresh worker once as a plain quoting and once as a second opinion
(`compare_on`, a re-rating under the version in force on another day, and `check_billed=true`),
in alternating rounds, and prints the time of each, their ratio against the target (at most
2.5 times one quoting) and each worker's peak memory (at most 400 MiB).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import tempfile
from pathlib import Path

import orjson

from bench.probes import print_rows
from bench.stream import TARGET_MIB, month, run
from bench.web import server

TARGET_RATIO = 2.5
OPINION = "&compare_on=2027-01-01&check_billed=true"


def write_billed_month(path: Path, count: int) -> None:
    """Write the month gzip-compressed, each entry billed at a round hour."""
    with gzip.open(path, "wb", compresslevel=1) as out:
        for entry in month(count):
            out.write(orjson.dumps({**entry, "billed_minutes": 60}) + b"\n")


def once(path: Path, group_by: str, params: str) -> tuple[float, float, dict[str, object]]:
    with server() as service:
        seconds, _, summary = run(service.url, path, group_by, params)
        return seconds, service.peak_memory_mib(), summary


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--group-by", choices=["ticket", "none"], default="ticket")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "month.ndjson.gz"
        write_billed_month(path, args.entries)
        plain: list[float] = []
        judged: list[float] = []
        peaks: list[float] = []
        checked: dict[str, object] = {}
        for _ in range(args.rounds):
            plain.append(once(path, args.group_by, "")[0])
            seconds, peak, summary = once(path, args.group_by, OPINION)
            judged.append(seconds)
            peaks.append(peak)
            checked = summary
    ratio = statistics.median(j / p for j, p in zip(judged, plain, strict=True))
    billed = checked.get("billed", {})
    rows = [
        (f"second opinion on a streamed month of {args.entries:,} entries, "
         f"group_by={args.group_by}", "", "", None),
        ("   quoting, median of rounds", f"{statistics.median(plain):.1f} s", "", None),
        ("   re-rating and checking, median", f"{statistics.median(judged):.1f} s", "", None),
        ("   ratio, median of rounds", f"{ratio:.2f}x", f"<= {TARGET_RATIO}x",
         ratio <= TARGET_RATIO),
        ("   server peak RSS (VmHWM), highest", f"{max(peaks):.0f} MiB", f"<= {TARGET_MIB}",
         max(peaks) <= TARGET_MIB),
        ("   outcomes (agrees, over, under)", str(tuple(billed.values())[:3]), "", None),
    ]  # fmt: skip
    print_rows(rows, figure_width=16)


if __name__ == "__main__":
    main()
