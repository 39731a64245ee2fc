"""CSV in, invoice-ready CSV out: a month of PSA time entries round trip."""

import csv
import io
from decimal import Decimal

from app.wire.csv_io import spreadsheet_safe

ENTRIES = """\
policy,start,end,channel,ticket_id,customer_id,location.municipality,causes,materials.0.kind,materials.0.description,materials.0.amount
alesund-data-no,2026-03-03T16:10:00+01:00,2026-03-03T16:20:00+01:00,phone,HD-7,ACME,,,,,
alesund-data-no,2026-03-03T17:30:00+01:00,2026-03-03T17:45:00+01:00,remote,HD-7,ACME,,,,,
vmi-se,2026-03-04T09:00:00+01:00,2026-03-04T10:20:00+01:00,onsite,VMI-3,Bygg AB,Solna,,mounting_material,Cat6 cable,89.00
vmi-se,2026-03-04T09:00:00,2026-03-04T10:20:00+01:00,phone,VMI-4,Bygg AB,,,,,
alesund-data-no,2026-03-05T10:00:00+01:00,2026-03-05T11:00:00+01:00,remote,HD-9,ACME,,misuse|liquid_damage,,,
"""
CSV_IN = {"Content-Type": "text/csv"}
CSV_BOTH = {"Content-Type": "text/csv", "Accept": "text/csv"}


