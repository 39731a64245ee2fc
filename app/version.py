"""The version of the installed package: the one source for the API, health and metrics."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("billing-quote")
except PackageNotFoundError:  # a checkout run without being installed
    VERSION = "0+unknown"
