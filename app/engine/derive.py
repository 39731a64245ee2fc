"""Policy files that extend another policy or change on dates: raw data, layered.

A file with `extends = "<id>"` is a patch on that policy. A patch merges table by table; a list
of tables whose entries carry an `id` (or else a `code`) merges entry by entry, by that name; any
other value replaces. `remove` lists dotted paths to drop (`fair_use`, `coverage.rules.no_ticket`).
Each `[[versions]]` entry is such a patch too, in force from its `valid_from` date, and builds on
the ones before it. What layering makes is checked afterwards exactly like a full file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.engine.errors import FieldProblem, PolicyError

NAME_KEYS = ("id", "code")
# The longest chain of policies extending one another (a contract on a contract on a policy...).
MAX_EXTENDS_DEPTH = 8
# What a version may not change: which policy it is, and what it builds on.
FIXED_IN_VERSIONS = ("id", "extends", "versions", "valid_from")


class _Conflict(Exception):
    """A patch that cannot be applied; turned into a PolicyError naming the file."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.problem = FieldProblem(field, problem)


def _join(field: str, name: object) -> str:
    return f"{field}.{name}" if field else str(name)


def _name_key(entries: list[Any]) -> str | None:
    """Return the field that names each table of a list (`id`, else `code`), if all have it."""
    if not entries or not all(isinstance(entry, dict) for entry in entries):
        return None
    return next((key for key in NAME_KEYS if all(key in entry for entry in entries)), None)


def _merge_entries(base: list[Any], patch: list[Any], key: str, field: str) -> list[Any]:
    """Merge named entries: a known name changes its entry, a new one is inserted.

    A new entry goes before the next known entry the patch names after it, else at the end, so
    `[[travel]]` can add a rule before the catch-all by naming the catch-all after it.
    """
    merged = list(base)
    position = {entry[key]: index for index, entry in enumerate(base)}
    if len(position) != len(base):
        raise _Conflict(field, f"entries share a {key}, so none can be changed by it")
    before: dict[int, list[Any]] = {}
    pending: list[Any] = []
    seen: set[Any] = set()
    for index, entry in enumerate(patch):
        if not isinstance(entry, dict) or key not in entry:
            raise _Conflict(
                _join(field, index), f"name the entry to change, or a new one, by its {key!r}"
            )
        name = entry[key]
        if name in seen:
            raise _Conflict(_join(field, index), f"{key} {name!r} is named twice")
        seen.add(name)
        if name in position:
            at = position[name]
            merged[at] = merge(merged[at], entry, _join(field, name))
            before.setdefault(at, []).extend(pending)
            pending = []
        else:
            pending.append(entry)
    result: list[Any] = []
    for at, entry in enumerate(merged):
        result += before.get(at, [])
        result.append(entry)
    return result + pending


def merge(base: Any, patch: Any, field: str = "") -> Any:
    """Return `base` changed by `patch`; neither is modified."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for name, value in patch.items():
            merged[name] = merge(base[name], value, _join(field, name)) if name in base else value
        return merged
    if isinstance(base, list) and isinstance(patch, list):
        key = _name_key(base)
        if key is not None:
            return _merge_entries(base, patch, key, field)
    return patch


def _without(node: Any, parts: list[str], path: str) -> Any:
    """Return `node` without what the dotted path names; copies only along the path."""
    part, rest = parts[0], parts[1:]
    if isinstance(node, dict) and part in node:
        changed = dict(node)
        if rest:
            changed[part] = _without(node[part], rest, path)
        else:
            del changed[part]
        return changed
    key = _name_key(node) if isinstance(node, list) else None
    if key is not None:
        for index, entry in enumerate(node):
            if str(entry[key]) == part:
                changed_list = list(node)
                if rest:
                    changed_list[index] = _without(entry, rest, path)
                else:
                    del changed_list[index]
                return changed_list
    raise _Conflict("remove", f"{path!r}: nothing there to remove")


def apply(data: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Return `data` with a patch's `remove` paths dropped, then the patch merged in."""
    removals = patch.get("remove", [])
    if not isinstance(removals, list) or not all(isinstance(p, str) and p for p in removals):
        raise _Conflict("remove", "a list of dotted paths, e.g. ['fair_use']")
    for path in removals:
        data = _without(data, path.split("."), path)
    changes = {k: v for k, v in patch.items() if k not in ("remove", "versions", "valid_from")}
    merged: dict[str, Any] = merge(data, changes)
    return merged


