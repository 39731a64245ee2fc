"""The pictures are SVG text drawn from engine values, checked without a browser."""

import re
from xml.etree import ElementTree

import pytest

from app.engine import QuoteRequest, load_policies, trace
from app.web.pictures import COMPACT, WIDE
from app.web.timeline_picture import stretches, timeline_svg
from app.web.week_picture import week_svg

BOOK = load_policies()
SVG = "{http://www.w3.org/2000/svg}"


def drawn(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def traced(*sittings, policy="alesund-data-no"):
    asked = QuoteRequest.model_validate(
        {
            "policy": policy,
            "channel": "remote",
            "ticket_id": "T",
            "sessions": [{"start": start, "end": end} for start, end in sittings],
        }
    )
    return trace(asked, BOOK)


def shapes(svg: ElementTree.Element, *kinds: str) -> list[ElementTree.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if r.get("class") in kinds]


def test_a_timeline_marks_free_and_billable_time_padding_office_hours_and_holidays():
    svg = drawn(
        timeline_svg(
            traced(
                ("2026-04-02T15:30:00+02:00", "2026-04-02T15:50:00+02:00"),
                ("2026-03-31T15:00:00+02:00", "2026-03-31T16:30:00+02:00"),
            )
        )
    )
    assert svg.find(f"{SVG}title").text == "Timeline of the work by rate band"
    assert "one time scale" in svg.find(f"{SVG}desc").text
    rows = [g for g in svg.findall(f"{SVG}g") if g.get("class") == "stretch"]
    assert len(rows) == 2  # two days apart: two rows, the pause written between them
    first = [
        (r.get("data-band"), r.get("data-billable"), r.get("data-minutes"))
        for r in shapes(rows[0], "piece")
    ]
    assert first == [("normal", "false", "60.00"), ("evening", "true", "30.00")]
    # Maundy Thursday is a holiday in Norway: billable at the holiday rate, and the rounding
    # (50 billable minutes to a first hour) pads the later sitting, in its band
    second = shapes(rows[1], "piece", "padding")
    assert [(r.get("class"), r.get("data-band"), r.get("data-minutes")) for r in second] == [
        ("piece", "weekend_holiday", "20.00"),
        ("padding", "weekend_holiday", "10.00"),
    ]
    assert "Maundy Thursday" in "".join(rows[1].itertext())
    assert "1 d 23 h later" in "".join(svg.itertext())
    assert len([e for e in rows[0].iter(f"{SVG}line") if e.get("class") == "office-edge"]) == 1
    assert not [e for e in rows[1].iter(f"{SVG}line") if e.get("class") == "office-edge"]


@pytest.mark.parametrize("frame", [WIDE, COMPACT])
def test_every_sitting_is_drawn_on_one_time_scale(frame):
    """A 20-minute sitting is a third as wide as a 60-minute piece, whatever its row."""
    svg = drawn(
        timeline_svg(
            traced(
                ("2026-03-03T09:00:00+01:00", "2026-03-03T09:20:00+01:00"),
                ("2026-03-05T15:00:00+01:00", "2026-03-05T18:10:00+01:00"),
            ),
            frame=frame,
        )
    )
    drawn_shapes = shapes(svg, "piece", "padding")
    per_minute = [float(r.get("width")) / float(r.get("data-minutes")) for r in drawn_shapes]
    assert max(per_minute) - min(per_minute) < 0.001 * max(per_minute)
    assert svg.get("data-frame") == frame.name


def test_sittings_close_together_share_a_row_with_the_gap_drawn_empty():
    sittings = traced(
        ("2026-03-03T09:00:00+01:00", "2026-03-03T09:20:00+01:00"),
        ("2026-03-03T10:40:00+01:00", "2026-03-03T11:30:00+01:00"),
    )
    assert [len(row.sittings) for row in stretches(sittings)] == [2]
    svg = drawn(timeline_svg(sittings))
    pieces = shapes(svg, "piece")
    first_end = max(float(r.get("x")) + float(r.get("width")) for r in pieces[:1])
    second_start = float(pieces[-1].get("x"))
    per_minute = float(pieces[0].get("width")) / float(pieces[0].get("data-minutes"))
    # 80 minutes of no work between them take 80 minutes of width
    assert second_start - first_end == pytest.approx(80 * per_minute, rel=0.01)
    assert "Sittings 1–2" in "".join(svg.itertext())


def test_a_timeline_across_a_daylight_saving_change_is_drawn_as_time_passed():
    """01:30–03:30 on 2026-03-29 in Oslo is 60 minutes worked: its width is 60 minutes."""
    svg = drawn(timeline_svg(traced(("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00"))))
    pieces = shapes(svg, "piece")
    assert sum(float(r.get("data-minutes")) for r in pieces) == 60
    per_minute = [float(r.get("width")) / float(r.get("data-minutes")) for r in pieces]
    assert max(per_minute) - min(per_minute) < 0.001 * max(per_minute)


def test_a_timeline_speaks_the_language_asked():
    svg = timeline_svg(traced(("2026-03-02T15:30:00+01:00", "2026-03-02T17:10:00+01:00")), "sv")
    text = "".join(drawn(svg).itertext())
    assert "kväll · debiteras" in text
    assert "mån 2 mar 2026" in text
    assert "fjärrstyrt" in text
    assert "evening" not in text and "remote" not in text


def test_text_in_a_picture_is_escaped():
    policy = BOOK["vmi-se"].policy.model_copy(update={"name": "<script>&"})
    compiled = BOOK["vmi-se"]
    original = compiled.policy
    compiled.policy = policy
    try:
        svg = week_svg(compiled)
    finally:
        compiled.policy = original
    assert "<script>" not in svg
    drawn(svg)


@pytest.mark.parametrize("frame", [WIDE, COMPACT])
def test_a_week_covers_every_day_from_midnight_to_midnight(frame):
    svg = drawn(week_svg(BOOK["alesund-data-no"], frame=frame))
    days: dict[str, float] = {}
    size = "height" if frame is WIDE else "width"
    for tile in shapes(svg, "tile"):
        days[tile.get("data-day")] = days.get(tile.get("data-day"), 0) + float(tile.get(size))
    assert list(days) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]
    assert len({round(h, 1) for h in days.values()}) == 1
    assert re.search(r"data-office=\"true\"", ElementTree.tostring(svg, encoding="unicode"))


