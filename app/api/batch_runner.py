"""Run batch work off the event loop, a bounded number at a time per worker.

Quotes and health checks stay on the event loop; a batch's parsing, quoting and encoding run in
a thread. At most `running` batches run at once and `waiting` more may queue; beyond that the
caller gets 503 with `Retry-After` (ServiceBusy), so a burst of batches cannot pile up memory.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
import anyio.to_thread

from app.api.collector import collector_paused
from app.api.problems import ServiceBusy

T = TypeVar("T")
RETRY_AFTER_SECONDS = 2
RELEASE_AFTER_BYTES = 4 * 1024 * 1024


# How often a thread holding the interpreter lets another run while batches run (Python's
# default, 5 ms, otherwise): batch threads yield to the event loop sooner, so quotes wait less.
SWITCH_INTERVAL_SECONDS = 0.001
_DEFAULT_INTERVAL = sys.getswitchinterval()


class BatchRunner:
    """The per-worker limit on batch work."""

    def __init__(self, running: int, waiting: int) -> None:
        self.running = running
        self.waiting = waiting
        self.admitted = 0
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[..., T], *args: object, size: int = 0) -> T:
        """Return `work(*args)`, run in a thread with the collector paused; or raise ServiceBusy.

        After work on a body of `size` bytes past `RELEASE_AFTER_BYTES`, the memory it used is
        collected and handed back to the system, so one large batch does not keep it.
        """
        self.admit()
        try:
            return await self.step(work, *args, release=size > RELEASE_AFTER_BYTES)
        finally:
            self.release()

    def admit(self) -> None:
        """Count one batch in (a streamed one for its whole length), or raise ServiceBusy."""
        if self.admitted >= self.running + self.waiting:
            raise ServiceBusy(RETRY_AFTER_SECONDS)
        self.admitted += 1
        if self.admitted == 1:
            sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)

    def release(self) -> None:
        """Count an admitted batch out."""
        self.admitted -= 1
        if self.admitted == 0:
            sys.setswitchinterval(_DEFAULT_INTERVAL)

    async def step(self, work: Callable[..., T], *args: object, release: bool = False) -> T:
        """Return `work(*args)` of an admitted batch, run in a thread within the running limit."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.running)
        return await anyio.to_thread.run_sync(
            partial(_paused, work, *args, release=release), limiter=self._limiter
        )


def _paused(work: Callable[..., T], *args: object, release: bool) -> T:
    # Every intermediate object dies inside the pause, so the collector finds nothing to scan.
    try:
        with collector_paused():
            return work(*args)
    finally:
        if release:
            gc.collect()
            _trim()


def _trim() -> None:
    """Hand freed heap memory back to the system (glibc keeps it otherwise)."""
    if _libc is not None:
        _libc.malloc_trim(0)


try:
    _libc: ctypes.CDLL | None = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc
    _libc = None
