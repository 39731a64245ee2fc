"""GET /metrics: Prometheus text with requests, quotes, batches, problems and build info."""

import platform

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.api.operations import logs
from app.api.operations.metrics import file_sha256
from app.engine import BUILTIN_DIR
from app.version import VERSION
from tests.api.conftest import API_KEY
from tests.api.payloads import EVENING


def samples(client, **headers):
    """Return {(sample name, sorted labels): value} from one scrape."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(scrape, name, **labels):
    return scrape.get((name, tuple(sorted(labels.items()))), 0.0)


REQUESTS = "billing_quote_http_request_duration_seconds_count"


def test_a_quote_is_counted_by_route_template_status_policy_and_coverage(client):
    before = samples(client)
    response = client.post("/v1/quotes", json=EVENING)
    assert response.status_code == 200
    after = samples(client)
    route = {"route": "/v1/quotes", "method": "POST", "status": "200"}
    assert value(after, REQUESTS, **route) == value(before, REQUESTS, **route) + 1
    quoted = {"policy": "alesund-data-no", "coverage": response.json()["coverage"]}
    assert value(after, "billing_quote_quotes_total", **quoted) == (
        value(before, "billing_quote_quotes_total", **quoted) + 1
    )


def test_requests_are_labelled_by_route_template_not_by_path(client):
    before = samples(client)
    client.get("/v1/policies/vmi-se")
    client.get("/no/such/page/12345")
    after = samples(client)
    template = {"route": "/v1/policies/{policy_id}", "method": "GET", "status": "200"}
    assert value(after, REQUESTS, **template) == value(before, REQUESTS, **template) + 1
    unmatched = {"route": "(unmatched)", "method": "GET", "status": "404"}
    assert value(after, REQUESTS, **unmatched) == value(before, REQUESTS, **unmatched) + 1
    assert not any("vmi-se" in dict(labels).get("route", "") for _, labels in after)


def test_problems_are_counted_by_status(client_with):
    client = client_with(api_keys=(API_KEY,), metrics_public=True)
    before = samples(client)
    client.post("/v1/quotes", json=EVENING)  # no key: 401
    bad = {**EVENING, "end": EVENING["start"]}
    client.post("/v1/quotes", json=bad, headers={"X-API-Key": API_KEY})  # 422
    after = samples(client)
    for status in ("401", "422"):
        name = "billing_quote_problems_total"
        assert value(after, name, status=status) == value(before, name, status=status) + 1


def test_a_batch_records_its_entries_duration_and_quotes(client):
    before = samples(client)
    response = client.post("/v1/quotes/batch", json={"items": [EVENING, EVENING, EVENING]})
    assert response.status_code == 200
    after = samples(client)
    assert value(after, "billing_quote_batch_entries_count") == (
        value(before, "billing_quote_batch_entries_count") + 1
    )
    assert value(after, "billing_quote_batch_entries_sum") == (
        value(before, "billing_quote_batch_entries_sum") + 3
    )
    assert value(after, "billing_quote_batch_duration_seconds_sum") > value(
        before, "billing_quote_batch_duration_seconds_sum"
    )
    quoted = {"policy": "alesund-data-no", "coverage": "mixed"}
    assert {r["quote"]["coverage"] for r in response.json()["results"]} == {"mixed"}
    assert value(after, "billing_quote_quotes_total", **quoted) == (
        value(before, "billing_quote_quotes_total", **quoted) + 3
    )


def test_a_streamed_batch_counts_each_quote_once_and_no_failed_line(client):
    quoted = {"policy": "alesund-data-no", "coverage": "mixed"}
    before = samples(client)
    lines = [orjson.dumps(EVENING)] * 3 + [b'{"policy": "alesund-data-no"}']
    response = client.post(
        "/v1/quotes/batch",
        content=b"\n".join(lines),
        headers={"Content-Type": "application/x-ndjson", "Accept": "application/x-ndjson"},
    )
    assert response.status_code == 200
    assert response.text.count('"problem":{') == 1
    after = samples(client)
    assert value(after, "billing_quote_quotes_total", **quoted) == (
        value(before, "billing_quote_quotes_total", **quoted) + 3
    )


def test_the_scrape_itself_is_the_request_in_flight(client):
    assert value(samples(client), "billing_quote_http_requests_in_flight") == 1


def test_build_info_names_the_version_python_and_each_policy_file_hash(client):
    scrape = samples(client)
    build = {"version": VERSION, "python": platform.python_version()}
    assert value(scrape, "billing_quote_build_info", **build) == 1
    for policy in ("vmi-se", "alesund-data-no"):
        digest = file_sha256(BUILTIN_DIR / f"{policy}.toml")
        assert value(scrape, "billing_quote_policy_info", policy=policy, sha256=digest) == 1


def test_every_metric_of_the_service_has_the_prefix_and_help(client):
    text = client.get("/metrics").text
    families = [f for f in text_string_to_metric_families(text) if "billing_quote" in f.name]
    assert len(families) >= 8
    assert all(f.name.startswith("billing_quote_") and f.documentation for f in families)


@pytest.mark.parametrize(
    ("settings", "headers", "status"),
    [
        ({"api_keys": (API_KEY,)}, {}, 401),
        ({"api_keys": (API_KEY,)}, {"Authorization": f"Bearer {API_KEY}"}, 200),
        ({"api_keys": (API_KEY,), "metrics_public": True}, {}, 200),
        ({}, {}, 200),
    ],
)
def test_metrics_need_the_api_key_when_keys_are_set_unless_made_public(
    client_with, settings, headers, status
):
    assert client_with(**settings).get("/metrics", headers=headers).status_code == status


def test_metrics_stay_out_of_the_api_contract(client):
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_log_lines_dropped_by_a_full_log_queue_are_counted(client):
    pipeline = logs.pipeline()
    before = value(samples(client), "billing_quote_log_lines_dropped_total")
    capacity, pipeline.capacity = pipeline.capacity, 0  # a full queue: every line is dropped
    try:
        client.get("/v1/policies")
        client.get("/v1/policies")
    finally:
        pipeline.capacity = capacity
    after = value(samples(client), "billing_quote_log_lines_dropped_total")
    assert after == before + 2
