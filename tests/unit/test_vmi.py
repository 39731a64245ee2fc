"""VMI: everything billable unless a rule makes it free; travel by zone (vmi:3.3a-c)."""

from decimal import Decimal

import pytest

from app.engine import InvalidRequest
from tests.unit.quoting import clauses_of, vmi

HOUR = ("2026-03-03T10:00:00+01:00", "2026-03-03T10:20:00+01:00")
STOCKHOLM_COUNTY = {
    "0114": "Upplands Väsby",
    "0115": "Vallentuna",
    "0117": "Österåker",
    "0120": "Värmdö",
    "0123": "Järfälla",
    "0125": "Ekerö",
    "0126": "Huddinge",
    "0127": "Botkyrka",
    "0128": "Salem",
    "0136": "Haninge",
    "0138": "Tyresö",
    "0139": "Upplands-Bro",
    "0140": "Nykvarn",
    "0160": "Täby",
    "0162": "Danderyd",
    "0163": "Sollentuna",
    "0180": "Stockholm",
    "0181": "Södertälje",
    "0182": "Nacka",
    "0183": "Sundbyberg",
    "0184": "Solna",
    "0186": "Lidingö",
    "0187": "Vaxholm",
    "0191": "Sigtuna",
    "0192": "Nynäshamn",
}


def onsite(municipality, **fields):
    return vmi(*HOUR, channel="onsite", location={"municipality": municipality}, **fields)


def test_vmi_default_bills_ordinary_support():
    q = vmi(*HOUR, channel="phone")
    assert q.coverage == "billable"
    assert q.labour_amount == Decimal("475.00")
    assert clauses_of(q)[0] == "vmi:default"


@pytest.mark.parametrize("channel", ["phone", "email", "remote", "onsite"])
def test_vmi_1_2_accepts_its_four_channels(channel):
    assert vmi(*HOUR, channel=channel, location={"municipality": "Norrtälje"}).billable_minutes > 0


def test_vmi_2_1_7_makes_labour_on_vmi_delivered_equipment_free():
    q = vmi(*HOUR, work_kind="warranty", equipment_from="provider")
    assert q.coverage == "free"
    assert q.labour_amount == q.total == 0
    assert clauses_of(q) == ["vmi:2.1.7"]


def test_vmi_2_1_7_warranty_still_pays_travel():
    q = onsite("Solna", work_kind="warranty", equipment_from="provider")
    assert q.coverage == "free"
    assert q.labour_amount == 0
    assert q.travel.status == "charged"
    assert q.total == q.travel.amount == Decimal("450.00")


def test_vmi_2_1_6_bills_warranty_on_third_party_equipment():
    q = vmi(*HOUR, work_kind="warranty", equipment_from="other")
    assert q.coverage == "billable"
    assert clauses_of(q)[0] == "vmi:2.1.6"


@pytest.mark.parametrize("cause", ["recommendation_ignored", "malware_recommendation_ignored"])
def test_vmi_2_1_5_bills_warranty_when_vmi_recommendations_were_ignored(cause):
    q = vmi(*HOUR, work_kind="warranty", equipment_from="provider", causes=[cause])
    assert q.coverage == "billable"
    assert q.labour_amount == Decimal("475.00")
    assert clauses_of(q)[0] == "vmi:2.1.5"
    assert "vmi:2.1.7" not in clauses_of(q)


def test_vmi_2_1_5_leaves_warranty_free_for_other_causes():
    q = vmi(*HOUR, work_kind="warranty", equipment_from="provider", causes=["liquid_damage"])
    assert q.coverage == "free"
    assert clauses_of(q) == ["vmi:2.1.7"]


def test_vmi_2_1_5_does_not_touch_third_party_warranty_or_plain_support():
    third_party = vmi(
        *HOUR, work_kind="warranty", equipment_from="other", causes=["recommendation_ignored"]
    )
    assert clauses_of(third_party)[0] == "vmi:2.1.6"
    support = vmi(*HOUR, causes=["recommendation_ignored"])
    assert clauses_of(support)[0] == "vmi:default"


