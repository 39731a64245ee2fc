"""A quote's permanent link: the request in the address, the same page, a clear 4xx when bad."""

import base64
import random
import re
import zlib
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import QuoteRequest
from app.web.permalink import LONGEST, decode, encode
from tests.web.html import Page

FORM = {
    "policy": "vmi-se",
    "channel": "onsite",
    "start": ["2026-03-04T09:00", "2026-03-04T13:00"],
    "end": ["2026-03-04T10:20", "2026-03-04T13:25"],
    "session_channel": ["", "phone"],
    "municipality": "Solna",
    "ticket_id": "HD-7",
    "causes": ["misuse"],
    "material_kind": ["mounting_material"],
    "material_description": ["Cat6 cable 5 m"],
    "material_amount": ["89.00"],
    "lang": "sv",
}


def permalink(html: str) -> str:
    return unescape(re.search(r'<a href="(/quote\?r=[^"]+)" id="permalink"', html)[1])


def figures(html: str) -> dict[str, str]:
    ids = ("total", "vat", "total-incl-vat", "coverage", "billable-minutes", "travel-amount")
    return {i: re.search(rf'id="{i}"[^>]*>([^<]*)<', html)[1] for i in ids}


def test_a_quote_has_a_link_that_opens_the_same_quote_page(pages):
    posted = pages.post("/", data=FORM)
    assert posted.status_code == 200
    link = permalink(posted.text)
    assert len(link) < 600
    opened = pages.get(link)
    assert opened.status_code == 200
    assert figures(opened.text) == figures(posted.text)
    assert re.findall(r'data-code="([^"]+)"', opened.text) == re.findall(
        r'data-code="([^"]+)"', posted.text
    )
    page = Page(opened.text)
    assert page.all("html")[0]["lang"] == "sv"
    # the form comes back filled in as it was sent, so the quote can be changed and sent again
    assert [a.get("value", "") for a in page.all("input", name="start")][:2] == FORM["start"]
    assert page.all("input", id="municipality")[0]["value"] == "Solna"
    assert page.all("input", id="cause-misuse")[0].get("checked") is not None
    assert page.all("input", id="material-amount-0")[0]["value"] == "89.00"
    assert permalink(opened.text) == link


def test_the_link_carries_the_request_compactly_and_reads_back_the_same():
    asked = QuoteRequest.model_validate(
        {
            "policy": "alesund-data-no",
            "start": "2026-03-02T15:30:00.1234567+01:00",
            "end": "2026-03-02T17:10:00+01:00",
            "channel": "remote",
            "ticket_id": "HD-1042",
            "hourly_rate": "1234.50",
        }
    )
    code = encode(asked)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", code)
    assert len(code) < len(asked.model_dump_json())
    assert decode(code) == asked


@pytest.mark.parametrize(
    ("code", "status", "said"),
    [
        ("", 400, "cut or altered"),
        ("not*base64", 400, "cut or altered"),
        ("A" * (LONGEST + 1), 414, f"longer than {LONGEST}"),
        (base64.urlsafe_b64encode(b"plain text").decode().rstrip("="), 400, "cut or altered"),
        (
            base64.urlsafe_b64encode(zlib.compress(b'{"policy": "vmi-se"}')).decode().rstrip("="),
            422,
            "Channel",
        ),
        (
            base64.urlsafe_b64encode(zlib.compress(b"[1, 2")).decode().rstrip("="),
            422,
            "JSON",
        ),
        # a small link cannot ask for a large inflation
        (base64.urlsafe_b64encode(zlib.compress(b" " * 10**6)).decode().rstrip("="), 400, "cut"),
    ],
)
def test_a_bad_link_is_a_clear_4xx_page(pages, code, status, said):
    answer = pages.get("/quote", params={"r": code})
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    errors = Page(answer.text)
    assert said in errors.text
    assert 'id="errors"' in answer.text


def test_a_cut_link_is_refused_not_guessed(pages):
    code = re.search(r"r=([^&]+)", permalink(pages.post("/", data=FORM).text))[1]
    for cut in (code[:-5], code[:-1], code[5:], code[:40] + "A" + code[41:]):
        assert pages.get("/quote", params={"r": cut}).status_code in (400, 422), cut


def test_a_link_in_swedish_says_what_is_wrong_in_swedish(pages):
    answer = pages.get("/quote", params={"r": "x!", "lang": "sv"})
    assert answer.status_code == 400
    assert "länken är avkortad eller ändrad" in Page(answer.text).text


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=st.one_of(
        st.text(max_size=60),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        st.binary(max_size=200).map(
            lambda raw: base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")
        ),
    ),
    lang=st.sampled_from(["", "en", "sv", "nb", "xx"]),
)
def test_any_link_answers_with_a_page_never_a_5xx(pages, code, lang):
    answer = pages.get("/quote", params={"r": code, "lang": lang})
    assert answer.status_code in (200, 400, 414, 422)
    assert answer.headers["content-type"].startswith("text/html")


def test_a_quote_too_large_for_a_link_says_so_instead(pages):
    rng = random.Random(23)
    letters = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    descriptions = ["".join(rng.choice(letters) for _ in range(200)) for _ in range(20)]
    form = FORM | {
        "lang": "en",
        "material_kind": ["mounting_material"] * 20,
        "material_description": descriptions,
        "material_amount": ["1.00"] * 20,
    }
    answer = pages.post("/", data=form)
    assert answer.status_code == 200
    assert 'id="permalink"' not in answer.text
    assert "too large for a permanent link" in Page(answer.text).text
