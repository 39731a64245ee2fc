"""The ASGI application `app.main:app`: the engine behind HTTP, configured from the environment."""

from __future__ import annotations

import sys

from fastapi import FastAPI
from pydantic import ValidationError

from app.api.application import create_app
from app.api.settings import describe_settings_error
from app.engine import PolicyError


def _app_or_exit() -> FastAPI:
    """Build the app, or stop with a message naming the bad setting or policy file."""
    try:
        return create_app()
    except PolicyError as error:
        message = str(error)
    except ValidationError as error:
        message = describe_settings_error(error)
    for line in message.splitlines():
        print(f"cannot start: {line}", file=sys.stderr)
    raise SystemExit(2)


app = _app_or_exit()
