"""Money: Decimal, half-up to 0.01 per band line, totals the sum of lines, VAT beside."""

from decimal import Decimal

from tests.unit.quoting import ad, vmi


def test_amount_is_billed_minutes_over_60_times_rate_times_multiplier():
    q = ad("2026-03-03T16:00:00+01:00", "2026-03-03T17:00:00+01:00")
    assert q.bands[0].amount == Decimal("1610.00")  # 1150 x 1.40
    assert q.labour_amount == q.total == Decimal("1610.00")


def test_each_band_line_rounds_half_up_to_the_cent():
    q = vmi("2026-03-03T10:00:00+01:00", "2026-03-03T10:11:00+01:00", hourly_rate="100.01")
    assert q.bands[0].amount == Decimal("50.01")  # 30/60 x 100.01 = 50.005


def test_the_labour_total_is_the_sum_of_the_rounded_lines():
    q = ad(
        "2026-03-03T15:50:00+01:00",
        "2026-03-03T16:10:00+01:00",
        causes=["misuse"],
        hourly_rate="100.01",
    )
    assert [(b.band, b.billed_minutes, b.amount) for b in q.bands] == [
        ("normal", 10, Decimal("16.67")),  # 16.668333
        ("evening", 50, Decimal("116.68")),  # 116.678333
    ]
    assert q.labour_amount == Decimal("133.35")


def test_the_rounding_padding_is_billed_in_the_band_where_billable_work_ended():
    q = ad("2026-03-03T21:50:00+01:00", "2026-03-03T22:10:00+01:00")
    assert [(b.band, b.worked_minutes, b.billed_minutes) for b in q.bands] == [
        ("evening", 10, 10),
        ("night", 10, 50),
    ]


def test_the_padding_follows_billable_work_not_free_work():
    q = ad("2026-03-03T07:50:00+01:00", "2026-03-03T08:10:00+01:00")
    assert [(b.band, b.billed_minutes) for b in q.bands] == [("night", 60)]


def test_a_per_request_hourly_rate_replaces_the_policy_default():
    q = vmi("2026-03-03T10:00:00+01:00", "2026-03-03T11:00:00+01:00", hourly_rate=1200)
    assert q.hourly_rate == Decimal("1200.00")
    assert q.total == Decimal("1200.00")


def test_vat_is_25_percent_beside_totals_that_exclude_it():
    q = ad("2026-03-03T16:00:00+01:00", "2026-03-03T17:00:00+01:00")
    assert q.vat_rate == Decimal("0.25")
    assert q.vat_amount == Decimal("402.50")
    assert q.total_incl_vat == Decimal("2012.50")


def test_money_is_never_binary_floating_point():
    q = ad(
        "2026-03-03T16:00:00+01:00",
        "2026-03-03T17:00:00+01:00",
        materials=[{"kind": "spare_part", "description": "fan", "amount": 0.1}],
    )
    figures = [q.total, q.labour_amount, q.materials_amount, q.vat_amount, q.total_incl_vat]
    assert all(isinstance(x, Decimal) and x.as_tuple().exponent == -2 for x in figures)
    assert q.materials_amount == Decimal("0.10")
