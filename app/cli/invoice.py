"""`billing-quote invoice FILE --out DIR`: a month of time entries as UBL invoice files."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from app.cli.batch import (
    QUOTED,
    READ_BYTES,
    XLSX,
    UsageError,
    add_reading_arguments,
    reading_options,
)
from app.client import BillingClient
from app.wire.media import NDJSON

MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".ndjson": NDJSON,
    ".jsonl": NDJSON,
    ".xlsx": XLSX,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the invoice command's arguments."""
    parser.add_argument(
        "file",
        type=Path,
        help="a .json batch, a .csv or .ndjson file (streamed to the service), an .xlsx "
        "workbook, or a PSA's export (with --source)",
    )
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
    add_reading_arguments(parser)


def run_invoice(client: BillingClient, args: argparse.Namespace) -> int:
    """Write one XML file per invoice into --out and print each file's path."""
    media_type = MEDIA_TYPES.get(args.file.suffix.lower())
    if media_type is None:
        raise UsageError(f"{args.file}: give a .json, .csv, .ndjson or .xlsx file")
    options = {
        **reading_options(args),
        "issue_date": args.issue_date.isoformat() if args.issue_date else None,
        "due_date": args.due_date.isoformat() if args.due_date else None,
        "buyer_reference": args.buyer_reference,
        "order_reference": args.order_reference,
        "number": args.number,
        "group_by": args.group_by,
        "lang": getattr(args, "lang", None),  # the common --lang: default the buyer's
    }
    streamed = media_type in ("text/csv", NDJSON)
    files = client.invoices(
        _chunks(args.file) if streamed else args.file.read_bytes(),
        media_type=media_type,
        params={key: value for key, value in options.items() if value is not None},
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = args.out / name
        path.write_bytes(content)
        print(path)
    return QUOTED


def _chunks(path: Path) -> Iterator[bytes]:
    """Yield a file's bytes a chunk at a time, so a month of any size is never held whole."""
    with path.open("rb") as file:
        while chunk := file.read(READ_BYTES):
            yield chunk
