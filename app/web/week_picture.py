"""A policy's week as SVG: for each weekday and for holidays, the rate band of every hour and
whether ordinary support is free under the agreement or billable then.

Wide, a column per day from 00:00 at the top to 24:00 at the bottom; compact, a row per day from
00:00 at the left to 24:00 at the right. Free time is hatched in its band's colour, billable time
solid; office hours are outlined with a dashed line. The coverage is the engine's decision for
ordinary support (`ordinary_support`), never worked out here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.engine import (
    WEEKDAYS,
    Band,
    CompiledPolicy,
    Language,
    TimeRange,
    day_tiles,
    ordinary_support,
)
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
from app.web.vocabulary import term

HOUR_WIDE = 18.0
ROW_COMPACT = 30.0


@dataclass(frozen=True, slots=True)
class Tile:
    """Hours of one day in one band, on one side of office hours, free or billable."""

    day: str
    start: int
    end: int
    band: Band
    office: bool
    billable: bool


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def week_tiles(compiled: CompiledPolicy) -> tuple[list[Tile], str]:
    """Return the week's tiles, and the clause that makes ordinary support free (if any)."""
    policy = compiled.policy
    channel = "remote" if "remote" in policy.channels.allowed else policy.channels.allowed[0]
    decision, inside, outside = ordinary_support(compiled.coverage, channel)
    indexed: list[tuple[TimeRange, int]] = [(band, i) for i, band in enumerate(policy.bands)]
    working = set(policy.calendar.working_weekdays)
    tiles = []
    for day in (*WEEKDAYS, "holiday"):
        kind = "working" if day in working else "non_working"
        for lo, hi, index, office in day_tiles(indexed, policy.office_hours, kind):
            billable = inside if office else outside
            tiles.append(Tile(day, lo, hi, policy.bands[index], office, billable))
    free_clause = decision.free_because[0].clause if decision.free_because else ""
    return tiles, free_clause


