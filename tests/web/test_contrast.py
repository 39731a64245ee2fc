"""Contrast of the pages' text and the pictures' labels (WCAG 2: 4.5:1 for normal text)."""

import re
from pathlib import Path

import app.web
from app.web.pictures import INK, PALETTE


def contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_labels_on_band_colours_and_ink_on_white_are_readable():
    for colour in PALETTE:
        assert contrast("#ffffff", colour) >= 4.5, colour
    assert contrast(INK, "#ffffff") >= 7


def test_the_pages_text_colours_are_readable_on_white():
    css = (Path(app.web.__file__).parent / "static" / "style.css").read_text()
    colours = dict(re.findall(r"--(ink|muted|link|bad): (#[0-9a-f]{6})", css))
    assert set(colours) == {"ink", "muted", "link", "bad"}
    for name, colour in colours.items():
        assert contrast(colour, "#ffffff") >= 4.5, name
