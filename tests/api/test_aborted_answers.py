"""An answer cut off after its start was sent is logged and counted as aborted, with its reason,
never as a plain 200; probes and scrapes log at DEBUG; every answer says `nosniff`."""

import asyncio
import json
import socket

import httpx
import pytest
from prometheus_client import REGISTRY
from starlette.responses import StreamingResponse

from app.api.middleware.guard import RequestGuard
from app.api.settings import Settings
from tests.api.payloads import EVENING
from tests.http_clients import live_server

CHUNKS = 200


def aborted(reason: str) -> float:
    value = REGISTRY.get_sample_value("billing_quote_answers_aborted_total", {"reason": reason})
    return value or 0.0


def requests_of(status: str) -> float:
    labels = {"route": "(unmatched)", "method": "GET", "status": status}
    return (
        REGISTRY.get_sample_value("billing_quote_http_request_duration_seconds_count", labels)
        or 0.0
    )


async def failing_midway(scope, receive, send):
    async def body():
        yield b"id,total\r\n"
        yield b"1,100.00\r\n"
        raise OSError(28, "No space left on device")

    await StreamingResponse(body(), media_type="text/csv")(scope, receive, send)


async def endless(scope, receive, send):
    async def body():
        for _ in range(CHUNKS):  # bounded: the client hangs up long before
            yield b"x" * 65536
            await asyncio.sleep(0.01)

    await StreamingResponse(body(), media_type="text/csv")(scope, receive, send)


async def cut_by_a_layer(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"part", "more_body": True})
    scope["state"]["aborted"] = "timeout"


def test_an_answer_whose_body_fails_midway_is_logged_and_counted_as_aborted(lines):
    before, plain_before = aborted("error"), requests_of("200")
    with live_server(RequestGuard(failing_midway, settings=Settings())) as url:
        with pytest.raises(httpx.RemoteProtocolError):  # the cut shows in HTTP framing too
            httpx.get(f"{url}/month.csv", headers={"X-Request-ID": "cut"}, timeout=10)
    (line,) = [line for line in lines() if line.get("request_id") == "cut" and "status" in line]
    assert line["message"] == "GET /month.csv 200 aborted (error)"
    assert (line["status"], line["aborted"]) == (200, "error")
    assert aborted("error") == before + 1
    assert requests_of("200") == plain_before  # not counted as a plain 200
    assert requests_of("aborted") >= 1


def test_a_client_that_hangs_up_midway_is_logged_as_an_aborted_answer(lines):
    before = aborted("disconnect")
    with live_server(RequestGuard(endless, settings=Settings())) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(b"GET /month.csv HTTP/1.1\r\nHost: x\r\nX-Request-ID: gone\r\n\r\n")
            assert connection.recv(65536)
        for _ in range(500):  # until the server has noticed (bounded: 5 s)
            found = [line for line in lines() if line.get("request_id") == "gone"]
            if found:
                break
            asyncio.run(asyncio.sleep(0.01))
    (line,) = found
    assert line["aborted"] == "disconnect"
    assert line["client"] == "127.0.0.1"
    assert aborted("disconnect") == before + 1


def test_a_layer_that_cuts_an_answer_names_the_reason(lines):
    before = aborted("timeout")
    with live_server(RequestGuard(cut_by_a_layer, settings=Settings())) as url:
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"{url}/slow", headers={"X-Request-ID": "slow"}, timeout=10)
    (line,) = [line for line in lines() if line.get("request_id") == "slow"]
    assert line["aborted"] == "timeout"
    assert aborted("timeout") == before + 1


def test_a_whole_answer_is_not_aborted(client, lines):
    client.post("/v1/quotes", json=EVENING, headers={"X-Request-ID": "whole"})
    (line,) = [line for line in lines() if line.get("request_id") == "whole"]
    assert "aborted" not in line and line["message"] == "POST /v1/quotes 200"


def test_probe_and_scrape_lines_are_debug(client_with, lines):
    paths = ("/healthz", "/readyz", "/metrics")
    quiet = client_with()  # the level is the process's: the last app built sets it
    for path in paths:
        quiet.get(path, headers={"X-Request-ID": "probe-info"})
    chatty = client_with(log_level="DEBUG")
    for path in paths:
        chatty.get(path, headers={"X-Request-ID": "probe-debug"})
    written = lines()
    assert not [line for line in written if line.get("request_id") == "probe-info"]
    debug = [line for line in written if line.get("request_id") == "probe-debug"]
    assert [line["level"] for line in debug] == ["DEBUG"] * 3
    client_with(log_level="INFO")  # the process's level back as the other tests expect


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/healthz", None),
        ("POST", "/v1/quotes", EVENING),
        ("POST", "/v1/quotes", {"policy": "nope"}),
        ("GET", "/v1/policies/nope", None),
        ("GET", "/docs", None),
        ("GET", "/nowhere", None),
    ],
)
def test_every_answer_says_nosniff(client, method, path, body):
    response = client.request(method, path, json=body)
    assert response.headers["x-content-type-options"] == "nosniff"


def test_an_over_large_body_refused_by_the_guard_says_nosniff_too(client_with):
    response = client_with(max_quote_body_bytes=1024).post("/v1/quotes", content=b"x" * 5000)
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_keep_scripts_and_styles_to_this_host(client, path):
    policy = client.get(path).headers["content-security-policy"]
    assert "default-src 'self'" in policy and "https:" not in policy


def test_a_streamed_batch_whose_disk_fills_midway_is_counted_aborted_not_200(lines, monkeypatch):
    import errno

    from app.api.application import create_app
    from app.api.batches import writer

    def full(self, batch):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer.AnswerWriter, "closing", full)
    entry = json.dumps(EVENING).encode()
    labels = {"route": "/v1/quotes/batch", "method": "POST", "status": "200"}
    plain = "billing_quote_http_request_duration_seconds_count"
    before = (aborted("no space left"), REGISTRY.get_sample_value(plain, labels) or 0.0)
    with live_server(create_app(Settings())) as url:
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.post(
                f"{url}/v1/quotes/batch",
                content=b"\n".join([entry] * 3),
                headers={
                    "content-type": "application/x-ndjson",
                    "accept": "text/csv",
                    "x-request-id": "full-disk",
                },
                timeout=30,
            )
    (line,) = [line for line in lines() if line.get("request_id") == "full-disk" and "ms" in line]
    assert (line["status"], line["aborted"]) == (200, "no space left")
    assert aborted("no space left") == before[0] + 1
    assert (REGISTRY.get_sample_value(plain, labels) or 0.0) == before[1]
