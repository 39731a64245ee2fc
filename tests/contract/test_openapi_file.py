"""The contract is a file: openapi/openapi.json must be what the app serves."""

import json

from app.api.application import create_app
from app.api.settings import Settings
from app.export_openapi import DOCUMENT, render


def test_the_committed_openapi_document_matches_the_app():
    served = render(create_app(Settings()).openapi())
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert served == committed, "run `python -m app.export_openapi` and commit openapi/openapi.json"


def test_the_document_does_not_depend_on_api_keys():
    with_keys = create_app(Settings(api_keys=("k" * 32,))).openapi()
    assert with_keys == json.loads(DOCUMENT.read_text(encoding="utf-8"))


def test_every_operation_has_a_stable_id_and_documents_problem_responses():
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert sorted(op["operationId"] for op in operations) == [
        "create_invoices",
        "create_quote",
        "create_quotes",
        "get_policy",
        "health",
        "list_policies",
        "readiness",
    ]
    for op in operations:
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"]
