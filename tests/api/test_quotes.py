"""POST /v1/quotes through HTTP."""

import pytest

from tests.api.payloads import EVENING, ONSITE, with_


@pytest.fixture
def client(either_path):
    """Every test here runs over the fast path and the route: they answer alike."""
    return either_path


def test_a_quote_answers_with_the_figures_and_their_clauses(client):
    response = client.post("/v1/quotes", json=EVENING)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    quote = response.json()
    assert quote["policy"] == "alesund-data-no"
    assert quote["currency"] == "NOK"
    assert quote["coverage"] == "mixed"
    assert quote["worked_minutes"] == 100
    assert quote["billable_minutes"] == 90
    assert quote["bands"] == [
        {
            "band": "evening",
            "multiplier": "1.40",
            "worked_minutes": 70.0,
            "billed_minutes": 90,
            "amount": "2415.00",
            "clause": "ad:bands",
        }
    ]
    assert quote["travel"]["status"] == "free"
    assert (quote["labour_amount"], quote["materials_amount"], quote["total"]) == (
        "2415.00",
        "0.00",
        "2415.00",
    )
    assert [r["clause"] for r in quote["reasons"]] == [
        "ad:hours",
        "ad:agreement",
        "ad:billing",
        "ad:bands",
    ]


def test_money_travels_as_decimal_strings_never_floats(client):
    quote = client.post("/v1/quotes", json=with_(ONSITE, hourly_rate=1234.5)).json()
    for key in ("labour_amount", "materials_amount", "total", "vat_amount", "total_incl_vat"):
        assert isinstance(quote[key], str) and quote[key].count(".") == 1
    assert quote["hourly_rate"] == "1234.50"
    assert quote["travel"] == {
        "status": "charged",
        "amount": "450.00",
        "clause": "vmi:3.3b",
        "code": "travel_stockholm_region",
        "municipality": "Solna",
        "municipality_code": "0184",
    }


def test_an_assignment_of_sittings_is_rounded_once(client):
    body = with_(
        EVENING,
        start=None,
        end=None,
        sessions=[
            {
                "start": "2026-03-03T16:10:00+01:00",
                "end": "2026-03-03T16:20:00+01:00",
                "channel": "phone",
            },
            {"start": "2026-03-03T17:30:00+01:00", "end": "2026-03-03T17:45:00+01:00"},
            {"start": "2026-03-03T20:00:00+01:00", "end": "2026-03-03T20:20:00+01:00"},
        ],
    )
    quote = client.post("/v1/quotes", json=body).json()
    assert quote["billable_minutes"] == 60
    assert [s["worked_minutes"] for s in quote["sessions"]] == [10, 15, 20]
    assert [s["channel"] for s in quote["sessions"]] == ["phone", "remote", "remote"]


def test_a_request_id_is_made_or_echoed(client):
    made = client.post("/v1/quotes", json=EVENING).headers["x-request-id"]
    assert len(made) == 32
    echoed = client.post("/v1/quotes", json=EVENING, headers={"X-Request-ID": "psa-42"})
    assert echoed.headers["x-request-id"] == "psa-42"


def test_an_unsafe_request_id_is_replaced(client):
    response = client.post("/v1/quotes", json=EVENING, headers={"X-Request-ID": "a b\tc"})
    assert response.headers["x-request-id"] != "a b\tc"


def test_curl_default_form_content_type_is_read_as_json(client):
    import json

    response = client.post(
        "/v1/quotes",
        content=json.dumps(EVENING),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200


def test_the_fast_path_and_the_route_answer_alike(client_with):
    """With CORS on, quotes take the FastAPI route; without, the plain ASGI endpoint."""
    fast = client_with()
    routed = client_with(cors_origins="https://psa.example.com")
    requests = [
        {"json": EVENING, "headers": {"Accept-Language": "sv"}},
        {"json": {**EVENING, "channel": "fax"}},
        {"content": b"{", "headers": {"Content-Type": "application/json"}},
        {"content": b"a,b", "headers": {"Content-Type": "text/csv"}},
    ]
    for request in requests:
        one, two = fast.post("/v1/quotes", **request), routed.post("/v1/quotes", **request)
        assert one.status_code == two.status_code
        assert {**one.json(), "request_id": None} == {**two.json(), "request_id": None}
        for header in ("content-type", "content-language", "x-billing-quote-version"):
            assert one.headers.get(header) == two.headers.get(header)


def test_the_fast_path_is_installed_unless_cors_or_the_caller_says_not():
    from app.api.application import create_app
    from app.api.fast_quote import QuotesFirst
    from app.api.settings import Settings

    assert isinstance(create_app(Settings()), QuotesFirst)
    assert not isinstance(create_app(Settings(), fast_path=False), QuotesFirst)
    cors = Settings(cors_origins="https://psa.example.com")
    assert not isinstance(create_app(cors), QuotesFirst)