class _Week:
    """One week picture being drawn in one frame and language."""

    def __init__(self, compiled: CompiledPolicy, frame: Frame, language: Language) -> None:
        self.policy = compiled.policy
        self.frame, self.language, self.said = frame, language, words(language)
        self.colours = band_colours(self.policy)
        self.prefix = f"w{frame.name[0]}-"
        self.tiles, self.free_clause = week_tiles(compiled)

    def tile(self, tile: Tile, x: float, y: float, w: float, h: float) -> list[str]:
        band, said = tile.band, self.said
        colour = self.colours[band.id]
        name = term(self.language, "band", band.id)
        state = said["billable"] if tile.billable else said["free_agreement"]
        fill = colour if tile.billable else f"url(#{self.prefix}free-{band.id})"
        day = term(self.language, "weekday", tile.day)
        office = f", {said['office'].lower()}" if tile.office else ""
        parts = [
            f'<rect class="tile" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
            f'fill="{fill}" stroke="{colour}" data-day="{tile.day}" data-band="{band.id}" '
            f'data-from="{_clock(tile.start)}" data-to="{_clock(tile.end)}" '
            f'data-office="{str(tile.office).lower()}" '
            f'data-billable="{str(tile.billable).lower()}"><title>{escape(day)} '
            f"{_clock(tile.start)}–{_clock(tile.end)}: {escape(name)} ×{band.multiplier:.2f} "
            f"({band.clause}), {escape(state)}{escape(office)}</title></rect>"
        ]
        short = said["billable"] if tile.billable else said["free"]
        size = self.frame.font - 1
        if self.frame is COMPACT:  # one line: the longest that fits the tile's width
            choices = [f"{name} ×{band.multiplier:.2f}", f"×{band.multiplier:.2f}"]
        else:  # a line each, those that fit, as many as the tile's height holds
            choices = [name, f"×{band.multiplier:.2f}", short]
        lines = [t for t in choices if self.frame.text_width(t, size) + 6 <= w]
        lines = lines[: 1 if self.frame is COMPACT else max(0, int((h - 6) // (size + 3)))]
        ink = "#fff" if tile.billable else INK
        halo = "" if tile.billable else ' paint-order="stroke" stroke="#fff" stroke-width="3"'
        first = y + h / 2 - (len(lines) - 1) * (size + 3) / 2 + size / 3
        for i, text in enumerate(lines):
            parts.append(
                f'<text x="{x + w / 2:.2f}" y="{first + i * (size + 3):.2f}" text-anchor="middle" '
                f'fill="{ink}" font-size="{size:g}"{halo}>{escape(text)}</text>'
            )
        if tile.office:
            parts.append(
                f'<rect class="office" x="{x + 2:.2f}" y="{y + 2:.2f}" width="{w - 4:.2f}" '
                f'height="{h - 4:.2f}" fill="none" stroke="{INK}" stroke-width="2" '
                f'stroke-dasharray="6 3"/>'
            )
        return parts

    def grid(self, top: float) -> tuple[list[str], float]:
        """Draw the days: columns (wide) or rows (compact); return them and their height."""
        days = [*WEEKDAYS, "holiday"]
        compact = self.frame is COMPACT
        short = "weekday_short"
        body = []
        if compact:
            left, width = 76.0, self.frame.width - 80.0
            for h in range(0, 25, 6):
                x = left + width * h / 24
                anchor = "start" if h == 0 else "end" if h == 24 else "middle"
                body.append(
                    f'<text x="{x:.1f}" y="{top + 10}" text-anchor="{anchor}" fill="{INK}" '
                    f'font-size="{self.frame.font - 1:g}">{h:02d}:00</text>'
                    f'<line x1="{x:.1f}" y1="{top + 14}" x2="{x:.1f}" '
                    f'y2="{top + 16 + ROW_COMPACT * len(days):.1f}" stroke="#cbd5e0"/>'
                )
            for row, day in enumerate(days):
                y = top + 16 + row * ROW_COMPACT
                body.append(
                    f'<text x="0" y="{y + ROW_COMPACT / 2 + 4:.1f}" fill="{INK}" '
                    f'font-weight="600">{escape(term(self.language, short, day))}</text>'
                )
                for tile in (t for t in self.tiles if t.day == day):
                    x0 = left + width * tile.start / 1440
                    x1 = left + width * tile.end / 1440
                    body += self.tile(tile, x0, y + 2, x1 - x0, ROW_COMPACT - 4)
            return body, 20 + ROW_COMPACT * len(days)
        left = 46.0
        width = (self.frame.width - left - 4) / len(days)
        grid_top = top + 22
        for h in range(0, 25, 2):
            y = grid_top + h * HOUR_WIDE
            body.append(
                f'<line x1="{left - 4}" y1="{y}" x2="{self.frame.width - 4}" y2="{y}" '
                f'stroke="#cbd5e0"/><text x="{left - 8}" y="{y + 4}" text-anchor="end" '
                f'fill="{INK}" font-size="11">{h:02d}:00</text>'
            )
        for column, day in enumerate(days):
            x = left + column * width
            body.append(
                f'<text x="{x + width / 2:.2f}" y="{grid_top - 10}" text-anchor="middle" '
                f'fill="{INK}" font-weight="600">{escape(term(self.language, short, day))}</text>'
            )
            for tile in (t for t in self.tiles if t.day == day):
                y0 = grid_top + tile.start / 60 * HOUR_WIDE
                y1 = grid_top + tile.end / 60 * HOUR_WIDE
                body += self.tile(tile, x + 1, y0, width - 2, y1 - y0)
        return body, 22 + 24 * HOUR_WIDE + 6

    def draw(self) -> str:
        said, policy = self.said, self.policy
        swatches = band_swatches(policy, self.colours, self.language, clauses=True)
        first = policy.bands[0].id
        if any(not tile.billable for tile in self.tiles):
            swatches.append(
                Swatch("free", first, INK, f"{said['free_agreement']} ({self.free_clause})")
            )
        swatches.append(Swatch("solid", first, self.colours[first], said["billable_solid"]))
        if policy.office_hours is not None:
            swatches.append(Swatch("office", first, INK, said["office"]))
        key, key_height = legend(self.frame, swatches, 4, self.prefix)
        grid, grid_height = self.grid(key_height + 14)
        body = [patterns(self.colours, self.prefix), key, *grid]
        height = key_height + 14 + grid_height
        description = said["week_desc"].format(name=policy.name, zone=policy.calendar.timezone)
        title = f"{said['the_week']}: {policy.name}"
        name = "week" if self.frame is WIDE else "week-compact"
        return svg(self.frame, height, title, description, body, name)


def week_svg(compiled: CompiledPolicy, language: Language = "en", frame: Frame = WIDE) -> str:
    """Draw a policy's week: bands by hour, and where ordinary support is free or billable."""
    return _Week(compiled, frame, language).draw()
