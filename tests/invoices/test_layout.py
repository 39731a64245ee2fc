"""Invoices are a writer of engine results: they import the engine and lxml, no web layer."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.unit.test_architecture import imported_roots

INVOICES = Path(__file__).resolve().parents[2] / "app" / "invoices"


def test_the_invoice_writer_imports_the_engine_and_lxml_only():
    for path in INVOICES.glob("*.py"):
        foreign = imported_roots(path) - set(sys.stdlib_module_names) - {"app", "lxml"}
        assert not foreign, f"{path.name} imports {foreign}"
        text = path.read_text(encoding="utf-8")
        assert "from app.api" not in text and "from app.web" not in text, path.name


def test_without_the_shared_rules_the_validation_tests_skip_saying_why(monkeypatch):
    from tests.invoices import peppol

    monkeypatch.setattr(peppol, "SHARED_PEPPOL", Path("/nonexistent/shared/peppol"))
    assert not peppol.available()
    assert "is absent" in peppol.SKIP_REASON and "../shared/peppol" in peppol.SKIP_REASON
