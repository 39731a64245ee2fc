"""Slow and hostile clients are cut off without pinning a worker (live uvicorn, small limits)."""

import socket
import time

import httpx
import pytest

from app.api.application import create_app
from app.api.operations.connections import GuardedHttpToolsProtocol
from app.api.settings import Settings
from tests.api.payloads import EVENING
from tests.http_clients import live_server

PROTOCOL = GuardedHttpToolsProtocol.with_limits(
    max_connections=4, max_header_bytes=4096, header_timeout=0.5, body_timeout=1.0
)


@pytest.fixture(scope="module")
def url():
    with live_server(create_app(Settings()), http=PROTOCOL) as base:
        yield base


def connect(url):
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=5)
    return sock


def read_all(sock):
    """Read until the server closes; a reset after the answer (unread bytes) ends it too."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def status_of(answer):
    return int(answer.split(b" ", 2)[1])


def test_ordinary_requests_pass(url):
    assert httpx.post(f"{url}/v1/quotes", json=EVENING).status_code == 200


@pytest.mark.parametrize(
    "head", [b"GET /" + b"a" * 20_000, b"GET / HTTP/1.1\r\nHost: x\r\nX-Endless: " + b"b" * 20_000]
)
def test_an_endless_url_or_header_is_cut_off_with_431(url, head):
    with connect(url) as sock:
        started = time.monotonic()
        try:
            for start in range(0, len(head), 1024):
                sock.sendall(head[start : start + 1024])
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = read_all(sock)
    assert status_of(answer) == 431
    assert b"BILLING_MAX_HEADER_BYTES" in answer
    assert time.monotonic() - started < 5


def test_a_silent_connection_is_closed_after_the_header_timeout(url):
    with connect(url) as sock:
        started = time.monotonic()
        answer = read_all(sock)
    assert status_of(answer) == 408
    assert 0.4 < time.monotonic() - started < 5


def test_a_slow_body_is_closed_after_the_body_timeout(url):
    with connect(url) as sock:
        started = time.monotonic()
        sock.sendall(
            b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        answer = read_all(sock)
    assert status_of(answer) == 408
    assert 0.9 < time.monotonic() - started < 5


def test_connections_past_the_cap_are_answered_503_and_closed(url):
    idle = [connect(url) for _ in range(4)]
    try:
        time.sleep(0.1)
        with connect(url) as extra:
            answer = read_all(extra)
        assert status_of(answer) == 503
        assert b"retry-after: 1" in answer.lower()
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.1)
    assert httpx.get(f"{url}/healthz").status_code == 200


def test_a_bursts_count_is_logged_within_a_second_without_a_later_event(caplog):
    import asyncio

    from app.api.operations.connections import _RateLimitedWarning

    warning = _RateLimitedWarning("refused: %(times)d times")

    async def burst():
        for _ in range(5):
            warning()
        await asyncio.sleep(1.2)  # no further event comes

    with caplog.at_level("WARNING", logger="billing_quote.connections"):
        asyncio.run(burst())
    records = [r for r in caplog.records if r.getMessage().startswith("refused:")]
    assert [r.getMessage() for r in records] == ["refused: 1 times", "refused: 4 times"]
    second = records[1].created - records[0].created
    assert 0.9 <= second <= 1.15


def test_a_refused_connection_says_nosniff(url):
    with connect(url) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 8192)  # no end yet
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"x-content-type-options: nosniff" in answer
