"""The names of the request's and the policies' values (channels, causes, bands, weekdays…) in
English, Swedish and Norwegian (Bokmål): what a person reads where the API writes an id.

One vocabulary: the API's coverage `mixed` is "partly free" on every page and in the CLI.
A value not listed here (a band or zone an operator added) is shown as its id, spaces for `_`.
"""

from __future__ import annotations

import re
from datetime import date

from app.engine import WEEKDAYS, Language

_COLUMN: dict[Language, int] = {"en": 0, "sv": 1, "nb": 2}
# The `holidays` library's language of each page language (it has no `nb`), and of each
# country's own holidays: a Swedish reader of Norwegian terms reads Norwegian names, not English.
HOLIDAY_LANGUAGES: dict[Language, str] = {"en": "en_US", "sv": "sv", "nb": "no"}
COUNTRY_LANGUAGES = {"SE": "sv", "NO": "no"}

_TERMS: dict[str, dict[str, tuple[str, str, str]]] = {
    "channel": {
        "phone": ("phone", "telefon", "telefon"),
        "email": ("email", "e-post", "e-post"),
        "remote": ("remote", "fjärrstyrt", "fjernstyrt"),
        "onsite": ("on-site", "på plats", "på stedet"),
    },
    "work_kind": {
        "support": ("support", "support", "brukerstøtte"),
        "security_update": ("security update", "säkerhetsuppdatering", "sikkerhetsoppdatering"),
        "development": ("development", "utveckling", "utvikling"),
        "training": ("training", "utbildning", "opplæring"),
        "setup": ("setup", "installation", "oppsett"),
        "warranty": ("warranty", "garanti", "garanti"),
    },
    "equipment_from": {
        "provider": ("the provider", "leverantören", "leverandøren"),
        "other": ("someone else", "någon annan", "noen andre"),
    },
    "cause": {
        "recommendation_ignored": (
            "recommendation ignored",
            "rekommendation inte följd",
            "anbefaling ikke fulgt",
        ),
        "third_party_software": (
            "third-party software",
            "tredjepartsprogram",
            "tredjepartsprogramvare",
        ),
        "misuse": ("misuse", "felaktig användning", "feil bruk"),
        "liquid_damage": ("liquid damage", "vätskeskada", "væskeskade"),
        "unauthorized_use": ("unauthorized use", "obehörig användning", "uautorisert bruk"),
        "animals": ("animals", "djur", "dyr"),
        "malware_recommendation_ignored": (
            "malware, recommendation ignored",
            "skadlig kod, rekommendation inte följd",
            "skadevare, anbefaling ikke fulgt",
        ),
        "private_use": ("private use", "privat användning", "privat bruk"),
        "force_majeure": ("force majeure", "force majeure", "force majeure"),
    },
    "material_kind": {
        "spare_part": ("spare part", "reservdel", "reservedel"),
        "toner_ink": ("toner, ink", "toner, bläck", "toner, blekk"),
        "mounting_material": ("mounting material", "monteringsmaterial", "monteringsmateriell"),
    },
    "travel_status": {
        "free": ("no charge", "ingen kostnad", "ingen kostnad"),
        "charged": ("charged", "debiteras", "faktureres"),
        "unpriced": (
            "not priced (to be agreed)",
            "utan pris (enligt avtal)",
            "uten pris (etter avtale)",
        ),
    },
    "coverage": {
        "free": ("free", "kostnadsfritt", "gratis"),
        "billable": ("billable", "debiteras", "faktureres"),
        "mixed": ("partly free", "delvis kostnadsfritt", "delvis gratis"),
    },
    "effect": {
        "free": ("free", "kostnadsfritt", "gratis"),
        "billable": ("billable", "debiteras", "faktureres"),
        "billable_outside_office_hours": (
            "billable outside office hours",
            "debiteras utanför kontorstid",
            "faktureres utenfor kontortid",
        ),
    },
    "band": {
        "standard": ("standard rate", "normalpris", "normalpris"),
        "normal": ("normal", "normal", "normal"),
        "evening": ("evening", "kväll", "kveld"),
        "night": ("night", "natt", "natt"),
        "weekend_holiday": ("weekend, holiday", "helg", "helg, helligdag"),
    },
    "days": {
        "working": ("working days", "arbetsdagar", "arbeidsdager"),
        "non_working": ("non-working days", "arbetsfria dagar", "arbeidsfrie dager"),
        "all": ("every day", "alla dagar", "alle dager"),
    },
    "weekday": {
        "mon": ("Monday", "måndag", "mandag"),
        "tue": ("Tuesday", "tisdag", "tirsdag"),
        "wed": ("Wednesday", "onsdag", "onsdag"),
        "thu": ("Thursday", "torsdag", "torsdag"),
        "fri": ("Friday", "fredag", "fredag"),
        "sat": ("Saturday", "lördag", "lørdag"),
        "sun": ("Sunday", "söndag", "søndag"),
        "holiday": ("Holiday", "helgdag", "helligdag"),
    },
    "weekday_short": {
        "mon": ("Mon", "mån", "man"),
        "tue": ("Tue", "tis", "tir"),
        "wed": ("Wed", "ons", "ons"),
        "thu": ("Thu", "tor", "tor"),
        "fri": ("Fri", "fre", "fre"),
        "sat": ("Sat", "lör", "lør"),
        "sun": ("Sun", "sön", "søn"),
        "holiday": ("Holiday", "Helgdag", "Helligdag"),
    },
    "month": {
        str(number): names
        for number, names in enumerate(
            [
                ("Jan", "jan", "jan"),
                ("Feb", "feb", "feb"),
                ("Mar", "mar", "mar"),
                ("Apr", "apr", "apr"),
                ("May", "maj", "mai"),
                ("Jun", "jun", "jun"),
                ("Jul", "jul", "jul"),
                ("Aug", "aug", "aug"),
                ("Sep", "sep", "sep"),
                ("Oct", "okt", "okt"),
                ("Nov", "nov", "nov"),
                ("Dec", "dec", "des"),
            ],
            start=1,
        )
    },
    "zone": {
        "alesund": ("Ålesund municipality", "Ålesunds kommun", "Ålesund kommune"),
        "norrtalje": ("Norrtälje municipality", "Norrtälje kommun", "Norrtälje kommune"),
        "stockholm_county": (
            "Stockholm County (Stockholms län)",
            "Stockholms län",
            "Stockholm fylke (Stockholms län)",
        ),
    },
    "support_level": {
        "proactive": ("proactive", "proaktiv", "proaktiv"),
        "best_effort": ("best effort", "best effort", "best effort"),
        "around_the_clock": (
            "around the clock (24/7)",
            "dygnet runt (24/7)",
            "døgnet rundt (24/7)",
        ),
    },
    # what a rule's condition asks, as "<field>: <values>"
    "condition": {
        "work_kind": ("work kind", "typ av arbete", "type arbeid"),
        "channel": ("channel", "kanal", "kanal"),
        "equipment_from": ("equipment sold by", "utrustning såld av", "utstyr solgt av"),
        "cause": ("cause", "orsak", "årsak"),
        "ticket_id_missing": ("no ticket number", "inget ärendenummer", "ikke saksnummer"),
        "training_planned": ("planned training", "planerad utbildning", "planlagt opplæring"),
        "training_group": (
            "training for a group",
            "utbildning för en grupp",
            "opplæring for en gruppe",
        ),
        "training_instruction_minutes_over": (
            "instruction longer than (min)",
            "instruktion längre än (min)",
            "instruksjon lengre enn (min)",
        ),
        "inside_zone": ("inside", "inom", "innenfor"),
        "outside_zone": ("outside", "utanför", "utenfor"),
        "ferry": ("reached by ferry", "nås med färja", "nås med ferje"),
        "urgent": ("urgent call-out", "akut utryckning", "akutt utrykning"),
    },
}


