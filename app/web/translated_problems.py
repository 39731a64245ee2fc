"""What is wrong with a form, in the page's language: each problem named by its field's label.

The engine and the request's validation say what is wrong in English; the pages read those
sentences back and say them in Swedish or Norwegian. A sentence not known here stays English and
is marked so (`lang="en"`), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from app.engine import FieldProblem, Language
from app.web.form import QuoteForm
from app.web.labels import words
from app.web.vocabulary import term


class PageError(NamedTuple):
    """One problem as a page shows it: the input's id, its label, the text and its language."""

    id: str
    label: str
    text: str
    language: Language


# English sentence (a full match, named groups kept) → Swedish, Norwegian.
_SAID: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(pattern), sv, nb)
    for pattern, sv, nb in [
        (
            r"not a date and time, e\.g\. (?P<e>\S+)",
            "inte ett datum med klockslag, t.ex. {e}",
            "ikke en dato med klokkeslett, f.eks. {e}",
        ),
        (
            r"(?P<t>\S+) is outside the years a quote can be made for",
            "{t} ligger utanför de år en offert kan gälla",
            "{t} ligger utenfor årene et tilbud kan gjelde",
        ),
        (
            r"(?P<t>\S+) does not exist in (?P<z>\S+) \(clocks jump\)",
            "{t} finns inte i {z} (klockan ställs om)",
            "{t} finnes ikke i {z} (klokken stilles om)",
        ),
        (
            r"(?P<t>\S+) happens twice in (?P<z>\S+); give it with its UTC offset",
            "{t} inträffar två gånger i {z}; ange tiden med UTC-förskjutning",
            "{t} inntreffer to ganger i {z}; oppgi tiden med UTC-forskyvning",
        ),
        (
            r"at most (?P<n>\d+) on this page; the API takes more",
            "högst {n} på den här sidan; API:et tar fler",
            "høyst {n} på denne siden; API-et tar flere",
        ),
        (r"choose one of: (?P<l>.*)", "välj en av: {l}", "velg en av: {l}"),
        (
            r"give the start and end of the work",
            "ange när arbetet började och slutade",
            "oppgi når arbeidet begynte og sluttet",
        ),
        (r"must be after start", "måste vara efter starten", "må være etter starten"),
        (r"required \(or give a list of sessions\)|Field required", "krävs", "påkrevd"),
        (
            r"(?P<a>\S+) and (?P<b>\S+) overlap in time",
            "{a} och {b} överlappar i tid",
            "{a} og {b} overlapper i tid",
        ),
        (
            r"not a channel of (?P<p>\S+?)( \(clause [^)]*\))?: (?P<l>.*)",
            "inte en kanal i {p}: {l}",
            "ikke en kanal i {p}: {l}",
        ),
        (
            r"required for on-site work \(it decides travel\)",
            "krävs för arbete på plats (den avgör resan)",
            "påkrevd for arbeid på stedet (det avgjør reisen)",
        ),
        (
            r"required for (?P<k>\w+): 'provider' or 'other'",
            "krävs för {k}: leverantören eller någon annan",
            "påkrevd for {k}: leverandøren eller noen andre",
        ),
        (r"required for work_kind training", "krävs för utbildning", "påkrevd for opplæring"),
        (
            r"(?P<n>\d+) min of instruction is more than the (?P<w>[\d.]+) min worked",
            "{n} min instruktion är mer än de {w} min som arbetats",
            "{n} min instruksjon er mer enn de {w} min som er arbeidet",
        ),
        (
            r"not a support level of (?P<p>\S+); known: (?P<l>.*)",
            "inte en supportnivå i {p}; kända: {l}",
            "ikke et supportnivå i {p}; kjente: {l}",
        ),
        (r"(?P<p>\S+) does not bill it", "{p} debiterar inte detta", "{p} fakturerer ikke dette"),
        (
            r"year (?P<y>\d+) is outside the calendar of policy '(?P<p>[^']+)' \((?P<r>[\d-]+)\)",
            "året {y} ligger utanför kalendern för {p} ({r})",
            "året {y} ligger utenfor kalenderen for {p} ({r})",
        ),
        (
            r"the work spans (?P<m>[\d.]+) min; at most (?P<d>\d+) days from first start to last "
            r"end",
            "arbetet sträcker sig över {m} min; högst {d} dagar från första start till sista slut",
            "arbeidet strekker seg over {m} min; høyst {d} dager fra første start til siste slutt",
        ),
        (
            r"before the first version of policy '(?P<p>[^']+)', in force from (?P<d>\S+) "
            r"\((?P<z>[^)]+)\)",
            "före den första versionen av {p}, som gäller från {d} ({z})",
            "før den første versjonen av {p}, som gjelder fra {d} ({z})",
        ),
        (
            r"(Value error, )?at most 2 decimal places; amounts are not rounded for you",
            "högst 2 decimaler; belopp avrundas inte åt dig",
            "høyst 2 desimaler; beløp avrundes ikke for deg",
        ),
        (
            r"(Value error, )?not a decimal: .*|not a decimal number; .*",
            "inte ett decimaltal: siffror med punkt och högst 2 decimaler, t.ex. 950.00",
            "ikke et desimaltall: sifre med punktum og høyst 2 desimaler, f.eks. 950.00",
        ),
        (
            r"(Value error, )?must be zero or more",
            "måste vara noll eller mer",
            "må være null eller mer",
        ),
        (
            r"String should have at most (?P<n>\d+) characters?",
            "högst {n} tecken",
            "høyst {n} tegn",
        ),
        (
            r"String should have at least (?P<n>\d+) characters?",
            "minst {n} tecken",
            "minst {n} tegn",
        ),
        (r"Input should be a valid integer.*", "inte ett heltal", "ikke et heltall"),
        (
            r"Input should be greater than or equal to (?P<n>\S+)",
            "måste vara minst {n}",
            "må være minst {n}",
        ),
        (
            r"Input should be less than or equal to (?P<n>\S+)",
            "får vara högst {n}",
            "kan være høyst {n}",
        ),
        (r"Input should be (?P<l>'.*)", "välj en av: {l}", "velg en av: {l}"),
        (
            r"needs a UTC offset, e\.g\. (?P<e>\S+) .*",
            "saknar UTC-förskjutning, t.ex. {e}; tjänsten gissar inte tidszoner (kryssa i att "
            "tider utan förskjutning är avtalets lokala tid)",
            "mangler UTC-forskyvning, f.eks. {e}; tjenesten gjetter ikke tidssoner (kryss av for "
            "at tider uten forskyvning er avtalens lokale tid)",
        ),
        (
            r"paste time entries or choose a CSV file",
            "klistra in tidsrader eller välj en CSV-fil",
            "lim inn timeføringer eller velg en CSV-fil",
        ),
        (r"not a date, e\.g\. (?P<e>\S+)", "inte ett datum, t.ex. {e}", "ikke en dato, f.eks. {e}"),
        (r"not a year, e\.g\. (?P<e>\S+)", "inte ett år, t.ex. {e}", "ikke et år, f.eks. {e}"),
        (
            r"holidays are known from (?P<a>\d+) to (?P<b>\d+)",
            "helgdagar är kända från {a} till {b}",
            "helligdager er kjent fra {a} til {b}",
        ),
        (
            r"unknown column\(s\) (?P<c>.*); columns name request fields",
            "okända kolumner {c}; kolumnerna heter som fälten i en förfrågan",
            "ukjente kolonner {c}; kolonnene heter som feltene i en forespørsel",
        ),
        (
            r"a column is named twice",
            "två kolumner har samma namn",
            "to kolonner har samme navn",
        ),
        (
            r"(?P<c>.*) also have nested columns",
            "{c} har också underkolumner",
            "{c} har også underkolonner",
        ),
        (
            r"the CSV has no header row",
            "CSV-filen saknar rubrikrad",
            "CSV-filen mangler overskriftsrad",
        ),
        (
            r"the CSV has no data rows",
            "CSV-filen saknar tidsrader",
            "CSV-filen mangler timeføringer",
        ),
        (r"the body has no entries", "inga tidsrader skickades", "ingen timeføringer ble sendt"),
        (r"more cells than columns", "fler celler än kolumner", "flere celler enn kolonner"),
        (r"longer than (?P<n>\d+) bytes", "längre än {n} byte", "lengre enn {n} byte"),
        (
            r"not valid CSV: (?P<e>.*)",
            "inte giltig CSV: {e}",
            "ikke gyldig CSV: {e}",
        ),
        (
            r"CSV must be UTF-8\. .*",
            "CSV-filen måste vara UTF-8: i Excel, Spara som 'CSV UTF-8 (kommaavgränsad)', "
            "eller välj teckenkodningen windows-1252",
            "CSV-filen må være UTF-8: i Excel, Lagre som 'CSV UTF-8 (kommadelt)', "
            "eller velg tegnkodingen windows-1252",
        ),
        (
            r"the link is cut or altered: copy it whole",
            "länken är avkortad eller ändrad: kopiera hela länken",
            "lenken er avkortet eller endret: kopier hele lenken",
        ),
        (
            r"the link is longer than (?P<n>\d+) characters",
            "länken är längre än {n} tecken",
            "lenken er lengre enn {n} tegn",
        ),
        (
            r"the body is not valid JSON.*",
            "länken bär ingen förfrågan",
            "lenken bærer ingen forespørsel",
        ),
        (
            r"no policy (?P<p>.+); loaded: (?P<l>.*)",
            "inget avtal {p}; inlästa: {l}",
            "ingen avtale {p}; lest inn: {l}",
        ),
    ]
]

