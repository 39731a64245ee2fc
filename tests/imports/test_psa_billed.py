"""What a PSA billed comes in with its entry, for a batch to check against the contract."""

import orjson
import pytest

from app.imports.options import ImportOptions
from app.imports.psa import iter_psa
from tests.imports.test_psa import POLICY_ZONES, PROFILES

RECORD = {
    "id": 901,
    "timeStart": "2026-03-05T12:00:00Z",
    "timeEnd": "2026-03-05T12:25:00Z",
    "chargeToId": 7,
    "workType": {"name": "Remote Support"},
    "billableOption": "Billable",
}


@pytest.mark.parametrize(
    ("profile", "field", "hours", "minutes"),
    [
        ("connectwise", "hoursBilled", 1.0, 60),
        ("connectwise", "hoursBilled", 0.33, 20),  # to the nearest minute
        ("autotask", "hoursToBill", 0.5, 30),
        ("halopsa", "timetakenadjusted", 0.75, 45),
    ],
)
def test_a_psas_billed_hours_come_in_as_billed_minutes(profile, field, hours, minutes):
    paths = PROFILES[profile].fields
    record = {
        paths.id: 901,
        paths.start: "2026-03-05T12:00:00Z",
        **({paths.end: "2026-03-05T12:25:00Z"} if paths.end else {paths.duration: 25 / 60}),
        field: hours,
    }
    options = ImportOptions(policy="vmi-se")
    ((_, item, _),) = iter_psa(orjson.dumps([record]), PROFILES[profile], options, POLICY_ZONES)
    assert getattr(item, "billed_minutes", None) == minutes, item


def test_a_billed_time_that_is_not_a_duration_fails_naming_the_psas_field():
    record = {**RECORD, "hoursBilled": "soon"}
    options = ImportOptions(policy="vmi-se")
    ((_, item, _),) = iter_psa(
        orjson.dumps([record]), PROFILES["connectwise"], options, POLICY_ZONES
    )
    assert any("hoursBilled" in p.field for p in item.problems)
