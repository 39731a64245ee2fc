"""Requests the engine refuses, each naming the field and the problem."""

from datetime import timedelta

import pytest
from pydantic import ValidationError

from app.engine import InvalidRequest, Limits, PolicyBook, QuoteRequest, UnknownPolicy, quote
from tests.unit.quoting import ALESUND, BOOK, VMI, ad, request, vmi
from tests.unit.test_policy_files import compile_variant

START = "2026-03-03T10:00:00+01:00"
END = "2026-03-03T11:00:00+01:00"


def fields_of(error: InvalidRequest) -> list[str]:
    return [p.field for p in error.problems]


def test_a_time_without_an_offset_is_refused_not_guessed():
    with pytest.raises(ValidationError, match="timezone"):
        request(ALESUND, "2026-03-03T10:00:00", END)


def test_a_number_is_not_taken_for_a_time():
    with pytest.raises(ValidationError, match="ISO 8601"):
        QuoteRequest.model_validate({"policy": VMI, "start": 1, "end": END, "channel": "phone"})


def test_an_end_before_the_start_is_refused():
    with pytest.raises(InvalidRequest) as caught:
        ad(END, START)
    assert fields_of(caught.value) == ["end"]


def test_an_empty_session_is_refused():
    with pytest.raises(InvalidRequest, match="after start"):
        ad(START, START)


def test_an_unknown_policy_is_named():
    with pytest.raises(UnknownPolicy, match="alesund-data-no, vmi-se"):
        quote(request("acme", START, END), BOOK)


def test_onsite_work_needs_a_location():
    with pytest.raises(InvalidRequest) as caught:
        vmi(START, END, channel="onsite")
    assert fields_of(caught.value) == ["location"]


@pytest.mark.parametrize("kind", ["setup", "warranty"])
def test_setup_and_warranty_need_to_know_who_sold_the_equipment(kind):
    with pytest.raises(InvalidRequest) as caught:
        ad(START, END, work_kind=kind)
    assert fields_of(caught.value) == ["equipment_from"]


def test_training_needs_its_facts():
    with pytest.raises(InvalidRequest) as caught:
        ad(START, END, work_kind="training")
    assert fields_of(caught.value) == ["training"]


def test_a_session_may_last_31_days_but_not_longer():
    assert vmi("2026-01-01T00:00:00+01:00", "2026-02-01T00:00:00+01:00").worked_minutes == 31 * 1440
    with pytest.raises(InvalidRequest, match="31 days"):
        vmi("2026-01-01T00:00:00+01:00", "2026-02-01T00:00:01+01:00")


def test_the_span_limit_is_a_parameter():
    with pytest.raises(InvalidRequest, match="at most 1 days"):
        quote(request(VMI, START, "2026-03-05T10:00:00+01:00"), BOOK, limits=Limits(timedelta(1)))


@pytest.mark.parametrize("year", ["0001", "1850", "2150", "9999"])
def test_years_outside_the_holiday_calendar_are_refused(year):
    with pytest.raises(InvalidRequest, match="outside the calendar"):
        ad(f"{year}-03-03T10:00:00+01:00", f"{year}-03-03T11:00:00+01:00")


def test_unknown_fields_are_refused_so_a_typo_cannot_change_a_bill():
    with pytest.raises(ValidationError, match="urgnet"):
        request(VMI, START, END, urgnet=True)


@pytest.mark.parametrize("amount", ["-1", "12,50", "1.005", "NaN", "1e400"])
def test_bad_decimal_amounts_are_refused(amount):
    with pytest.raises(ValidationError):
        request(VMI, START, END, hourly_rate=amount)


def test_a_channel_the_policy_does_not_offer_is_refused_citing_its_clause():
    compiled = compile_variant(
        VMI, 'allowed = ["phone", "email", "remote", "onsite"]', 'allowed = ["phone"]'
    )
    with pytest.raises(InvalidRequest, match=r"vmi:1\.2") as caught:
        quote(request(VMI, START, END, channel="email"), PolicyBook([compiled]))
    assert fields_of(caught.value) == ["channel"]
