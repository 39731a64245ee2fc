"""Two checkouts of the service timed against each other, pair by pair: `python -m bench.trees`.

    git worktree add /tmp/before <commit>
    python -m bench.trees /tmp/before . --servers 2 --rounds 10 --pin

Each checkout (a folder holding `app/`, built with mypyc or not) is served by its own serve
command on one worker, with this interpreter and its packages. Each round sends every server
the same requests, in alternating order: a 10,000-entry batch, a burst of quotes (with wrk,
when it is installed) and a streamed month of each mix, per entry and by ticket. A figure is
compared within its round (AFTER over BEFORE), so a slow spell of a shared machine falls on
both; the median of those ratios and their quartiles are printed, each marked within 5 % or
not.

Where a server's memory lands moves its figures for as long as it runs (up to a third here,
one start against another), so `--servers` starts several of each checkout and takes their
median each round. `--pin` runs the servers on the last core and this process and wrk on the
first, which narrowed the spread here most.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson

from bench import web
from bench.mix import entries
from bench.probes import Row, print_rows
from bench.stream import MIXES, run, write_month
from tests.http_clients import free_port

MOST_WORSE = 0.05  # what the speed rule allows a figure to lose


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    higher_is_better: bool
    of: str = ""  # what a figure indented under another belongs to


def batch_figures(count: int) -> tuple[Figure, Figure]:
    label = f"{count:,}-entry batch over HTTP"
    return (
        Figure(label, "s", higher_is_better=False),
        Figure("   server CPU a batch", "s", higher_is_better=False, of=label),
    )


QUOTES = Figure("POST /v1/quotes, wrk", "req/s", higher_is_better=True)
QUOTE_CPU = Figure("   server CPU a quote", "µs", higher_is_better=False, of=QUOTES.name)


def stream_figures(mix: str, group_by: str) -> tuple[Figure, Figure]:
    label = f"stream, {mix} mix, {'by ticket' if group_by == 'ticket' else 'per entry'}"
    return (
        Figure(label, "entries/s", higher_is_better=True),
        Figure("   entries per server CPU-second", "entries", higher_is_better=True, of=label),
    )


@dataclass
class Measured:
    """Each figure's values, a list a round per checkout."""

    values: dict[tuple[Figure, str], list[list[float]]] = field(default_factory=dict)

    def add(self, figure: Figure, tree: str, round_: int, value: float) -> None:
        rounds = self.values.setdefault((figure, tree), [])
        while len(rounds) <= round_:
            rounds.append([])
        rounds[round_].append(value)

    def per_round(self, figure: Figure, tree: str) -> list[float]:
        """Return the figure's median over the checkout's servers, a value a round."""
        return [statistics.median(values) for values in self.values.get((figure, tree), [])]


def compared_rows(measured: Measured, figures: list[Figure], before: str, after: str) -> list[Row]:
    """Return a row a figure: the medians of both checkouts, the median ratio of after to
    before within a round with its quartiles, and whether it is within 5 %."""
    rows: list[Row] = []
    for figure in figures:
        old, new = measured.per_round(figure, before), measured.per_round(figure, after)
        if not old or not new:
            continue
        ratios = sorted(n / o for o, n in zip(old, new, strict=True))
        ratio = statistics.median(ratios)
        low, high = (ratios[0], ratios[-1]) if len(ratios) < 4 else _quartiles(ratios)
        fmt = "{:,.3f}" if figure.unit == "s" else "{:,.0f}"
        shown = (
            f"{fmt.format(statistics.median(old))} -> {fmt.format(statistics.median(new))} "
            f"{figure.unit}, x{ratio:.3f} ({low:.3f}-{high:.3f})"
        )
        if figure.higher_is_better:
            rows.append((figure.name, shown, f">= {1 - MOST_WORSE:.2f}", ratio >= 1 - MOST_WORSE))
        else:
            rows.append((figure.name, shown, f"<= {1 + MOST_WORSE:.2f}", ratio <= 1 + MOST_WORSE))
    return rows


def _quartiles(ratios: list[float]) -> tuple[float, float]:
    first, _, third = statistics.quantiles(ratios, n=4)
    return first, third


