"""API keys: when the operator sets any, every `/v1/` route needs one (checked in RequestGuard)."""

from __future__ import annotations

import hmac
from typing import Any

PROTECTED_PREFIX = "/v1/"
CHALLENGE = "Bearer"
REFUSAL = "a valid API key is required: `Authorization: Bearer <key>` or `X-API-Key: <key>`"

# How the OpenAPI document describes the two ways to present a key.
SECURITY_SCHEMES: dict[str, Any] = {
    "HTTPBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <key>`",
    },
    "APIKeyHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "`X-API-Key: <key>`",
    },
}
SECURITY_REQUIREMENT: list[dict[str, list[str]]] = [{"HTTPBearer": []}, {"APIKeyHeader": []}]


def key_matches(given: bytes, keys: tuple[bytes, ...]) -> bool:
    """Compare against every key in constant time, so timing tells nothing about a key."""
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key)
    return matched


def presented_key(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    """Return the key a request presents, from `Authorization: Bearer` or `X-API-Key`."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                return token.strip()
        elif name == b"x-api-key" and value:
            return value
    return None
