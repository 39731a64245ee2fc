"""Pick the language of reason texts from `Accept-Language`."""

from __future__ import annotations

from app.engine import Language

_BY_PREFIX: dict[str, Language] = {"en": "en", "sv": "sv", "nb": "nb", "no": "nb"}


def pick_language(header: str | None) -> Language:
    """Return the caller's most wanted language we speak: English, Swedish or Bokmål."""
    if not header:
        return "en"
    ranked: list[tuple[float, int, Language]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = _BY_PREFIX.get(tag.strip().lower().split("-")[0])
        if language and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else "en"
