"""Typed dependencies: what a route needs from the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.settings import Settings
from app.engine import Limits, PolicyBook


async def get_book(request: Request) -> PolicyBook:
    book: PolicyBook = request.app.state.book
    return book


async def get_limits(request: Request) -> Limits:
    limits: Limits = request.app.state.limits
    return limits


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


BookDep = Annotated[PolicyBook, Depends(get_book)]
LimitsDep = Annotated[Limits, Depends(get_limits)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
