"""Cheap clients cannot stall batches: slow senders hold no slot, callers that read nothing are
cut off, long lines fail alone, and every exit of a batch closes its temporary files."""

import asyncio
import contextlib
import gzip
import json
import os
import socket
import time

import httpx
import pytest

from app.api.application import create_app
from app.api.middleware.compression import GzipRequests
from app.api.settings import Settings
from tests.api.payloads import EVENING, with_
from tests.http_clients import live_server

NDJSON = "application/x-ndjson"
STREAM = {"Content-Type": NDJSON, "Accept": NDJSON}


def ndjson(items):
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def month(count):
    """`count` entries over 40 tickets of one month."""
    return [
        with_(
            EVENING,
            ticket_id=f"HD-{n % 40}",
            start=f"2026-03-{2 + n % 20:02d}T15:{n % 60:02d}:00+01:00",
            end=f"2026-03-{2 + n % 20:02d}T17:{n % 60:02d}:00+01:00",
        )
        for n in range(count)
    ]


def open_deleted_files():
    """Count this process's open files that are deleted (temporary files)."""
    folder = f"/proc/{os.getpid()}/fd"
    count = 0
    for name in os.listdir(folder):
        with contextlib.suppress(OSError):
            count += os.readlink(f"{folder}/{name}").endswith("(deleted)")
    return count


