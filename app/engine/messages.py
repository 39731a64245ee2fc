"""Texts of the reasons the engine writes itself, in English, Swedish and Norwegian (Bokmål).

Texts of a policy's own rules live in its policy file.
"""

from __future__ import annotations

from app.engine.policy import Language

CATALOGUE: dict[str, dict[Language, str]] = {
    "band": {
        "en": "{billed} min billed in band {band} at ×{multiplier}.",
        "sv": "{billed} min debiteras i prisbandet {band} med ×{multiplier}.",
        "nb": "{billed} min fakturert i satsen {band} med ×{multiplier}.",
    },
    "no_visit": {
        "en": "No on-site visit, so no travel.",
        "sv": "Inget besök på plats, alltså ingen resa.",
        "nb": "Ikke noe oppmøte, altså ingen reise.",
    },
    "municipality_unplaced": {
        "en": "Municipality {given!r} is in none of this policy's zones and counts as outside.",
        "sv": "Kommunen {given!r} ligger i ingen av villkorens zoner och räknas som utanför.",
        "nb": "Kommunen {given!r} er ikke i noen av avtalens soner og regnes som utenfor.",
    },
    "did_you_mean": {
        "en": " Did you mean {suggestion}?",
        "sv": " Menade du {suggestion}?",
        "nb": " Mente du {suggestion}?",
    },
    "fair_use": {
        "en": "{tickets} tickets in {month} for customer {customer}, above the fair-use "
        "threshold of {threshold}: the agreement may be renegotiated.",
        "sv": "{tickets} ärenden i {month} för kunden {customer}, över gränsen för skälig "
        "användning på {threshold}: avtalet kan omförhandlas.",
        "nb": "{tickets} saker i {month} for kunden {customer}, over grensen for rimelig bruk "
        "på {threshold}: avtalen kan reforhandles.",
    },
}


def render(code: str, language: Language, **params: object) -> str:
    """Return the catalogue text for `code` in `language`, filled with `params`."""
    return CATALOGUE[code][language].format(**params)
