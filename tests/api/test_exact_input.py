"""Input is read exactly or refused: money as plain decimals, time to the nanosecond."""

import re

import pytest

from tests.api.payloads import EVENING, ONSITE, with_


def nine_digits(text):
    """Write an ISO time's fraction with nine digits, as the service echoes a precise time."""
    return re.sub(r"\.(\d+)", lambda m: "." + m[1].ljust(9, "0"), text)


def quote(client, **fields):
    response = client.post("/v1/quotes", json=with_(EVENING, **fields))
    assert response.status_code == 200, response.text
    return response.json()


def refused(client, payload):
    response = client.post("/v1/quotes", json=payload)
    assert response.status_code == 422, response.text
    return {e["field"]: e["problem"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "text",
    [
        "1_000",
        "1e3",
        " 1000 ",
        "+1000",
        "1000\n",
        "１０００",
        "١٠٠٠",
        "1,000",
        "-0.00",
        "-5.00",
        "0x10",
        "NaN",
        "Infinity",
        "",
    ],
)
def test_an_hourly_rate_that_is_not_plain_ascii_decimal_is_refused_naming_the_field(client, text):
    errors = refused(client, with_(EVENING, hourly_rate=text))
    assert list(errors) == ["hourly_rate"]
    assert "not a decimal" in errors["hourly_rate"]


@pytest.mark.parametrize("text", ["1_000", "1e3", "+1000", "-0.00", "٨٩"])
def test_a_material_amount_that_is_not_plain_ascii_decimal_is_refused(client, text):
    material = {"kind": "spare_part", "description": "fan", "amount": text}
    errors = refused(client, with_(EVENING, materials=[material]))
    assert list(errors) == ["materials.0.amount"]


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("1000", "1000.00"),
        ("1000.5", "1000.50"),
        (1000, "1000.00"),
        (1000.5, "1000.50"),
        (0, "0.00"),
    ],
)
def test_plain_decimals_and_json_numbers_are_read_as_documented(client, sent, shown):
    assert quote(client, hourly_rate=sent)["hourly_rate"] == shown


@pytest.mark.parametrize("number", [-1, -0.01])
def test_a_negative_json_number_is_refused(client, number):
    assert list(refused(client, with_(EVENING, hourly_rate=number))) == ["hourly_rate"]


def test_a_json_number_minus_zero_is_read_as_zero(client):
    material = {"kind": "spare_part", "description": "sample", "amount": -0.0}
    body = quote(client, hourly_rate=-0.0, materials=[material])
    assert body["hourly_rate"] == body["materials"][0]["amount"] == body["total"] == "0.00"


def test_no_money_field_ever_prints_a_negative_zero(client):
    material = {"kind": "spare_part", "description": "free sample", "amount": "0.00"}
    response = client.post(
        "/v1/quotes", json=with_(EVENING, hourly_rate="0.00", materials=[material])
    )
    assert response.status_code == 200
    assert not re.search(r'"-0(\.0+)?"', response.text)
    body = response.json()
    assert body["bands"][0]["amount"] == body["total"] == "0.00"
    assert client.post("/v1/quotes", json=with_(EVENING, hourly_rate="-0.00")).status_code == 422


# VMI rounds on 10/30/60-minute steps: exactly 60 minutes bill 60, a nanosecond more bills 70.
HOUR = {
    "policy": "vmi-se",
    "channel": "remote",
    "start": "2026-03-03T10:00:00+01:00",
    "end": "2026-03-03T11:00:00+01:00",
}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-03-03T09:59:59.9999999+01:00", "2026-03-03T11:00:00+01:00"),  # .NET, 7 digits
        ("2026-03-03T10:00:00+01:00", "2026-03-03T11:00:00.0000001+01:00"),
        ("2026-03-03T09:59:59.999999999+01:00", "2026-03-03T11:00:00+01:00"),  # Go, 9 digits
        ("2026-03-03T10:00:00+01:00", "2026-03-03T11:00:00.000000001+01:00"),
    ],
)
def test_a_started_step_is_billed_however_finely_the_time_is_given(client, start, end):
    response = client.post("/v1/quotes", json=with_(HOUR, start=start, end=end))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["billable_minutes"] == 70
    sitting = body["sessions"][0]
    assert (sitting["start"], sitting["end"]) == (nine_digits(start), nine_digits(end))


def test_exactly_an_hour_in_nanoseconds_bills_the_hour(client):
    body = client.post(
        "/v1/quotes",
        json=with_(
            HOUR, start="2026-03-03T10:00:00.0000001+01:00", end="2026-03-03T11:00:00.0000001+01:00"
        ),
    ).json()
    assert body["billable_minutes"] == 60


def test_a_session_of_one_nanosecond_is_a_session(client):
    body = client.post(
        "/v1/quotes",
        json=with_(
            HOUR,
            start="2026-03-03T10:00:00.000000001+01:00",
            end="2026-03-03T10:00:00.000000002+01:00",
        ),
    ).json()
    assert body["billable_minutes"] == 10


def test_a_nanosecond_too_early_an_end_is_refused(client):
    errors = refused(
        client,
        with_(
            HOUR,
            start="2026-03-03T10:00:00.000000002+01:00",
            end="2026-03-03T10:00:00.000000001+01:00",
        ),
    )
    assert errors == {"end": "must be after start"}


def test_more_than_nine_fractional_digits_are_refused_not_cut(client):
    errors = refused(client, with_(HOUR, end="2026-03-03T11:00:00.0000000001+01:00"))
    assert "at most 9 fractional digits" in errors["end"]


def test_nanoseconds_survive_grouping_in_a_batch(client):
    items = [
        with_(HOUR, ticket_id="T-1", end="2026-03-03T10:30:00+01:00"),
        with_(
            HOUR,
            ticket_id="T-1",
            start="2026-03-03T12:00:00+01:00",
            end="2026-03-03T12:30:00.0000001+01:00",
        ),
    ]
    body = client.post("/v1/quotes/batch", json={"items": items, "group_by": "ticket"}).json()
    (result,) = body["results"]
    assert result["quote"]["billable_minutes"] == 70
    assert result["quote"]["sessions"][1]["end"] == "2026-03-03T12:30:00.000000100+01:00"


def test_instruction_longer_than_the_training_is_refused(client):
    payload = with_(EVENING, work_kind="training", training={"instruction_minutes": 101})
    errors = refused(client, payload)
    assert re.search(
        r"101 min of instruction is more than the 100 min worked",
        errors["training.instruction_minutes"],
    )


def test_onsite_payload_still_quotes(client):
    assert client.post("/v1/quotes", json=ONSITE).status_code == 200


@pytest.mark.parametrize("zone", ["Z", "+00:00"])
def test_a_utc_time_is_echoed_with_z_to_whatever_precision_it_was_sent(client, zone):
    start, end = f"2026-03-03T09:00:00.123456789{zone}", f"2026-03-03T10:00:00.5{zone}"
    sitting = quote(client, start=start, end=end)["sessions"][0]
    assert (sitting["start"], sitting["end"]) == (
        "2026-03-03T09:00:00.123456789Z",
        "2026-03-03T10:00:00.500000Z",
    )
