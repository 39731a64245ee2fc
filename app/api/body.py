"""Request bodies at the HTTP edge: the format a request declares; bodies a route reads itself."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from app.wire.media import NDJSON, XLSX, BodyFormat, body_format_of


def request_body_format(request: Request, csv: bool = False) -> BodyFormat:
    """Return how to read the request's body, or refuse its declared media type with 415."""
    return body_format_of(request.headers.get("content-type"), csv)


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
        content[NDJSON] = {
            "schema": {
                "type": "string",
                "description": "One time entry a line, each a JSON object as for one quote.",
            }
        }
        content[XLSX] = {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "An Excel workbook: the first sheet, a header row as for CSV; "
                "date cells are local times (give `time_zone`).",
            }
        }
    return {"requestBody": {"required": True, "content": content}}
