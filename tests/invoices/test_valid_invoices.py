"""Every invoice written validates against the UBL 2.1 XSD and both Peppol BIS 3.0 rule sets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from app.engine import PolicyBook, load_policies
from app.invoices import Invoice, InvoiceOptions, invoice_xml, invoices_of
from tests.invoices.parties import book_of, contract, results_of, visit
from tests.invoices.peppol import EXAMPLES, Validator
from tests.unit.contracts import CONTRACTS

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
OPTIONS = InvoiceOptions(issue_date=date(2026, 12, 1))
# A price list that changes in the middle of November, and a currency of its own from the 20th.
PRICE_CHANGE = """valid_from = 2026-11-01
default_hourly_rate = "900.00"

[[versions]]
valid_from = 2026-11-16
default_hourly_rate = "960.00"
"""


def valid(rules: Validator, invoice: Invoice) -> etree._Element:
    xml = invoice_xml(invoice)
    assert rules.fatal(xml) == []
    assert [f.id for f in rules.failures(xml)] == []  # not even a warning
    return etree.fromstring(xml)


def written(
    rules: Validator, book: PolicyBook, *entries: dict, **options: object
) -> list[etree._Element]:
    results = results_of(book, *entries, group_by=str(options.pop("group_by", "none")))
    invoices = invoices_of(
        results, book, InvoiceOptions(**{"issue_date": date(2026, 12, 1), **options})
    )  # type: ignore[arg-type]
    return [valid(rules, invoice) for invoice in invoices]


def texts(root: etree._Element, path: str) -> list[str]:
    return [node.text for node in root.findall(path, NS)]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.xml")) or ["none"])
def test_the_official_examples_validate_clean(rules: Validator, name: str) -> None:
    xml = (EXAMPLES / name).read_bytes()
    assert rules.fatal(xml) == []


def test_the_harness_catches_a_broken_total(rules: Validator) -> None:
    xml = (EXAMPLES / "base-example.xml").read_bytes()
    broken = xml.replace(
        b'<cbc:PayableAmount currencyID="EUR">', b'<cbc:PayableAmount currencyID="EUR">1', 1
    )
    assert broken != xml
    assert any("BR-CO-16" in error for error in rules.fatal(broken))


def test_a_swedish_month_with_travel_materials_and_bands(rules: Validator, tmp_path: Path) -> None:
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se"))
    (root,) = written(
        rules,
        book,
        visit("kustbygg", "2026-11-03", "10:00", "10:50", ticket_id="K-1"),
        visit("kustbygg", "2026-11-03", "18:00", "18:25", ticket_id="K-2"),
        visit(
            "kustbygg",
            "2026-11-10",
            "09:00",
            "11:05",
            ticket_id="K-3",
            channel="onsite",
            location={"municipality": "Solna"},
            materials=[{"kind": "spare_part", "description": "SSD 1 TB", "amount": "899.00"}],
        ),
    )
    # A Swedish buyer reads Swedish.
    names = texts(root, "cac:InvoiceLine/cac:Item/cbc:Name")
    assert names == ["Arbete, prisband standard", "Resa", "Material: reservdel"]
    descriptions = texts(root, "cac:InvoiceLine/cac:Item/cbc:Description")
    assert descriptions == [
        "standard (×1) à 950,00 SEK per timme, debiteras per minut",
        "I Stockholmsregionen: fast pris för reseersättning.",  # the contract's travel rule
        "SSD 1 TB",
    ]
    assert texts(root, "cbc:Note") == ["Beräknad enligt avtalet kustbygg."]
    assert texts(root, "cbc:BuyerReference") == ["KB-IT"]
    assert texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent") == ["25"]
    tickets = texts(
        root, "cac:InvoiceLine/cac:Item/cac:AdditionalItemProperty[cbc:Name='Ärenden']/cbc:Value"
    )
    assert tickets == ["K-1, K-2, K-3", "K-3", "K-3"]  # the travel and the SSD name their ticket
    clauses = texts(
        root, "cac:InvoiceLine/cac:Item/cac:AdditionalItemProperty[cbc:Name='Villkor']/cbc:Value"
    )
    assert len(clauses) == 3 and all(clause.startswith("vmi:") for clause in clauses)


def test_a_norwegian_month_with_free_and_billable_work(rules: Validator, tmp_path: Path) -> None:
    book = book_of(tmp_path, sjobuss=contract("sjobuss", "alesund-data-no"))
    entries = [
        visit("sjobuss", "2026-11-04", "09:00", "09:40", ticket_id="S-1"),  # in office hours
        visit("sjobuss", "2026-11-04", "19:00", "19:35", ticket_id="S-2"),
        visit("sjobuss", "2026-11-07", "11:00", "12:10", ticket_id="S-3"),  # a Saturday
        visit(
            "sjobuss",
            "2026-11-09",
            "10:00",
            "11:00",
            ticket_id="S-4",
            channel="onsite",
            location={"municipality": "Ålesund"},
            materials=[{"kind": "toner_ink", "description": "Toner", "amount": "1249.50"}],
        ),
    ]
    (root,) = written(rules, book, *entries)
    assert (
        root.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", NS).get("schemeID")
        == "0192"
    )
    tickets = ", ".join(
        texts(
            root,
            "cac:InvoiceLine/cac:Item/cac:AdditionalItemProperty[cbc:Name='Saker']/cbc:Value",
        )
    )
    assert "S-1" not in tickets  # free under the agreement: no line
    # A Norwegian buyer reads Bokmål: the note, the item names, the properties.
    assert texts(root, "cbc:Note") == [
        "Beregnet etter avtalen sjobuss. 1 sak(er) gratis etter avtalen, ikke fakturert."
    ]
    names = texts(root, "cac:InvoiceLine/cac:Item/cbc:Name")
    assert names[0].startswith("Arbeid, sats ") and names[-1] == "Materiell: toner og blekk"
    properties = texts(root, "cac:InvoiceLine/cac:Item/cac:AdditionalItemProperty/cbc:Name")
    assert set(properties) == {"Saker", "Vilkår"}


def test_a_price_change_inside_the_month_bills_each_rate_on_its_own_line(
    rules: Validator, tmp_path: Path
) -> None:
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se", PRICE_CHANGE))
    (root,) = written(
        rules,
        book,
        visit("kustbygg", "2026-11-12", "10:00", "11:00", ticket_id="K-1"),
        visit("kustbygg", "2026-11-19", "10:00", "11:00", ticket_id="K-2"),
    )
    prices = texts(root, "cac:InvoiceLine/cac:Price/cbc:PriceAmount")
    assert sorted(Decimal(p) for p in prices) == [Decimal("900"), Decimal("960")]
    assert texts(root, "cac:InvoicePeriod/cbc:StartDate") == ["2026-11-12"]


def test_amounts_rounded_per_ticket_still_add_up_on_one_line(
    rules: Validator, tmp_path: Path
) -> None:
    # 25 evening minutes at 950 × 1.4 are 554.1666…: each ticket is rounded, the line sums them.
    book = book_of(
        tmp_path,
        kustbygg=contract(
            "kustbygg",
            "vmi-se",
            'remove = ["rounding.by_channel"]\n[rounding.default]\nsteps = [1]\nminimum = 0\n',
        ),
    )
    entries = [
        visit("kustbygg", f"2026-11-{day:02d}", "18:00", "18:07", ticket_id=f"K-{day}")
        for day in range(2, 28)
    ]
    (root,) = written(rules, book, *entries)
    (line,) = root.findall("cac:InvoiceLine", NS)
    assert texts(line, "cbc:InvoicedQuantity") == ["182"]  # minutes, price per 60
    assert texts(line, "cbc:LineExtensionAmount") == ["2881.58"]  # 26 × 110.83, as quoted
    assert texts(line, "cac:Price/cbc:PriceAmount") == ["949.97142857"]  # not 950: 2881.67


def test_mixed_currencies_of_one_customer_are_separate_invoices(
    rules: Validator, tmp_path: Path
) -> None:
    euro = PRICE_CHANGE + 'currency = "EUR"\n'
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se", euro))
    roots = written(
        rules,
        book,
        visit("kustbygg", "2026-11-12", "10:00", "11:00", ticket_id="K-1", customer_id="kb"),
        visit("kustbygg", "2026-11-19", "10:00", "11:00", ticket_id="K-2", customer_id="kb"),
    )
    assert sorted(texts(r, "cbc:DocumentCurrencyCode")[0] for r in roots) == ["EUR", "SEK"]
    assert sorted(texts(r, "cbc:ID")[0] for r in roots) == ["kb-2026-11-EUR", "kb-2026-11-SEK"]
    notes = sorted(texts(r, "cbc:Note")[0] for r in roots)  # each states the other
    assert notes == [
        "Beräknad enligt avtalet kustbygg. Kundens arbete under perioden faktureras även i "
        f"{other}: kb-2026-11-{other}."
        for other in ("EUR", "SEK")
    ]


def test_the_example_contracts_across_their_price_list_of_2027(rules: Validator) -> None:
    results = results_of(
        CONTRACTS,
        visit("vmi-roslagsbygg", "2026-12-30", "18:00", "18:25", ticket_id="R-1"),
        visit("vmi-roslagsbygg", "2027-01-04", "10:00", "11:10", ticket_id="R-2"),
        visit("alesund-fjordfisk", "2026-12-03", "10:00", "10:20", ticket_id="F-1"),
    )
    invoices = invoices_of(
        results,
        CONTRACTS,
        InvoiceOptions(
            issue_date=date(2027, 1, 31), order_reference="PO-77", buyer_reference="Kari"
        ),
    )
    for invoice in invoices:
        root = valid(rules, invoice)
        assert texts(root, "cbc:BuyerReference") == ["Kari"]
        assert texts(root, "cac:OrderReference/cbc:ID") == ["PO-77"]
    assert len(invoices) == 2


def test_options_set_number_and_dates(rules: Validator, tmp_path: Path) -> None:
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se"))
    (root,) = written(
        rules,
        book,
        visit("kustbygg", "2026-11-12", "10:00", "11:00"),
        number="VMI-{month}-{n}",
        issue_date=date(2026, 12, 2),
        due_date=date(2027, 1, 15),
    )
    assert texts(root, "cbc:ID") == ["VMI-2026-11-1"]
    assert texts(root, "cbc:IssueDate") + texts(root, "cbc:DueDate") == ["2026-12-02", "2027-01-15"]
    assert OPTIONS.issue_date == date(2026, 12, 1)


def test_a_busy_month_of_many_customers_validates(rules: Validator) -> None:
    from bench.invoices import EXAMPLES as CONTRACT_DIR
    from bench.invoices import month

    book = load_policies(CONTRACT_DIR)
    results = results_of(book, *month(1000, 10))
    invoices = invoices_of(results, book, OPTIONS)
    assert len(invoices) == 10
    assert sum(len(invoice.lines) for invoice in invoices) > 50
    for invoice in invoices:
        valid(rules, invoice)
