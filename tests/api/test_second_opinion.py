"""A second opinion on a month through the batch: re-rated under other terms, or its billed
figures checked against the contract, in memory or streamed, grouped or not, JSON or CSV."""

import csv
import io
import json
from decimal import Decimal

import pytest

from bench.mix import entries
from tests.unit.test_compare import EVENING_RAISED

NDJSON = "application/x-ndjson"


def ndjson(items):
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def lines_of(response):
    assert response.status_code == 200, response.text
    *results, end = [json.loads(line) for line in response.text.splitlines()]
    return results, end["summary"]


@pytest.fixture(scope="module")
def month():
    return entries(300, seed=5)


@pytest.mark.parametrize("group_by", ["none", "ticket"])
def test_a_month_re_rated_under_its_own_terms_differs_nowhere(client, month, group_by):
    params = {"group_by": group_by, "compare_policy": "vmi-se"}
    vmi = [e for e in month if e["policy"] == "vmi-se"]
    response = client.post(
        "/v1/quotes/batch", params=params, content=ndjson(vmi),
        headers={"Content-Type": NDJSON, "Accept": NDJSON},
    )  # fmt: skip
    results, summary = lines_of(response)
    quoted = [r for r in results if r["quote"]]
    assert quoted and all(r["rerated"]["difference_total"] == "0.00" for r in quoted)
    assert all(r["rerated"]["clauses"] == [] for r in quoted)
    assert summary["rerated"]["difference"] == {"SEK": "0.00"}
    assert summary["rerated"]["own"] == summary["totals"] == summary["rerated"]["other"]


