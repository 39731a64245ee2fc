"""CSV columns, the CLI's options and the quote form name request fields with dots; one builder
nests them, so each door sends the same request."""

import io

from app.cli.commands import _parser, _request_of
from app.engine import QuoteRequest
from app.wire.csv_io import iter_items
from app.wire.dotted import nest


def test_indices_make_lists_in_index_order_and_absent_values_are_left_out():
    pairs = [
        ("policy", "vmi-se"),
        ("sessions.1.start", "b"),
        ("sessions.0.start", "a"),
        ("sessions.10.start", "c"),
        ("location.municipality", "Solna"),
        ("ticket_id", None),
    ]
    assert nest(pairs) == {
        "policy": "vmi-se",
        "sessions": [{"start": "a"}, {"start": "b"}, {"start": "c"}],
        "location": {"municipality": "Solna"},
    }


def test_keep_none_sends_absent_values_as_null_so_the_schema_names_them():
    assert nest([("start", None), ("end", "x")], keep_none=True) == {"start": None, "end": "x"}


def test_the_cli_and_a_csv_row_build_the_same_request():
    options = [
        "quote", "--policy", "alesund-data-no", "--channel", "onsite",
        "--session", "2026-03-02T08:00:00+01:00/2026-03-02T09:10:00+01:00",
        "--session", "2026-03-03T14:00:00+01:00/2026-03-03T14:40:00+01:00",
        "--work-kind", "training", "--training-planned", "--instruction-minutes", "30",
        "--municipality", "Giske", "--ferry", "--ticket-id", "HD-7", "--urgent",
    ]  # fmt: skip
    from_cli = QuoteRequest.model_validate(_request_of(_parser().parse_args(options)))
    table = (
        "policy,channel,sessions.0.start,sessions.0.end,sessions.1.start,sessions.1.end,"
        "work_kind,training.planned,training.group,training.instruction_minutes,"
        "location.municipality,location.ferry,ticket_id,urgent\n"
        "alesund-data-no,onsite,2026-03-02T08:00:00+01:00,2026-03-02T09:10:00+01:00,"
        "2026-03-03T14:00:00+01:00,2026-03-03T14:40:00+01:00,training,true,false,30,"
        "Giske,true,HD-7,true\n"
    )
    [(_, from_csv, _)] = list(iter_items(io.StringIO(table)))
    assert isinstance(from_csv, QuoteRequest)
    assert from_csv == from_cli
    assert len(from_cli.sessions or []) == 2 and from_cli.location is not None


def test_the_cli_offers_exactly_the_models_choices():
    from typing import get_args

    from app.engine import Channel, WorkKind

    actions = {
        action.dest: action
        for action in _parser()._subparsers._group_actions[0].choices["quote"]._actions  # type: ignore[union-attr]
    }
    assert tuple(actions["channel"].choices) == get_args(Channel)
    assert tuple(actions["work_kind"].choices) == get_args(WorkKind)
