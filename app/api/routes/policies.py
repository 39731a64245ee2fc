"""GET /v1/policies and /v1/policies/{policy_id}."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.exceptions import HTTPException

from app.api.deps import service_of
from app.api.errors import documented
from app.wire.schemas import Holiday, PolicyDetail, PolicySummary

router = APIRouter(prefix="/v1", tags=["policies"])


@router.get("/policies", responses=documented(401, 500))
async def list_policies(request: Request) -> list[PolicySummary]:
    """List the loaded policies: what each extends, its versions, bands and cited clause ids."""
    book = service_of(request).book
    today = date.today()
    return [PolicySummary.of(book.versions(policy_id), today) for policy_id in book]


@router.get("/policies/{policy_id}", responses=documented(401, 404, 422, 500))
async def get_policy(
    policy_id: str,
    request: Request,
    year: Annotated[
        int | None, Query(ge=1902, le=2099, description="Year of the holidays listed.")
    ] = None,
    on: Annotated[
        date | None,
        Query(
            description="Show the version in force on this day (default today; the first "
            "version for days before it)."
        ),
    ] = None,
) -> PolicyDetail:
    """Show one policy's rules resolved, what it extends, its versions and a year's holidays."""
    book = service_of(request).book
    if policy_id not in book:
        raise HTTPException(404, f"no policy {policy_id!r}; loaded: {', '.join(sorted(book))}")
    day = on or date.today()
    timeline = book.versions(policy_id).on(day).timeline
    wanted = year or day.year
    known = timeline.first_year <= wanted <= timeline.last_year
    named = timeline.holidays.named(wanted) if known else {}
    holidays = [Holiday(date=d, name=name) for d, name in named.items()]
    return PolicyDetail.of(book, policy_id, day, holidays)
