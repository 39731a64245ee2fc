"""Reasons speak English by default, Swedish or Norwegian (Bokmål) when asked."""

import pytest

from app.engine import quote
from app.engine.messages import CATALOGUE
from tests.unit.quoting import BOOK, request


def messages_in(data):
    """Yield every message ({en, sv, nb}) found in a dumped policy."""
    if isinstance(data, dict):
        if set(data) == {"en", "sv", "nb"}:
            yield data
        else:
            for value in data.values():
                yield from messages_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from messages_in(value)


@pytest.mark.parametrize("policy_id", sorted(BOOK))
def test_every_reason_text_of_a_built_in_policy_has_swedish_and_norwegian(policy_id):
    messages = list(messages_in(BOOK[policy_id].policy.model_dump()))
    assert len(messages) > 10
    assert all(m["sv"] and m["nb"] for m in messages)


def test_every_engine_text_has_all_three_languages():
    assert all(set(texts) == {"en", "sv", "nb"} for texts in CATALOGUE.values())


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "billed in band"), ("sv", "debiteras i prisbandet"), ("nb", "fakturert i satsen")],
)
def test_a_quote_renders_its_reasons_in_the_language_asked(language, words):
    r = request("alesund-data-no", "2026-03-03T17:00:00+01:00", "2026-03-03T17:20:00+01:00")
    q = quote(r.model_copy(update={"ticket_id": "T"}), BOOK, language=language)
    assert any(words in reason.message for reason in q.reasons)
    assert [x.clause for x in q.reasons] == [
        x.clause for x in quote(r.model_copy(update={"ticket_id": "T"}), BOOK).reasons
    ]
