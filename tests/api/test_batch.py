"""POST /v1/quotes/batch: ordered results, each a quote or its own problem."""

from tests.api.payloads import EVENING, ONSITE, with_

SITTINGS = [
    ("2026-03-03T16:10:00+01:00", "2026-03-03T16:20:00+01:00", "phone"),
    ("2026-03-03T17:30:00+01:00", "2026-03-03T17:45:00+01:00", "remote"),
    ("2026-03-03T20:00:00+01:00", "2026-03-03T20:20:00+01:00", "remote"),
]


def entries(ticket="HD-7"):
    return [with_(EVENING, start=s, end=e, channel=c, ticket_id=ticket) for s, e, c in SITTINGS]


def test_results_keep_the_order_of_the_items(client):
    items = [EVENING, ONSITE, with_(EVENING, policy="vmi-se")]
    body = client.post("/v1/quotes/batch", json={"items": items}).json()
    assert [r["entries"] for r in body["results"]] == [[0], [1], [2]]
    assert [r["quote"]["policy"] for r in body["results"]] == [
        "alesund-data-no",
        "vmi-se",
        "vmi-se",
    ]
    assert body["summary"] == {
        "items": 3,
        "results": 3,
        "quoted": 3,
        "failed": 0,
        "totals": {"NOK": "2415.00", "SEK": "4250.00"},  # 1900 + 450 travel, 1900
    }


def test_one_bad_item_fails_only_itself(client):
    items = [EVENING, with_(EVENING, start="yesterday"), with_(ONSITE, location=None), EVENING]
    response = client.post("/v1/quotes/batch", json={"items": items})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["quote"] is not None for r in results] == [True, False, False, True]
    assert results[1]["problem"]["errors"][0]["field"] == "items.1.start"
    assert results[2]["problem"]["errors"][0]["field"] == "items.2.location"
    assert results[2]["problem"]["status"] == 422
    assert response.json()["summary"]["failed"] == 2


def test_an_item_that_is_not_an_object_fails_only_itself(client):
    response = client.post("/v1/quotes/batch", json={"items": [EVENING, 42, None]})
    assert [r["quote"] is None for r in response.json()["results"]] == [False, True, True]


def test_a_batch_without_items_is_refused_whole(client):
    response = client.post("/v1/quotes/batch", json={"items": []})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items"


def test_a_batch_over_the_item_limit_is_refused(client_with):
    response = client_with(max_batch_items=2).post(
        "/v1/quotes/batch", json={"items": [EVENING] * 3}
    )
    assert response.status_code == 422
    assert "at most 2 items" in response.json()["errors"][0]["problem"]


def test_a_full_batch_of_10000_items_is_quoted(client):
    items = [
        with_(
            EVENING,
            start=f"2026-03-{1 + i % 28:02d}T15:{i % 60:02d}:00+01:00",
            end=f"2026-03-{1 + i % 28:02d}T16:{i % 60:02d}:00+01:00",
            ticket_id=f"T-{i}",
        )
        for i in range(10_000)
    ]
    response = client.post("/v1/quotes/batch", json={"items": items})
    assert response.status_code == 200
    body = response.json()
    assert body["summary"]["quoted"] == 10_000
    assert len(body["results"]) == 10_000
    assert [r["entries"][0] for r in body["results"]] == list(range(10_000))


def test_ad_billing_grouped_by_ticket_bills_one_first_hour_not_three(client):
    grouped = client.post(
        "/v1/quotes/batch", json={"items": entries(), "group_by": "ticket"}
    ).json()
    assert [r["entries"] for r in grouped["results"]] == [[0, 1, 2]]
    assert grouped["results"][0]["quote"]["billable_minutes"] == 60
    assert grouped["summary"]["results"] == 1

    single = client.post("/v1/quotes/batch", json={"items": entries()}).json()
    assert sum(r["quote"]["billable_minutes"] for r in single["results"]) == 180


