"""`billing-quote batch FILE`: a JSON batch file sent as it is, or CSV and NDJSON streamed.

A streamed file goes to the service in chunks (gzip-compressed to a server), and each result is
written as it comes; on a terminal, progress bars on standard error show the entries sent and
quoted, the rate and the time left. An .xlsx workbook and a PSA's JSON export (`--source`) are
sent whole. A file ending in .gz is read through gzip; standard input may be JSON, NDJSON or CSV.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gzip
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from tqdm import tqdm

from app.cli.output import BATCH_HEADER, print_batch, result_row, summary_text
from app.client import BillingClient
from app.imports.options import CHARSETS, NOT_UTF8
from app.wire.csv_io import (
    columns_for,
    invoice_header,
    invoice_rows,
    invoice_trailer,
    write_results,
)
from app.wire.encoding import batch_json, result_line, summary_line
from app.wire.media import NDJSON

QUOTED, ITEMS_FAILED = 0, 1
READ_BYTES = 1 << 20
CSV = "text/csv"
MEDIA_TYPES = {".ndjson": NDJSON, ".jsonl": NDJSON, ".csv": CSV}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GZIP_MAGIC = b"\x1f\x8b"


class UsageError(Exception):
    """A mistake in the command, its options or its input file: exit status 2."""


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """Add how a file's entries are read: its zone, decimal mark, character set or PSA profile."""
    parser.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="read times without offset in this zone: 'policy' (each policy's) or an IANA name",
    )
    parser.add_argument(
        "--decimal", choices=["point", "comma"], help="the decimal mark of money cells"
    )
    parser.add_argument(
        "--charset", choices=["utf-8", "windows-1252"], help="the CSV's character set"
    )
    parser.add_argument(
        "--source", metavar="PROFILE", help="a PSA's own export, read by its import profile"
    )
    parser.add_argument("--policy", help="the policy of every entry (for PSA exports)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the batch command's arguments."""
    parser.add_argument(
        "file",
        help="a .json batch (sent as it is), a .csv or .ndjson file (streamed, any size), an "
        ".xlsx workbook, any of them gzipped (.gz), or - for standard input (JSON, NDJSON or CSV)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the results to FILE, not stdout"
    )
    add_reading_arguments(parser)
    parser.add_argument(
        "--compare-policy",
        metavar="POLICY",
        help="quote each entry again under this policy or contract, with the difference",
    )
    parser.add_argument(
        "--compare-on",
        metavar="YYYY-MM-DD",
        help="quote each entry again under the version in force on this day",
    )
    parser.add_argument(
        "--check-billed",
        action="store_true",
        help="set the entries' billed_minutes / billed_amount against the contract",
    )
    parser.add_argument(
        "--tolerance", metavar="AMOUNT", help="with --check-billed: a difference this small agrees"
    )
    parser.add_argument(
        "--group-by",
        choices=["none", "ticket"],
        help="override the file: per entry or per ticket (a JSON file may say it itself)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bars (they show only on a terminal)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the answer as JSON (streamed: JSON lines)"
    )
    output.add_argument("--csv", action="store_true", help="print the invoice-ready CSV table")


def run_batch(client: BillingClient, args: argparse.Namespace, *, remote: bool) -> int:
    """Quote the file; return the exit status (1 when some entries could not be quoted)."""
    output = getattr(args, "output", None)
    if output is None:
        return _run_batch(client, args, remote=remote)
    with (
        Path(output).open("w", encoding="utf-8", newline="") as out,
        contextlib.redirect_stdout(out),
    ):
        return _run_batch(client, args, remote=remote)


def reading_options(args: argparse.Namespace) -> dict[str, str]:
    """Return the batch's reading options and second opinion given on the command line, as
    query parameters."""
    names = ("time_zone", "decimal", "charset", "source", "policy", "compare_policy", "compare_on")
    params = {name: value for name in names if (value := getattr(args, name, None))}
    if getattr(args, "check_billed", False):
        params["check_billed"] = "true"
    if tolerance := getattr(args, "tolerance", None):
        params["tolerance"] = tolerance
    return params


def columns_of(params: dict[str, str]) -> list[str]:
    """Return the invoice table's columns, with a re-rated or checked batch's."""
    compared = "compare_policy" in params or "compare_on" in params
    return columns_for(compared, params.get("check_billed") == "true")


def open_input(path: str) -> IO[bytes]:
    """Open a file (or standard input) for reading, through gzip when it is gzipped."""
    raw = sys.stdin.buffer if path == "-" else Path(path).open("rb")
    buffered: io.BufferedReader = (
        raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
    )
    if buffered.peek(2)[:2] != GZIP_MAGIC:
        return buffered
    if path == "-":
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    buffered.close()
    return gzip.GzipFile(path, "rb")  # type: ignore[return-value]


def kind_of_input(name: str, head: bytes) -> str:
    """Return what a file holds: `json`, `xlsx`, or a streamed media type (NDJSON or CSV).

    By the name (without .gz) first; standard input by its first line: `[`, or `{` that does
    not close on its line or holds `items`, is a JSON batch; another `{` line is NDJSON.
    """
    suffix = Path(name.removesuffix(".gz").removesuffix(".GZ")).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".xlsx" or head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix in MEDIA_TYPES:
        return MEDIA_TYPES[suffix]
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"["):
        return "json"
    if not text.startswith(b"{"):
        return CSV
    first = text.split(b"\n", 1)[0]
    try:
        line = json.loads(first)
    except ValueError:
        return "json"  # a JSON document over several lines
    return "json" if isinstance(line, dict) and "items" in line else NDJSON


