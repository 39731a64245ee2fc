"""`billing-quote invoice FILE --out DIR` writes each invoice of a month as a UBL file."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from tests.invoices.parties import book_of, contract, visit
from tests.invoices.peppol import Validator


def test_the_command_writes_one_file_per_invoice(tmp_path: Path, capsys, rules: Validator) -> None:
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    book_of(contracts, kustbygg=contract("kustbygg", "vmi-se"))
    month = tmp_path / "month.json"
    entries = [
        visit("kustbygg", "2026-11-12", "10:00", "11:00", ticket_id="K-1", customer_id="a"),
        visit("kustbygg", "2026-11-13", "10:00", "10:30", ticket_id="K-2", customer_id="b"),
    ]
    month.write_text(json.dumps({"items": entries}), encoding="utf-8")
    out = tmp_path / "out"
    status = main(
        [
            "invoice",
            str(month),
            "--out",
            str(out),
            "--policy-dir",
            str(contracts),
            "--issue-date",
            "2026-12-01",
            "--order-reference",
            "PO-1",
        ]
    )
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == ["a-2026-11-SEK.xml", "b-2026-11-SEK.xml"]
    assert capsys.readouterr().out.splitlines() == [
        str(out / "a-2026-11-SEK.xml"),
        str(out / "b-2026-11-SEK.xml"),
    ]
    for path in out.iterdir():
        assert rules.fatal(path.read_bytes()) == []


def test_a_month_that_cannot_be_invoiced_says_why(tmp_path: Path, capsys) -> None:
    month = tmp_path / "month.json"
    month.write_text(json.dumps({"items": [visit("vmi-se", "2026-11-12", "10:00", "11:00")]}))
    status = main(["invoice", str(month), "--out", str(tmp_path / "out")])
    assert status == 2
    assert "no buyer details" in capsys.readouterr().err
