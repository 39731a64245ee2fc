"""`billing-quote serve`: the service under uvicorn, with its connection guards and logs.

    billing-quote serve --host 0.0.0.0 --port 8000 --workers 2

One command for what uvicorn would need five flags for: the guarded protocol
(`app.api.operations.connections:GuardedHttpToolsProtocol`), the log set-up
(`app/api/operations/logging.json`, read from the installed package, so it works from any folder),
the service's own access lines instead of uvicorn's, and a metrics folder shared by the workers,
emptied before they start. The environment is checked first: a bad setting stops the start with one
line naming it, exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from app.api.operations.environment import (
    MULTIPROCESS_DIR_VARIABLE,
    START_REFUSED,
    settings_or_problems,
)

APP = "app.main:app"
PROTOCOL = "app.api.operations.connections:GuardedHttpToolsProtocol"
WORKERS_VARIABLE = "WEB_CONCURRENCY"
HELP = "run the service (uvicorn with the connection guards and the service's logs)"
DESCRIPTION = __doc__.split("\n\n")[2].replace("\n", " ")


def _arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"worker processes, one per core (env {WORKERS_VARIABLE}; default 1)",
    )
    serve.add_argument("--app", default=APP, help=argparse.SUPPRESS)  # the bench's bare app


def add_command(commands: Any) -> None:
    """Add `serve` to the sub-commands (for the command line's help)."""
    _arguments(commands.add_parser("serve", help=HELP, description=DESCRIPTION))


def main(argv: list[str]) -> int:
    """Run `billing-quote serve` with these arguments; return the exit status."""
    parser = argparse.ArgumentParser(prog="billing-quote serve", description=DESCRIPTION)
    _arguments(parser)
    return serve(parser.parse_args(argv))


def log_config() -> dict[str, Any]:
    """Return the shipped log config, read from the package."""
    config: dict[str, Any] = json.loads(
        files("app.api.operations").joinpath("logging.json").read_text(encoding="utf-8")
    )
    return config


def prepare_metrics_folder() -> list[str]:
    """Create the workers' metrics folder if needed and empty it of an earlier run's files."""
    folder = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    if not folder:
        return []
    path = Path(folder)
    try:
        path.mkdir(exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return [f"{MULTIPROCESS_DIR_VARIABLE}: cannot prepare the folder: {reason.lower()}"]
    return []


def workers_of(args: argparse.Namespace) -> tuple[int | None, list[str]]:
    if args.workers is not None:
        return (args.workers, []) if args.workers >= 1 else (None, ["--workers: at least 1"])
    given = os.environ.get(WORKERS_VARIABLE)
    if given is None:
        return 1, []
    if not given.isascii() or not given.isdigit() or int(given) < 1:
        return None, [f"{WORKERS_VARIABLE}: a whole number of workers, 1 or more"]
    return int(given), []


def serve(args: argparse.Namespace) -> int:
    """Check the environment, then run uvicorn until it is stopped; return the exit status."""
    import uvicorn

    workers, problems = workers_of(args)
    unprepared = prepare_metrics_folder()
    settings, setting_problems = settings_or_problems()
    if unprepared:  # said once, with why
        setting_problems = [p for p in setting_problems if not p.startswith(unprepared[0][:25])]
    problems += unprepared + setting_problems
    if problems or settings is None or workers is None:
        for line in problems:
            print(f"cannot start: {line}", file=sys.stderr)
        return START_REFUSED
    uvicorn.run(
        args.app,
        host=args.host,
        port=args.port,
        workers=workers,
        http=PROTOCOL,
        log_config=log_config(),
        access_log=False,  # the service writes its own access lines
    )
    return 0
