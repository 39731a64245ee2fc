"""`billing-quote`'s commands but `serve`: quotes from the command line, from a server or in
process, and the policy check.

    billing-quote quote --policy alesund-data-no --start 2026-03-02T15:30:00+01:00 \\
        --end 2026-03-02T17:10:00+01:00 --channel remote --ticket-id HD-1042
    billing-quote batch entries.csv --group-by ticket --csv > invoice.csv
    billing-quote invoice month.csv --out invoices/ --policy-dir contracts/
    billing-quote policies
    billing-quote policy check /etc/billing/policies
    billing-quote import check app/profiles/connectwise.toml
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from app.api.settings import describe_settings_error
from app.cli.batch import ITEMS_FAILED, QUOTED, UsageError, run_batch
from app.cli.batch import add_arguments as add_batch_arguments
from app.cli.invoice import add_arguments as add_invoice_arguments
from app.cli.invoice import run_invoice
from app.cli.output import print_policies, print_quote
from app.cli.serve import add_command as add_serve_command
from app.client import ApiError, BillingClient, ServerUnreachable
from app.engine import (
    Cause,
    Channel,
    EquipmentFrom,
    PolicyError,
    WorkKind,
    check_policy_files,
)
from app.imports.profile import check_profile_files
from app.version import VERSION
from app.wire.dotted import nest
from app.wire.encoding import quote_json

# Exit statuses, documented in --help and docs/client-and-cli.md.
BAD_INPUT, UNREACHABLE, INTERRUPTED, BROKEN_PIPE = 2, 3, 130, 141
EPILOG = f"""\
environment:
  BILLING_QUOTE_URL       base URL of a running service (as --server)
  BILLING_QUOTE_API_KEY   API key for that service (as --api-key)

