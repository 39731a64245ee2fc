"""Which reader a batch body needs: ours as it always was, or an import reader.

The batch pipeline asks `import_entries` first; None means the body is read as it always was
(the JSON batch, CSV and NDJSON readers of `app.api.batches.readers`). A JSON batch whose items
may hold local times is first given offsets by `localized_batch`, then read as always.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import orjson

from app.engine import InvalidRequest, QuoteRequest, localize, policy_zones
from app.imports.cells import prepare_cells
from app.imports.options import ImportOptions
from app.imports.profile import Profile, builtin_profiles, load_profiles
from app.imports.psa import iter_psa
from app.imports.tables import Entry, iter_csv, iter_ndjson, problems_of, read_fields
from app.imports.xlsx import iter_xlsx

PLAIN = ImportOptions()


def profile_named(profile_id: str, profiles: Mapping[str, Profile] | None = None) -> Profile:
    """Return a profile by id, or refuse the batch naming the known ones."""
    profiles = builtin_profiles() if profiles is None else profiles
    profile = profiles.get(profile_id)
    if profile is None:
        known = ", ".join(sorted(profiles))
        raise InvalidRequest.at(
            "query.source", f"no import profile {profile_id[:64]!r}; known: {known}"
        )
    return profile


def needs_import(kind: str, options: ImportOptions) -> bool:
    """Tell whether a body of this kind, with these options, needs an import reader."""
    if options.source is not None or kind == "xlsx":
        return True
    if kind == "csv":
        return options != PLAIN
    if kind == "ndjson":
        return options.time_zone is not None or options.policy is not None
    return False


def import_entries(
    body: IO[bytes] | bytes,
    kind: str,
    options: ImportOptions,
    book: Mapping[str, Any],
    profiles: Mapping[str, Profile] | None = None,
) -> Iterator[Entry] | None:
    """Return the entries of a body an import reader reads, or None for ours as always."""
    if not needs_import(kind, options):
        return None
    zones = policy_zones(book)
    if options.source is not None:
        profile = profile_named(options.source, profiles)
        return iter_psa(body, profile, options, zones, "csv" if kind == "csv" else "json")
    if kind == "xlsx":
        return iter_xlsx(body, options, zones)
    if kind == "csv":
        return iter_csv(body, options, zones)
    return iter_ndjson(body, options, zones)


def localized_batch(
    body: bytes, options: ImportOptions, book: Mapping[str, Any]
) -> tuple[bytes, dict[int, InvalidRequest]]:
    """Return a JSON batch with its items' local times given offsets (the batch's `time_zone`,
    or an item's own), and the problems of the items that cannot be read so, by index (see
    `with_problems`). Other bodies pass unchanged."""
    if options.time_zone is None and options.policy is None and b'"time_zone"' not in body:
        return body, {}
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body, {}
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return body, {}
    zones = policy_zones(book)
    failed: dict[int, InvalidRequest] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict):
            if options.policy is not None:
                item.setdefault("policy", options.policy)
            if problems := localize(item, options.time_zone, zones):
                failed[index] = problems_of(index, problems, item)
    return orjson.dumps(document), failed


def with_problems(
    entries: Iterator[Entry], failed: Mapping[int, InvalidRequest]
) -> Iterator[Entry]:
    """Yield a JSON batch's entries, those whose local times could not be read as their problems."""
    for index, (line, item, raw) in enumerate(entries):
        yield (line, failed.get(index, item), raw)


def delimiter_of(first_line: bytes) -> str:
    """Return a CSV's delimiter as the CSV reader chooses it: the most frequent of `,;\\t`."""
    return max(",;\t", key=first_line.split(b"\n", 1)[0].decode("utf-8", "replace").count)


def second_reading(
    entries: Iterator[Entry],
    kind: str,
    options: ImportOptions,
    book: Mapping[str, Any],
    delimiter: str = ",",
) -> Iterator[Entry]:
    """Yield the usual reader's entries; one it refused is read again as people write it
    (decimal commas where `;` delimits a CSV, times in the entry's own `time_zone`). The
    entries it quotes are untouched, so their reading costs nothing more."""
    for index, (line, item, raw) in enumerate(entries):
        if isinstance(item, InvalidRequest) and raw and raw != b"{}":
            if kind == "csv" or b'"time_zone"' in raw:
                item, raw = _read_again(index, item, raw, kind, options, book, delimiter)
        yield line, item, raw


def _read_again(
    index: int,
    item: InvalidRequest,
    raw: bytes,
    kind: str,
    options: ImportOptions,
    book: Mapping[str, Any],
    delimiter: str,
) -> tuple[InvalidRequest | QuoteRequest, bytes]:
    try:
        fields = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return item, raw
    if not isinstance(fields, dict):
        return item, raw
    zones = policy_zones(book)
    if kind == "csv":
        problems = prepare_cells(options, zones)(fields, delimiter)
    else:
        problems = localize(fields, options.time_zone, zones)
    if problems:
        return problems_of(index, problems, fields), raw
    return read_fields(index, fields)


@lru_cache(maxsize=4)
def profiles_for(policy_dir: Path | None) -> Mapping[str, Profile]:
    """Return the profiles a service knows: the built-ins and its policy folder's `profiles/`
    (read once per folder)."""
    return load_profiles(policy_dir)
