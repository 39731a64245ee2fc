"""Readiness across a worker's life, and CORS for a browser front-end."""

import asyncio

import pytest
from pydantic import ValidationError

from app.api.application import create_app
from app.api.settings import Settings
from tests.api.conftest import API_KEY
from tests.http_clients import app_client

ORIGIN = "https://psa.example.com"
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}


def test_a_worker_is_ready_once_its_policies_are_loaded(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "policies": 2}


def test_a_worker_says_it_is_not_ready_once_its_shutdown_has_begun():
    app = create_app(Settings(api_keys=(API_KEY,)))

    async def live_then_stop():
        async with app.router.lifespan_context(app):
            pass

    with app_client(app) as client:
        assert client.get("/readyz").status_code == 200
        asyncio.run(live_then_stop())
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert "shutting down" in response.json()["detail"]
        assert client.get("/healthz").status_code == 200  # alive while it drains


def test_cors_is_off_by_default(client):
    response = client.options("/v1/quotes", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in response.headers
    assert (
        "access-control-allow-origin"
        not in client.get("/healthz", headers={"Origin": ORIGIN}).headers
    )


def test_a_preflight_from_an_allowed_origin_is_answered_without_an_api_key(client_with):
    client = client_with(cors_origins=(ORIGIN,), api_keys=(API_KEY,))
    response = client.options("/v1/quotes", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    answer = client.get(
        "/v1/policies", headers={"Origin": ORIGIN, "Authorization": f"Bearer {API_KEY}"}
    )
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()


def test_a_preflight_from_another_origin_is_refused(client_with):
    client = client_with(cors_origins=(ORIGIN,))
    response = client.options("/v1/quotes", headers={**PREFLIGHT, "Origin": "https://evil.example"})
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_cors_origins_come_from_the_environment_and_must_be_origins(monkeypatch):
    monkeypatch.setenv("BILLING_CORS_ORIGINS", f"{ORIGIN}, http://localhost:3000")
    assert Settings().cors_origins == (ORIGIN, "http://localhost:3000")
    monkeypatch.setenv("BILLING_CORS_ORIGINS", "psa.example.com/path")
    with pytest.raises(ValidationError, match="is not an origin"):
        Settings()
