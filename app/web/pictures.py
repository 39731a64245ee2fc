"""Pictures as SVG text, drawn from engine values: a quote's timeline and a policy's week.

Pure functions, no browser needed: shapes carry `data-` attributes (band, minutes, billable) so
tests can check the drawing against the quote. Colour is never the only cue: free time is
hatched, rounding padding cross-hatched with a dashed edge, and pieces wide enough are labelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from html import escape

from app.engine import WEEKDAYS, Language, Policy, TimeRange, Trace, TracedSitting, day_tiles
from app.web.labels import words

# Dark enough for white labels (contrast 4.5:1 or more), told apart in grey print by labels.
PALETTE = ("#2b6cb0", "#975a16", "#553c9a", "#c53030", "#276749", "#4a5568", "#702459")
INK = "#1a202c"
WIDTH = 900
ROW = 122
LEGEND = 34


def band_colours(policy: Policy) -> dict[str, str]:
    """Return a colour per band id of a policy, in the order of its file."""
    return {band.id: PALETTE[i % len(PALETTE)] for i, band in enumerate(policy.bands)}


def _patterns(colours: dict[str, str]) -> str:
    defs = []
    for band, colour in colours.items():
        defs.append(
            f'<pattern id="free-{band}" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colour}" stroke-width="2"/></pattern>'
            f'<pattern id="pad-{band}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" '
            f'stroke="{colour}" stroke-width="1.2"/></pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>"


def _svg(height: float, title: str, description: str, body: Iterable[str], **data: str) -> str:
    attributes = "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{data.get("id", "pic")}-title '
        f'{data.get("id", "pic")}-desc" font-family="system-ui, sans-serif" font-size="12" '
        f'class="picture"{attributes}>'
        f'<title id="{data.get("id", "pic")}-title">{escape(title)}</title>'
        f'<desc id="{data.get("id", "pic")}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _legend(
    colours: dict[str, str], multipliers: dict[str, str], y: float, words: Mapping[str, str]
) -> list[str]:
    parts, x = [], 0.0
    for band, colour in colours.items():
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{y + 11}" fill="{INK}">{escape(band)} '
            f"×{escape(multipliers[band])}</text>"
        )
        x += 30 + 7.2 * (len(band) + len(multipliers[band]) + 2)
    first = next(iter(colours))
    free, padded, edge = (escape(words[k]) for k in ("free", "padding_legend", "office_edge"))
    after_free = x + 30 + 7.2 * len(words["free"])
    after_padding = after_free + 30 + 7.2 * len(words["padding_legend"])
    parts.append(
        f'<rect x="{x}" y="{y}" width="14" height="14" fill="url(#free-{first})" '
        f'stroke="{INK}" stroke-width="0.5"/>'
        f'<text x="{x + 18}" y="{y + 11}" fill="{INK}">{free}</text>'
        f'<rect x="{after_free:.1f}" y="{y}" width="14" height="14" fill="url(#pad-{first})" '
        f'stroke="{INK}" stroke-dasharray="3 2"/>'
        f'<text x="{after_free + 18:.1f}" y="{y + 11}" fill="{INK}">{padded}</text>'
        f'<line x1="{after_padding:.1f}" y1="{y - 2}" x2="{after_padding:.1f}" y2="{y + 16}" '
        f'stroke="{INK}" stroke-width="2" stroke-dasharray="4 2"/>'
        f'<text x="{after_padding + 6:.1f}" y="{y + 11}" fill="{INK}">{edge}</text>'
    )
    return parts


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _row(
    sitting: TracedSitting,
    number: int,
    top: float,
    colours: dict[str, str],
    words: Mapping[str, str],
) -> list[str]:
    """Draw one sitting: label, worked pieces, padding, surrounding bands, office edges, hours."""
    first, last = sitting.window[0].start, sitting.window[-1].end
    span = (last - first).total_seconds() or 1.0
    left, width = 8.0, WIDTH - 16.0

    def x(moment: datetime) -> float:
        return left + width * (moment - first).total_seconds() / span

    label = (
        f"{words['sitting']} {number}: {sitting.start:%Y-%m-%d} {_clock(sitting.start)}–"
        f"{_clock(sitting.end)}"
        + (
            f" ({words['ends']} {sitting.end:%Y-%m-%d})"
            if sitting.end.date() != sitting.start.date()
            else ""
        )
        + f" · {sitting.channel}"
    )
    holidays = "; ".join(f"{day:%Y-%m-%d}: {name}" for day, name in sitting.holidays)
    parts = [
        f'<g class="sitting" data-sitting="{number}">',
        f'<text x="{left}" y="{top + 13}" fill="{INK}" font-weight="600">{escape(label)}</text>',
    ]
    if holidays:
        parts.append(
            f'<text x="{WIDTH - 8}" y="{top + 13}" text-anchor="end" fill="#c53030" '
            f'class="holiday">★ {escape(words["holiday"])} — {escape(holidays)}</text>'
        )
    bar, height = top + 20, 34.0
    for piece in sitting.pieces:
        x0, x1 = x(piece.start), x(piece.end)
        colour = colours[piece.band]
        fill = colour if piece.billable else f"url(#free-{piece.band})"
        state = words["billable"] if piece.billable else words["free"]
        parts.append(
            f'<rect class="piece" x="{x0:.2f}" y="{bar}" width="{max(x1 - x0, 0.5):.2f}" '
            f'height="{height}" fill="{fill}" stroke="{colour}" data-band="{piece.band}" '
            f'data-billable="{str(piece.billable).lower()}" data-minutes="{piece.minutes:.2f}">'
            f"<title>{escape(piece.band)} ×{piece.multiplier}, {_clock(piece.start)}–"
            f"{_clock(piece.end)}, {piece.minutes:g} min {state}</title></rect>"
        )
        text = f"{piece.band} · {state}" if piece.billable else f"{state} ({piece.band})"
        if x1 - x0 > 7 * len(text) + 8:
            ink = "#fff" if piece.billable else INK
            background = "" if piece.billable else ' paint-order="stroke" stroke="#fff"'
            parts.append(
                f'<text x="{(x0 + x1) / 2:.2f}" y="{bar + 21}" text-anchor="middle" '
                f'fill="{ink}"{background} stroke-width="3">{escape(text)}</text>'
            )
    padding = sitting.padding
    if padding is not None:
        x0 = x(padding.start)
        x1 = x(padding.start + timedelta(minutes=padding.minutes))
        parts.append(
            f'<rect class="padding" x="{x0:.2f}" y="{bar}" width="{x1 - x0:.2f}" '
            f'height="{height}" fill="url(#pad-{padding.band})" stroke="{INK}" '
            f'stroke-dasharray="4 2" data-band="{padding.band}" '
            f'data-minutes="{padding.minutes:.2f}"><title>{padding.minutes:g} min '
            f"{escape(words['rounding'])}: {escape(padding.band)} ({escape(padding.clause)})"
            "</title></rect>"
            f'<text x="{min(max((x0 + x1) / 2, 70), WIDTH - 70):.2f}" y="{bar + height + 56}" '
            f'text-anchor="middle" fill="{INK}" class="padding-label">+{padding.minutes:g} min '
            f"{escape(words['rounding'])} ({escape(padding.clause)})</text>"
        )
    strip = bar + height + 4
    for piece in sitting.window:
        x0, x1 = x(piece.start), x(piece.end)
        parts.append(
            f'<rect class="context" x="{x0:.2f}" y="{strip}" width="{x1 - x0:.2f}" height="8" '
            f'fill="{colours[piece.band]}" opacity="0.55" data-band="{piece.band}"/>'
        )
    for before, after in zip(sitting.window, sitting.window[1:], strict=False):
        if before.inside_office_hours != after.inside_office_hours:
            edge = x(after.start)
            word = words["office_start"] if after.inside_office_hours else words["office_end"]
            parts.append(
                f'<line class="office-edge" x1="{edge:.2f}" y1="{bar - 4}" x2="{edge:.2f}" '
                f'y2="{strip + 10}" stroke="{INK}" stroke-width="2" stroke-dasharray="4 2">'
                f"<title>{word} {_clock(after.start)}</title></line>"
            )
    hours = int(span // 3600)
    step = max(1, -(-hours // 12))
    tick = first
    while tick <= last:
        tx = x(tick)
        anchor = "start" if tick == first else "end" if tick == last else "middle"
        day = f" {tick:%-d %b}" if tick.hour == 0 and tick != first else ""
        parts.append(
            f'<line x1="{tx:.2f}" y1="{strip + 8}" x2="{tx:.2f}" y2="{strip + 13}" '
            f'stroke="{INK}"/><text x="{tx:.2f}" y="{strip + 25}" text-anchor="{anchor}" '
            f'fill="{INK}" font-size="11">{_clock(tick)}{day}</text>'
        )
        tick += timedelta(hours=step)
    parts.append("</g>")
    return parts


def timeline_svg(trace: Trace, language: Language = "en") -> str:
    """Draw each sitting of a traced quote on its own time axis, coloured by rate band."""
    policy = trace.policy
    said = words(language)
    colours = band_colours(policy)
    multipliers = {band.id: f"{band.multiplier:.2f}" for band in policy.bands}
    body = [_patterns(colours), *_legend(colours, multipliers, 6, said)]
    for number, sitting in enumerate(trace.sittings, start=1):
        body += _row(sitting, number, LEGEND + (number - 1) * ROW, colours, said)
    free = sum(p.minutes for s in trace.sittings for p in s.pieces if not p.billable)
    billable = sum(p.minutes for s in trace.sittings for p in s.pieces if p.billable)
    padded = sum(s.padding.minutes for s in trace.sittings if s.padding)
    description = (
        f"{len(trace.sittings)} sitting(s) in {policy.calendar.timezone} time: "
        f"{billable:g} min billable, {free:g} min free, {padded:g} min of rounding padding "
        "billed. The table below lists every piece."
    )
    height = LEGEND + ROW * len(trace.sittings)
    return _svg(height, said["timeline_title"], description, body, id="timeline")


def _clock_of(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def week_svg(policy: Policy, day_names: Sequence[str] | None = None) -> str:
    """Draw a policy's week as a grid: a column per weekday and one for holidays, bands by hour."""
    colours = band_colours(policy)
    indexed: list[tuple[TimeRange, int]] = [(band, i) for i, band in enumerate(policy.bands)]
    working = set(policy.calendar.working_weekdays)
    columns: list[tuple[str, str]] = [
        (day, "working" if day in working else "non_working") for day in WEEKDAYS
    ]
    columns.append(("holiday", "non_working"))
    names = list(day_names or [d.capitalize() for d in WEEKDAYS] + ["Holiday"])
    left, top, hour = 46.0, 28.0, 18.0
    width = (WIDTH - left - 4) / len(columns)
    body = [_patterns(colours)]
    for h in range(0, 25, 2):
        y = top + h * hour
        body.append(
            f'<line x1="{left - 4}" y1="{y}" x2="{WIDTH - 4}" y2="{y}" stroke="#cbd5e0"/>'
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" fill="{INK}" '
            f'font-size="11">{h:02d}:00</text>'
        )
    for column, ((day, kind), name) in enumerate(zip(columns, names, strict=True)):
        x = left + column * width
        body.append(
            f'<text x="{x + width / 2:.2f}" y="{top - 10}" text-anchor="middle" fill="{INK}" '
            f'font-weight="600">{escape(name)}</text>'
        )
        for lo, hi, index, inside in day_tiles(indexed, policy.office_hours, kind):
            band = policy.bands[index]
            y0, y1 = top + lo / 60 * hour, top + hi / 60 * hour
            body.append(
                f'<rect class="tile" x="{x + 1:.2f}" y="{y0:.2f}" width="{width - 2:.2f}" '
                f'height="{y1 - y0:.2f}" fill="{colours[band.id]}" data-day="{day}" '
                f'data-band="{band.id}" data-from="{_clock_of(lo)}" data-to="{_clock_of(hi)}" '
                f'data-office="{str(inside).lower()}"><title>{escape(name)} {_clock_of(lo)}–'
                f"{_clock_of(hi)}: {escape(band.id)} ×{band.multiplier:.2f} ({band.clause})"
                f"{', office hours' if inside else ''}</title></rect>"
            )
            if y1 - y0 >= 34:
                middle = (y0 + y1) / 2
                body.append(
                    f'<text x="{x + width / 2:.2f}" y="{middle - 2:.2f}" text-anchor="middle" '
                    f'fill="#fff" font-size="11">{escape(band.id)}</text>'
                    f'<text x="{x + width / 2:.2f}" y="{middle + 12:.2f}" text-anchor="middle" '
                    f'fill="#fff" font-size="11">×{band.multiplier:.2f}</text>'
                )
            if inside:
                body.append(
                    f'<rect class="office" x="{x + 3:.2f}" y="{y0 + 2:.2f}" '
                    f'width="{width - 6:.2f}" height="{y1 - y0 - 4:.2f}" fill="none" '
                    f'stroke="#fff" stroke-width="2.5" stroke-dasharray="6 3"/>'
                )
    description = (
        f"The week of {policy.name} in {policy.calendar.timezone} time: each column a day, "
        "from 00:00 at the top to 24:00 at the bottom, coloured by rate band; office hours "
        "outlined with a dashed line. The lists below say the same in words."
    )
    height = top + 24 * hour + 6
    return _svg(height, f"Week of {policy.id}", description, body, id="week")
