"""`GET /batch/template.csv`: a CSV to fill in, with the columns people use most and two rows."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

router = APIRouter(include_in_schema=False)

TEMPLATE = (
    "policy,start,end,channel,ticket_id,customer_id,technician,work_kind,"
    "location.municipality,hourly_rate,materials.0.kind,materials.0.description,"
    "materials.0.amount\r\n"
    "vmi-se,2026-03-04T13:00:00+01:00,2026-03-04T13:40:00+01:00,remote,HD-1042,C-7,anna,"
    "support,,,,,\r\n"
    "alesund-data-no,2026-03-04T17:10:00+01:00,2026-03-04T18:05:00+01:00,onsite,HD-1043,C-9,"
    "bo,support,Ålesund,,spare_part,Cable,89.50\r\n"
)


@router.get("/batch/template.csv")
async def batch_template() -> Response:
    """Send a CSV template of time entries (UTF-8, comma-separated, times with offsets)."""
    return Response(
        TEMPLATE.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="time-entries-template.csv"'},
    )
