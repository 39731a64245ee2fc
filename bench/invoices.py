"""Invoice figures: 10,000 time entries of one month to Peppol BIS 3.0 UBL invoices:
`python -m bench.invoices [--entries N] [--customers N] [--rounds N] [--memory]`.

The month is November 2026 under the two example contracts (examples/policies/), spread over
customers; a tenth of the VMI entries are on-site in Solna (a travel fee) with a spare part.
Each step is timed in CPU seconds of this process, best of a few rounds: quoting alone, adding
the results into invoices, writing the UBL, and the whole `POST /v1/invoices` in process, with
a JSON body (read whole) and an NDJSON body (streamed). `--memory` also traces the peak of
Python memory while the NDJSON month is invoiced, and while the batch answers it as NDJSON.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx

from app.api.application import create_app
from app.api.settings import Settings
from app.client.in_process import InProcessTransport
from app.engine import QuoteRequest, load_policies, quote_batch
from app.invoices import InvoiceOptions, invoice_xml, invoices_of

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "policies"
OPTIONS = InvoiceOptions(issue_date=date(2026, 12, 1))


def month(count: int, customers: int) -> list[dict[str, Any]]:
    """Return `count` entries of November 2026 over the two example contracts."""
    first = datetime(2026, 11, 2, 7, 0)
    entries = []
    for i in range(count):
        policy = "vmi-roslagsbygg" if i % 2 else "alesund-fjordfisk"
        offset = "+01:00"
        start = first + timedelta(minutes=(61 * i) % (27 * 24 * 60))
        end = start + timedelta(minutes=10 + i % 95)
        entry: dict[str, Any] = {
            "policy": policy,
            "start": start.isoformat() + offset,
            "end": end.isoformat() + offset,
            "channel": "remote",
            "ticket_id": f"T-{i}",
            "customer_id": f"C-{i % customers}",
        }
        if policy == "vmi-roslagsbygg" and i % 20 == 1:
            entry["channel"] = "onsite"
            entry["location"] = {"municipality": "Solna"}
            entry["materials"] = [
                {"kind": "spare_part", "description": "SSD 1 TB", "amount": "899.00"}
            ]
        entries.append(entry)
    return entries


T = TypeVar("T")


def best(rounds: int, work: Callable[[], T]) -> tuple[float, T]:
    """Return the least CPU time of `rounds` runs of `work`, and its last result."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        result = work()
        times.append(time.process_time() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="trace the streamed doors' peak")
    args = parser.parse_args()
    book = load_policies(EXAMPLES)
    entries = month(args.entries, args.customers)
    requests = [QuoteRequest.model_validate(entry) for entry in entries]

    quoting, outcome = best(args.rounds, lambda: quote_batch(requests, book))
    adding, invoices = best(args.rounds, lambda: invoices_of(outcome.results, book, OPTIONS))
    writing, files = best(args.rounds, lambda: [invoice_xml(i) for i in invoices])

    body = json.dumps({"items": entries}).encode()
    room = {"max_batch_items": args.entries, "max_body_bytes": max(len(body), 16 * 2**20)}
    app = create_app(Settings(policy_dir=EXAMPLES, log_level="WARNING", **room))
    lines_body = b"".join(json.dumps(entry).encode() + b"\n" for entry in entries)
    with httpx.Client(base_url="http://in-process", transport=InProcessTransport(app)) as client:

        def post(content: bytes, media_type: str, path: str = "/v1/invoices") -> httpx.Response:
            answer = client.post(
                path,
                params={"issue_date": "2026-12-01"} if path == "/v1/invoices" else {},
                content=content,
                headers={"Content-Type": media_type, "Accept": "application/x-ndjson"},
            )
            answer.raise_for_status()
            return answer

        whole, answer = best(args.rounds, lambda: post(body, "application/json"))
        streamed, _ = best(args.rounds, lambda: post(lines_body, "application/x-ndjson"))
        peaks = {}
        if args.memory:
            for name, path in (("invoices", "/v1/invoices"), ("batch", "/v1/quotes/batch")):
                tracemalloc.start()
                post(lines_body, "application/x-ndjson", path)
                peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
    size = sum(len(f) for f in files) / 1e6
    lines = sum(len(i.lines) for i in invoices)
    print(f"{args.entries} entries: {len(invoices)} invoices, {lines} lines, {size:.1f} MB of UBL")
    print(f"  quoting (engine)               {quoting:6.3f} s")
    print(f"  adding into invoices           {adding:6.3f} s")
    print(f"  writing the UBL (lxml)         {writing:6.3f} s")
    print(
        f"  POST /v1/invoices, JSON body   {whole:6.3f} s ({len(answer.content) / 1e6:.2f} MB ZIP)"
    )
    print(f"  POST /v1/invoices, NDJSON body {streamed:6.3f} s (streamed)")
    for name, peak in peaks.items():
        print(f"  peak traced memory, NDJSON month to {name:8} {peak:6.1f} MiB")


if __name__ == "__main__":
    main()
