"""Which reader a batch body needs, and a JSON batch's local times given offsets first."""

import json

import orjson
import pytest

from app.engine import InvalidRequest, QuoteRequest
from app.imports.dispatch import (
    import_entries,
    localized_batch,
    needs_import,
    profile_named,
    with_problems,
)
from app.imports.options import ImportOptions
from tests.imports.month import sittings, workbook
from tests.unit.quoting import BOOK, VMI

LOCAL = ImportOptions(time_zone="policy")


@pytest.mark.parametrize(
    ("kind", "options", "needed"),
    [
        ("json", ImportOptions(), False),
        ("csv", ImportOptions(), False),
        ("ndjson", ImportOptions(), False),
        ("csv", ImportOptions(decimal="comma"), True),
        ("ndjson", LOCAL, True),
        ("xlsx", ImportOptions(), True),
        ("json", ImportOptions(source="kimai"), True),
    ],
)
def test_only_bodies_that_need_an_import_reader_leave_the_usual_readers(kind, options, needed):
    assert needs_import(kind, options) is needed
    if not needed:
        assert import_entries(b"", kind, options, BOOK) is None


def test_a_workbook_and_a_psa_export_go_to_their_readers():
    entries = import_entries(workbook(sittings()[:3]), "xlsx", LOCAL, BOOK)
    assert [type(item) for _, item, _ in entries] == [QuoteRequest] * 3
    export = json.dumps(
        [{"id": 1, "begin": "2026-03-04T13:00:00+0100", "end": "2026-03-04T14:00:00+0100"}]
    )
    ((_, item, raw),) = import_entries(
        export.encode(), "json", ImportOptions(source="kimai", policy=VMI), BOOK
    )
    assert item.source_id == "1" and orjson.loads(raw)["source_id"] == "1"


def test_an_unknown_profile_is_refused_naming_the_known_ones():
    with pytest.raises(InvalidRequest, match="known: autotask, connectwise"):
        profile_named("zammad")


def test_a_json_batchs_local_times_get_offsets_and_a_gap_fails_its_item_alone():
    items = [
        {
            "policy": VMI,
            "start": "2026-03-04 13:00",
            "end": "2026-03-04 14:00",
            "channel": "remote",
        },
        {
            "policy": VMI,
            "start": "2026-03-29 02:30",
            "end": "2026-03-29 03:30",
            "channel": "remote",
        },
        {
            "policy": VMI,
            "start": "2026-03-04T13:00:00Z",
            "end": "2026-03-04T14:00:00Z",
            "channel": "remote",
        },
    ]
    body, failed = localized_batch(json.dumps({"items": items}).encode(), LOCAL, BOOK)
    document = orjson.loads(body)
    assert document["items"][0]["start"] == "2026-03-04T13:00:00+01:00"
    assert list(failed) == [1]
    assert failed[1].problems[0].field == "items.1.start"
    read = [
        (0, QuoteRequest.model_validate(i), b"") if n != 1 else (0, None, b"")
        for n, i in enumerate(document["items"])
    ]
    kept = [item for _, item, _ in with_problems(iter(read), failed)]
    assert isinstance(kept[1], InvalidRequest) and isinstance(kept[2], QuoteRequest)


def test_a_json_batch_without_local_times_passes_unchanged():
    body = b'{"items": [{"policy": "vmi-se"}]}'
    assert localized_batch(body, ImportOptions(), BOOK) == (body, {})


def test_a_second_reading_mends_what_people_write_and_keeps_the_rest():
    import io as stdio

    from app.imports.dispatch import delimiter_of, second_reading
    from app.wire import csv_io

    body = (
        "policy;start;end;channel;hourly_rate;time_zone\n"
        "vmi-se;2026-03-04T13:00:00+01:00;2026-03-04T14:00:00+01:00;remote;950,50;\n"
        "vmi-se;2026-03-04 13:00;2026-03-04 14:00;remote;;Europe/Oslo\n"
        "vmi-se;2026-03-04 13:00;2026-03-04 14:00;remote;;\n"
        "vmi-se;2026-03-29 02:30;2026-03-29 03:30;remote;;policy\n"
    )
    usual = csv_io.iter_items(stdio.StringIO(body))
    read = [
        i
        for _, i, _ in second_reading(
            usual, "csv", ImportOptions(), BOOK, delimiter_of(body.encode())
        )
    ]
    assert str(read[0].hourly_rate) == "950.50"
    assert read[1].start.isoformat() == "2026-03-04T13:00:00+01:00"
    assert read[2].problems[0].field == "items.2.start"  # no zone named: refused as ever
    assert "does not exist in Europe/Stockholm" in read[3].problems[0].problem
