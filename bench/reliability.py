"""Hostile and heavy clients against a live server: `python -m bench.reliability`.

Each section starts its own uvicorn worker as the README does (one worker, 127.0.0.1), does one
thing the service must survive, and prints what it measured. Every section is bounded in time;
the first six take about three minutes with the defaults and need `wrk` for HTTP load (peak,
logs); the cheap clients against batches (sections 7-14, `bench/hostile_batches.py`; all of
them by the name hostile-batches) about four more.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial

import httpx
import orjson

from bench import hostile_batches, web
from bench.mix import entries
from bench.probes import MIB, QUOTE, latencies, percentiles, post_batch, say

Section = Callable[[argparse.Namespace], None]


_COUNTING_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) server_errors = 0; client_errors = 0; i = 0 end
local good = [==[GOOD]==]
local bad = [==[{"policy": "vmi-se", "start": "yesterday", "channel": "fax"}]==]
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  i = i + 1
  if i % 20 == 0 then return wrk.format(nil, nil, nil, bad) end
  return wrk.format(nil, nil, nil, good)
end
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1
  elseif status >= 400 then client_errors = client_errors + 1 end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("5xx %d 4xx %d\\n", t:get("server_errors"), t:get("client_errors")))
  end
end
"""


def _counted_load(
    server: web.Server, seconds: int, connections: int
) -> tuple[int, float, str, str]:
    """Drive quotes (every 20th body invalid) with wrk; return answers, rate, 5xx and 4xx."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(_COUNTING_LUA.replace("GOOD", orjson.dumps(QUOTE).decode()))
        lua.flush()
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", lua.name]
        out = subprocess.run(
            [*command, server.url + "/v1/quotes"],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    answered = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    counts = re.search(r"5xx (\d+) 4xx (\d+)", out)
    return answered, rate, counts[1] if counts else "?", counts[2] if counts else "?"


def peak_load(args: argparse.Namespace) -> None:
    """Full speed for a while with 5 % invalid bodies: answers, server errors, memory."""
    print(f"1. {args.peak_seconds} s at full speed, 5 % invalid bodies, 32 connections")
    with web.server() as server:
        before = server.memory_mib()
        answered, rate, server_errors, client_errors = _counted_load(server, args.peak_seconds, 32)
        after = server.memory_mib()
    say("answers", f"{answered:,} ({rate:,.0f} req/s)")
    say("server errors (5xx)", server_errors)
    say("refused invalid bodies (4xx)", client_errors)
    say("RSS before, after", f"{before:.0f} MiB, {after:.0f} MiB")


def _attack_bodies(size: int) -> dict[str, bytes]:
    room = size - 64
    return {
        "objects inside a batch item, at the budget": b'{"items":[{"junk":['
        + b",".join([b"{}"] * (room // 64 - 8))
        + b"]}]}",
        "values inside a batch item, at the budget": b'{"items":[{"junk":['
        + b",".join([b"0"] * (room // 16 - 8))
        + b"]}]}",
        "objects and arrays past the budget": b'{"items":['
        + b",".join([b"[{}]"] * (room // 5))
        + b"]}",
        "a million unknown fields": b'{"items":[{'
        + b",".join(b'"f%d":0' % n for n in range(1_000_000))
        + b"}]}",
        "nesting 8 million levels deep": b'{"items":['
        + b"[" * (room // 2 - 16)
        + b"]" * (room // 2 - 16)
        + b"]}",
        "160,000 valid items (past the item limit)": b'{"items":['
        + b",".join([orjson.dumps(QUOTE)] * (room // (len(orjson.dumps(QUOTE)) + 1)))
        + b"]}",
    }


def big_bodies(args: argparse.Namespace) -> None:
    """One 16 MiB body at a time: worker time, extra memory at the peak and after, answer size."""
    print(
        "2. one 16 MiB body of nested objects/arrays, values or unknown fields (fresh worker each)"
    )
    for name, body in _attack_bodies(16 * MIB).items():
        with web.server() as server:
            httpx.post(server.url + "/v1/quotes", json=QUOTE)
            base, peak_before = server.memory_mib(), server.peak_memory_mib()
            cpu = server.cpu_seconds()
            started = time.perf_counter()
            response = post_batch(server.url, body)
            elapsed = time.perf_counter() - started
            cpu = server.cpu_seconds() - cpu
            time.sleep(1)
            extra = max(0.0, server.peak_memory_mib() - max(base, peak_before))
            kept = server.memory_mib() - base
        print(f"  {name} ({len(body) / MIB:.1f} MiB)")
        say("  answer", f"{response.status_code}, {len(response.content):,} bytes")
        say("  time, worker CPU", f"{elapsed:.2f} s, {cpu:.2f} s")
        say("  extra RSS at the peak, kept a second later", f"{extra:.0f} MiB, {kept:.0f} MiB")


def _stream_forever(url: str, head: bytes, filler: bytes, seconds: float) -> tuple[float, str]:
    """Send `head`, then `filler` without end, until the server answers or closes (at most
    `seconds`); return how long that took and the status line."""
    host, port = url.removeprefix("http://").split(":")
    started = time.monotonic()
    answer = "no answer"
    with socket.create_connection((host, int(port)), timeout=seconds) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        while time.monotonic() - started < seconds:
            try:
                data = sock.recv(200)
                answer = data.split(b"\r\n")[0].decode() if data else "connection closed"
                break
            except BlockingIOError:
                pass
            except OSError as error:
                answer = f"connection closed ({error.__class__.__name__})"
                break
            try:
                sock.send(filler)
            except BlockingIOError:
                time.sleep(0.001)
            except OSError as error:
                answer = f"connection closed ({error.__class__.__name__})"
                break
        return time.monotonic() - started, answer


def endless_head(args: argparse.Namespace) -> None:
    """A client streams a header or URL without end while another asks for quotes."""
    print("3. one client streaming a header or a URL without end")
    cases = {
        "header": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Endless: ", b"a" * 4096),
        "URL": (b"GET /", b"a" * 4096),
    }
    for name, (head, filler) in cases.items():
        with web.server() as server:
            cpu = server.cpu_seconds()
            cut, answer = _stream_forever(server.url, head, filler, args.hostile_seconds)
            cpu = server.cpu_seconds() - cpu
            times = latencies(server.url, 2)
            say(f"endless {name}: cut off after", f"{cut:.2f} s with {answer!r}")
            say("  worker CPU meanwhile", f"{cpu:.2f} s")
            say("  quotes right after", percentiles(times))
        with web.server() as server:
            stop = threading.Event()

            def attack(
                url: str = server.url,
                head: bytes = head,
                filler: bytes = filler,
                stop: threading.Event = stop,
            ) -> None:
                while not stop.is_set():
                    _stream_forever(url, head, filler, 2)

            attacker = threading.Thread(target=attack, daemon=True)
            attacker.start()
            times = latencies(server.url, args.hostile_seconds)
            stop.set()
            attacker.join(timeout=10)
            say(f"  quotes while endless {name}s keep coming", percentiles(times))


def idle_connections(args: argparse.Namespace) -> None:
    """Many connections that send nothing, then a new client."""
    count = args.idle_connections
    print(f"4. {count:,} idle connections, then a new client (BILLING_HEADER_TIMEOUT=3 s)")
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))
    with (
        tempfile.TemporaryFile("w+") as log,
        web.server(
            env={"BILLING_HEADER_TIMEOUT": "3", "BILLING_MAX_CONNECTIONS": str(count - 200)},
            stderr=log.fileno(),
        ) as server,
    ):
        host, port = server.url.removeprefix("http://").split(":")
        socks = []
        for _ in range(count):
            try:
                socks.append(socket.create_connection((host, int(port)), timeout=5))
            except OSError:
                break
        time.sleep(0.5)
        shed = 0
        for sock in socks:
            sock.setblocking(False)
            try:
                if sock.recv(100).startswith(b"HTTP/1.1 503"):
                    shed += 1
            except (BlockingIOError, OSError):
                pass
        say("connections opened", len(socks))
        say("answered 503 at once (past BILLING_MAX_CONNECTIONS)", shed)
        started = time.perf_counter()
        status = httpx.post(server.url + "/v1/quotes", json=QUOTE, timeout=10).status_code
        say(
            "a new client meanwhile", f"{status} in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        time.sleep(4)
        closed = 0
        for sock in socks:
            try:
                data = sock.recv(200)
                closed += (
                    data == b""
                    or data.startswith(b"HTTP/1.1 408")
                    or data.startswith(b"HTTP/1.1 503")
                )
            except (BlockingIOError, OSError):
                pass
            sock.close()
        say("closed by the server after the header timeout", closed)
        log.seek(0)
        warnings = [line for line in log if '"WARNING"' in line]
        say("warnings logged", f"{len(warnings)}: {warnings[0].strip()[:110] if warnings else ''}")


def _alive(threads: list[threading.Thread]) -> bool:
    return any(thread.is_alive() for thread in threads)


def batches_and_quotes(args: argparse.Namespace) -> None:
    """Five 10,000-entry batches at once while a client asks for single quotes and health."""
    print("5. 5 concurrent batches of 10,000 entries; single quotes and /healthz meanwhile")
    body = orjson.dumps({"items": entries(10_000)})
    with web.server() as server:
        statuses: list[int] = []
        durations: list[float] = []

        def batch() -> None:
            started = time.perf_counter()
            response = post_batch(server.url, body)
            statuses.append(response.status_code)
            durations.append(time.perf_counter() - started)

        for rounds in range(2):
            senders = [threading.Thread(target=batch) for _ in range(5)]
            for sender in senders:
                sender.start()
            path = "/v1/quotes" if rounds == 0 else "/healthz"
            times = latencies(server.url, 0, path, while_=partial(_alive, senders))
            for sender in senders:
                sender.join(timeout=120)
            what = "single quotes" if rounds == 0 else "/healthz"
            say(f"{what} while the batches run", percentiles(times))
        say("batch answers", f"{statuses}")
        say("batch durations", web.spread(durations, "{:.2f}") + " s")


def stalled_log_reader(args: argparse.Namespace) -> None:
    """The server's stderr is a pipe nobody reads."""
    seconds = args.peak_seconds // 2 or 1
    print(f"6. stderr piped to a reader that never reads, {seconds} s of requests")
    read_end, write_end = os.pipe()
    try:
        with web.server(stderr=write_end) as server:
            answered, _, server_errors, _ = _counted_load(server, seconds, 8)
            health = httpx.get(server.url + "/healthz", timeout=5).status_code
            metrics = httpx.get(server.url + "/metrics", timeout=5)
        say("requests answered", f"{answered:,}, {server_errors} 5xx (then /healthz {health})")
        dropped = re.findall(r"^billing_quote\w*dropped\w* ([\d.e+]+)$", metrics.text, re.M)
        say("dropped log lines (from /metrics)", dropped[0] if dropped else "not exported here")
    finally:
        os.close(read_end)
        os.close(write_end)


