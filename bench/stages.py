"""Where a streamed entry's CPU time goes: `python -m bench.stages`.

The streamed month's target (30,000 entries/s, `python -m bench.stream`) asks one worker to
spend at most 33 µs of CPU on an entry. This bench runs the stream's pipeline in this process,
on one thread with the collector paused as a batch step runs it, and times each stage alone
per entry: counting the spooled lines, reading them (`exact_numbers` and validation), quoting
(`StreamedBatch`: the engine, totals, fair use), and encoding the NDJSON answer; then the whole
pipeline (`make_answer`) as the server runs it, without HTTP. Each figure is the best of the
rounds, per second of this thread's CPU time. What HTTP adds on top is the difference between
the whole and the server's CPU per entry that `bench.stream` prints.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from typing import IO

import orjson

from app.api.batches.answer import read_stream
from app.api.batches.readers import Entry, count_lines, iter_ndjson
from app.api.batches.run import BatchJob, make_answer
from app.api.batches.tuning import collector_paused
from app.api.batches.writer import RESULTS_PER_PIECE, AnswerWriter
from app.engine import (
    DEFAULT_LIMITS,
    GroupBy,
    PolicyBook,
    QuotedEntries,
    StreamedBatch,
    load_policies,
)
from bench.probes import Row, print_rows
from bench.stream import MIXES, TARGET_RATE

BUDGET_US = 1e6 / TARGET_RATE  # CPU an entry may take for one worker to reach the target


def spooled(body: bytes) -> IO[bytes]:
    file = tempfile.TemporaryFile()
    file.write(body)
    file.seek(0)
    return file


def cpu_per_entry(work: Callable[[], object], entries: int, rounds: int) -> float:
    """Return the best round's CPU time per entry of `work`, in µs, on this thread."""
    best = float("inf")
    for _ in range(rounds):
        with collector_paused():
            started = time.thread_time()
            work()
            best = min(best, time.thread_time() - started)
    return best / entries * 1e6


def quoted(read: list[Entry], book: PolicyBook, group_by: GroupBy) -> list[list[QuotedEntries]]:
    """Quote read entries a piece at a time, as a batch step does; return the results."""
    batch = StreamedBatch(book, group_by=group_by, limits=DEFAULT_LIMITS)
    pieces = [
        batch.add_all(read[i : i + RESULTS_PER_PIECE])[0]
        for i in range(0, len(read), RESULTS_PER_PIECE)
    ]
    finished = (result for result, _ in batch.finish())
    while held := list(islice(finished, RESULTS_PER_PIECE)):
        pieces.append(held)
    batch.close()
    return pieces


def encoded(pieces: list[list[QuotedEntries]]) -> int:
    writer = AnswerWriter("ndjson", None, grouped=False, in_memory=False)
    writer.judged = False
    return sum(len(writer.early(piece)) for piece in pieces)


def whole(body: bytes, book: PolicyBook, group_by: GroupBy) -> int:
    """Run the server's pipeline on a spooled body; return the answer's size."""
    job = BatchJob(book, DEFAULT_LIMITS, "en", "ndjson", None, group_by, in_memory=False)
    with spooled(body) as file:
        return sum(
            len(piece) for piece in make_answer(job, lambda: read_stream(file, "ndjson", 10**8))
        )


def stage_rows(mix: str, count: int, group_by: GroupBy, rounds: int) -> list[Row]:
    book = load_policies()
    body = b"".join(orjson.dumps(entry) + b"\n" for entry in MIXES[mix][1](count))

    def count_body() -> object:
        with spooled(body) as file:
            return count_lines(file, "ndjson", 10**8)

    def read_body() -> list[Entry]:
        with spooled(body) as file:
            return list(iter_ndjson(file))

    read = read_body()
    pieces = quoted(read, book, group_by)
    stages = {
        "counting the lines": cpu_per_entry(count_body, count, rounds),
        "reading (exact_numbers, validation)": cpu_per_entry(read_body, count, rounds),
        "quoting (StreamedBatch, the engine)": cpu_per_entry(
            lambda: quoted(read, book, group_by), count, rounds
        ),
        "encoding the NDJSON answer": cpu_per_entry(lambda: encoded(pieces), count, rounds),
    }
    total = cpu_per_entry(lambda: whole(body, book, group_by), count, rounds)
    rows: list[Row] = [(f"{mix} mix, {count:,} entries, group_by={group_by}", "", "", None)]
    rows += [
        (f"   {name}", f"{us:.1f} µs  {us / total:4.0%}", "", None) for name, us in stages.items()
    ]
    rows += [
        (
            "   the whole pipeline, per entry",
            f"{total:.1f} µs",
            f"<= {BUDGET_US:.0f} µs",
            total <= BUDGET_US,
        ),
        (
            "   entries per CPU-second, one core",
            f"{1e6 / total:,.0f}",
            f">= {TARGET_RATE:,}",
            1e6 / total >= TARGET_RATE,
        ),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mix", choices=[*MIXES, "both"], default="both")
    parser.add_argument("--group-by", choices=["ticket", "none", "both"], default="both")
    args = parser.parse_args()
    modes: list[GroupBy] = ["none", "ticket"] if args.group_by == "both" else [args.group_by]
    rows: list[Row] = []
    for mix in MIXES if args.mix == "both" else [args.mix]:
        for group_by in modes:
            rows += stage_rows(mix, args.entries, group_by, args.rounds)
    print_rows(rows, figure_width=16)


if __name__ == "__main__":
    main()
