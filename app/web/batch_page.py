"""The batch page at `/batch`: time entries as CSV in, the invoice per ticket out.

The CSV is read, grouped and quoted as `POST /v1/quotes/batch` does (the same pipeline); the
answer is shown as a table with errors per spreadsheet line, or downloaded as the invoice CSV, or
as UBL invoices (`POST /v1/invoices`) when the contracts name a seller and a buyer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.api.batches.answer import read_whole, whole_answer
from app.api.batches.invoices import invoices_of_entries
from app.api.batches.opinion import NAMES as OPINION_FIELDS
from app.api.batches.opinion import second_opinion
from app.api.batches.run import BatchJob, make_answer
from app.api.batches.writer import Collector
from app.api.deps import service_of
from app.engine import GroupBy, InvalidRequest, PolicyBook
from app.imports.options import ImportOptions
from app.imports.xlsx import ZIP_MAGIC
from app.invoices.invoice import InvoiceOptions
from app.web.rendering import language_of, render
from app.web.translated_problems import field_errors
from app.wire.media import BodyFormat
from app.wire.schemas import BatchResponse

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class CurrencyTotal:
    """The quotes of one currency added up: excluding VAT, the VAT, including VAT."""

    currency: str
    total: Decimal
    vat: Decimal
    total_incl_vat: Decimal


def totals_with_vat(answer: BatchResponse) -> list[CurrencyTotal]:
    """Return each currency's sums of the quotes' own totals and VAT (as the table lists them)."""
    sums: dict[str, list[Decimal]] = {}
    for result in answer.results:
        if result.quote is not None:
            q = result.quote
            row = sums.setdefault(q.currency, [Decimal("0.00")] * 3)
            row[0] += q.total
            row[1] += q.vat_amount
            row[2] += q.total_incl_vat
    return [CurrencyTotal(currency, *sums[currency]) for currency in sorted(sums)]


@router.get("/batch")
async def batch_form(request: Request, lang: str | None = None) -> Response:
    """Show the batch form."""
    return render(request, "batch.html", section="batch", language=language_of(request, lang))


@router.post("/batch")
async def batch_result(request: Request) -> Response:
    """Quote the entries of a pasted or uploaded CSV; show the invoice or send it as CSV.

    The CSV goes through the batch pipeline, in a batch slot and thread as the API's batches do.
    """
    service = service_of(request)
    async with request.form(max_files=1, max_fields=16) as form:
        language = language_of(request, str(form.get("lang", "")))
        pasted = str(form.get("csv", ""))
        upload = form.get("file")
        body = await upload.read() if isinstance(upload, UploadFile) else b""
        body = body or pasted.encode()
        group_by_ticket, action = bool(form.get("group_by")), form.get("action")
        local_times = bool(form.get("local_times"))
        # A second opinion, asked as the API's query asks it (the empty fields left out).
        opinion = {name: str(form.get(name, "")).strip()[:64] for name in OPINION_FIELDS}
    group_by: GroupBy = "ticket" if group_by_ticket else "none"
    context: dict[str, Any] = {
        "section": "batch",
        "language": language,
        "pasted": pasted,
        "group_by": group_by,
        "local_times": local_times,
        "opinion": {name: value for name, value in opinion.items() if value},
    }
    slot = service.batches.take()
    try:
        if action == "ubl":
            return await slot.step(_invoices, request, body, context)
        return await slot.step(_answer, request, body, action == "csv", context)
    finally:
        slot.release()


def _answer(request: Request, body: bytes, as_csv: bool, context: dict[str, Any]) -> Response:
    """Quote the CSV and render the page (or the invoice CSV), in a batch thread."""
    service = service_of(request)
    try:
        compare, tolerance = second_opinion(context["opinion"], service.book)
        job = BatchJob(
            service.book,
            service.limits,
            context["language"],
            "csv" if as_csv else "json",
            None,
            context["group_by"],
            in_memory=True,
            compare=compare,
            tolerance=tolerance,
        )
        if not body.strip():
            raise InvalidRequest.at("csv", "paste time entries or choose a CSV file")
        kind: BodyFormat = "xlsx" if body.startswith(ZIP_MAGIC) else "csv"
        options = ImportOptions(time_zone="policy" if context["local_times"] else None)
        source = read_whole(body, kind, service.settings, options, service.book)
        lines = source.line_numbers()  # now: what the batch read is freed once it is answered
        if kind == "csv":  # read, so UTF-8: kept for the download
            context["pasted"] = body.decode("utf-8-sig")
        if as_csv:
            return whole_answer(
                b"".join(make_answer(job, lambda: source)),
                service.settings.write_timeout,
                "text/csv; charset=utf-8",
                {"Content-Disposition": 'attachment; filename="invoice.csv"'},
            )
        made: list[Collector] = []

        def collector(*args: Any, **options: Any) -> Collector:
            made.append(Collector(*args, **options))
            return made[0]

        for _ in make_answer(job, lambda: source, collector):
            pass
    except InvalidRequest as error:
        return _problems(request, error, context)
    answer = made[0].response
    invoiceable = answer is not None and _invoiceable(service.book, answer)
    return render(
        request,
        "batch.html",
        answer=answer,
        totals=totals_with_vat(answer) if answer is not None else [],
        lines=lines,
        invoiceable=invoiceable,
        **context,
    )


def _problems(request: Request, error: InvalidRequest, context: dict[str, Any]) -> Response:
    """Show the batch form again with what stops its entries from being read."""
    problems = [(p.field if p.field != "csv" else "", p.problem) for p in error.problems]
    errors = field_errors(problems, context["language"], "csv")
    return render(request, "batch.html", 422, errors=errors, **context)


def _invoiceable(book: PolicyBook, answer: BatchResponse) -> bool:
    """Tell whether every quote's policy names a seller and a buyer (invoices can be written)."""
    policies = {result.quote.policy for result in answer.results if result.quote is not None}
    return bool(policies) and all(
        book[policy].policy.buyer is not None and book[policy].policy.seller is not None
        for policy in policies
    )


def _invoices(request: Request, body: bytes, context: dict[str, Any]) -> Response:
    """Send the entries as UBL invoices (one XML, or a ZIP), or show why they cannot be."""
    service = service_of(request)
    job = BatchJob(
        service.book,
        service.limits,
        context["language"],
        "json",
        None,
        context["group_by"],
        in_memory=True,
    )
    try:
        if not body.strip():
            raise InvalidRequest.at("csv", "paste time entries or choose a CSV file")
        kind: BodyFormat = "xlsx" if body.startswith(ZIP_MAGIC) else "csv"
        reading = ImportOptions(time_zone="policy" if context["local_times"] else None)
        source = read_whole(body, kind, service.settings, reading, service.book)
        options = InvoiceOptions(date.today())
        content, media_type, name = invoices_of_entries(job, source, options)
    except InvalidRequest as error:
        context["pasted"] = body.decode("utf-8-sig", errors="replace")
        return _problems(request, error, context)
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return whole_answer(content, service.settings.write_timeout, media_type, disposition)
