"""Assignments of several sittings: rounded once (ad:billing, vmi:3.1), not once per entry."""

import pytest

from app.engine import InvalidRequest, QuoteRequest, quote
from app.engine.assignments import group_by_ticket
from tests.unit.quoting import ALESUND, BOOK, VMI, bands_of, clauses_of

# Three sittings on Tuesday 3 March 2026, all in Ålesund Data's evening band (16-22).
SITTINGS = [
    ("2026-03-03T16:10:00+01:00", "2026-03-03T16:20:00+01:00", "phone"),
    ("2026-03-03T17:30:00+01:00", "2026-03-03T17:45:00+01:00", "remote"),
    ("2026-03-03T20:00:00+01:00", "2026-03-03T20:20:00+01:00", "remote"),
]


def entry(start, end, channel, policy=ALESUND, **fields):
    fields.setdefault("ticket_id", "T-7")
    return QuoteRequest.model_validate(
        {"policy": policy, "start": start, "end": end, "channel": channel, **fields}
    )


def assignment(sittings, policy=ALESUND, **fields):
    fields.setdefault("ticket_id", "T-7")
    sessions = [{"start": s, "end": e, "channel": c} for s, e, c in sittings]
    return quote(
        QuoteRequest.model_validate(
            {"policy": policy, "sessions": sessions, "channel": "remote", **fields}
        ),
        BOOK,
    )


def test_ad_billing_three_evening_sittings_of_one_ticket_bill_one_first_hour():
    q = assignment(SITTINGS)
    assert q.worked_minutes == 45
    assert q.billable_minutes == 60
    assert bands_of(q) == {"evening": (45, 60)}
    assert [s.worked_minutes for s in q.sessions] == [10, 15, 20]
    assert clauses_of(q).count("ad:billing") == 1


def test_ad_billing_the_same_entries_quoted_one_by_one_bill_three_first_hours():
    quotes = [quote(entry(*s), BOOK) for s in SITTINGS]
    assert sum(q.billable_minutes for q in quotes) == 180


def test_grouping_by_ticket_merges_the_entries_into_one_assignment():
    groups = group_by_ticket([entry(*s) for s in SITTINGS], BOOK)
    assert [indices for indices, _ in groups] == [[0, 1, 2]]
    assert quote(groups[0][1], BOOK).billable_minutes == 60


def test_grouping_keeps_entries_of_other_tickets_and_entries_without_tickets_apart():
    entries = [
        entry(*SITTINGS[0]),
        entry(*SITTINGS[1], ticket_id="T-8"),
        entry(*SITTINGS[2]),
        entry(*SITTINGS[2], ticket_id=None),
        entry(*SITTINGS[1], ticket_id=None),
    ]
    assert [indices for indices, _ in group_by_ticket(entries, BOOK)] == [[0, 2], [1], [3], [4]]


def test_grouping_keeps_apart_entries_of_one_ticket_that_differ_in_what_decides_coverage():
    entries = [entry(*SITTINGS[0]), entry(*SITTINGS[1], work_kind="development")]
    assert [indices for indices, _ in group_by_ticket(entries, BOOK)] == [[0], [1]]


def test_grouping_compares_places_by_municipality_not_by_spelling():
    visits = [
        ("2026-03-04T09:00:00+01:00", "2026-03-04T09:20:00+01:00", "Stockholm"),
        ("2026-03-04T13:00:00+01:00", "2026-03-04T13:20:00+01:00", "0180"),
        ("2026-03-04T15:00:00+01:00", "2026-03-04T15:20:00+01:00", "STOCKHOLMS STAD"),
    ]
    entries = [
        entry(s, e, "onsite", policy=VMI, location={"municipality": m}) for s, e, m in visits
    ]
    ((indices, merged),) = group_by_ticket(entries, BOOK)
    assert indices == [0, 1, 2]
    q = quote(merged, BOOK)
    assert q.billable_minutes == 60
    assert q.travel.amount == 450


def test_grouping_compares_rates_and_causes_by_value():
    entries = [
        entry(*SITTINGS[0], hourly_rate="950", causes=["misuse", "animals"]),
        entry(*SITTINGS[1], hourly_rate="950.00", causes=["animals", "misuse", "misuse"]),
        entry(*SITTINGS[2], hourly_rate=950),
    ]
    assert [i for i, _ in group_by_ticket(entries, BOOK)] == [[0, 1], [2]]


def test_grouping_keeps_apart_places_that_differ_in_meaning():
    entries = [
        entry(*SITTINGS[0][:2], "onsite", location={"municipality": "Ålesund"}),
        entry(*SITTINGS[1][:2], "onsite", location={"municipality": "Ålesund", "ferry": True}),
        entry(*SITTINGS[2][:2], "onsite", location={"municipality": "Giske"}),
    ]
    assert [i for i, _ in group_by_ticket(entries, BOOK)] == [[0], [1], [2]]


def test_grouping_sums_the_materials_of_the_entries():
    material = {"kind": "spare_part", "description": "fan", "amount": "100.00"}
    entries = [entry(*s, materials=[material]) for s in SITTINGS[:2]]
    ((_, merged),) = group_by_ticket(entries, BOOK)
    assert quote(merged, BOOK).materials_amount == 200


def test_vmi_3_1_sittings_of_one_case_are_rounded_once():
    sittings = [(s, e, "phone") for s, e, _ in SITTINGS]
    q = assignment(sittings, policy=VMI)
    assert q.billable_minutes == 60  # 45 min -> 60, not 10 + 30 + 30
    assert clauses_of(q).count("vmi:3.1") == 1


