"""PSA import profiles: one TOML file per PSA, validated into a typed model, as policies are.

A profile maps the fields of a PSA's time-entry export (JSON array or CSV) to a request: where
each value sits (dotted paths), how the PSA's values read (work types, billable flags,
channels), the channel when none is given, the zone of times written without offset, and which
policy a PSA company or agreement id is quoted under.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from app.engine import (
    Channel,
    FieldProblem,
    LocalTimeError,
    PolicyError,
    WorkKind,
    check_zone_choice,
    files_of,
)

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "profiles"
FieldPath = Annotated[str, StringConstraints(min_length=1, max_length=200)]
BillableValue = Literal["billable", "no_charge"]
DurationUnit = Literal["hours", "minutes", "seconds", "hh:mm"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldPaths(_Strict):
    """Where a PSA entry keeps each value: a column name, or a dotted path into its JSON."""

    id: FieldPath = Field(description="The entry's own id, echoed in the quote as `source_id`.")
    start: FieldPath | None = Field(
        None, description="The start: a date-time, or a date with `start_time` beside it."
    )
    start_time: FieldPath | None = Field(
        None, description="The start's time of day, where the PSA keeps it apart from the date."
    )
    end: FieldPath | None = Field(None, description="The end date-time.")
    duration: FieldPath | None = Field(
        None, description="The time worked, read in `duration_unit`; gives the end when none."
    )
    ticket: FieldPath | None = Field(None, description="The ticket (or issue) id.")
    customer: FieldPath | None = Field(None, description="The customer, for fair-use counts.")
    technician: FieldPath | None = Field(None, description="Who did the work.")
    work_kind: FieldPath | None = Field(None, description="The work type, read by `values`.")
    billable: FieldPath | None = Field(None, description="The billable flag, read by `values`.")
    channel: FieldPath | None = Field(None, description="How it was worked, read by `values`.")
    contract: FieldPath | None = Field(
        None, description="The company or agreement id that `policies` maps to a policy id."
    )
    municipality: FieldPath | None = Field(None, description="Where on-site work took place.")
    billed_time: FieldPath | None = Field(
        None,
        description="The time the PSA billed, read in `duration_unit` (to the nearest minute); "
        "a batch with `check_billed=true` sets it against the contract.",
    )
    billed_amount: FieldPath | None = Field(
        None, description="The amount the PSA billed, excluding VAT (for `check_billed=true`)."
    )


class ValueMaps(_Strict):
    """The PSA's values (as text; `true`/`false` for flags) and what they mean here."""

    work_kind: dict[str, WorkKind] = Field(default_factory=dict)
    billable: dict[str, BillableValue] = Field(
        default_factory=dict,
        description="`billable`: quoted under the terms; `no_charge`: the PSA says not to bill "
        "it, so it fails alone saying so.",
    )
    channel: dict[str, Channel] = Field(default_factory=dict)


class Profile(_Strict):
    """How to read one PSA's time entries as quote requests."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    documentation: list[Annotated[str, StringConstraints(pattern=r"^https://")]] = Field(
        min_length=1, description="Where the vendor documents the fields named here."
    )
    records: FieldPath | None = Field(
        None,
        description="Where a JSON export keeps its list of entries (`results`); none: "
        "the export is the list.",
    )
    fields: FieldPaths
    values: ValueMaps = Field(default_factory=ValueMaps)
    duration_unit: DurationUnit = "hours"
    default_channel: Channel = "remote"
    default_work_kind: WorkKind = "support"
    time_zone: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None,
        description="The zone of times the PSA writes without offset, as its documentation "
        "states (`UTC`); none: the caller names it (`time_zone=`), else such times are refused.",
    )
    policies: dict[str, Annotated[str, StringConstraints(min_length=1, max_length=64)]] = Field(
        default_factory=dict,
        description="The PSA's company or agreement id (at `fields.contract`) to a policy id.",
    )


def _problems_of(profile: Profile) -> list[FieldProblem]:
    problems = []
    paths = profile.fields
    if paths.start is None:
        problems.append(FieldProblem("fields.start", "required: bands need real times"))
    if paths.end is None and paths.duration is None:
        problems.append(FieldProblem("fields.end", "give `end` or `duration`"))
    if paths.start_time is not None and paths.start is None:
        problems.append(FieldProblem("fields.start_time", "goes with `start` (the date)"))
    if profile.policies and paths.contract is None:
        problems.append(FieldProblem("policies", "needs `fields.contract`, the id it maps"))
    if profile.time_zone is not None:
        try:
            check_zone_choice(profile.time_zone)
        except LocalTimeError as error:
            problems.append(FieldProblem("time_zone", str(error)))
    return problems


def profile_of(data: object, source: str, expected_id: str | None = None) -> Profile:
    """Validate one profile document; raise PolicyError naming each field of `source`."""
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        raise PolicyError(
            source,
            [
                FieldProblem(".".join(str(p) for p in e["loc"]) or "(file)", e["msg"])
                for e in error.errors()
            ],
        ) from None
    problems = _problems_of(profile)
    if expected_id is not None and profile.id != expected_id:
        problems.append(FieldProblem("id", f"{profile.id!r} differs from the file name"))
    if problems:
        raise PolicyError(source, problems)
    return profile


def load_profile_file(path: Path) -> Profile:
    """Read and validate one profile file; its name (without `.toml`) must be its id."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(str(path), [FieldProblem("(file)", f"cannot read: {error}")]) from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(str(path), [FieldProblem("(file)", f"not valid TOML: {error}")]) from None
    return profile_of(data, str(path), path.stem)


def builtin_profiles() -> dict[str, Profile]:
    """Return the profiles shipped with the service, by id."""
    return {p.stem: load_profile_file(p) for p in sorted(BUILTIN_DIR.glob("*.toml"))}


def load_profiles(policy_dir: Path | None = None) -> dict[str, Profile]:
    """Return the built-in profiles and an operator's, from `profiles/` in the policy folder
    (BILLING_POLICY_DIR); an operator's file of a built-in's id replaces it."""
    profiles = builtin_profiles()
    folder = policy_dir / "profiles" if policy_dir is not None else None
    if folder is not None and folder.is_dir():
        profiles |= {p.stem: load_profile_file(p) for p in sorted(folder.glob("*.toml"))}
    return profiles


def check_profile_files(targets: Sequence[Path]) -> tuple[int, list[PolicyError]]:
    """Validate profile files (or every `*.toml` of folders); return how many and the problems."""
    files, problems = files_of(targets)
    for path in files:
        try:
            load_profile_file(path)
        except PolicyError as error:
            problems.append(error)
    return len(files), problems
