"""Print the service's performance figures against their targets: `python -m bench`.

HTTP rates need `wrk` (apt-get install wrk). On a shared machine absolute figures move with the
other load; ratios are measured inside one run, in alternating rounds, with their spread.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics

from app.engine import compiled_modules, load_policies
from bench import engine, startup, stream, web
from bench.probes import print_rows

Row = tuple[str, str, str, bool | None]

TARGETS = {
    "engine": 60_000,  # quotes per CPU-second, one core
    "long": 0.001,  # seconds for one 31-day session
    "batch": 0.3,  # seconds for a 10,000-entry batch over HTTP
    "ratio": 0.8,  # POST /v1/quotes rate over a bare FastAPI app's
}


def engine_rows() -> list[Row]:
    book = load_policies()
    rates = engine.quotes_per_cpu_second(book)
    long, short = engine.long_against_short(book)
    best = max(rates)
    return [
        (
            "1. engine quotes per CPU-second, one core",
            f"{best:,.0f}",
            f">= {TARGETS['engine']:,}",
            best >= TARGETS["engine"],
        ),
        ("   rounds: median (lowest-highest)", web.spread(rates), "", None),
        ("2. one 31-day session", f"{long * 1000:.3f} ms", "<= 1 ms", long <= TARGETS["long"]),
        ("   ratio to a 1-hour session", f"{long / short:.1f}x", "small", None),
    ]


def http_rows(rounds: int, seconds: int, connections: int) -> list[Row]:
    rows: list[Row] = []
    with web.server() as service:
        batch = web.batch_seconds(service.url)
        best = min(batch)
        rows += [
            (
                "3. batch of 10,000 over HTTP, best",
                f"{best:.3f} s",
                f"<= {TARGETS['batch']} s",
                best <= TARGETS["batch"],
            ),
            ("   rounds: median (lowest-highest)", web.spread(batch, "{:.3f}"), "", None),
        ]
        if not web.have_wrk():
            rows.append(("4. HTTP req/s", "skipped", "install wrk (apt-get install wrk)", None))
        else:
            with web.server(web.BARE_APP) as bare:
                quotes, bares = web.compare(service, bare, rounds, seconds, connections)
            ratio = statistics.median(q.rate / b.rate for q, b in zip(quotes, bares, strict=True))
            cpu_ratio = statistics.median(b.cpu_us for b in bares) / statistics.median(
                q.cpu_us for q in quotes
            )
            failed = sum(run.failed for run in quotes + bares)
            rows += [
                (
                    "4. POST /v1/quotes req/s, 1 worker",
                    web.spread([q.rate for q in quotes]),
                    "",
                    None,
                ),
                (
                    "   bare FastAPI app req/s (bench/bare.py)",
                    web.spread([b.rate for b in bares]),
                    "",
                    None,
                ),
                (
                    "   ratio quotes / bare, median of rounds",
                    f"{ratio:.2f}",
                    f">= {TARGETS['ratio']}",
                    ratio >= TARGETS["ratio"],
                ),
                (
                    "   server CPU us per quote",
                    web.spread([q.cpu_us for q in quotes], "{:.0f}"),
                    "",
                    None,
                ),
                (
                    "   server CPU us per bare request",
                    web.spread([b.cpu_us for b in bares], "{:.0f}"),
                    "",
                    None,
                ),
                (
                    "   ratio by CPU per request, bare / quote",
                    f"{cpu_ratio:.2f}",
                    f">= {TARGETS['ratio']}",
                    cpu_ratio >= TARGETS["ratio"],
                ),
                ("   failed answers", str(failed), "0", failed == 0),
            ]
        rows.append(
            ("5. server peak memory (VmHWM)", f"{service.peak_memory_mib():.0f} MiB", "", None)
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=6, help="alternating wrk rounds per server")
    parser.add_argument("--seconds", type=int, default=4, help="length of each wrk round")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--profile", action="store_true", help="profile the engine mix and stop")
    parser.add_argument(
        "--stream-entries",
        type=int,
        default=1_000_000,
        help="entries of each mix's streamed month (0 to leave them out; they take minutes)",
    )
    args = parser.parse_args()
    if args.profile:
        engine.profile(load_policies())
        return
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load:.1f} at the start"
    )
    compiled = compiled_modules()
    print(
        f"engine: compiled with mypyc ({', '.join(compiled)})"
        if compiled
        else "engine: Python, not compiled (docs/development.md: BILLING_COMPILE=1)"
    )
    rows = engine_rows() + http_rows(args.rounds, args.seconds, args.connections)
    if args.stream_entries:
        for mix in stream.MIXES:
            rows += stream.stream_rows(args.stream_entries, ["ticket", "none"], mix)
    rows += startup.startup_rows()
    print_rows(rows)


if __name__ == "__main__":
    main()
