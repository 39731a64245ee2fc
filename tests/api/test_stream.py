"""Streamed batches: NDJSON or CSV in and out, grouping across the stream, gzip both ways."""

import csv
import gzip
import io
import json

import pytest

from tests.api.test_doors_agree import as_csv, month

NDJSON_BOTH = {"Content-Type": "application/x-ndjson", "Accept": "application/x-ndjson"}
SAME_ID = {"X-Request-ID": "stream-test"}


def ndjson(items):
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def lines_of(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    *results, end = [json.loads(line) for line in response.text.splitlines()]
    return results, end


def with_broken_lines(items):
    """The month as NDJSON, with one line that is not JSON and one entry that is unreadable."""
    lines = ndjson(items).decode().splitlines(keepends=True)
    lines[7] = '{"policy": "vmi-se", "start": \n'
    lines[20] = lines[20].replace('"start": "', '"start": "x')
    lines.insert(12, "\n")  # a blank line is a line, not an entry
    return "".join(lines).encode()


@pytest.mark.parametrize("group_by", ["none", "ticket"])
def test_a_streamed_month_is_answered_as_the_same_entries_in_memory(client, group_by):
    body = with_broken_lines(month())
    url = f"/v1/quotes/batch?group_by={group_by}"
    streamed, end = lines_of(client.post(url, content=body, headers={**NDJSON_BOTH, **SAME_ID}))
    headers = {"Content-Type": "application/x-ndjson", "Accept": "application/json", **SAME_ID}
    in_memory = client.post(url, content=body, headers=headers).json()
    assert streamed == in_memory["results"]
    assert end == {"summary": in_memory["summary"], "fair_use": in_memory["fair_use"]}
    assert end["summary"]["failed"] >= 2 and end["summary"]["quoted"] > 250


def test_grouping_across_the_stream_bills_like_one_json_batch_to_the_cent(client):
    items = month()
    url = "/v1/quotes/batch?group_by=ticket"
    streamed, end = lines_of(client.post(url, content=ndjson(items), headers=NDJSON_BOTH))
    as_json = client.post(url, json={"items": items}).json()
    assert end["summary"]["totals"] == as_json["summary"]["totals"]
    assert [(r["entries"], r["quote"]["total"]) for r in streamed] == [
        (r["entries"], r["quote"]["total"]) for r in as_json["results"]
    ]
    # Tickets scattered through the file are one assignment each: fewer results than entries.
    spread = [r["entries"] for r in streamed if len(r["entries"]) > 1]
    assert spread and any(entries[-1] - entries[0] > 50 for entries in spread)


def test_a_ticket_at_both_ends_of_a_stream_is_rounded_once(client):
    sitting = {
        "policy": "alesund-data-no",
        "channel": "remote",
        "ticket_id": "HD-7",
        "start": "2026-03-03T16:10:00+01:00",
        "end": "2026-03-03T16:20:00+01:00",
    }
    other = {**sitting, "ticket_id": None, "start": "2026-03-04T10:00:00+01:00"}
    other["end"] = "2026-03-04T10:05:00+01:00"
    later = {**sitting, "start": "2026-03-03T17:30:00+01:00", "end": "2026-03-03T17:45:00+01:00"}
    body = ndjson([sitting, other, other, later])
    results, end = lines_of(
        client.post("/v1/quotes/batch?group_by=ticket", content=body, headers=NDJSON_BOTH)
    )
    assert [r["entries"] for r in results] == [[0, 3], [1], [2]]
    assert results[0]["quote"]["billable_minutes"] == 60
    assert results[0]["quote"]["total"] == "1610.00"


def test_a_malformed_line_fails_only_itself_naming_its_line_and_index(client):
    good = {
        "policy": "vmi-se",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T09:05:00+01:00",
        "channel": "phone",
    }
    body = ndjson([good]) + b"\n" + b'{"policy": "vmi-se",,}\n' + ndjson([good])
    results, end = lines_of(client.post("/v1/quotes/batch", content=body, headers=NDJSON_BOTH))
    assert [r["quote"] is not None for r in results] == [True, False, True]
    (error,) = results[1]["problem"]["errors"]
    assert error["field"] == "items.1"
    assert error["problem"].startswith("line 3: the body is not valid JSON: ")
    assert end["summary"] == {
        "items": 3,
        "results": 3,
        "quoted": 2,
        "failed": 1,
        "totals": {"SEK": "316.66"},
    }


def test_a_csv_streams_as_the_invoice_table(client):
    items = month(60)
    body = as_csv(items)
    url = "/v1/quotes/batch?group_by=ticket"
    streamed = client.post(
        url, content=body, headers={"Content-Type": "text/csv", "Accept": "text/csv"}
    )
    assert streamed.headers["content-type"] == "text/csv; charset=utf-8"
    *rows, end = csv.DictReader(io.StringIO(streamed.text))
    assert end["items"] == "(end) 60 entries, 60 quoted, 0 failed"
    as_json = client.post(url, json={"items": items}).json()
    assert [(r["items"], r["total"]) for r in rows] == [
        ("|".join(map(str, r["entries"])), r["quote"]["total"]) for r in as_json["results"]
    ]


def test_a_stream_past_its_entry_limit_is_refused_before_any_answer(client_with):
    limited = client_with(max_stream_items=2)
    entry = {"policy": "vmi-se", "start": "2026-03-04T09:00:00Z", "end": "2026-03-04T09:05:00Z"}
    response = limited.post("/v1/quotes/batch", content=ndjson([entry] * 3), headers=NDJSON_BOTH)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "items",
            "problem": "at most 2 entries per stream (BILLING_MAX_STREAM_ITEMS); blank lines count too",
        }
    ]


