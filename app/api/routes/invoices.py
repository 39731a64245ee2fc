"""POST /v1/invoices."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.batches.answer import whole_answer
from app.api.batches.invoices import answer_invoices
from app.api.body import documented_body, request_body_format
from app.api.deps import service_of
from app.api.errors import documented
from app.engine import Language
from app.imports.options import PARAMETERS as IMPORT_PARAMETERS
from app.invoices.invoice import InvoiceOptions
from app.invoices.numbers import DEFAULT_NUMBER

router = APIRouter(prefix="/v1", tags=["invoices"])
INVOICE_ENTRY = {
    "policy": "vmi-roslagsbygg",
    "start": "2026-11-12T10:00:00+01:00",
    "end": "2026-11-12T11:00:00+01:00",
    "channel": "remote",
    "ticket_id": "RB-101",
    "customer_id": "roslagsbygg",
}


@router.post(
    "/invoices",
    responses={
        200: {
            "description": "One UBL 2.1 Invoice (Peppol BIS Billing 3.0, EHF Billing 3.0) per "
            "customer and currency: the XML of one, or a ZIP of several, each file named by "
            "its invoice number. Labour is a line per band and rate (minutes, priced per 60), "
            "travel per fee, each material its own line; free work is no line. A customer "
            "billed in two currencies gets an invoice in each, whose note names the other. "
            "No credit notes: the engine bills no negative amount (a negative amount in an "
            "entry is a 422 naming it, as are the second-opinion parameters).",
            "content": {
                "application/xml": {"schema": {"type": "string"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **documented(401, 413, 415, 422, 500, 503),
    },
    openapi_extra={
        **documented_body(
            "BatchRequest",
            {"month": {"items": [INVOICE_ENTRY]}},
            csv_description="Time entries as for /v1/quotes/batch, one a row. CSV and NDJSON "
            "bodies stream (up to BILLING_MAX_STREAM_ITEMS entries), as a batch answered as "
            "CSV or NDJSON does.",
        ),
        "parameters": IMPORT_PARAMETERS,
    },
)
async def create_invoices(
    request: Request,
    issue_date: Annotated[
        date | None, Query(description="The invoices' issue date (default today).")
    ] = None,
    due_date: Annotated[
        date | None,
        Query(description="The due date (default: the seller's `payment_days` after issue)."),
    ] = None,
    buyer_reference: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Overrides the contract's default."),
    ] = None,
    order_reference: Annotated[
        str | None, Query(min_length=1, max_length=200, description="The buyer's order number.")
    ] = None,
    number: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="Invoice number pattern with `{customer}` (customer id, else the "
            "policy), `{policy}`, `{currency}`, `{month}` (YYYY-MM of the first work) and "
            "`{n}` (1, 2, ... within the answer); a number that repeats is a 422.",
        ),
    ] = DEFAULT_NUMBER,
    group_by: Annotated[
        str | None,
        Query(pattern="^(none|ticket)$", description="`ticket`: one assignment per ticket."),
    ] = None,
    lang: Annotated[
        Language | None,
        Query(
            description="The words of the invoices (item names, descriptions, note): `sv`, "
            "`nb` or `en`. Default: the buyer's country's (Swedish for SE, Norwegian Bokmål "
            "for NO, English elsewhere)."
        ),
    ] = None,
) -> Response:
    """Invoice a month of time entries: one Peppol BIS 3.0 UBL invoice per customer and currency."""
    options = InvoiceOptions(
        issue_date or date.today(), due_date, buyer_reference, order_reference, number, lang
    )
    content, media_type, name = await answer_invoices(
        request, request_body_format(request, csv=True), options
    )
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    write_timeout = service_of(request).settings.write_timeout
    return whole_answer(content, write_timeout, media_type, disposition)
