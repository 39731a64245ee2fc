"""API keys: when the operator sets any, every route but /healthz needs one."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <key>`")
key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: <key>`")


def key_matches(given: str, keys: tuple[str, ...]) -> bool:
    """Compare against every key in constant time, so timing tells nothing about a key."""
    given_bytes = given.encode()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given_bytes, key.encode())
    return matched


async def require_api_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    api_key: Annotated[str | None, Depends(key_header)],
) -> None:
    """Refuse the request with 401 unless it carries a configured key (or none are set)."""
    keys: tuple[str, ...] = request.app.state.settings.api_keys
    if not keys:
        return
    given = credentials.credentials if credentials else api_key
    if given is None or not key_matches(given, keys):
        raise HTTPException(
            401,
            "a valid API key is required: `Authorization: Bearer <key>` or `X-API-Key: <key>`",
            headers={"WWW-Authenticate": "Bearer"},
        )
