"""Write the JSON Schemas of a policy file and of a PSA import profile from their models:
`python -m app.export_schemas` (or `--check`). Editors that read a `#:schema` line in a TOML file
(taplo, Even Better TOML) validate policy and profile files with them as they are typed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from app.engine import Policy
from app.imports.profile import Profile

POLICY_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "policy.schema.json"
PROFILE_SCHEMA = POLICY_SCHEMA.with_name("import-profile.schema.json")
# What a file may hold beside the policy's own fields (app/engine/derive.py reads them).
_REMOVE = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "description": "Dotted paths to drop from what this file builds on, e.g. `fair_use`.",
}


def _partial(node: Any) -> Any:
    """Return a schema with nothing required, at any depth: a patch holds only what differs."""
    if isinstance(node, dict):
        return {key: _partial(value) for key, value in node.items() if key != "required"}
    if isinstance(node, list):
        return [_partial(value) for value in node]
    return node


def policy_file_schema() -> dict[str, Any]:
    """Return the JSON Schema of a policy file: a whole policy, or with `extends` a patch."""
    model = Policy.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
    definitions = model.pop("$defs")
    definitions["Policy"] = model
    patches = {f"{name}Patch": _partial(schema) for name, schema in definitions.items()}
    patches = json.loads(json.dumps(patches).replace('"#/$defs/', '"#/$defs/Patch:'))
    definitions |= {f"Patch:{name.removesuffix('Patch')}": s for name, s in patches.items()}
    version = json.loads(json.dumps(definitions["Patch:Policy"]))
    version["properties"] |= {"remove": _REMOVE}
    version["required"] = ["valid_from"]
    version["description"] = "Changes in force from `valid_from`, on top of the versions before."
    versions = {"type": "array", "items": {"$ref": "#/$defs/Version"}}
    definitions["Version"] = version
    definitions["Policy"]["properties"]["versions"] = versions
    contract = json.loads(json.dumps(definitions["Patch:Policy"]))
    contract["properties"] |= {"remove": _REMOVE, "versions": versions}
    contract["required"] = ["id", "extends"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Billing-quote policy file",
        "description": "One provider's terms as a TOML file (generated from app/engine/policy.py"
        " by `python -m app.export_schemas`). With `extends`, a file holds only what differs from"
        " the policy it names; the result is checked whole when loaded.",
        "if": {"required": ["extends"]},
        "then": contract,
        "else": {"$ref": "#/$defs/Policy"},
        "$defs": dict(sorted(definitions.items())),
    }


def profile_file_schema() -> dict[str, Any]:
    """Return the JSON Schema of a PSA import profile file."""
    model = Profile.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
    definitions = model.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model,
        "title": "Billing-quote PSA import profile",
        "description": "How one PSA's time-entry export reads as quote requests, as a TOML file "
        "(generated from app/imports/profile.py by `python -m app.export_schemas`).",
        "$defs": dict(sorted(definitions.items())),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    schemas = [
        (POLICY_SCHEMA, render(policy_file_schema())),
        (PROFILE_SCHEMA, render(profile_file_schema())),
    ]
    if "--check" in argv:
        stale = [path for path, text in schemas if path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} differs from the model; run: python -m app.export_schemas")
        return 1 if stale else 0
    for path, text in schemas:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
