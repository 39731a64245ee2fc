"""The batch page offers UBL invoices when the contracts of its entries name both parties."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import app_client
from tests.invoices.parties import book_of, contract
from tests.invoices.peppol import Validator
from tests.web.html import Page

NO_FILE = {"file": ("", b"", "text/csv")}
HEADER = "policy,ticket_id,start,end,channel\n"
ROW = "{policy},K-1,2026-11-03T10:00:00+01:00,2026-11-03T10:50:00+01:00,remote\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("contracts")
    book_of(folder, kustbygg=contract("kustbygg", "vmi-se"))
    with app_client(create_app(Settings(policy_dir=folder))) as client:
        yield client


def test_the_page_offers_invoices_for_a_contract_with_both_parties(pages) -> None:
    page = Page(
        pages.post(
            "/batch", data={"csv": HEADER + ROW.format(policy="kustbygg")}, files=NO_FILE
        ).text
    )
    assert "download-ubl" in page.ids()


def test_the_page_offers_no_invoices_without_a_buyer(pages) -> None:
    page = Page(
        pages.post("/batch", data={"csv": HEADER + ROW.format(policy="vmi-se")}, files=NO_FILE).text
    )
    assert "download" in page.ids() and "download-ubl" not in page.ids()


def test_the_invoice_download_is_the_valid_ubl(pages, rules: Validator) -> None:
    form = {"csv": HEADER + ROW.format(policy="kustbygg"), "action": "ubl"}
    answer = pages.post("/batch", data=form, files=NO_FILE)
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].endswith('-2026-11-SEK.xml"')
    assert rules.fatal(answer.content) == []


def test_a_month_that_cannot_be_invoiced_shows_why(pages) -> None:
    form = {"csv": HEADER + ROW.format(policy="vmi-se"), "action": "ubl"}
    answer = pages.post("/batch", data=form, files=NO_FILE)
    assert answer.status_code == 422
    assert "no buyer details" in Page(answer.text).text
