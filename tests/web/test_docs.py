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
