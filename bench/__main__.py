"""Print the service's performance figures: `python -m bench` (needs `wrk` for HTTP rates)."""

from __future__ import annotations

import argparse
import os
import platform

from app.engine import load_policies
from bench import engine, web


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument(
        "--profile", action="store_true", help="print a pyinstrument profile of the engine mix"
    )
    args = parser.parse_args()
    if args.profile:
        engine.profile(load_policies())
        return

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    book = load_policies()
    rate = engine.quotes_per_second(book)
    long, short = engine.long_against_short(book)
    rows = [
        (
            "1. engine quotes/s, one core, mixed sessions",
            f"{rate:,.0f}",
            ">= 50,000",
            rate >= 50_000,
        ),
        ("2. one 31-day session", f"{long * 1000:.3f} ms", "<= 1 ms", long <= 0.001),
        ("   ratio to a 1-hour session", f"{long / short:.1f}x", "small", None),
    ]
    with web.server() as (url, pid):
        batch = web.batch_seconds(url)
        rows.append(("3. batch of 10,000 over HTTP", f"{batch:.3f} s", "<= 0.5 s", batch <= 0.5))
        if web.have_wrk():
            bare, quotes, errors = web.compare_rates(url, args.seconds, args.connections, rounds=3)
            ratio = quotes / bare
            rows += [
                ("4. POST /v1/quotes req/s, 1 worker", f"{quotes:,.0f}", "", None),
                ("   bare FastAPI endpoint req/s", f"{bare:,.0f}", "", None),
                ("   ratio quotes / bare", f"{ratio:.2f}", ">= 0.80", ratio >= 0.8),
            ]
            if errors:
                rows.append(("   non-2xx answers", str(errors), "0", False))
        else:
            rows.append(("4. HTTP req/s", "skipped", "install wrk (apt-get install wrk)", None))
        memory = web.peak_memory_mib(pid)
        rows.append(("5. server peak memory (VmHWM)", f"{memory:.0f} MiB", "", None))

    width = max(len(r[0]) for r in rows)
    for name, figure, target, met in rows:
        mark = "" if met is None else ("  met" if met else "  NOT met")
        print(f"{name:<{width}}  {figure:>12}  {target:<12}{mark}")


if __name__ == "__main__":
    main()
