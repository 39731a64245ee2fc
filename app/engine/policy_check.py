"""Check policy files before they are deployed: every file's problems, without a server."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.engine.book import compile_all, policy_files, read_source
from app.engine.derive import Source
from app.engine.errors import FieldProblem, PolicyError


def files_of(targets: Sequence[Path]) -> tuple[list[Path], list[PolicyError]]:
    """Return the TOML files named or inside the folders named (each once), and what cannot be
    read."""
    files: list[Path] = []
    missing: list[PolicyError] = []
    for target in targets:
        if target.is_dir():
            files += sorted(target.glob("*.toml"))
        elif target.is_file():
            files.append(target)
        else:
            missing.append(PolicyError(str(target), [FieldProblem("(file)", "no such file")]))
    by_place = {path.resolve(): path for path in reversed(files)}  # the first naming wins
    return sorted(by_place.values(), key=files.index), missing


def check_policy_files(targets: Sequence[Path]) -> tuple[int, list[PolicyError]]:
    """Load the files as the service would, beside the built-ins, and return how many were
    checked and every file's problems; a file that fails is set aside and the rest go on."""
    files, problems = files_of(targets)
    builtins = {path.resolve() for path in policy_files()}
    sources: dict[str, Source] = {}
    for path in [*policy_files(), *(f for f in files if f.resolve() not in builtins)]:
        try:
            source = read_source(path)
        except PolicyError as error:
            problems.append(error)
            continue
        if source.id in sources:
            problem = FieldProblem("id", f"{source.id!r} is already loaded")
            problems.append(PolicyError(str(path), [problem]))
            continue
        sources[source.id] = source
    while True:
        try:
            compile_all(list(sources.values()), check_names=True)
            return len(files), problems
        except PolicyError as error:
            problems.append(error)
            failed = [
                key
                for key, source in sources.items()
                if error.source == source.path or error.source.startswith(f"{source.path} (")
            ]
            if not failed:
                return len(files), problems
            del sources[failed[0]]