def test_the_plain_json_batch_keeps_its_own_limit_and_points_to_streaming(client_with):
    limited = client_with(max_batch_items=2)
    entry = {"policy": "vmi-se", "start": "2026-03-04T09:00:00Z", "end": "2026-03-04T09:05:00Z"}
    response = limited.post("/v1/quotes/batch", json={"items": [entry] * 3})
    assert response.status_code == 422
    assert "stream larger ones" in response.json()["errors"][0]["problem"]


def test_a_gzip_body_is_read_and_a_gzip_answer_given(client):
    items = month(40)
    body = gzip.compress(ndjson(items))
    headers = {**NDJSON_BOTH, "Content-Encoding": "gzip", "Accept-Encoding": "gzip"}
    response = client.post("/v1/quotes/batch", content=body, headers=headers)
    assert response.headers["content-encoding"] == "gzip"
    results, end = lines_of(response)  # httpx undoes the gzip
    assert end["summary"]["items"] == 40
    one = client.post(
        "/v1/quotes",
        content=gzip.compress(json.dumps(items[0]).encode()),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert one.status_code == 200


def test_a_gzip_bomb_is_413_by_its_decompressed_size(client_with):
    limited = client_with(max_stream_bytes=100_000, max_body_bytes=100_000)
    bomb = gzip.compress(b"\n" * 50_000_000)
    assert len(bomb) < 100_000
    headers = {**NDJSON_BOTH, "Content-Encoding": "gzip"}
    response = limited.post("/v1/quotes/batch", content=bomb, headers=headers)
    assert response.status_code == 413
    assert (
        "larger than 100000 bytes, decompressed (BILLING_MAX_STREAM_BYTES)"
        in (response.json()["detail"])
    )
    json_bomb = limited.post("/v1/quotes", content=bomb, headers={"Content-Encoding": "gzip"})
    assert json_bomb.status_code == 413
    assert "(BILLING_MAX_BODY_BYTES)" in json_bomb.json()["detail"]


def test_a_stream_has_its_own_larger_body_limit(client_with):
    limited = client_with(max_body_bytes=2048, max_stream_bytes=1_000_000)
    items = month(40)
    assert len(ndjson(items)) > 2048
    streamed = limited.post("/v1/quotes/batch", content=ndjson(items), headers=NDJSON_BOTH)
    assert streamed.status_code == 200
    in_memory = limited.post("/v1/quotes/batch", json={"items": items})
    assert in_memory.status_code == 413


@pytest.mark.parametrize(
    ("encoding", "body", "status"),
    [
        ("br", b"...", 415),
        ("gzip", b"not gzip at all", 400),
        ("gzip", gzip.compress(b"{}")[:-8], 400),
    ],
)
def test_a_body_that_cannot_be_decoded_is_refused(client, encoding, body, status):
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    response = client.post("/v1/quotes", content=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_a_streamed_csv_that_is_not_utf8_is_refused_naming_its_line(client):
    body = "policy,start,end,channel\nNorrt\xe4lje,x,y,phone\n".encode("latin-1")
    response = client.post(
        "/v1/quotes/batch", content=body, headers={"Content-Type": "text/csv", "Accept": "text/csv"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["problem"].startswith("line 2: CSV must be UTF-8. ")


def test_a_json_batch_may_be_answered_as_ndjson_lines(client):
    items = month(30)
    in_json = client.post("/v1/quotes/batch", json={"items": items}, headers=SAME_ID).json()
    lines, end = lines_of(
        client.post(
            "/v1/quotes/batch",
            json={"items": items},
            headers={"Accept": "application/x-ndjson", **SAME_ID},
        )
    )
    assert lines == in_json["results"]
    assert end == {"summary": in_json["summary"], "fair_use": in_json["fair_use"]}


def test_a_single_quote_is_answered_uncompressed_and_other_answers_compressed(client):
    quote = month(1)[0]
    one = client.post("/v1/quotes", json=quote, headers={"Accept-Encoding": "gzip"})
    assert one.status_code == 200 and "content-encoding" not in one.headers
    policy = client.get("/v1/policies/vmi-se", headers={"Accept-Encoding": "gzip"})
    assert policy.headers["content-encoding"] == "gzip"
    assert policy.json()["policy"]["id"] == "vmi-se"


def test_ndjson_with_a_byte_order_mark_and_windows_line_ends_is_read(client):
    body = b"\xef\xbb\xbf" + ndjson(month(3)).replace(b"\n", b"\r\n")
    results, end = lines_of(client.post("/v1/quotes/batch", content=body, headers=NDJSON_BOTH))
    assert end["summary"]["items"] == 3
    assert all(r["problem"] is None or "JSON" not in str(r["problem"]) for r in results)


def test_a_held_entry_is_read_back_as_it_was_read(client):
    """A grouped stream holds its entries and reads them again at the end: the same way."""
    entry = {
        "policy": "vmi-se",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T09:05:00+01:00",
        "channel": "phone",
    }
    body = ndjson([entry, {**entry, "start": "2026-03-04T10:00:00+01:00"}])
    body = body.replace(
        b'"channel"', b'"ticket_id": 1.125, "channel"'
    )  # a number, finer than cents
    streamed, _ = lines_of(
        client.post("/v1/quotes/batch?group_by=ticket", content=body, headers=NDJSON_BOTH)
    )
    in_memory = client.post(
        "/v1/quotes/batch?group_by=ticket",
        content=body,
        headers={"Content-Type": "application/x-ndjson", "Accept": "application/json"},
    ).json()["results"]
    assert [r["entries"] for r in streamed] == [r["entries"] for r in in_memory]
    assert [r["quote"] and r["quote"]["total"] for r in streamed] == [
        r["quote"] and r["quote"]["total"] for r in in_memory
    ]
