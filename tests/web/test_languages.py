"""Every word a person reads on a page, and in its pictures, is in the page's language.

Each page is rendered in Swedish and Norwegian, with a quote, its errors, a batch and every
policy and contract; its visible text (pictures' titles included, ids in `<code>` and elements
marked `translate="no"` left out) must hold none of the English words of the pages' tables and
no raw id of a value (`onsite`, `weekend_holiday`, `charged`) that has a name in the language.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.engine import load_policies
from app.web.labels import ALL_WORDS
from app.web.vocabulary import terms_of
from tests.http_clients import app_client

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "policies"
BOOK = load_policies(EXAMPLES)
ENTRIES = (ROOT / "examples" / "entries.csv").read_text()
NO_FILE = {"file": ("", b"", "text/csv")}
COLUMN = {"sv": 1, "nb": 2}
# Read, not translated: the policies' own names (data an operator writes) and the names of the
# languages in the language chooser (each in its own language, marked with `lang`).
PROPER_NOUNS = {compiled.policy.name for compiled in BOOK.values()}
# Ids that are words of the language too ("Timpris som standard").
READ_AS_WORDS = {"sv": {"standard"}, "nb": {"standard"}}
CLAUSE_ID = re.compile(r"\b[a-z]+:[A-Za-z0-9.\-/]+")
SKIPPED = {"script", "style", "code", "pre", "textarea"}
VOID = {"input", "br", "meta", "link", "img", "hr", "col", "source", "wbr"}


class Visible(HTMLParser):
    """The text a person reads (SVG titles too), without ids, code and other languages."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # whether each open element hides its text
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        named = dict(attrs)
        hidden = (
            tag in SKIPPED
            or named.get("translate") == "no"
            or ("lang" in named and tag != "html" and named["lang"] != self.language)
        )
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @property
    def text(self) -> str:
        text = " ".join(" ".join(self.parts).split())
        for noun in PROPER_NOUNS:
            text = text.replace(noun, " ")
        return CLAUSE_ID.sub(" ", text)


def visible_text(html: str, language: str) -> str:
    page = Visible(language)
    page.feed(html)
    return page.text


def english_words(language: str) -> set[str]:
    """Return the English texts of the pages and of the values that read otherwise in a language."""
    english = terms_of("en")
    translated = terms_of(language)
    found = {
        texts[0]
        for texts in ALL_WORDS.values()
        if texts[0] != texts[COLUMN[language]] and "{" not in texts[0]
    }
    for kind, names in english.items():
        for value, name in names.items():
            if name != translated[kind][value]:
                found.add(name)
                # an id of four letters or more, as the API writes it (`weekend_holiday`)
                if len(value) >= 4 and value not in READ_AS_WORDS[language]:
                    found.add(value)
    return {text for text in found if len(text) >= 3}


def untranslated(html: str, language: str) -> list[str]:
    text = visible_text(html, language)
    return sorted(
        english
        for english in english_words(language)
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text)
    )


@pytest.fixture(scope="module")
def client():
    with app_client(create_app(Settings(policy_dir=EXAMPLES))) as started:
        yield started


QUOTE = {
    "policy": "alesund-data-no",
    "channel": "onsite",
    "municipality": "Ålesund",
    "work_kind": "setup",
    "equipment_from": "other",
    "causes": ["liquid_damage"],
    "start": ["2026-04-02T15:30", "2026-04-02T17:00"],
    "end": ["2026-04-02T16:10", "2026-04-02T17:20"],
    "session_channel": ["", "remote"],
    "material_kind": ["spare_part"],
    "material_description": ["Cable"],
    "material_amount": ["89.50"],
}
WRONG = {
    "policy": "vmi-se",
    "channel": "onsite",
    "start": ["2026-03-02T15:30", "2026-03-29T02:30"],
    "end": ["2026-03-02T15:00", "2026-03-29T03:30"],
    "work_kind": "warranty",
    "hourly_rate": "9.999",
    "material_kind": ["toner_ink"],
    "material_description": [""],
    "material_amount": ["-1"],
}


def pages(client, language):
    """Yield each page a person can reach, in a language, with what it shows."""
    for path in ("/", "/batch", "/policies", "/policies/nowhere", "/quote?r=altered!"):
        yield path, client.get(path, params={"lang": language})
    for policy_id in BOOK:
        yield policy_id, client.get(f"/policies/{policy_id}?year=2026&lang={language}")
    yield (
        "vmi-roslagsbygg 2027",
        client.get(f"/policies/vmi-roslagsbygg?on=2027-02-01&lang={language}"),
    )
    yield "quote", client.post("/", data=QUOTE | {"lang": language})
    yield (
        "vmi quote",
        client.post(
            "/",
            data={
                "policy": "vmi-se",
                "channel": "onsite",
                "municipality": "Solna",
                "start": "2026-03-02T15:30",
                "end": "2026-03-02T16:10",
                "lang": language,
            },
        ),
    )
    yield "errors", client.post("/", data=WRONG | {"lang": language})
    yield (
        "no times",
        client.post("/", data={"policy": "vmi-se", "channel": "remote", "lang": language}),
    )
    yield (
        "batch",
        client.post(
            "/batch",
            data={"csv": ENTRIES, "group_by": "ticket", "action": "show", "lang": language},
            files=NO_FILE,
        ),
    )
    yield (
        "empty batch",
        client.post("/batch", data={"csv": "", "action": "show", "lang": language}, files=NO_FILE),
    )


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_every_page_reads_in_its_language(client, language):
    found = {}
    for name, answer in pages(client, language):
        assert answer.status_code < 500, name
        assert f'<html lang="{language}">' in answer.text, name
        left = untranslated(answer.text, language)
        if left:
            found[name] = left
    assert found == {}


