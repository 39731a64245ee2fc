"""The README's promises: it is short, and its three commands do what they say."""

import re
import shlex
import socket
import subprocess
import sys
import time

import httpx

from app.engine import REBUILD
from app.version import VERSION
from tests.readme_examples import DOCS, README, ROOT, examples

TEXT = README.read_text(encoding="utf-8")
LONGEST = 250


def command_after(marker: str, text: str = TEXT) -> str:
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", text)
    assert match, f"README has no {marker}"
    return match[1]


def test_the_readme_is_short():
    assert len(TEXT.splitlines()) <= LONGEST


def test_the_readme_shows_one_example_and_links_every_docs_page():
    assert len(examples(TEXT)) == 1
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)\)", TEXT))
    assert linked == {path.name for path in DOCS.glob("*.md")}


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


def test_the_development_page_shows_the_readme_compile_command():
    development = (DOCS / "development.md").read_text(encoding="utf-8")
    assert f"```sh\n{command_after('compile-command')}\n```" in development


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
