"""Every error is answered through one translator: the same status, headers and problem
document whichever layer meets it (framework handlers, the fast quote, the guard, gzip)."""

import orjson
import pytest
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from app.api.batches.slots import ServiceBusy
from app.api.errors import UNEXPECTED, translate
from app.engine import InvalidEntry, InvalidRequest
from app.wire.problems import BodyTooLarge
from tests.api.payloads import EVENING, with_


@pytest.mark.parametrize(
    ("error", "status", "header"),
    [
        (InvalidRequest.at("start", "bad"), 422, None),
        (InvalidEntry([], None), 422, None),
        (RequestValidationError([]), 422, None),
        (HTTPException(415, "send JSON"), 415, None),
        (HTTPException(401, "a key", {"WWW-Authenticate": "Bearer"}), 401, b"www-authenticate"),
        (BodyTooLarge(100, "BILLING_MAX_BODY_BYTES"), 413, b"connection"),
        (ServiceBusy(2), 503, b"retry-after"),
        (RuntimeError("boom"), 500, None),
    ],
)
def test_each_kind_of_error_has_one_answer(error, status, header):
    answer = translate(error, "req-7")
    problem = orjson.loads(answer.body)
    assert answer.status == problem["status"] == status
    assert problem["request_id"] == "req-7"
    assert (b"content-type", b"application/problem+json") in answer.headers
    if header:
        assert header in dict(answer.headers)


def test_an_unexpected_error_says_nothing_of_itself():
    problem = orjson.loads(translate(RuntimeError("secret path /etc"), None).body)
    assert problem["detail"] == UNEXPECTED


def test_the_fast_quote_answers_an_http_error_as_a_problem(client):
    response = client.post(
        "/v1/quotes", content=b"{}", headers={"content-type": "text/plain"}
    )  # 415 from the fast path
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/v1/quotes", "/v1/quotes/batch"])
def test_a_422_reads_the_same_from_the_fast_path_and_the_framework(client, path):
    body = with_(EVENING, start="yesterday")
    sent = body if path == "/v1/quotes" else {"items": [body], "group_by": "odd"}
    problem = client.post(path, json=sent).json()
    assert problem["status"] == 422 and problem["detail"] == "the request cannot be quoted"
