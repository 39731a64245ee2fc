"""Every request costs a bounded amount: limits checked before parsing, answers bounded in size."""

import asyncio
import json
import threading

import orjson
import pytest

from app.api.batches import readers
from app.api.batches.readers import KEYS_BEFORE_MEASURING, read_json_items
from app.api.batches.slots import BatchSlots, ServiceBusy
from app.engine import QuoteRequest
from app.wire.problems import MAX_LISTED, MAX_TEXT
from bench.mix import entries
from tests.api.payloads import EVENING, with_
from tests.api.test_errors import fields_of, problem_of

SMALL = 64 * 1024  # a body limit that makes the structure budgets small: 1,024 arrays, 4,096 values


def test_a_single_quote_has_its_own_smaller_body_limit(client_with):
    client = client_with(max_quote_body_bytes=2048)
    response = client.post(
        "/v1/quotes", json=with_(EVENING, ticket_id="x" * 200) | {"p": "y" * 3000}
    )
    assert "BILLING_MAX_QUOTE_BODY_BYTES" in problem_of(response, 413)["detail"]
    assert client.post("/v1/quotes/batch", json={"items": [EVENING] * 20}).status_code == 200


def test_a_batch_with_more_arrays_than_any_request_needs_is_refused_before_parsing(client_with):
    body = json.dumps({"items": [with_(EVENING, junk=[[] for _ in range(1500)])]})
    errors = fields_of(client_with(max_body_bytes=SMALL).post("/v1/quotes/batch", content=body))
    assert "more than 1024 objects and arrays" in errors["(body)"]


def test_a_batch_with_more_values_than_any_request_needs_is_refused_before_parsing(client_with):
    body = json.dumps({"items": [with_(EVENING, junk=[0] * 5000)]})
    errors = fields_of(client_with(max_body_bytes=SMALL).post("/v1/quotes/batch", content=body))
    assert "more than 4096 values" in errors["(body)"]


def test_nesting_deeper_than_any_request_is_refused_before_parsing(client):
    nested = "[" * 40 + "]" * 40
    body = json.dumps({"items": [EVENING] * 30})[:-2] + ", " + nested + "]}"
    errors = fields_of(client.post("/v1/quotes/batch", content=body))
    assert "nested deeper" in errors["(body)"]


def test_the_deepest_real_request_passes_the_nesting_check(client):
    item = with_(
        EVENING, start=None, end=None, sessions=[{"start": EVENING["start"], "end": EVENING["end"]}]
    )
    response = client.post("/v1/quotes/batch", json={"items": [item] * 40})
    assert response.status_code == 200 and response.json()["summary"]["quoted"] == 40


def test_too_many_items_are_refused_even_when_every_item_is_bad(client_with):
    response = client_with(max_batch_items=3).post("/v1/quotes/batch", json={"items": [{}] * 4})
    assert "at most 3 items" in fields_of(response)["items"]


def test_a_csv_with_too_many_rows_is_refused(client_with):
    rows = "policy,start,end,channel\n" + "vmi-se,a,b,phone\n" * 4
    response = client_with(max_batch_items=3).post(
        "/v1/quotes/batch", content=rows, headers={"Content-Type": "text/csv"}
    )
    assert "at most 3 items" in fields_of(response)["items"]


def test_a_problem_document_lists_at_most_50_problems_and_counts_the_rest(client):
    body = with_(EVENING, **{f"unknown_{n}": n for n in range(200)})
    errors = problem_of(client.post("/v1/quotes", json=body), 422)["errors"]
    assert len(errors) == MAX_LISTED + 1
    assert errors[-1] == {"field": "(more)", "problem": "150 more problems"}


def test_an_unbounded_field_name_is_not_echoed(client):
    body = with_(EVENING, **{"k" * 100_000: 1})
    (error,) = problem_of(client.post("/v1/quotes", json=body), 422)["errors"]
    assert len(error["field"]) <= MAX_TEXT and error["field"].startswith("kkk")


def test_a_failed_batch_item_lists_a_few_problems_and_counts_the_rest(client):
    bad = with_(EVENING, **{f"unknown_{n}": n for n in range(20)})
    response = client.post("/v1/quotes/batch", json={"items": [EVENING, bad]})
    errors = response.json()["results"][1]["problem"]["errors"]
    assert len(errors) == 6 and errors[-1]["problem"] == "15 more problems"


def test_an_item_larger_than_any_request_fails_alone_without_being_parsed(client_with):
    sitting = {"start": EVENING["start"], "end": EVENING["end"], "junk": 1}
    huge = with_(EVENING, start=None, end=None, sessions=[sitting] * 500)
    response = client_with(max_sessions=10).post(
        "/v1/quotes/batch", json={"items": [EVENING, huge]}
    )
    results = response.json()["results"]
    assert results[0]["quote"] is not None
    assert results[1]["problem"]["errors"] == [
        {"field": "items.1", "problem": "larger than any request can be"}
    ]


def test_batches_past_the_running_and_waiting_limit_get_busy():
    slots = BatchSlots(running=1, waiting=1)
    release = threading.Event()

    async def batch():
        slot = slots.take()
        try:
            return await slot.step(release.wait, 10)
        finally:
            slot.release()

    async def scenario():
        first = asyncio.create_task(batch())
        second = asyncio.create_task(batch())
        await asyncio.sleep(0.05)
        assert slots.taken == 2
        with pytest.raises(ServiceBusy):
            await batch()
        release.set()
        assert await first and await second
        assert slots.taken == slots.open == 0

    asyncio.run(scenario())


def test_a_busy_worker_answers_a_batch_with_503_and_retry_after(client_with, monkeypatch):
    client = client_with(batch_workers=1, batch_queue=0)
    slots = client._transport.app.state.service.batches
    monkeypatch.setattr(slots, "taken", 1)
    response = client.post("/v1/quotes/batch", json={"items": [EVENING]})
    assert "retry" in problem_of(response, 503)["detail"]
    assert response.headers["retry-after"] == "2"
    assert client.post("/v1/quotes", json=EVENING).status_code == 200


def test_an_item_with_too_many_unknown_keys_fails_alone_before_validation(client):
    flood = {f"k{n}": 0 for n in range(KEYS_BEFORE_MEASURING + 10_000)}
    response = client.post("/v1/quotes/batch", json={"items": [EVENING, with_(EVENING, **flood)]})
    results = response.json()["results"]
    assert results[0]["quote"] is not None
    assert results[1]["problem"]["errors"] == [
        {"field": "items.1", "problem": "larger than any request can be"}
    ]


def test_a_full_batch_of_ordinary_entries_is_read_in_one_pass(monkeypatch):
    def measure(*args):
        raise AssertionError("an ordinary batch was measured as a suspect one")

    monkeypatch.setattr(readers, "_measure", measure)
    items, _ = read_json_items(orjson.dumps({"items": entries(10_000)}), 10_000, 1_000)
    assert len(items) == 10_000 and all(isinstance(item, QuoteRequest) for item in items)


def test_a_batch_envelope_with_too_many_keys_is_refused_whole(client):
    flood = {f"k{n}": 0 for n in range(KEYS_BEFORE_MEASURING + 10_000)}
    response = client.post("/v1/quotes/batch", json={"items": [EVENING], **flood})
    assert "more than 32 fields" in fields_of(response)["(body)"]
