"""Fields that decide money take JSON's own types; CSV and the form keep their own spellings."""

import pytest

from app.engine import exact_numbers
from tests.api.payloads import EVENING, ONSITE, with_

TRAINING = with_(EVENING, work_kind="training")


def problems_of(client, content: bytes, path="/v1/quotes"):
    response = client.post(path, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    return {e["field"]: e["problem"] for e in response.json()["errors"]}


def json_with(base, field_text: str) -> bytes:
    """Return `base` as JSON text with one more field written exactly as given."""
    import json

    return (json.dumps(base)[:-1] + ", " + field_text + "}").encode()


@pytest.mark.parametrize("value", ['"yes"', "1", '"1"', '"true"', "0"])
def test_urgent_is_refused_unless_a_json_boolean(client, value):
    problems = problems_of(client, json_with(ONSITE, f'"urgent": {value}'))
    assert problems["urgent"] == "Input should be a valid boolean"


@pytest.mark.parametrize(
    ("training", "field"),
    [
        ('{"planned": "true"}', "training.planned"),
        ('{"group": 1}', "training.group"),
        ('{"instruction_minutes": "11"}', "training.instruction_minutes"),
        ('{"instruction_minutes": true}', "training.instruction_minutes"),
        ('{"instruction_minutes": 11.0}', "training.instruction_minutes"),
    ],
)
def test_training_facts_are_refused_unless_json_booleans_and_integers(client, training, field):
    problems = problems_of(client, json_with(TRAINING, f'"training": {training}'))
    assert field in problems


def test_ferry_is_refused_unless_a_json_boolean(client):
    body = with_(ONSITE, location={"municipality": "Solna", "ferry": "yes"})
    response = client.post("/v1/quotes", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "location.ferry"


def test_json_booleans_and_integers_are_taken(client):
    body = with_(TRAINING, training={"planned": True, "group": False, "instruction_minutes": 11})
    assert client.post("/v1/quotes", json=body).status_code == 200
    assert client.post("/v1/quotes", json=with_(ONSITE, urgent=True)).status_code == 200


@pytest.mark.parametrize("number", ["1.000000000000000000001", "950.001", "1.000", "1e-3"])
def test_a_json_number_finer_than_cents_is_refused_not_rounded(client, number):
    problems = problems_of(client, json_with(EVENING, f'"hourly_rate": {number}'))
    assert "hourly_rate" in problems


def test_a_material_amount_finer_than_cents_is_refused_in_a_batch_too(client):
    material = '{"kind": "spare_part", "description": "disk", "amount": 89.000000000000000001}'
    body = b'{"items": [' + json_with(ONSITE, f'"materials": [{material}]') + b"]}"
    headers = {"content-type": "application/json"}
    response = client.post("/v1/quotes/batch", content=body, headers=headers)
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["quote"] is None
    assert result["problem"]["errors"][0]["field"] == "items.0.materials.0.amount"


@pytest.mark.parametrize("number", ["950", "950.5", "950.50", "9.5e2", "1.2345e2"])
def test_json_numbers_of_at_most_two_decimals_are_taken(client, number):
    response = client.post(
        "/v1/quotes",
        content=json_with(EVENING, f'"hourly_rate": {number}'),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text


def test_numbers_inside_strings_are_left_alone():
    text = b'{"ticket_id": "v1.2345 \\" 3.14159", "n": 2.5, "m": 0.125}'
    assert exact_numbers(text) == b'{"ticket_id": "v1.2345 \\" 3.14159", "n": 2.5, "m": "0.125"}'


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("true", "false"), (True, False)),
        (("ja", "nej"), (True, False)),
        (("JA", "nei"), (True, False)),
        (("False", "True"), (False, True)),
    ],
)
def test_csv_keeps_its_spellings_of_yes_and_no(client, cells, expected):
    from app.wire.csv_io import _nest

    row = {"urgent": cells[0], "training.planned": cells[1], "training.instruction_minutes": "11"}
    nested = _nest(row)
    assert (nested["urgent"], nested["training"]["planned"]) == expected
    assert nested["training"]["instruction_minutes"] == 11


def test_a_csv_cell_that_is_no_yes_or_no_is_refused_on_its_row(client):
    csv = (
        "policy,start,end,channel,location.municipality,urgent\n"
        "vmi-se,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,onsite,Solna,yes please\n"
        "vmi-se,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,onsite,Solna,ja\n"
    )
    response = client.post(
        "/v1/quotes/batch", content=csv.encode(), headers={"content-type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert first["problem"]["errors"][0]["field"] == "items.0.urgent"
    assert second["problem"] is None and second["quote"]["travel"]["status"] == "charged"
