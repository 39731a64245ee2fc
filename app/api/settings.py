"""Operator settings, read once at start-up from `BILLING_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Every limit has a default fit for one service shared by many callers."""

    model_config = SettingsConfigDict(env_prefix="BILLING_", frozen=True)

    policy_dir: Path | None = Field(
        None, description="Folder of extra policy files (*.toml) loaded beside the built-ins."
    )
    api_keys: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated API keys; none means the API is open (local use)."
    )
    max_body_bytes: int = Field(16 * MIB, ge=1024, description="Largest request body.")
    max_batch_items: int = Field(10_000, ge=1, description="Most sessions in one batch.")
    max_span_days: int = Field(
        31, ge=1, le=366, description="Longest assignment, first start to last end."
    )
    max_sessions: int = Field(1_000, ge=1, description="Most sittings in one assignment.")
    log_level: str = Field("INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$")

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            keys = tuple(key.strip() for key in value.split(",") if key.strip())
            if any(len(key) < 16 for key in keys):
                raise ValueError("each API key must have at least 16 characters")
            return keys
        return value
