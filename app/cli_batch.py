"""`billing-quote batch FILE`: a JSON batch file sent as it is, or CSV and NDJSON streamed.

A streamed file goes to the service in chunks (gzip-compressed to a server), and each result is
written as it comes; on a terminal, progress bars on standard error show the entries sent and
quoted, the rate and the time left.
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from tqdm import tqdm

from app.api.csv_io import invoice_header, invoice_rows, write_results
from app.api.encoding import batch_json, result_line, summary_line
from app.cli_output import BATCH_HEADER, print_batch, result_row, summary_text
from app.client import NDJSON, BillingClient

QUOTED, ITEMS_FAILED = 0, 1
CHUNK = 1 << 20
CSV = "text/csv"
MEDIA_TYPES = {".ndjson": NDJSON, ".jsonl": NDJSON, ".csv": CSV}


class UsageError(Exception):
    """A mistake in the command, its options or its input file: exit status 2."""


def run_batch(client: BillingClient, args: argparse.Namespace, *, remote: bool) -> int:
    """Quote the file; return the exit status (1 when some entries could not be quoted)."""
    if args.file.lower().endswith(".json"):
        return _json_batch(client, args)
    source = _Source(args.file)
    progress = _Progress(source.entries, enabled=sys.stderr.isatty() and not args.quiet)
    write = progress.write
    try:
        with client.stream_batch(
            source.chunks(progress.sent),
            media_type=source.media_type,
            group_by=args.group_by,
            compress=remote,
        ) as results:
            write(invoice_header() if args.csv else "" if args.json else BATCH_HEADER + "\n")
            for result in results:
                progress.quoted(len(result.entries))
                if args.json:
                    write(result_line(result).decode())
                elif args.csv:
                    write(invoice_rows([result]))
                else:
                    write(result_row(result) + "\n")
            summary, fair_use = results.summary, results.fair_use
    finally:
        progress.close()
        source.close()
    assert summary is not None  # a stream without its summary raised ApiError
    if args.json:
        sys.stdout.write(summary_line(summary, fair_use).decode())
    elif not args.csv:
        print(summary_text(summary, fair_use))
    return ITEMS_FAILED if summary.failed else QUOTED


def _json_batch(client: BillingClient, args: argparse.Namespace) -> int:
    raw = Path(args.file).read_bytes()
    answer = client.send_batch(json_document(args.file, raw), group_by=args.group_by)
    if args.json:
        print(batch_json(answer).decode())
    elif args.csv:
        sys.stdout.write(write_results(answer))
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

    def __init__(self, path: str) -> None:
        self.name = "standard input" if path == "-" else path
        self.file: IO[bytes] = sys.stdin.buffer if path == "-" else Path(path).open("rb")
        self.first = self.file.read(CHUNK)
        suffix = Path(path).suffix.lower()
        self.media_type = MEDIA_TYPES.get(suffix) or (
            NDJSON if self.first.lstrip().startswith(b"{") else CSV
        )
        try:
            self.entries = None if path == "-" else self._count()
        except BaseException:
            self.close()
            raise

    def _count(self) -> int:
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines = blank = 0
        chunk = self.first
        while chunk:
            if self.media_type == CSV:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    line = lines + chunk[: max(error.start, 0)].count(b"\n") + 1
                    raise UsageError(
                        f"{self.name}: line {line}: not UTF-8; save the file as UTF-8"
                    ) from None
            lines += chunk.count(b"\n")
            blank += chunk.count(b"\n\n")
            chunk = self.file.read(CHUNK)
        self.file.seek(len(self.first))
        return max(lines - blank - (self.media_type == CSV), 0)

    def chunks(self, sent: Callable[[int], None]) -> Iterator[bytes]:
        chunk = self.first
        while chunk:
            yield chunk
            sent(chunk.count(b"\n"))
            chunk = self.file.read(CHUNK)

    def close(self) -> None:
        if self.file is not sys.stdin.buffer:
            self.file.close()


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
