"""Engine figures: quotes per second on one core, and a 31-day session against a 1-hour one."""

from __future__ import annotations

import statistics
import time

from app.engine import PolicyBook, QuoteRequest, quote
from bench.mix import entries, long_session


def quotes_per_second(book: PolicyBook, count: int = 20_000, rounds: int = 5) -> float:
    """Return the best rate over `rounds` passes through the mix (requests parsed beforehand)."""
    requests = [QuoteRequest.model_validate(body) for body in entries(count)]
    for request in requests:
        quote(request, book)
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        for request in requests:
            quote(request, book)
        best = max(best, count / (time.perf_counter() - started))
    return best


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
