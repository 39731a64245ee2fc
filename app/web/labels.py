"""Words of the quote's result on the pages, in English, Swedish and Norwegian (Bokmål).

The reasons themselves come from the engine and the policy files, in the same language.
"""

from __future__ import annotations

from app.engine import Language

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
    # the batch page
    "batch_title": (
        "Quote a month of time entries",
        "Offert för en månads tidsrader",
        "Tilbud på en måneds timeføringer",
    ),
    "batch_lead": (
        "Paste time entries as CSV (or choose a file): one entry a row, the header naming "
        "request fields, e.g.",
        "Klistra in tidsrader som CSV (eller välj en fil): en rad per post, rubrikraden med "
        "förfrågans fält, t.ex.",
        "Lim inn timeføringer som CSV (eller velg en fil): én føring per rad, overskriftsraden "
        "med forespørselens felt, f.eks.",
    ),
    "batch_lead_end": (
        "Comma, semicolon or tab delimited, UTF-8. The invoice has a line per ticket or per entry.",
        "Komma, semikolon eller tabb som avgränsare, UTF-8. Fakturan har en rad per ärende "
        "eller per post.",
        "Komma, semikolon eller tabulator som skilletegn, UTF-8. Fakturaen har én linje per sak "
        "eller per føring.",
    ),
    "cannot_read": (
        "The entries cannot be read",
        "Raderna kan inte läsas",
        "Føringene kan ikke leses",
    ),
    "invoice": ("Invoice", "Faktura", "Faktura"),
    "entries_quoted": ("entries quoted", "poster offererade", "føringer priset"),
    "with_errors": ("with errors", "med fel", "med feil"),
    "lines": ("Line(s)", "Rad(er)", "Linje(r)"),
    "policy_short": ("Policy", "Avtal", "Avtale"),
    "hours_to_bill": ("Hours to bill", "Timmar att debitera", "Timer å fakturere"),
    "clauses": ("Clauses", "Villkor", "Vilkår"),
    "not_quoted": ("Not quoted:", "Ej offererad:", "Ikke priset:"),
    "lines_hint": (
        "Line numbers are the spreadsheet's (the header is line 1). * travel not priced by the "
        "terms and not in the total.",
        "Radnumren är kalkylbladets (rubrikraden är rad 1). * resan saknar pris i villkoren och "
        "ingår inte i summan.",
        "Linjenumrene er regnearkets (overskriften er linje 1). * reisen har ingen pris i "
        "vilkårene og er ikke med i summen.",
    ),
    "fair_use": (
        "Tickets per customer and month (fair use)",
        "Ärenden per kund och månad (skälig användning)",
        "Saker per kunde og måned (rimelig bruk)",
    ),
    "tickets": ("ticket(s)", "ärende(n)", "sak(er)"),
    "of": ("of", "av", "av"),
    "download": (
        "Download the invoice CSV",
        "Ladda ner fakturan som CSV",
        "Last ned fakturaen som CSV",
    ),
    "download_ubl": (
        "Download the invoices (Peppol BIS 3.0 UBL)",
        "Ladda ner fakturorna (Peppol BIS 3.0 UBL)",
        "Last ned fakturaene (EHF, Peppol BIS 3.0 UBL)",
    ),
    "entries": ("Time entries", "Tidsrader", "Timeføringer"),
    "entries_csv": ("Time entries as CSV", "Tidsrader som CSV", "Timeføringer som CSV"),
    "csv_hint": (
        "Several causes are separated by |; nested fields are named with dots.",
        "Flera orsaker skiljs åt med |; nästlade fält namnges med punkter.",
        "Flere årsaker skilles med |; nestede felt navngis med punktum.",
    ),
    "local_times": (
        "Times without a UTC offset are the policy's local times (summer time included)",
        "Tider utan UTC-förskjutning är policyns lokala tid (sommartid inräknad)",
        "Tider uten UTC-forskyvning er policyens lokale tid (sommertid medregnet)",
    ),
    "template": (
        "Download a CSV template",
        "Ladda ner en CSV-mall",
        "Last ned en CSV-mal",
    ),
    "csv_file": (
        "…or a CSV or Excel (.xlsx) file (used instead of the text above)",
        "…eller en CSV- eller Excel-fil (.xlsx) (används i stället för texten ovan)",
        "…eller en CSV- eller Excel-fil (.xlsx) (brukes i stedet for teksten over)",
    ),
    "per_ticket": (
        "One line per ticket (entries of a ticket are one assignment, rounded once)",
        "En rad per ärende (ett ärendes poster är ett uppdrag, avrundat en gång)",
        "Én linje per sak (en saks føringer er ett oppdrag, avrundet én gang)",
    ),
    "show_invoice": ("Show the invoice", "Visa fakturan", "Vis fakturaen"),
    # the batch page's second opinion
    "second_opinion": ("Second opinion", "Andra bedömning", "Annen vurdering"),
    "compare_policy": (
        "Re-rate under the terms of",
        "Räkna om enligt villkoren i",
        "Beregn på nytt etter vilkårene i",
    ),
    "compare_none": ("(no re-rating)", "(ingen omräkning)", "(ingen ny beregning)"),
    "compare_on": (
        "Re-rate under the version in force on",
        "Räkna om enligt versionen som gäller den",
        "Beregn på nytt etter versjonen som gjelder den",
    ),
    "check_billed": (
        "Check what was billed (columns billed_minutes, billed_amount)",
        "Kontrollera det fakturerade (kolumnerna billed_minutes, billed_amount)",
        "Kontroller det fakturerte (kolonnene billed_minutes, billed_amount)",
    ),
    "tolerance": ("Tolerance", "Tolerans", "Toleranse"),
    "other_total": ("Other terms", "Andra villkor", "Andre vilkår"),
    "difference": ("Difference", "Skillnad", "Differanse"),
    "billed_check": ("Billed", "Fakturerat", "Fakturert"),
    "agrees": ("agrees", "stämmer", "stemmer"),
    "over_billed": ("over-billed", "överfakturerat", "overfakturert"),
    "under_billed": ("under-billed", "underfakturerat", "underfakturert"),
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
        "A holiday is a non-working day whatever its weekday. Office hours are outlined with a "
        "dashed line.",
        "En helgdag är en arbetsfri dag oavsett veckodag. Kontorstiden är markerad med en "
        "streckad linje.",
        "En helligdag er en arbeidsfri dag uansett ukedag. Kontortiden er markert med en "
        "stiplet linje.",
    ),
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
    "days": (
        "Mon Tue Wed Thu Fri Sat Sun Holiday",
        "Mån Tis Ons Tor Fre Lör Sön Helgdag",
        "Man Tir Ons Tor Fre Lør Søn Helligdag",
    ),
    # the timeline
    "sitting": ("Sitting", "Arbetspass", "Arbeidsøkt"),
    "ends": ("ends", "slutar", "slutter"),
    "holiday": ("holiday", "helgdag", "helligdag"),
    "office_start": ("office hours start", "kontorstiden börjar", "kontortiden begynner"),
    "office_end": ("office hours end", "kontorstiden slutar", "kontortiden slutter"),
    "office_edge": ("office hours edge", "kontorstidens gräns", "kontortidens grense"),
    "rounding": ("rounding", "avrundning", "avrunding"),
    "padding_legend": ("rounding padding", "avrundning", "avrunding"),
    "timeline_title": (
        "Timeline of the work by rate band",
        "Arbetets tidslinje per prisband",
        "Arbeidets tidslinje per sats",
    ),
}


def words(language: Language) -> dict[str, str]:
    """Return the page's words in a language."""
    column = ("en", "sv", "nb").index(language)
    return {key: texts[column] for key, texts in _WORDS.items()}
