"""Operator settings, read once at start-up from `BILLING_*` environment variables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

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
    max_quote_body_bytes: int = Field(
        256 * 1024, ge=1024, description="Largest body of a single quote (POST /v1/quotes)."
    )
    max_batch_items: int = Field(10_000, ge=1, description="Most sessions in one batch.")
    max_stream_items: int = Field(
        1_000_000, ge=1, description="Most entries in one streamed batch."
    )
    max_stream_bytes: int = Field(
        1024 * MIB, ge=1024, description="Largest streamed batch body, after decompression."
    )
    max_span_days: int = Field(
        31, ge=1, le=366, description="Longest assignment, first start to last end."
    )
    max_sessions: int = Field(1_000, ge=1, description="Most sittings in one assignment.")
    batch_workers: int = Field(2, ge=1, le=64, description="Batches quoted at once per worker.")
    batch_queue: int = Field(
        8, ge=0, description="Batches that may wait for a turn per worker; more get 503."
    )
    max_connections: int = Field(
        1000, ge=1, description="Open connections per worker; more are answered 503 and closed."
    )
    max_header_bytes: int = Field(
        32 * 1024, ge=1024, description="Largest request line and headers together (431 above)."
    )
    header_timeout: float = Field(
        10, gt=0, description="Seconds a connection may take to send a request's headers."
    )
    body_timeout: float = Field(
        60, gt=0, description="Seconds a request may take to arrive in full, headers and body."
    )
    write_timeout: float = Field(
        30,
        gt=0,
        le=600,
        description="Seconds a caller may read nothing of a batch answer before it is cut off.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Level of the service's own lines; `WARNING` drops access lines."
    )
    log_format: Literal["json", "text"] = Field(
        "json", description="`json`: one JSON object a line; `text`: plain lines for local use."
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Comma-separated origins a browser front-end may call from "
        "(`https://psa.example.com`, or `*`); none means CORS is off.",
    )
    metrics_public: bool = Field(
        False, description="Serve /metrics without an API key even when keys are set."
    )
    pages_public: bool = Field(
        False,
        description="Serve the pages for people (/, /policies/..., /batch) even when API keys are "
        "set: they quote in process, without a key.",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            origins = tuple(origin.strip() for origin in value.split(",") if origin.strip())
            for position, origin in enumerate(origins, start=1):
                if origin != "*" and not _ORIGIN.match(origin):  # named by position, not echoed
                    raise ValueError(
                        f"entry {position} of {len(origins)} is not an origin like "
                        "https://host[:port]"
                    )
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
