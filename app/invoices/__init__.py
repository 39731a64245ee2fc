"""Invoices out: engine results as Peppol BIS Billing 3.0 / EHF UBL 2.1 invoices.

`lines` groups a batch's quotes into invoices whose lines add up; `ubl` writes them with lxml.
"""

from app.invoices.lines import FREE_WORK, Invoice, InvoiceOptions, invoices_of
from app.invoices.ubl import invoice_xml

__all__ = ["FREE_WORK", "Invoice", "InvoiceOptions", "invoice_xml", "invoices_of"]
