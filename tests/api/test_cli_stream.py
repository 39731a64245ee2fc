"""The command line and the client stream CSV and NDJSON: results as they come, progress shown."""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from decimal import Decimal

import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.cli import main
from app.client import BillingClient
from tests.api.conftest import API_KEY
from tests.api.test_doors_agree import as_csv, month
from tests.api.test_stream import ndjson
from tests.http_clients import live_server

COMMAND = [sys.executable, "-m", "app.cli"]


@pytest.fixture(scope="module")
def server_url():
    with live_server(create_app(Settings(api_keys=(API_KEY,)))) as url:
        yield url


@pytest.fixture(scope="module")
def items():
    return month(120)


@pytest.fixture(scope="module")
def in_memory(items):
    with BillingClient.in_process() as client:
        return client.quote_batch(items, group_by="ticket")


def lines_of(out):
    *results, end = [json.loads(line) for line in out.splitlines()]
    return results, end


def money_of(results):
    return [(r["entries"], r["quote"] and r["quote"]["total"]) for r in results]


def expected(in_memory):
    return [(r.entries, r.quote and str(r.quote.total)) for r in in_memory.results]


def test_the_command_streams_an_ndjson_file(tmp_path, capsys, items, in_memory):
    path = tmp_path / "month.ndjson"
    path.write_bytes(ndjson(items))
    status = main(["batch", str(path), "--group-by", "ticket", "--json"])
    results, end = lines_of(capsys.readouterr().out)
    assert status == (1 if in_memory.summary.failed else 0)
    assert money_of(results) == expected(in_memory)
    assert end["summary"]["totals"] == {k: str(v) for k, v in in_memory.summary.totals.items()}


def test_the_command_reads_csv_and_ndjson_on_standard_input_without_progress_bars(items, in_memory):
    for body in (ndjson(items), as_csv(items).encode()):
        result = subprocess.run(
            [*COMMAND, "batch", "-", "--group-by", "ticket", "--json"],
            input=body,
            capture_output=True,
            timeout=120,
        )
        assert result.stderr == b""  # not a terminal: no progress bars
        results, end = lines_of(result.stdout.decode())
        assert money_of(results) == expected(in_memory)
        assert end["summary"]["items"] == len(items)


def test_the_command_prints_a_table_as_results_come_and_the_summary_last(tmp_path, capsys):
    path = tmp_path / "few.csv"
    path.write_text(as_csv(month(12)), encoding="utf-8")
    assert main(["batch", str(path)]) in (0, 1)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("items     ticket")
    assert len(out) == 15 and " of 12 quoted; totals excl. VAT: " in out[13]
    assert out[14].startswith("note: ") and "group_by=ticket" in out[14]  # tickets of 2 entries


def test_a_terminal_sees_progress_bars_unless_quiet(tmp_path, items):
    path = tmp_path / "month.ndjson"
    path.write_bytes(ndjson(items))

    def stderr_on_a_terminal(*options):
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        try:
            subprocess.run(
                [*COMMAND, "batch", str(path), "--csv", *options],
                stdout=subprocess.DEVNULL,
                stderr=follower,
                timeout=120,
                check=False,
            )
            os.close(follower)
            seen = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal's other end is closed
                    break
                if not chunk:
                    break
                seen += chunk
            return seen.decode(errors="replace")
        finally:
            os.close(leader)

    shown = stderr_on_a_terminal()
    assert "sent" in shown and "quoted" in shown and f"{len(items)}/{len(items)}" in shown
    assert stderr_on_a_terminal("--quiet") == ""


def test_the_client_streams_entries_and_gives_the_summary_after_the_last(items, in_memory):
    with (
        BillingClient.in_process() as client,
        client.stream_entries(items, group_by="ticket") as results,
    ):
        streamed = [(r.entries, r.quote and str(r.quote.total)) for r in results]
        assert results.summary == in_memory.summary
    assert streamed == expected(in_memory)


def test_the_client_streams_a_gzip_body_to_a_server(server_url, items, in_memory):
    with (
        BillingClient(server_url, api_key=API_KEY) as client,
        client.stream_batch([ndjson(items)], group_by="ticket", compress=True) as results,
    ):
        quoted = sum(len(r.entries) for r in results if r.quote is not None)
    assert quoted == in_memory.summary.quoted
    assert results.summary.totals == in_memory.summary.totals
    assert all(isinstance(v, Decimal) for v in results.summary.totals.values())


def test_the_command_streams_to_a_server_compressed(server_url, tmp_path, items, in_memory):
    path = tmp_path / "month.csv"
    path.write_text(as_csv(items), encoding="utf-8")
    result = subprocess.run(
        [*COMMAND, "--server", server_url, "--api-key", API_KEY, "batch", str(path), "--json",
         "--group-by", "ticket"],
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    results, end = lines_of(result.stdout.decode())
    assert money_of(results) == expected(in_memory)
