"""API keys: required on every route but /healthz once configured; 401 problem otherwise."""

import pytest

from app.api.auth import key_matches
from app.api.settings import Settings
from tests.api.conftest import API_KEY
from tests.api.payloads import EVENING

ROUTES = [
    ("GET", "/v1/policies"),
    ("GET", "/v1/policies/vmi-se"),
    ("POST", "/v1/quotes"),
    ("POST", "/v1/quotes/batch"),
]


@pytest.fixture
def locked(client_with):
    return client_with(api_keys=(API_KEY, "second-key-0123456789"))


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_a_key_when_keys_are_set(locked, method, path):
    response = locked.request(
        method, path, json={"items": [EVENING]} if "batch" in path else EVENING
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert "API key" in response.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {API_KEY}"},
        {"X-API-Key": API_KEY},
        {"X-API-Key": "second-key-0123456789"},
    ],
)
def test_a_configured_key_opens_the_api(locked, headers):
    assert locked.post("/v1/quotes", json=EVENING, headers=headers).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"X-API-Key": API_KEY[:-1]},
        {"Authorization": f"Basic {API_KEY}"},
    ],
)
def test_a_wrong_key_is_refused(locked, headers):
    assert locked.post("/v1/quotes", json=EVENING, headers=headers).status_code == 401


def test_health_stays_open(locked):
    assert locked.get("/healthz").status_code == 200


def test_without_keys_the_api_is_open(client):
    assert client.post("/v1/quotes", json=EVENING).status_code == 200


def test_keys_are_compared_against_every_key():
    assert key_matches(b"b" * 16, (b"a" * 16, b"b" * 16))
    assert not key_matches(b"c" * 16, (b"a" * 16, b"b" * 16))
    assert not key_matches(b"", (b"a" * 16,))


def test_keys_come_from_the_environment_comma_separated(monkeypatch):
    monkeypatch.setenv("BILLING_API_KEYS", f"{API_KEY}, second-key-0123456789 ,")
    assert Settings().api_keys == (API_KEY, "second-key-0123456789")


def test_a_short_key_is_refused_at_start_up(monkeypatch):
    from pydantic import ValidationError

    monkeypatch.setenv("BILLING_API_KEYS", "short")
    with pytest.raises(
        ValidationError, match="entry 1 of 1 has 5 characters; each key needs at least 16"
    ):
        Settings()
