"""The invoice example of docs/api.md: its parties load, its command writes valid invoices."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import main
from tests.invoices.parties import book_of, contract
from tests.invoices.peppol import Validator
from tests.readme_examples import DOCS, ROOT

PAGE = DOCS / "api.md"


def test_the_readme_parties_load_in_a_contract(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    block = re.search(r"<!-- invoice-parties -->\n```toml\n(.*?)```", text, re.DOTALL)
    assert block, "docs/api.md has no invoice-parties block"
    book = book_of(tmp_path, kustbygg=contract("kustbygg", "vmi-se", parties=block[1]))
    policy = book["kustbygg"].policy
    assert policy.seller is not None and policy.buyer is not None


def test_the_readme_command_writes_valid_invoices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: Validator
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    command = re.search(r"\.venv/bin/billing-quote (invoice .+?)\n(?!  )", text, re.DOTALL)
    assert command
    argv = command[1].replace("\\\n", " ").split()
    argv[argv.index("--out") + 1] = str(tmp_path / "invoices")
    monkeypatch.chdir(ROOT)
    assert main(argv) == 0
    written = sorted((tmp_path / "invoices").iterdir())
    assert [p.name for p in written] == ["fjordfisk-2026-11-NOK.xml", "roslagsbygg-2026-11-SEK.xml"]
    for path in written:
        assert rules.fatal(path.read_bytes()) == []
