"""What a fresh interpreter pays to import the client and the CLI: `python -m bench.startup`.

Each import runs in its own interpreter, alternating with a bare start, so the figure is the
import's own cost; the server's packages loaded along with it are counted too (they should be 0).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from bench.probes import print_rows

SERVER_PACKAGES = ("fastapi", "starlette", "uvicorn", "prometheus_client")
MODULES = ("app.client", "app.cli.commands")


def _run(code: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - began


def import_seconds(module: str, rounds: int = 9) -> list[float]:
    """Return, per round, the seconds importing `module` adds to a bare interpreter's start."""
    costs = []
    for _ in range(rounds):
        bare = _run("pass")
        costs.append(_run(f"import {module}") - bare)
    return costs


def server_packages_loaded(module: str) -> list[str]:
    code = (
        f"import sys, {module}; "
        f"print(' '.join(m for m in sys.modules if m.split('.')[0] in {SERVER_PACKAGES!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def startup_rows() -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    for number, module in enumerate(MODULES, start=8):
        costs = import_seconds(module)
        loaded = server_packages_loaded(module)
        low, high = min(costs), max(costs)
        rows += [
            (
                f"{number}. import {module}, a fresh interpreter",
                f"{statistics.median(costs) * 1000:.0f} ms",
                "",
                None,
            ),
            ("   rounds: lowest-highest", f"{low * 1000:.0f}-{high * 1000:.0f} ms", "", None),
            ("   server modules loaded with it", str(len(loaded)), "0", not loaded),
        ]
    return rows


if __name__ == "__main__":
    print_rows(startup_rows())
