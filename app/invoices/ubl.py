"""Write an invoice as a UBL 2.1 Invoice under Peppol BIS Billing 3.0 (EHF Billing 3.0)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from app.engine import Address, Buyer, Seller
from app.invoices.invoice import Invoice
from app.invoices.lines import Line

INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NSMAP = {None: INVOICE, "cac": CAC, "cbc": CBC}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CREDIT_TRANSFER = "30"


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _cbc(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{name}", attributes)
    element.text = text
    return element


def _amount(parent: etree._Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, f"{value:.2f}", currencyID=currency)


def _number(value: Decimal) -> str:
    """Write a quantity or price without exponent or trailing zeros."""
    return f"{value.normalize():f}"


def _address(parent: etree._Element, address: Address) -> None:
    postal = _cac(parent, "PostalAddress")
    _cbc(postal, "StreetName", address.street)
    _cbc(postal, "CityName", address.city)
    _cbc(postal, "PostalZone", address.postal_code)
    _cbc(_cac(postal, "Country"), "IdentificationCode", address.country)


def _party(parent: etree._Element, wrapper: str, party: Seller | Buyer) -> None:
    node = _cac(_cac(parent, wrapper), "Party")
    _cbc(node, "EndpointID", party.endpoint_id, schemeID=party.endpoint_scheme)
    _cbc(_cac(node, "PartyName"), "Name", party.legal_name)
    _address(node, party.address)
    if party.vat_number is not None:
        tax = _cac(node, "PartyTaxScheme")
        _cbc(tax, "CompanyID", party.vat_number)
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    if isinstance(party, Seller) and party.address.country == "NO":
        # Norway's business register notice (foretaksregisterloven § 10-2; rule NO-R-002).
        register = _cac(node, "PartyTaxScheme")
        _cbc(register, "CompanyID", "Foretaksregisteret")
        _cbc(_cac(register, "TaxScheme"), "ID", "TAX")
    legal = _cac(node, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.legal_name)
    scheme = {"SE": "0007", "NO": "0192"}[party.address.country]
    _cbc(legal, "CompanyID", party.organisation_number, schemeID=scheme)


def _tax_category(parent: etree._Element, name: str, percent: Decimal) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", "S")
    _cbc(category, "Percent", _number(percent))
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _line(parent: etree._Element, index: int, line: Line, invoice: Invoice) -> None:
    currency = invoice.currency
    node = _cac(parent, "InvoiceLine")
    _cbc(node, "ID", str(index))
    _cbc(node, "InvoicedQuantity", _number(line.quantity), unitCode=line.unit)
    _amount(node, "LineExtensionAmount", line.amount, currency)
    item = _cac(node, "Item")
    _cbc(item, "Description", line.description)
    _cbc(item, "Name", line.name)
    _tax_category(item, "ClassifiedTaxCategory", line.vat_percent)
    for name, value in invoice.traced(line):
        prop = _cac(item, "AdditionalItemProperty")
        _cbc(prop, "Name", name)
        _cbc(prop, "Value", value)
    price = _cac(node, "Price")
    _cbc(price, "PriceAmount", _number(line.price), currencyID=currency)
    if line.base_quantity != 1:
        _cbc(price, "BaseQuantity", _number(line.base_quantity), unitCode=line.unit)


def invoice_element(invoice: Invoice) -> etree._Element:
    """Build the UBL 2.1 Invoice element of one invoice."""
    currency = invoice.currency
    root = etree.Element(f"{{{INVOICE}}}Invoice", nsmap=NSMAP)  # type: ignore[arg-type]
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ProfileID", PROFILE)
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issue_date.isoformat())
    _cbc(root, "DueDate", invoice.due_date.isoformat())
    _cbc(root, "InvoiceTypeCode", "380")
    _cbc(root, "Note", invoice.note())
    _cbc(root, "DocumentCurrencyCode", currency)
    if invoice.buyer_reference:
        _cbc(root, "BuyerReference", invoice.buyer_reference)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", invoice.period_start.isoformat())
    _cbc(period, "EndDate", invoice.period_end.isoformat())
    if invoice.order_reference:
        _cbc(_cac(root, "OrderReference"), "ID", invoice.order_reference)
    _party(root, "AccountingSupplierParty", invoice.seller)
    _party(root, "AccountingCustomerParty", invoice.buyer)
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
    _cbc(means, "PaymentID", invoice.number)
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", invoice.seller.payment.account)
    if invoice.seller.payment.name:
        _cbc(account, "Name", invoice.seller.payment.name)
    if invoice.seller.payment.bic:
        _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", invoice.seller.payment.bic)
    breakdown = invoice.vat_breakdown()
    vat = sum((tax for _, _, tax in breakdown), Decimal("0.00"))
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", vat, currency)
    for percent, taxable, tax in breakdown:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", taxable, currency)
        _amount(subtotal, "TaxAmount", tax, currency)
        _tax_category(subtotal, "TaxCategory", percent)
    net = invoice.line_total
    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", net, currency)
    _amount(totals, "TaxExclusiveAmount", net, currency)
    _amount(totals, "TaxInclusiveAmount", net + vat, currency)
    _amount(totals, "PayableAmount", net + vat, currency)
    for index, line in enumerate(invoice.lines, start=1):
        _line(root, index, line, invoice)
    return root


def invoice_xml(invoice: Invoice) -> bytes:
    """Return one invoice as UBL 2.1 XML bytes (UTF-8, with its declaration)."""
    return etree.tostring(invoice_element(invoice), xml_declaration=True, encoding="UTF-8")
