"""The quote page in process: the form, the quote it shows, the problems it names."""

import re

import pytest

from app.engine import QuoteRequest, load_policies, quote
from app.web.vocabulary import reason_text
from tests.web.html import Page

BOOK = load_policies()
README_FORM = {
    "policy": "alesund-data-no",
    "channel": "remote",
    "start": "2026-03-02T15:30",
    "end": "2026-03-02T17:10",
    "ticket_id": "HD-1042",
    "work_kind": "support",
}
README_REQUEST = {
    "policy": "alesund-data-no",
    "start": "2026-03-02T15:30:00+01:00",
    "end": "2026-03-02T17:10:00+01:00",
    "channel": "remote",
    "ticket_id": "HD-1042",
}


def shown(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, element_id
    return match[1]


def test_every_field_of_the_form_has_a_label(pages):
    page = Page(pages.get("/").text)
    labelled = {attrs["for"] for attrs in page.all("label")}
    fields = page.fields()
    assert len(fields) > 20
    assert [f.get("id") for f in fields if f.get("id") not in labelled] == []


def test_the_form_offers_each_policys_municipalities_to_choose_from(pages):
    page = Page(pages.get("/").text)
    assert page.all("input", id="municipality")[0]["list"] == "places-alesund-data-no"
    ids = page.ids()
    assert {"places-alesund-data-no", "places-vmi-se"} <= ids
    names = {attrs["value"] for attrs in page.all("option")}
    assert {"Norrtälje", "Solna", "Ålesund"} <= names


@pytest.mark.parametrize("language", ["en", "sv", "nb"])
def test_the_quote_shows_the_engines_figures_and_reasons_in_the_language_asked(pages, language):
    answer = pages.post("/", data={**README_FORM, "lang": language})
    assert answer.status_code == 200
    expected = quote(QuoteRequest.model_validate(README_REQUEST), BOOK, language=language)
    html = answer.text
    assert shown(html, "total") == f"{expected.total} NOK" == "2415.00 NOK"
    assert shown(html, "vat") == f"{expected.vat_amount} NOK"
    assert shown(html, "total-incl-vat") == f"{expected.total_incl_vat} NOK"
    page = Page(html)
    items = page.all("li", **{"data_clause": "ad:hours"})
    assert items
    for reason in expected.reasons:
        assert page.all("li", data_clause=reason.clause, data_code=reason.code)
        assert reason_text(reason.message, reason.code, language) in page.text
    assert page.all("html")[0]["lang"] == language


def test_the_timeline_is_drawn_with_the_quote(pages):
    html = pages.post("/", data=README_FORM).text
    wide, compact = html.split('data-frame="compact"')
    assert Page(compact).all("rect", **{"class": "piece"})  # a phone's drawing too
    page = Page(wide)
    pieces = page.all("rect")
    billable = [p for p in pieces if p.get("data-billable") == "true"]
    free = [p for p in pieces if p.get("data-billable") == "false"]
    padding = [p for p in pieces if p.get("class") == "padding"]
    assert [(p["data-band"], float(p["data-minutes"])) for p in billable] == [("evening", 70)]
    assert [(p["data-band"], float(p["data-minutes"])) for p in free] == [("normal", 30)]
    assert [(p["data-band"], float(p["data-minutes"])) for p in padding] == [("evening", 20)]
    assert page.all("line", **{"class": "office-edge"})
    assert Page(html).all("table", id="pieces")


def test_several_sittings_materials_and_a_place_quote_as_the_api_would(pages):
    form = {
        "policy": "vmi-se",
        "channel": "onsite",
        "start": ["2026-03-04T09:00", "2026-03-04T13:00", ""],
        "end": ["2026-03-04T10:20", "2026-03-04T13:25", ""],
        "session_channel": ["", "phone", ""],
        "municipality": "SOLNA",
        "material_kind": ["mounting_material", ""],
        "material_description": ["Cat6 cable 5 m", ""],
        "material_amount": ["89.00", ""],
    }
    html = pages.post("/", data=form).text
    expected = quote(
        QuoteRequest.model_validate(
            {
                "policy": "vmi-se",
                "channel": "onsite",
                "sessions": [
                    {"start": "2026-03-04T09:00:00+01:00", "end": "2026-03-04T10:20:00+01:00"},
                    {
                        "start": "2026-03-04T13:00:00+01:00",
                        "end": "2026-03-04T13:25:00+01:00",
                        "channel": "phone",
                    },
                ],
                "location": {"municipality": "SOLNA"},
                "materials": [
                    {
                        "kind": "mounting_material",
                        "description": "Cat6 cable 5 m",
                        "amount": "89.00",
                    }
                ],
            }
        ),
        BOOK,
    )
    assert shown(html, "total") == f"{expected.total} SEK"
    assert shown(html, "travel-amount") == "450.00"
    assert shown(html, "materials-amount") == "89.00"
    page = Page(html)
    assert len(page.all("g", **{"class": "sitting"})) == 2 * 2  # in the wide and compact drawing
    # the rows filled in come back, with one blank row to add another
    assert [a.get("value", "") for a in page.all("input", name="start")] == [
        "2026-03-04T09:00",
        "2026-03-04T13:00",
        "",
    ]


def test_a_problem_is_named_and_linked_to_its_field(pages):
    answer = pages.post("/", data={**README_FORM, "end": "2026-03-02T15:00"})
    assert answer.status_code == 422
    page = Page(answer.text)
    assert page.all("a", href="#end-0")
    assert "must be after start" in page.text
    assert page.all("input", id="end-0")[0]["aria-invalid"] == "true"


def test_a_local_time_that_does_not_exist_is_refused_not_guessed(pages):
    form = {**README_FORM, "start": "2026-03-29T02:30", "end": "2026-03-29T03:30"}
    answer = pages.post("/", data=form)
    assert answer.status_code == 422
    assert "2026-03-29T02:30 does not exist in Europe/Oslo" in Page(answer.text).text


def test_a_local_time_that_happens_twice_is_refused_not_guessed(pages):
    form = {**README_FORM, "start": "2026-10-25T02:30", "end": "2026-10-25T03:30"}
    assert "happens twice in Europe/Oslo" in Page(pages.post("/", data=form).text).text


def test_an_empty_form_asks_for_the_times(pages):
    answer = pages.post("/", data={"policy": "vmi-se", "channel": "remote"})
    assert answer.status_code == 422
    assert "give the start and end of the work" in Page(answer.text).text


def test_an_unknown_policy_is_a_problem_not_an_error(pages):
    answer = pages.post("/", data={**README_FORM, "policy": "nope"})
    assert answer.status_code == 422
    assert "choose one of" in answer.text


def test_pages_are_open_and_reach_only_their_own_host(pages_with_keys):
    link = re.search(r'href="(/quote\?r=[^"&]+)', pages_with_keys.post("/", data=README_FORM).text)
    for path in ("/", "/batch", "/policies", "/policies/vmi-se", link[1]):
        answer = pages_with_keys.get(path)
        assert answer.status_code == 200
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        assert "http://" not in answer.text.replace("http://www.w3.org/2000/svg", "")
    assert pages_with_keys.get("/v1/policies").status_code == 401


def test_what_a_person_types_is_shown_as_text_never_run(pages):
    html = pages.post("/", data={**README_FORM, "ticket_id": "<script>alert(1)</script>"}).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_whole_quote_page_speaks_the_language_asked(pages):
    page = Page(pages.post("/", data={**README_FORM, "lang": "sv"}).text)
    assert page.all("html")[0]["lang"] == "sv"
    assert "Typ av arbete" in page.text
    assert "Arbetspass 1: mån 2 mar 2026 15:30–17:10 · fjärrstyrt" in page.text
    assert "normal ×1.00, 15:30–16:00, 30 min kostnadsfritt" in page.text
    assert "kväll · debiteras" in page.text
    assert "Arbetets tidslinje per prisband" in page.text
