"""Run batch work off the event loop, a bounded number at a time per worker.

Quotes and health checks stay on the event loop; a batch's parsing, quoting and encoding run in
a thread. At most `running` batches run at once and `waiting` more may queue; beyond that the
caller gets 503 with `Retry-After` (ServiceBusy), so a burst of batches cannot pile up memory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
import anyio.to_thread

from app.api.collector import collector_paused
from app.api.problems import ServiceBusy

T = TypeVar("T")
RETRY_AFTER_SECONDS = 2


class BatchRunner:
    """The per-worker limit on batch work."""

    def __init__(self, running: int, waiting: int) -> None:
        self.running = running
        self.waiting = waiting
        self.admitted = 0
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """Return `work(*args)`, run in a thread with the collector paused; or raise ServiceBusy."""
        if self.admitted >= self.running + self.waiting:
            raise ServiceBusy(RETRY_AFTER_SECONDS)
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.running)
        self.admitted += 1
        try:
            return await anyio.to_thread.run_sync(
                partial(_paused, work, *args), limiter=self._limiter
            )
        finally:
            self.admitted -= 1


def _paused(work: Callable[..., T], *args: object) -> T:
    # Every intermediate object dies inside the pause, so the collector finds nothing to scan.
    with collector_paused():
        return work(*args)
