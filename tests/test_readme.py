"""The README's promises: its curl examples answer as shown, its two commands do what they say."""

import json
import re
import shlex
import socket
import subprocess
import sys
import time

import httpx
import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.engine import REBUILD
from app.version import VERSION
from tests.http_clients import app_client
from tests.readme_examples import README, ROOT, examples, normalized

TEXT = README.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)


def command_after(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", TEXT)
    assert match, f"README has no {marker}"
    return match[1]


@pytest.fixture(scope="module")
def client():
    with app_client(create_app(Settings())) as test_client:
        yield test_client


def test_the_readme_shows_examples_of_every_endpoint_kind():
    paths = {example.path.split("?")[0] for example in EXAMPLES}
    assert {"/v1/quotes", "/v1/quotes/batch", "/v1/policies"} <= paths


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.path + " " + e.kind)
def test_each_curl_example_answers_as_shown(client, example):
    response = client.request(
        example.method, example.path, headers=example.headers, content=example.body
    )
    text = response.text.replace("\r\n", "\n")
    assert normalized(example.kind, text) == normalized(example.kind, example.shown)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci
    assert command_after("test-command").endswith("python -m pytest")


def test_ci_builds_the_engine_with_the_readme_compile_command_the_guard_names():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- compile-command -->" in ci
    command = command_after("compile-command")
    assert "'.[compile]'" in command
    assert REBUILD in command.replace(".venv/bin/", "").replace(" -q", "")


def test_the_serve_command_starts_the_service_with_its_built_in_policies(tmp_path):
    serve = command_after("serve-command")
    assert serve.startswith("python3 -m venv .venv && .venv/bin/pip install -q -e . && ")
    assert "/billing-quote serve " in serve
    arguments = shlex.split(serve.split("/billing-quote serve ", 1)[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    arguments[arguments.index("--port") + 1] = str(port)
    # From another folder: the log config is read from the package, not from the working folder.
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", *arguments],
        cwd=tmp_path,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the service did not start"
                assert server.poll() is None, "the service stopped"
                time.sleep(0.1)
        assert health.json() == {"status": "ok", "version": VERSION, "policies": 2}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_python_example_runs_and_prints_what_it_says(monkeypatch, capsys):
    code = re.search(r"```python\n(.+?)```", TEXT, re.DOTALL)[1]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == "30 475.00\n"


def test_the_command_line_example_prints_what_the_readme_shows(capsys):
    from app.cli import main

    block = re.search(
        r"```text\n\$ \.venv/bin/billing-quote (.+?)\n(Policy .+?)```", TEXT, re.DOTALL
    )
    argv = block[1].replace("\\\n", " ").split()
    assert main(argv) == 0
    assert capsys.readouterr().out == block[2]


GUARD = (
    "--http app.api.operations.connections:GuardedHttpToolsProtocol",
    "--log-config app/api/operations/logging.json",
)


def test_every_documented_way_to_run_the_service_is_billing_quote_serve():
    serves = re.findall(r"billing-quote serve[^\n`]*", TEXT)
    docker = (ROOT / "Dockerfile").read_text()
    cmd = " ".join(json.loads(re.search(r"^CMD (\[.*?\])", docker, re.S | re.M)[1]))
    assert len(serves) >= 3
    assert cmd.startswith("billing-quote serve ")
    # Plain uvicorn, where the README shows it, carries the guard and the log config.
    for command in re.findall(r"uvicorn app\.main:app[^\n`]*", TEXT):
        assert all(flag in command for flag in GUARD), command


def test_the_configuration_table_lists_every_setting_with_its_default():
    from app.api.operations.environment import setting_variables

    section = TEXT.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \| ([^|]+) \|$", section, re.MULTILINE)
    documented = {name: default.strip() for name, default, _ in rows}
    assert sorted(n for n in documented if n.startswith("BILLING_")) == sorted(setting_variables())
    assert "PROMETHEUS_MULTIPROC_DIR" in documented

    def shown(value):
        if value in (None, ()):
            return "none"
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    for name, field in Settings.model_fields.items():
        default = documented[f"BILLING_{name.upper()}"]
        assert default.split(" ")[0] == shown(field.default), name