def test_vmi_on_site_and_remote_sittings_round_each_by_their_own_clause_once():
    sittings = [
        ("2026-03-03T09:00:00+01:00", "2026-03-03T09:20:00+01:00", "onsite"),
        ("2026-03-03T11:00:00+01:00", "2026-03-03T11:05:00+01:00", "phone"),
        ("2026-03-03T13:00:00+01:00", "2026-03-03T13:10:00+01:00", "onsite"),
    ]
    q = assignment(sittings, policy=VMI, location={"municipality": "Solna"})
    assert q.billable_minutes == 60 + 10
    assert {"vmi:3.1", "vmi:3.2"} <= set(clauses_of(q))
    assert q.travel.amount == 450  # one visit's travel per assignment


def test_in_hours_and_out_of_hours_sittings_are_judged_each_on_its_own():
    sittings = [
        ("2026-03-03T09:00:00+01:00", "2026-03-03T09:30:00+01:00", "remote"),
        ("2026-03-03T15:50:00+01:00", "2026-03-03T16:10:00+01:00", "remote"),
        ("2026-03-03T22:00:00+01:00", "2026-03-03T22:05:00+01:00", "phone"),
    ]
    q = assignment(sittings)
    assert [s.coverage for s in q.sessions] == ["free", "mixed", "billable"]
    assert [s.billable_minutes for s in q.sessions] == [0, 10, 5]
    assert q.coverage == "mixed"
    assert q.billable_minutes == 60
    # The padding goes to the band where the last billable work ended: night.
    assert bands_of(q) == {"evening": (10, 10), "night": (5, 50)}


def test_the_padding_follows_the_last_billable_sitting_in_time_not_in_the_list():
    q = assignment(
        list(reversed(SITTINGS[:1]))
        + [
            ("2026-03-03T23:00:00+01:00", "2026-03-03T23:05:00+01:00", "phone"),
            ("2026-03-03T16:30:00+01:00", "2026-03-03T16:35:00+01:00", "phone"),
        ]
    )
    assert bands_of(q) == {"evening": (15, 15), "night": (5, 45)}


def test_overlapping_sittings_are_refused_naming_both():
    with pytest.raises(InvalidRequest, match="sessions.0 and sessions.1 overlap"):
        assignment(
            [
                ("2026-03-03T16:00:00+01:00", "2026-03-03T17:00:00+01:00", "remote"),
                ("2026-03-03T16:30:00+01:00", "2026-03-03T16:45:00+01:00", "remote"),
            ]
        )


def test_touching_sittings_are_not_overlapping():
    q = assignment(
        [
            ("2026-03-03T16:00:00+01:00", "2026-03-03T16:30:00+01:00", "remote"),
            ("2026-03-03T16:30:00+01:00", "2026-03-03T16:45:00+01:00", "remote"),
        ]
    )
    assert q.worked_minutes == 45


def test_an_assignment_may_span_31_days_from_first_start_to_last_end_but_not_more():
    first = ("2026-03-01T10:00:00+01:00", "2026-03-01T10:10:00+01:00", "phone")
    assert assignment([first, ("2026-03-31T10:00:00+02:00", "2026-04-01T11:00:00+02:00", "phone")])
    with pytest.raises(InvalidRequest, match="31 days"):
        assignment([first, ("2026-03-31T10:00:00+02:00", "2026-04-01T11:00:01+02:00", "phone")])


def test_start_end_and_sessions_are_exclusive():
    with pytest.raises(InvalidRequest, match="not both"):
        quote(
            QuoteRequest.model_validate(
                {
                    "policy": ALESUND,
                    "start": SITTINGS[0][0],
                    "end": SITTINGS[0][1],
                    "sessions": [{"start": SITTINGS[1][0], "end": SITTINGS[1][1]}],
                    "channel": "remote",
                    "ticket_id": "T",
                }
            ),
            BOOK,
        )


def test_the_number_of_sessions_is_bounded():
    from app.engine import Limits

    request = QuoteRequest.model_validate(
        {
            "policy": VMI,
            "sessions": [{"start": s, "end": e} for s, e, _ in SITTINGS],
            "channel": "remote",
        }
    )
    with pytest.raises(InvalidRequest, match="at most 2 sessions"):
        quote(request, BOOK, limits=Limits(max_sessions=2))


def test_an_assignment_costs_the_days_its_sittings_touch_not_its_span():
    timeline = BOOK[ALESUND].timeline
    timeline._day.cache_clear()
    q = assignment(
        [
            ("2026-05-04T22:00:00+02:00", "2026-05-04T22:30:00+02:00", "phone"),
            ("2026-06-03T07:00:00+02:00", "2026-06-03T07:30:00+02:00", "phone"),
        ]
    )
    assert q.worked_minutes == 60
    assert timeline._day.cache_info().currsize == 2  # 4 May and 3 June, none in between


def test_the_held_key_of_an_assignment_is_equal_for_entries_equal_by_meaning():
    from app.engine.assignments import assignment_digest

    base = {
        "policy": "vmi-se",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T10:00:00+01:00",
        "channel": "onsite",
        "ticket_id": "T-1",
        "hourly_rate": "950",
        "causes": ["misuse", "liquid_damage"],
        "location": {"municipality": "Stockholm"},
    }
    same = {
        **base,
        "hourly_rate": "950.00",
        "causes": ["liquid_damage", "misuse"],
        "location": {"municipality": "0180"},
    }
    other = {**base, "hourly_rate": "951"}
    digest = [assignment_digest(QuoteRequest.model_validate(e), BOOK) for e in (base, same, other)]
    assert digest[0] == digest[1] != digest[2]
