"""The README's and the docs/ pages' promises: every request shown answers as shown, the Python
and command-line examples print what they show, the settings table matches the settings model,
and every link leads to a file."""

import json
import os
import re
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from app.api.application import create_app
from app.api.settings import Settings
from tests.http_clients import app_client
from tests.readme_examples import (
    DOCS,
    PAGES,
    ROOT,
    differences,
    every_example,
    normalized,
    page_text,
)

EXAMPLES = every_example()
ALL_TEXT = "\n".join(page_text(page) for page in PAGES)
CLIENT_PAGE = page_text(DOCS / "client-and-cli.md")
CONFIGURATION_PAGE = page_text(DOCS / "configuration.md")
API_PAGE = page_text(DOCS / "api.md")


def settings_of(page: str) -> dict[str, str]:
    """Return the settings a page's examples run under (`<!-- examples-settings: A=b C=d -->`)."""
    text = page_text(next(path for path in PAGES if path.name == page))
    found = re.search(r"<!-- examples-settings: (.+?) -->", text)
    pairs = (pair.split("=", 1) for pair in found[1].split()) if found else ()
    return {name.removeprefix("BILLING_").lower(): value for name, value in pairs}


@pytest.fixture(scope="module")
def clients():
    """Yield a function that returns a client of the app under some settings, made once each."""
    with ExitStack() as stack:
        made: dict[str, httpx.Client] = {}

        def client(settings: dict[str, str]) -> httpx.Client:
            key = json.dumps(settings, sort_keys=True)
            if key not in made:
                made[key] = stack.enter_context(app_client(create_app(Settings(**settings))))
            return made[key]

        yield client


def test_the_pages_show_examples_of_every_endpoint_kind():
    paths = {example.path.split("?")[0] for example in EXAMPLES}
    assert {"/v1/quotes", "/v1/quotes/batch", "/v1/policies"} <= paths
    assert {example.page for example in EXAMPLES} >= {"README.md", "api.md", "contracts.md"}


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=lambda e: f"{e.page} {e.path} {e.kind}{' excerpt' * e.excerpt}"
)
def test_each_curl_example_answers_as_shown(clients, monkeypatch, example):
    monkeypatch.chdir(ROOT)  # a page's settings name folders of the repository
    client = clients(settings_of(example.page))
    response = client.request(
        example.method, example.path, headers=example.headers, content=example.body
    )
    text = response.text.replace("\r\n", "\n")
    answer, shown = normalized(example.kind, text), normalized(example.kind, example.shown)
    if example.excerpt:
        assert differences(answer, shown) == []
    else:
        assert answer == shown


def test_an_excerpt_differs_from_an_answer_that_changed():
    answer = {"total": "10.00", "bands": [{"band": "normal", "amount": "10.00"}], "vat": "2.50"}
    assert differences(answer, {"total": "10.00", "bands": [{"band": "normal"}]}) == []
    assert differences(answer, {"total": "12.00"}) == [".total: '10.00', shown '12.00'"]
    assert differences(answer, {"bands": []}) == [".bands: 1 items, 0 shown"]
    assert differences(answer, {"currency": "SEK"}) == [".currency: not in the answer"]
    assert differences({"minutes": 60}, {"minutes": 60.0}) == [".minutes: 60, shown 60.0"]


def test_the_python_example_runs_and_prints_what_it_says(monkeypatch, capsys):
    code = re.search(r"```python\n(.+?)```", CLIENT_PAGE, re.DOTALL)[1]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "client-and-cli.md", "exec"), {})
    assert capsys.readouterr().out == "30 475.00\n"


def test_the_command_line_example_prints_what_the_page_shows(capsys):
    from app.cli import main

    block = re.search(
        r"```text\n\$ \.venv/bin/billing-quote (.+?)\n(Policy .+?)```", CLIENT_PAGE, re.DOTALL
    )
    argv = block[1].replace("\\\n", " ").split()
    assert main(argv) == 0
    assert capsys.readouterr().out == block[2]


GUARD = (
    "--http app.api.operations.connections:GuardedHttpToolsProtocol",
    "--log-config app/api/operations/logging.json",
)


def test_every_documented_way_to_run_the_service_is_billing_quote_serve():
    serves = re.findall(r"billing-quote serve[^\n`]*", ALL_TEXT)
    docker = (ROOT / "Dockerfile").read_text()
    cmd = " ".join(json.loads(re.search(r"^CMD (\[.*?\])", docker, re.S | re.M)[1]))
    assert len(serves) >= 3
    assert cmd.startswith("billing-quote serve ")
    # Plain uvicorn, where a page shows it, carries the guard and the log config.
    commands = re.findall(r"uvicorn app\.main:app[^\n`]*", ALL_TEXT)
    assert commands
    for command in commands:
        assert all(flag in command for flag in GUARD), command


