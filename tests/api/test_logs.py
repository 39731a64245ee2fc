"""Every line the service writes is one JSON object, written without ever blocking a request."""

import io
import json
import logging
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from app.api.operations import logs
from tests.api.payloads import EVENING
from tests.http_clients import free_port

ROOT = Path(__file__).resolve().parents[2]
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_each_request_is_one_json_access_line_with_its_id(client, lines):
    response = client.post("/v1/quotes", json=EVENING, headers={"X-Request-ID": "log-me"})
    (line,) = [line for line in lines() if line["request_id"] == "log-me"]
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["logger"] == "billing_quote.access" and line["level"] == "INFO"
    assert line["timestamp"].endswith("Z") and "T" in line["timestamp"]
    assert line["message"] == "POST /v1/quotes 200"
    assert (line["method"], line["path"], line["status"]) == ("POST", "/v1/quotes", 200)
    assert line["ms"] >= 0
    assert "traceparent" not in line


def test_a_w3c_traceparent_is_logged_with_the_request(client, lines):
    client.get("/v1/policies", headers={"traceparent": TRACEPARENT, "X-Request-ID": "traced"})
    client.get("/v1/policies", headers={"traceparent": "x" * 5000, "X-Request-ID": "not-traced"})
    by_id = {line["request_id"]: line for line in lines() if "request_id" in line}
    assert by_id["traced"]["traceparent"] == TRACEPARENT
    assert "traceparent" not in by_id["not-traced"]


def test_an_error_line_carries_the_request_id_and_the_exception(client_with, monkeypatch, lines):
    from app.api.routes import quotes as quote_route

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(quote_route, "quote", broken)
    response = client_with().post("/v1/quotes", json=EVENING)
    (error,) = [line for line in lines() if line["logger"] == "billing_quote.error"]
    assert error["level"] == "ERROR" and error["message"] == "unexpected error"
    assert error["request_id"] == response.headers["x-request-id"]
    assert "RuntimeError: boom" in error["exception"]


def test_plain_text_is_available_for_local_use():
    pipeline = logs.LogPipeline(stream=io.StringIO(), fmt="text")
    line = pipeline.render(0.0, "INFO", "uvicorn.error", "Started", {"request_id": "r1"})
    assert line == "1970-01-01T00:00:00.000Z INFO    uvicorn.error: Started request_id=r1\n"


class StalledStream(io.StringIO):
    """A stderr whose reader has stopped: every write blocks until released."""

    def __init__(self):
        super().__init__()
        self.released = threading.Event()

    def write(self, text):
        self.released.wait(timeout=30)
        return super().write(text)


def test_when_the_reader_stalls_lines_are_dropped_and_counted():
    stream = StalledStream()
    pipeline = logs.LogPipeline(capacity=10, stream=stream)
    for n in range(100):
        pipeline.put("INFO", "test", f"line {n}", None)
    assert pipeline.dropped >= 89  # the writer holds at most one line while it blocks
    stream.released.set()
    pipeline.flush()
    assert pipeline.pending() == 0


def test_requests_are_answered_while_the_log_reader_stalls(client, monkeypatch):
    pipeline = logs.pipeline()
    pipeline.flush()
    stream = StalledStream()
    monkeypatch.setattr(pipeline, "stream", stream)
    monkeypatch.setattr(pipeline, "capacity", 5)
    before = logs.dropped_lines()
    try:
        statuses = [client.get("/v1/policies").status_code for _ in range(50)]
        assert statuses == [200] * 50
        assert logs.dropped_lines() - before >= 40
    finally:
        stream.released.set()
        pipeline.flush()


def test_uvicorns_own_lines_are_json_under_the_shipped_log_config():
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port)]
    command += ["--log-config", "app/api/operations/logging.json", "--no-access-log"]
    with subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True) as server:
        head = []
        try:
            for line in server.stderr:
                head.append(line)
                if "Application startup complete" in line:
                    break
            url = f"http://127.0.0.1:{port}/v1/policies"
            httpx.get(url, headers={"X-Request-ID": "live"}, timeout=5)
        finally:
            server.terminate()
            server.wait(timeout=20)
        written = [json.loads(line) for line in [*head, *server.stderr.read().splitlines()]]
    messages = {(line["logger"], line["message"]) for line in written}
    assert ("uvicorn.error", f"Started server process [{server.pid}]") in messages
    assert ("uvicorn.error", "Shutting down") in messages
    assert any(line.get("request_id") == "live" for line in written)
    assert all({"timestamp", "level", "logger", "message"} <= set(line) for line in written)


def test_the_log_level_setting_silences_access_lines(client_with, lines):
    client_with(log_level="WARNING").get("/v1/policies", headers={"X-Request-ID": "quiet"})
    try:
        assert not [line for line in lines() if line.get("request_id") == "quiet"]
    finally:
        logs.install("INFO")
        logging.getLogger("billing_quote").setLevel("INFO")
