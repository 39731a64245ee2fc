"""Every error is an RFC 9457 problem document naming the field; none is a 5xx."""

import json

import httpx
import pytest

from tests.api.payloads import EVENING, ONSITE, with_
from tests.http_clients import live_server


@pytest.fixture
def client(either_path):
    """Every test here runs over the fast path and the route: they answer alike."""
    return either_path


PROBLEM = "application/problem+json"


def problem_of(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def fields_of(response, status=422):
    return {e["field"]: e["problem"] for e in problem_of(response, status)["errors"]}


def test_a_naive_date_time_is_refused_naming_the_field(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, start="2026-03-02T15:30:00")))
    assert "UTC offset" in errors["start"]


def test_an_end_before_the_start_is_refused(client):
    body = with_(EVENING, start=EVENING["end"], end=EVENING["start"])
    assert fields_of(client.post("/v1/quotes", json=body)) == {"end": "must be after start"}


def test_an_unknown_policy_in_a_quote_is_422(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, policy="acme")))
    assert "unknown policy 'acme'" in errors["policy"]


def test_an_unknown_policy_on_the_policy_endpoint_is_404(client):
    assert "no policy 'acme'" in problem_of(client.get("/v1/policies/acme"), 404)["detail"]


def test_onsite_work_without_a_location_is_refused(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(ONSITE, location=None)))
    assert "required for on-site work" in errors["location"]


def test_a_bad_decimal_is_refused(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, hourly_rate="12,50")))
    assert "not a decimal" in errors["hourly_rate"]


def test_too_many_decimals_are_refused_not_rounded(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, hourly_rate="999.995")))
    assert "2 decimal places" in errors["hourly_rate"]


def test_a_missing_field_and_a_bad_enum_are_both_named(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, channel="fax", policy=None)))
    assert set(errors) == {"channel", "policy"}


def test_a_nested_field_is_named_by_its_path(client):
    body = with_(EVENING, start=None, end=None, sessions=[{"start": EVENING["start"], "end": "x"}])
    assert set(fields_of(client.post("/v1/quotes", json=body))) == {"sessions.0.end"}


def test_an_unknown_field_is_refused(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, urgnet=True)))
    assert "unknown field" in errors["urgnet"]


def test_invalid_json_is_refused(client):
    errors = fields_of(client.post("/v1/quotes", content=b'{"policy": '))
    assert errors["(body)"].startswith("the body is not valid JSON")


@pytest.mark.parametrize("body", [b"[]", b"null", b"42", b'"x"', b""])
def test_a_body_that_is_not_an_object_is_refused(client, body):
    problem_of(client.post("/v1/quotes", content=body), 422)


def test_a_too_long_string_is_refused(client):
    errors = fields_of(client.post("/v1/quotes", json=with_(EVENING, ticket_id="x" * 201)))
    assert "at most 200" in errors["ticket_id"]


def test_a_session_longer_than_31_days_is_refused(client):
    body = with_(EVENING, start="2026-01-01T00:00:00Z", end="2026-02-01T00:00:01Z")
    assert "at most 31 days" in fields_of(client.post("/v1/quotes", json=body))["end"]


def test_a_year_the_calendar_does_not_know_is_refused(client):
    body = with_(EVENING, start="9999-12-31T22:00:00-23:59", end="9999-12-31T23:00:00-23:59")
    assert "outside the calendar" in fields_of(client.post("/v1/quotes", json=body))["start"]


def test_another_media_type_is_415(client):
    response = client.post("/v1/quotes", content=b"<x/>", headers={"Content-Type": "text/xml"})
    assert "application/json" in problem_of(response, 415)["detail"]


def test_an_unknown_route_is_a_404_problem(client):
    problem_of(client.get("/v2/nothing"), 404)


def test_a_wrong_method_is_a_405_problem_with_allow(client):
    response = client.request("DELETE", "/v1/quotes")
    problem_of(response, 405)
    assert response.headers["allow"] == "POST"


def test_a_body_over_the_limit_is_413(client_with):
    small = client_with(max_body_bytes=1024)
    response = small.post(
        "/v1/quotes",
        json=with_(
            EVENING,
            ticket_id="x" * 200,
            customer_id="y" * 200,
            materials=[{"kind": "spare_part", "description": "z" * 200, "amount": 1}] * 3,
        ),
    )
    assert "larger than 1024 bytes" in problem_of(response, 413)["detail"]


def test_a_chunked_body_over_the_limit_is_413_over_real_http():
    from app.api.application import create_app
    from app.api.settings import Settings

    def chunks():
        for _ in range(64):
            yield b" " * 1024

    with live_server(create_app(Settings(max_body_bytes=4096))) as url:
        response = httpx.post(f"{url}/v1/quotes", content=chunks())
    problem_of(response, 413)


def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(client_with, monkeypatch, caplog):
    from app.api.routes import quotes as quote_route

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(quote_route, "quote", broken)
    response = client_with().post("/v1/quotes", json=EVENING)
    body = problem_of(response, 500)
    assert "secret" not in response.text and "Traceback" not in response.text
    assert body["request_id"] in [
        getattr(r, "request_id", None) for r in caplog.records if r.name == "billing_quote.error"
    ]


def test_problem_documents_are_json_with_the_documented_members(client):
    body = json.loads(client.post("/v1/quotes", json={}).content)
    assert set(body) == {"type", "title", "status", "detail", "request_id", "errors"}


@pytest.mark.parametrize("depth", [199, 250, 100_000])
def test_deeply_nested_json_is_refused_not_a_crash(client, depth):
    nested = "[" * depth + "]" * depth
    batch = client.post("/v1/quotes/batch", content='{"items": [' + nested + "]}")
    single = client.post("/v1/quotes", content='{"policy": ' + nested + "}")
    assert batch.status_code in (200, 422) and single.status_code == 422
    if batch.status_code == 200:
        assert batch.json()["results"][0]["problem"]["status"] == 422