def serve_command(tree: Path, port: int) -> list[str]:
    """Return the command that serves a checkout as its own README did."""
    if (tree / "app" / "cli" / "serve.py").exists() or (tree / "app" / "cli_serve.py").exists():
        return [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    # Before `billing-quote serve`: uvicorn with the options the README then gave.
    return [
        *(sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"),
        *("--port", str(port), "--http", "app.api.connections:GuardedHttpToolsProtocol"),
        *("--log-config", "app/api/logging.json", "--no-access-log"),
    ]


def compiled(tree: Path) -> bool:
    return any((tree / "app" / "engine").glob("*.so"))


@contextmanager
def served(tree: Path, cores: set[int] | None) -> Iterator[web.Server]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with web.started(serve_command(tree, port), port, tree, env, cores=cores) as server:
        yield server


def measure_batch(server: web.Server, body: bytes, count: int) -> tuple[float, float]:
    """Return the seconds and the server's CPU seconds of one batch."""
    cpu = server.cpu_seconds()
    with httpx.Client(timeout=120) as client:
        seconds = web.post_batch(client, server.url, body, count)
    return seconds, server.cpu_seconds() - cpu


def measure_stream(
    server: web.Server, path: Path, group_by: str, count: int
) -> tuple[float, float]:
    """Return the entries a second and a server CPU-second of one streamed month."""
    cpu = server.cpu_seconds()
    seconds, _, summary = run(server.url, path, group_by)
    if summary["items"] != count:
        raise RuntimeError(f"stream answered {summary['items']} of {count} entries")
    return count / seconds, count / max(server.cpu_seconds() - cpu, 1e-9)


def compare(args: argparse.Namespace) -> list[Row]:
    """Serve both checkouts, run the rounds, and return the compared rows."""
    trees = {"before": Path(args.before).resolve(), "after": Path(args.after).resolve()}
    last = max(os.sched_getaffinity(0))
    cores = {last} if args.pin else None
    if args.pin:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    measured = Measured()
    batch_figure, batch_cpu_figure = batch_figures(args.batch_entries)
    figures: list[Figure] = [batch_figure, batch_cpu_figure]
    batch = orjson.dumps({"items": entries(args.batch_entries)})
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        months = {}
        for mix in MIXES:
            months[mix] = Path(folder) / f"{mix}.ndjson.gz"
            write_month(months[mix], args.entries, mix)
        script = Path(folder) / "quotes.lua"
        script.write_text(web.lua_script([orjson.dumps(e) for e in entries(200, seed=11)]))
        quotes = args.quote_seconds > 0 and web.have_wrk()
        if quotes:
            figures += [QUOTES, QUOTE_CPU]
        for mix in MIXES:
            for group_by in ("none", "ticket"):
                figures += stream_figures(mix, group_by)
        servers = [
            (name, stack.enter_context(served(tree, cores)))
            for _ in range(args.servers)
            for name, tree in trees.items()
        ]
        for _, server in servers:  # warm up
            measure_batch(server, batch, args.batch_entries)
        for round_ in range(args.rounds):
            for name, server in servers if round_ % 2 == 0 else servers[::-1]:
                seconds, cpu = measure_batch(server, batch, args.batch_entries)
                measured.add(batch_figure, name, round_, seconds)
                measured.add(batch_cpu_figure, name, round_, cpu)
                if quotes:
                    done = web.wrk(server, web.QUOTE_PATH, str(script), args.quote_seconds, 32)
                    measured.add(QUOTES, name, round_, done.rate)
                    measured.add(QUOTE_CPU, name, round_, done.cpu_us)
                for mix, path in months.items():
                    for group_by in ("none", "ticket"):
                        rate, per_cpu = measure_stream(server, path, group_by, args.entries)
                        rate_figure, cpu_figure = stream_figures(mix, group_by)
                        measured.add(rate_figure, name, round_, rate)
                        measured.add(cpu_figure, name, round_, per_cpu)
            print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr, flush=True)
    return compared_rows(measured, figures, "before", "after")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.trees", description=__doc__)
    parser.add_argument("before", help="the checkout measured first (a folder holding app/)")
    parser.add_argument("after", help="the checkout compared with it")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--servers", type=int, default=2, help="servers of each checkout")
    parser.add_argument("--entries", type=int, default=50_000, help="entries of each month")
    parser.add_argument("--batch-entries", type=int, default=10_000)
    parser.add_argument("--quote-seconds", type=int, default=2, help="0 leaves quotes out")
    parser.add_argument("--pin", action="store_true", help="servers on the last core only")
    args = parser.parse_args(argv)
    for name in ("before", "after"):
        tree = Path(getattr(args, name))
        if not (tree / "app" / "main.py").exists():
            parser.error(f"{tree}: not a checkout of the service (no app/main.py)")
        kind = "compiled" if compiled(tree) else "plain"
        print(f"{name}: {tree.resolve()} ({kind}, {_commit(tree)})")
    print(
        f"rounds: {args.rounds}, servers of each: {args.servers}, "
        f"months of {args.entries:,} entries, {'pinned' if args.pin else 'not pinned'}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print_rows(compare(args), figure_width=44)


def _commit(tree: Path) -> str:
    found = subprocess.run(
        ["git", "-C", str(tree), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "not a git checkout"


if __name__ == "__main__":
    main()
