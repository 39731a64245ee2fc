"""The batch page takes an Excel workbook, its times read as the policy's local times if asked."""

import re

from tests.imports.month import sittings, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOTALS = r'data-currency="\w+">[^<]*<'


def test_an_uploaded_workbook_is_quoted_with_local_times_when_asked(pages):
    book = workbook(sittings()[:6])
    files = {"file": ("march.xlsx", book, XLSX)}
    local = pages.post("/batch", data={"action": "show", "local_times": "policy"}, files=files)
    assert local.status_code == 200
    assert re.findall(TOTALS, local.text) != []
    strict = pages.post("/batch", data={"action": "show"}, files=files)
    assert "needs a UTC offset" in strict.text
