"""docs/invoices.md: each curl example answers as shown (its invoices valid), its party block
loads, and its table of a reader's words is what the invoices write."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from app.api.application import create_app
from app.api.settings import Settings
from app.cli import main
from app.engine import Language
from app.invoices.words import band_name, material_name, number_text, words
from tests.http_clients import app_client
from tests.invoices.answers import invoices_in, summary
from tests.invoices.parties import book_of, contract
from tests.invoices.peppol import Validator
from tests.readme_examples import ROOT, examples, normalized

PAGE = ROOT / "docs" / "invoices.md"
LANGUAGES: tuple[Language, ...] = ("en", "sv", "nb")


@pytest.fixture(scope="module")
def service() -> Iterator[httpx.Client]:
    settings = Settings(policy_dir=ROOT / "examples" / "policies")
    with app_client(create_app(settings)) as client:
        yield client


def test_every_example_answers_as_shown(service: httpx.Client, rules: Validator) -> None:
    found = examples(PAGE.read_text(encoding="utf-8"))
    assert len(found) == 7
    for example in found:
        response = service.request(
            example.method, example.path, headers=example.headers, content=example.body
        )
        if example.kind == "json":
            assert response.status_code == 422, example.command
            assert normalized("json", response.text) == normalized("json", example.shown)
            continue
        invoices = invoices_in(response)
        for xml in invoices.values():
            assert rules.fatal(xml) == [], example.command
        assert summary(invoices) == normalized("text", example.shown), example.command


def test_the_party_block_loads_in_a_contract(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(\[seller\].*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert block, "docs/invoices.md has no [seller] block"
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se", parties=block[1]))
    policy = book["kustbygg"].policy
    assert policy.seller is not None and policy.buyer is not None


def test_the_table_of_words_is_what_invoices_write() -> None:
    text = PAGE.read_text(encoding="utf-8")
    table = text[text.index("| | English |") :].split("\n\n")[0]
    rows = {
        cells[0]: cells[1:]
        for line in table.splitlines()[2:]
        if (cells := [c.strip() for c in line.strip("|").split("|")])
    }

    def expected(language: Language) -> list[str]:
        band = band_name("evening", language)
        terms = {"multiplier": number_text(Decimal("1.4"), language, amount=False),
                 "rate": number_text(Decimal("1150.00"), language), "currency": "NOK"}  # fmt: skip
        other = {"currencies": "EUR", "numbers": "kb-2026-11-EUR"}
        return [
            words("labour", language, band=band),
            words("labour_terms", language, band=band, **terms),
            words("travel", language),
            words("material", language, kind=material_name("spare_part", language)),
            f"{words('tickets', language)}, {words('clauses', language)}",
            words("entry", language, n=7),
            words("quoted_under", language, policy="alesund-fjordfisk"),
            words("free", language, count=2).strip(),
            words("other_currencies", language, **other).strip(),
        ]

    for column, language in enumerate(LANGUAGES):
        assert [cells[column] for cells in rows.values()] == expected(language), language


def test_the_command_writes_the_files_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    rules: Validator,
) -> None:  # fmt: skip
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(r"```sh\n(billing-quote .+?)```\n\n```text\n(.*?)```", text, re.DOTALL)
    assert found, "docs/invoices.md has no billing-quote example"
    argv = found[1].replace("\\\n", " ").split()[1:]
    monkeypatch.chdir(tmp_path)  # --out invoices/ is written here
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == found[2].splitlines()
    for line in found[2].splitlines():
        assert rules.fatal((tmp_path / line).read_bytes()) == []
