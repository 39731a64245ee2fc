"""Ålesund Data: free under the agreement except where an exception (unntak) applies."""

import pytest

from tests.unit.quoting import ad, bands_of, clauses_of

IN_HOURS = ("2026-03-03T09:00:00+01:00", "2026-03-03T10:00:00+01:00")
LATE = ("2026-03-03T22:30:00+01:00", "2026-03-03T23:00:00+01:00")
ALESUND = {"municipality": "Ålesund"}


def test_ad_agreement_makes_support_in_office_hours_free():
    q = ad(*IN_HOURS)
    assert q.coverage == "free"
    assert q.billable_minutes == 0
    assert q.total == 0
    assert q.billable_option == "no_charge"
    assert clauses_of(q) == ["ad:agreement"]


def test_ad_hours_bills_support_outside_office_hours():
    q = ad(*LATE)
    assert q.coverage == "billable"
    assert q.billable_minutes == 60
    assert bands_of(q) == {"night": (30, 60)}
    assert "ad:hours" in clauses_of(q)


def test_ad_hours_bills_only_the_out_of_hours_part_as_mixed():
    q = ad("2026-03-03T07:30:00+01:00", "2026-03-03T08:30:00+01:00")
    assert q.coverage == "mixed"
    assert q.free_minutes == 30
    assert bands_of(q) == {"night": (30, 60)}
    assert clauses_of(q)[:2] == ["ad:hours", "ad:agreement"]


def test_ad_hours_security_makes_security_updates_free_at_any_hour():
    q = ad(*LATE, work_kind="security_update")
    assert q.coverage == "free"
    assert clauses_of(q) == ["ad:hours.security"]


def test_ad_hours_security_updates_need_no_ticket():
    q = ad(*LATE, work_kind="security_update", ticket_id=None)
    assert q.coverage == "free"


def test_ad_hours_security_does_not_excuse_another_exception():
    q = ad(*IN_HOURS, work_kind="security_update", causes=["liquid_damage"])
    assert q.coverage == "billable"
    assert clauses_of(q)[0] == "ad:liquid"


def test_ad_development_bills_development_even_in_office_hours():
    q = ad(*IN_HOURS, work_kind="development")
    assert q.coverage == "billable"
    assert q.billable_minutes == 60
    assert bands_of(q) == {"normal": (60, 60)}
    assert clauses_of(q)[0] == "ad:development"


@pytest.mark.parametrize(
    ("training", "code"),
    [
        ({"planned": True}, "training_planned"),
        ({"group": True}, "training_group"),
        ({"instruction_minutes": 11}, "training_long"),
    ],
)
def test_ad_training_bills_extended_training(training, code):
    q = ad(*IN_HOURS, work_kind="training", training=training)
    assert q.coverage == "billable"
    assert [(r.clause, r.code) for r in q.reasons][0] == ("ad:training", code)


@pytest.mark.parametrize("minutes", [0, 5, 10])
def test_ad_training_keeps_short_unplanned_one_to_one_training_free(minutes):
    q = ad(*IN_HOURS, work_kind="training", training={"instruction_minutes": minutes})
    assert q.coverage == "free"
    assert clauses_of(q) == ["ad:training"]


def test_ad_training_that_is_free_is_still_billed_outside_office_hours():
    q = ad(*LATE, work_kind="training", training={"instruction_minutes": 5})
    assert q.coverage == "billable"
    assert clauses_of(q)[0] == "ad:hours"


def test_ad_setup_own_includes_setup_of_equipment_bought_from_alesund_data():
    q = ad(*IN_HOURS, work_kind="setup", equipment_from="provider")
    assert q.coverage == "free"
    assert clauses_of(q) == ["ad:setup.own"]


def test_ad_setup_other_bills_setup_of_equipment_bought_elsewhere():
    q = ad(*IN_HOURS, work_kind="setup", equipment_from="other")
    assert q.coverage == "billable"
    assert clauses_of(q)[0] == "ad:setup.other"


def test_ad_setup_remote_site_bills_a_visit_outside_alesund_municipality():
    q = ad(
        *IN_HOURS,
        work_kind="setup",
        equipment_from="provider",
        channel="onsite",
        location={"municipality": "Giske"},
    )
    assert q.coverage == "billable"
    assert clauses_of(q)[0] == "ad:setup.remote-site"


def test_ad_setup_remote_site_bills_a_visit_reached_by_ferry_inside_alesund():
    q = ad(
        *IN_HOURS,
        work_kind="setup",
        equipment_from="provider",
        channel="onsite",
        location={"municipality": "1508", "ferry": True},
    )
    assert q.coverage == "billable"
    assert [r.code for r in q.reasons][0] == "setup_visit_by_ferry"


