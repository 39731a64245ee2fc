from collections.abc import Iterator

import pytest
from selenium import webdriver

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import app_client, live_server
from tests.web import browser

KEY = "page-test-key-0123456789"


@pytest.fixture(scope="session")
def pages():
    """An in-process client of the app, for the pages' HTML."""
    with app_client(create_app(Settings())) as client:
        yield client


@pytest.fixture(scope="session")
def pages_with_keys():
    """An in-process client of the app with API keys set and the pages made public."""
    with app_client(create_app(Settings(api_keys=(KEY,), pages_public=True))) as client:
        yield client


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The app served on 127.0.0.1 (a free port), with an API key and public pages."""
    with live_server(create_app(Settings(api_keys=(KEY,), pages_public=True))) as url:
        yield url


@pytest.fixture(scope="session")
def driver() -> Iterator[webdriver.Chrome]:
    reason = browser.missing()
    if reason:
        pytest.skip(reason)
    with browser.chromium() as started:
        yield started
