"""Words of the quote's result on the pages, in English, Swedish and Norwegian (Bokmål).

The reasons themselves come from the engine and the policy files, in the same language.
"""

from __future__ import annotations

from app.engine.policy import Language

LANGUAGES: dict[Language, str] = {"en": "English", "sv": "Svenska", "nb": "Norsk (bokmål)"}

_WORDS: dict[str, tuple[str, str, str]] = {
    # key: (en, sv, nb)
    "quote": ("Quote", "Offert", "Tilbud"),
    "coverage": ("Coverage", "Täckning", "Dekning"),
    "free": ("free", "kostnadsfritt", "gratis"),
    "billable": ("billable", "debiteras", "faktureres"),
    "mixed": ("partly free", "delvis kostnadsfritt", "delvis gratis"),
    "worked": ("Worked", "Arbetad tid", "Arbeidet tid"),
    "free_time": ("Free time", "Kostnadsfri tid", "Gratis tid"),
    "to_bill": ("To bill", "Att debitera", "Å fakturere"),
    "minutes": ("min", "min", "min"),
    "hours": ("h", "tim", "t"),
    "rate": ("Hourly rate", "Timpris", "Timepris"),
    "band": ("Band", "Prisband", "Sats"),
    "multiplier": ("Multiplier", "Faktor", "Faktor"),
    "billed": ("Billed", "Debiteras", "Fakturert"),
    "amount": ("Amount", "Belopp", "Beløp"),
    "clause": ("Clause", "Villkor", "Vilkår"),
    "labour": ("Labour", "Arbete", "Arbeid"),
    "travel": ("Travel", "Resa", "Reise"),
    "materials": ("Materials", "Material", "Materiell"),
    "total": ("Total excl. VAT", "Summa exkl. moms", "Sum eks. mva."),
    "vat": ("VAT", "Moms", "Mva."),
    "total_incl_vat": ("Total incl. VAT", "Summa inkl. moms", "Sum inkl. mva."),
    "incomplete": (
        "Travel has no price in the terms and is not in the total.",
        "Resan saknar pris i villkoren och ingår inte i summan.",
        "Reisen har ingen pris i vilkårene og er ikke med i summen.",
    ),
    "reasons": (
        "Why: the clauses that decided",
        "Varför: villkoren som avgjorde",
        "Hvorfor: vilkårene som avgjorde",
    ),
    "timeline": ("Timeline", "Tidslinje", "Tidslinje"),
    "sittings": ("Sittings", "Arbetspass", "Arbeidsøkter"),
    "start": ("Start", "Start", "Start"),
    "end": ("End", "Slut", "Slutt"),
    "channel": ("Channel", "Kanal", "Kanal"),
    "pieces": ("The timeline as a table", "Tidslinjen som tabell", "Tidslinjen som tabell"),
    "office": ("Office hours", "Kontorstid", "Kontortid"),
    "yes": ("yes", "ja", "ja"),
    "no": ("no", "nej", "nei"),
    "padding": ("Rounding padding", "Avrundning", "Avrunding"),
    "municipality": ("Municipality", "Kommun", "Kommune"),
    "status": ("Status", "Status", "Status"),
    "description": ("Description", "Beskrivning", "Beskrivelse"),
    "kind": ("Kind", "Typ", "Type"),
}


def words(language: Language) -> dict[str, str]:
    """Return the page's words in a language."""
    column = ("en", "sv", "nb").index(language)
    return {key: texts[column] for key, texts in _WORDS.items()}
