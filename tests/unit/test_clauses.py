"""Every clause id of TERMS.md is in a built-in policy, and a test cites it."""

import re
from pathlib import Path

import pytest

from app.wire.schemas import clauses_of
from tests.unit.quoting import BOOK

# The clause ids of shared TERMS.md (2026-11), `vmi:2.1.4 / 2.1.3` as two ids.
TERMS_CLAUSES = (
    "vmi:1.2 vmi:1.3 vmi:3.1 vmi:3.2 vmi:2.1.7 vmi:2.1.6 vmi:2.1.5 vmi:2.1.4 vmi:2.1.3 vmi:3.3a vmi:3.3b "
    "vmi:3.3c ad:hours ad:hours.security ad:development ad:training ad:setup.own ad:setup.other "
    "ad:setup.remote-site ad:parts ad:materials ad:ticket ad:recommendation ad:third-party "
    "ad:misuse ad:liquid ad:unauthorized ad:animals ad:malware ad:private ad:force-majeure "
    "ad:fair-use ad:billing ad:bands"
).split()
TESTS = Path(__file__).resolve().parents[1]
TEST_TEXT = "\n".join(
    path.read_text(encoding="utf-8")
    for path in TESTS.rglob("test_*.py")
    if path.name != Path(__file__).name
)


@pytest.mark.parametrize("clause", TERMS_CLAUSES)
def test_every_clause_is_in_a_built_in_policy(clause):
    in_policies = set().union(*(clauses_of(c.policy.model_dump()) for c in BOOK.values()))
    assert clause in in_policies


@pytest.mark.parametrize("clause", TERMS_CLAUSES)
def test_every_clause_is_cited_by_a_test(clause):
    as_name = clause.replace(":", "_").replace(".", "_").replace("-", "_")
    assert f'"{clause}"' in TEST_TEXT or as_name in TEST_TEXT


SHARED_TERMS = Path(__file__).resolve().parents[3] / "shared" / "TERMS.md"


@pytest.mark.skipif(not SHARED_TERMS.exists(), reason="no shared/TERMS.md beside the checkout")
def test_the_clause_list_follows_the_current_terms():
    rows = re.findall(r"^\| ((?:vmi|ad):[^|]+?) \|", SHARED_TERMS.read_text(encoding="utf-8"), re.M)
    ids = {
        part.strip()
        for row in rows
        for part in row.replace("vmi:2.1.4 / 2.1.3", "vmi:2.1.4 / vmi:2.1.3").split("/")
    }
    assert ids == set(TERMS_CLAUSES)
