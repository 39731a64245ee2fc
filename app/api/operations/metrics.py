"""The service's Prometheus metrics, all defined here, and their exposition.

With several workers (`billing-quote serve --workers N`), set `PROMETHEUS_MULTIPROC_DIR` to a
folder the workers share (serve empties it before they start): prometheus-client then keeps each
worker's values in files there and `/metrics`, whichever worker answers it, adds them up. Each
scrape first drops the live gauges of workers that died without stopping (SIGKILL), so in-flight
requests are those of live workers only.
"""

from __future__ import annotations

import collections
import hashlib
import os
import platform
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics import MetricWrapperBase

from app.engine import Quote
from app.version import VERSION

METRICS_PATH = "/metrics"
MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
UNMATCHED = "(unmatched)"  # requests no route answers share one label, so labels stay few

REQUEST_SECONDS = Histogram(
    "billing_quote_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status; "
    "its _count is the number of requests.",
    ["route", "method", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_FLIGHT = Gauge(
    "billing_quote_http_requests_in_flight",
    "HTTP requests being answered now.",
    multiprocess_mode="livesum",
)
QUOTES = Counter(
    "billing_quote_quotes",
    "Quotes made (single or in a batch), by policy and coverage.",
    ["policy", "coverage"],
)
BATCH_ENTRIES = Histogram(
    "billing_quote_batch_entries",
    "Entries in a batch request.",
    buckets=(1, 10, 50, 100, 500, 1000, 2500, 5000, 10000, 50000),
)
BATCH_SECONDS = Histogram(
    "billing_quote_batch_duration_seconds",
    "Time to read, quote and encode a batch.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
PROBLEMS = Counter(
    "billing_quote_problems",
    "Problem documents answered, by HTTP status (the kind of problem).",
    ["status"],
)
BUILD_INFO = Gauge(
    "billing_quote_build_info",
    "Always 1; the labels say which version runs on which Python.",
    ["version", "python"],
    multiprocess_mode="livemax",
)
POLICY_INFO = Gauge(
    "billing_quote_policy_info",
    "Always 1 for each loaded policy; sha256 is its file's, to tell which terms are live.",
    ["policy", "sha256"],
    multiprocess_mode="livemax",
)

ANSWERS_ABORTED = Counter(
    "billing_quote_answers_aborted",
    "Answers cut off after their start was sent, by reason: error (the app failed mid-answer), "
    "disconnect (the client went away), incomplete (ended without its end), or the reason the "
    "layer that cut it gave (write timeout, no space left).",
    ["reason"],
)
DROPPED_LOG_LINES = Counter(
    "billing_quote_log_lines_dropped",
    "Log lines dropped because the log reader lagged and the bounded log queue was full.",
)

# Label lookups take a lock and hash the label values; the hot path keeps the children it made.
_request_children: dict[tuple[str, str, int | str], MetricWrapperBase] = {}
_quote_children: dict[tuple[str, str], MetricWrapperBase] = {}
_dropped_seen = 0


def observe_request(route: str, method: str, status: int | str, seconds: float) -> None:
    """Record one answered request (its status `aborted` when it was cut off)."""
    key = (route, method, status)
    child = _request_children.get(key)
    if child is None:
        child = _request_children[key] = REQUEST_SECONDS.labels(route, method, str(status))
    child.observe(seconds)  # type: ignore[attr-defined]


def count_quote(policy: str, coverage: str, quotes: int = 1) -> None:
    """Count quotes made of one policy and coverage."""
    key = (policy, coverage)
    child = _quote_children.get(key)
    if child is None:
        child = _quote_children[key] = QUOTES.labels(policy, coverage)
    child.inc(quotes)  # type: ignore[attr-defined]


def count_quotes(quotes: Iterable[Quote | None]) -> None:
    """Count the quotes of a batch's results (None where an entry failed), once per label."""
    tally = collections.Counter(
        (quote.policy, quote.coverage) for quote in quotes if quote is not None
    )
    for (policy, coverage), made in tally.items():
        count_quote(policy, coverage, made)


def count_dropped_log_lines(total: int) -> None:
    """Bring the counter up to the log pipeline's running total of dropped lines."""
    global _dropped_seen
    if total != _dropped_seen:
        DROPPED_LOG_LINES.inc(total - _dropped_seen)
        _dropped_seen = total


def count_aborted(reason: str) -> None:
    """Count an answer cut off after its start was sent."""
    ANSWERS_ABORTED.labels(reason).inc()


def count_problem(status: int) -> None:
    PROBLEMS.labels(str(status)).inc()


def observe_batch(entries: int, seconds: float) -> None:
    BATCH_ENTRIES.observe(entries)
    BATCH_SECONDS.observe(seconds)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def describe_build(policy_files: Iterable[Path]) -> None:
    """Publish the version, the Python and each loaded policy file's hash."""
    BUILD_INFO.labels(VERSION, platform.python_version()).set(1)
    for path in policy_files:
        POLICY_INFO.labels(path.stem, file_sha256(path)).set(1)


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROCESS_DIR_VARIABLE) or None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped by uvicorn's supervisor) is dead too
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def forget_dead_workers(folder: str) -> None:
    """Remove the live gauges (in flight, build info) of workers that died without saying so
    (SIGKILL, out of memory), as a worker that stops does for itself; their counters stay."""
    for path in Path(folder).glob("gauge_live*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            multiprocess.mark_process_dead(int(pid), folder)  # type: ignore[no-untyped-call]


def exposition() -> bytes:
    """Return every metric in the Prometheus text format, summed over workers if several."""
    folder = multiprocess_dir()
    if folder is None:
        return generate_latest(REGISTRY)
    forget_dead_workers(folder)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def worker_stopped() -> None:
    """Drop this worker's live gauges (in flight, build info) from the shared folder."""
    folder = multiprocess_dir()
    if folder is not None:
        multiprocess.mark_process_dead(os.getpid(), folder)  # type: ignore[no-untyped-call]
