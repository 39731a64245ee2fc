"""Words of the policy and contract pages: (en, sv, nb) by key."""

from __future__ import annotations

POLICY_WORDS: dict[str, tuple[str, str, str]] = {
    # the policy page
    "policy_lead": (
        "the provider's terms as this service reads them. Check the drawing and the lists "
        "against the contract; each rule names its clause.",
        "leverantörens villkor som tjänsten läser dem. Jämför bilden och listorna med avtalet; "
        "varje regel anger sitt villkor.",
        "leverandørens vilkår slik tjenesten leser dem. Sammenlign tegningen og listene med "
        "avtalen; hver regel oppgir sitt vilkår.",
    ),
    "holiday_year": ("Year of the holidays", "Helgdagarnas år", "Helligdagenes år"),
    "version_on": ("Version in force on", "Version som gäller den", "Versjon som gjelder den"),
    "show": ("Show", "Visa", "Vis"),
    "version": ("Version", "Version", "Versjon"),
    "in_force_from": ("in force from", "gäller från", "gjelder fra"),
    "versions": ("versions", "versioner", "versjoner"),
    "country": ("Country", "Land", "Land"),
    "currency": ("Currency", "Valuta", "Valuta"),
    "default_rate": ("Default hourly rate", "Timpris som standard", "Standard timepris"),
    "time_zone": ("Time zone", "Tidszon", "Tidssone"),
    "working_days": ("Working days", "Arbetsdagar", "Arbeidsdager"),
    "except_holidays": ("except public holidays", "utom helgdagar", "unntatt helligdager"),
    "the_week": ("The week", "Veckan", "Uken"),
    "week_hint": (
        "Ordinary support with a ticket, hour by hour, in colour by rate band: solid is billable "
        "at the band's multiplier. A holiday is a non-working day whatever its weekday.",
        "Vanlig support med ärendenummer, timme för timme, färgad efter prisband: helfärgat "
        "debiteras med prisbandets faktor. En helgdag är en arbetsfri dag oavsett veckodag.",
        "Vanlig brukerstøtte med saksnummer, time for time, farget etter sats: helfarget "
        "faktureres med satsens faktor. En helligdag er en arbeidsfri dag uansett ukedag.",
    ),
    "week_hint_free": (
        "Hatched hours are free under the agreement.",
        "Streckade timmar är kostnadsfria enligt avtalet.",
        "Skraverte timer er gratis etter avtalen.",
    ),
    "week_hint_office": (
        "Office hours are outlined with a dashed line.",
        "Kontorstiden är markerad med en streckad linje.",
        "Kontortiden er markert med en stiplet linje.",
    ),
    "week_desc": (
        "The week of {name} in {zone} time: each day from 00:00 to 24:00, coloured by rate band; "
        "hours when ordinary support is free under the agreement hatched, billable hours solid. "
        "The lists below say the same in words.",
        "Veckan för {name} i tidszonen {zone}: varje dag från 00:00 till 24:00, färgad efter "
        "prisband; timmar då vanlig support är kostnadsfri enligt avtalet streckade, timmar som "
        "debiteras helfärgade. Listorna nedan säger samma sak i ord.",
        "Uken for {name} i tidssonen {zone}: hver dag fra 00:00 til 24:00, farget etter sats; "
        "timer da vanlig brukerstøtte er gratis etter avtalen skravert, timer som faktureres "
        "helfarget. Listene under sier det samme med ord.",
    ),
    "free_agreement": (
        "free under the agreement",
        "kostnadsfritt enligt avtalet",
        "gratis etter avtalen",
    ),
    "billable_solid": ("solid: billable", "helfärgat: debiteras", "helfarget: faktureres"),
    "rule": ("Rule", "Regel", "Regel"),
    "terms_say": ("What the terms say", "Vad villkoren säger", "Hva vilkårene sier"),
    "travel_zones": ("Travel zones", "Resezoner", "Reisesoner"),
    "holidays": ("Holidays", "Helgdagar", "Helligdager"),
    "rate_bands": ("Rate bands", "Prisband", "Satser"),
    "channels": ("Channels", "Kanaler", "Kanaler"),
    "coverage_rules": (
        "Coverage: free or billable",
        "Täckning: kostnadsfritt eller debiteras",
        "Dekning: gratis eller fakturert",
    ),
    "rounding_rules": ("Rounding", "Avrundning", "Avrunding"),
    "travel_rules": ("Travel", "Resor", "Reiser"),
    "material_rules": ("Materials", "Material", "Materiell"),
    "support_levels": ("Support levels", "Supportnivåer", "Supportnivåer"),
    "fair_use_rules": ("Fair use", "Skälig användning", "Rimelig bruk"),
    "when": ("When", "När", "Når"),
    "unless": ("Unless", "Utom när", "Unntatt når"),
    "otherwise": ("Otherwise", "Annars", "Ellers"),
    "all_channels": ("All channels", "Alla kanaler", "Alle kanaler"),
    "rounding_summary": (
        "at least {minimum} min, then steps of {steps} min",
        "minst {minimum} min, sedan steg om {steps} min",
        "minst {minimum} min, deretter trinn på {steps} min",
    ),
    "tickets_a_month": (
        "{count} tickets a month",
        "{count} ärenden i månaden",
        "{count} saker i måneden",
    ),
    "cannot_show": (
        "This cannot be shown",
        "Detta kan inte visas",
        "Dette kan ikke vises",
    ),
    # what a contract changes
    "terms_lead": (
        "Each provider's published terms, and under them the contracts that change them for one "
        "customer.",
        "Varje leverantörs publicerade villkor, och under dem de avtal som ändrar dem för en kund.",
        "Hver leverandørs publiserte vilkår, og under dem avtalene som endrer dem for én kunde.",
    ),
    "contracts_of": ("Contracts under", "Avtal under", "Avtaler under"),
    "extends": ("Extends", "Bygger på", "Bygger på"),
    "differences": (
        "What differs from",
        "Vad som skiljer sig från",
        "Hva som er annerledes enn",
    ),
    "what": ("What", "Vad", "Hva"),
    "in_base": ("In the base terms", "I grundvillkoren", "I grunnvilkårene"),
    "in_contract": ("In this contract", "I detta avtal", "I denne avtalen"),
    "same_as_base": (
        "Nothing differs from the base terms.",
        "Inget skiljer sig från grundvillkoren.",
        "Ingenting er annerledes enn grunnvilkårene.",
    ),
    "version_changes": (
        "Versions and what each changed",
        "Versioner och vad var och en ändrade",
        "Versjoner og hva hver av dem endret",
    ),
    "first_version": ("first version", "första versionen", "første versjon"),
    "before": ("Before", "Före", "Før"),
    "after": ("After", "Efter", "Etter"),
    "name": ("Name", "Namn", "Navn"),
    "calendar": ("Calendar", "Kalender", "Kalender"),
    "seller": ("Seller (on invoices)", "Säljare (på fakturor)", "Selger (på fakturaer)"),
    "buyer": ("Buyer (on invoices)", "Köpare (på fakturor)", "Kjøper (på fakturaer)"),
}
