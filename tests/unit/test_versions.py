"""Dated versions: a quote is priced under the version in force at the assignment's first start."""

from pathlib import Path

import pytest

from app.engine import InvalidRequest, QuoteRequest, load_policies, quote
from app.engine.fair_use import count_tickets
from app.engine.stream import quote_batch
from tests.unit.contracts import (
    CONTRACTS,
    ROSLAGSBYGG,
    copy_example,
    entry,
    refusal,
    sittings,
    write,
)
from tests.unit.quoting import BOOK, VMI

SOLNA = {"channel": "onsite", "location": {"municipality": "Solna"}}
DECEMBER = "2026-12-15T10:00:00+01:00"
JANUARY = "2027-01-12T10:00:00+01:00"


def test_december_work_is_priced_at_december_prices_and_january_work_at_january_prices():
    december = quote(entry(ROSLAGSBYGG, DECEMBER, "10:40", **SOLNA), CONTRACTS)
    january = quote(entry(ROSLAGSBYGG, JANUARY, "10:40", **SOLNA), CONTRACTS)
    assert (december.policy_version, december.hourly_rate, december.travel.amount) == (
        "2026-01-01",
        895,
        395,
    )
    assert (january.policy_version, january.hourly_rate, january.travel.amount) == (
        "2027-01-01",
        945,
        425,
    )
    assert (december.total, january.total) == (895 + 395, 945 + 425)


def test_an_undated_policy_has_no_version_to_name():
    assert quote(entry(VMI, DECEMBER, "10:40"), BOOK).policy_version is None


def test_the_new_year_starts_at_midnight_in_the_policy_s_time_zone():
    before = entry(ROSLAGSBYGG, "2026-12-31T23:30:00+01:00", "23:50")
    after = entry(ROSLAGSBYGG, "2026-12-31T23:30:00+00:00", "23:50")  # 00:30 in Stockholm
    assert quote(before, CONTRACTS).policy_version == "2026-01-01"
    assert quote(after, CONTRACTS).policy_version == "2027-01-01"


def test_an_assignment_crossing_the_boundary_is_priced_under_the_version_of_its_start():
    crossing = QuoteRequest.model_validate(
        {
            "policy": ROSLAGSBYGG,
            "start": "2026-12-31T23:00:00+01:00",
            "end": "2027-01-01T01:00:00+01:00",
            "channel": "remote",
        }
    )
    result = quote(crossing, CONTRACTS)
    assert (result.policy_version, result.hourly_rate, result.total) == ("2026-01-01", 895, 1790)


def test_the_first_start_decides_whatever_the_order_the_sittings_are_given_in():
    assert (
        quote(sittings(ROSLAGSBYGG, "2027-01-04", "2026-12-30"), CONTRACTS).policy_version
        == "2026-01-01"
    )


def test_work_before_the_first_version_is_refused_naming_the_field():
    with pytest.raises(InvalidRequest) as caught:
        quote(entry(ROSLAGSBYGG, "2025-12-31T10:00:00+01:00", "10:40"), CONTRACTS)
    assert caught.value.problems[0].field == "start"
    assert "before the first version of policy 'vmi-roslagsbygg', in force from 2026-01-01" in (
        caught.value.problems[0].problem
    )
    with pytest.raises(InvalidRequest) as caught:
        quote(sittings(ROSLAGSBYGG, "2026-01-02", "2025-12-30"), CONTRACTS)
    assert caught.value.problems[0].field == "sessions.1.start"


def test_a_batch_prices_each_entry_under_its_own_version():
    items = [
        entry(ROSLAGSBYGG, DECEMBER, "10:40", ticket_id="T-1"),
        entry(ROSLAGSBYGG, JANUARY, "10:40", ticket_id="T-2"),
        entry(ROSLAGSBYGG, "2025-11-03T10:00:00+01:00", "10:40", ticket_id="T-3"),
    ]
    outcome = quote_batch(items, CONTRACTS)
    versions = [
        (r.quote.policy_version, r.quote.total) if r.quote else None for r in outcome.results
    ]
    assert versions[:2] == [("2026-01-01", 895), ("2027-01-01", 945)]
    assert outcome.results[2].problems is not None
    assert outcome.results[2].problems[0].field == "items.2.start"
    assert outcome.totals == {"SEK": 895 + 945}


