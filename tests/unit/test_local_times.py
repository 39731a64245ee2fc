"""Local times read in a named zone only when the caller names one; DST gaps and repeats refused."""

import pytest

from app.engine.local_time import (
    LocalTimeError,
    check_zone_choice,
    local_instant,
    localize,
    parse_local,
    policy_zones,
    zone_named,
)
from tests.unit.quoting import ALESUND, BOOK, VMI

ZONES = policy_zones(BOOK)
STOCKHOLM, OSLO = zone_named("Europe/Stockholm"), zone_named("Europe/Oslo")


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-04 13:00",
        "2026-03-04T13:00",
        "04.03.2026 13:00",
        "4.3.2026 13:00:00",
        "2026-03-04 13:00:00",
    ],
)
def test_spreadsheet_times_read_as_the_same_local_time(text):
    assert local_instant(text, STOCKHOLM).startswith("2026-03-04T13:00:00+01:00")


def test_a_summer_time_is_read_with_the_summer_offset():
    assert local_instant("2026-07-01 09:30", OSLO) == "2026-07-01T09:30:00+02:00"


def test_a_time_with_its_offset_is_kept_as_it_is():
    assert local_instant("2026-03-04T13:00:00-05:00", OSLO) == "2026-03-04T13:00:00-05:00"


@pytest.mark.parametrize("zone", [STOCKHOLM, OSLO], ids=["stockholm", "oslo"])
def test_a_time_in_the_spring_gap_is_refused_with_both_offsets(zone):
    with pytest.raises(LocalTimeError) as caught:
        local_instant("2026-03-29 02:30", zone)
    message = str(caught.value)
    assert "does not exist in " + zone.key in message
    assert "+01:00" in message and "+02:00" in message


@pytest.mark.parametrize("zone", [STOCKHOLM, OSLO], ids=["stockholm", "oslo"])
def test_a_time_in_the_repeated_autumn_hour_is_refused_with_both_offsets(zone):
    with pytest.raises(LocalTimeError) as caught:
        local_instant("25.10.2026 02:30", zone)
    message = str(caught.value)
    assert "happens twice in " + zone.key in message
    assert "2026-10-25T02:30+02:00" in message and "2026-10-25T02:30+01:00" in message


def test_the_hours_beside_the_changes_are_read():
    assert local_instant("2026-03-29 03:00", OSLO) == "2026-03-29T03:00:00+02:00"
    assert local_instant("2026-10-25 03:00", STOCKHOLM) == "2026-10-25T03:00:00+01:00"


def test_a_slash_date_is_refused_as_ambiguous():
    with pytest.raises(LocalTimeError, match="ambiguous"):
        parse_local("03/04/2026 13:00")


def test_a_zone_choice_is_policy_or_an_iana_name():
    assert check_zone_choice("policy") == "policy"
    assert check_zone_choice("Europe/Oslo") == "Europe/Oslo"
    with pytest.raises(LocalTimeError, match="not an IANA time zone"):
        check_zone_choice("CET+1")


def test_localize_reads_an_entry_in_its_policys_zone():
    fields = {"policy": ALESUND, "start": "2026-07-01 10:00", "end": "2026-07-01 11:00"}
    assert localize(fields, "policy", ZONES) == []
    assert fields["start"] == "2026-07-01T10:00:00+02:00"


def test_localize_leaves_an_entry_alone_without_a_zone_choice():
    fields = {"policy": VMI, "start": "2026-07-01 10:00"}
    assert localize(fields, None, ZONES) == []
    assert fields["start"] == "2026-07-01 10:00"


def test_the_entrys_own_time_zone_wins_and_is_taken_out():
    fields = {
        "policy": VMI,
        "time_zone": "America/New_York",
        "sessions": [{"start": "2026-07-01 10:00", "end": "2026-07-01 11:00"}],
    }
    assert localize(fields, "policy", ZONES) == []
    assert fields["sessions"][0]["start"] == "2026-07-01T10:00:00-04:00"
    assert "time_zone" not in fields


def test_localize_names_the_sitting_in_a_gap():
    fields = {
        "policy": VMI,
        "sessions": [
            {"start": "2026-03-29 01:00", "end": "2026-03-29 01:30"},
            {"start": "2026-03-29 02:10", "end": "2026-03-29 03:30"},
        ],
    }
    (problem,) = localize(fields, "policy", ZONES)
    assert problem.field == "sessions.1.start"


def test_policy_zone_of_an_unknown_policy_is_a_problem_of_time_zone():
    fields = {"policy": "nope", "start": "2026-07-01 10:00"}
    (problem,) = localize(fields, "policy", ZONES)
    assert problem.field == "time_zone" and "'nope'" in problem.problem
