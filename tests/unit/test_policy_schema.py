"""schemas/policy.schema.json: generated from the policy model, and it accepts the shipped
policy files (which point editors at it) and refuses what the model refuses."""

import datetime
import json
import re
import tomllib

import jsonschema
import pytest

from app.engine.book import BUILTIN_DIR
from app.export_schemas import POLICY_SCHEMA, policy_file_schema, render
from tests.readme_examples import ROOT

SCHEMA = json.loads(POLICY_SCHEMA.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SHIPPED = sorted(BUILTIN_DIR.glob("*.toml")) + sorted(
    (ROOT / "examples" / "policies").glob("*.toml")
)


def as_json(node):
    """Return TOML data as an editor hands it to a JSON Schema: dates as ISO strings."""
    if isinstance(node, dict):
        return {key: as_json(value) for key, value in node.items()}
    if isinstance(node, list):
        return [as_json(value) for value in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def load(path):
    return as_json(tomllib.loads(path.read_text(encoding="utf-8")))


def problems(data):
    return [error.message for error in VALIDATOR.iter_errors(data)]


def test_the_committed_schema_is_generated_from_the_model():
    assert POLICY_SCHEMA.read_text(encoding="utf-8") == render(policy_file_schema()), (
        "run `python -m app.export_schemas` and commit schemas/policy.schema.json"
    )
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_policy_file_names_the_schema_and_passes_it(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    directive = re.fullmatch(r"#:schema (\S+)", first)
    assert directive, f"{path.name} should start with a #:schema line"
    assert (path.parent / directive[1]).resolve() == POLICY_SCHEMA
    assert problems(load(path)) == []


def test_a_misspelt_field_or_a_bad_clock_time_is_refused():
    policy = load(BUILTIN_DIR / "vmi-se.toml")
    assert problems(policy | {"curency": "SEK"}) == [
        "Additional properties are not allowed ('curency' was unexpected)"
    ]
    policy["bands"][0]["from"] = "25:00"
    assert len(problems(policy)) == 1


def test_a_whole_policy_needs_its_fields_and_a_contract_only_what_differs():
    policy = load(BUILTIN_DIR / "vmi-se.toml")
    del policy["currency"]
    assert problems(policy) == ["'currency' is a required property"]
    contract = {"id": "acme", "extends": "vmi-se", "default_hourly_rate": "900.00"}
    assert problems(contract) == []
    assert problems(contract | {"travel": [{"code": "travel_stockholm_region", "fe": "1"}]})


def test_a_version_needs_its_date():
    contract = {"id": "acme", "extends": "vmi-se", "versions": [{"default_hourly_rate": "1.00"}]}
    assert problems(contract) == ["'valid_from' is a required property"]
