"""Words of the batch page and its second opinion: (en, sv, nb) by key."""

from __future__ import annotations

BATCH_WORDS: dict[str, tuple[str, str, str]] = {
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
    "invoice_lines": ("Lines of the invoice", "Fakturans rader", "Fakturaens linjer"),
    "totals_by_currency": ("Totals by currency", "Summor per valuta", "Summer per valuta"),
    "line_n": ("line {n}", "rad {n}", "linje {n}"),
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
}
