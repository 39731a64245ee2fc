"""HTTP figures against live uvicorn workers started as the README starts the service.

Rates are measured with wrk. The machine may be shared, so every comparison alternates rounds
between the two servers, reports the median and the spread (lowest to highest), and also counts
the CPU time each server process used per request, which other load on the machine disturbs
far less than a rate does.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from bench.mix import entries
from tests.http_clients import free_port

ROOT = Path(__file__).resolve().parent.parent
# What the README's serve command and the Dockerfile pass to uvicorn.
SERVE_OPTIONS = [
    "--http",
    "app.api.operations.connections:GuardedHttpToolsProtocol",
    "--log-config",
    "app/api/operations/logging.json",
    "--no-access-log",
]
BARE_APP, BARE_PATH = "bench.bare:app", "/bare"
SERVICE_APP, QUOTE_PATH = "app.main:app", "/v1/quotes"


@dataclass
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """Return the user and system CPU time the server process has used."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_memory_mib(self) -> float:
        """Return the peak resident memory of the process (Linux VmHWM)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024  # type: ignore[index]

    def memory_mib(self) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024  # type: ignore[index]


@contextmanager
def server(
    app: str = SERVICE_APP, env: dict[str, str] | None = None, stderr: int | None = None
) -> Iterator[Server]:
    """Run `app` on one uvicorn worker on 127.0.0.1 as the README does; yield it."""
    port = free_port()
    command = [sys.executable, "-m", "app.cli", "serve", "--app", app, "--port", str(port)]
    with started(command, port, ROOT, {**os.environ, **(env or {})}, stderr) as running:
        yield running


@contextmanager
def started(
    command: list[str],
    port: int,
    folder: Path,
    env: dict[str, str],
    stderr: int | None = None,
    cores: set[int] | None = None,
) -> Iterator[Server]:
    """Run a server `command` from `folder` until it answers on `port` (on `cores` only, if
    given); yield it, and stop it afterwards."""
    process = subprocess.Popen(
        command,
        cwd=folder,
        stderr=subprocess.DEVNULL if stderr is None else stderr,
        env=env,
        preexec_fn=None if cores is None else lambda: os.sched_setaffinity(0, cores),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.post(f"{url}{BARE_PATH}", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{shlex.join(command[1:])} did not start") from None
                time.sleep(0.1)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def batch_seconds(url: str, count: int = 10_000, rounds: int = 5) -> list[float]:
    """Return the times to POST a batch of `count` sessions and read the answer."""
    body = orjson.dumps({"items": entries(count)})
    with httpx.Client(timeout=60) as client:
        times = [post_batch(client, url, body, count) for _ in range(rounds + 1)]
    return times[1:]  # the first warms up


def post_batch(client: httpx.Client, url: str, body: bytes, count: int) -> float:
    """POST a JSON batch of `count` entries and read the answer; return the seconds it took."""
    started = time.perf_counter()
    response = client.post(
        f"{url}/v1/quotes/batch", content=body, headers={"Content-Type": "application/json"}
    )
    elapsed = time.perf_counter() - started
    summary = response.json()["summary"]
    if response.status_code != 200 or summary["items"] != count:
        raise RuntimeError(f"batch failed: {response.status_code} {summary}")
    return elapsed


def lua_script(bodies: list[bytes]) -> str:
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


@dataclass
class Run:
    rate: float  # requests per second
    cpu_us: float  # server CPU microseconds per request
    failed: int  # non-2xx answers and socket errors


def wrk(server: Server, path: str, script: str, seconds: int, connections: int) -> Run:
    """Drive `path` with wrk for `seconds`; return the rate and the server's CPU per request."""
    cpu = server.cpu_seconds()
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, server.url + path],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    cpu = server.cpu_seconds() - cpu
    done = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(bad[1]) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    return Run(rate, cpu / max(done, 1) * 1e6, failed)


def compare(
    service: Server, bare: Server, rounds: int, seconds: int, connections: int
) -> tuple[list[Run], list[Run]]:
    """Return quote runs and bare runs, alternating which goes first in each round."""
    bodies = [orjson.dumps(body) for body in entries(200, seed=11)]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(bodies))
    try:
        wrk(service, QUOTE_PATH, script.name, 1, connections)  # warm up both
        wrk(bare, BARE_PATH, script.name, 1, connections)
        quotes, bares = [], []
        for round_ in range(rounds):
            pair = [(service, QUOTE_PATH, quotes), (bare, BARE_PATH, bares)]
            for target, path, runs in pair if round_ % 2 == 0 else pair[::-1]:
                runs.append(wrk(target, path, script.name, seconds, connections))
        return quotes, bares
    finally:
        os.unlink(script.name)


def spread(values: list[float], fmt: str = "{:,.0f}") -> str:
    """Return 'median (lowest–highest)'."""
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{fmt.format(middle)} ({fmt.format(low)}-{fmt.format(high)})"


def have_wrk() -> bool:
    return shutil.which("wrk") is not None
