"""Workbooks, Nordic CSV, local times and PSA exports through POST /v1/quotes/batch."""

import json

import pytest

from tests.imports.month import natives, nordic_csv, sittings, totals, workbook
from tests.imports.test_psa import CONTRACTS, connectwise, tempo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NDJSON = "application/x-ndjson"


def post(client, body, content_type, accept="application/json", **params):
    return client.post(
        "/v1/quotes/batch",
        params=params,
        content=body,
        headers={"Content-Type": content_type, "Accept": accept},
    )


def summary_of(response):
    if response.headers["content-type"].startswith(NDJSON):
        return json.loads(response.text.splitlines()[-1])["summary"]
    return response.json()["summary"]


def expected():
    return {currency: f"{amount:.2f}" for currency, amount in totals(natives()).items()}


@pytest.mark.parametrize("accept", ["application/json", NDJSON])
def test_a_nordic_csv_and_its_workbook_total_as_the_iso_month(client, accept):
    csv = post(client, nordic_csv(sittings()), "text/csv; charset=windows-1252", accept,
               time_zone="policy")  # fmt: skip
    xlsx = post(client, workbook(sittings()), XLSX, accept, time_zone="policy")
    for response in (csv, xlsx):
        assert response.status_code == 200, response.text[:500]
        summary = summary_of(response)
        assert summary["failed"] == 0
        assert summary["totals"] == expected()


def test_an_undeclared_windows_1252_csv_is_refused_saying_how_to_save_utf8(client):
    response = post(client, nordic_csv(sittings()), "text/csv", time_zone="policy")
    assert response.status_code == 422
    assert "CSV UTF-8" in response.text


def test_a_semicolon_csv_reads_decimal_commas_without_options(client):
    body = (
        b"policy;start;end;channel;hourly_rate\r\n"
        b"vmi-se;2026-03-04T13:00:00+01:00;2026-03-04T14:00:00+01:00;remote;1000,00\r\n"
    )
    answer = post(client, body, "text/csv").json()
    assert answer["results"][0]["quote"]["hourly_rate"] == "1000.00"


def test_a_json_batch_reads_local_times_and_refuses_the_gap_naming_the_entry(client):
    items = [
        {"policy": "vmi-se", "start": "2026-03-04 13:00", "end": "2026-03-04 14:00", "channel": "remote"},
        {"policy": "alesund-data-no", "start": "2026-03-29 02:10", "end": "2026-03-29 03:10", "channel": "remote"},
    ]  # fmt: skip
    answer = client.post("/v1/quotes/batch?time_zone=policy", json={"items": items}).json()
    first, second = answer["results"]
    assert first["quote"]["sessions"][0]["start"] == "2026-03-04T13:00:00+01:00"
    (problem,) = second["problem"]["errors"]
    assert problem["field"] == "items.1.start"
    assert "Europe/Oslo" in problem["problem"] and "+01:00 or +02:00" in problem["problem"]


def test_a_bad_time_zone_is_refused_naming_the_parameter(client):
    response = post(client, b"policy\n", "text/csv", time_zone="Mars/Olympus")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.time_zone"


@pytest.mark.parametrize("group_by", ["none", "ticket"])
def test_a_psa_export_is_quoted_as_it_comes(client, group_by):
    rows = [row for row in sittings() if row["policy"] == "vmi-se"]
    export = json.dumps([connectwise(row)[0] for row in rows]).encode()
    answer = post(client, export, "application/json", source="connectwise", policy="vmi-se",
                  group_by=group_by).json()  # fmt: skip
    assert answer["summary"]["failed"] == 0
    if group_by == "none":
        ids = [r["quote"]["sessions"][0]["source_id"] for r in answer["results"]]
        assert ids == [str(row["id"]) for row in rows]


def test_a_psa_entry_without_a_start_fails_alone_naming_the_psas_field(client):
    records = [tempo(row)[0] for row in sittings()[:2]]
    del records[0]["startDate"]
    body = json.dumps({"results": records}).encode()
    answer = post(client, body, "application/json", source="tempo", policy="vmi-se",
                  time_zone="policy").json()  # fmt: skip
    first, second = answer["results"]
    assert first["problem"]["errors"][0]["field"] == "items.0.startDate"
    assert second["quote"] is not None


def test_an_unknown_profile_is_refused(client):
    response = post(client, b"[]", "application/json", source="zammad")
    assert response.status_code == 422
    assert "no import profile 'zammad'" in response.text


def test_an_ungrouped_batch_says_when_tickets_have_several_entries_money_unchanged(client):
    body = nordic_csv(sittings())
    ungrouped = post(client, body, "text/csv; charset=windows-1252", time_zone="policy").json()
    assert "group_by=ticket" in ungrouped["summary"]["note"]
    grouped = post(client, body, "text/csv; charset=windows-1252", time_zone="policy",
                   group_by="ticket").json()  # fmt: skip
    assert "note" not in grouped["summary"]


def test_a_csv_export_streams_with_its_options(client):
    rows = sittings()
    records = [connectwise(row)[0] for row in rows]
    flat = ["id,timeStart,timeEnd,chargeToId,billableOption"] + [
        f"{r['id']},{r['timeStart']},{r['timeEnd']},{r['chargeToId']},Billable" for r in records
    ]
    contracts = {v: k for k, v in CONTRACTS.items()}
    del contracts
    response = post(client, ("\n".join(flat) + "\n").encode(), "text/csv", NDJSON,
                    source="connectwise", policy="vmi-se")  # fmt: skip
    assert response.status_code == 200
    assert summary_of(response)["items"] == len(rows)
