"""What the environment must hold before the service starts, checked before anything else runs.

Every problem is one line naming the variable (or file) and why, never its value: a key pasted
into the wrong variable must not reach a log. `app.main` and `billing-quote serve` stop with
exit status 2 when there is any; nothing here imports prometheus-client or sets up logging, so
a bad metrics folder or log level is reported before either would fail on it.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from app.api.settings import ENV_PREFIX, Settings, describe_settings_error

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# `BILLING_*` variables read by other parts than the service's settings: the command-line
# client's server and key, the build's compile switch, the browser tests' binaries.
OTHER_READERS = frozenset(
    {
        "BILLING_QUOTE_URL",
        "BILLING_QUOTE_API_KEY",
        "BILLING_COMPILE",
        "BILLING_TEST_CHROMIUM",
        "BILLING_TEST_CHROMEDRIVER",
    }
)
POLICY_DIR_VARIABLE = f"{ENV_PREFIX}POLICY_DIR"
START_REFUSED = 2


def setting_variables() -> list[str]:
    """Return the environment variable of every setting."""
    return [ENV_PREFIX + name.upper() for name in Settings.model_fields]


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """Name each `BILLING_*` variable that no part reads, with the setting it may mean."""
    known = setting_variables()
    lines = []
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name in OTHER_READERS or name in known:
            continue
        # Compared without the prefix they all share, which would make every name look close.
        close = difflib.get_close_matches(
            name.removeprefix(ENV_PREFIX), [k.removeprefix(ENV_PREFIX) for k in known], n=1
        )
        hint = f"; did you mean {ENV_PREFIX}{close[0]}?" if close else ""
        lines.append(f"{name}: no such setting{hint}")
    return lines


def metrics_folder_problems(environ: Mapping[str, str]) -> list[str]:
    """Say what is wrong with `PROMETHEUS_MULTIPROC_DIR`, when it is set."""
    folder = environ.get(MULTIPROCESS_DIR_VARIABLE)
    if not folder:
        return []
    path = Path(folder)
    if not path.is_dir():
        return [
            f"{MULTIPROCESS_DIR_VARIABLE}: no such folder; create it empty before the workers "
            "start (billing-quote serve does), or unset it for one worker"
        ]
    if not os.access(path, os.W_OK | os.X_OK):
        return [f"{MULTIPROCESS_DIR_VARIABLE}: the folder is not writable by this user"]
    return []


def settings_or_problems(
    environ: Mapping[str, str] | None = None,
) -> tuple[Settings | None, list[str]]:
    """Return the settings the environment gives, or every problem of it as one line each."""
    environ = os.environ if environ is None else environ
    problems = unknown_variables(environ) + metrics_folder_problems(environ)
    policy_dir = environ.get(POLICY_DIR_VARIABLE)
    if policy_dir and not Path(policy_dir).is_dir():
        problems.append(f"{POLICY_DIR_VARIABLE}: no such folder")
    try:
        settings = Settings()
    except ValidationError as error:
        return None, problems + describe_settings_error(error).splitlines()
    return (None if problems else settings), problems


def refuse_start(problems: list[str]) -> NoReturn:
    """Print each problem as `cannot start: ...` on stderr and exit with status 2."""
    for line in problems:
        print(f"cannot start: {line}", file=sys.stderr)
    raise SystemExit(START_REFUSED)
