from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.api.settings import Settings
from app.main import create_app
from tests.http_clients import AppClient

API_KEY = "k" * 32


@pytest.fixture(scope="session")
def client() -> Iterator[AppClient]:
    app_client = AppClient(create_app(Settings()))
    yield app_client
    app_client.close()


@pytest.fixture
def client_with() -> Iterator[Callable[..., AppClient]]:
    """Build clients of apps with the given settings."""
    made: list[AppClient] = []

    def build(**settings: Any) -> AppClient:
        made.append(AppClient(create_app(Settings(**settings))))
        return made[-1]

    yield build
    for app_client in made:
        app_client.close()
