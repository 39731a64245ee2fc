"""What cannot be invoiced is refused whole, naming each entry and field; nothing is left off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.engine import InvalidRequest, PolicyBook
from app.invoices import InvoiceOptions, invoices_of
from tests.invoices.parties import SE_SELLER, book_of, contract, results_of, visit

OPTIONS = InvoiceOptions(issue_date=date(2026, 12, 1))


def refusal(book: PolicyBook, *entries: dict, options: InvoiceOptions = OPTIONS) -> list[str]:
    with pytest.raises(InvalidRequest) as caught:
        invoices_of(results_of(book, *entries), book, options)
    return [f"{p.field}: {p.problem}" for p in caught.value.problems]


@pytest.fixture
def book(tmp_path: Path) -> PolicyBook:
    return book_of(
        tmp_path,
        kustbygg=contract("kustbygg", "vmi-se"),
        no_buyer=contract("no-buyer", "vmi-se", parties=SE_SELLER),
        no_parties=contract("no-parties", "alesund-data-no", parties="\n"),
    )


def test_an_entry_that_cannot_be_quoted_stops_the_invoice_and_is_named(book: PolicyBook) -> None:
    problems = refusal(
        book,
        visit("kustbygg", "2026-11-12", "10:00", "11:00"),
        visit("kustbygg", "2026-11-12", "12:00", "11:00"),
    )
    assert len(problems) == 1 and problems[0].startswith("items.1.")


def test_a_contract_without_buyer_details_names_what_is_missing(book: PolicyBook) -> None:
    problems = refusal(book, visit("no-buyer", "2026-11-12", "10:00", "11:00"))
    assert problems == [
        "policy no-buyer: buyer: no buyer details (buyer.legal_name, organisation_number, "
        "endpoint_id, endpoint_scheme, address); add [buyer] to the contract file"
    ]


def test_a_built_in_policy_has_no_parties(book: PolicyBook) -> None:
    problems = refusal(book, visit("vmi-se", "2026-11-12", "10:00", "11:00"))
    assert [p.split(":")[1].strip() for p in problems] == ["seller", "buyer"]


def test_an_invoice_number_that_repeats_is_refused(book: PolicyBook, tmp_path: Path) -> None:
    options = InvoiceOptions(issue_date=date(2026, 12, 1), number="INV-{month}")
    problems = refusal(
        book,
        visit("kustbygg", "2026-11-12", "10:00", "11:00", customer_id="a"),
        visit("kustbygg", "2026-11-13", "10:00", "11:00", customer_id="b"),
        options=options,
    )
    assert problems == [
        "number: pattern 'INV-{month}' gives 'INV-2026-11' to two invoices; add {customer}, "
        "{currency} or {n}"
    ]


def test_an_unknown_field_in_the_number_pattern_is_refused(book: PolicyBook) -> None:
    options = InvoiceOptions(issue_date=date(2026, 12, 1), number="{year}-{n}")
    problems = refusal(book, visit("kustbygg", "2026-11-12", "10:00", "11:00"), options=options)
    assert problems[0].startswith("number: unknown field(s) ['year']")


def test_travel_without_a_price_is_refused_rather_than_left_off(tmp_path: Path) -> None:
    book = book_of(tmp_path, sjobuss=contract("sjobuss", "alesund-data-no"))
    entry = visit(
        "sjobuss",
        "2026-11-09",
        "18:00",
        "19:00",
        channel="onsite",
        location={"municipality": "Molde"},
    )
    (problem,) = refusal(book, entry)
    assert problem.startswith("items.0: travel has no price under ad:")


def test_a_month_of_free_work_is_not_an_invoice(tmp_path: Path) -> None:
    book = book_of(tmp_path, sjobuss=contract("sjobuss", "alesund-data-no"))
    problems = refusal(book, visit("sjobuss", "2026-11-04", "09:00", "09:40", ticket_id="S-1"))
    assert problems == ["items: nothing to invoice: every entry is free"]
