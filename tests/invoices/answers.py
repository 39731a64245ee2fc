"""Invoices read back from an answer: the files of a ZIP or the one XML, and a short summary."""

from __future__ import annotations

import io
import zipfile

import httpx
from lxml import etree

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS = {"cbc": CBC, "cac": CAC}


def invoices_in(response: httpx.Response) -> dict[str, bytes]:
    """Return the answer's invoices by file name (one XML, or the files of a ZIP)."""
    assert response.status_code == 200, response.text[:2000]
    if response.headers["content-type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return {name: archive.read(name) for name in archive.namelist()}
    name = response.headers["content-disposition"].partition('filename="')[2].rstrip('"')
    return {name: response.content}


def summary(invoices: dict[str, bytes]) -> list[str]:
    """Return each invoice as a reader sees it in brief: totals, note, and a line per line."""
    shown = []
    for name, xml in invoices.items():
        root = etree.fromstring(xml)

        def text(path: str, node: etree._Element = root) -> str:
            return node.findtext(path, namespaces=NS) or ""

        currency = text("cbc:DocumentCurrencyCode")
        net = text("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")
        vat = text("cac:TaxTotal/cbc:TaxAmount")
        payable = text("cac:LegalMonetaryTotal/cbc:PayableAmount")
        shown.append(f"{name}: {net} + VAT {vat} = {payable} {currency}")
        shown.append(f"  {text('cbc:Note')}")
        for line in root.findall("cac:InvoiceLine", NS):
            quantity = line.find("cbc:InvoicedQuantity", NS)
            properties = "; ".join(
                f"{text('cbc:Name', p)}: {text('cbc:Value', p)}"
                for p in line.findall("cac:Item/cac:AdditionalItemProperty", NS)
            )
            shown.append(
                f"  {text('cac:Item/cbc:Name', line)}: {quantity.text} {quantity.get('unitCode')}"
                f" = {text('cbc:LineExtensionAmount', line)}"
            )
            shown.append(f"    {text('cac:Item/cbc:Description', line)} ({properties})")
    return shown
