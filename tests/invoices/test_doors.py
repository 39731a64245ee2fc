"""POST /v1/invoices takes every body the batch takes, through the batch's own pipeline: a JSON
batch, CSV and NDJSON (streamed), a PSA's export (JSON or CSV); the invoices validate and bill
the money the batch bills for the same body."""

from __future__ import annotations

import asyncio
import csv
import gzip
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import app_client, post_scope
from tests.imports.month import sittings
from tests.imports.test_psa import connectwise
from tests.invoices.answers import NS, invoices_in
from tests.invoices.parties import book_of, contract, visit
from tests.invoices.peppol import Validator

NDJSON = "application/x-ndjson"
COLUMNS = [
    "policy", "ticket_id", "customer_id", "start", "end", "channel", "location.municipality",
    "materials.0.kind", "materials.0.description", "materials.0.amount",
]  # fmt: skip
MOST_IN_MEMORY = 8  # BILLING_MAX_BATCH_ITEMS of these tests: a month of 12 must stream
LARGEST_BODY = 3000  # BILLING_MAX_BODY_BYTES of these tests: four months of 12 must stream


def month() -> list[dict[str, Any]]:
    """Return a month of two contracts, three customers: bands, travel, materials, free work."""
    return [
        visit("kustbygg", "2026-11-03", "10:00", "10:50", ticket_id="K-1", customer_id="kb"),
        visit("kustbygg", "2026-11-03", "18:00", "18:25", ticket_id="K-2", customer_id="kb"),
        visit("kustbygg", "2026-11-04", "18:30", "18:40", ticket_id="K-2", customer_id="kb"),
        visit(
            "kustbygg", "2026-11-10", "09:00", "11:05", ticket_id="K-3", customer_id="kb",
            channel="onsite", location={"municipality": "Solna"},
            materials=[{"kind": "spare_part", "description": "SSD 1 TB", "amount": "899.00"}],
        ),
        visit("kustbygg", "2026-11-12", "13:00", "13:07", ticket_id="K-4", customer_id="hb"),
        visit("kustbygg", "2026-11-13", "13:00", "13:07", ticket_id="K-5", customer_id="hb"),
        visit("sjobuss", "2026-11-04", "09:00", "09:40", ticket_id="S-1"),  # free
        visit("sjobuss", "2026-11-04", "19:00", "19:35", ticket_id="S-2"),
        visit("sjobuss", "2026-11-07", "11:00", "12:10", ticket_id="S-3"),
        visit("sjobuss", "2026-11-07", "12:30", "12:45", ticket_id="S-3"),
        visit(
            "sjobuss", "2026-11-09", "10:00", "11:00", ticket_id="S-4", channel="onsite",
            location={"municipality": "Ålesund"},
            materials=[{"kind": "toner_ink", "description": "Toner", "amount": "1249.50"}],
        ),
        visit("sjobuss", "2026-11-20", "22:10", "22:40", ticket_id="S-5"),
    ]  # fmt: skip


def months(copies: int) -> list[dict[str, Any]]:
    """Return the month `copies` times over, each copy's tickets of their own."""
    return [
        {**entry, "ticket_id": f"{entry['ticket_id']}.{copy}"}
        for copy in range(copies)
        for entry in month()
    ]