def test_a_ticket_grouped_across_the_new_year_is_priced_under_the_version_of_its_first_start():
    items = [
        entry(ROSLAGSBYGG, "2027-01-04T10:00:00+01:00", "10:20", ticket_id="T-9"),
        entry(ROSLAGSBYGG, "2026-12-30T10:00:00+01:00", "10:20", ticket_id="T-9"),
    ]
    (result,) = quote_batch(items, CONTRACTS, group_by="ticket").results
    assert result.entries == [0, 1]
    assert result.quote is not None
    assert (result.quote.policy_version, result.quote.billable_minutes) == ("2026-01-01", 60)
    assert result.quote.total == 895


def test_a_base_s_new_version_reaches_the_contracts_that_extend_it(tmp_path: Path):
    base = (Path(__file__).resolve().parents[2] / "app/policies/vmi-se.toml").read_text("utf-8")
    write(
        tmp_path,
        "nordic-it",
        base.replace('id = "vmi-se"', 'id = "nordic-it"')
        + '\n[[versions]]\nvalid_from = 2027-01-01\ndefault_hourly_rate = "990.00"\n',
    )
    write(
        tmp_path,
        "nordic-it-acme",
        'id = "nordic-it-acme"\nname = "Acme"\nextends = "nordic-it"\n'
        "valid_from = 2026-06-01\n"
        '[[travel]]\ncode = "travel_stockholm_region"\nfee = "300.00"\n',
    )
    acme = load_policies(tmp_path).versions("nordic-it-acme")
    assert [
        (v.version, v.policy.default_hourly_rate, v.policy.travel[2].fee) for v in acme.all
    ] == [
        ("2026-06-01", 950, 300),
        ("2027-01-01", 990, 300),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[[versions]]\nvalid_from = 2027-01-01\n[[versions]]\nvalid_from = 2026-01-01\n",
            "versions.1.valid_from: must be after 2027-01-01",
        ),
        ('[[versions]]\nvalid_from = "next year"\n', "versions.0.valid_from: a date"),
        ('[[versions]]\ndefault_hourly_rate = "1.00"\n', "versions.0.valid_from: required"),
        (
            "valid_from = 2025-01-01\n",
            "valid_from: before the first version of 'vmi-roslagsbygg' (2026-01-01)",
        ),
    ],
)
def test_versions_that_do_not_rise_or_lack_a_date_are_refused(tmp_path: Path, text, message):
    write(tmp_path, "vmi-x", 'id = "vmi-x"\nextends = "vmi-roslagsbygg"\n' + text)
    copy_example(tmp_path, ROSLAGSBYGG)
    assert refusal(tmp_path).startswith(f"{tmp_path / 'vmi-x.toml'}: {message}")


def test_a_broken_version_is_named_with_its_date(tmp_path: Path):
    write(
        tmp_path,
        "vmi-x",
        'id = "vmi-x"\nname = "X"\nextends = "vmi-se"\n'
        '[[versions]]\nvalid_from = 2027-01-01\nvat_rate = "2"\n',
    )
    assert refusal(tmp_path).startswith(
        f"{tmp_path / 'vmi-x.toml'} (version 2027-01-01): vat_rate: Input should be less than 1"
    )


def test_fair_use_counts_against_the_threshold_of_the_month_s_version(tmp_path: Path):
    write(
        tmp_path,
        "ad-busy",
        'id = "ad-busy"\nname = "Busy"\nextends = "alesund-data-no"\n'
        "[[versions]]\nvalid_from = 2027-01-01\nfair_use.tickets_per_month = 40\n",
    )
    book = load_policies(tmp_path)
    entries = [
        entry("ad-busy", start, "10:20", ticket_id=f"T-{i}", customer_id="C")
        for start in (DECEMBER, JANUARY)
        for i in range(25)
    ]
    december, january = count_tickets(entries, book)
    assert (december.month, december.threshold, december.exceeded) == ("2026-12", 20, True)
    assert (january.month, january.threshold, january.exceeded) == ("2027-01", 40, False)


def test_a_revised_exception_list_applies_from_its_date(tmp_path: Path):
    write(
        tmp_path,
        "ad-pets",
        'id = "ad-pets"\nname = "Pets welcome"\nextends = "alesund-data-no"\n'
        '[[versions]]\nvalid_from = 2027-01-01\nremove = ["coverage.rules.animals"]\n',
    )
    book = load_policies(tmp_path)
    cat = {"causes": ["animals"], "ticket_id": "T-1"}
    december = quote(entry("ad-pets", DECEMBER, "10:30", **cat), book)
    january = quote(entry("ad-pets", JANUARY, "10:30", **cat), book)
    assert (december.coverage, december.reasons[0].clause) == ("billable", "ad:animals")
    assert (january.coverage, january.total) == ("free", 0)