# The label of each input, by its id without the row number: (words key, numbered).
_LABELS: dict[str, tuple[str, bool]] = {
    "policy": ("policy", False),
    "channel": ("channel", False),
    "start": ("start_of", True),
    "end": ("end_of", True),
    "channel-row": ("channel_of", True),
    "sittings": ("sittings", False),
    "work-kind": ("work_kind", False),
    "equipment-from": ("equipment_from", False),
    "ticket-id": ("ticket", False),
    "customer-id": ("customer", False),
    "support-level": ("support_level", False),
    "hourly-rate": ("hourly_rate", False),
    "urgent": ("urgent", False),
    "causes": ("causes", False),
    "training-planned": ("planned", False),
    "training-group": ("group", False),
    "training-minutes": ("instruction", False),
    "municipality": ("municipality_field", False),
    "ferry": ("ferry", False),
    "material-kind": ("material_kind", True),
    "material-description": ("material_description", True),
    "material-amount": ("material_price", True),
    "csv": ("entries_csv", False),
    "year": ("holiday_year", False),
    "on": ("version_on", False),
    "r": ("permalink", False),
}
_LINE_SAID = re.compile(r"line (?P<n>\d+): (?P<rest>.*)", re.DOTALL)
_ROW = re.compile(r"^(?P<name>.+?)-(?P<row>\d+)$")


