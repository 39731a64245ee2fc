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


def test_the_command_streams_a_psa_csv_export_in_the_language_asked(
    tmp_path: Path, capsys, rules: Validator
) -> None:
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    book_of(contracts, kustbygg=contract("kustbygg", "vmi-se"))
    export = tmp_path / "connectwise.csv"
    export.write_text(
        "id,timeStart,timeEnd,chargeToId,billableOption,company.identifier\n"
        "71,2026-11-03T09:00:00Z,2026-11-03T09:50:00Z,4711,Billable,kb\n"
        "72,2026-11-05T17:00:00Z,2026-11-05T17:25:00Z,4712,Billable,kb\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["invoice", str(export), "--out", str(out), "--policy-dir", str(contracts),
            "--source", "connectwise", "--policy", "kustbygg", "--lang", "en",
            "--issue-date", "2026-12-01"]  # fmt: skip
    assert main(argv) == 0
    (path,) = out.iterdir()
    assert path.name == "kb-2026-11-SEK.xml"
    xml = path.read_bytes()
    assert rules.fatal(xml) == []
    assert b"<cbc:Value>4711, 4712</cbc:Value>" in xml
    assert b"<cbc:Name>Tickets</cbc:Name>" in xml  # English, as asked
