"""Cheap clients against the batch routes, one section each (`python -m bench.reliability NAME`).

Each section starts a fresh worker as the README does (one worker, 127.0.0.1), warms it with a
quote and a batch, then attacks it for a bounded time and count while another client asks for
quotes (the next 10 ms after each answer) and sends one normal 10-entry batch. It prints what
that client saw, the worker's CPU and memory (RSS before, peak, after, and 5 s after), and its
open files and open deleted files (temporary files still held) before, after, and 5 s after.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import re
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench import web
from bench.mix import entries
from bench.probes import MIB, QUOTE, latencies, percentiles, say
from bench.stream import month

BATCH_PATH = "/v1/quotes/batch"
STREAMED = {"Content-Type": "application/x-ndjson", "Accept": "application/x-ndjson"}
NORMAL_BATCH = orjson.dumps({"items": entries(10, seed=3)})
CSV_HEAD = b"policy,ticket_id,customer_id,start,end,channel\n"
CSV_ROW = b"vmi-se,T-1,C-1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,remote\n"
SETTLE_SECONDS = 5  # how long after an attack the worker is looked at again
PACE = 0.01  # seconds between one answered quote and the next
Figures = list[tuple[str, object]]


@dataclass
class State:
    rss_mib: float
    files: int
    deleted: int


def open_files(pid: int) -> tuple[int, int]:
    """Return the process's open files and how many of them are deleted files."""
    files = deleted = 0
    for link in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(link)
        except OSError:  # closed while we looked
            continue
        files += 1
        deleted += target.endswith("(deleted)")
    return files, deleted


def state(server: web.Server) -> State:
    return State(server.memory_mib(), *open_files(server.pid))


def normal_batch(url: str, seconds: float = 20) -> str:
    """Send a 10-entry JSON batch; say its status and time."""
    started = time.perf_counter()
    try:
        response = httpx.post(
            url + BATCH_PATH,
            content=NORMAL_BATCH,
            headers={"Content-Type": "application/json"},
            timeout=seconds,
        )
    except httpx.HTTPError as error:
        return f"no answer ({error.__class__.__name__}) after {seconds:.0f} s"
    return f"{response.status_code} in {(time.perf_counter() - started) * 1000:.0f} ms"


