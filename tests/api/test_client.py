"""The Python client and the `billing-quote` command, against the real app."""

import asyncio
import json
import subprocess
import sys
import time
from decimal import Decimal

import httpx
import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.cli import main
from app.client import ApiError, BillingClient, InProcessTransport, ServerUnreachable
from app.engine import QuoteRequest
from tests.api.conftest import API_KEY
from tests.api.payloads import EVENING, ONSITE
from tests.api.test_csv import ENTRIES
from tests.http_clients import live_server


@pytest.fixture(scope="module")
def server_url():
    with live_server(create_app(Settings(api_keys=(API_KEY,)))) as url:
        yield url


@pytest.fixture(scope="module")
def local():
    with BillingClient.in_process() as client:
        yield client


def test_the_client_quotes_over_http_with_a_key(server_url):
    with BillingClient(server_url, api_key=API_KEY) as client:
        quote = client.quote(EVENING)
    assert (quote.billable_minutes, quote.total, quote.currency) == (90, Decimal("2415.00"), "NOK")
    assert quote.bands[0].band == "evening"


def test_the_client_raises_the_problem_the_api_answers(server_url):
    with BillingClient(server_url) as client, pytest.raises(ApiError) as caught:
        client.policies()
    assert caught.value.status == 401
    with BillingClient(server_url, api_key=API_KEY) as client, pytest.raises(ApiError) as caught:
        client.quote({**EVENING, "end": EVENING["start"]})
    assert caught.value.status == 422
    assert caught.value.problem["errors"] == [{"field": "end", "problem": "must be after start"}]


def test_the_client_quotes_in_process_without_a_server(local):
    request = QuoteRequest.model_validate(ONSITE)
    quote = local.quote(request)
    assert (quote.travel.status, quote.travel.amount) == ("charged", Decimal("450.00"))


def test_the_client_sends_batches_and_csv(local):
    batch = local.quote_batch([EVENING, EVENING], group_by="none")
    assert batch.summary.quoted == 2
    typed = local.quote_csv(ENTRIES, group_by="ticket")
    assert [r.entries for r in typed.results] == [[0, 1], [2], [3], [4]]
    table = local.invoice_csv(ENTRIES)
    assert table.splitlines()[0].startswith("items,ticket_id,customer_id,policy")


def test_the_client_lists_and_shows_policies(local):
    assert [p.id for p in local.policies()] == ["alesund-data-no", "vmi-se"]
    detail = local.policy("vmi-se", year=2026)
    assert detail.policy.currency == "SEK"
    assert any(
        h.name == "Midsommardagen" or h.date.isoformat() == "2026-06-20" for h in detail.holidays
    )


def test_the_client_speaks_the_language_asked_for():
    with BillingClient.in_process(language="sv") as client:
        assert client.quote(EVENING).reasons[0].message.startswith("Arbete utanför kontorstid")


def test_the_command_prints_a_readable_quote(capsys):
    args = [
        "quote",
        "--policy",
        "alesund-data-no",
        "--start",
        EVENING["start"],
        "--end",
        EVENING["end"],
    ]
    assert main([*args, "--channel", "remote", "--ticket-id", "HD-1"]) == 0
    out = capsys.readouterr().out
    assert "Billable   90 min (1.50 h) at 1150.00/h" in out
    assert "evening" in out and "2415.00" in out
    assert "ad:hours" in out


def test_the_command_prints_json_on_request(capsys):
    argv = [
        "quote",
        "--policy",
        "vmi-se",
        "--start",
        ONSITE["start"],
        "--end",
        ONSITE["end"],
        "--channel",
        "onsite",
        "--municipality",
        "Solna",
        "--json",
    ]
    assert main(argv) == 0
    quote = json.loads(capsys.readouterr().out)
    assert quote["travel"]["clause"] == "vmi:3.3b"


def test_the_command_quotes_an_assignment_of_sittings(capsys):
    sittings = [
        "2026-03-03T16:10:00+01:00/2026-03-03T16:20:00+01:00",
        "2026-03-03T17:30:00+01:00/2026-03-03T17:45:00+01:00",
    ]
    argv = [
        "quote",
        "--policy",
        "alesund-data-no",
        "--channel",
        "remote",
        "--ticket-id",
        "T",
        "--json",
    ]
    for sitting in sittings:
        argv += ["--session", sitting]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["billable_minutes"] == 60


def test_the_command_quotes_a_csv_file_per_ticket(tmp_path, capsys):
    path = tmp_path / "entries.csv"
    path.write_text(ENTRIES, encoding="utf-8")
    # One entry of five cannot be quoted: the summary shows the rest, the status says so.
    assert main(["batch", str(path), "--group-by", "ticket"]) == 1
    out = capsys.readouterr().out
    assert "0,1       HD-7        billable       60     1610.00  NOK" in out
    assert "4 of 5 quoted; totals excl. VAT: 2760.00 NOK, 2439.00 SEK" in out
    assert main(["batch", str(path), "--csv"]) == 1
    assert capsys.readouterr().out.startswith("items,ticket_id")


def test_the_command_reports_an_error_and_fails(capsys):
    argv = [
        "quote",
        "--policy",
        "acme",
        "--start",
        EVENING["start"],
        "--end",
        EVENING["end"],
        "--channel",
        "phone",
    ]
    assert main(argv) == 2
    assert "unknown policy 'acme'" in capsys.readouterr().err


def test_the_installed_command_talks_to_a_server(server_url):
    argv = [
        sys.executable,
        "-m",
        "app.cli",
        "--server",
        server_url,
        "--api-key",
        API_KEY,
        "policies",
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    assert "alesund-data-no" in out and "vmi-se" in out


def test_an_invoice_table_cut_off_on_its_way_is_refused_and_a_whole_one_kept():
    table = "policy,start,end,channel\nvmi-se,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,remote\n"
    with BillingClient.in_process() as local:
        whole = local.invoice_csv(table)
    assert whole.splitlines()[-1].startswith('"(end) 1 entries, 1 quoted, 0 failed"')
    cut = "\r\n".join(whole.splitlines()[:-1]) + "\r\n"

    def answer(request):
        return httpx.Response(200, text=cut, headers={"Content-Type": "text/csv"})

    with BillingClient("http://x", transport=httpx.MockTransport(answer)) as remote:
        with pytest.raises(ApiError, match="502"):
            remote.invoice_csv(table)


def test_an_app_that_sends_nothing_is_given_up_after_the_read_timeout():
    """In process as over a socket, the client waits for an answer at most its read timeout."""

    async def silent(scope, receive, send):
        await asyncio.Event().wait()

    client = BillingClient("http://in-process", timeout=0.3, transport=InProcessTransport(silent))
    started = time.monotonic()
    with client, pytest.raises(ServerUnreachable, match="did not answer within 0.3 s"):
        client.quote(QuoteRequest.model_validate(EVENING))
    assert time.monotonic() - started < 5
