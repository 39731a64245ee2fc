"""A batch is answered in pieces, made in threads one piece ahead of the sending; every exit of
an answer frees its slot and closes its files."""

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

from app.api.application import create_app
from app.api.batches import answer, run, tuning
from app.api.batches.answer import _sent
from app.api.batches.slots import BatchSlots
from app.api.batches.writer import RESULTS_PER_PIECE
from app.api.settings import Settings
from tests.api.payloads import EVENING
from tests.http_clients import app_client, live_server


def test_a_large_batch_answer_is_sent_in_several_pieces(client):
    body = orjson.dumps({"items": [EVENING] * (RESULTS_PER_PIECE + 1)})
    plain = {"Accept-Encoding": "identity"}
    with client.stream("POST", "/v1/quotes/batch", content=body, headers=plain) as response:
        chunks = list(response.iter_raw())
    assert response.status_code == 200 and "content-length" not in response.headers
    assert len(chunks) >= 3  # the opening, then a piece per thousand results, then the closing
    answer = orjson.loads(b"".join(chunks))
    assert (
        answer["summary"]["quoted"] == RESULTS_PER_PIECE + 1
        and len(answer["results"]) == RESULTS_PER_PIECE + 1
    )


def test_the_next_piece_is_made_while_one_is_being_sent():
    next_made = threading.Event()

    def pieces():
        next_made.set()
        yield b"second"
        yield b"third"

    async def read():
        slot = BatchSlots(running=1, waiting=0).take()
        received = []
        async for piece in _sent(b"first", pieces(), slot, None):
            # A caller still sending the first piece sees the second made meanwhile.
            if not received:
                assert await asyncio.to_thread(next_made.wait, 5)
            received.append(piece)
        return received

    assert asyncio.run(read()) == [b"first", b"second", b"third"]


def test_a_caller_that_leaves_early_stops_the_making_and_frees_the_slot():
    made = []
    slots = BatchSlots(running=1, waiting=0)

    def pieces():
        for n in range(1000):
            made.append(n)
            yield b"piece"

    async def leave_after_two():
        sent = _sent(b"first", pieces(), slots.take(), None)
        assert await anext(sent) == b"first"
        assert await anext(sent) == b"piece"
        await sent.aclose()
        return len(made)

    made_by_the_end = asyncio.run(leave_after_two())
    assert made_by_the_end == len(made) < 1000  # stopped, and over before aclose returned
    assert slots.taken == slots.open == 0


def test_a_slot_released_twice_is_counted_out_once():
    slots = BatchSlots(running=1, waiting=1)
    first, second = slots.take(), slots.take()
    first.release()
    first.release()
    assert slots.taken == slots.open == 1
    second.release()
    assert slots.taken == slots.open == 0


def test_a_slot_is_held_only_while_its_step_works():
    slots = BatchSlots(running=1, waiting=0)

    async def scenario():
        slot = slots.take()  # the first step's slot: a second batch must wait or be refused
        assert slots.taken == 1
        await slot.step(lambda: None)
        assert slots.taken == 0 and slots.open == 1  # waiting on its caller: parked
        other = slots.take()  # so another batch may work meanwhile
        other.release()
        slot.release()

    asyncio.run(scenario())


def test_a_batchs_entries_are_freed_off_the_event_loop_once_answered(client, monkeypatch):
    freed_in = []
    read_whole = answer.read_whole

    def reading(*args):
        entries = read_whole(*args)
        for _, item, _ in entries.listed:
            weakref.finalize(item, lambda: freed_in.append(threading.current_thread().name))
        return entries

    monkeypatch.setattr(answer, "read_whole", reading)
    response = client.post("/v1/quotes/batch", json={"items": [EVENING] * 3})
    assert response.json()["summary"]["quoted"] == 3
    deadline = time.monotonic() + 5
    while (len(freed_in) < 3 or not gc.isenabled()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert freed_in == ["free-later"] * 3
    assert gc.isenabled()  # the collector runs again once they are gone


@pytest.mark.parametrize("served", ["in process", "by uvicorn"])
def test_a_failure_while_writing_an_answer_cuts_it_off_and_frees_the_worker(monkeypatch, served):
    def failing(*args):
        yield b'{"results":['
        raise RuntimeError("encoding failed")

    app = create_app(Settings())
    monkeypatch.setattr(run, "_pieces", failing)
    with contextlib.ExitStack() as stack:
        if served == "in process":
            client = stack.enter_context(app_client(app))
        else:
            url = stack.enter_context(live_server(app))
            client = stack.enter_context(httpx.Client(base_url=url, timeout=10))
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/v1/quotes/batch", json={"items": [EVENING]})
        monkeypatch.undo()
        batches = app.state.service.batches
        assert batches.taken == batches.open == 0
        assert client.post("/v1/quotes/batch", json={"items": [EVENING]}).status_code == 200


def test_threads_take_turns_more_often_while_any_app_runs_batch_steps():
    before = sys.getswitchinterval()
    one, other = BatchSlots(running=1, waiting=0), BatchSlots(running=1, waiting=0)
    first, second = one.take(), other.take()  # two apps in one process
    assert sys.getswitchinterval() == tuning.SWITCH_INTERVAL_SECONDS < before
    first.release()
    assert sys.getswitchinterval() == tuning.SWITCH_INTERVAL_SECONDS  # the other app still works
    second.release()
    assert sys.getswitchinterval() == before


def test_a_caller_that_hangs_up_mid_answer_frees_the_batch_slot(monkeypatch):
    made = []

    def endless(*args):
        for n in range(200):
            made.append(n)
            yield b" " * 2**20

    app = create_app(Settings())
    monkeypatch.setattr(run, "_pieces", endless)
    batches = app.state.service.batches
    with live_server(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        plain = {"Accept-Encoding": "identity"}
        body = {"items": [EVENING]}
        with client.stream("POST", "/v1/quotes/batch", json=body, headers=plain) as response:
            assert next(response.iter_raw())
        deadline = time.monotonic() + 10
        while batches.open and time.monotonic() < deadline:
            time.sleep(0.01)
        assert batches.open == batches.taken == 0 and len(made) < 200


def test_a_grouped_batch_says_its_work_a_thousand_entries_at_a_time():
    """Held entries write nothing until the end; an empty piece marks each thousand taken, so a
    step of work ends after a few of them (and a caller who left is noticed) however long the
    stream."""
    from app.api.batches.readers import read_json_items
    from app.api.batches.run import BatchJob, Entries, make_answer
    from app.engine import DEFAULT_LIMITS, load_policies
    from bench.mix import entries

    items, _ = read_json_items(
        orjson.dumps({"items": entries(3 * RESULTS_PER_PIECE)}), 3 * RESULTS_PER_PIECE, 1_000
    )
    job = BatchJob(load_policies(), DEFAULT_LIMITS, "en", "ndjson", None, "ticket", in_memory=True)
    pieces = list(make_answer(job, lambda: Entries(iter([(0, item, b"") for item in items]))))
    assert pieces[:3] == [b"", b"", b""]  # three thousands taken, all held for their tickets
    assert all(pieces[3:])
