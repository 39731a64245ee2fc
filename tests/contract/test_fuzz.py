"""schemathesis fuzzes the OpenAPI contract against the app, with every check it has."""

import json
from pathlib import Path

import schemathesis

from app.api.application import create_app
from app.api.settings import Settings

API_KEY = "contract-test-key-0123456789"
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"

# Keys are on, so the `ignored_auth` check can see that the API refuses a missing or bad key.
app = create_app(Settings(api_keys=(API_KEY,)))
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", app, config=schemathesis.Config.from_path(str(CONFIG))
)


@schemathesis.serializer("application/x-ndjson")
def ndjson_body(ctx, value):
    """Send a generated NDJSON body: a string as its bytes, anything else as JSON lines."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    lines = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


@schemathesis.serializer("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def xlsx_body(ctx, value):
    """Send a generated workbook as its bytes; what is not a workbook is refused (422)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


@schema.parametrize()
def test_the_api_keeps_its_contract(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {API_KEY}"})
