"""The pictures are SVG text drawn from engine values, checked without a browser."""

import re
from xml.etree import ElementTree

from app.engine import QuoteRequest, load_policies, trace
from app.web.pictures import timeline_svg, week_svg

BOOK = load_policies()
SVG = "{http://www.w3.org/2000/svg}"


def drawn(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_a_timeline_marks_free_and_billable_time_padding_office_hours_and_holidays():
    asked = QuoteRequest.model_validate(
        {
            "policy": "alesund-data-no",
            "channel": "remote",
            "ticket_id": "T",
            "sessions": [
                {"start": "2026-04-02T15:30:00+02:00", "end": "2026-04-02T15:50:00+02:00"},
                {"start": "2026-03-31T15:00:00+02:00", "end": "2026-03-31T16:30:00+02:00"},
            ],
        }
    )
    svg = drawn(timeline_svg(trace(asked, BOOK)))
    assert svg.find(f"{SVG}title").text == "Timeline of the work by rate band"
    assert "sitting" in svg.find(f"{SVG}desc").text
    rows = svg.findall(f"{SVG}g")
    assert len(rows) == 2
    first = [
        (r.get("data-band"), r.get("data-billable"), r.get("data-minutes"))
        for r in rows[0].iter(f"{SVG}rect")
        if r.get("class") == "piece"
    ]
    assert first == [("normal", "false", "60.00"), ("evening", "true", "30.00")]
    # Maundy Thursday is a holiday in Norway: billable at the holiday rate, and the rounding
    # (50 billable minutes to a first hour) pads the later sitting, in its band
    second = [r for r in rows[1].iter(f"{SVG}rect") if r.get("class") in ("piece", "padding")]
    assert [(r.get("class"), r.get("data-band"), r.get("data-minutes")) for r in second] == [
        ("piece", "weekend_holiday", "20.00"),
        ("padding", "weekend_holiday", "10.00"),
    ]
    assert "Maundy Thursday" in "".join(rows[1].itertext())
    assert len([e for e in rows[0].iter(f"{SVG}line") if e.get("class") == "office-edge"]) == 1
    assert not [e for e in rows[1].iter(f"{SVG}line") if e.get("class") == "office-edge"]


def test_piece_widths_follow_their_minutes():
    asked = QuoteRequest.model_validate(
        {
            "policy": "alesund-data-no",
            "channel": "remote",
            "ticket_id": "T",
            "start": "2026-03-02T15:30:00+01:00",
            "end": "2026-03-02T17:10:00+01:00",
        }
    )
    svg = drawn(timeline_svg(trace(asked, BOOK)))
    rects = [r for r in svg.iter(f"{SVG}rect") if r.get("class") in ("piece", "padding")]
    per_minute = {float(r.get("width")) / float(r.get("data-minutes")) for r in rects}
    assert max(per_minute) - min(per_minute) < 0.01


def test_text_in_a_picture_is_escaped():
    policy = BOOK["vmi-se"].policy.model_copy(update={"name": "<script>&"})
    svg = week_svg(policy)
    assert "<script>" not in svg
    drawn(svg)


def test_a_week_covers_every_day_from_midnight_to_midnight():
    svg = drawn(week_svg(BOOK["alesund-data-no"].policy))
    days: dict[str, float] = {}
    for tile in svg.iter(f"{SVG}rect"):
        if tile.get("class") == "tile":
            days[tile.get("data-day")] = days.get(tile.get("data-day"), 0) + float(
                tile.get("height")
            )
    assert list(days) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]
    assert len({round(h, 2) for h in days.values()}) == 1
    assert re.search(r"data-office=\"true\"", ElementTree.tostring(svg, encoding="unicode"))
