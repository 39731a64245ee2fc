"""Policy files: validated at load, refused with the file, the field and the problem."""

from pathlib import Path

import pytest

from app.engine import PolicyError, load_policies, quote
from app.engine.book import BUILTIN_DIR, CompiledPolicy, load_policy_text
from tests.unit.quoting import request


def builtin_text(policy_id: str) -> str:
    return (BUILTIN_DIR / f"{policy_id}.toml").read_text(encoding="utf-8")


def compile_variant(policy_id: str, old: str, new: str) -> CompiledPolicy:
    text = builtin_text(policy_id)
    assert old in text
    return load_policy_text(text.replace(old, new, 1), f"{policy_id}.toml", policy_id)


def refusal(policy_id: str, old: str, new: str) -> str:
    with pytest.raises(PolicyError) as caught:
        compile_variant(policy_id, old, new)
    return str(caught.value)


def test_both_built_in_policies_load():
    assert sorted(load_policies()) == ["alesund-data-no", "vmi-se"]


def test_broken_toml_is_refused_naming_the_file():
    assert refusal("vmi-se", 'currency = "SEK"', 'currency = "SEK').startswith(
        "vmi-se.toml: (file): not valid TOML"
    )


def test_a_missing_field_is_named():
    message = refusal("vmi-se", 'currency = "SEK"\n', "")
    assert message == "vmi-se.toml: currency: Field required"


def test_a_bad_value_is_named_with_its_path():
    message = refusal("alesund-data-no", 'multiplier = "1.40"', 'multiplier = "-1"')
    assert message.startswith(
        "alesund-data-no.toml: bands.1.multiplier: Input should be greater than 0"
    )


def test_bands_that_leave_a_gap_are_refused():
    message = refusal(
        "alesund-data-no", 'from = "16:00"\nto = "22:00"', 'from = "16:00"\nto = "21:00"'
    )
    assert message == "alesund-data-no.toml: bands: bands for working days gap at 22:00"


def test_an_unknown_time_zone_is_refused():
    assert "calendar.timezone: not an IANA time zone" in refusal(
        "vmi-se", "Europe/Stockholm", "Europe/Norrtalje"
    )


def test_an_unknown_holiday_calendar_is_refused():
    assert "calendar.holidays_country" in refusal(
        "vmi-se", 'holidays_country = "SE"', 'holidays_country = "XX"'
    )


def test_a_rule_naming_an_unknown_zone_is_refused():
    assert "travel.0.when.inside_zone: no zone 'norrtallje' in zones" in refusal(
        "vmi-se", 'inside_zone = "norrtalje", urgent', 'inside_zone = "norrtallje", urgent'
    )


def test_travel_rules_must_end_with_one_that_matches_every_visit():
    message = refusal(
        "vmi-se",
        'status = "unpriced"\n',
        'status = "unpriced"\nwhen = { urgent = true }\n',
    )
    assert "travel.3.when: the last rule must match all" in message


def test_a_charged_travel_rule_needs_a_fee():
    assert "travel.2.fee" in refusal("vmi-se", 'fee = "450.00"\n', "")


def test_a_rounding_message_may_only_use_known_placeholders():
    assert "rounding.default.message.en" in refusal("vmi-se", "to {billed} min.", "to {billd} min.")


def test_the_office_hours_rule_needs_office_hours():
    message = refusal(
        "alesund-data-no",
        '[office_hours]\nclause = "ad:hours"\ndays = "working"\nfrom = "08:00"\nto = "16:00"\n',
        "",
    )
    assert "coverage.rules.1.effect: needs office_hours in the policy" in message


def test_an_unknown_field_is_refused_so_typos_do_not_vanish():
    assert "vat_rat: Extra inputs are not permitted" in refusal("vmi-se", "vat_rate", "vat_rat")


def test_the_file_name_must_be_the_policy_id():
    with pytest.raises(PolicyError, match="id: 'vmi-se' differs from the file name"):
        load_policy_text(builtin_text("vmi-se"), "vmi.toml", "vmi")


def test_an_operator_folder_adds_a_third_provider_without_code(tmp_path: Path):
    text = builtin_text("vmi-se").replace('id = "vmi-se"', 'id = "nordic-it-dk"')
    text = text.replace("Europe/Stockholm", "Europe/Copenhagen").replace('"SE"', '"DK"')
    text = text.replace('currency = "SEK"', 'currency = "DKK"')
    (tmp_path / "nordic-it-dk.toml").write_text(text, encoding="utf-8")
    book = load_policies(tmp_path)
    assert sorted(book) == ["alesund-data-no", "nordic-it-dk", "vmi-se"]
    q = quote(
        request("nordic-it-dk", "2026-03-03T10:00:00+01:00", "2026-03-03T10:05:00+01:00"), book
    )
    assert (q.currency, q.billable_minutes) == ("DKK", 10)


def test_an_operator_file_with_a_mistake_stops_the_load_naming_it(tmp_path: Path):
    (tmp_path / "broken.toml").write_text('id = "broken"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"broken\.toml: name: Field required"):
        load_policies(tmp_path)


def test_an_operator_file_may_not_reuse_a_built_in_id(tmp_path: Path):
    (tmp_path / "vmi-se.toml").write_text(builtin_text("vmi-se"), encoding="utf-8")
    with pytest.raises(PolicyError, match="'vmi-se' is already loaded"):
        load_policies(tmp_path)


def test_a_missing_operator_folder_is_refused(tmp_path: Path):
    with pytest.raises(PolicyError, match="not a folder"):
        load_policies(tmp_path / "nowhere")
