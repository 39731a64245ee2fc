"""GET /v1/policies, /v1/policies/{id} and /healthz."""

from app.version import VERSION
from tests.api.payloads import EVENING


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


def contracts_client(client_with):
    from tests.unit.contracts import EXAMPLES

    return client_with(policy_dir=EXAMPLES)


def test_customer_contracts_are_listed_with_what_they_extend_and_their_versions(client_with):
    listed = {p["id"]: p for p in contracts_client(client_with).get("/v1/policies").json()}
    assert (listed["vmi-se"]["extends"], listed["vmi-se"]["versions"]) == (None, [])
    roslagsbygg = listed["vmi-roslagsbygg"]
    assert roslagsbygg["extends"] == "vmi-se"
    assert roslagsbygg["versions"] == ["2026-01-01", "2027-01-01"]
    assert listed["alesund-fjordfisk"]["extends"] == "alesund-data-no"


def test_a_contract_shows_its_resolved_rules_and_what_each_version_changes(client_with):
    client = contracts_client(client_with)
    body = client.get("/v1/policies/vmi-roslagsbygg", params={"on": "2027-02-01"}).json()
    policy = body["policy"]
    assert (policy["extends"], policy["valid_from"], policy["default_hourly_rate"]) == (
        "vmi-se",
        "2027-01-01",
        "945.00",
    )
    assert policy["rounding"]["by_channel"]["onsite"]["clause"] == "vmi:3.2"  # from vmi-se
    assert body["versions"] == [
        {"valid_from": "2026-01-01", "changes": []},
        {
            "valid_from": "2027-01-01",
            "changes": ["default_hourly_rate", "travel.travel_stockholm_region.fee"],
        },
    ]
    assert body["changes_from_base"] == [
        "name",
        "default_hourly_rate",
        "travel.urgent_callout_norrtalje.fee",
        "travel.travel_stockholm_region.fee",
        "support_levels.around_the_clock",
        "seller",
        "buyer",
    ]
    december = client.get("/v1/policies/vmi-roslagsbygg", params={"on": "2026-12-31"}).json()
    assert december["policy"]["default_hourly_rate"] == "895.00"


def test_a_quote_names_the_version_it_was_priced_under(client_with):
    client = contracts_client(client_with)
    body = {"policy": "vmi-roslagsbygg", "channel": "phone"}
    december = {**body, "start": "2026-12-15T10:00:00+01:00", "end": "2026-12-15T10:30:00+01:00"}
    january = {**body, "start": "2027-01-15T10:00:00+01:00", "end": "2027-01-15T10:30:00+01:00"}
    answers = [client.post("/v1/quotes", json=b).json() for b in (december, january)]
    assert [(a["policy_version"], a["total"]) for a in answers] == [
        ("2026-01-01", "447.50"),
        ("2027-01-01", "472.50"),
    ]
    assert client.post("/v1/quotes", json=EVENING).json()["policy_version"] is None
    batch = client.post("/v1/quotes/batch", json={"items": [december, january]}).json()
    assert [r["quote"]["policy_version"] for r in batch["results"]] == ["2026-01-01", "2027-01-01"]


def test_work_before_a_contract_s_first_version_is_a_422_naming_the_field(client_with):
    response = contracts_client(client_with).post(
        "/v1/quotes",
        json={
            "policy": "vmi-roslagsbygg",
            "channel": "phone",
            "start": "2025-12-15T10:00:00+01:00",
            "end": "2025-12-15T10:30:00+01:00",
        },
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "start"
    assert "in force from 2026-01-01" in error["problem"]


def test_the_command_lists_contracts_and_names_the_version_of_a_quote(capsys):
    from app.cli import main
    from tests.unit.contracts import EXAMPLES

    assert main(["policies", "--policy-dir", str(EXAMPLES)]) == 0
    listing = capsys.readouterr().out
    assert "extends: vmi-se" in listing
    assert "versions from: 2026-01-01, 2027-01-01" in listing
    times = ["--start", "2027-01-15T10:00:00+01:00", "--end", "2027-01-15T10:30:00+01:00"]
    args = ["quote", "--policy", "vmi-roslagsbygg", *times, "--channel", "phone"]
    assert main([*args, "--policy-dir", str(EXAMPLES)]) == 0
    assert "Policy     vmi-roslagsbygg (SEK), version of 2027-01-01" in capsys.readouterr().out
    shown = ["policies", "vmi-roslagsbygg", "--on", "2026-12-31", "--policy-dir", str(EXAMPLES)]
    assert main(shown) == 0
    assert '"default_hourly_rate": "895.00"' in capsys.readouterr().out