def say(text: str, language: Language) -> tuple[str, Language]:
    """Return an English problem sentence in a language, and the language it is really in."""
    if language == "en":
        return text, "en"
    line = _LINE_SAID.fullmatch(text)
    if line:
        rest, spoken = say(line["rest"], language)
        return f"{words(language)['line_n'].format(n=line['n'])}: {rest}", spoken
    for pattern, sv, nb in _SAID:
        match = pattern.fullmatch(text)
        if match:
            found = {k: v for k, v in match.groupdict().items() if v is not None}
            if "k" in found:
                found["k"] = term(language, "work_kind", found["k"])
            return (sv if language == "sv" else nb).format(**found), language
    return text, "en"


_LINE = re.compile(r"^line (?P<n>\d+)\b")


def field_name(field: str, language: Language) -> str:
    """Return a batch problem's field in the page's language (`line 7` → `rad 7`)."""
    return _LINE.sub(lambda m: words(language)["line_n"].format(n=m["n"]), field)


def label_of(input_id: str, language: Language) -> str:
    """Return the label a person reads for an input id (`start-1` → "Start of sitting 2")."""
    said = words(language)
    match = _ROW.fullmatch(input_id)
    name, row = (match["name"], int(match["row"])) if match else (input_id, None)
    if name == "channel" and row is not None:
        name = "channel-row"
    key, numbered = _LABELS.get(name, ("", False))
    if not key:
        return input_id
    return f"{said[key]} {row + 1}" if numbered and row is not None else said[key]


def page_errors(problems: Iterable[FieldProblem], language: Language) -> list[PageError]:
    """Return the problems of the quote form as the page shows them, each linked to its input."""
    shown = []
    for problem in problems:
        input_id = QuoteForm.field_id(problem.field)
        text, spoken = say(problem.problem, language)
        shown.append(PageError(input_id, label_of(input_id, language), text, spoken))
    return shown


def field_errors(
    problems: Iterable[tuple[str, str]], language: Language, input_id: str
) -> list[PageError]:
    """Return problems of a page's other forms (a field path and its text) for one input."""
    shown = []
    for field, problem in problems:
        text, spoken = say(problem, language)
        label = label_of(input_id, language) if field in ("", input_id) else field
        shown.append(PageError(input_id, label, text, spoken))
    return shown