def test_alesunds_week_shows_office_hours_free_under_the_agreement():
    svg = drawn(week_svg(BOOK["alesund-data-no"]))
    tiles = shapes(svg, "tile")
    assert {(t.get("data-office"), t.get("data-billable")) for t in tiles} == {
        ("true", "false"),
        ("false", "true"),
    }
    free = [t for t in tiles if t.get("data-billable") == "false"]
    assert {t.get("data-day") for t in free} == {"mon", "tue", "wed", "thu", "fri"}
    assert all(t.get("fill").startswith("url(#") for t in free)  # hatched
    legend = ["".join(key.itertext()) for key in svg.iter(f"{SVG}g") if key.get("class") == "key"]
    assert "free under the agreement (ad:agreement)" in legend
    assert "solid: billable" in legend
    assert "Office hours" in legend
    assert any(text.startswith("evening ×1.40") for text in legend)


def test_vmis_week_is_one_band_billable_at_every_hour_and_says_so():
    svg = drawn(week_svg(BOOK["vmi-se"], "sv"))
    tiles = shapes(svg, "tile")
    assert {t.get("data-band") for t in tiles} == {"standard"}
    assert {t.get("data-billable") for t in tiles} == {"true"}
    legend = ["".join(key.itertext()) for key in svg.iter(f"{SVG}g") if key.get("class") == "key"]
    assert legend == ["normalpris ×1.00 (vmi:1.3)", "helfärgat: debiteras"]
    assert "normalpris" in "".join(svg.itertext())
    assert not shapes(svg, "office")


def test_a_long_heading_is_wrapped_to_fit_a_phone():
    """A sitting over midnight on a holiday: every line of text fits the compact picture."""
    svg = drawn(
        timeline_svg(
            traced(("2026-05-16T22:30:00+02:00", "2026-05-17T01:10:00+02:00")), "nb", COMPACT
        )
    )
    lines = [t for t in svg.iter(f"{SVG}text") if t.get("class") in ("heading", "holiday")]
    assert len(lines) >= 3
    assert all(COMPACT.text_width(t.text) <= COMPACT.width - 16 for t in lines)
    assert "slutter" in " ".join(t.text for t in lines)