def as_csv(entries: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        material = entry.get("materials", [{}])[0]
        place = entry.get("location", {}).get("municipality", "")
        writer.writerow(
            [entry.get(name, "") for name in COLUMNS[:6]]
            + [place, *(material.get(k, "") for k in ("kind", "description", "amount"))]
        )
    return out.getvalue().encode()


def as_ndjson(entries: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(entry).encode() + b"\n" for entry in entries)


BODIES = {
    "json": (lambda entries: json.dumps({"items": entries}).encode(), "application/json"),
    "csv": (as_csv, "text/csv"),
    "ndjson": (as_ndjson, NDJSON),
}


@pytest.fixture(scope="module")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("contracts")
    book_of(
        folder,
        kustbygg=contract("kustbygg", "vmi-se"),
        sjobuss=contract("sjobuss", "alesund-data-no"),
    )
    return folder


@pytest.fixture(scope="module")
def client(contracts: Path) -> Iterator[httpx.Client]:
    settings = Settings(
        policy_dir=contracts, max_batch_items=MOST_IN_MEMORY, max_body_bytes=LARGEST_BODY
    )
    with app_client(create_app(settings)) as test_client:
        yield test_client


def post(client: httpx.Client, path: str, body: bytes, media_type: str, **params: str) -> Any:
    headers = {"Content-Type": media_type, "Accept": "application/json"}
    return client.post(path, params=params, content=body, headers=headers)


def net_totals(invoices: dict[str, bytes]) -> dict[str, Decimal]:
    """Return the invoices' amounts without VAT (BT-109), summed per currency."""
    totals: dict[str, Decimal] = {}
    for xml in invoices.values():
        root = etree.fromstring(xml)
        amount = root.find("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", NS)
        currency = amount.get("currencyID")
        totals[currency] = totals.get(currency, Decimal(0)) + Decimal(amount.text)
    return totals


def batch_totals(client: httpx.Client, body: bytes, media_type: str, **params: str) -> dict:
    """Return the batch's totals for the same body and options (streamed bodies as NDJSON)."""
    streamed = media_type in ("text/csv", NDJSON)
    headers = {"Content-Type": media_type, "Accept": NDJSON if streamed else "application/json"}
    response = client.post("/v1/quotes/batch", params=params, content=body, headers=headers)
    assert response.status_code == 200, response.text[:2000]
    if streamed:
        summary = json.loads(response.text.splitlines()[-1])["summary"]
    else:
        summary = response.json()["summary"]
    assert summary["failed"] == 0
    return {currency: Decimal(amount) for currency, amount in summary["totals"].items()}


@pytest.mark.parametrize("group_by", ["none", "ticket"])
@pytest.mark.parametrize("door", sorted(BODIES))
def test_each_door_invoices_the_money_the_batch_bills(
    client: httpx.Client, rules: Validator, door: str, group_by: str
) -> None:
    if door == "json":  # a JSON body is read whole: within BILLING_MAX_BATCH_ITEMS
        entries = month()[:MOST_IN_MEMORY]
    else:  # a streamed one may be longer, and larger than BILLING_MAX_BODY_BYTES
        entries = months(4)
    encode, media_type = BODIES[door]
    body = encode(entries)
    assert (len(body) > LARGEST_BODY) == (door != "json")
    options = {"issue_date": "2026-12-01", "group_by": group_by}
    invoices = invoices_in(post(client, "/v1/invoices", body, media_type, **options))
    assert sorted(invoices) == [
        "hb-2026-11-SEK.xml",
        "kb-2026-11-SEK.xml",
        "sjobuss-2026-11-NOK.xml",
    ]
    for xml in invoices.values():
        assert rules.fatal(xml) == []
    del options["issue_date"]
    assert net_totals(invoices) == batch_totals(client, body, media_type, **options)


def test_the_three_doors_write_the_same_invoices(client: httpx.Client) -> None:
    entries = month()[:MOST_IN_MEMORY]
    answers = [
        invoices_in(
            post(client, "/v1/invoices", encode(entries), media_type, issue_date="2026-12-01")
        )
        for encode, media_type in BODIES.values()
    ]
    assert answers[0] == answers[1] == answers[2]


def test_a_json_batch_is_read_whole_within_the_batch_limit(client) -> None:
    body = json.dumps({"items": month()}).encode()
    assert len(body) < LARGEST_BODY and len(month()) > MOST_IN_MEMORY
    response = post(client, "/v1/invoices", body, "application/json")
    assert response.status_code == 422
    assert "BILLING_MAX_BATCH_ITEMS" in response.json()["errors"][0]["problem"]


def test_a_stream_past_its_entry_limit_names_the_setting(tmp_path: Path) -> None:
    book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se"))
    settings = Settings(policy_dir=tmp_path, max_stream_items=3)
    with app_client(create_app(settings)) as small:
        entries = [e for e in month() if e["policy"] == "kustbygg"]
        response = post(small, "/v1/invoices", as_ndjson(entries), NDJSON)
    assert response.status_code == 422
    assert "BILLING_MAX_STREAM_ITEMS" in response.json()["errors"][0]["problem"]


def test_a_psa_json_export_is_invoiced_as_the_batch_quotes_it(client, rules: Validator) -> None:
    rows = [row for row in sittings() if row["policy"] == "vmi-se"][:MOST_IN_MEMORY]
    export = json.dumps([connectwise(row)[0] for row in rows]).encode()
    options = {"source": "connectwise", "policy": "kustbygg", "group_by": "ticket"}
    response = post(client, "/v1/invoices", export, "application/json", **options)
    invoices = invoices_in(response)
    customers = sorted({row["customer"] for row in rows})
    assert sorted(invoices) == [f"{customer}-2026-03-SEK.xml" for customer in customers]
    for xml in invoices.values():
        assert rules.fatal(xml) == []
    assert net_totals(invoices) == batch_totals(client, export, "application/json", **options)


def test_a_psa_csv_export_streams_into_invoices(client, rules: Validator) -> None:
    rows = [row for row in sittings() if row["policy"] == "vmi-se"]
    assert len(rows) > MOST_IN_MEMORY
    records = [connectwise(row)[0] for row in rows]
    lines = ["id,timeStart,timeEnd,chargeToId,billableOption,company.identifier"] + [
        f"{r['id']},{r['timeStart']},{r['timeEnd']},{r['chargeToId']},Billable,"
        f"{r['company']['identifier']}"
        for r in records
    ]
    body = ("\n".join(lines) + "\n").encode()
    options = {"source": "connectwise", "policy": "kustbygg"}
    invoices = invoices_in(post(client, "/v1/invoices", body, "text/csv", **options))
    assert len(invoices) == len({row["customer"] for row in rows})
    for xml in invoices.values():
        assert rules.fatal(xml) == []
    assert net_totals(invoices) == batch_totals(client, body, "text/csv", **options)


def test_entries_of_a_stream_that_cannot_be_quoted_are_listed_by_line(client) -> None:
    entries = month()
    entries[3] = {**entries[3], "end": entries[3]["start"]}
    entries[9] = {**entries[9], "policy": "nowhere"}
    response = post(client, "/v1/invoices", as_csv(entries), "text/csv")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problems = [f"{e['field']}: {e['problem']}" for e in response.json()["errors"]]
    assert [p.split(":")[0] for p in problems] == ["items.3.end", "items.9.policy"]
    assert problems[0].startswith("items.3.end: line 5:")  # the header is line 1


def test_a_month_of_many_bad_entries_lists_the_first_and_counts_the_rest(client) -> None:
    bad = {**month()[0], "policy": "nowhere"}
    response = post(client, "/v1/invoices", as_ndjson([bad] * 60), NDJSON)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == 51
    assert errors[-1] == {"field": "(more)", "problem": "10 more problems"}


def test_a_workbook_is_invoiced_as_its_csv(contracts: Path, rules: Validator) -> None:
    from openpyxl import Workbook

    entries = month()[:MOST_IN_MEMORY]
    book = Workbook()
    for row in csv.reader(io.StringIO(as_csv(entries).decode())):
        book.active.append(row)
    workbook = io.BytesIO()
    book.save(workbook)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    options = {"issue_date": "2026-12-01"}
    with app_client(create_app(Settings(policy_dir=contracts))) as client:
        from_workbook = invoices_in(
            post(client, "/v1/invoices", workbook.getvalue(), xlsx, **options)
        )
        from_csv = invoices_in(post(client, "/v1/invoices", as_csv(entries), "text/csv", **options))
    assert from_workbook == from_csv
    for xml in from_workbook.values():
        assert rules.fatal(xml) == []


def test_a_gzipped_stream_is_decoded_as_it_arrives(client) -> None:
    body = as_ndjson(months(4))
    headers = {"Content-Type": NDJSON, "Content-Encoding": "gzip"}
    zipped = client.post(
        "/v1/invoices?issue_date=2026-12-01", content=gzip.compress(body), headers=headers
    )
    plain = post(client, "/v1/invoices", body, NDJSON, issue_date="2026-12-01")
    assert invoices_in(zipped) == invoices_in(plain)


def test_a_caller_who_hangs_up_stops_the_work_within_a_step(contracts: Path, monkeypatch) -> None:
    from app.api.batches import invoices as writer

    steps: list[bool] = []
    worked = writer._worked

    def counted(pieces: Any, most: int) -> bool:
        steps.append(worked(pieces, most))
        return steps[-1]

    monkeypatch.setattr(writer, "_worked", counted)
    body = as_ndjson(months(500))  # 6,000 entries: more than one step's four thousand
    app = create_app(Settings(policy_dir=contracts))
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = post_scope("/v1/invoices", NDJSON, b"issue_date=2026-12-01")
    asyncio.run(app(scope, receive, send))
    assert steps == [False]  # one step, then the hang-up was seen: no more work
    assert sent == []  # nothing to answer a caller who left


def test_a_psa_entry_marked_not_billable_is_named_never_left_off(client) -> None:
    rows = [row for row in sittings() if row["policy"] == "vmi-se"][:3]
    records = [connectwise(row)[0] for row in rows]
    records[1]["billableOption"] = "DoNotBill"
    export = json.dumps(records).encode()
    options = {"source": "connectwise", "policy": "kustbygg"}
    response = post(client, "/v1/invoices", export, "application/json", **options)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "items.1.billableOption"
    assert "not billable (DoNotBill)" in error["problem"]
