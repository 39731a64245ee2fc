"""Build hook: with BILLING_COMPILE=1, the quoting engine is compiled with mypyc.

The engine is plain, fully typed Python and runs as it is; compiled, the same modules quote
about 1.3 times as fast (docs/performance.md). Modules whose dataclasses pydantic reads
(`result.py`) or that subclass `datetime` (`instant.py`) stay Python. A compiled build needs a
C compiler and Python's headers; `app.engine.compiled` refuses a compiled module older than
its source.
"""

from __future__ import annotations

import os

from setuptools import setup

COMPILED_MODULES = [
    f"app/engine/{name}.py"
    for name in (
        "assignments",
        "batch",
        "book",
        "coverage",
        "fair_use",
        "places",
        "quote",
        "rounding",
        "stream",
        "timeline",
        "versions",
    )
]


def extensions() -> list[object]:
    if os.environ.get("BILLING_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    return list(mypycify(COMPILED_MODULES, opt_level="3"))


setup(ext_modules=extensions())
