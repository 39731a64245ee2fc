"""The policy and batch pages in process."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.engine import load_policies
from app.wire.schemas import clauses_of
from tests.http_clients import app_client
from tests.web.html import Page

BOOK = load_policies()
ROOT = Path(__file__).resolve().parents[2]
ENTRIES = (ROOT / "examples" / "entries.csv").read_text()
NO_FILE = {"file": ("", b"", "text/csv")}


@pytest.mark.parametrize("policy_id", sorted(BOOK))
def test_each_clause_of_a_policy_has_its_anchor_on_the_policy_page(pages, policy_id):
    page = Page(pages.get(f"/policies/{policy_id}?year=2026").text)
    anchors = {i.removeprefix("clause-") for i in page.ids() if i.startswith("clause-")}
    assert anchors == clauses_of(BOOK[policy_id].policy.model_dump())


def test_the_policy_page_draws_the_week_and_lists_the_years_holidays(pages):
    page = Page(pages.get("/policies/alesund-data-no?year=2026").text)
    drawings = page.all("rect", **{"class": "tile"})
    tiles = drawings[: len(drawings) // 2]  # the wide drawing; the compact one draws the same

    def hours(shown):
        return [(t["data-day"], t["data-band"], t["data-from"], t["data-to"]) for t in shown]

    assert hours(tiles) == hours(drawings[len(drawings) // 2 :])
    monday = [
        (t["data-band"], t["data-from"], t["data-to"]) for t in tiles if t["data-day"] == "mon"
    ]
    assert monday == [
        ("night", "00:00", "08:00"),
        ("normal", "08:00", "16:00"),
        ("evening", "16:00", "22:00"),
        ("night", "22:00", "24:00"),
    ]
    assert {t["data-band"] for t in tiles if t["data-day"] in ("sat", "holiday")} == {
        "weekend_holiday"
    }
    assert [t["data-day"] for t in tiles if t["data-office"] == "true"] == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    ]
    assert "Fri 3 Apr 2026: Good Friday" in page.text


def test_the_policy_page_speaks_the_language_asked(pages):
    page = Page(pages.get("/policies/vmi-se?lang=sv&year=2026").text)
    assert page.all("html")[0]["lang"] == "sv"
    assert "Täckning: kostnadsfritt eller debiteras" in page.text
    assert "Helgdagar 2026" in page.text
    assert "Långfredagen" in page.text
    assert BOOK["vmi-se"].policy.coverage.default.message.sv in page.text


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("year=1700", "holidays are known from"),
        ("year=soon", "not a year"),
        ("on=tomorrow", "not a date"),
    ],
)
def test_an_unknown_year_or_day_is_said_plainly(pages, query, problem):
    answer = pages.get(f"/policies/vmi-se?{query}")
    assert answer.status_code == 422
    assert problem in Page(answer.text).text


def test_an_unknown_policy_is_not_found(pages):
    assert pages.get("/policies/nope").status_code == 404


def test_a_dated_policy_shows_the_version_in_force_on_the_day_asked():
    settings = Settings(policy_dir=ROOT / "examples" / "policies")
    with app_client(create_app(settings)) as client:
        december = Page(client.get("/policies/vmi-roslagsbygg?on=2026-12-15").text)
        january = Page(client.get("/policies/vmi-roslagsbygg?on=2027-01-12").text)
    assert "in force from 2026-01-01" in december.text
    assert "in force from 2027-01-01" in january.text
    assert "charged 395.00 SEK" in december.text
    assert "charged 425.00 SEK" in january.text


def test_the_batch_page_shows_the_invoice_per_ticket_with_errors_per_line(pages):
    answer = pages.post(
        "/batch", data={"csv": ENTRIES, "group_by": "ticket", "action": "show"}, files=NO_FILE
    )
    assert answer.status_code == 200
    api = pages.post(
        "/v1/quotes/batch?group_by=ticket",
        content=ENTRIES,
        headers={"Content-Type": "text/csv"},
    ).json()
    html = answer.text
    for currency, total in api["summary"]["totals"].items():
        assert f'data-total="{total}">{total} {currency}<' in html
    rows = re.findall(
        r'<tr class="(\w+)" data-entries="([^"]*)"><th scope="row"[^>]*>([^<]*)</th>', html
    )
    assert rows == [
        ("quoted", "0,1,2", "2, 3, 4"),
        ("quoted", "3", "5"),
        ("quoted", "4", "6"),
        ("failed", "5", "7"),
    ]
    assert "line 7: needs a UTC offset" in Page(html).text


def test_the_batch_page_downloads_the_same_invoice_csv_as_the_api(pages):
    answer = pages.post("/batch", data={"csv": ENTRIES, "action": "csv"}, files=NO_FILE)
    assert answer.headers["content-disposition"] == 'attachment; filename="invoice.csv"'
    api = pages.post(
        "/v1/quotes/batch",
        content=ENTRIES,
        headers={"Content-Type": "text/csv", "Accept": "text/csv"},
    )
    assert answer.text == api.text


def test_an_uploaded_file_is_read_like_pasted_text(pages):
    uploaded = pages.post(
        "/batch",
        data={"action": "show"},
        files={"file": ("entries.csv", ENTRIES.encode(), "text/csv")},
    )
    pasted = pages.post("/batch", data={"csv": ENTRIES, "action": "show"}, files=NO_FILE)
    totals = r'data-total="[^"]*"'
    assert re.findall(totals, uploaded.text) == re.findall(totals, pasted.text) != []


@pytest.mark.parametrize(
    ("csv", "problem"),
    [("", "paste time entries or choose a CSV file"), ("nonsense\n1\n", "unknown column")],
)
def test_a_batch_that_cannot_be_read_says_why(pages, csv, problem):
    answer = pages.post("/batch", data={"csv": csv, "action": "show"}, files=NO_FILE)
    assert answer.status_code == 422
    assert problem in Page(answer.text).text


def test_the_batch_page_speaks_the_language_asked(pages):
    answer = pages.post(
        "/batch", data={"csv": ENTRIES, "lang": "nb", "action": "show"}, files=NO_FILE
    )
    page = Page(answer.text)
    assert page.all("html")[0]["lang"] == "nb"
    assert "Faktura: 5/6 føringer priset, 1 med feil" in page.text
    assert "Last ned fakturaen som CSV" in page.text


@pytest.fixture(scope="module")
def with_contracts():
    with app_client(create_app(Settings(policy_dir=ROOT / "examples" / "policies"))) as client:
        yield client


def test_a_contract_page_shows_what_it_extends_and_each_difference_from_its_base(
    with_contracts,
):
    answer = with_contracts.get("/policies/vmi-roslagsbygg?on=2026-06-01")
    api = with_contracts.get("/v1/policies/vmi-roslagsbygg?on=2026-06-01").json()
    page = Page(answer.text)
    assert page.all("dd", id="extends")
    assert re.search(r'id="extends"><a href="/policies/vmi-se\?lang=en"><code>vmi-se<', answer.text)
    changes = answer.text[answer.text.index('id="changes"') : answer.text.index('id="history"')]
    assert re.findall(r'<tr data-path="([^"]+)">', changes) == api["changes_from_base"]
    fee = re.search(r'data-path="travel.travel_stockholm_region.fee">(.*?)</tr>', changes)[1]
    base_fee = BOOK["vmi-se"].policy.travel[2].fee
    assert f'<td data-label="In the base terms">{base_fee}</td>' in fee
    assert '<td data-label="In this contract">395.00</td>' in fee
    assert "Roslagsbygg AB" in page.text  # the buyer the contract adds
    # versions and their dates, each with what it changed
    history = answer.text[answer.text.index('id="history"') :]
    assert re.findall(r'data-version="([^"]+)" data-path="([^"]+)"', history) == [
        ("2027-01-01", path) for path in api["versions"][1]["changes"]
    ]
    assert "895.00" in history and "945.00" in history


def test_a_contract_without_a_price_list_lists_removed_rules_in_the_page_language(
    with_contracts,
):
    page = Page(with_contracts.get("/policies/alesund-fjordfisk?lang=nb").text)
    assert "Hva som er annerledes enn alesund-data-no" in page.text
    assert "Ingen fastprisavtale: alt arbeid faktureres etter de publiserte prisene." in page.text
    assert "No fixed-price agreement" not in page.text


def test_the_navigation_lists_providers_and_the_contracts_under_the_one_shown(with_contracts):
    def navigation(path):
        html = with_contracts.get(path).text
        nav = html[html.index("<nav") : html.index("</nav>")]
        return re.findall(r'href="/policies/([\w-]+)\?lang=en"', nav)

    assert navigation("/") == ["alesund-data-no", "vmi-se"]
    assert navigation("/policies/vmi-se") == ["alesund-data-no", "vmi-se", "vmi-roslagsbygg"]
    assert navigation("/policies/vmi-roslagsbygg") == [
        "alesund-data-no",
        "vmi-se",
        "vmi-roslagsbygg",
    ]
    assert navigation("/policies/alesund-fjordfisk") == [
        "alesund-data-no",
        "alesund-fjordfisk",
        "vmi-se",
    ]
    index = Page(with_contracts.get("/policies?lang=sv").text)
    providers = [li["data-provider"] for li in index.all("li") if "data-provider" in li]
    contracts = [li["data-contract"] for li in index.all("li") if "data-contract" in li]
    assert providers == ["alesund-data-no", "vmi-se"]
    assert contracts == ["alesund-fjordfisk", "vmi-roslagsbygg"]


def test_the_batch_page_totals_each_currency_with_vat_as_the_quotes_do(pages):
    answer = pages.post(
        "/batch", data={"csv": ENTRIES, "group_by": "ticket", "action": "show"}, files=NO_FILE
    )
    api = pages.post(
        "/v1/quotes/batch?group_by=ticket", content=ENTRIES, headers={"Content-Type": "text/csv"}
    ).json()
    quotes = [r["quote"] for r in api["results"] if r.get("quote")]
    for currency, total in api["summary"]["totals"].items():
        mine = [q for q in quotes if q["currency"] == currency]
        vat = sum(Decimal(q["vat_amount"]) for q in mine)
        incl = sum(Decimal(q["total_incl_vat"]) for q in mine)
        row = re.search(rf'<tr data-currency="{currency}">(.*?)</tr>', answer.text)[1]
        assert f'data-total="{total}"' in row
        assert f'data-vat="{vat}"' in row
        assert f'data-total-incl-vat="{incl}"' in row
        assert Decimal(total) + vat == incl
