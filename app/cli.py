"""`billing-quote`: quotes from the command line, from a server or in process.

    billing-quote quote --policy alesund-data-no --start 2026-03-02T15:30:00+01:00 \\
        --end 2026-03-02T17:10:00+01:00 --channel remote --ticket-id HD-1042
    billing-quote batch entries.csv --group-by ticket --csv > invoice.csv
    billing-quote policies
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from app.api.csv_io import write_results
from app.api.encoding import batch_json, quote_json
from app.client import ApiError, BillingClient
from app.engine.result import Quote

CHANNELS = ["phone", "email", "remote", "onsite"]
WORK_KINDS = ["support", "security_update", "development", "training", "setup", "warranty"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="billing-quote", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("BILLING_QUOTE_URL"),
        help="base URL of a running service (env BILLING_QUOTE_URL); without it, in process",
    )
    parser.add_argument("--api-key", default=os.environ.get("BILLING_QUOTE_API_KEY"))
    parser.add_argument("--lang", choices=["en", "sv", "nb"], help="language of the reasons")
    parser.add_argument("--policy-dir", type=Path, help="extra policy files (in process only)")
    commands = parser.add_subparsers(dest="command", required=True)

    one = commands.add_parser("quote", help="quote one session or assignment")
    one.add_argument("--policy", required=True)
    one.add_argument("--start", help="ISO 8601 with offset")
    one.add_argument("--end", help="ISO 8601 with offset")
    one.add_argument(
        "--session", action="append", metavar="START/END", help="a sitting; repeat for several"
    )
    one.add_argument("--channel", required=True, choices=CHANNELS)
    one.add_argument("--work-kind", choices=WORK_KINDS)
    one.add_argument("--equipment-from", choices=["provider", "other"])
    one.add_argument("--ticket-id")
    one.add_argument("--customer-id")
    one.add_argument("--municipality", help="name or official code, for on-site work")
    one.add_argument("--ferry", action="store_true", help="the address is reached by ferry")
    one.add_argument("--urgent", action="store_true")
    one.add_argument("--rate", help="hourly rate, e.g. 1200.00")
    one.add_argument("--cause", action="append", help="a cause of the fault; repeatable")
    one.add_argument("--support-level")
    one.add_argument("--training-planned", action="store_true")
    one.add_argument("--training-group", action="store_true")
    one.add_argument("--instruction-minutes", type=int)
    one.add_argument("--json", action="store_true", help="print the quote as JSON")

    many = commands.add_parser("batch", help="quote a file of time entries (CSV or JSON)")
    many.add_argument("file", help="a .csv or .json file, or - for CSV on standard input")
    many.add_argument("--group-by", choices=["none", "ticket"], default="none")
    output = many.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the answer as JSON")
    output.add_argument("--csv", action="store_true", help="print the invoice-ready CSV table")

    listing = commands.add_parser("policies", help="list policies, or show one")
    listing.add_argument("policy_id", nargs="?")
    listing.add_argument("--year", type=int)
    listing.add_argument("--json", action="store_true")
    return parser


def _request_of(args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {"policy": args.policy, "channel": args.channel}
    if args.session:
        sessions = [s.split("/", 1) for s in args.session]
        body["sessions"] = [{"start": s[0], "end": s[-1]} for s in sessions]
    else:
        body |= {"start": args.start, "end": args.end}
    optional = {
        "work_kind": args.work_kind,
        "equipment_from": args.equipment_from,
        "ticket_id": args.ticket_id,
        "customer_id": args.customer_id,
        "hourly_rate": args.rate,
        "causes": args.cause,
        "support_level": args.support_level,
        "urgent": args.urgent or None,
    }
    body |= {k: v for k, v in optional.items() if v is not None}
    if args.municipality:
        body["location"] = {"municipality": args.municipality, "ferry": args.ferry}
    if args.training_planned or args.training_group or args.instruction_minutes is not None:
        body["training"] = {
            "planned": args.training_planned,
            "group": args.training_group,
            "instruction_minutes": args.instruction_minutes or 0,
        }
    return body


def _print_quote(q: Quote) -> None:
    print(f"Policy     {q.policy} ({q.currency})")
    print(f"Coverage   {q.coverage} ({q.billable_option})")
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


def _read_entries(path: str) -> tuple[str, Any]:
    if path == "-":
        return "csv", sys.stdin.read()
    text = Path(path).read_text(encoding="utf-8-sig")
    if path.lower().endswith(".json"):
        data = json.loads(text)
        return "json", data["items"] if isinstance(data, dict) else data
    return "csv", text


def _batch(client: BillingClient, args: argparse.Namespace) -> None:
    kind, entries = _read_entries(args.file)
    if args.csv and kind == "csv":
        sys.stdout.write(client.invoice_csv(entries, group_by=args.group_by))
        return
    if kind == "csv":
        answer = client.quote_csv(entries, group_by=args.group_by)
    else:
        answer = client.quote_batch(entries, group_by=args.group_by)
    if args.json:
        print(batch_json(answer).decode())
        return
    if args.csv:
        sys.stdout.write(write_results(answer))
        return
    print(f"{'items':<10}{'ticket':<12}{'coverage':<10}{'billed':>7}{'total':>12}  currency")
    for result in answer.results:
        items = ",".join(map(str, result.entries))
        if result.quote is None:
            problems = result.problem.errors if result.problem else []
            print(f"{items:<10}error: " + "; ".join(f"{e.field}: {e.problem}" for e in problems))
            continue
        q = result.quote
        print(
            f"{items:<10}{q.ticket_id or '-':<12}{q.coverage:<10}{q.billable_minutes:>7}"
            f"{q.total:>12}  {q.currency}"
        )
    summary = answer.summary
    totals = ", ".join(f"{amount} {currency}" for currency, amount in summary.totals.items())
    print(f"{summary.quoted} of {summary.items} quoted; totals excl. VAT: {totals or '-'}")
    for count in answer.fair_use:
        if count.exceeded:
            print(f"warning ({count.clause}): {count.message}")


def _policies(client: BillingClient, args: argparse.Namespace) -> None:
    if args.policy_id:
        detail = client.policy(args.policy_id, args.year)
        print(detail.model_dump_json(indent=2, by_alias=True))
        return
    summaries = client.policies()
    if args.json:
        print(json.dumps([s.model_dump(mode="json") for s in summaries], indent=2))
        return
    for s in summaries:
        bands = ", ".join(f"{b.id} x{b.multiplier}" for b in s.bands)
        print(f"{s.id:<18}{s.currency}  {s.name}\n{'':<18}bands: {bands}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.server:
        client = BillingClient(args.server, api_key=args.api_key, language=args.lang)
    else:
        client = BillingClient.in_process(policy_dir=args.policy_dir, language=args.lang)
    try:
        with client:
            if args.command == "quote":
                q = client.quote(_request_of(args))
                if args.json:
                    print(quote_json(q).decode())
                else:
                    _print_quote(q)
            elif args.command == "batch":
                _batch(client, args)
            else:
                _policies(client, args)
    except ApiError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"billing-quote: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