TIMES = {"policy": "vmi-se", "channel": "remote", "start": "2026-03-02T15:30"}
WRONG_FORMS = [
    WRONG,
    {"policy": "vmi-se", "channel": "remote"},
    TIMES | {"end": "2026-03-02T15:00"},
    TIMES | {"end": "2026-03-02T16:00", "hourly_rate": "9.999"},
    TIMES | {"end": "2026-03-02T16:00", "hourly_rate": "-1"},
    TIMES | {"end": "2026-03-02T16:00", "channel": "onsite"},
    TIMES | {"end": "2026-03-02T16:00", "work_kind": "warranty"},
    TIMES | {"end": "2026-03-02T16:00", "support_level": "gold"},
    TIMES | {"end": "2026-03-02T16:00", "work_kind": "training", "training_minutes": "90"},
    TIMES | {"end": "2026-10-25T02:30", "start": "2026-10-25T02:30"},
    TIMES | {"end": "0001-01-01T01:00", "start": "0001-01-01T00:00"},
    TIMES | {"end": "2026-03-02T16:00", "start": "yesterday"},
    TIMES | {"end": "2026-03-02T16:00", "policy": "nowhere"},
    TIMES
    | {
        "end": "2026-03-02T16:00",
        "material_kind": "toner_ink",
        "material_description": "x" * 201,
        "material_amount": "1.005",
    },
]


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_the_errors_a_form_gives_are_in_its_language(client, language):
    """No problem the quote form meets for these inputs is left in English (`lang="en"`)."""
    for data in WRONG_FORMS:
        answer = client.post("/", data=data | {"lang": language})
        assert answer.status_code == 422, data
        html = answer.text
        errors = html[html.index('id="errors"') : html.index('id="quote-form"')]
        assert "<li>" in errors, data
        assert 'lang="en"' not in errors, errors


def test_the_check_finds_english_left_on_a_page(client):
    """The check itself: an English label on a Swedish page is found."""
    html = client.get("/?lang=sv").text
    assert untranslated(html, "sv") == []
    assert untranslated(html.replace("Kanal", "Channel", 1), "sv") == ["Channel"]
    assert "onsite" in untranslated(html.replace("på plats", "onsite", 1), "sv")


def test_the_api_docs_the_pages_and_the_command_line_name_mixed_work_alike(client, capsys):
    """`mixed` is "partly free" on the pages, in the CLI's report and in the API's docs."""
    from app.cli.output import print_quote
    from app.engine import QuoteRequest, quote

    asked = QuoteRequest.model_validate(
        {
            "policy": "alesund-data-no",
            "start": "2026-03-02T15:30:00+01:00",
            "end": "2026-03-02T17:10:00+01:00",
            "channel": "remote",
            "ticket_id": "HD-1042",
        }
    )
    quoted = quote(asked, BOOK)
    assert quoted.coverage == "mixed"
    page = client.post(
        "/",
        data={
            "policy": "alesund-data-no",
            "channel": "remote",
            "start": "2026-03-02T15:30",
            "end": "2026-03-02T17:10",
            "ticket_id": "HD-1042",
        },
    ).text
    shown = re.search(r'id="coverage" data-coverage="mixed">([^<]*)<', page)[1]
    print_quote(quoted)
    assert f"Coverage   {shown} (coverage=mixed" in capsys.readouterr().out
    docs = client.get("/openapi.json").json()["components"]["schemas"]["Quote"]
    assert f'"{shown}"' in docs["properties"]["coverage"]["description"]


def test_every_word_the_templates_and_pictures_ask_for_is_in_the_tables():
    """A key missing from the tables would render as nothing, silently, in every language."""
    web = ROOT / "app" / "web"
    asked = set()
    for template in (web / "templates").glob("*.html"):
        asked |= set(re.findall(r"words\.(\w+)", template.read_text()))
    for module in web.glob("*.py"):
        asked |= set(re.findall(r"said\[\"(\w+)\"\]", module.read_text()))
    assert len(asked) > 100
    assert sorted(asked - set(ALL_WORDS)) == []
    assert all(all(texts) for texts in ALL_WORDS.values())


WRONG_TABLES = [
    "policy,start,end,chanel\nvmi-se,2026-03-02T15:30:00+01:00,2026-03-02T16:00:00+01:00,phone\n",
    "policy,policy\nvmi-se,vmi-se\n",
    "policy,start,end,channel\n",
]
WRONG_ROW = (
    "policy,start,end,channel\nvmi-se,2026-03-02T15:30:00+01:00,2026-03-02T16:00:00+01:00,phone,x\n"
)


def shown(client, table, language):
    return client.post(
        "/batch", data={"csv": table, "action": "show", "lang": language}, files=NO_FILE
    )


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_a_batch_tables_problems_are_in_its_language(client, language):
    """An unknown or twice-named column, a table without rows, a row with more cells than
    columns: each problem the batch page shows is said in its language, none left in English."""
    for table in WRONG_TABLES:
        answer = shown(client, table, language)
        assert answer.status_code == 422, table
        html = answer.text
        errors = html[html.index('id="errors"') : html.index("</ul>", html.index('id="errors"'))]
        assert "<li>" in errors, table
        assert 'lang="en"' not in errors, errors
    html = shown(client, WRONG_ROW, language).text
    row = html[html.index('class="problem-cell"') : html.index("</td>", html.index("problem-cell"))]
    assert 'class="problem"' in row and 'lang="en"' not in row, row