def rows_of(response):
    """Return the invoice rows of a CSV answer, checking its closing row."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    *rows, end = csv.DictReader(io.StringIO(response.text))
    assert end["items"].startswith("(end) ") and not any(list(end.values())[1:])
    return rows


def test_a_csv_answer_ends_with_a_row_that_says_it_is_whole(client):
    response = client.post("/v1/quotes/batch", content=ENTRIES, headers=CSV_BOTH)
    assert response.text.endswith('"(end) 5 entries, 4 quoted, 1 failed"' + "," * 23 + "\r\n")


def test_a_csv_of_time_entries_comes_back_as_an_invoice_ready_table(client):
    rows = rows_of(client.post("/v1/quotes/batch", content=ENTRIES, headers=CSV_BOTH))
    assert [r["items"] for r in rows] == ["0", "1", "2", "3", "4"]
    onsite = rows[2]
    assert (onsite["ticket_id"], onsite["billable_minutes"], onsite["travel_amount"]) == (
        "VMI-3",
        "120",
        "450.00",
    )
    assert (onsite["materials_amount"], onsite["total"], onsite["total_incl_vat"]) == (
        "89.00",
        "2439.00",
        "3048.75",
    )
    assert onsite["clauses"] == "vmi:default|vmi:3.2|vmi:1.3|vmi:3.3b"
    assert rows[4]["clauses"].startswith("ad:misuse|ad:liquid")
    assert "items.3.start: line 5: needs a UTC offset" in rows[3]["error"]
    assert rows[3]["total"] == ""


def test_grouping_by_ticket_from_the_query_bills_the_ticket_once(client):
    rows = rows_of(
        client.post("/v1/quotes/batch?group_by=ticket", content=ENTRIES, headers=CSV_BOTH)
    )
    assert rows[0]["items"] == "0|1"
    assert (rows[0]["billable_minutes"], rows[0]["total"]) == ("60", "1610.00")


def test_a_csv_body_may_be_answered_in_json(client):
    body = client.post("/v1/quotes/batch", content=ENTRIES, headers=CSV_IN).json()
    assert body["summary"] == {
        "items": 5,
        "results": 5,
        "quoted": 4,
        "failed": 1,
        "totals": {"NOK": "4370.00", "SEK": "2439.00"},  # 1610 + 1610 + 1150
        "note": "1 ticket(s) have several entries, each rounded on its own; "
        "group_by=ticket would round each ticket's entries once",
    }


def test_a_json_batch_may_be_answered_in_csv(client):
    item = {
        "policy": "vmi-se",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T09:05:00+01:00",
        "channel": "phone",
    }
    rows = rows_of(
        client.post("/v1/quotes/batch", json={"items": [item]}, headers={"Accept": "text/csv"})
    )
    assert rows[0]["billable_minutes"] == "10"


def test_semicolon_delimited_csv_from_a_nordic_spreadsheet_is_read(client):
    text = ENTRIES.replace(",", ";").replace("misuse|liquid", "misuse|liquid")
    rows = rows_of(
        client.post("/v1/quotes/batch", content=text.encode("utf-8-sig"), headers=CSV_BOTH)
    )
    assert len(rows) == 5 and rows[2]["total"] == "2439.00"


def test_an_unknown_column_is_refused_naming_it(client):
    response = client.post("/v1/quotes/batch", content="policy,strat\nvmi-se,x\n", headers=CSV_IN)
    assert response.status_code == 422
    assert "'strat'" in response.json()["errors"][0]["problem"]


def test_a_csv_without_rows_is_refused(client):
    response = client.post("/v1/quotes/batch", content="policy,start,end,channel\n", headers=CSV_IN)
    assert response.status_code == 422


def test_a_csv_that_is_not_utf8_is_refused(client):
    response = client.post(
        "/v1/quotes/batch", content="policy\nNorrt\xe4lje\n".encode("latin-1"), headers=CSV_IN
    )
    assert response.json()["errors"][0]["problem"].startswith("line 2: CSV must be UTF-8. ")


def test_a_row_with_more_cells_than_columns_fails_only_itself(client):
    text = "policy,start,end,channel\nvmi-se,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,phone,extra\nvmi-se,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,phone\n"
    rows = rows_of(client.post("/v1/quotes/batch", content=text, headers=CSV_BOTH))
    assert rows[0]["error"] == "items.0: line 2: more cells than columns"
    assert rows[1]["total"] == "158.33"  # 10 min of 950.00 an hour


def test_the_query_and_the_body_may_not_disagree_on_grouping(client):
    item = {
        "policy": "vmi-se",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T09:05:00+01:00",
        "channel": "phone",
    }
    response = client.post(
        "/v1/quotes/batch?group_by=ticket", json={"items": [item], "group_by": "none"}
    )
    assert response.status_code == 422


def test_an_unreadable_row_of_a_ticket_stops_its_whole_assignment_in_csv(client):
    rows = ENTRIES.splitlines()
    rows[2] = rows[2].replace("2026-03-03T17:45:00+01:00", "soon")
    response = client.post(
        "/v1/quotes/batch?group_by=ticket", content="\n".join(rows) + "\n", headers=CSV_BOTH
    )
    by_items = {row["items"]: row for row in rows_of(response)}
    assert (
        "items.0: line 2: not quoted: ticket 'HD-7' is one assignment with items.1"
        in by_items["0"]["error"]
    )
    assert by_items["1"]["error"].startswith("items.1.end:")
    assert by_items["2"]["total"] == "2439.00"


def test_a_problem_names_the_spreadsheet_line_and_the_item_index(client):
    # Line 1 the header, line 3 blank, line 4 a cell over two lines of text: still one row.
    text = (
        "policy,start,end,channel,ticket_id\n"
        "vmi-se,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,phone,A\n"
        "\n"
        'vmi-se,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,phone,"two\nlines"\n'
        "vmi-se,2026-03-04T09:00:00Z,2026-03-04T08:05:00Z,phone,C\n"
        "vmi-se,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,fax,D\n"
    )
    body = client.post("/v1/quotes/batch", content=text, headers=CSV_IN).json()
    errors = [r["problem"]["errors"] for r in body["results"] if r["problem"]]
    assert errors == [
        [{"field": "items.2.end", "problem": "line 5: must be after start"}],
        [
            {
                "field": "items.3.channel",
                "problem": "line 6: Input should be 'phone', 'email', 'remote' or 'onsite'",
            }
        ],
    ]


def test_a_row_with_its_last_cells_left_out_reads_them_as_empty(client):
    text = "policy,start,end,channel,ticket_id\nvmi-se,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,phone\n"
    rows = rows_of(client.post("/v1/quotes/batch", content=text, headers=CSV_BOTH))
    assert (rows[0]["billable_minutes"], rows[0]["ticket_id"], rows[0]["error"]) == ("10", "", "")


def test_broken_csv_quoting_names_its_line(client):
    text = 'policy,start,end,channel\nvmi-se,2026-03-04T09:00:00Z,"2026"x,phone\n'
    response = client.post("/v1/quotes/batch", content=text, headers=CSV_IN)
    assert response.status_code == 422
    assert response.json()["errors"][0]["problem"].startswith("line 2: not valid CSV")


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)", "-5"]


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client):
    item = {
        "policy": "vmi-se",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T09:05:00+01:00",
        "channel": "phone",
    }
    items = [{**item, "ticket_id": text, "customer_id": text} for text in FORMULAS]
    response = client.post(
        "/v1/quotes/batch", json={"items": items}, headers={"Accept": "text/csv"}
    )
    rows = rows_of(response)
    assert [r["ticket_id"] for r in rows] == ["'" + text for text in FORMULAS]
    assert [r["customer_id"] for r in rows] == ["'" + text for text in FORMULAS]
    # Money and times stay plain numbers a spreadsheet reads.
    assert {(r["total"], r["hourly_rate"], r["billable_minutes"]) for r in rows} == {
        ("158.33", "950.00", "10")
    }
    assert rows[0]["start"] == "2026-03-04T09:00:00+01:00"


def test_text_beginning_with_tab_or_carriage_return_is_neutralised_and_numbers_are_not():
    assert [spreadsheet_safe(text) for text in ["\t=1", "\r=1", "HD-1", ""]] == [
        "'\t=1",
        "'\r=1",
        "HD-1",
        "",
    ]
    assert spreadsheet_safe(Decimal("-1.00")) == Decimal("-1.00")
    assert spreadsheet_safe(45.0) == 45.0


def test_a_problem_found_when_quoting_a_csv_row_names_its_line(client):
    text = "policy,start,end,channel\n=cmd|' /C calc'!A0,2026-03-04T09:00:00Z,2026-03-04T09:05:00Z,phone\n"
    rows = rows_of(client.post("/v1/quotes/batch", content=text, headers=CSV_BOTH))
    assert rows[0]["error"].startswith("items.0.policy: line 2: unknown policy")
