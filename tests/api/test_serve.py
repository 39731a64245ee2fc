"""`billing-quote serve` and the start: the environment checked first, one line per problem and
exit 2, never a value; a summary line once started; the last lines written on SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from app.api.application import create_app
from app.api.operations import lifecycle as worker_lifecycle
from app.api.operations.environment import unknown_variables
from app.api.settings import Settings
from app.version import VERSION
from tests.http_clients import app_client, free_port
from tests.readme_examples import ROOT

SECRET = "pasted-secret-0123456789abcdef"


def _start(*command: str, cwd=ROOT, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command],
        env={"PATH": os.environ.get("PATH", ""), **environment},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


STARTS = [("-c", "import app.main"), ("-m", "app.cli", "serve", "--port", "1")]


@pytest.mark.parametrize("command", STARTS, ids=["app.main", "serve"])
def test_a_misspelt_setting_stops_the_start_naming_the_closest_one(command):
    result = _start(*command, BILLING_API_KEY=SECRET)
    assert result.returncode == 2
    assert result.stderr == (
        "cannot start: BILLING_API_KEY: no such setting; did you mean BILLING_API_KEYS?\n"
    )


def test_variables_other_parts_read_are_not_settings_but_allowed():
    environment = {
        "BILLING_QUOTE_URL": "http://127.0.0.1:1",
        "BILLING_QUOTE_API_KEY": SECRET,
        "BILLING_COMPILE": "1",
        "BILLING_MAX_BODY_BYTES": "2048",
    }
    assert unknown_variables(environment) == []
    assert unknown_variables({"BILLING_WHATEVER": "1"}) == ["BILLING_WHATEVER: no such setting"]


@pytest.mark.parametrize(
    ("environment", "line"),
    [
        (
            {"BILLING_LOG_LEVEL": "verbose"},
            "BILLING_LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING' or 'ERROR'",
        ),
        (
            {"BILLING_CORS_ORIGINS": f"https://ok.example.com,{SECRET}"},
            "BILLING_CORS_ORIGINS: entry 2 of 2 is not an origin like https://host[:port]",
        ),
        ({"BILLING_POLICY_DIR": "/nope"}, "BILLING_POLICY_DIR: no such folder"),
        (
            {"PROMETHEUS_MULTIPROC_DIR": "/nope/metrics"},
            "PROMETHEUS_MULTIPROC_DIR: no such folder; create it empty before the workers start "
            "(billing-quote serve does), or unset it for one worker",
        ),
    ],
)
def test_each_bad_setting_is_one_line_naming_it_with_exit_2_and_no_value(environment, line):
    for command in [
        ("-c", "import app.main"),
        ("-m", "uvicorn", "app.main:app", "--log-config", "app/api/operations/logging.json"),
    ]:
        result = _start(*command, **environment)
        assert (result.returncode, result.stderr) == (2, f"cannot start: {line}\n"), command
        assert SECRET not in result.stderr and "/nope" not in result.stderr


def test_serve_says_every_problem_at_once(tmp_path):
    result = _start(
        "-m",
        "app.cli",
        "serve",
        BILLING_LOG_LEVEL="verbose",
        BILLING_MAX_BODY_BYTES=SECRET,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "missing" / "metrics"),
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "PROMETHEUS_MULTIPROC_DIR",
        "BILLING_MAX_BODY_BYTES",
        "BILLING_LOG_LEVEL",
    ]
    assert SECRET not in result.stderr


def test_the_version_is_printed():
    result = _start("-m", "app.cli", "--version")
    assert (result.returncode, result.stdout) == (0, f"billing-quote {VERSION}\n")


def test_the_start_up_line_names_policies_keys_pages_and_changed_settings(tmp_path):
    settings = Settings(api_keys=(SECRET,), max_span_days=7)
    message, fields = worker_lifecycle.startup_summary(
        settings, sorted((ROOT / "app" / "policies").glob("*.toml"))
    )
    assert message == (
        f"billing-quote {VERSION}: 2 policies, API keys on, pages off, "
        "1 settings changed from their defaults"
    )
    assert set(fields["policies"]) == {"vmi-se", "alesund-data-no"}
    assert all(len(digest) == 12 for digest in fields["policies"].values())
    assert fields["settings"] == {"max_span_days": 7}
    assert SECRET not in json.dumps(fields)


def _serve(tmp_path, *command: str, **environment: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, *command, "--port", str(port)],
        cwd=tmp_path,
        env={**os.environ, **environment},
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/healthz", timeout=2)
            return server, url
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise AssertionError(f"did not start: {server.communicate()[1]}") from None
            time.sleep(0.1)


def _stop(server: subprocess.Popen[str]) -> list[dict]:
    server.send_signal(signal.SIGTERM)
    _, stderr = server.communicate(timeout=30)
    return [json.loads(line) for line in stderr.splitlines()]


def test_serve_runs_guarded_from_any_folder_and_writes_its_last_lines_on_sigterm(tmp_path):
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    (metrics / "counter_1.db").write_bytes(b"stale")
    server, url = _serve(tmp_path, "-m", "app.cli", "serve", PROMETHEUS_MULTIPROC_DIR=str(metrics))
    assert not (metrics / "counter_1.db").exists()  # emptied before the workers started
    assert httpx.get(f"{url}/readyz").status_code == 200
    lines = _stop(server)
    messages = [(line["logger"], line["message"]) for line in lines]
    assert ("uvicorn.error", "Application shutdown complete.") in messages
    assert ("uvicorn.error", f"Finished server process [{server.pid}]") in messages
    (summary,) = [line for line in lines if line["logger"] == "billing_quote.startup"]
    assert summary["api_keys"] == "off" and summary["version"] == VERSION
    assert not any(line["level"] == "WARNING" for line in lines)


@pytest.mark.parametrize("log_config", [True, False], ids=["with-log-config", "bare"])
def test_plain_uvicorn_still_runs_and_warns_once_that_the_guards_are_off(tmp_path, log_config):
    options = ["--log-config", str(ROOT / "app/api/operations/logging.json")] if log_config else []
    server, _ = _serve(tmp_path, "-m", "uvicorn", "app.main:app", *options)
    lines = _stop(server)
    warnings = [line["message"] for line in lines if line["level"] == "WARNING"]
    assert warnings == [worker_lifecycle.GUARDS_OFF]
    messages = [line["message"] for line in lines]
    assert messages[-1] == f"Finished server process [{server.pid}]"  # written before the end


def test_readyz_answers_503_once_an_exit_signal_begins_the_drain():
    app = create_app(Settings())
    lifecycle = worker_lifecycle.lifecycle_of_app(app)
    called = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: called.append(number))
    try:
        worker_lifecycle.drain_on_exit_signals(lifecycle)
        with app_client(app) as client:
            assert client.get("/readyz").status_code == 200
            signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)
            assert called == [signal.SIGTERM]  # uvicorn's own handler still runs
            answer = client.get("/readyz")
            assert answer.status_code == 503
            assert answer.headers["content-type"] == "application/problem+json"
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, signal.default_int_handler)
