"""What the pictures share: colours per band, the hatching of free time, the frame, the legend.

The pictures are SVG text drawn from engine values (`timeline_picture`, `week_picture`): pure
functions, no browser needed. Shapes carry `data-` attributes (band, minutes, billable) so tests
can check a drawing against the quote. Colour is never the only cue: free time is hatched,
rounding padding cross-hatched with a dashed edge, and shapes wide enough are labelled. Each
picture comes wide (a desk) and compact (a phone, 360 units wide with larger type); the page's
style shows the one that fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from app.engine import Language, Policy
from app.web.vocabulary import term

# Dark enough for white labels (contrast 4.5:1 or more), told apart in grey print by labels.
PALETTE = ("#2b6cb0", "#975a16", "#553c9a", "#c53030", "#276749", "#4a5568", "#702459")
INK = "#1a202c"


@dataclass(frozen=True, slots=True)
class Frame:
    """A picture's width and type size: `wide` for a desk, `compact` for a phone."""

    name: str
    width: float
    font: float

    def text_width(self, text: str, size: float | None = None) -> float:
        """Return about how wide a text is drawn (system-ui averages about 0.55 em a character)."""
        return 0.55 * (size or self.font) * len(text)


WIDE = Frame("wide", 900, 12)
COMPACT = Frame("compact", 360, 13)


@dataclass(frozen=True, slots=True)
class Swatch:
    """One entry of a legend: how it is drawn (`solid`, `free`, `padding`, `edge`, `office`)."""

    look: str
    band: str
    colour: str
    text: str


def band_swatches(
    policy: Policy, colours: dict[str, str], language: Language, *, clauses: bool
) -> list[Swatch]:
    """Return a legend entry per band of a policy: its name and multiplier (and its clause)."""
    return [
        Swatch(
            "solid",
            band.id,
            colours[band.id],
            f"{term(language, 'band', band.id)} ×{band.multiplier:.2f}"
            + (f" ({band.clause})" if clauses else ""),
        )
        for band in policy.bands
    ]


def band_colours(policy: Policy) -> dict[str, str]:
    """Return a colour per band id of a policy, in the order of its file."""
    return {band.id: PALETTE[i % len(PALETTE)] for i, band in enumerate(policy.bands)}


def patterns(colours: dict[str, str], prefix: str) -> str:
    """Return the hatchings of free time and of padding per band (ids unique per picture)."""
    defs = []
    for band, colour in colours.items():
        defs.append(
            f'<pattern id="{prefix}free-{band}" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colour}" stroke-width="2.5"/></pattern>'
            f'<pattern id="{prefix}pad-{band}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" '
            f'stroke="{colour}" stroke-width="1.2"/></pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>"


def svg(
    frame: Frame, height: float, title: str, description: str, body: Iterable[str], id: str
) -> str:
    """Return the picture: its title and description for screen readers, then its shapes."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" '
        f'font-size="{frame.font:g}" class="picture {frame.name}" data-id="{id}" '
        f'data-frame="{frame.name}"><title id="{id}-title">{escape(title)}</title>'
        f'<desc id="{id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def legend(frame: Frame, swatches: Sequence[Swatch], top: float, prefix: str) -> tuple[str, float]:
    """Draw a legend from `top`, wrapping to the width; return it and the height it takes."""
    parts, x, y, line = [], 0.0, top, frame.font + 8
    for swatch in swatches:
        wide = 22 + frame.text_width(swatch.text)
        if x > 0 and x + wide > frame.width:
            x, y = 0.0, y + line
        parts.append(f'<g class="key" data-look="{swatch.look}">' + _swatch(swatch, x, y, prefix))
        parts.append(
            f'<text x="{x + 19:.1f}" y="{y + frame.font - 1:.1f}" fill="{INK}">'
            f"{escape(swatch.text)}</text></g>"
        )
        x += wide + 14
    return "".join(parts), y + line - top


def _swatch(swatch: Swatch, x: float, y: float, prefix: str) -> str:
    box = f'x="{x:.1f}" y="{y:.1f}" width="14" height="14"'
    if swatch.look == "solid":
        return f'<rect {box} fill="{swatch.colour}"/>'
    if swatch.look == "free":
        fill = f"url(#{prefix}free-{swatch.band})"
        return f'<rect {box} fill="{fill}" stroke="{INK}" stroke-width=".5"/>'
    if swatch.look == "padding":
        fill = f"url(#{prefix}pad-{swatch.band})"
        return f'<rect {box} fill="{fill}" stroke="{INK}" stroke-dasharray="3 2"/>'
    if swatch.look == "office":
        return f'<rect {box} fill="none" stroke="{INK}" stroke-width="2" stroke-dasharray="4 2"/>'
    return (
        f'<line x1="{x + 7:.1f}" y1="{y - 2:.1f}" x2="{x + 7:.1f}" y2="{y + 16:.1f}" '
        f'stroke="{INK}" stroke-width="2" stroke-dasharray="4 2"/>'
    )
