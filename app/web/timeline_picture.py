"""A quote's timeline as SVG: every sitting on one time scale, coloured by rate band.

Sittings close together (at most `DRAWN_GAP` apart) share a row and the time between them is
drawn, empty; a longer pause starts a new row, and the time it lasted is written between the
rows. Every row uses the same minutes per unit of width, so a wider shape is always more time.
Positions come from UTC instants, so a day with a daylight-saving change is drawn as it passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape

from app.engine import Language, Trace, TracedSitting
from app.web.labels import words
from app.web.pictures import (
    COMPACT,
    INK,
    WIDE,
    Frame,
    Swatch,
    band_colours,
    band_swatches,
    legend,
    patterns,
    svg,
)
from app.web.vocabulary import date_text, term

DRAWN_GAP = timedelta(hours=2)
TICK_STEPS = (1, 2, 3, 4, 6, 12, 24)
BAR = 34.0
GAP_ROW = 24.0


@dataclass(slots=True)
class Stretch:
    """Sittings drawn on one row: their numbers, and the local time the row spans."""

    sittings: list[tuple[int, TracedSitting]]
    start: datetime
    end: datetime
    pause_before: timedelta | None = field(default=None)


def stretches(trace: Trace) -> list[Stretch]:
    """Return the rows of a timeline: sittings at most `DRAWN_GAP` apart share one."""
    rows: list[Stretch] = []
    for number, sitting in enumerate(trace.sittings, start=1):
        first, last = sitting.window[0].start, sitting.window[-1].end
        if rows and _seconds(rows[-1].end, first) <= DRAWN_GAP.total_seconds():
            rows[-1].sittings.append((number, sitting))
            rows[-1].end = max(rows[-1].end, last, key=datetime.timestamp)
        else:
            before = rows[-1].sittings[-1][1].end if rows else None
            pause = timedelta(seconds=_seconds(before, sitting.start)) if before else None
            rows.append(Stretch([(number, sitting)], first, last, pause))
    return rows


def _seconds(earlier: datetime, later: datetime) -> float:
    """Return the seconds that really passed between two instants (not the wall-clock gap)."""
    return later.timestamp() - earlier.timestamp()


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _duration(pause: timedelta, said: Mapping[str, str]) -> str:
    days, rest = divmod(int(pause.total_seconds()) // 60, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} {said['days_short']}"] if days else []
    parts += [f"{hours} {said['hours']}"] if hours else []
    parts += [f"{minutes} {said['minutes']}"] if minutes and not days else []
    return " ".join(parts) or f"0 {said['minutes']}"


class _Drawing:
    """One timeline being drawn in one frame and language."""

    def __init__(self, trace: Trace, frame: Frame, language: Language) -> None:
        self.frame, self.language, self.said = frame, language, words(language)
        self.colours = band_colours(trace.policy)
        self.prefix = f"t{frame.name[0]}-"
        self.rows = stretches(trace)
        span = max(_seconds(row.start, row.end) for row in self.rows) or 1.0
        self.left = 8.0
        self.per_second = (frame.width - 16.0) / span
        self.step = next(
            (h for h in TICK_STEPS if h * 3600 * self.per_second >= 3.4 * frame.font * 1.1), 24
        )

    def x(self, row: Stretch, moment: datetime) -> float:
        return self.left + _seconds(row.start, moment) * self.per_second

    def heading(self, row: Stretch) -> str:
        said, language = self.said, self.language
        compact = self.frame is COMPACT
        if len(row.sittings) == 1:
            number, sitting = row.sittings[0]
            ends = (
                f" ({said['ends']} {date_text(sitting.end.date(), language, not compact)})"
                if sitting.end.date() != sitting.start.date()
                else ""
            )
            label = "" if compact else f"{said['sitting']} "
            return (
                f"{label}{number}: {date_text(sitting.start.date(), language, not compact)} "
                f"{_clock(sitting.start)}–{_clock(sitting.end)}{ends} · "
                f"{term(language, 'channel', sitting.channel)}"
            )
        numbers = f"{row.sittings[0][0]}–{row.sittings[-1][0]}"
        first = row.sittings[0][1].start
        return f"{said['sittings']} {numbers}: {date_text(first.date(), language, not compact)}"

    def wrapped(self, text: str) -> list[str]:
        """Return a text cut into lines at spaces, each fitting the picture's width."""
        lines: list[str] = []
        for word in text.split(" "):
            joined = f"{lines[-1]} {word}" if lines else word
            if lines and self.frame.text_width(joined) <= self.frame.width - 2 * self.left:
                lines[-1] = joined
            else:
                lines.append(word)
        return lines

    def row(self, row: Stretch, top: float) -> tuple[list[str], float]:
        """Draw one row from `top`: heading, pieces, padding, bands around, edges, hours."""
        frame, said = self.frame, self.said
        parts = [f'<g class="stretch" data-sittings="{len(row.sittings)}">']
        y = top
        for line in self.wrapped(self.heading(row)):
            parts.append(
                f'<text x="{self.left}" y="{y + frame.font + 1:.1f}" fill="{INK}" '
                f'font-weight="600" class="heading">{escape(line)}</text>'
            )
            y += frame.font + 5
        holidays = sorted({day_name for _, s in row.sittings for day_name in s.holidays})
        if holidays:
            text = "; ".join(f"{date_text(d, self.language, False)}: {n}" for d, n in holidays)
            for line in self.wrapped(f"★ {said['holiday']} — {text}"):
                parts.append(
                    f'<text x="{self.left}" y="{y + frame.font:.1f}" fill="#9b2c2c" '
                    f'class="holiday">{escape(line)}</text>'
                )
                y += frame.font + 5
        y += 1
        numbered = len(row.sittings) > 1
        bar = y + (frame.font + 6 if numbered else 4)
        strip = bar + BAR + 4
        parts.append(
            f'<line x1="{self.left}" y1="{strip + 4:.1f}" x2="{self.x(row, row.end):.2f}" '
            f'y2="{strip + 4:.1f}" stroke="#a0aec0" stroke-dasharray="2 3"/>'
        )
        padding_label = False
        for number, sitting in row.sittings:
            parts.append(f'<g class="sitting" data-sitting="{number}">')
            if numbered:
                parts.append(
                    f'<text x="{self.x(row, sitting.start):.2f}" y="{bar - 4:.1f}" '
                    f'fill="{INK}" font-weight="600" class="number">{number}</text>'
                )
            parts += self.pieces(row, sitting, bar)
            parts += self.context(row, sitting, bar, strip)
            if sitting.padding is not None:
                parts += self.padding(row, sitting, bar, strip + 40)
                padding_label = True
            parts.append("</g>")
        parts += self.ticks(row, strip)
        parts.append("</g>")
        bottom = strip + 30 + (frame.font + 8 if padding_label else 0)
        return parts, bottom - top

    def pieces(self, row: Stretch, sitting: TracedSitting, bar: float) -> list[str]:
        parts = []
        for piece in sitting.pieces:
            x0, x1 = self.x(row, piece.start), self.x(row, piece.end)
            colour = self.colours[piece.band]
            fill = colour if piece.billable else f"url(#{self.prefix}free-{piece.band})"
            state = self.said["billable"] if piece.billable else self.said["free"]
            band = term(self.language, "band", piece.band)
            parts.append(
                f'<rect class="piece" x="{x0:.2f}" y="{bar:.1f}" width="{max(x1 - x0, 0.5):.2f}" '
                f'height="{BAR}" fill="{fill}" stroke="{colour}" data-band="{piece.band}" '
                f'data-billable="{str(piece.billable).lower()}" data-minutes="{piece.minutes:.2f}">'
                f"<title>{escape(band)} ×{piece.multiplier}, {_clock(piece.start)}–"
                f"{_clock(piece.end)}, {piece.minutes:g} {self.said['minutes']} {state}</title>"
                "</rect>"
            )
            for text in (f"{band} · {state}", state):
                if x1 - x0 > self.frame.text_width(text) + 8:
                    ink = "#fff" if piece.billable else INK
                    halo = "" if piece.billable else ' paint-order="stroke" stroke="#fff"'
                    parts.append(
                        f'<text x="{(x0 + x1) / 2:.2f}" y="{bar + BAR / 2 + 4:.1f}" '
                        f'text-anchor="middle" fill="{ink}"{halo} stroke-width="3">'
                        f"{escape(text)}</text>"
                    )
                    break
        return parts

    def context(self, row: Stretch, sitting: TracedSitting, bar: float, strip: float) -> list[str]:
        """Draw the bands of the whole hours around a sitting, and where office hours change."""
        parts = []
        for piece in sitting.window:
            x0, x1 = self.x(row, piece.start), self.x(row, piece.end)
            parts.append(
                f'<rect class="context" x="{x0:.2f}" y="{strip:.1f}" width="{x1 - x0:.2f}" '
                f'height="8" fill="{self.colours[piece.band]}" opacity="0.55" '
                f'data-band="{piece.band}"/>'
            )
        for before, after in zip(sitting.window, sitting.window[1:], strict=False):
            if before.inside_office_hours != after.inside_office_hours:
                edge = self.x(row, after.start)
                word = self.said["office_start" if after.inside_office_hours else "office_end"]
                parts.append(
                    f'<line class="office-edge" x1="{edge:.2f}" y1="{bar - 4:.1f}" '
                    f'x2="{edge:.2f}" y2="{strip + 10:.1f}" stroke="{INK}" stroke-width="2" '
                    f'stroke-dasharray="4 2"><title>{escape(word)} {_clock(after.start)}</title>'
                    "</line>"
                )
        return parts

    def padding(self, row: Stretch, sitting: TracedSitting, bar: float, y: float) -> list[str]:
        padding = sitting.padding
        assert padding is not None
        x0 = self.x(row, padding.start)
        x1 = x0 + padding.minutes * 60 * self.per_second
        rounding = self.said["rounding"]
        text = f"+{padding.minutes:g} {self.said['minutes']} {rounding} ({padding.clause})"
        half = self.frame.text_width(text) / 2
        middle = min(max((x0 + x1) / 2, half + 2), self.frame.width - half - 2)
        return [
            f'<rect class="padding" x="{x0:.2f}" y="{bar:.1f}" width="{x1 - x0:.2f}" '
            f'height="{BAR}" fill="url(#{self.prefix}pad-{padding.band})" stroke="{INK}" '
            f'stroke-dasharray="4 2" data-band="{padding.band}" '
            f'data-minutes="{padding.minutes:.2f}"><title>{escape(text)}</title></rect>',
            f'<text x="{middle:.2f}" y="{y:.1f}" text-anchor="middle" fill="{INK}" '
            f'class="padding-label">{escape(text)}</text>',
        ]

    def ticks(self, row: Stretch, strip: float) -> list[str]:
        parts = []
        zone = row.start.tzinfo
        total = _seconds(row.start, row.end)
        count = int(total // (self.step * 3600))
        for k in range(count + 1):
            tick = datetime.fromtimestamp(row.start.timestamp() + k * self.step * 3600, zone)
            tx = self.x(row, tick)
            last = k == count and abs(_seconds(tick, row.end)) < 1
            anchor = "start" if k == 0 else "end" if last else "middle"
            day = ""
            if tick.hour == 0 and k and self.frame is WIDE:
                day = f" {date_text(tick.date(), self.language, False)}"
            parts.append(
                f'<line x1="{tx:.2f}" y1="{strip + 8:.1f}" x2="{tx:.2f}" y2="{strip + 13:.1f}" '
                f'stroke="{INK}"/><text x="{tx:.2f}" y="{strip + 25:.1f}" '
                f'text-anchor="{anchor}" fill="{INK}" font-size="{self.frame.font - 1:g}">'
                f"{_clock(tick)}{escape(day)}</text>"
            )
        return parts

    def draw(self, trace: Trace) -> str:
        said, frame = self.said, self.frame
        policy = trace.policy
        swatches = band_swatches(policy, self.colours, self.language, clauses=False)
        first = policy.bands[0].id
        swatches += [
            Swatch("free", first, INK, said["free"]),
            Swatch("padding", first, INK, said["padding_legend"]),
        ]
        if policy.office_hours is not None:
            swatches.append(Swatch("edge", first, INK, said["office_edge"]))
        key, key_height = legend(frame, swatches, 6, self.prefix)
        body = [patterns(self.colours, self.prefix), key]
        top = key_height + 14
        for row in self.rows:
            if row.pause_before is not None:
                pause = said["later"].format(time=_duration(row.pause_before, said))
                body.append(
                    f'<text x="{frame.width / 2:.1f}" y="{top + 12:.1f}" text-anchor="middle" '
                    f'fill="#4a5568" class="pause">⋯ {escape(pause)} ⋯</text>'
                )
                top += GAP_ROW
            drawn, height = self.row(row, top)
            body += drawn
            top += height + 8
        pieces = [p for s in trace.sittings for p in s.pieces]
        description = said["timeline_desc"].format(
            sittings=len(trace.sittings),
            zone=policy.calendar.timezone,
            billable=f"{sum(p.minutes for p in pieces if p.billable):g}",
            free=f"{sum(p.minutes for p in pieces if not p.billable):g}",
            padded=f"{sum(s.padding.minutes for s in trace.sittings if s.padding):g}",
        )
        name = "timeline" if frame is WIDE else "timeline-compact"
        return svg(frame, top, said["timeline_title"], description, body, name)


def timeline_svg(trace: Trace, language: Language = "en", frame: Frame = WIDE) -> str:
    """Draw the sittings of a traced quote on one time scale, coloured by rate band."""
    return _Drawing(trace, frame, language).draw(trace)
