"""The ASGI application `app.main:app`: the engine behind HTTP, configured from the environment."""

from __future__ import annotations

import logging
import sys

from fastapi import FastAPI
from pydantic import ValidationError

from app.api.application import create_app
from app.engine import PolicyError


def _app_or_exit() -> FastAPI:
    """Build the app, or stop with a message naming the bad setting or policy file."""
    try:
        return create_app()
    except (PolicyError, ValidationError) as error:
        print(f"cannot start: {error}", file=sys.stderr)
        raise SystemExit(2) from None


logging.basicConfig(format="%(message)s", stream=sys.stderr, level=logging.INFO)
app = _app_or_exit()
