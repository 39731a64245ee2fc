"""Dotted names to nested requests: `location.municipality`, `sessions.1.end`.

CSV columns, the quote form's fields and the CLI's options all name request fields this way; this
one builder turns them into the nested request the schema reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def nest(pairs: Iterable[tuple[str, Any]], *, keep_none: bool = False) -> dict[str, Any]:
    """Return the request that (dotted name, value) pairs describe; `None` values are left out
    unless `keep_none` (then they are sent as JSON null).

    An object whose keys are all indices (`sessions.0`, `sessions.1`) becomes a list in index order.
    """
    root: dict[str, Any] = {}
    for name, value in pairs:
        if value is None and not keep_none:
            continue
        *parents, last = name.split(".")
        node = root
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    nested: dict[str, Any] = _with_lists(root)
    return nested


def _with_lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    nested = {key: _with_lists(value) for key, value in node.items()}
    if nested and all(key.isdigit() for key in nested):
        return [nested[key] for key in sorted(nested, key=int)]
    return nested
