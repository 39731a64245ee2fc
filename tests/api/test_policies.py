"""GET /v1/policies, /v1/policies/{id} and /healthz."""

from app.version import VERSION


def test_policies_are_listed_with_their_bands_and_clauses(client):
    policies = {p["id"]: p for p in client.get("/v1/policies").json()}
    assert set(policies) == {"alesund-data-no", "vmi-se"}
    ad = policies["alesund-data-no"]
    assert (ad["currency"], ad["timezone"], ad["vat_rate"]) == ("NOK", "Europe/Oslo", "0.25")
    assert [(b["id"], b["multiplier"]) for b in ad["bands"]] == [
        ("normal", "1.00"),
        ("evening", "1.40"),
        ("night", "2.00"),
        ("weekend_holiday", "2.00"),
    ]
    assert {"ad:hours", "ad:billing", "ad:fair-use", "ad:force-majeure"} <= set(ad["clauses"])
    assert {"vmi:3.1", "vmi:3.2", "vmi:3.3a", "vmi:3.3b", "vmi:3.3c"} <= set(
        policies["vmi-se"]["clauses"]
    )


def test_a_policy_shows_its_rules_and_the_holidays_of_a_year(client):
    body = client.get("/v1/policies/alesund-data-no", params={"year": 2026}).json()
    assert body["policy"]["office_hours"] == {
        "days": "working",
        "from": "08:00",
        "to": "16:00",
        "clause": "ad:hours",
    }
    assert body["policy"]["rounding"]["default"]["steps"] == [30]
    assert {"date": "2026-05-17", "name": "Constitution Day"} in body["holidays"]
    assert len(body["holidays"]) == 12


def test_a_year_outside_the_calendar_is_refused(client):
    response = client.get("/v1/policies/vmi-se", params={"year": 3000})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.year"


def test_health_is_open_and_counts_policies(client):
    assert client.get("/healthz").json() == {"status": "ok", "version": VERSION, "policies": 2}