def test_grouping_keeps_other_tickets_and_bad_items_apart(client):
    items = [*entries(), *entries("HD-8")[:1], with_(EVENING, end="x")]
    body = client.post("/v1/quotes/batch", json={"items": items, "group_by": "ticket"}).json()
    assert [r["entries"] for r in body["results"]] == [[0, 1, 2], [3], [4]]
    assert body["results"][2]["problem"] is not None


def test_a_ticket_whose_entries_overlap_names_the_items(client):
    items = entries()
    items[2] = with_(items[2], start="2026-03-03T16:15:00+01:00")
    body = client.post("/v1/quotes/batch", json={"items": items, "group_by": "ticket"}).json()
    (result,) = body["results"]
    assert result["quote"] is None
    assert result["problem"]["errors"][0]["problem"] == "items.0 and items.2 overlap in time"


def test_ad_fair_use_warns_per_customer_and_month(client):
    items = [
        with_(
            EVENING,
            ticket_id=f"T-{i}",
            customer_id="ACME",
            start=f"2026-03-{1 + i:02d}T15:30:00+01:00",
            end=f"2026-03-{1 + i:02d}T15:45:00+01:00",
        )
        for i in range(21)
    ]
    body = client.post("/v1/quotes/batch", json={"items": items}).json()
    (count,) = body["fair_use"]
    assert count["customer_id"] == "ACME"
    assert (count["month"], count["tickets"], count["threshold"], count["exceeded"]) == (
        "2026-03",
        21,
        20,
        True,
    )
    assert count["clause"] == "ad:fair-use"


def test_an_item_with_an_integer_past_64_bits_fails_only_itself(client):
    huge = '{"policy": "vmi-se", "channel": "phone", "ticket_id": 12392952263367686506740866613248}'
    good = '{"policy": "vmi-se", "start": "2026-03-04T09:00:00Z", "end": "2026-03-04T09:05:00Z", "channel": "phone"}'
    body = '{"items": [' + huge + ", " + good + "]}"
    response = client.post(
        "/v1/quotes/batch", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["problem"]["status"] == 422
    assert results[1]["quote"]["billable_minutes"] == 10


def test_an_unreadable_entry_of_a_ticket_stops_its_whole_assignment_naming_it(client):
    items = [*entries(), *entries("HD-8")[:1]]
    items[1] = with_(items[1], hourly_rate="1e3")
    body = client.post("/v1/quotes/batch", json={"items": items, "group_by": "ticket"}).json()
    assert [r["entries"] for r in body["results"]] == [[0, 2], [1], [3]]
    siblings, culprit, other = body["results"]
    assert siblings["quote"] is None
    assert [e["field"] for e in siblings["problem"]["errors"]] == ["items.0", "items.2"]
    assert all(
        "'HD-7' is one assignment with items.1" in e["problem"]
        for e in siblings["problem"]["errors"]
    )
    assert culprit["problem"]["errors"][0]["field"] == "items.1.hourly_rate"
    assert other["quote"]["ticket_id"] == "HD-8"
    assert body["summary"]["quoted"] == 1
    assert body["summary"]["failed"] == 3


def test_an_unreadable_entry_does_not_stop_its_ticket_when_entries_are_not_grouped(client):
    items = entries()
    items[1] = with_(items[1], end="x")
    body = client.post("/v1/quotes/batch", json={"items": items}).json()
    assert [r["quote"] is not None for r in body["results"]] == [True, False, True]


def test_grouping_reads_one_place_written_two_ways_as_one_visit(client):
    visit = with_(
        ONSITE,
        ticket_id="VMI-9",
        start="2026-03-04T09:00:00+01:00",
        end="2026-03-04T09:20:00+01:00",
    )
    items = [
        with_(visit, location={"municipality": "Stockholm"}),
        with_(
            visit,
            location={"municipality": "0180"},
            start="2026-03-04T13:00:00+01:00",
            end="2026-03-04T13:20:00+01:00",
        ),
    ]
    body = client.post("/v1/quotes/batch?group_by=ticket", json={"items": items}).json()
    (result,) = body["results"]
    assert result["entries"] == [0, 1]
    assert result["quote"]["billable_minutes"] == 60
    assert result["quote"]["total"] == "1400.00"  # one on-site hour at 950 + one travel fee of 450
