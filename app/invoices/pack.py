"""An answer of invoices: one as its XML, several as a ZIP of files named by invoice number."""

from __future__ import annotations

import io
import zipfile

from app.invoices.invoice import Invoice
from app.invoices.ubl import invoice_xml

XML = "application/xml"
ZIP = "application/zip"


def packed(invoices: list[Invoice]) -> tuple[bytes, str, str]:
    """Return the answer's bytes, media type and file name."""
    if len(invoices) == 1:
        (invoice,) = invoices
        return invoice_xml(invoice), XML, invoice.file_name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices:
            stamp = (*invoice.issue_date.timetuple()[:3], 0, 0, 0)
            info = zipfile.ZipInfo(invoice.file_name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, invoice_xml(invoice))
    first = invoices[0]
    return buffer.getvalue(), ZIP, f"invoices-{first.issue_date.isoformat()}.zip"
