"""A worker killed mid-request (SIGKILL) leaves no in-flight request behind in the shared metrics."""

import os
import signal
import subprocess
import sys

from app.api.operations import metrics

WORKER = """
from app.api.operations import metrics
metrics.IN_FLIGHT.inc()
metrics.count_problem(500)
print("busy", flush=True)
import time
time.sleep(60)
"""


def in_flight(text: str) -> float:
    """Return the in-flight gauge (absent, with no live worker's file: 0)."""
    found = [
        float(line.split()[1])
        for line in text.splitlines()
        if line.startswith("billing_quote_http_requests_in_flight ")
    ]
    return sum(found)


def test_a_killed_workers_in_flight_request_is_forgotten_and_its_counts_kept(tmp_path, monkeypatch):
    with subprocess.Popen(
        [sys.executable, "-c", WORKER],
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        text=True,
    ) as worker:
        try:
            assert worker.stdout.readline() == "busy\n"
            monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
            assert in_flight(metrics.exposition().decode()) == 1
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
    text = metrics.exposition().decode()
    assert in_flight(text) == 0
    assert 'billing_quote_problems_total{status="500"} 1.0' in text
    assert not list(tmp_path.glob(f"gauge_live*_{worker.pid}.db"))