def _run_batch(client: BillingClient, args: argparse.Namespace, *, remote: bool) -> int:
    params = reading_options(args)
    stream = open_input(args.file)
    try:
        head = stream.peek(READ_BYTES)[:READ_BYTES]  # type: ignore[attr-defined]
        kind = kind_of_input(args.file, head)
        if kind in ("json", "xlsx"):
            raw = stream.read()
            _close(stream)
            return _whole_batch(client, args, kind, raw, params)
    except BaseException:
        _close(stream)
        raise
    source = _Source(args.file, stream, kind, CHARSETS[params.get("charset", "utf-8")])
    progress = _Progress(source.entries, enabled=sys.stderr.isatty() and not args.quiet)
    write = progress.write
    try:
        with client.stream_batch(
            source.chunks(progress.sent),
            media_type=source.media_type,
            group_by=args.group_by,
            compress=remote,
            params=params,
        ) as results:
            columns = columns_of(params)
            write(invoice_header(columns) if args.csv else "" if args.json else BATCH_HEADER + "\n")
            for result in results:
                progress.quoted(len(result.entries))
                if args.json:
                    write(result_line(result).decode())
                elif args.csv:
                    write(invoice_rows([result], columns))
                else:
                    write(result_row(result) + "\n")
            summary, fair_use = results.summary, results.fair_use
    finally:
        progress.close()
        source.close()
    assert summary is not None  # a stream without its summary raised ApiError
    if args.json:
        sys.stdout.write(summary_line(summary, fair_use).decode())
    elif args.csv:
        sys.stdout.write(invoice_trailer(summary, columns_of(params)))
    else:
        print(summary_text(summary, fair_use))
    return ITEMS_FAILED if summary.failed else QUOTED


def _close(stream: IO[bytes]) -> None:
    if stream is not sys.stdin.buffer:
        stream.close()


def _whole_batch(
    client: BillingClient, args: argparse.Namespace, kind: str, raw: bytes, params: dict[str, str]
) -> int:
    """Send a JSON batch, a PSA's JSON export or a workbook whole; print the answer."""
    name = "standard input" if args.file == "-" else args.file
    if kind == "xlsx":
        answer = client.send_batch(raw, group_by=args.group_by, media_type=XLSX, params=params)
    elif params.get("source"):
        answer = client.send_batch(raw, group_by=args.group_by, params=params)
    else:
        document = json_document(name, raw)
        answer = client.send_batch(document, group_by=args.group_by, params=params)
    if args.json:
        print(batch_json(answer).decode())
    elif args.csv:
        sys.stdout.write(write_results(answer, columns_of(params)))
    else:
        print_batch(answer)
    return ITEMS_FAILED if answer.summary.failed else QUOTED


def json_document(name: str, raw: bytes) -> bytes:
    """Check a JSON batch file and return what to send: the file as it is, every field kept."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UsageError(f"{name}: line {line}: not UTF-8; save the file as UTF-8") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{name}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    if isinstance(data, list):
        return json.dumps({"items": data}).encode()
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise UsageError(
            f'{name}: no "items" list; a batch file is {{"items": [...]}} or a list of entries'
        )
    return raw.removeprefix(b"\xef\xbb\xbf")


class _Source:
    """A file of entries (or standard input): its media type, entry count, and chunks.

    NDJSON by the name `.ndjson`/`.jsonl`, CSV by `.csv`; otherwise NDJSON when the first
    character is `{`, else CSV. A file is read once first: a CSV must be UTF-8, and the
    entries are counted for the progress bar (CSV rows as lines, so about).
    """

    def __init__(
        self, path: str, file: IO[bytes], media_type: str, encoding: str = "utf-8"
    ) -> None:
        self.encoding = encoding.removesuffix("-sig")
        self.name = "standard input" if path == "-" else path
        self.file = file
        self.first = self.file.read(READ_BYTES)
        self.media_type = media_type
        try:
            self.entries = None if path == "-" else self._count()
        except BaseException:
            self.close()
            raise

    def _count(self) -> int:
        decoder = codecs.getincrementaldecoder(self.encoding)()
        lines = blank = 0
        chunk = self.first
        while chunk:
            if self.media_type == CSV:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    line = lines + chunk[: max(error.start, 0)].count(b"\n") + 1
                    raise UsageError(f"{self.name}: line {line}: not UTF-8. {NOT_UTF8}") from None
            lines += chunk.count(b"\n")
            blank += chunk.count(b"\n\n")
            chunk = self.file.read(READ_BYTES)
        self.file.seek(len(self.first))
        return max(lines - blank - (self.media_type == CSV), 0)

    def chunks(self, sent: Callable[[int], None]) -> Iterator[bytes]:
        chunk = self.first
        while chunk:
            yield chunk
            sent(chunk.count(b"\n"))
            chunk = self.file.read(READ_BYTES)

    def close(self) -> None:
        _close(self.file)


class _Progress:
    """Two bars on standard error, entries sent and entries quoted; or nothing."""

    def __init__(self, total: int | None, *, enabled: bool) -> None:
        self.bars: list[tqdm] = []
        if enabled:
            for position, what in enumerate(["sent", "quoted"]):
                bar = tqdm(
                    total=total, desc=f"{what:<6}", unit=" entries", position=position,
                    file=sys.stderr, dynamic_ncols=True, leave=True,
                )  # fmt: skip
                self.bars.append(bar)

    def sent(self, entries: int) -> None:
        if self.bars:
            self.bars[0].update(entries)

    def quoted(self, entries: int) -> None:
        if self.bars:
            self.bars[1].update(entries)

    def write(self, text: str) -> None:
        """Write to standard output; above the bars when both are on one terminal."""
        if self.bars and sys.stdout.isatty() and text:
            tqdm.write(text.rstrip("\n"), file=sys.stdout)
        else:
            sys.stdout.write(text)

    def close(self) -> None:
        for bar in self.bars:
            bar.close()
