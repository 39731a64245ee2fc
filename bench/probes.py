"""What an ordinary client sees of a live server while something else happens to it."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import httpx

from bench.mix import entries

QUOTE = entries(1)[0]
MIB = 1024 * 1024


def say(what: str, figure: object) -> None:
    print(f"  {what:<52} {figure}")


def latencies(
    url: str, seconds: float, path: str = "/v1/quotes", while_: Callable[[], bool] | None = None
) -> list[float]:
    """Send one request after another for `seconds` (or while `while_()` holds, at most 120 s);
    return each one's seconds."""
    times = []
    deadline = time.monotonic() + (120 if while_ else seconds)
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < deadline and (while_ is None or while_()):
            started = time.perf_counter()
            if path == "/healthz":
                response = client.get(url + path)
            else:
                response = client.post(url + path, json=QUOTE)
            response.raise_for_status()
            times.append(time.perf_counter() - started)
    return times


def post_batch(url: str, body: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    return httpx.post(url + "/v1/quotes/batch", content=body, headers=headers, timeout=120)


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms ({len(ordered)} requests)"
    )


Row = tuple[str, str, str, bool | None]


def print_rows(rows: list[Row], figure_width: int = 24) -> None:
    """Print figures beside their targets, each "met" or "NOT met" as measured."""
    width = max(len(row[0]) for row in rows)
    for name, figure, target, met in rows:
        mark = "" if met is None else ("  met" if met else "  NOT met")
        print(f"{name:<{width}}  {figure:>{figure_width}}  {target:<10}{mark}")
