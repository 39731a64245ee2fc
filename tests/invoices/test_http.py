"""POST /v1/invoices: the batch's bodies in, XML or a ZIP of XML out, every invoice valid."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client import REGISTRY

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import app_client, post_scope
from tests.invoices.parties import book_of, contract, visit
from tests.invoices.peppol import Validator
from tests.unit.contracts import EXAMPLES

MONTH = "?issue_date=2026-12-01"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("contracts")
    for example in EXAMPLES.glob("*.toml"):
        (folder / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    book_of(folder, kustbygg=contract("kustbygg", "vmi-se"))
    with app_client(create_app(Settings(policy_dir=folder))) as test_client:
        yield test_client


def entries(*customers: str) -> list[dict]:
    return [
        visit("kustbygg", "2026-11-12", "10:00", "11:00", ticket_id=f"K-{i}", customer_id=c)
        for i, c in enumerate(customers)
    ]


def test_one_invoice_is_answered_as_xml(client, rules: Validator) -> None:
    response = client.post(f"/v1/invoices{MONTH}", json={"items": entries("kb")})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    assert 'filename="kb-2026-11-SEK.xml"' in response.headers["content-disposition"]
    assert rules.fatal(response.content) == []


def test_several_invoices_are_a_zip_named_by_invoice_number(client, rules: Validator) -> None:
    body = {
        "items": [
            *entries("kb", "kb2"),
            visit("vmi-roslagsbygg", "2026-11-20", "18:00", "18:40", ticket_id="R-1"),
        ]
    }
    response = client.post(f"/v1/invoices{MONTH}&order_reference=PO-9", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == ["kb-2026-11-SEK.xml", "kb2-2026-11-SEK.xml", "vmi-roslagsbygg-2026-11-SEK.xml"]
    for name in names:
        assert rules.fatal(archive.read(name)) == []


def test_a_csv_month_grouped_by_ticket(client, rules: Validator) -> None:
    csv = (
        "policy,ticket_id,start,end,channel\n"
        "kustbygg,K-1,2026-11-03T10:00:00+01:00,2026-11-03T10:20:00+01:00,remote\n"
        "kustbygg,K-1,2026-11-04T10:00:00+01:00,2026-11-04T10:20:00+01:00,remote\n"
    )
    response = client.post(
        f"/v1/invoices{MONTH}&group_by=ticket&number=INV-{{n}}",
        content=csv,
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert b"<cbc:ID>INV-1</cbc:ID>" in response.content
    assert rules.fatal(response.content) == []


def test_entries_that_cannot_be_quoted_are_a_422_listing_them(client) -> None:
    body = {"items": [*entries("kb"), visit("kustbygg", "2026-11-12", "12:00", "11:00")]}
    response = client.post(f"/v1/invoices{MONTH}", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"][:8] for e in response.json()["errors"]] == ["items.1."]


def test_a_policy_without_buyer_details_is_a_422_naming_them(client) -> None:
    body = {"items": [visit("vmi-se", "2026-11-12", "10:00", "11:00")]}
    response = client.post(f"/v1/invoices{MONTH}", json=body)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["policy vmi-se: seller", "policy vmi-se: buyer"]


def test_a_number_pattern_that_repeats_is_a_422(client) -> None:
    response = client.post(f"/v1/invoices{MONTH}&number=INV", json={"items": entries("a", "b")})
    assert response.status_code == 422
    assert "gives 'INV' to two invoices" in response.text


def test_a_due_date_before_the_issue_date_is_a_422(client) -> None:
    response = client.post(f"/v1/invoices{MONTH}&due_date=2026-11-30", json={"items": entries("a")})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_date"


def test_the_words_are_the_buyers_language_unless_the_request_chooses(client) -> None:
    body = {"items": entries("kb")}
    swedish = client.post(f"/v1/invoices{MONTH}", json=body)
    english = client.post(f"/v1/invoices{MONTH}&lang=en", json=body)
    norwegian = client.post(f"/v1/invoices{MONTH}&lang=nb", json=body)
    assert b"<cbc:Name>Arbete, prisband standard</cbc:Name>" in swedish.content
    assert b"<cbc:Name>Labour, band standard</cbc:Name>" in english.content
    assert b"<cbc:Name>Arbeid, sats standard</cbc:Name>" in norwegian.content
    assert b"<cbc:Note>Quoted under kustbygg.</cbc:Note>" in english.content


def test_an_unknown_language_is_a_422_naming_it(client) -> None:
    response = client.post(f"/v1/invoices{MONTH}&lang=de", json={"items": entries("kb")})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.lang"


@pytest.mark.parametrize("asked", ["check_billed=true", "compare_policy=vmi-se"])
def test_a_second_opinion_is_refused_no_credit_notes(client, asked: str) -> None:
    response = client.post(f"/v1/invoices{MONTH}&{asked}", json={"items": entries("kb")})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == f"query.{asked.partition('=')[0]}"
    assert "no credit notes" in error["problem"]


def test_a_negative_correction_is_a_422_naming_the_amount(client) -> None:
    correction = {"kind": "spare_part", "description": "Returned SSD", "amount": "-899.00"}
    item = {**entries("kb")[0], "materials": [correction]}
    response = client.post(f"/v1/invoices{MONTH}", json={"items": [item]})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "items.0.materials.0.amount"


def test_a_caller_that_reads_no_invoice_is_cut_off_by_the_write_timeout(tmp_path) -> None:
    """Invoices are answered whole, but a caller must still read them within the write timeout
    (the same as a batch's): one that reads nothing is cut off, its answer counted as aborted."""
    for example in EXAMPLES.glob("*.toml"):
        (tmp_path / example.name).write_text(example.read_text(encoding="utf-8"), "utf-8")
    book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se"))
    app = create_app(Settings(policy_dir=tmp_path, write_timeout=0.3))
    labels = {"reason": "write timeout"}
    before = REGISTRY.get_sample_value("billing_quote_answers_aborted_total", labels) or 0.0
    body = json.dumps({"items": entries("kb")}).encode()
    scope = post_scope("/v1/invoices", "application/json", MONTH[1:].encode())
    started: list[int] = []

    asked: list[bool] = []

    async def receive() -> dict:
        if asked:  # the body was read; the caller stays connected
            await asyncio.Event().wait()
        asked.append(True)
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            started.append(message["status"])
        else:  # the caller reads nothing: the body is never taken
            await asyncio.Event().wait()

    async def ask() -> None:
        await asyncio.wait_for(app(scope, receive, send), 10)

    asyncio.run(ask())
    assert started == [200]
    after = REGISTRY.get_sample_value("billing_quote_answers_aborted_total", labels) or 0.0
    assert after == before + 1
