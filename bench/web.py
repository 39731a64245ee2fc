"""HTTP figures: a 10,000-session batch, requests per second with wrk, server peak memory."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson

from bench.mix import entries

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def server() -> Iterator[tuple[str, int]]:
    """Run bench.server:app on one uvicorn worker on 127.0.0.1; yield its URL and pid."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.server:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def batch_seconds(url: str, count: int = 10_000, rounds: int = 3) -> float:
    """Return the best time to POST a batch of `count` sessions and read the answer."""
    body = orjson.dumps({"items": entries(count)})
    best = float("inf")
    with httpx.Client(timeout=60) as client:
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.post(
                f"{url}/v1/quotes/batch", content=body, headers={"Content-Type": "application/json"}
            )
            elapsed = time.perf_counter() - started
            summary = response.json()["summary"]
            if response.status_code != 200 or summary["items"] != count:
                raise RuntimeError(f"batch failed: {response.status_code} {summary}")
            best = min(best, elapsed)
    return best


def _lua_script(bodies: list[bytes]) -> str:
    """Return a wrk script that POSTs the bodies in turn."""
    quoted = ",\n".join("[==[" + body.decode() + "]==]" for body in bodies)
    return f"""
local bodies = {{
{quoted}
}}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
"""


def wrk_rate(url: str, path: str, seconds: int, connections: int) -> tuple[float, int]:
    """Return requests per second and the count of non-2xx answers for `path`."""
    bodies = [orjson.dumps(body) for body in entries(200, seed=11)]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua_script(bodies))
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url + path],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
        ).stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(errors[1]) if errors else 0


def compare_rates(
    url: str, seconds: int, connections: int, rounds: int
) -> tuple[float, float, int]:
    """Return the median req/s of the bare endpoint and of quotes, runs alternating, and errors."""
    wrk_rate(url, "/bench/constant", 2, connections)  # warm up both
    wrk_rate(url, "/v1/quotes", 2, connections)
    bare, quotes, errors = [], [], 0
    for _ in range(rounds):
        for path, rates in (("/bench/constant", bare), ("/v1/quotes", quotes)):
            rate, failed = wrk_rate(url, path, seconds, connections)
            rates.append(rate)
            errors += failed
    return statistics.median(bare), statistics.median(quotes), errors


def peak_memory_mib(pid: int) -> float:
    """Return the peak resident memory of a process (Linux VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024  # type: ignore[index]


def have_wrk() -> bool:
    return shutil.which("wrk") is not None
