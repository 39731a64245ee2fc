"""A batch quoted in memory is answered in pieces: the same bytes, sent as they are made."""

import asyncio
import contextlib
import gc
import sys
import threading
import time
import weakref

import httpx
import orjson
import pytest

from app.api import batch_answer, batch_io, csv_io
from app.api.application import create_app
from app.api.batch_answer import PIECE, answer_pieces
from app.api.batch_io import batch_response, read_json_items
from app.api.batch_runner import SWITCH_INTERVAL_SECONDS, BatchRunner
from app.api.encoding import batch_json, result_line, summary_line
from app.api.settings import Settings
from app.engine.batch import quote_batch
from bench.mix import entries
from tests.api.payloads import EVENING, with_
from tests.http_clients import app_client, live_server
from tests.unit.quoting import BOOK


def answer_of(items, group_by="none"):
    read, _ = read_json_items(orjson.dumps({"items": items}), len(items), 1_000)
    return batch_response(quote_batch(read, BOOK, group_by=group_by), len(read), "req-1")


@pytest.fixture(scope="module")
def mixed_items():
    items = entries(2 * PIECE + 300)
    items[5] = with_(EVENING, start="yesterday")  # a failed item
    items[PIECE] = 42  # a failed item at the start of a piece
    return items


@pytest.mark.parametrize("group_by", ["none", "ticket"])
def test_json_pieces_join_into_exactly_the_whole_answer(mixed_items, group_by):
    answer = answer_of(mixed_items, group_by)
    pieces = list(answer_pieces(answer, "json", started=0))
    assert len(pieces) == 2 + -(-len(answer.results) // PIECE)
    assert b"".join(pieces) == batch_json(answer)


def test_csv_and_ndjson_pieces_join_into_the_whole_table_and_lines(mixed_items):
    answer = answer_of(mixed_items)
    table = b"".join(answer_pieces(answer, "csv", started=0))
    assert table.decode() == csv_io.write_results(answer)
    lines = b"".join(answer_pieces(answer, "ndjson", started=0))
    whole = b"".join(map(result_line, answer.results))
    assert lines == whole + summary_line(answer.summary, answer.fair_use)


def test_a_large_batch_answer_is_sent_in_several_pieces(client):
    body = orjson.dumps({"items": [EVENING] * (PIECE + 1)})
    plain = {"Accept-Encoding": "identity"}
    with client.stream("POST", "/v1/quotes/batch", content=body, headers=plain) as response:
        chunks = list(response.iter_raw())
    assert response.status_code == 200 and "content-length" not in response.headers
    assert len(chunks) >= 3  # the opening, then a piece per thousand results, then the closing
    answer = orjson.loads(b"".join(chunks))
    assert answer["summary"]["quoted"] == PIECE + 1 and len(answer["results"]) == PIECE + 1


def test_pieces_are_made_on_while_the_first_is_still_being_sent():
    runner = BatchRunner(running=1, waiting=0)
    last_made = threading.Event()

    def pieces():
        yield b"first"
        yield b"second"
        last_made.set()
        yield b"third"

    async def read():
        runner.admit()
        received = []
        async for piece in runner.produce(pieces()):
            # A caller still sending the first piece sees the rest made meanwhile.
            if not received:
                assert await asyncio.to_thread(last_made.wait, 5)
            received.append(piece)
        runner.release()
        return received

    assert asyncio.run(read()) == [b"first", b"second", b"third"]


def test_a_caller_that_leaves_early_stops_the_making_and_waits_for_it():
    runner = BatchRunner(running=1, waiting=0)
    release = threading.Event()
    made = []

    def pieces():
        for n in range(1000):
            if n:
                release.wait(5)
            made.append(n)
            yield b"piece"

    async def leave_after_one():
        answer = runner.produce(pieces())
        assert await anext(answer) == b"piece"
        release.set()
        await answer.aclose()
        return len(made)

    made_by_the_end = asyncio.run(leave_after_one())
    time.sleep(0.1)
    assert 1 <= made_by_the_end == len(made) < 1000  # stopped, and over before aclose returned


def test_a_batchs_entries_are_freed_off_the_event_loop_once_answered(client, monkeypatch):
    freed_in = []

    def quote_body(*args):
        answer, entries = batch_io.quote_body(*args)
        for entry in entries:
            weakref.finalize(entry, lambda: freed_in.append(threading.current_thread().name))
        return answer, entries

    monkeypatch.setattr(batch_answer, "quote_body", quote_body)
    response = client.post("/v1/quotes/batch", json={"items": [EVENING] * 3})
    assert response.json()["summary"]["quoted"] == 3
    deadline = time.monotonic() + 5
    while (len(freed_in) < 3 or not gc.isenabled()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert freed_in == ["free-later"] * 3
    assert gc.isenabled()  # the collector runs again once they are gone


@pytest.mark.parametrize("served", ["in process", "by uvicorn"])
def test_a_failure_while_writing_an_answer_cuts_it_off_and_frees_the_worker(monkeypatch, served):
    def failing(answer, kind, started):
        yield b'{"results":['
        raise RuntimeError("encoding failed")

    app = create_app(Settings())
    monkeypatch.setattr(batch_answer, "answer_pieces", failing)
    with contextlib.ExitStack() as stack:
        if served == "in process":
            client = stack.enter_context(app_client(app))
        else:
            url = stack.enter_context(live_server(app))
            client = stack.enter_context(httpx.Client(base_url=url, timeout=10))
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/v1/quotes/batch", json={"items": [EVENING]})
        monkeypatch.undo()
        assert app.state.service.batches.admitted == 0
        assert client.post("/v1/quotes/batch", json={"items": [EVENING]}).status_code == 200


def test_threads_take_turns_more_often_while_batches_run():
    runner = BatchRunner(running=1, waiting=1)
    before = sys.getswitchinterval()
    runner.admit()
    runner.admit()
    assert sys.getswitchinterval() == SWITCH_INTERVAL_SECONDS < before
    runner.release()
    assert sys.getswitchinterval() == SWITCH_INTERVAL_SECONDS  # one batch still runs
    runner.release()
    assert sys.getswitchinterval() == before


def test_a_caller_that_hangs_up_mid_answer_frees_the_batch_slot(monkeypatch):
    made = []

    def endless(answer, kind, started):
        for n in range(200):
            made.append(n)
            yield b" " * 2**20

    app = create_app(Settings())
    monkeypatch.setattr(batch_answer, "answer_pieces", endless)
    batches = app.state.service.batches
    with live_server(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        plain = {"Accept-Encoding": "identity"}
        body = {"items": [EVENING]}
        with client.stream("POST", "/v1/quotes/batch", json=body, headers=plain) as response:
            assert next(response.iter_raw())
        deadline = time.monotonic() + 10
        while batches.admitted and time.monotonic() < deadline:
            time.sleep(0.01)
        assert batches.admitted == 0 and len(made) < 200