exit status:
  {QUOTED}    done; every entry quoted
  {ITEMS_FAILED}    a batch was answered, but some of its entries could not be quoted
  {BAD_INPUT}    a mistake in the command, its file or its request (the server's 4xx answers)
  {UNREACHABLE}    the server cannot be reached, did not answer in time, or failed (5xx)
  {INTERRUPTED}  interrupted (Ctrl-C)
  {BROKEN_PIPE}  the output was closed early (e.g. piped into head); nothing more is said
"""


def _global_options(parser: argparse.ArgumentParser, *, in_subcommand: bool) -> None:
    """Add the options every sub-command takes, before or after its name.

    Inside a sub-command they default to "not given", so they never undo the same option
    given before the sub-command's name.
    """

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if in_subcommand else value

    parser.add_argument(
        "--server",
        default=default(os.environ.get("BILLING_QUOTE_URL")),
        help="base URL of a running service (env BILLING_QUOTE_URL); without it, in process",
    )
    parser.add_argument(
        "--api-key",
        default=default(os.environ.get("BILLING_QUOTE_API_KEY")),
        help="API key for --server (env BILLING_QUOTE_API_KEY)",
    )
    parser.add_argument(
        "--lang", default=default(None), choices=["en", "sv", "nb"], help="language of reasons"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=default(60.0),
        help="seconds to wait for the server's answer (default 60)",
    )
    parser.add_argument(
        "--policy-dir", type=Path, default=default(None), help="extra policies (in process only)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="billing-quote",
        description="quotes from the command line, from a server or in process",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"billing-quote {VERSION}")
    _global_options(parser, in_subcommand=False)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _global_options(sub, in_subcommand=True)
        return sub

    _add_quote_arguments(command("quote", "quote one session or assignment"))
    add_batch_arguments(
        command("batch", "quote a file of time entries (JSON, or CSV and NDJSON streamed)")
    )

    add_invoice_arguments(command("invoice", "write a month of entries as UBL invoices"))

    listing = command("policies", "list policies, or show one")
    listing.add_argument("policy_id", nargs="?")
    listing.add_argument("--year", type=int)
    listing.add_argument(
        "--on", type=date.fromisoformat, help="the version in force on this day (YYYY-MM-DD)"
    )
    listing.add_argument("--json", action="store_true")

    policy = commands.add_parser("policy", help="work with policy files")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True)
    check = policy_commands.add_parser(
        "check", help="check policy files before deploying them: file: field: problem (no server)"
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="DIR|FILE")

    profiles = commands.add_parser("import", help="work with PSA import profiles")
    profile_commands = profiles.add_subparsers(dest="import_command", required=True)
    profile_check = profile_commands.add_parser(
        "check", help="check PSA import profile files: file: field: problem (no server)"
    )
    profile_check.add_argument("paths", nargs="+", type=Path, metavar="DIR|FILE")
    add_serve_command(commands)
    return parser


def _add_quote_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", required=True)
    parser.add_argument("--start", help="ISO 8601 with offset")
    parser.add_argument("--end", help="ISO 8601 with offset")
    parser.add_argument(
        "--session", action="append", metavar="START/END", help="a sitting; repeat for several"
    )
    parser.add_argument("--channel", required=True, choices=get_args(Channel))
    parser.add_argument("--work-kind", choices=get_args(WorkKind))
    parser.add_argument("--equipment-from", choices=get_args(EquipmentFrom))
    parser.add_argument("--ticket-id")
    parser.add_argument("--customer-id")
    parser.add_argument("--municipality", help="name or official code, for on-site work")
    parser.add_argument(
        "--ferry", action="store_true", help="reached by ferry (with --municipality)"
    )
    parser.add_argument("--urgent", action="store_true")
    parser.add_argument("--rate", help="hourly rate, e.g. 1200.00")
    parser.add_argument(
        "--cause", action="append", choices=get_args(Cause), help="a cause of the fault; repeatable"
    )
    parser.add_argument("--support-level")
    parser.add_argument("--training-planned", action="store_true")
    parser.add_argument("--training-group", action="store_true")
    parser.add_argument("--instruction-minutes", type=int)
    parser.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="read --start/--end without offset in this zone: 'policy' or an IANA name",
    )
    parser.add_argument("--json", action="store_true", help="print the quote as JSON")


def _check_files(
    checker: Callable[[list[Path]], tuple[int, list[Any]]], paths: list[Path], kind: str
) -> int:
    """Print every problem of the files as `file: field: problem`; exit 2 if there are any."""
    checked, problems = checker(paths)
    for error in problems:
        print(error)
    if problems:
        return _fail(f"problems in {len(problems)} {kind} files", BAD_INPUT)
    print(f"{checked} {kind} files: no problems")
    return QUOTED


def _request_of(args: argparse.Namespace) -> dict[str, Any]:
    """Return the request the options describe, through the dotted names every door uses."""
    return nest(
        [
            ("policy", args.policy),
            ("channel", args.channel),
            *_times(args),
            ("work_kind", args.work_kind),
            ("equipment_from", args.equipment_from),
            ("ticket_id", args.ticket_id),
            ("customer_id", args.customer_id),
            ("hourly_rate", args.rate),
            ("causes", args.cause),
            ("support_level", args.support_level),
            ("time_zone", args.time_zone),
            ("urgent", args.urgent or None),
            *_place_and_training(args),
        ]
    )


def _times(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    if not args.session:
        return [("start", args.start), ("end", args.end)]
    sittings = [sitting.split("/", 1) for sitting in args.session]
    return [
        (f"sessions.{row}.{end}", parts[0] if end == "start" else parts[-1])
        for row, parts in enumerate(sittings)
        for end in ("start", "end")
    ]


def _place_and_training(args: argparse.Namespace) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if args.municipality:
        pairs += [("location.municipality", args.municipality), ("location.ferry", args.ferry)]
    if args.training_planned or args.training_group or args.instruction_minutes is not None:
        pairs += [
            ("training.planned", args.training_planned),
            ("training.group", args.training_group),
            ("training.instruction_minutes", args.instruction_minutes or 0),
        ]
    return pairs


def _run(client: BillingClient, args: argparse.Namespace) -> int:
    if args.command == "quote":
        q = client.quote(_request_of(args))
        if args.json:
            print(quote_json(q).decode())
        else:
            print_quote(q)
        return QUOTED
    if args.command == "batch":
        return run_batch(client, args, remote=bool(args.server))
    if args.command == "invoice":
        return run_invoice(client, args)
    if args.policy_id:
        detail = client.policy(args.policy_id, args.year, args.on)
        print(detail.model_dump_json(indent=2, by_alias=True))
    else:
        print_policies(client.policies(), as_json=args.json)
    return QUOTED


def _client(args: argparse.Namespace) -> BillingClient:
    if args.server:
        return BillingClient(
            args.server, api_key=args.api_key, language=args.lang, timeout=args.timeout
        )
    try:
        return BillingClient.in_process(policy_dir=args.policy_dir, language=args.lang)
    except PolicyError as error:
        raise UsageError(str(error).replace("\n", "; ")) from None
    except ValidationError as error:
        raise UsageError(describe_settings_error(error).replace("\n", "; ")) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see EPILOG)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "ferry", False) and not args.municipality:
        parser.error("--ferry needs --municipality (the place reached by ferry)")
    if args.command == "import":
        return _check_files(check_profile_files, args.paths, "import profile")
    if args.command == "policy":
        return _check_files(check_policy_files, args.paths, "policy")
    if args.command == "serve":  # given after a global option: served all the same
        from app.cli.serve import serve

        return serve(args)
    try:
        with _client(args) as client:
            return _run(client, args)
    except BrokenPipeError:
        # Whoever read the output stopped reading: leave quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except (UsageError, OSError) as error:
        return _fail(str(error), BAD_INPUT)
    except ApiError as error:
        return _fail(str(error), UNREACHABLE if error.status >= 500 else BAD_INPUT)
    except ServerUnreachable as error:
        return _fail(str(error), UNREACHABLE)
    except KeyboardInterrupt:
        return _fail("interrupted", INTERRUPTED)


def _fail(message: str, status: int) -> int:
    print(f"billing-quote: {message}", file=sys.stderr)
    return status
