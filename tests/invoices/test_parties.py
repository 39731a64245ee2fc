"""Seller and buyer details are policy data, checked as the numbers themselves allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import (
    PolicyError,
    check_policy_files,
    luhn_valid,
    mod11_valid,
    organisation_number_problem,
)
from tests.invoices.parties import NO_BUYER, SE_BUYER, book_of, contract


@pytest.mark.parametrize("number", ["5566778899", "5599001236", "5560125790"])
def test_swedish_organisation_numbers_pass_luhn(number: str) -> None:
    assert luhn_valid(number)
    assert organisation_number_problem(number, "SE") is None


@pytest.mark.parametrize("number", ["974760673", "923609016", "987654325"])
def test_norwegian_organisation_numbers_pass_mod11(number: str) -> None:
    assert mod11_valid(number)
    assert organisation_number_problem(number, "NO") is None


@pytest.mark.parametrize(
    ("number", "country", "says"),
    [
        ("5599001237", "SE", "Luhn"),
        ("559900-1236", "SE", "10 digits"),
        ("987654321", "NO", "MOD11"),
        ("98765432", "NO", "9 digits"),
        # A MOD11 remainder of 1 would need check digit 10: no such number exists.
        ("912345670", "NO", "MOD11"),
    ],
)
def test_refuses_organisation_numbers_that_fail_their_check(
    number: str, country: str, says: str
) -> None:
    assert says in (organisation_number_problem(number, country) or "")


def test_a_contract_carries_its_buyer_and_inherits_nothing_it_does_not_name(tmp_path: Path) -> None:
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se"))
    buyer = book["kustbygg"].policy.buyer
    assert buyer is not None and buyer.legal_name == "Kustbygg AB"
    assert book["vmi-se"].policy.buyer is None and book["vmi-se"].policy.seller is None


def test_a_bad_buyer_organisation_number_names_the_field(tmp_path: Path) -> None:
    text = contract(
        "kustbygg",
        "vmi-se",
        parties=SE_BUYER.replace('5599001236"\nendpoint', '5599001237"\nendpoint'),
    )
    with pytest.raises(PolicyError) as caught:
        book_of(tmp_path, kustbygg=text)
    assert "buyer.organisation_number: '5599001237' fails the Luhn check" in str(caught.value)


def test_a_vat_number_must_hold_the_organisation_number(tmp_path: Path) -> None:
    parties = NO_BUYER + 'vat_number = "NO974760673MVA"\n'
    with pytest.raises(PolicyError) as caught:
        book_of(tmp_path, sjobuss=contract("sjobuss", "alesund-data-no", parties=parties))
    assert "buyer.vat_number: its digits are not the organisation number" in str(caught.value)


def test_an_endpoint_id_under_an_organisation_number_scheme_is_checked(tmp_path: Path) -> None:
    parties = NO_BUYER.replace('endpoint_id = "987654325"', 'endpoint_id = "987654321"')
    with pytest.raises(PolicyError) as caught:
        book_of(tmp_path, sjobuss=contract("sjobuss", "alesund-data-no", parties=parties))
    assert "buyer.endpoint_id:" in str(caught.value)


def test_policy_check_reads_the_parties_of_each_file(tmp_path: Path) -> None:
    good = contract("kustbygg", "vmi-se")
    bad = contract("sjobuss", "alesund-data-no", parties=NO_BUYER.replace("Kaiveien 2", ""))
    (tmp_path / "kustbygg.toml").write_text(good, encoding="utf-8")
    (tmp_path / "sjobuss.toml").write_text(bad, encoding="utf-8")
    checked, problems = check_policy_files([tmp_path])
    assert checked == 2
    assert [p.source.endswith("sjobuss.toml") for p in problems] == [True]
    assert "buyer.address.street" in str(problems[0])


def test_the_example_contracts_name_both_parties() -> None:
    from tests.unit.contracts import CONTRACTS

    for policy_id in ("vmi-roslagsbygg", "alesund-fjordfisk"):
        policy = CONTRACTS[policy_id].policy
        assert policy.seller is not None and policy.buyer is not None
