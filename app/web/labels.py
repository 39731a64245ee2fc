"""Words of the pages, in English, Swedish and Norwegian (Bokmål): what every page shares, the
quote's result and its timeline here; the form's, the batch page's and the policy page's in
their own modules. The reasons come from the engine and the policy files, in the same language;
the names of values (channels, causes, bands…) from `vocabulary`.
"""

from __future__ import annotations

from app.engine import Language
from app.web.labels_batch import BATCH_WORDS
from app.web.labels_form import FORM_WORDS
from app.web.labels_policy import POLICY_WORDS

LANGUAGES: dict[Language, str] = {"en": "English", "sv": "Svenska", "nb": "Norsk (bokmål)"}

_WORDS: dict[str, tuple[str, str, str]] = {
    # key: (en, sv, nb)
    "quote": ("Quote", "Offert", "Tilbud"),
    "coverage": ("Coverage", "Täckning", "Dekning"),
    # every page
    "site": (
        "Billing quotes for IT support",
        "Offerter för IT-support",
        "Tilbud for IT-støtte",
    ),
    "skip": ("Skip to the content", "Hoppa till innehållet", "Hopp til innholdet"),
    "pages": ("Pages", "Sidor", "Sider"),
    "nav_quote": ("Quote", "Offert", "Tilbud"),
    "nav_batch": ("Time entries", "Tidsrader", "Timeføringer"),
    "nav_terms": ("Terms", "Villkor", "Vilkår"),
    "api_docs": ("API docs", "API-dokumentation", "API-dokumentasjon"),
    "footer": (
        "Every figure comes with the clause of the terms that decided it. The same quotes for "
        "programs:",
        "Varje belopp anges med villkoret som avgjorde det. Samma offerter för program:",
        "Hvert beløp oppgis med vilkåret som avgjorde det. De samme tilbudene for programmer:",
    ),
    "the_api": ("the API", "API:et", "API-et"),
    "reference": ("reference", "referens", "referanse"),
    "not_found": ("Not found", "Hittades inte", "Ikke funnet"),
    "free": ("free", "kostnadsfritt", "gratis"),
    "billable": ("billable", "debiteras", "faktureres"),
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
    # the timeline
    "sitting": ("Sitting", "Arbetspass", "Arbeidsøkt"),
    "ends": ("ends", "slutar", "slutter"),
    "holiday": ("holiday", "helgdag", "helligdag"),
    "office_start": ("office hours start", "kontorstiden börjar", "kontortiden begynner"),
    "office_end": ("office hours end", "kontorstiden slutar", "kontortiden slutter"),
    "office_edge": ("office hours edge", "kontorstidens gräns", "kontortidens grense"),
    "rounding": ("rounding", "avrundning", "avrunding"),
    "padding_legend": ("rounding padding", "avrundning", "avrunding"),
    "days_short": ("d", "d", "d"),
    "later": ("{time} later", "{time} senare", "{time} senere"),
    "timeline_desc": (
        "{sittings} sitting(s) in {zone} time, on one time scale: {billable} min billable, "
        "{free} min free, {padded} min of rounding padding billed. The table below lists every "
        "piece.",
        "{sittings} arbetspass i tidszonen {zone}, på en gemensam tidsskala: {billable} min "
        "debiteras, {free} min kostnadsfritt, {padded} min avrundning debiteras. Tabellen nedan "
        "visar varje del.",
        "{sittings} arbeidsøkt(er) i tidssonen {zone}, på én felles tidsskala: {billable} min "
        "faktureres, {free} min gratis, {padded} min avrunding faktureres. Tabellen under viser "
        "hver del.",
    ),
    "permalink": (
        "Permanent link to this quote",
        "Permanent länk till offerten",
        "Permanent lenke til tilbudet",
    ),
    "permalink_hint": (
        "It carries the request itself: anyone who can open these pages sees the same quote.",
        "Den bär själva förfrågan: alla som kan öppna de här sidorna ser samma offert.",
        "Den bærer selve forespørselen: alle som kan åpne disse sidene, ser det samme tilbudet.",
    ),
    "permalink_too_long": (
        "This quote is too large for a permanent link; the same request to the API is below.",
        "Offerten är för stor för en permanent länk; samma förfrågan till API:et finns nedan.",
        "Tilbudet er for stort for en permanent lenke; samme forespørsel til API-et står under.",
    ),
    "timeline_title": (
        "Timeline of the work by rate band",
        "Arbetets tidslinje per prisband",
        "Arbeidets tidslinje per sats",
    ),
}


ALL_WORDS = _WORDS | FORM_WORDS | BATCH_WORDS | POLICY_WORDS


def words(language: Language) -> dict[str, str]:
    """Return the pages' words in a language."""
    column = ("en", "sv", "nb").index(language)
    return {key: texts[column] for key, texts in ALL_WORDS.items()}