SECTIONS: dict[str, Section] = {
    "peak": peak_load,
    "bodies": big_bodies,
    "heads": endless_head,
    "idle": idle_connections,
    "batches": batches_and_quotes,
    "logs": stalled_log_reader,
    **hostile_batches.SECTIONS,
}
GROUPS = {"hostile-batches": list(hostile_batches.SECTIONS)}
NEEDS_WRK = {"peak", "logs"}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability", description=__doc__)
    names = ", ".join([*SECTIONS, *GROUPS])
    parser.add_argument("sections", nargs="*", help=f"some of {names}; default: all")
    parser.add_argument(
        "--only", action="append", default=[], metavar="SECTION", help="the same as naming it"
    )
    parser.add_argument(
        "--peak-seconds", type=int, default=20, help="length of the load runs (the issue: 60)"
    )
    parser.add_argument("--hostile-seconds", type=float, default=5, help="length of an attack")
    parser.add_argument("--idle-connections", type=int, default=1200)
    parser.add_argument(
        "--attack-seconds",
        type=float,
        default=12,
        help="how long slow senders and non-readers stay connected",
    )
    args = parser.parse_args()
    chosen = [
        name for given in args.sections + args.only for name in GROUPS.get(given, [given])
    ] or list(SECTIONS)
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {names}")
    if NEEDS_WRK & set(chosen) and not web.have_wrk():
        raise SystemExit("needs wrk: apt-get install wrk")
    print(f"load average {os.getloadavg()[0]:.1f} at the start; figures from one worker")
    for name in chosen:
        SECTIONS[name](args)


if __name__ == "__main__":
    main()