# The settings table: | `BILLING_NAME` | default | meaning |
_ROW = re.compile(r"^\| `([A-Z_]+)` \| ([^|]+) \| ([^|]+) \|$", re.MULTILINE)
# Variables the table lists that are no setting of the model.
OTHER_VARIABLES = {"PROMETHEUS_MULTIPROC_DIR"}


def shown_default(value: object) -> str:
    """Return a default as the table writes it."""
    if value in (None, ()):
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_problems(page: str) -> list[str]:
    """Return how a configuration page's settings table differs from the settings model."""
    documented = {name: default.strip() for name, default, _ in _ROW.findall(page)}
    model = {f"BILLING_{name.upper()}": field for name, field in Settings.model_fields.items()}
    problems = [f"{name}: not in the table" for name in model if name not in documented]
    problems += [
        f"{name}: no such setting"
        for name in documented
        if name not in model and name not in OTHER_VARIABLES
    ]
    for name, field in model.items():
        if name in documented and documented[name].split(" ")[0] != shown_default(field.default):
            problems.append(f"{name}: default {documented[name]!r}, not {field.default!r}")
    return problems


def test_the_configuration_table_lists_every_setting_with_its_default():
    assert table_problems(CONFIGURATION_PAGE) == []
    assert "| `PROMETHEUS_MULTIPROC_DIR` |" in CONFIGURATION_PAGE


def test_the_table_check_notices_a_missing_an_unknown_and_a_wrong_setting():
    row = re.search(r"^\| `BILLING_MAX_SPAN_DAYS` \|.*\n", CONFIGURATION_PAGE, re.MULTILINE)[0]
    assert table_problems(CONFIGURATION_PAGE.replace(row, "")) == [
        "BILLING_MAX_SPAN_DAYS: not in the table"
    ]
    unknown = "| `BILLING_MAX_SPAN_WEEKS` | 4 | longest assignment |\n"
    assert table_problems(CONFIGURATION_PAGE + unknown) == [
        "BILLING_MAX_SPAN_WEEKS: no such setting"
    ]
    wrong = row.replace("| 31 |", "| 30 |")
    assert table_problems(CONFIGURATION_PAGE.replace(row, wrong)) == [
        "BILLING_MAX_SPAN_DAYS: default '30', not 31"
    ]


def anchors(page: Path) -> set[str]:
    """Return the anchors of a page's headings, as GitHub makes them."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", page_text(page), flags=re.S), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_of_a_page_leads_to_a_file_and_a_heading(page):
    for target in re.findall(r"\]\(([^)\s]+)\)", page_text(page)):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: {target}"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: {target}"


def test_the_start_refused_shows_the_lines_the_page_shows(monkeypatch, capsys):
    from app.cli import main

    block = re.search(
        r"<!-- start-refused -->\n```sh\n(.+?) \.venv/bin/billing-quote (serve)\n```\n\n```text\n"
        r"(.+?)```",
        CONFIGURATION_PAGE,
        re.DOTALL,
    )
    for name in [name for name in os.environ if name.startswith("BILLING_")]:
        monkeypatch.delenv(name)
    for assignment in block[1].split():
        monkeypatch.setenv(*assignment.split("=", 1))
    assert main([block[2]]) == 2
    assert capsys.readouterr().err == block[3]


def test_the_import_check_of_the_built_in_profiles_prints_what_the_page_shows(monkeypatch, capsys):
    from app.cli import main

    block = re.search(r"^\$ billing-quote (import check \S+)\n(.+?)\n```", API_PAGE, re.M | re.S)
    monkeypatch.chdir(ROOT)
    assert main(block[1].split()) == 0
    assert capsys.readouterr().out == block[2] + "\n"


def modules_on_the_map() -> set[str]:
    """Return the module paths the map of `app/` in development.md names, folder by folder."""
    text = page_text(DOCS / "development.md")
    block = text.split("## The map of `app/`", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    named, folders = set(), []  # folders: (indent, path) of the open folders
    for line in block.splitlines():
        name = line.strip().split(" ", 1)[0]
        indent = len(line) - len(line.lstrip())
        folders = [(depth, path) for depth, path in folders if depth < indent]
        parent = folders[-1][1] if folders else ""
        if name.endswith("/"):
            folders.append((indent, parent + name))
        elif name.endswith(".py"):
            named.add(parent + name)
    return named


def test_every_module_of_app_is_on_the_map_and_the_map_names_no_other():
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "app").rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    on_the_map = modules_on_the_map()
    assert not modules - on_the_map, f"missing from the map: {sorted(modules - on_the_map)}"
    assert not on_the_map - modules, f"on the map, not in app/: {sorted(on_the_map - modules)}"
