"""The quote form: what a person typed, read into the engine's request (or into its problems).

Times come from `datetime-local` fields without an offset; they are read in the policy's time
zone, and a local time that does not exist or happens twice (daylight saving) is refused, not
guessed. Field paths of problems are the request's (`sessions.1.end`); `field_id` finds the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.engine import FieldProblem, PolicyBook, QuoteRequest
from app.wire.dotted import nest
from app.wire.problems import field_problems

SITTING_ROWS = 20
MATERIAL_ROWS = 20
MATERIAL_FIELDS = ("material_kind", "material_description", "material_amount")
TEXT_FIELDS = ("ticket_id", "customer_id", "hourly_rate", "support_level")


@dataclass
class QuoteForm:
    """The form's values as typed, to fill it again, and the rows actually used."""

    values: dict[str, str] = field(default_factory=dict)
    causes: list[str] = field(default_factory=list)
    # The rows filled in, in order: row i is `sessions.i` (`materials.i`) of the request.
    sittings: list[dict[str, str]] = field(default_factory=list)
    materials: list[dict[str, str]] = field(default_factory=list)

    @staticmethod
    def field_id(path: str) -> str:
        """Return the id of the input a problem's field path points at."""
        parts = path.split(".")
        if parts[0] in ("start", "end") and len(parts) == 1:
            return f"{parts[0]}-0"
        if parts[0] == "sessions" and len(parts) >= 2 and parts[1].isdigit():
            return f"{parts[2] if len(parts) > 2 else 'start'}-{parts[1]}"
        if parts[0] == "materials" and len(parts) >= 2 and parts[1].isdigit():
            return f"material-{parts[2] if len(parts) > 2 else 'kind'}-{parts[1]}"
        if path == "sessions":
            return "sittings"
        if parts[0] == "location":
            return "ferry" if parts[-1] == "ferry" else "municipality"
        if parts[0] == "training":
            return {"planned": "training-planned", "group": "training-group"}.get(
                parts[-1], "training-minutes"
            )
        return parts[0].replace("_", "-")


def _rows(
    form: FormData, names: tuple[str, ...], needed: tuple[str, ...], most: int
) -> list[dict[str, str]]:
    """Return the form's rows of repeated fields that fill in any of `needed`."""
    columns = {name: [str(v) for v in form.getlist(name)][: most + 1] for name in names}
    count = max((len(values) for values in columns.values()), default=0)
    rows = [
        {name: (values[i].strip() if i < len(values) else "") for name, values in columns.items()}
        for i in range(count)
    ]
    return [row for row in rows if any(row[name] for name in needed)]


def _local(text: str, zone: ZoneInfo, path: str, problems: list[FieldProblem]) -> str | None:
    """Return a local date-time as ISO 8601 with the zone's offset, or add why it cannot be."""
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        problems.append(FieldProblem(path, "not a date and time, e.g. 2026-03-02T15:30"))
        return None
    if naive.tzinfo is not None:
        return naive.isoformat()
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    try:
        round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    except OverflowError:  # year 1 or 9999: the offset takes it past what a datetime holds
        problems.append(FieldProblem(path, f"{text} is outside the years a quote can be made for"))
        return None
    if round_trip != naive:
        problems.append(FieldProblem(path, f"{text} does not exist in {zone.key} (clocks jump)"))
        return None
    if first.utcoffset() != second.utcoffset():
        problems.append(
            FieldProblem(path, f"{text} happens twice in {zone.key}; give it with its UTC offset")
        )
        return None
    return first.isoformat()


def read_form(
    form: FormData, book: PolicyBook
) -> tuple[QuoteForm, QuoteRequest | None, list[FieldProblem]]:
    """Return the form as typed, and the request it asks for or the problems that stop it."""
    typed = _typed(form)
    problems: list[FieldProblem] = []
    for rows, path, most in (
        (typed.sittings, "sessions", SITTING_ROWS),
        (typed.materials, "materials", MATERIAL_ROWS),
    ):
        if len(rows) > most:
            problems.append(FieldProblem(path, f"at most {most} on this page; the API takes more"))
            del rows[most:]
    compiled = book.get(typed.values["policy"])
    if compiled is None:
        return typed, None, [FieldProblem("policy", f"choose one of: {', '.join(book)}")]
    data = _request_data(typed, ZoneInfo(compiled.policy.calendar.timezone), problems)
    if problems:
        return typed, None, problems
    try:
        return typed, QuoteRequest.model_validate(data), []
    except ValidationError as error:
        return typed, None, field_problems(error.errors(include_url=False))


