"""Engine figures: quotes per second on one core, and a 31-day session against a 1-hour one."""

from __future__ import annotations

import statistics
import time

from app.engine import PolicyBook, QuoteRequest, quote
from bench.mix import entries, long_session


def quotes_per_cpu_second(book: PolicyBook, count: int = 20_000, rounds: int = 5) -> list[float]:
    """Return the rate of each pass through the mix, per second of this process's CPU time.

    Requests are parsed beforehand. CPU time rather than wall time, so that other processes on
    a shared machine do not count against the engine.
    """
    requests = [QuoteRequest.model_validate(body) for body in entries(count)]
    for request in requests:
        quote(request, book)
    rates = []
    for _ in range(rounds):
        started = time.process_time()
        for request in requests:
            quote(request, book)
        rates.append(count / (time.process_time() - started))
    return rates


def seconds_per_quote(book: PolicyBook, body: dict[str, object], runs: int = 2_000) -> float:
    """Return the median time of one quote of `body`."""
    request = QuoteRequest.model_validate(body)
    quote(request, book)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        quote(request, book)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def long_against_short(book: PolicyBook) -> tuple[float, float]:
    """Return the median seconds of a 31-day and of a 1-hour out-of-hours session."""
    return seconds_per_quote(book, long_session(31)), seconds_per_quote(
        book, {**long_session(1), "end": "2026-03-01T07:00:00+01:00"}
    )


def profile(book: PolicyBook, count: int = 20_000) -> None:
    """Print where the engine spends its time on the mix (needs pyinstrument)."""
    from pyinstrument import Profiler

    requests = [QuoteRequest.model_validate(body) for body in entries(count)]
    profiler = Profiler(interval=0.0001)
    with profiler:
        for request in requests:
            quote(request, book)
    print(profiler.output_text(show_all=False))
