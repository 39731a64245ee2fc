"""Operator settings, read once at start-up from `BILLING_*` environment variables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIB = 1024 * 1024
ENV_PREFIX = "BILLING_"
MIN_KEY_LENGTH = 16
_ORIGIN = re.compile(r"^https?://[^/\s]+$")


class Settings(BaseSettings):
    """Every limit has a default fit for one service shared by many callers."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True)

    policy_dir: Path | None = Field(
        None, description="Folder of extra policy files (*.toml) loaded beside the built-ins."
    )
    api_keys: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Comma-separated API keys; none means the API is open (local use).",
        repr=False,
    )
    max_body_bytes: int = Field(16 * MIB, ge=1024, description="Largest request body.")
    max_batch_items: int = Field(10_000, ge=1, description="Most sessions in one batch.")
    max_span_days: int = Field(
        31, ge=1, le=366, description="Longest assignment, first start to last end."
    )
    max_sessions: int = Field(1_000, ge=1, description="Most sittings in one assignment.")
    log_level: str = Field("INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$")
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Comma-separated origins a browser front-end may call from "
        "(`https://psa.example.com`, or `*`); none means CORS is off.",
    )
    metrics_public: bool = Field(
        False, description="Serve /metrics without an API key even when keys are set."
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            origins = tuple(origin.strip() for origin in value.split(",") if origin.strip())
            for origin in origins:
                if origin != "*" and not _ORIGIN.match(origin):
                    raise ValueError(f"{origin!r} is not an origin like https://host[:port]")
            return origins
        return value

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        entries = [entry.strip() for entry in value.split(",")]
        for position, key in enumerate(entries, start=1):
            # Name the entry by position and say why; a key itself is never repeated.
            if key and len(key) < MIN_KEY_LENGTH:
                raise ValueError(
                    f"entry {position} of {len(entries)} has {len(key)} characters; "
                    f"each key needs at least {MIN_KEY_LENGTH}"
                )
        return tuple(key for key in entries if key)


def describe_settings_error(error: ValidationError) -> str:
    """Name each bad setting by its environment variable and say why, never echoing a value."""
    lines = []
    for problem in error.errors(include_url=False, include_input=False, include_context=False):
        path = ".".join(map(str, problem["loc"]))
        name = f"{ENV_PREFIX}{path.upper()}" if error.title == Settings.__name__ else path
        lines.append(f"{name}: {problem['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)