def _typed(form: FormData) -> QuoteForm:
    """Return the form's values as typed, and its filled-in rows."""
    return QuoteForm(
        values={
            name: str(form.get(name, "")).strip()
            for name in (
                "policy",
                "channel",
                "work_kind",
                "equipment_from",
                "municipality",
                "training_minutes",
                "lang",
                *TEXT_FIELDS,
            )
        }
        | {
            name: "on"
            for name in ("urgent", "ferry", "training_planned", "training_group")
            if form.get(name)
        },
        causes=[str(c) for c in form.getlist("causes")],
        sittings=_rows(form, ("start", "end", "session_channel"), ("start", "end"), SITTING_ROWS),
        materials=_rows(form, MATERIAL_FIELDS, MATERIAL_FIELDS, MATERIAL_ROWS),
    )


def _request_data(typed: QuoteForm, zone: ZoneInfo, problems: list[FieldProblem]) -> dict[str, Any]:
    """Return the request the form describes, as data; add what cannot be read to `problems`."""
    values = typed.values
    named = ("work_kind", "equipment_from", *TEXT_FIELDS)
    pairs: list[tuple[str, Any]] = [
        ("policy", values["policy"]),
        ("channel", values["channel"]),
        *_sitting_pairs(typed.sittings, zone, problems),
        *((name, values[name]) for name in named if values[name]),
        ("causes", typed.causes or None),
        ("urgent", True if values.get("urgent") else None),
        *_place_and_training_pairs(values),
        *(
            (f"materials.{row}.{name}", material[f"material_{name}"])
            for row, material in enumerate(typed.materials)
            for name in ("kind", "description", "amount")
        ),
    ]
    # A start or end left empty is sent as null, so the schema names the field that is missing.
    sent = [pair for pair in pairs if pair[1] is not None or pair[0].endswith(("start", "end"))]
    return nest(sent, keep_none=True)


def _sitting_pairs(
    sittings: list[dict[str, str]], zone: ZoneInfo, problems: list[FieldProblem]
) -> list[tuple[str, Any]]:
    """Return the sittings' times; one sitting on the request's own channel is written as the
    request's start and end."""
    if not sittings:
        problems.append(FieldProblem("sessions.0.start", "give the start and end of the work"))
    flat = len(sittings) == 1 and not sittings[0]["session_channel"]
    pairs: list[tuple[str, Any]] = []
    for row, sitting in enumerate(sittings):
        path = f"sessions.{row}"
        for end in ("start", "end"):
            time = _local(sitting[end], zone, f"{path}.{end}", problems) if sitting[end] else None
            pairs.append((end if flat else f"{path}.{end}", time))
        pairs.append((f"{path}.channel", sitting["session_channel"] or None))
    return pairs


def _place_and_training_pairs(values: dict[str, str]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if values["municipality"]:
        pairs += [
            ("location.municipality", values["municipality"]),
            ("location.ferry", bool(values.get("ferry"))),
        ]
    training: dict[str, Any] = {
        "planned": bool(values.get("training_planned")),
        "group": bool(values.get("training_group")),
    }
    minutes = values["training_minutes"]
    if minutes:  # a number typed in the form; the request takes a JSON integer
        training["instruction_minutes"] = (
            int(minutes) if minutes.isascii() and minutes.isdigit() else minutes
        )
    if values["work_kind"] == "training" or any(training.values()):
        pairs += [(f"training.{name}", value) for name, value in training.items()]
    return pairs


def _local_text(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone).replace(tzinfo=None)
    return local.isoformat(timespec="minutes" if not local.second else "seconds")


def form_of(request: QuoteRequest, zone: ZoneInfo, language: str) -> QuoteForm:
    """Return the form filled in as it would be to ask for a request (times in the zone)."""
    values = {
        "policy": request.policy,
        "channel": request.channel,
        "work_kind": request.work_kind,
        "equipment_from": request.equipment_from or "",
        "ticket_id": request.ticket_id or "",
        "customer_id": request.customer_id or "",
        "hourly_rate": "" if request.hourly_rate is None else str(request.hourly_rate),
        "support_level": request.support_level or "",
        "municipality": request.location.municipality if request.location else "",
        "training_minutes": "",
        "lang": language,
    }
    flags = {"urgent": request.urgent}
    if request.location:
        flags["ferry"] = request.location.ferry
    if request.training:
        flags |= {"training_planned": request.training.planned}
        flags |= {"training_group": request.training.group}
        minutes = request.training.instruction_minutes
        values["training_minutes"] = str(minutes) if minutes else ""
    values |= {name: "on" for name, on in flags.items() if on}
    sittings = [
        {
            "start": _local_text(start, zone),
            "end": _local_text(end, zone),
            "session_channel": channel or "",
        }
        for start, end, channel in (
            [(s.start, s.end, s.channel) for s in request.sessions]
            if request.sessions
            else [(request.start, request.end, None)]
        )
        if start is not None and end is not None
    ]
    materials = [
        {
            "material_kind": m.kind,
            "material_description": m.description,
            "material_amount": str(m.amount),
        }
        for m in request.materials
    ]
    return QuoteForm(values, list(request.causes), sittings, materials)