def settle(condition, seconds=5.0):
    """Wait until `condition()` holds, at most `seconds`; return whether it did."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def raw_post(url, path, headers, body=b"", receive_buffer=None):
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(5)
    sock.connect((host, int(port)))
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    sock.sendall(head.encode() + b"\r\n" + body)
    return sock


@pytest.fixture
def served():
    """An app on uvicorn with a short write timeout and two slots (one thread), and its slots."""
    app = create_app(Settings(write_timeout=3, batch_workers=1, batch_queue=1))
    with live_server(app) as url:
        yield url, app.state.service.batches


def normal_batch(url):
    body = {"items": [EVENING] * 10}
    return httpx.post(f"{url}/v1/quotes/batch", json=body, timeout=10).status_code


def test_slow_senders_hold_no_slot(served):
    url, slots = served
    body = ndjson(month(50))
    headers = {**STREAM, "Content-Length": str(len(body) + 1)}
    senders = [raw_post(url, "/v1/quotes/batch", headers, body) for _ in range(4)]
    try:
        time.sleep(0.3)  # their bodies lack a byte: they wait on it, as a trickle would
        assert slots.taken == 0
        assert normal_batch(url) == 200
    finally:
        for sock in senders:
            sock.close()


def test_a_caller_that_reads_nothing_is_cut_off_and_its_files_closed(served):
    url, slots = served
    before = open_deleted_files()
    body = ndjson(month(20_000))
    headers = {**STREAM, "Content-Length": str(len(body))}
    readers = []
    try:
        for count in range(1, 4):  # more callers reading nothing than the worker has slots
            readers.append(raw_post(url, "/v1/quotes/batch", headers, body, receive_buffer=4096))
            assert settle(lambda count=count: slots.open == count and slots.taken == 0)
        assert normal_batch(url) == 200  # their stalled answers hold no slot
        assert settle(lambda: slots.open == 0, seconds=20)  # cut off by the write timeout
        assert settle(lambda: open_deleted_files() <= before)
        assert slots.taken == 0
    finally:
        for sock in readers:
            sock.close()


@pytest.mark.parametrize("exit_", ["end", "refused body", "hang-up", "shutdown"])
def test_every_exit_of_a_grouped_stream_closes_its_temporary_files(exit_):
    app = create_app(Settings(write_timeout=1))
    body = ndjson(month(3_000))
    before = open_deleted_files()
    with live_server(app) as url:
        if exit_ == "end":
            answer = httpx.post(
                f"{url}/v1/quotes/batch?group_by=ticket", content=body, headers=STREAM
            )
            assert answer.status_code == 200
        elif exit_ == "refused body":
            bad = httpx.post(f"{url}/v1/quotes/batch?group_by=odd", content=body, headers=STREAM)
            assert bad.status_code == 422
        else:
            headers = {**STREAM, "Content-Length": str(len(body))}
            sock = raw_post(url, "/v1/quotes/batch?group_by=ticket", headers, body, 4096)
            assert sock.recv(100).startswith(b"HTTP/1.1 200")
            if exit_ == "hang-up":
                sock.close()
    # "shutdown": the server stops with the answer unread; the write timeout ends it.
    assert settle(lambda: open_deleted_files() <= before)
    if exit_ == "shutdown":
        sock.close()


@pytest.mark.parametrize("kind", ["ndjson", "csv"])
def test_a_line_longer_than_a_mib_fails_alone(client, kind):
    if kind == "ndjson":
        body = ndjson([EVENING]) + b" " * (3 * 2**20) + b"\n" + ndjson([EVENING])
        media = NDJSON
    else:
        row = "alesund-data-no,2026-03-02T15:30:00+01:00,2026-03-02T17:10:00+01:00,remote\n"
        body = ("policy,start,end,channel\n" + row + "x" * (3 * 2**20) + "\n" + row).encode()
        media = "text/csv"
    response = client.post(
        "/v1/quotes/batch", content=body, headers={"Content-Type": media, "Accept": NDJSON}
    )
    results = [json.loads(line) for line in response.text.splitlines()][:-1]
    assert [r["quote"] is not None for r in results] == [True, False, True]
    assert results[1]["problem"]["errors"][0]["problem"].endswith("longer than 1048576 bytes")


def test_blank_lines_count_toward_the_streams_limit(client_with):
    limited = client_with(max_stream_items=100)
    body = b"\n" * 500 + ndjson([EVENING])
    response = limited.post("/v1/quotes/batch", content=body, headers=STREAM)
    assert response.status_code == 422
    assert "blank lines count" in response.json()["errors"][0]["problem"]


def test_a_gzip_body_is_decoded_with_other_requests_running_between_pieces():
    """A body of 64 MiB of newlines arrives in one message: decoding it lets others run."""
    compressed = gzip.compress(b"\n" * 64 * 2**20)
    turns = 0

    async def body_reader(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def other_client(done):
        nonlocal turns
        while not done.is_set():
            turns += 1
            await asyncio.sleep(0)

    async def scenario():
        done = asyncio.Event()
        other = asyncio.create_task(other_client(done))
        scope = {"type": "http", "headers": [(b"content-encoding", b"gzip")], "state": {}}
        messages = iter([{"type": "http.request", "body": compressed, "more_body": False}])

        async def receive():
            return next(messages)

        async def send(message):
            pass

        await GzipRequests(body_reader)(scope, receive, send)
        done.set()
        await other

    asyncio.run(scenario())
    assert turns >= 60  # a turn at least between each MiB decoded


def test_the_batch_page_takes_a_slot_like_the_api(client_with):
    client = client_with(batch_workers=1, batch_queue=0)
    slots = client._transport.app.state.service.batches
    form = {
        "csv": "policy,start,end,channel\nvmi-se,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,remote\n"
    }
    assert client.post("/batch", data=form).status_code == 200
    with contextlib.ExitStack() as stack:
        stack.callback(setattr, slots, "taken", 0)
        slots.taken = 1
        assert client.post("/batch", data=form).status_code == 503


def test_a_stream_without_room_in_the_temporary_folder_is_refused_before_it_is_read(
    client, monkeypatch
):
    from app.api.batches import spool

    class Usage:
        free = 10 * 2**20

    monkeypatch.setattr(spool.shutil, "disk_usage", lambda path: Usage)
    body = ndjson(month(100))
    response = client.post(
        "/v1/quotes/batch", content=body, headers={**STREAM, "Content-Length": str(len(body))}
    )
    assert response.status_code == 200  # twice its size fits in 10 MiB
    gzipped = {**STREAM, "Content-Encoding": "gzip"}  # its size unknown: the stream limit counts
    response = client.post("/v1/quotes/batch", content=gzip.compress(body), headers=gzipped)
    assert response.status_code == 507
    assert "temporary folder has 10 MiB free" in response.json()["detail"]


def test_a_temporary_folder_that_fills_while_a_stream_arrives_is_507(client, monkeypatch):
    import errno

    from app.api.batches import spool

    class Full:
        def write(self, chunk):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            pass

    monkeypatch.setattr(spool.tempfile, "TemporaryFile", Full)
    response = client.post("/v1/quotes/batch", content=ndjson(month(10)), headers=STREAM)
    assert response.status_code == 507
    assert response.json()["detail"] == "the temporary folder filled up while the body arrived"
