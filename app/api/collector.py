"""Pause Python's cyclic garbage collector around allocation-heavy work."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pausing = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block with the cyclic collector off; the last block to end puts it back as it was.

    A batch keeps some thirty objects per quote alive until its answer is written, and the
    collector would rescan all of them again and again (a third of a 10,000-item batch's time).
    Quotes hold no reference cycles, so reference counting still frees everything. Batches run
    in threads, so the pauses are counted rather than nested.
    """
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()
