"""Read request bodies: JSON validated straight from bytes, CSV where a route takes it."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from app.api.problems import validation_problems

M = TypeVar("M", bound=BaseModel)
BodyKind = Literal["json", "csv"]
# curl -d sends form encoding unless told otherwise; such a body is still read as JSON.
_JSON_TYPES = ("", "application/json", "application/x-www-form-urlencoded")


def body_kind(request: Request, csv: bool = False) -> BodyKind:
    """Return how to read the body, or refuse its declared media type with 415."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type in _JSON_TYPES or media_type.endswith("+json"):
        return "json"
    if csv and media_type == "text/csv":
        return "csv"
    accepted = "application/json or text/csv" if csv else "application/json"
    raise HTTPException(415, f"send the body as {accepted}, not {media_type!r}")


def parse_json(model: type[M], body: bytes) -> M:
    """Validate a JSON body into `model`; raise InvalidRequest naming each bad field."""
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        raise validation_problems(error) from None


def documented_body(
    schema_name: str, examples: dict[str, Any], csv_description: str | None = None
) -> dict[str, Any]:
    """Return `openapi_extra` describing a body that the route reads itself."""
    content: dict[str, Any] = {
        "application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema_name}"},
            "examples": {name: {"value": value} for name, value in examples.items()},
        }
    }
    if csv_description:
        content["text/csv"] = {"schema": {"type": "string", "description": csv_description}}
    return {"requestBody": {"required": True, "content": content}}
