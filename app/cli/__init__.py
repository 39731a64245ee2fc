"""`billing-quote`: quotes from the command line, from a server or in process; the server itself.

    billing-quote quote --policy alesund-data-no --start 2026-03-02T15:30:00+01:00 \\
        --end 2026-03-02T17:10:00+01:00 --channel remote --ticket-id HD-1042
    billing-quote batch entries.csv --group-by ticket --csv > invoice.csv
    billing-quote policies
    billing-quote policy check /etc/billing/policies
    billing-quote serve --host 0.0.0.0 --port 8000 --workers 2
    billing-quote --version
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see `billing-quote --help`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"]:
        # Before the client's modules are imported: their metrics need the folder serve prepares.
        from app.cli.serve import main as serve

        return serve(args[1:])
    from app.cli.commands import main as run_command

    return run_command(argv)
