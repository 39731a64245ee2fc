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
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from app.api.settings import describe_settings_error
from app.cli.batch import ITEMS_FAILED, QUOTED, UsageError, run_batch
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

    one = command("quote", "quote one session or assignment")
    one.add_argument("--policy", required=True)
    one.add_argument("--start", help="ISO 8601 with offset")
    one.add_argument("--end", help="ISO 8601 with offset")
    one.add_argument(
        "--session", action="append", metavar="START/END", help="a sitting; repeat for several"
    )
    one.add_argument("--channel", required=True, choices=get_args(Channel))
    one.add_argument("--work-kind", choices=get_args(WorkKind))
    one.add_argument("--equipment-from", choices=get_args(EquipmentFrom))
    one.add_argument("--ticket-id")
    one.add_argument("--customer-id")
    one.add_argument("--municipality", help="name or official code, for on-site work")
    one.add_argument("--ferry", action="store_true", help="reached by ferry (with --municipality)")
    one.add_argument("--urgent", action="store_true")
    one.add_argument("--rate", help="hourly rate, e.g. 1200.00")
    one.add_argument(
        "--cause", action="append", choices=get_args(Cause), help="a cause of the fault; repeatable"
    )
    one.add_argument("--support-level")
    one.add_argument("--training-planned", action="store_true")
    one.add_argument("--training-group", action="store_true")
    one.add_argument("--instruction-minutes", type=int)
    one.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="read --start/--end without offset in this zone: 'policy' or an IANA name",
    )
    one.add_argument("--json", action="store_true", help="print the quote as JSON")

    many = command("batch", "quote a file of time entries (JSON, or CSV and NDJSON streamed)")
    many.add_argument(
        "file",
        help="a .json batch (sent as it is), a .csv or .ndjson file (streamed, any size), an "
        ".xlsx workbook, any of them gzipped (.gz), or - for standard input (JSON, NDJSON or CSV)",
    )
    many.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the results to FILE, not stdout"
    )
    many.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="read times without offset in this zone: 'policy' (each policy's) or an IANA name",
    )
    many.add_argument(
        "--decimal", choices=["point", "comma"], help="the decimal mark of money cells"
    )
    many.add_argument(
        "--charset", choices=["utf-8", "windows-1252"], help="the CSV's character set"
    )
    many.add_argument(
        "--source", metavar="PROFILE", help="a PSA's own export, read by its import profile"
    )
    many.add_argument("--policy", help="the policy of every entry (for PSA exports)")
    many.add_argument(
        "--compare-policy",
        metavar="POLICY",
        help="quote each entry again under this policy or contract, with the difference",
    )
    many.add_argument(
        "--compare-on",
        metavar="YYYY-MM-DD",
        help="quote each entry again under the version in force on this day",
    )
    many.add_argument(
        "--check-billed",
        action="store_true",
        help="set the entries' billed_minutes / billed_amount against the contract",
    )
    many.add_argument(
        "--tolerance", metavar="AMOUNT", help="with --check-billed: a difference this small agrees"
    )
    many.add_argument(
        "--group-by",
        choices=["none", "ticket"],
        help="override the file: per entry or per ticket (a JSON file may say it itself)",
    )
    many.add_argument(
        "--quiet", action="store_true", help="no progress bars (they show only on a terminal)"
    )
    output = many.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the answer as JSON (streamed: JSON lines)"
    )
    output.add_argument("--csv", action="store_true", help="print the invoice-ready CSV table")

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


def _check_profiles(paths: list[Path]) -> int:
    """Print every problem of the profile files as `file: field: problem`; 2 if there are any."""
    checked, problems = check_profile_files(paths)
    for error in problems:
        print(error)
    if problems:
        return _fail(f"problems in {len(problems)} import profile files", BAD_INPUT)
    print(f"{checked} import profile files: no problems")
    return QUOTED


def _check_policies(paths: list[Path]) -> int:
    """Print every problem of the policy files as `file: field: problem`; 2 if there are any."""
    checked, problems = check_policy_files(paths)
    for error in problems:
        print(error)
    if problems:
        return _fail(f"problems in {len(problems)} policy files", BAD_INPUT)
    print(f"{checked} policy files: no problems")
    return QUOTED


def _request_of(args: argparse.Namespace) -> dict[str, Any]:
    """Return the request the options describe, through the dotted names every door uses."""
    if args.session:
        sittings = [sitting.split("/", 1) for sitting in args.session]
        times = [
            (f"sessions.{row}.{end}", parts[i])
            for row, parts in enumerate(sittings)
            for i, end in ((0, "start"), (-1, "end"))
        ]
    else:
        times = [("start", args.start), ("end", args.end)]
    place = bool(args.municipality)
    training = args.training_planned or args.training_group or args.instruction_minutes is not None
    return nest(
        [
            ("policy", args.policy),
            ("channel", args.channel),
            *times,
            ("work_kind", args.work_kind),
            ("equipment_from", args.equipment_from),
            ("ticket_id", args.ticket_id),
            ("customer_id", args.customer_id),
            ("hourly_rate", args.rate),
            ("causes", args.cause),
            ("support_level", args.support_level),
            ("time_zone", args.time_zone),
            ("urgent", args.urgent or None),
            ("location.municipality", args.municipality if place else None),
            ("location.ferry", args.ferry if place else None),
            ("training.planned", args.training_planned if training else None),
            ("training.group", args.training_group if training else None),
            ("training.instruction_minutes", (args.instruction_minutes or 0) if training else None),
        ]
    )


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
        return _check_profiles(args.paths)
    if args.command == "policy":
        return _check_policies(args.paths)
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
