"""`python -m bench.stages` times the streamed pipeline's own work, stage by stage."""

from __future__ import annotations

import orjson
import pytest

from app.api.batches.answer import read_stream
from app.api.batches.readers import iter_ndjson
from app.api.batches.run import BatchJob, make_answer
from app.engine import DEFAULT_LIMITS, load_policies
from bench.stages import encoded, quoted, spooled, stage_rows, whole
from bench.stream import MIXES


@pytest.mark.parametrize("mix", list(MIXES))
def test_the_stages_write_the_results_the_pipeline_writes(mix: str) -> None:
    book = load_policies()
    body = b"".join(orjson.dumps(entry) + b"\n" for entry in MIXES[mix][1](400))
    with spooled(body) as file:
        read = list(iter_ndjson(file))
    job = BatchJob(book, DEFAULT_LIMITS, "en", "ndjson", None, "none", in_memory=False)
    with spooled(body) as file:
        answer = b"".join(make_answer(job, lambda: read_stream(file, "ndjson", 10**8)))
    *results, summary = answer.splitlines(keepends=True)
    assert len(results) == 400
    assert encoded(quoted(read, book, "none")) == len(b"".join(results))
    assert whole(body, book, "none") == len(answer)
    assert b'"summary"' in summary


def test_every_stage_is_reported_beside_the_budget() -> None:
    rows = stage_rows("second", 200, "ticket", 1)
    names = [name.strip() for name, *_ in rows]
    assert names[0] == "second mix, 200 entries, group_by=ticket"
    assert names[1:5] == [
        "counting the lines",
        "reading (exact_numbers, validation)",
        "quoting (StreamedBatch, the engine)",
        "encoding the NDJSON answer",
    ]
    whole_row, rate_row = rows[-2], rows[-1]
    assert whole_row[2] == "<= 33 µs" and whole_row[3] is not None
    assert rate_row[2] == ">= 30,000" and rate_row[1].replace(",", "").isdigit()
