"""The command line for people and scripts: the same money as the API, clear errors, exit codes."""

import json
import socket
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.cli import main
from app.client import BillingClient
from app.wire.encoding import batch_json
from tests.api.conftest import API_KEY
from tests.api.payloads import EVENING
from tests.http_clients import app_client, live_server

BATCH_FILE = Path(__file__).parents[2] / "examples" / "batch.json"
QUOTE_ARGS = ["quote", "--policy", "alesund-data-no", "--start", EVENING["start"]]
QUOTE_ARGS += ["--end", EVENING["end"], "--channel", "remote", "--ticket-id", "HD-1"]


def money_of(answer):
    """What a batch answer bills: each result's entries and total, and the totals."""
    results = [
        (r["entries"], r["quote"]["total"] if r["quote"] else None) for r in answer["results"]
    ]
    return results, answer["summary"]


@pytest.fixture(scope="module")
def server_url():
    with live_server(create_app(Settings(api_keys=(API_KEY,)))) as url:
        yield url


def test_one_batch_file_bills_the_same_through_the_api_the_client_and_the_command(capsys):
    document = BATCH_FILE.read_bytes()
    assert json.loads(document)["group_by"] == "ticket"
    with app_client(create_app(Settings())) as http:
        headers = {"Content-Type": "application/json"}
        by_api = http.post("/v1/quotes/batch", content=document, headers=headers).json()
    with BillingClient.in_process() as client:
        by_client = json.loads(batch_json(client.send_batch(json.loads(document))))
    assert main(["batch", str(BATCH_FILE), "--json"]) == 1  # one entry of three fails
    by_command = json.loads(capsys.readouterr().out)
    assert money_of(by_api) == money_of(by_client) == money_of(by_command)
    # The file's own group_by bills ticket HD-7's two sittings as one first hour.
    assert by_command["summary"]["totals"] == {"NOK": "1610.00"}
    assert by_command["results"][0]["entries"] == [0, 1]


def test_the_command_line_group_by_goes_beside_the_file_and_a_contradiction_is_refused(capsys):
    assert main(["batch", str(BATCH_FILE), "--group-by", "none"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "group_by: the query says 'none', the body 'ticket'" in err


def test_the_client_sends_group_by_only_when_asked():
    entries = json.loads(BATCH_FILE.read_bytes())["items"][:2]
    with BillingClient.in_process() as client:
        apart = client.quote_batch(entries)
        together = client.quote_batch(entries, group_by="ticket")
    assert apart.summary.totals == {"NOK": Decimal("3220.00")}
    assert together.summary.totals == {"NOK": Decimal("1610.00")}


def run_batch_on(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    status = main(["batch", str(path)])
    captured = capsys.readouterr()
    return status, captured.err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", b'{"items": [1,,]}', "bad.json: not valid JSON: Expecting value at line 1"),
        ("flat.json", b'{"entries": []}', 'flat.json: no "items" list'),
        ("latin.csv", "policy\nNorrt\xe4lje\n".encode("latin-1"), "latin.csv: line 2: not UTF-8"),
        ("missing.csv", None, "No such file or directory"),
    ],
)
def test_a_bad_file_is_one_line_on_stderr_and_status_2(tmp_path, capsys, name, content, message):
    if content is None:
        status = main(["batch", str(tmp_path / name)])
        err = capsys.readouterr().err
    else:
        status, err = run_batch_on(tmp_path, capsys, name, content)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("billing-quote: ")
    assert message in err


def test_a_bad_policy_folder_is_one_line_and_status_2(tmp_path, capsys):
    assert main(["--policy-dir", str(tmp_path / "nowhere"), "policies"]) == 2
    err = capsys.readouterr().err
    assert err == f"billing-quote: {tmp_path / 'nowhere'}: (folder): not a folder\n"


def test_no_traceback_reaches_a_person_for_an_ordinary_mistake(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "batch", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("billing-quote: ") and result.stderr.count("\n") == 1


def test_a_server_that_is_down_is_status_3():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port now
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--server", f"http://127.0.0.1:{port}", "policies"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3
    assert result.stderr.startswith(f"billing-quote: cannot reach http://127.0.0.1:{port}")
    assert "Traceback" not in result.stderr


def test_a_server_that_does_not_answer_in_time_is_status_3(capsys):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        held = []  # the accepted connection, kept open and silent until the end
        holder = threading.Thread(target=lambda: held.append(silent.accept()), daemon=True)
        holder.start()
        status = main(["policies", "--server", url, "--timeout", "0.3"])
        holder.join(timeout=5)
        for connection, _ in held:
            connection.close()
    assert status == 3
    assert capsys.readouterr().err == f"billing-quote: {url} did not answer within 0.3 s\n"


def test_global_options_work_after_the_sub_command(server_url, capsys):
    assert main(["policies", "--server", server_url, "--api-key", API_KEY]) == 0
    assert "vmi-se" in capsys.readouterr().out
    assert main([*QUOTE_ARGS, "--lang", "sv"]) == 0
    assert "Arbete utanför kontorstid" in capsys.readouterr().out
    # Given before and after, the one after the sub-command wins; given before only, it stays.
    assert main(["--lang", "sv", *QUOTE_ARGS]) == 0
    assert "Arbete utanför kontorstid" in capsys.readouterr().out


def test_the_key_and_url_come_from_the_environment(server_url, monkeypatch, capsys):
    monkeypatch.setenv("BILLING_QUOTE_URL", server_url)
    monkeypatch.setenv("BILLING_QUOTE_API_KEY", API_KEY)
    assert main(["policies"]) == 0
    assert "alesund-data-no" in capsys.readouterr().out
    monkeypatch.setenv("BILLING_QUOTE_API_KEY", "wrong-key-0123456789")
    assert main(["policies"]) == 2
    assert capsys.readouterr().err.startswith("billing-quote: 401 Unauthorized")


@pytest.mark.parametrize("argv", [["--help"], ["batch", "--help"]])
def test_help_names_the_environment_and_the_exit_statuses(capsys, argv):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "BILLING_QUOTE_URL" in out and "BILLING_QUOTE_API_KEY" in out
    assert "exit status:" in out and "3    the server cannot be reached" in out


def test_a_ferry_without_a_municipality_is_an_error(capsys):
    with pytest.raises(SystemExit) as done:
        main([*QUOTE_ARGS, "--ferry"])
    assert done.value.code == 2
    assert "--ferry needs --municipality" in capsys.readouterr().err