@pytest.mark.parametrize(
    ("level", "clause"), [("proactive", "vmi:2.1.3"), ("best_effort", "vmi:2.1.4")]
)
def test_vmi_support_levels_are_echoed_and_billed_the_same(level, clause):
    q = vmi(*HOUR, support_level=level)
    assert q.support_level == level
    assert clause in clauses_of(q)
    assert q.total == vmi(*HOUR).total


def test_an_unknown_support_level_is_refused():
    with pytest.raises(InvalidRequest, match="support_level"):
        vmi(*HOUR, support_level="gold")


@pytest.mark.parametrize("name", ["Norrtälje", "Norrtalje", "NORRTÄLJE", " norrtälje ", "0188"])
def test_vmi_3_3a_travel_inside_norrtalje_is_free(name):
    q = onsite(name)
    assert q.travel.status == "free"
    assert q.travel.amount == 0
    assert q.travel.clause == "vmi:3.3a"
    assert q.travel.municipality == "Norrtälje"


def test_vmi_3_3a_an_urgent_call_inside_norrtalje_pays_the_call_out_fee():
    q = onsite("Norrtälje", urgent=True)
    assert q.travel.status == "charged"
    assert q.travel.amount == Decimal("650.00")
    assert q.travel.code == "urgent_callout_norrtalje"
    assert q.total == q.labour_amount + Decimal("650.00")


@pytest.mark.parametrize(("code", "name"), sorted(STOCKHOLM_COUNTY.items()))
def test_vmi_3_3b_travel_in_the_26_stockholm_county_municipalities_is_flat(code, name):
    for given in (code, name, name.upper()):
        q = onsite(given)
        assert (q.travel.status, q.travel.amount, q.travel.clause) == (
            "charged",
            Decimal("450.00"),
            "vmi:3.3b",
        )
        assert q.travel.municipality_code == code


def test_vmi_3_3b_holds_26_municipalities_with_norrtalje():
    assert len(STOCKHOLM_COUNTY) + 1 == 26


@pytest.mark.parametrize("given", ["Upplands Vasby", "upplands-väsby", "UPPLANDSBRO", "lidingo"])
def test_municipality_names_forgive_spacing_hyphens_and_diacritics(given):
    assert onsite(given).travel.clause == "vmi:3.3b"


def test_vmi_3_3b_flat_fee_also_applies_to_urgent_calls_outside_norrtalje():
    assert onsite("Solna", urgent=True).travel.amount == Decimal("450.00")


@pytest.mark.parametrize("name", ["Uppsala", "Göteborg", "1480"])
def test_vmi_3_3c_travel_outside_the_stockholm_region_is_unpriced(name):
    q = onsite(name)
    assert q.travel.status == "unpriced"
    assert q.travel.amount is None
    assert q.travel.clause == "vmi:3.3c"
    assert q.total_complete is False
    assert q.total == q.labour_amount


def test_a_misspelt_municipality_is_never_inside_a_zone_but_gets_a_hint():
    q = onsite("Norrtälj")
    assert q.travel.status == "unpriced"
    hint = next(r for r in q.reasons if r.code == "municipality_unplaced")
    assert "Did you mean Norrtälje?" in hint.message


def test_work_without_a_visit_has_no_travel():
    q = vmi(*HOUR, channel="remote", location={"municipality": "Solna"})
    assert (q.travel.status, q.travel.amount, q.travel.clause) == ("free", 0, None)


def test_vmi_bills_materials_as_lines():
    q = vmi(*HOUR, materials=[{"kind": "mounting_material", "description": "cable", "amount": 89}])
    assert q.materials_amount == Decimal("89.00")
    assert q.total == q.labour_amount + Decimal("89.00")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Norrtälje kommun", "0188"),
        ("NORRTALJE KOMMUN", "0188"),
        ("Solna municipality", "0184"),
        ("Municipality of Solna", "0184"),
        ("Stockholms stad", "0180"),
        ("Upplands Väsby kommun", "0114"),
    ],
)
def test_vmi_3_3_matches_a_municipality_written_with_its_word(written, code):
    assert onsite(written).travel.municipality_code == code


@pytest.mark.parametrize("written", ["Sala kommun", "Norrtäljekommun", "kommun", "Solan kommun"])
def test_vmi_3_3c_never_guesses_a_municipality_from_its_word(written):
    q = onsite(written)
    assert q.travel.status == "unpriced"
    assert q.travel.municipality_code is None
