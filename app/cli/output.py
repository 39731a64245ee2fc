"""What `billing-quote` prints for people: a quote, a batch table, the policies."""

from __future__ import annotations

import json

from app.engine import FairUseCount, Quote
from app.web.vocabulary import term
from app.wire.schemas import BatchResponse, BatchResult, BatchSummary, PolicySummary


def print_quote(q: Quote) -> None:
    """Print one quote as a short report, reasons last."""
    version = f", version of {q.policy_version}" if q.policy_version else ""
    print(f"Policy     {q.policy} ({q.currency}){version}")
    coverage = term("en", "coverage", q.coverage)  # as the pages say it
    print(f"Coverage   {coverage} (coverage={q.coverage}, billable_option={q.billable_option})")
    print(f"Worked     {q.worked_minutes:.2f} min, free {q.free_minutes:.2f} min")
    print(f"Billable   {q.billable_minutes} min ({q.hours_to_bill:.2f} h) at {q.hourly_rate}/h")
    if q.bands:
        print(f"  {'band':<16}{'x':>6}{'worked':>10}{'billed':>8}{'amount':>12}")
        for b in q.bands:
            print(
                f"  {b.band:<16}{b.multiplier:>6}{b.worked_minutes:>10.2f}"
                f"{b.billed_minutes:>8}{b.amount:>12}"
            )
    amount = "to be agreed" if q.travel.amount is None else f"{q.travel.amount}"
    print(f"Travel     {q.travel.status} {amount}")
    for m in q.materials:
        print(f"Material   {m.kind}: {m.description} {m.amount}")
    print(f"Labour     {q.labour_amount}")
    complete = "" if q.total_complete else " (travel not included)"
    print(f"Total      {q.total} {q.currency}{complete}, excl. VAT")
    print(f"VAT        {q.vat_amount} ({q.vat_rate}), incl. VAT {q.total_incl_vat}")
    print("Reasons")
    for r in q.reasons:
        print(f"  {r.clause:<22} {r.message}")


BATCH_HEADER = f"{'items':<10}{'ticket':<12}{'coverage':<10}{'billed':>7}{'total':>12}  currency"


def print_batch(answer: BatchResponse) -> None:
    """Print one line per result, then the summary and any fair-use warning."""
    print(BATCH_HEADER)
    for result in answer.results:
        print(result_row(result))
    print(summary_text(answer.summary, answer.fair_use))


def result_row(result: BatchResult) -> str:
    """Return the table line of one batch result."""
    items = ",".join(map(str, result.entries))
    if result.quote is None:
        problems = result.problem.errors if result.problem else []
        return f"{items:<10}error: " + "; ".join(f"{e.field}: {e.problem}" for e in problems)
    q = result.quote
    return (
        f"{items:<10}{q.ticket_id or '-':<12}{q.coverage:<10}{q.billable_minutes:>7}"
        f"{q.total:>12}  {q.currency}"
    )


def summary_text(summary: BatchSummary, fair_use: list[FairUseCount]) -> str:
    """Return the summary line of a batch and a line per fair-use warning."""
    totals = ", ".join(f"{amount} {currency}" for currency, amount in summary.totals.items())
    lines = [f"{summary.quoted} of {summary.items} quoted; totals excl. VAT: {totals or '-'}"]
    if summary.rerated is not None:
        other = ", ".join(f"{v} {c}" for c, v in summary.rerated.other.items())
        change = ", ".join(f"{v:+} {c}" for c, v in summary.rerated.difference.items())
        lines.append(f"under the other terms: {other or '-'} (difference {change or '-'})")
    if summary.billed is not None:
        billed = summary.billed
        sums = ", ".join(f"{v:+} {c}" for c, v in billed.difference.items())
        lines.append(
            f"billed: {billed.agrees} agree, {billed.over_billed} over, "
            f"{billed.under_billed} under (net {sums or '0.00'})"
        )
    if summary.note is not None:
        lines.append(f"note: {summary.note}")
    lines += [f"warning ({c.clause}): {c.message}" for c in fair_use if c.exceeded]
    return "\n".join(lines)


def print_policies(summaries: list[PolicySummary], *, as_json: bool) -> None:
    """Print the loaded policies, one short entry each (or as JSON)."""
    if as_json:
        print(json.dumps([s.model_dump(mode="json") for s in summaries], indent=2))
        return
    for s in summaries:
        bands = ", ".join(f"{b.id} x{b.multiplier}" for b in s.bands)
        print(f"{s.id:<18}{s.currency}  {s.name}\n{'':<18}bands: {bands}")
        if s.extends:
            print(f"{'':<18}extends: {s.extends}")
        if s.versions:
            print(f"{'':<18}versions from: {', '.join(map(str, s.versions))}")