def test_ad_setup_remote_site_keeps_a_visit_inside_alesund_free():
    q = ad(
        *IN_HOURS, work_kind="setup", equipment_from="provider", channel="onsite", location=ALESUND
    )
    assert q.coverage == "free"
    assert q.travel.status == "free"


def test_ad_setup_remote_site_keeps_remote_setup_for_a_distant_customer_free():
    q = ad(
        *IN_HOURS, work_kind="setup", equipment_from="provider", location={"municipality": "Oslo"}
    )
    assert q.coverage == "free"


def test_ad_setup_remote_site_treats_an_unknown_municipality_as_outside():
    q = ad(
        *IN_HOURS,
        work_kind="setup",
        equipment_from="provider",
        channel="onsite",
        location={"municipality": "Alesnd"},
    )
    assert q.coverage == "billable"
    assert q.travel.status == "unpriced"
    assert any("Did you mean Ålesund?" in r.message for r in q.reasons)


def test_ad_ticket_bills_work_without_a_helpdesk_ticket_number():
    q = ad(*IN_HOURS, ticket_id=None)
    assert q.coverage == "billable"
    assert clauses_of(q)[0] == "ad:ticket"


@pytest.mark.parametrize(
    ("cause", "clause"),
    [
        ("recommendation_ignored", "ad:recommendation"),
        ("third_party_software", "ad:third-party"),
        ("misuse", "ad:misuse"),
        ("liquid_damage", "ad:liquid"),
        ("unauthorized_use", "ad:unauthorized"),
        ("animals", "ad:animals"),
        ("malware_recommendation_ignored", "ad:malware"),
        ("private_use", "ad:private"),
        ("force_majeure", "ad:force-majeure"),
    ],
)
def test_each_cause_exception_bills_the_whole_session(cause, clause):
    q = ad("2026-03-03T15:30:00+01:00", "2026-03-03T16:30:00+01:00", causes=[cause])
    assert q.coverage == "billable"
    assert bands_of(q) == {"normal": (30, 30), "evening": (30, 30)}
    assert clauses_of(q)[0] == clause
    assert "ad:hours" not in clauses_of(q)


def test_ad_private_covers_a_home_pc_used_for_the_business():
    assert ad(*IN_HOURS).coverage == "free"


def test_every_matching_exception_is_cited():
    q = ad(*IN_HOURS, causes=["animals", "liquid_damage"], ticket_id=None)
    assert {"ad:animals", "ad:liquid", "ad:ticket"} <= set(clauses_of(q))


@pytest.mark.parametrize(
    ("kind", "clause"),
    [("spare_part", "ad:parts"), ("toner_ink", "ad:parts"), ("mounting_material", "ad:materials")],
)
def test_ad_parts_and_materials_are_billed_even_when_labour_is_free(kind, clause):
    q = ad(*IN_HOURS, materials=[{"kind": kind, "description": "x", "amount": "249.50"}])
    assert q.coverage == "free"
    assert q.labour_amount == 0
    assert q.materials_amount == q.total == 249.50
    assert q.materials[0].clause == clause
    assert clause in clauses_of(q)


def test_ad_warranty_work_is_service_under_the_agreement():
    q = ad(*IN_HOURS, work_kind="warranty", equipment_from="other")
    assert q.coverage == "free"


def test_ad_training_refuses_more_instruction_than_the_training_lasted():
    from app.engine import InvalidRequest

    with pytest.raises(InvalidRequest) as refused:
        ad(*IN_HOURS, work_kind="training", training={"instruction_minutes": 61})
    assert [p.field for p in refused.value.problems] == ["training.instruction_minutes"]
    assert "61 min of instruction is more than the 60 min worked" in str(refused.value)


def test_ad_training_may_be_instruction_from_start_to_end():
    q = ad(*IN_HOURS, work_kind="training", training={"instruction_minutes": 60})
    assert q.coverage == "billable"


@pytest.mark.parametrize(
    "written",
    [
        "Ålesund kommune",
        "ÅLESUND KOMMUNE",
        "Aalesund kommune",
        "Ålesund municipality",
        "Municipality of Ålesund",
    ],
)
def test_ad_setup_remote_site_reads_alesund_written_as_people_write_it(written):
    q = ad(
        *IN_HOURS,
        channel="onsite",
        work_kind="setup",
        equipment_from="provider",
        location={"municipality": written},
    )
    assert q.coverage == "free"
    assert q.travel.municipality_code == "1508"
