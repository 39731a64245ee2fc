"""Every error a request can meet, translated once into its answer: status, headers and an
RFC 9457 problem document. The framework's handlers, the fast quote, the request guard, gzip
decoding and the batches all answer errors through `translate`.

    BaseException
    ├── engine.InvalidRequest ................ 422 "the request cannot be quoted", each field
    │   ├── engine.UnknownPolicy ............. 422, naming the policy
    │   └── engine.InvalidEntry .............. (in a batch: the item's own result, not the answer)
    ├── fastapi RequestValidationError ....... 422 "the request does not match the schema"
    ├── starlette HTTPException .............. its status and headers (400, 401, 404, 405, 507)
    ├── wire.UnsupportedMediaType ............ 415, naming the media types the route reads
    ├── wire.BodyTooLarge .................... 413, the limit and its setting named; the
    │                                          connection is closed
    ├── batches.ServiceBusy .................. 503 with `Retry-After`
    └── anything else ........................ 500, with the request id to quote when reporting it
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Send

from app.api.batches.slots import ServiceBusy
from app.api.operations import metrics
from app.engine import FieldProblem, InvalidRequest
from app.wire.problems import (
    CANNOT_QUOTE,
    PROBLEM_MEDIA_TYPE,
    BodyTooLarge,
    UnsupportedMediaType,
    field_problems,
    problem_body,
)

Headers = list[tuple[bytes, bytes]]
UNEXPECTED = "an unexpected error occurred; quote the request id when reporting it"
BUSY = "this worker is quoting as many batches as it may; retry after the pause given"
_PROBLEM = (b"content-type", PROBLEM_MEDIA_TYPE.encode())


@dataclass(frozen=True, slots=True)
class ErrorAnswer:
    """What a request that met an error is answered: status, headers and the problem's bytes."""

    status: int
    headers: Headers
    body: bytes


def translate(error: BaseException, request_id: str | None) -> ErrorAnswer:
    """Return the answer to `error`, and count it in the metrics."""
    status, detail, problems, extra = _meaning(error)
    metrics.count_problem(status)
    body = orjson.dumps(problem_body(status, detail, problems, request_id))
    headers = [_PROBLEM, (b"content-length", str(len(body)).encode()), *extra]
    return ErrorAnswer(status, headers, body)


def install(app: FastAPI) -> None:
    """Answer every error the framework handles through `translate`."""

    async def handle(request: Request, error: Exception) -> Response:
        return response_of(error, request_id_of(request))

    # BodyTooLarge is the guard's to answer, with its limit: it passes the framework by.
    for kind in (
        InvalidRequest,
        RequestValidationError,
        HTTPException,
        UnsupportedMediaType,
        ServiceBusy,
    ):
        app.add_exception_handler(kind, handle)


def response_of(error: BaseException, request_id: str | None) -> Response:
    """Return the answer to `error` as a framework response."""
    answer = translate(error, request_id)
    response = Response(answer.body, answer.status)
    response.raw_headers = answer.headers
    return response


async def send_error(
    send: Send, error: BaseException, request_id: str | None, extra: Headers | None = None
) -> int:
    """Answer `error` through a plain ASGI `send`; return the status sent."""
    answer = translate(error, request_id)
    headers = [*answer.headers, *(extra or [])]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
    return answer.status


def _meaning(error: BaseException) -> tuple[int, str, Sequence[FieldProblem], Headers]:
    """Return an error's status, detail, field problems and headers."""
    if isinstance(error, InvalidRequest):
        return 422, CANNOT_QUOTE, error.problems, []
    if isinstance(error, RequestValidationError):
        return 422, "the request does not match the schema", field_problems(error.errors()), []
    if isinstance(error, HTTPException):
        headers = [(k.lower().encode(), v.encode()) for k, v in (error.headers or {}).items()]
        return error.status_code, http_detail(error), [], headers
    if isinstance(error, UnsupportedMediaType):
        return 415, error.detail, [], []
    if isinstance(error, BodyTooLarge):
        return 413, error.detail, [], [(b"connection", b"close")]
    if isinstance(error, ServiceBusy):
        return 503, BUSY, [], [(b"retry-after", str(error.retry_after).encode())]
    return 500, UNEXPECTED, [], []


def request_id_of(request: Request) -> str | None:
    request_id: str | None = request.scope.get("state", {}).get("request_id")
    return request_id


def http_detail(error: HTTPException) -> str:
    """Return what an HTTP error says, or its status phrase."""
    return error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the `responses=` entry declaring the problem document for these statuses."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }
