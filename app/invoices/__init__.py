"""Invoices out: engine results as Peppol BIS Billing 3.0 / EHF UBL 2.1 invoices.

`lines` adds a customer's quotes into lines that add up; `invoice` groups a batch's results into
invoices, numbers them (`numbers`) and words them in the reader's language (`words`); `ubl`
writes them with lxml; `pack` makes the answer (one XML, or a ZIP of several).
"""

from app.invoices.invoice import FREE_WORK, Invoice, InvoiceOptions, invoices_of
from app.invoices.ubl import invoice_xml

__all__ = ["FREE_WORK", "Invoice", "InvoiceOptions", "invoice_xml", "invoices_of"]
