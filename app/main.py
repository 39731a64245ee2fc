"""The ASGI application `app.main:app`: the engine behind HTTP, configured from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from app.api.operations.environment import refuse_start, settings_or_problems
from app.engine import PolicyError


def _app_or_exit() -> FastAPI:
    """Build the app, or stop with a message naming the bad setting or policy file."""
    settings, problems = settings_or_problems()
    if settings is None:
        refuse_start(problems)
    # Imported once the environment is known good: the metrics need their folder.
    from app.api.application import create_app

    try:
        return create_app(settings)
    except PolicyError as error:
        refuse_start(str(error).splitlines())


app = _app_or_exit()
