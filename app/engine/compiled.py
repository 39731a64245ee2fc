"""Which engine modules run compiled (mypyc, see setup.py), and a guard against stale ones.

A compiled module is a file beside its source, and Python imports it in preference to the
source. Were the source edited (or checked out anew) after the build, the old code would go on
running unseen, so the engine refuses to load beside a compiled module older than its source.
"""

from __future__ import annotations

from pathlib import Path

ENGINE = Path(__file__).resolve().parent
# Installing writes a source and its compiled module moments apart; a source this much newer
# than its compiled module has changed since the build.
SLACK_SECONDS = 2.0
REBUILD = "BILLING_COMPILE=1 pip install --no-build-isolation --no-deps -e ."


class StaleCompiledModule(ImportError):
    """A compiled engine module is older than its source."""


def compiled_modules(folder: Path = ENGINE) -> dict[str, Path]:
    """Return each compiled module in `folder` by module name."""
    return {path.name.split(".")[0]: path for path in sorted(folder.glob("*.so"))}


def check_fresh(folder: Path = ENGINE) -> None:
    """Raise StaleCompiledModule if a source in `folder` changed after it was compiled."""
    stale = [
        path.name
        for name, path in compiled_modules(folder).items()
        if (source := folder / f"{name}.py").exists()
        and source.stat().st_mtime > path.stat().st_mtime + SLACK_SECONDS
    ]
    if stale:
        raise StaleCompiledModule(
            f"compiled {', '.join(stale)} in {folder} are older than their sources: rebuild "
            f"them ({REBUILD}) or delete them to run the sources as they are"
        )


check_fresh()