def differences(old: Any, new: Any, field: str = "") -> list[str]:
    """Return the dotted paths where two dumped policies differ (named entries by name)."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[str] = []
        for name in [*old, *(k for k in new if k not in old)]:
            if name not in old or name not in new:
                found.append(_join(field, name))
            else:
                found += differences(old[name], new[name], _join(field, name))
        return found
    if isinstance(old, list) and isinstance(new, list):
        key = _name_key(old + new)
        if key is not None:
            old_by = {entry[key]: entry for entry in old}
            new_by = {entry[key]: entry for entry in new}
            if len(old_by) == len(old) and len(new_by) == len(new):
                return differences(old_by, new_by, field)
    return [] if old == new else [field or "(all)"]


@dataclass(frozen=True, slots=True)
class Source:
    """One policy file as read: its path (for errors), its id and its raw data."""

    path: str
    id: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Layered:
    """One version of a policy after layering: to be checked like a full file."""

    source: Source
    valid_from: date | None
    data: dict[str, Any]


def _date(value: Any, field: str) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Conflict(field, "a date, e.g. 2027-01-01")


def _own_versions(data: dict[str, Any]) -> list[tuple[date, dict[str, Any]]]:
    """Return a file's `[[versions]]` as (valid_from, patch), checked to rise."""
    versions = data.get("versions", [])
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        raise _Conflict("versions", "a list of tables, each with a valid_from date")
    own: list[tuple[date, dict[str, Any]]] = []
    for index, patch in enumerate(versions):
        field = f"versions.{index}"
        if "valid_from" not in patch:
            raise _Conflict(f"{field}.valid_from", "required")
        when = _date(patch["valid_from"], f"{field}.valid_from")
        fixed = [name for name in FIXED_IN_VERSIONS if name in patch and name != "valid_from"]
        if fixed:
            raise _Conflict(f"{field}.{fixed[0]}", "cannot change between versions")
        if own and when <= own[-1][0]:
            raise _Conflict(f"{field}.valid_from", f"must be after {own[-1][0]}")
        own.append((when, patch))
    return own


def _base_at(base: list[Layered], point: date | None) -> dict[str, Any]:
    """Return the data of the base version in force on a date (the first one if undated)."""
    if point is None:
        return base[0].data
    return [layer for layer in base if (layer.valid_from or point) <= point][-1].data


def _layer(source: Source, base: list[Layered]) -> list[Layered]:
    """Return the versions of one policy given its base's (or one empty undated base)."""
    data = source.data
    start = _date(data["valid_from"], "valid_from") if "valid_from" in data else None
    own = _own_versions(data)
    if start is not None and own and own[0][0] <= start:
        raise _Conflict("versions.0.valid_from", f"must be after valid_from {start}")
    base_start = base[0].valid_from
    if start is None:
        start = base_start
    elif base_start is not None and start < base_start:
        raise _Conflict(
            "valid_from", f"before the first version of {data.get('extends')!r} ({base_start})"
        )
    dates = {layer.valid_from for layer in base if layer.valid_from is not None}
    dates |= {when for when, _ in own}
    points = [start] + sorted(d for d in dates if start is None or d > start)
    layered = []
    for point in points:
        merged = apply(_base_at(base, point), data)
        for index, (when, patch) in enumerate(own):
            if point is not None and when <= point:
                try:
                    merged = apply(merged, patch)
                except _Conflict as conflict:
                    field = conflict.problem.field
                    raise _Conflict(f"versions.{index}.{field}", conflict.problem.problem) from None
        merged.pop("valid_from", None)
        if point is not None:
            merged["valid_from"] = point
        layered.append(Layered(source, point, merged))
    return layered


def layer_all(sources: Iterable[Source]) -> list[list[Layered]]:
    """Return every policy's versions, each policy after the one it extends.

    Raise PolicyError naming the file whose `extends`, `versions` or patch is wrong.
    """
    by_id: dict[str, Source] = {}
    for source in sources:
        by_id.setdefault(source.id, source)
    done: dict[str, list[Layered]] = {}
    order: list[list[Layered]] = []
    empty = [Layered(Source("", "", {}), None, {})]
    depth: dict[str, int] = {}  # how many `extends` lead from a policy to one that has none
    too_long = FieldProblem(
        "extends", f"more than {MAX_EXTENDS_DEPTH} policies in a row extend one another"
    )

    def visit(source: Source, chain: list[str]) -> list[Layered]:
        if source.id in done:
            return done[source.id]
        base_id = source.data.get("extends")
        base = empty
        if base_id is not None:
            if not isinstance(base_id, str) or base_id not in by_id:
                known = ", ".join(sorted(by_id))
                raise PolicyError(
                    source.path,
                    [FieldProblem("extends", f"no policy {base_id!r}; loaded: {known}")],
                )
            if base_id in chain:
                cycle = " -> ".join([*chain[chain.index(base_id) :], base_id])
                raise PolicyError(source.path, [FieldProblem("extends", f"a cycle: {cycle}")])
            if len(chain) > MAX_EXTENDS_DEPTH:  # before recursing any deeper
                raise PolicyError(source.path, [too_long])
            if "id" not in source.data:
                raise PolicyError(
                    source.path,
                    [FieldProblem("id", "required: a policy that extends names itself")],
                )
            base = visit(by_id[base_id], [*chain, base_id])
            depth[source.id] = depth[base_id] + 1
            if depth[source.id] > MAX_EXTENDS_DEPTH:  # a base layered before, by a shorter way
                raise PolicyError(source.path, [too_long])
        try:
            layered = _layer(source, base)
        except _Conflict as conflict:
            raise PolicyError(source.path, [conflict.problem]) from None
        done[source.id] = layered
        depth.setdefault(source.id, 0)
        order.append(layered)
        return layered

    for source in by_id.values():
        visit(source, [source.id])
    return order


def value_at(data: Any, path: str) -> Any:
    """Return the value at a dotted path of `differences` (named entries by name), else None."""
    node = data
    for part in path.split(".") if path and path != "(all)" else []:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and (key := _name_key(node)) is not None:
            node = next((entry for entry in node if str(entry[key]) == part), None)
        else:
            return None
        if node is None:
            return None
    return node
