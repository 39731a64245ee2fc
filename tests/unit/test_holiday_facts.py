"""The holiday facts the terms depend on (TERMS.md, "Facts checked"), as the pinned `holidays`
release lists them. A release that changes one fails here before it changes a bill."""

import tomllib
from datetime import date

import holidays

from tests.readme_examples import ROOT

NORWAY_2026 = {
    date(2026, 1, 1),  # New Year's Day
    date(2026, 4, 2),  # Maundy Thursday
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 5),  # Easter Sunday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 1),  # 1 May
    date(2026, 5, 14),  # Ascension Day
    date(2026, 5, 17),  # Constitution Day
    date(2026, 5, 24),  # Whit Sunday
    date(2026, 5, 25),  # Whit Monday
    date(2026, 12, 25),  # Christmas Day
    date(2026, 12, 26),  # Boxing Day
}
SWEDEN_EVES_2026 = {date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)}


def public(country, year):
    return set(holidays.country_holidays(country, years=year, categories=("public",)))


def test_the_holidays_release_is_the_one_pinned_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"holidays=={holidays.__version__}" in project["dependencies"]


def test_norway_lists_exactly_the_public_holidays_the_terms_name():
    assert public("NO", 2026) == NORWAY_2026


def test_christmas_eve_and_new_years_eve_are_ordinary_working_days_in_norway():
    assert not {date(2026, 12, 24), date(2026, 12, 31)} & public("NO", 2026)


def test_norway_does_not_list_ordinary_sundays_by_default():
    assert date(2026, 3, 8) not in public("NO", 2026)  # a Sunday in Lent


def test_sweden_keeps_midsummer_christmas_and_new_years_eve_out_of_its_public_holidays():
    assert not SWEDEN_EVES_2026 & public("SE", 2026)
    de_facto = holidays.country_holidays("SE", years=2026, categories=("de_facto",))
    assert SWEDEN_EVES_2026 <= set(de_facto)
    assert {date(2026, 6, 6), date(2026, 6, 20)} <= public("SE", 2026)  # National, Midsummer Day


def test_years_outside_the_range_give_no_holidays_and_no_error():
    assert public("NO", 1900) == set() and public("NO", 2101) == set()
    assert (
        holidays.country_holidays("NO").start_year,
        holidays.country_holidays("NO").end_year,
    ) == (
        1901,
        2100,
    )