class Watch:
    """Quotes, one 10 ms after each answer, and one normal batch on demand, during an attack."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stopped = threading.Event()
        self.times: list[float] = []
        self.failure = ""
        self.batch = "not sent (the attack ended first)"
        self._threads = [threading.Thread(target=self._quotes, daemon=True)]
        self._threads[0].start()

    def _quotes(self) -> None:
        try:
            # Paced, so the worker's CPU during an attack is mostly the attack's.
            self.times = latencies(self.url, 0, while_=lambda: not self.stopped.wait(PACE))
        except httpx.HTTPError as error:
            self.failure = f"a quote failed: {error.__class__.__name__} {error}"[:100]

    def batch_soon(self, delay: float) -> None:
        """Send the normal batch `delay` seconds from now, if the attack still runs."""

        def send() -> None:
            if not self.stopped.wait(delay):
                self.batch = normal_batch(self.url)

        self._threads.append(threading.Thread(target=send, daemon=True))
        self._threads[-1].start()

    def end(self) -> None:
        self.stopped.set()
        for thread in self._threads:
            thread.join(timeout=60)


Attack = Callable[[web.Server, Watch], Figures]


def under_attack(attack: Attack, aborted: bool = False) -> None:
    """Run `attack` against a fresh worker and print what it did to the worker and to others."""
    with web.server() as server:
        httpx.post(server.url + "/v1/quotes", json=QUOTE, timeout=10)
        normal_batch(server.url)
        before, cpu = state(server), server.cpu_seconds()
        watch = Watch(server.url)
        try:
            figures = attack(server, watch)
        finally:
            watch.end()
        cpu = server.cpu_seconds() - cpu
        after = state(server)
        time.sleep(SETTLE_SECONDS)
        later = state(server)
        batch_later = normal_batch(server.url)
        peak = server.peak_memory_mib()
        counted = aborted_answers(server.url) if aborted else ""
    for what, figure in figures:
        say(what, figure)
    say("quotes meanwhile", percentiles(watch.times) if watch.times else "none answered")
    if watch.failure:
        say("", watch.failure)
    say("a normal 10-entry batch meanwhile", watch.batch)
    say(f"a normal 10-entry batch {SETTLE_SECONDS} s after", batch_later)
    if aborted:
        say("answers aborted (billing_quote_answers_aborted_total)", counted)
    say("worker CPU during the attack (quotes included)", f"{cpu:.1f} s")
    say(
        f"RSS before, peak (VmHWM), after, {SETTLE_SECONDS} s after",
        f"{before.rss_mib:.0f}, {peak:.0f} (+{max(0.0, peak - before.rss_mib):.0f}), "
        f"{after.rss_mib:.0f}, {later.rss_mib:.0f} MiB",
    )
    say(
        f"open files (deleted) before, after, {SETTLE_SECONDS} s after",
        ", ".join(f"{s.files} ({s.deleted})" for s in (before, after, later)),
    )


def aborted_answers(url: str) -> str:
    """Return the count of aborted answers from /metrics, or n/a where it is not exported."""
    try:
        text = httpx.get(url + "/metrics", timeout=5).text
    except httpx.HTTPError as error:
        return f"n/a ({error.__class__.__name__})"
    found = re.findall(
        r"^billing_quote_answers_aborted_total(\{[^}]*\})? ([\d.e+]+)$", text, re.MULTILINE
    )
    if not found:
        return "n/a"
    total = sum(float(value) for _, value in found)
    parts = [f"{labels} {float(value):.0f}" for labels, value in found if labels]
    return f"{total:.0f}" + (f" ({', '.join(parts)})" if parts else "")


def gzip_of(parts: list[tuple[bytes, int]]) -> bytes:
    """Return the gzip file of each piece repeated its number of times, compressing each piece
    once: after a full flush deflate writes the same piece the same way every time."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [deflate.compress(b"") + deflate.flush(zlib.Z_FULL_FLUSH)]
    crc = size = 0
    for piece, times in parts:
        out.append((deflate.compress(piece) + deflate.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(piece, crc)
        size += len(piece) * times
    out.append(b"\x03\x00" + struct.pack("<II", crc, size & 0xFFFFFFFF))  # last block, trailer
    return b"".join(out)


def ndjson(items: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def csv_of(items: list[dict[str, Any]]) -> bytes:
    """Return entries as the CSV the batch page reads (dotted columns, `|` between causes)."""
    rows = [_flat(item) for item in items]
    columns = list(dict.fromkeys(column for row in rows for column in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _flat(value: Any, prefix: str = "") -> dict[str, str]:
    """Return a value's cells by dotted column name (`prefix` ends with a dot, or is empty)."""
    if isinstance(value, dict):
        return {
            k: v for key, inner in value.items() for k, v in _flat(inner, f"{prefix}{key}.").items()
        }
    if isinstance(value, list) and all(isinstance(inner, dict) for inner in value):
        return {
            k: v for i, inner in enumerate(value) for k, v in _flat(inner, f"{prefix}{i}.").items()
        }
    column = prefix.removesuffix(".")
    if isinstance(value, list):
        return {column: "|".join(value)}
    return {column: str(value).lower() if isinstance(value, bool) else str(value)}


def post(url: str, path: str, body: bytes, headers: dict[str, str], seconds: float = 30) -> str:
    """POST `body` and read the whole answer for at most `seconds`; say what came back when."""
    started = time.perf_counter()
    deadline = time.monotonic() + seconds
    received, tail = 0, b""
    try:
        with (
            httpx.Client(timeout=seconds) as client,
            client.stream("POST", url + path, content=body, headers=headers) as response,
        ):
            status = f"{response.status_code} after {time.perf_counter() - started:.1f} s"
            for piece in response.iter_bytes():
                received += len(piece)
                tail = (tail + piece)[-400:]
                if time.monotonic() > deadline:
                    return f"{status}, cut by us at {seconds:.0f} s ({received:,} bytes read)"
    except httpx.HTTPError as error:
        return f"no answer ({error.__class__.__name__}) after {time.perf_counter() - started:.1f} s"
    last = tail.strip().rsplit(b"\n", 1)[-1].decode(errors="replace")
    return (
        f"{status}, read by {time.perf_counter() - started:.1f} s, {received:,} bytes: "
        f"...{last[-60:]}"
    )


def _head(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _connect(url: str, timeout: float, receive_buffer: int | None = None) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    if receive_buffer is not None:  # before connecting, so the window starts small
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect((host, int(port)))
    return sock


def _told(sock: socket.socket) -> str:
    """Return what the server has said on `sock` so far, without reading it or waiting."""
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        data = sock.recv(200, socket.MSG_PEEK)
    except BlockingIOError:
        return "nothing yet"
    except OSError as error:
        return f"closed ({error.__class__.__name__})"
    finally:
        sock.settimeout(timeout)
    return data.split(b"\r\n")[0].decode(errors="replace") if data else "closed"


def _tally(said: Iterable[str]) -> str:
    return ", ".join(f"{count} x {what}" for what, count in Counter(said).most_common())


def slow_senders(args: argparse.Namespace) -> None:
    """Connections that open a streamed batch and send a byte a second."""
    count, seconds = 10, args.attack_seconds
    print(f"7. {count} connections open a streamed batch, send 1 byte a second, {seconds:.0f} s")

    def attack(server: web.Server, watch: Watch) -> Figures:
        head = _head(BATCH_PATH, {**STREAMED, "Transfer-Encoding": "chunked"})
        socks: list[socket.socket] = []
        try:
            for _ in range(count):
                socks.append(_connect(server.url, timeout=5))
                socks[-1].sendall(head)
            watch.batch_soon(2)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                for sock in socks:
                    with suppress(OSError):
                        sock.send(b"1\r\n\n\r\n")  # one chunk of one byte: a blank line
                time.sleep(1)
            told = _tally(_told(sock) for sock in socks)
            files = "{} ({})".format(*open_files(server.pid))
        finally:
            for sock in socks:
                sock.close()
        return [
            ("what the slow senders were told by the end", told),
            ("open files (deleted) while they were connected", files),
        ]

    under_attack(attack)


def non_readers(args: argparse.Namespace) -> None:
    """Clients that post a streamed batch and never read the answer."""
    count, lines, seconds = 10, 20_000, args.attack_seconds
    print(
        f"8. {count} clients post a {lines:,}-line stream, never read the answer, {seconds:.0f} s"
    )
    body = ndjson(entries(lines))

    def attack(server: web.Server, watch: Watch) -> Figures:
        head = _head(BATCH_PATH, {**STREAMED, "Content-Length": str(len(body))})
        socks: list[socket.socket] = []
        taken = 0
        deadline = time.monotonic() + seconds
        try:
            for _ in range(count):
                socks.append(_connect(server.url, timeout=10, receive_buffer=4096))
                with suppress(OSError):
                    socks[-1].sendall(head + body)
                    taken += 1
            watch.batch_soon(1)
            while time.monotonic() < deadline:
                time.sleep(0.2)
            told = _tally(_told(sock) for sock in socks)
            files = "{} ({})".format(*open_files(server.pid))
        finally:
            for sock in socks:
                sock.close()
        return [
            (f"bodies taken in full ({len(body) / MIB:.1f} MiB each)", f"{taken} of {count}"),
            ("what the non-readers had been sent by the end", told),
            ("open files (deleted) while they were connected", files),
        ]

    under_attack(attack, aborted=True)


def long_lines(args: argparse.Namespace) -> None:
    """One very long line, NDJSON and CSV, sent gzip-compressed."""
    print(
        "9. one NDJSON line of 1 GiB of spaces, a CSV line of 256 MiB (each gzip, one entry more)"
    )
    spaces = gzip_of(
        [(ndjson([QUOTE]), 1), (b" " * MIB, 1023), (b" " * (MIB - 64 * 1024), 1), (b"\n", 1)]
    )  # 64 KiB short of 1 GiB, so the body stays within BILLING_MAX_STREAM_BYTES
    cell = gzip_of(
        [
            (CSV_HEAD + CSV_ROW + b"vmi-se,", 1),
            (b"x" * MIB, 256),
            (CSV_ROW[len(b"vmi-se,T-1") :], 1),
        ]
    )
    cases = [
        ("NDJSON, 1 GiB line", spaces, "application/x-ndjson"),
        ("CSV, 256 MiB line", cell, "text/csv"),
    ]
    for name, body, kind in cases:
        headers = {"Content-Type": kind, "Content-Encoding": "gzip", "Accept": kind}

        def attack(
            server: web.Server,
            watch: Watch,
            name: str = name,
            body: bytes = body,
            headers: dict[str, str] = headers,
        ) -> Figures:
            watch.batch_soon(1)
            answer = post(server.url, BATCH_PATH, body, headers)
            return [(f"{name} ({len(body) / MIB:.1f} MiB gzip): answer", answer)]

        under_attack(attack)


def gzip_bomb(args: argparse.Namespace) -> None:
    """10 GiB of newlines in 10 MB of gzip, to the streamed batch."""
    body = gzip_of([(b"\n" * MIB, 10 * 1024)])
    print(
        f"10. a gzip bomb: 10 GiB of newlines in {len(body) / MIB:.1f} MiB, to the streamed batch"
    )

    def attack(server: web.Server, watch: Watch) -> Figures:
        watch.batch_soon(1)
        headers = {**STREAMED, "Content-Encoding": "gzip"}
        return [("answer", post(server.url, BATCH_PATH, body, headers))]

    under_attack(attack)


def blank_rows(args: argparse.Namespace) -> None:
    """20 million blank CSV rows and one entry, gzip-compressed."""
    rows = 20_000_000
    body = gzip.compress(CSV_HEAD + b"\n" * rows + CSV_ROW, 9)
    print(f"11. {rows:,} blank CSV rows and one entry ({len(body) / 1024:.0f} KiB gzip), streamed")

    def attack(server: web.Server, watch: Watch) -> Figures:
        watch.batch_soon(1)
        headers = {"Content-Type": "text/csv", "Content-Encoding": "gzip", "Accept": "text/csv"}
        return [("answer", post(server.url, BATCH_PATH, body, headers))]

    under_attack(attack)


def page_uploads(args: argparse.Namespace) -> None:
    """Uploads of 10,000 rows at once to the /batch page."""
    count, rows = 8, 10_000
    body = csv_of(entries(rows))
    print(f"12. {count} uploads of {rows:,} CSV rows ({len(body) / MIB:.1f} MiB) at once to /batch")

    def attack(server: web.Server, watch: Watch) -> Figures:
        answers: list[str] = []

        def upload() -> None:
            started = time.perf_counter()
            try:
                response = httpx.post(
                    server.url + "/batch",
                    data={"action": "show"},
                    files={"file": ("entries.csv", body, "text/csv")},
                    timeout=30,
                )
                answers.append(f"{response.status_code} in {time.perf_counter() - started:.1f} s")
            except httpx.HTTPError as error:
                answers.append(f"no answer ({error.__class__.__name__})")

        uploads = [threading.Thread(target=upload, daemon=True) for _ in range(count)]
        for thread in uploads:
            thread.start()
        watch.batch_soon(1)
        for thread in uploads:
            thread.join(timeout=60)
        return [("page answers", ", ".join(sorted(answers)))]

    under_attack(attack)


def cut_streams(args: argparse.Namespace) -> None:
    """group_by=ticket streams whose client hangs up after 100 KB of the answer."""
    count, lines, cut, watched = 4, 40_000, 100 * 1024, 10
    body = ndjson(month(lines))
    print(
        f"13. {count} streams grouped by ticket ({lines:,} entries, {len(body) / MIB:.1f} MiB), "
        f"cut after {cut // 1024} KB of answer"
    )

    def attack(server: web.Server, watch: Watch) -> Figures:
        head = _head(
            BATCH_PATH + "?group_by=ticket", {**STREAMED, "Content-Length": str(len(body))}
        )
        read: list[int] = []

        def hang_up() -> None:
            received = 0
            deadline = time.monotonic() + 30
            with suppress(OSError), _connect(server.url, timeout=30) as sock:
                sock.sendall(head + body)
                while received < cut and time.monotonic() < deadline:
                    if not (piece := sock.recv(65536)):
                        break
                    received += len(piece)
            read.append(received)

        clients = [threading.Thread(target=hang_up, daemon=True) for _ in range(count)]
        for thread in clients:
            thread.start()
        watch.batch_soon(1)
        for thread in clients:
            thread.join(timeout=60)
        deleted = []
        for _ in range(watched):
            deleted.append(open_files(server.pid)[1])
            time.sleep(1)
        return [
            ("answer bytes read before hanging up", ", ".join(f"{n:,}" for n in read)),
            (f"open deleted files, each second for {watched} s", " ".join(map(str, deleted))),
        ]

    under_attack(attack, aborted=True)


def wide_item(args: argparse.Namespace) -> None:
    """A batch item of a million keys, in a JSON batch, three times."""
    times = 3
    body = b'{"items":[{' + b",".join(b'"f%d":0' % n for n in range(1_000_000)) + b"}]}"
    print(f"14. a JSON batch of one 1-million-key item ({len(body) / MIB:.1f} MiB), {times} times")

    def attack(server: web.Server, watch: Watch) -> Figures:
        watch.batch_soon(0.2)
        headers = {"Content-Type": "application/json"}
        answers = [post(server.url, BATCH_PATH, body, headers) for _ in range(times)]
        return [(f"answer {n}", answer) for n, answer in enumerate(answers, start=1)]

    under_attack(attack)


SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "slow-senders": slow_senders,
    "non-readers": non_readers,
    "long-lines": long_lines,
    "bomb": gzip_bomb,
    "blank-rows": blank_rows,
    "page-uploads": page_uploads,
    "cut-streams": cut_streams,
    "wide-item": wide_item,
}
