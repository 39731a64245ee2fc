"""What recording metrics costs a request: `python -m bench.metrics`.

Times (1) the calls a quote request makes to the metrics (in flight up and down, one latency
observation, one quote count), in one process and in prometheus-client's multiprocess mode, and
(2) POST /v1/quotes through the whole ASGI app in process, with those calls and with them
replaced by no-ops, alternating rounds so the machine's noise falls on both alike.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from bench.mix import entries
from tests.http_clients import post_scope

CALLS = 200_000
REQUESTS = 2_000
ROUNDS = 11


def hook_microseconds() -> float:
    """Return the median cost of one request's metric calls, in microseconds."""
    from app.api.operations import metrics

    def one_pass() -> float:
        started = time.perf_counter()
        for _ in range(CALLS):
            metrics.IN_FLIGHT.inc()
            metrics.count_quote("alesund-data-no", "billable")
            metrics.IN_FLIGHT.dec()
            metrics.observe_request("/v1/quotes", "POST", 200, 0.0002)
        return (time.perf_counter() - started) / CALLS * 1e6

    one_pass()
    return statistics.median(one_pass() for _ in range(ROUNDS))


class _Off:
    def inc(self) -> None: ...

    def dec(self) -> None: ...


@contextmanager
def metrics_off() -> Iterator[None]:
    """Replace every call a quote request makes to the metrics by a no-op."""
    from app.api.operations import metrics
    from app.api.routes import quotes as quote_route

    def nothing(*_: Any) -> None:
        return None

    # The quote is counted where both paths make it (the route's answer_quote).
    patches = [
        (metrics, "IN_FLIGHT", _Off()),
        (metrics, "observe_request", nothing),
        (quote_route, "count_quote", nothing),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, replacement in patches:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def _asgi_round(app: Any, bodies: list[bytes]) -> float:
    """Return microseconds per POST /v1/quotes answered by the app in process."""

    async def one(body: bytes) -> None:
        scope = post_scope(
            "/v1/quotes", "application/json", headers=[(b"content-length", b"%d" % len(body))]
        )
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                assert message["status"] == 200, message

        await app(scope, receive, send)

    async def run() -> float:
        started = time.perf_counter()
        for body in bodies:
            await one(body)
        return (time.perf_counter() - started) / len(bodies) * 1e6

    return asyncio.run(run())


def request_microseconds() -> tuple[float, float]:
    """Return the median per-request time of POST /v1/quotes with and without metrics."""
    from app.api.application import create_app
    from app.api.settings import Settings

    app = create_app(Settings(log_level="WARNING"))  # no access lines: only the metrics differ
    bodies = [orjson.dumps(body) for body in entries(REQUESTS)]
    _asgi_round(app, bodies)
    on: list[float] = []
    off: list[float] = []
    for _ in range(ROUNDS):
        on.append(_asgi_round(app, bodies))
        with metrics_off():
            off.append(_asgi_round(app, bodies))
    return statistics.median(on), statistics.median(off)


def _figures() -> None:
    mode = "multiprocess" if os.environ.get("PROMETHEUS_MULTIPROC_DIR") else "one process"
    hook = hook_microseconds()
    on, off = request_microseconds()
    print(f"{mode:<13} metric calls per request {hook:6.2f} us")
    print(
        f"{mode:<13} POST /v1/quotes in process {on:6.1f} us with metrics, {off:6.1f} us "
        f"without: {on - off:+.1f} us ({(on - off) / off:+.1%})"
    )


def _in_subprocess(env: dict[str, str]) -> None:
    command = [sys.executable, "-c", "from bench.metrics import _figures; _figures()"]
    subprocess.run(command, env={**os.environ, **env}, check=True)


def main(run: Callable[[dict[str, str]], None] = _in_subprocess) -> None:
    run({})
    with tempfile.TemporaryDirectory() as folder:
        run({"PROMETHEUS_MULTIPROC_DIR": folder})


if __name__ == "__main__":
    main()
