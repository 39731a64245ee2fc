"""GET /v1/policies and /v1/policies/{policy_id}."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.exceptions import HTTPException

from app.api.deps import service_of
from app.api.problems import documented
from app.api.schemas import Holiday, PolicyDetail, PolicySummary, clauses_of

router = APIRouter(prefix="/v1", tags=["policies"])


@router.get("/policies", responses=documented(401, 500))
async def list_policies(request: Request) -> list[PolicySummary]:
    """List the loaded policies with their bands and the clause ids they cite."""
    return [PolicySummary.of(compiled.policy) for compiled in service_of(request).book.values()]


@router.get("/policies/{policy_id}", responses=documented(401, 404, 422, 500))
async def get_policy(
    policy_id: str,
    request: Request,
    year: Annotated[
        int | None, Query(ge=1902, le=2099, description="Year of the holidays listed.")
    ] = None,
) -> PolicyDetail:
    """Show one policy's rules, clause by clause, and its public holidays of a year."""
    book = service_of(request).book
    compiled = book.get(policy_id)
    if compiled is None:
        raise HTTPException(404, f"no policy {policy_id!r}; loaded: {', '.join(sorted(book))}")
    timeline = compiled.timeline
    wanted = year or date.today().year
    known = timeline.first_year <= wanted <= timeline.last_year
    named = timeline.holidays.named(wanted) if known else {}
    holidays = [Holiday(date=day, name=name) for day, name in named.items()]
    return PolicyDetail(
        policy=compiled.policy,
        holidays=holidays,
        clauses=sorted(clauses_of(compiled.policy.model_dump())),
    )
