"""One version everywhere, a licence and a changelog that name it."""

import json
import re
import tomllib

from app.export_openapi import DOCUMENT
from app.version import VERSION
from tests.readme_examples import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_installed_version_is_the_one_in_pyproject():
    assert VERSION == PROJECT["version"], "reinstall: pip install -e ."


def test_the_openapi_document_carries_the_package_version():
    assert json.loads(DOCUMENT.read_text(encoding="utf-8"))["info"]["version"] == VERSION


def test_health_and_every_response_header_carry_the_version(client):
    health = client.get("/healthz")
    assert health.json()["version"] == VERSION
    assert health.headers["x-billing-quote-version"] == VERSION
    refused = client.get("/v1/policies/nope")
    assert refused.status_code == 404
    assert refused.headers["x-billing-quote-version"] == VERSION


def test_the_changelog_keeps_a_section_for_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[([^\]]+)\]", changelog, re.MULTILINE)
    assert sections[0] == "Unreleased"
    assert VERSION in sections


def test_the_licence_file_is_the_one_pyproject_declares():
    assert PROJECT["license"] == "Apache-2.0"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