def test_a_price_list_raising_the_evening_surcharge_changes_exactly_the_evening_lines(
    client_with, tmp_path, month
):
    (tmp_path / "alesund-evening-raised.toml").write_text(EVENING_RAISED, encoding="utf-8")
    client = client_with(policy_dir=tmp_path)
    march = [
        {**e, "policy": "alesund-evening-raised"}
        for e in month
        if e["policy"] == "alesund-data-no" and e["start"] < "2026-06"
    ]
    response = client.post(
        "/v1/quotes/batch", params={"compare_on": "2026-06-01"}, json={"items": march}
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    for result in answer["results"]:
        if result["quote"] is None:
            continue
        evening = any(line["band"] == "evening" for line in result["quote"]["bands"])
        changed = result["rerated"]["difference_total"] != "0.00"
        assert changed == evening
        if evening:
            assert result["rerated"]["clauses"] == ["ad:bands"]
            assert Decimal(result["rerated"]["difference_labour"]) > 0
    assert Decimal(answer["summary"]["rerated"]["difference"]["NOK"]) > 0


def billed(entry, minutes=None, amount=None):
    return {**entry, **({"billed_minutes": minutes} if minutes is not None else {}),
            **({"billed_amount": amount} if amount is not None else {})}  # fmt: skip


def test_planted_mis_billings_are_found_in_a_streamed_month_and_nothing_else(client):
    evening = {
        "policy": "alesund-data-no",
        "start": "2026-03-03T18:00:00+01:00",
        "end": "2026-03-03T18:40:00+01:00",
        "channel": "remote",
        "ticket_id": "B",
    }
    office = {
        "policy": "alesund-data-no",
        "start": "2026-03-04T15:30:00+01:00",
        "end": "2026-03-04T17:10:00+01:00",
        "channel": "remote",
        "ticket_id": "C",
    }
    holiday = {
        "policy": "alesund-data-no",
        "start": "2026-04-03T10:00:00+02:00",
        "end": "2026-04-03T11:00:00+02:00",
        "channel": "remote",
        "ticket_id": "D",
    }
    norrtalje = {
        "policy": "vmi-se",
        "start": "2026-03-05T09:00:00+01:00",
        "end": "2026-03-05T10:00:00+01:00",
        "channel": "onsite",
        "location": {"municipality": "Norrtälje"},
    }
    fine = {
        "policy": "vmi-se",
        "start": "2026-03-05T13:00:00+01:00",
        "end": "2026-03-05T13:25:00+01:00",
        "channel": "remote",
    }
    body = [
        billed(evening, 60, "1150.00"),      # the evening rate missed (1.40 × 1150 due)
        billed(office, 130, "2725.00"),      # the office-hours half hour billed too
        billed(holiday, 60, "1150.00"),      # a holiday billed at the normal rate
        billed(norrtalje, 60, "1345.00"),    # travel charged inside Norrtälje
        billed(fine, 30, "475.00"),          # as the contract says
        fine,                                # nothing billed: nothing to check
    ]  # fmt: skip
    response = client.post(
        "/v1/quotes/batch", params={"check_billed": "true"}, content=ndjson(body),
        headers={"Content-Type": NDJSON, "Accept": NDJSON},
    )  # fmt: skip
    results, summary = lines_of(response)
    outcomes = [r.get("billed", {}).get("outcome") for r in results]
    assert outcomes == [
        "under_billed",
        "over_billed",
        "under_billed",
        "over_billed",
        "agrees",
        None,
    ]
    assert summary["billed"]["agrees"] == 1
    assert (summary["billed"]["over_billed"], summary["billed"]["under_billed"]) == (2, 2)
    assert all(r["billed"]["clauses"] for r in results[:5])


def test_a_ticket_billed_entry_by_entry_is_checked_as_the_ticket_rounds_it(client):
    first = {
        "policy": "alesund-data-no",
        "start": "2026-03-02T18:00:00+01:00",
        "end": "2026-03-02T18:10:00+01:00",
        "channel": "remote",
        "ticket_id": "T",
    }
    second = {**first, "start": "2026-03-02T19:00:00+01:00", "end": "2026-03-02T19:10:00+01:00"}
    # Each entry rounded on its own to the first hour in the evening: 2 × 1610.00 billed.
    body = {"items": [billed(first, 60, "1610.00"), billed(second, 60, "1610.00")]}
    response = client.post(
        "/v1/quotes/batch", params={"check_billed": "true", "group_by": "ticket"}, json=body
    )
    (result,) = response.json()["results"]
    assert result["billed"]["billed_amount"] == "3220.00"
    assert result["billed"]["outcome"] == "over_billed"
    assert result["billed"]["difference_amount"] == "1610.00"  # the second hour, billed twice


def test_the_csv_answer_carries_the_difference_columns_safe_for_a_spreadsheet(client, month):
    vmi = [{**e, "customer_id": "=HYPERLINK(1)"} for e in month if e["policy"] == "vmi-se"][:20]
    response = client.post(
        "/v1/quotes/batch", params={"compare_policy": "vmi-se", "check_billed": "true"},
        json={"items": [billed(e, 60) for e in vmi]}, headers={"Accept": "text/csv"},
    )  # fmt: skip
    *rows, end = csv.DictReader(io.StringIO(response.text))
    assert end["items"].startswith("(end) ")
    assert {"difference_total", "changed_clauses", "billed_outcome"} <= set(rows[0])
    assert all(r["customer_id"] == "'=HYPERLINK(1)" for r in rows if r["customer_id"])
    assert all(r["difference_total"] in ("0.00", "") for r in rows)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"compare_policy": "nope"}, "query.compare_policy"),
        ({"compare_on": "01/06/2026"}, "query.compare_on"),
        ({"check_billed": "yes"}, "query.check_billed"),
        ({"check_billed": "true", "tolerance": "0.001"}, "query.tolerance"),
        ({"tolerance": "1.00"}, "query.tolerance"),
    ],
)
def test_a_second_opinion_that_cannot_be_read_is_refused_naming_its_parameter(
    client, params, field
):
    response = client.post("/v1/quotes/batch", params=params, json={"items": entries(2)})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_the_command_line_re_rates_and_checks_a_file(tmp_path, capsys):
    from app.cli import main

    path = tmp_path / "month.ndjson"
    entry = {"policy": "vmi-se", "start": "2026-03-05T13:00:00+01:00",
             "end": "2026-03-05T13:25:00+01:00", "channel": "remote"}  # fmt: skip
    path.write_bytes(ndjson([billed(entry, 30, "475.00"), billed(entry, 60, "950.00")]))
    status = main(["batch", str(path), "--check-billed", "--compare-policy", "vmi-se", "--csv"])
    assert status == 0
    *rows, end = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert [r["billed_outcome"] for r in rows] == ["agrees", "over_billed"]
    assert [r["difference_total"] for r in rows] == ["0.00", "0.00"]
    assert end["items"].startswith("(end) 2 entries")
    main(["batch", str(path), "--check-billed", "--tolerance", "500"])
    assert "billed: 2 agree, 0 over, 0 under" in capsys.readouterr().out


def test_terms_in_another_currency_give_no_difference_but_say_why(client):
    entry = {"policy": "vmi-se", "start": "2026-03-05T13:00:00+01:00",
             "end": "2026-03-05T13:25:00+01:00", "channel": "remote"}  # fmt: skip
    response = client.post(
        "/v1/quotes/batch", params={"compare_policy": "alesund-data-no"}, json={"items": [entry]}
    )
    (result,) = response.json()["results"]
    assert result["quote"] is None
    assert "bill in NOK, these in SEK" in result["problem"]["errors"][0]["problem"]