def term(language: Language, kind: str, value: object, default: str | None = None) -> str:
    """Return how a person reads a value of a kind (`channel`, `cause`, `band`…) in a language;
    a value not listed reads as `default`, else as its id with spaces for `_`."""
    text = str(value)
    names = _TERMS.get(kind, {}).get(text)
    if names:
        return names[_COLUMN[language]]
    return text.replace("_", " ") if default is None else default


def terms_of(language: Language) -> dict[str, dict[str, str]]:
    """Return every kind's names in one language (for tests and tables)."""
    column = _COLUMN[language]
    return {kind: {v: n[column] for v, n in names.items()} for kind, names in _TERMS.items()}


def date_text(day: date, language: Language, year: bool = True) -> str:
    """Return a date as a person reads it: "Fri 3 Apr 2026", "fre 3 apr 2026"."""
    weekday = term(language, "weekday_short", WEEKDAYS[day.weekday()])
    month = term(language, "month", day.month)
    return f"{weekday} {day.day} {month}" + (f" {day.year}" if year else "")


def reason_text(message: str, code: str, language: Language) -> str:
    """Return a reason's message with the id of its band (code `band_<id>`) named for a person."""
    if not code.startswith("band_"):
        return message
    band = code.removeprefix("band_")
    named = term(language, "band", band)
    return re.sub(rf"(?<![\w-]){re.escape(band)}(?![\w-])", lambda _: named, message)
