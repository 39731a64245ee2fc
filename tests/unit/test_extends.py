"""Policies that extend another: only what differs is written; the result is checked whole."""

import re
from pathlib import Path

import pytest

from app.engine import load_policies, load_policy_file, quote
from app.engine.derive import differences
from app.engine.policy import Policy
from tests.unit.contracts import (
    CONTRACTS,
    EXAMPLES,
    FJORDFISK,
    ROSLAGSBYGG,
    copy_example,
    entry,
    refusal,
    write,
)
from tests.unit.quoting import ALESUND, BOOK, VMI, clauses_of

SOLNA = {"channel": "onsite", "location": {"municipality": "Solna"}}


def dumped(policy: Policy) -> dict[str, object]:
    return policy.model_dump(mode="json", by_alias=True)


def test_a_derived_policy_differs_from_its_base_only_where_its_file_says():
    first = CONTRACTS.versions(ROSLAGSBYGG).all[0].policy
    assert differences(dumped(BOOK[VMI].policy), dumped(first)) == [
        "id",
        "name",
        "extends",
        "valid_from",
        "default_hourly_rate",
        "travel.urgent_callout_norrtalje.fee",
        "travel.travel_stockholm_region.fee",
        "support_levels.around_the_clock",
        "seller",
        "buyer",
    ]
    assert first.travel[2].message == BOOK[VMI].policy.travel[2].message
    assert [rule.code for rule in first.travel] == [rule.code for rule in BOOK[VMI].policy.travel]


def test_a_customer_contract_bills_like_its_base_at_its_own_rates():
    start = "2026-03-04T09:00:00+01:00"
    base = quote(entry(VMI, start, "10:20", **SOLNA), BOOK)
    own = quote(
        entry(ROSLAGSBYGG, start, "10:20", support_level="around_the_clock", **SOLNA), CONTRACTS
    )
    assert (base.billable_minutes, own.billable_minutes) == (120, 120)
    assert (base.hourly_rate, own.hourly_rate) == (950, 895)
    assert (base.travel.amount, own.travel.amount) == (450, 395)
    assert own.total == 2 * 895 + 395
    assert clauses_of(own) == clauses_of(base) + ["vmi:1.3"]


def test_the_ad_customer_without_the_agreement_is_billed_every_minute_at_the_bands():
    office = quote(
        entry(FJORDFISK, "2026-03-02T10:00:00+01:00", "10:20", ticket_id="T-1"), CONTRACTS
    )
    assert (office.coverage, office.billable_minutes, office.total) == ("billable", 60, 1150)
    assert [(line.band, line.multiplier) for line in office.bands] == [("normal", 1)]
    evening = quote(entry(FJORDFISK, "2026-03-02T17:00:00+01:00", "17:50"), CONTRACTS)
    assert evening.total == 1610  # 60 min x 1150 x 1.40
    update = quote(
        entry(FJORDFISK, "2026-03-07T10:00:00+01:00", "10:30", work_kind="security_update"),
        CONTRACTS,
    )
    assert (update.coverage, update.bands[0].band) == ("billable", "weekend_holiday")
    assert [r.code for r in office.reasons][0] == "no_agreement"


def test_the_ad_customer_without_the_agreement_has_travel_to_agree_even_in_alesund():
    visit = quote(
        entry(
            FJORDFISK,
            "2026-03-02T10:00:00+01:00",
            "11:00",
            channel="onsite",
            location={"municipality": "Ålesund"},
        ),
        CONTRACTS,
    )
    assert (visit.travel.status, visit.travel.clause, visit.total_complete) == (
        "unpriced",
        "ad:agreement",
        False,
    )
    with_agreement = quote(
        entry(
            ALESUND,
            "2026-03-02T10:00:00+01:00",
            "11:00",
            channel="onsite",
            location={"municipality": "Ålesund"},
            ticket_id="T-1",
        ),
        BOOK,
    )
    assert (with_agreement.coverage, with_agreement.travel.status) == ("free", "free")


def test_a_new_rule_goes_before_the_rule_the_patch_names_after_it(tmp_path: Path):
    write(
        tmp_path,
        "vmi-uppsala",
        'id = "vmi-uppsala"\nextends = "vmi-se"\n'
        '[[zones]]\nid = "uppsala"\nname = "Uppsala"\n'
        'municipalities = [{ code = "0380", name = "Uppsala" }]\n'
        '[[travel]]\nclause = "vmi:3.3c"\ncode = "travel_uppsala"\nstatus = "charged"\n'
        'fee = "900.00"\nwhen = { inside_zone = "uppsala" }\nmessage.en = "Uppsala: agreed fee."\n'
        '[[travel]]\ncode = "travel_unpriced"\n',
    )
    policy = load_policies(tmp_path)["vmi-uppsala"].policy
    assert [rule.code for rule in policy.travel][-2:] == ["travel_uppsala", "travel_unpriced"]


