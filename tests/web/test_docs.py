"""The API docs pages load their scripts and styles from the app, never from a CDN."""

import re

import pytest


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_name_only_assets_the_app_serves(pages, path):
    page = pages.get(path)
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets
    for asset in assets:
        assert asset.startswith("/static-offline-docs/"), asset
        assert pages.get(asset).status_code == 200
    assert "http" not in page.text.replace("http-equiv", "")


def test_redoc_may_reach_only_its_own_host(pages):
    policy = pages.get("/redoc").headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:" in policy


def test_pages_stay_out_of_the_api_contract(pages):
    paths = pages.get("/openapi.json").json()["paths"]
    assert all(path.startswith(("/v1/", "/healthz", "/readyz")) for path in paths)


def test_with_api_keys_the_pages_are_off_unless_made_public_but_the_docs_stay():
    from app.api.application import create_app
    from app.api.settings import Settings
    from tests.http_clients import app_client

    with app_client(create_app(Settings(api_keys=("k" * 32,)))) as client:
        assert client.get("/").status_code == 404
        assert client.post("/batch", data={"csv": "policy\n"}).status_code == 404
        assert client.get("/policies/vmi-se").status_code == 404
        assert client.get("/docs").status_code == 200
        assert client.get("/redoc").status_code == 200
        assert client.get("/v1/policies").status_code == 401
