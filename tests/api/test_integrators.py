"""PSA-shaped fields, VAT, and reasons in the customer's language, over HTTP."""

import pytest

from tests.api.payloads import EVENING, with_


def test_quotes_carry_psa_hours_and_a_billable_option(client):
    quote = client.post("/v1/quotes", json=EVENING).json()
    assert (quote["hours_worked"], quote["hours_to_bill"], quote["billable_option"]) == (
        1.67,
        1.5,
        "billable",
    )
    free = client.post(
        "/v1/quotes",
        json=with_(EVENING, start="2026-03-02T10:00:00+01:00", end="2026-03-02T10:30:00+01:00"),
    ).json()
    assert (free["hours_to_bill"], free["billable_option"]) == (0.0, "no_charge")


def test_vat_stands_beside_totals_that_exclude_it(client):
    quote = client.post("/v1/quotes", json=EVENING).json()
    assert (quote["total"], quote["vat_rate"], quote["vat_amount"], quote["total_incl_vat"]) == (
        "2415.00",
        "0.25",
        "603.75",
        "3018.75",
    )


@pytest.mark.parametrize(
    ("header", "language", "words"),
    [
        (None, "en", "Work outside office hours"),
        ("sv-SE,sv;q=0.9,en;q=0.8", "sv", "Arbete utanför kontorstid"),
        ("nb-NO", "nb", "Arbeid utenom ordinær kontortid"),
        ("no", "nb", "Arbeid utenom ordinær kontortid"),
        ("de-DE, nb;q=0.5", "nb", "Arbeid utenom"),
        ("fr", "en", "Work outside office hours"),
        ("en;q=0.2, sv;q=0.9", "sv", "Arbete utanför"),
    ],
)
def test_reasons_speak_the_language_asked_for(client, header, language, words):
    headers = {"Accept-Language": header} if header else {}
    response = client.post("/v1/quotes", json=EVENING, headers=headers)
    assert response.headers["content-language"] == language
    assert response.json()["reasons"][0]["message"].startswith(words)