def test_a_broken_derived_file_is_refused_naming_it_and_the_field(tmp_path: Path):
    write(
        tmp_path,
        "vmi-cheap",
        'id = "vmi-cheap"\nname = "Cheap"\nextends = "vmi-se"\n'
        '[[travel]]\ncode = "travel_stockholm_region"\nfee = "-5"\n',
    )
    assert refusal(tmp_path).startswith(
        f"{tmp_path / 'vmi-cheap.toml'}: travel.2.fee: Input should be greater than or equal to 0"
    )


def test_a_derived_file_is_checked_whole_like_a_full_file(tmp_path: Path):
    write(
        tmp_path,
        "ad-late",
        'id = "ad-late"\nname = "Late"\nextends = "alesund-data-no"\n'
        '[[bands]]\nid = "evening"\nto = "21:00"\n',
    )
    assert re.search(
        r"ad-late\.toml: bands: bands for working days gap at 22:00", refusal(tmp_path)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('extends = "vmi-xx"\n', "extends: no policy 'vmi-xx'; loaded: alesund-data-no, "),
        ('remove = ["fair_use"]\n', "remove: 'fair_use': nothing there to remove"),
        (
            '[[travel]]\nfee = "1.00"\n',
            "travel.0: name the entry to change, or a new one, by its 'code'",
        ),
        (
            '[[versions]]\nvalid_from = 2027-01-01\nextends = "alesund-data-no"\n',
            "versions.0.extends: cannot change between versions",
        ),
    ],
)
def test_a_patch_that_cannot_apply_is_refused_naming_the_file(tmp_path: Path, text, message):
    body = 'id = "vmi-x"\n' + ("" if text.startswith("extends") else 'extends = "vmi-se"\n') + text
    write(tmp_path, "vmi-x", body)
    assert refusal(tmp_path).startswith(f"{tmp_path / 'vmi-x.toml'}: {message}")


def test_a_cycle_of_extends_is_refused(tmp_path: Path):
    write(tmp_path, "a-one", 'id = "a-one"\nextends = "b-two"\n')
    write(tmp_path, "b-two", 'id = "b-two"\nextends = "a-one"\n')
    assert re.search(r"b-two\.toml: extends: a cycle: a-one -> b-two -> a-one", refusal(tmp_path))


def test_a_derived_file_names_itself(tmp_path: Path):
    write(tmp_path, "vmi-anon", 'extends = "vmi-se"\n')
    assert re.search(r"vmi-anon\.toml: id: required", refusal(tmp_path))


def test_a_broken_base_is_named_before_what_extends_it(tmp_path: Path):
    write(tmp_path, "a-customer", 'id = "a-customer"\nextends = "z-provider"\n')
    write(tmp_path, "z-provider", 'id = "z-provider"\nname = 3\n')
    assert re.search(r"z-provider\.toml: name: Input should be a valid string", refusal(tmp_path))


def test_a_contract_may_extend_another_contract(tmp_path: Path):
    write(
        tmp_path,
        "vmi-roslagsbygg-east",
        'id = "vmi-roslagsbygg-east"\nname = "East office"\nextends = "vmi-roslagsbygg"\n'
        'default_hourly_rate = "800.00"\n',
    )
    copy_example(tmp_path, ROSLAGSBYGG)
    east = load_policies(tmp_path).versions("vmi-roslagsbygg-east")
    assert [(v.version, v.policy.default_hourly_rate) for v in east.all] == [
        ("2026-01-01", 800),
        ("2027-01-01", 800),
    ]
    assert east.latest.policy.travel[2].fee == 425


def test_the_docs_ten_line_contract_loads_and_changes_only_rate_and_fee(tmp_path: Path):
    page = Path(__file__).resolve().parents[2] / "docs" / "contracts.md"
    match = re.search(
        r"<!-- customer-contract -->\n```toml\n(.*?)```", page.read_text("utf-8"), re.DOTALL
    )
    assert match is not None
    assert len(match[1].splitlines()) == 10
    write(tmp_path, "vmi-bygg-ab", match[1])
    contract = load_policies(tmp_path)["vmi-bygg-ab"].policy
    assert differences(dumped(BOOK[VMI].policy), dumped(contract)) == [
        "id",
        "name",
        "extends",
        "valid_from",
        "default_hourly_rate",
        "travel.travel_stockholm_region.fee",
    ]


def test_one_contract_file_loads_on_its_own_against_the_built_ins():
    contract = load_policy_file(EXAMPLES / "alesund-fjordfisk.toml").policy
    assert (contract.extends, contract.coverage.default.effect) == ("alesund-data-no", "billable")


def test_entries_that_share_a_name_cannot_be_changed_by_it(tmp_path: Path):
    twice = (
        '[[travel]]\nclause = "vmi:3.3c"\ncode = "same"\nstatus = "unpriced"\nmessage.en = "x"\n'
    )
    write(
        tmp_path,
        "vmi-twice",
        'id = "vmi-twice"\nname = "T"\nextends = "vmi-se"\nremove = ["travel"]\n' + twice * 2,
    )
    write(tmp_path, "vmi-thrice", 'id = "vmi-thrice"\nextends = "vmi-twice"\n' + twice)
    assert "vmi-thrice.toml: travel: entries share a code" in refusal(tmp_path)
