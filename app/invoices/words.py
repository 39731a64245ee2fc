"""The words an invoice's reader sees, in English, Swedish and Norwegian (Bokmål).

An invoice is written in the language of its buyer's country (Swedish for a Swedish buyer,
Bokmål for a Norwegian one, English elsewhere) unless the request chooses one. Band ids and
material kinds of the built-in policies have names here; a contract's own band id is shown as
it is written. Travel lines take the text of the contract's travel rule, in the same language.
"""

from __future__ import annotations

from decimal import Decimal

from app.engine import Language

COUNTRY_LANGUAGES: dict[str, Language] = {"SE": "sv", "NO": "nb"}

_WORDS: dict[str, tuple[str, str, str]] = {
    # key: (en, sv, nb)
    "labour": ("Labour, band {band}", "Arbete, prisband {band}", "Arbeid, sats {band}"),
    "labour_terms": (
        "{band} (×{multiplier}) at {rate} {currency} per hour, billed by the minute",
        "{band} (×{multiplier}) à {rate} {currency} per timme, debiteras per minut",
        "{band} (×{multiplier}) à {rate} {currency} per time, faktureres per minutt",
    ),
    "travel": ("Travel", "Resa", "Reise"),
    "material": ("Materials: {kind}", "Material: {kind}", "Materiell: {kind}"),
    "tickets": ("Tickets", "Ärenden", "Saker"),
    "clauses": ("Clauses", "Villkor", "Vilkår"),
    "entry": ("entry {n}", "post {n}", "føring {n}"),
    "quoted_under": (
        "Quoted under {policy}.",
        "Beräknad enligt avtalet {policy}.",
        "Beregnet etter avtalen {policy}.",
    ),
    "free": (
        " {count} ticket(s) free under the agreement, not billed.",
        " {count} ärende(n) kostnadsfria enligt avtalet, debiteras inte.",
        " {count} sak(er) gratis etter avtalen, ikke fakturert.",
    ),
    "other_currencies": (
        " The customer's work in the period is also invoiced in {currencies}: {numbers}.",
        " Kundens arbete under perioden faktureras även i {currencies}: {numbers}.",
        " Kundens arbeid i perioden faktureres også i {currencies}: {numbers}.",
    ),
}
_BANDS: dict[str, tuple[str, str, str]] = {
    "standard": ("standard", "standard", "standard"),
    "normal": ("normal hours", "normaltid", "normaltid"),
    "evening": ("evening", "kvällstid", "kveldstid"),
    "night": ("night", "nattetid", "nattetid"),
    "weekend_holiday": ("weekend and holiday", "helg", "helg og helligdag"),
}
_MATERIALS: dict[str, tuple[str, str, str]] = {
    "spare_part": ("spare part", "reservdel", "reservedel"),
    "toner_ink": ("toner and ink", "toner och bläck", "toner og blekk"),
    "mounting_material": ("mounting material", "monteringsmaterial", "monteringsmateriell"),
}
_INDEX: dict[Language, int] = {"en": 0, "sv": 1, "nb": 2}


def language_for(country: str, chosen: Language | None = None) -> Language:
    """Return an invoice's language: the one chosen, else its buyer's country's, else English."""
    return chosen or COUNTRY_LANGUAGES.get(country, "en")


def words(key: str, language: Language, **params: object) -> str:
    """Return the words for `key` in `language`, filled with `params`."""
    return _WORDS[key][_INDEX[language]].format(**params)


def band_name(band: str, language: Language) -> str:
    """Return a band's name (a contract's own band id as it is written)."""
    names = _BANDS.get(band)
    return names[_INDEX[language]] if names else band


def material_name(kind: str, language: Language) -> str:
    names = _MATERIALS.get(kind)
    return names[_INDEX[language]] if names else kind.replace("_", " ")


def number_text(value: Decimal, language: Language, *, amount: bool = True) -> str:
    """Return an amount (with its cents) or a factor (without trailing zeros) as its reader
    writes it: a decimal comma in Swedish and Norwegian."""
    text = f"{value:.2f}" if amount else f"{value.normalize():f}"
    return text if language == "en" else text.replace(".", ",")
