"""The per-worker turns of batch work: a slot is taken where CPU work starts, never before.

A worker runs at most `running` batch steps at once, in threads, and lets at most
`running + waiting` batches work or wait for a thread; past that a new batch is answered 503
with `Retry-After` (ServiceBusy), so a burst cannot pile up memory. A slot is held only while a
step runs or waits for a thread: a batch waiting on its caller (a body still arriving, an answer
not yet read) holds none, and takes one again, waiting its turn, for its next step. Answers
under way, working or waiting on their callers, are bounded too (`OPEN_PER_SLOT` per slot); a
caller that reads nothing is cut off by the answer's write timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
import anyio.to_thread

from app.api.batches import tuning

T = TypeVar("T")
RETRY_AFTER_SECONDS = 2
OPEN_PER_SLOT = 4  # answers under way per slot, most of them waiting on their callers


class ServiceBusy(Exception):
    """This worker is already running as many batches as it may; the caller should retry."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__("busy")


class BatchSlots:
    """The slots of one worker's batches, and the threads their steps run in."""

    def __init__(self, running: int, waiting: int) -> None:
        self.running = running
        self.waiting = waiting
        self.taken = 0  # slots held: batches working or waiting for a thread
        self.open = 0  # batches under way
        self.most_open = OPEN_PER_SLOT * (running + waiting)
        self._limiter: anyio.CapacityLimiter | None = None
        self._freed: asyncio.Event | None = None

    def take(self) -> Slot:
        """Take a slot for a new batch, or raise ServiceBusy."""
        if self.taken >= self.running + self.waiting or self.open >= self.most_open:
            raise ServiceBusy(RETRY_AFTER_SECONDS)
        return Slot(self)

    def _count_in(self) -> None:
        self.taken += 1
        tuning.switch_fast()

    def _count_out(self) -> None:
        self.taken -= 1
        tuning.switch_normally()
        if self._freed is not None:
            self._freed.set()

    async def _wait_for_room(self) -> None:
        while self.taken >= self.running + self.waiting:
            if self._freed is None:
                self._freed = asyncio.Event()
            self._freed.clear()
            await self._freed.wait()

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made on the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self.running)
        return self._limiter


class Slot:
    """One batch's hold on a slot, from its first step to its end.

    `release` ends it and may be called any number of times."""

    def __init__(self, slots: BatchSlots) -> None:
        self._slots = slots
        self.held = True
        self.ended = False
        slots._count_in()
        slots.open += 1

    def park(self) -> None:
        """Give the slot back while the batch waits on its caller."""
        if self.held:
            self.held = False
            self._slots._count_out()

    def release(self) -> None:
        """End the batch's hold (once, however often it is called)."""
        self.park()
        if not self.ended:
            self.ended = True
            self._slots.open -= 1

    async def resume(self) -> None:
        """Take a slot again after parking, waiting for one to be free (never refused)."""
        if not self.held and not self.ended:
            await self._slots._wait_for_room()
            self.held = True
            self._slots._count_in()

    async def step(self, work: Callable[..., T], *args: object) -> T:
        """Return `work(*args)`, run in a thread within the running limit, collector paused."""
        await self.resume()
        try:
            run = partial(_paused, work, *args)
            return await anyio.to_thread.run_sync(run, limiter=self._slots.limiter)
        finally:
            self.park()


def _paused(work: Callable[..., T], *args: object) -> T:
    # Every intermediate object of a step dies inside the pause: the collector finds nothing.
    with tuning.collector_paused():
        return work(*args)
