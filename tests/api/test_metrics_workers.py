"""Several uvicorn workers: every scrape adds up all workers' counts (prometheus-client's
multiprocess mode through PROMETHEUS_MULTIPROC_DIR)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families

from tests.readme_examples import ROOT

REQUESTS = 60


def healthz_count(text):
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = sample.labels
            if (
                sample.name == "billing_quote_http_request_duration_seconds_count"
                and labels["route"] == "/healthz"
            ):
                return sample.value
    return 0.0


def healthz_in_file(path):
    """Return the /healthz requests one worker's file holds (its buckets, stored uncumulated)."""
    total = 0.0
    for key, value, *_ in MmapedDict.read_all_values_from_file(str(path)):
        _, name, labels, _ = json.loads(key)
        if name.endswith("_bucket") and labels.get("route") == "/healthz":
            total += value
    return total


def in_files(folder):
    """Return the /healthz requests all workers' files hold."""
    return sum(healthz_in_file(path) for path in folder.glob("histogram_*.db"))


def settled(read, expected, seconds=10.0):
    """Read until the value is `expected` or time is up: a worker records a request just after
    its answer is sent, so a read right after the last answer may come a moment early."""
    deadline = time.monotonic() + seconds
    value = read()
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.05)
        value = read()
    return value


def test_every_worker_counts_and_any_worker_reports_the_sum(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "2", "--no-access-log"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        ready, pids = False, set()
        # Both workers are up once one answers and both have written their files.
        while not (ready and len(pids) == 2):
            assert time.monotonic() < deadline, "the workers did not start"
            try:
                ready = httpx.get(f"{url}/readyz", timeout=5).status_code == 200
            except httpx.TransportError:
                time.sleep(0.2)
            pids = {re.findall(r"_(\d+)\.db$", f.name)[0] for f in tmp_path.glob("*.db")}
        before = healthz_count(httpx.get(f"{url}/metrics", timeout=5).text)
        # A new connection per request, so the kernel hands them to both workers; a few rounds
        # at most, until each worker has answered some.
        sent, served = 0, [0.0]
        with ThreadPoolExecutor(4) as pool:
            while min(served) == 0 and sent < 5 * REQUESTS:
                statuses = pool.map(
                    lambda _: httpx.get(f"{url}/healthz", timeout=5).status_code, range(REQUESTS)
                )
                assert list(statuses) == [200] * REQUESTS
                sent += REQUESTS
                served = [healthz_in_file(p) for p in sorted(tmp_path.glob("histogram_*.db"))]
        assert len(served) == 2 and min(served) > 0, f"one worker took every request: {served}"
        assert settled(lambda: in_files(tmp_path), before + sent) == before + sent
        scrapes = [healthz_count(httpx.get(f"{url}/metrics", timeout=5).text) for _ in range(6)]
        assert scrapes == [before + sent] * 6
    finally:
        server.terminate()
        server.wait(timeout=30)
