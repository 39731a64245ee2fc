"""Every door of the batch answers the same bytes as before the pipelines were merged.

`golden/` holds one month of entries as a JSON batch, a CSV and NDJSON (with unreadable lines,
a blank row, a ticket blocked by an unreadable entry, a formula-looking ticket) and the SHA-256
of each answer the service gave them, for every body and answer format, grouped and not.
"""

import hashlib
import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
MEDIA = {"json": "application/json", "csv": "text/csv", "ndjson": "application/x-ndjson"}
BODIES = {"json": "batch.json", "csv": "entries.csv", "ndjson": "entries.ndjson"}
ANSWERS = json.loads((GOLDEN / "answers.json").read_text())


@pytest.mark.parametrize("case", sorted(ANSWERS))
def test_a_batch_is_answered_with_the_same_bytes(client, case):
    body_kind, rest = case.split("-to-")
    answer_kind, group_by = rest.split("-")
    response = client.post(
        "/v1/quotes/batch",
        params={"group_by": group_by},
        content=(GOLDEN / BODIES[body_kind]).read_bytes(),
        headers={
            "content-type": MEDIA[body_kind],
            "accept": MEDIA[answer_kind],
            "x-request-id": "golden-1",
        },
    )
    assert response.status_code == 200
    expected = ANSWERS[case]
    assert len(response.content) == expected["bytes"]
    assert hashlib.sha256(response.content).hexdigest() == expected["sha256"]
