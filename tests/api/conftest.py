import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from app.api.application import create_app
from app.api.operations import logs
from app.api.settings import Settings
from tests.http_clients import app_client

API_KEY = "k" * 32


@pytest.fixture(scope="session")
def client() -> Iterator[httpx.Client]:
    with app_client(create_app(Settings())) as test_client:
        yield test_client


@pytest.fixture
def client_with() -> Iterator[Callable[..., httpx.Client]]:
    """Build clients of apps with the given settings."""
    made: list[httpx.Client] = []

    def build(**settings: Any) -> httpx.Client:
        made.append(app_client(create_app(Settings(**settings))))
        return made[-1]

    yield build
    for test_client in made:
        test_client.close()


@pytest.fixture(scope="session", params=["fast path", "route"])
def either_path(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    """A client of the app answering `POST /v1/quotes` by its fast path, then by its route."""
    app = create_app(Settings(), fast_path=request.param == "fast path")
    with app_client(app) as test_client:
        yield test_client


@pytest.fixture
def lines():
    """Collect what the process's log pipeline writes during a test."""
    pipeline = logs.pipeline()
    pipeline.flush()
    before = pipeline.stream
    captured = io.StringIO()
    pipeline.stream = captured

    def read():
        pipeline.flush()
        return [json.loads(line) for line in captured.getvalue().splitlines()]

    yield read
    pipeline.flush()
    pipeline.stream = before
