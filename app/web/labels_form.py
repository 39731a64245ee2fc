"""Words of the quote form: (en, sv, nb) by key."""

from __future__ import annotations

FORM_WORDS: dict[str, tuple[str, str, str]] = {
    # the quote form
    "title": ("Quote an assignment", "Offert för ett uppdrag", "Tilbud på et oppdrag"),
    "lead": (
        "What to bill for one ticket visit under a provider's terms: fill in the work, send, "
        "and read the quote, its timeline and the clauses behind it.",
        "Vad som ska debiteras för ett ärende enligt leverantörens villkor: fyll i arbetet, "
        "skicka och läs offerten, dess tidslinje och villkoren bakom den.",
        "Hva som skal faktureres for en sak etter leverandørens vilkår: fyll inn arbeidet, send "
        "og les tilbudet, tidslinjen og vilkårene bak det.",
    ),
    "cannot_quote": (
        "This cannot be quoted yet",
        "Detta kan inte offereras än",
        "Dette kan ikke prises ennå",
    ),
    "terms": ("Terms", "Villkor", "Vilkår"),
    "policy": (
        "Policy (provider's terms)",
        "Avtal (leverantörens villkor)",
        "Avtale (leverandørens vilkår)",
    ),
    "language": ("Language", "Språk", "Språk"),
    "times_in": ("Local times in", "Lokal tid i", "Lokal tid i"),
    "times_hint": (
        "the policy's time zone. One row per sitting; the sittings of one assignment are "
        "rounded once together. Empty rows are left out.",
        "avtalets tidszon. En rad per arbetspass; ett uppdrags arbetspass avrundas en gång "
        "tillsammans. Tomma rader hoppas över.",
        "avtalens tidssone. Én rad per arbeidsøkt; øktene i ett oppdrag avrundes én gang "
        "sammen. Tomme rader utelates.",
    ),
    "start_of": ("Start of sitting", "Start för arbetspass", "Start for arbeidsøkt"),
    "end_of": ("End of sitting", "Slut för arbetspass", "Slutt for arbeidsøkt"),
    "channel_of": ("Channel of sitting", "Kanal för arbetspass", "Kanal for arbeidsøkt"),
    "as_above": ("as above", "som ovan", "som over"),
    "add_sitting": ("Add a sitting", "Lägg till ett arbetspass", "Legg til en arbeidsøkt"),
    "the_work": ("The work", "Arbetet", "Arbeidet"),
    "work_kind": ("Kind of work", "Typ av arbete", "Type arbeid"),
    "equipment_from": (
        "Equipment sold by (setup, warranty)",
        "Utrustningen såld av (installation, garanti)",
        "Utstyret solgt av (oppsett, garanti)",
    ),
    "not_said": ("not said", "ej angivet", "ikke oppgitt"),
    "ticket": ("Ticket", "Ärende", "Sak"),
    "customer": ("Customer", "Kund", "Kunde"),
    "support_level": ("Support level", "Supportnivå", "Supportnivå"),
    "hourly_rate": (
        "Hourly rate (empty: the policy's)",
        "Timpris (tomt: avtalets)",
        "Timepris (tomt: avtalens)",
    ),
    "urgent": ("Urgent call-out", "Akut utryckning", "Akutt utrykning"),
    "causes": ("Causes of the fault", "Orsaker till felet", "Årsaker til feilen"),
    "training": ("Training", "Utbildning", "Opplæring"),
    "planned": ("Planned in advance", "Planerad i förväg", "Planlagt på forhånd"),
    "group": ("For a group", "För en grupp", "For en gruppe"),
    "instruction": (
        "Minutes of dedicated instruction",
        "Minuter särskild instruktion",
        "Minutter dedikert instruksjon",
    ),
    "place": ("Place (on-site work)", "Plats (arbete på plats)", "Sted (arbeid på stedet)"),
    "municipality_field": (
        "Municipality (name or code)",
        "Kommun (namn eller kod)",
        "Kommune (navn eller nummer)",
    ),
    "ferry": ("Reached by ferry", "Nås med färja", "Nås med ferje"),
    "material_kind": ("Kind of material", "Typ av material", "Type materiell"),
    "material_description": (
        "Description of material",
        "Beskrivning av material",
        "Beskrivelse av materiell",
    ),
    "material_price": (
        "Price excl. VAT of material",
        "Pris exkl. moms för material",
        "Pris eks. mva. for materiell",
    ),
    "none": ("none", "inget", "ingen"),
    "add_material": ("Add a material", "Lägg till material", "Legg til materiell"),
    "send": ("Quote", "Beräkna offert", "Beregn tilbud"),
    "same_request": (
        "The same request to the API",
        "Samma förfrågan till API:et",
        "Samme forespørsel til API-et",
    ),
}
