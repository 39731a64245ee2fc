"""`billing-quote invoice FILE --out DIR`: a month of time entries as UBL invoice files."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.batch import QUOTED, UsageError
from app.client import BillingClient

MEDIA_TYPES = {".json": "application/json", ".csv": "text/csv", ".ndjson": "application/x-ndjson"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the invoice command's arguments."""
    parser.add_argument("file", type=Path, help="a .json batch, or a .csv or .ndjson file")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="write the invoices here"
    )
    parser.add_argument("--group-by", choices=["none", "ticket"])
    parser.add_argument("--issue-date", type=date.fromisoformat, help="YYYY-MM-DD (today)")
    parser.add_argument("--due-date", type=date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument("--buyer-reference", help="instead of the contract's")
    parser.add_argument("--order-reference")
    parser.add_argument(
        "--number", help="invoice number pattern: {customer} {policy} {currency} {month} {n}"
    )


def run_invoice(client: BillingClient, args: argparse.Namespace) -> int:
    """Write one XML file per invoice into --out and print each file's path."""
    media_type = MEDIA_TYPES.get(args.file.suffix.lower())
    if media_type is None:
        raise UsageError(f"{args.file}: give a .json, .csv or .ndjson file")
    options = {
        "issue_date": args.issue_date.isoformat() if args.issue_date else None,
        "due_date": args.due_date.isoformat() if args.due_date else None,
        "buyer_reference": args.buyer_reference,
        "order_reference": args.order_reference,
        "number": args.number,
        "group_by": args.group_by,
    }
    files = client.invoices(
        args.file.read_bytes(),
        media_type=media_type,
        params={key: value for key, value in options.items() if value is not None},
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = args.out / name
        path.write_bytes(content)
        print(path)
    return QUOTED
