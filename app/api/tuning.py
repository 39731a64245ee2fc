"""Pause Python's cyclic garbage collector around allocation-heavy work; free its results later.

A batch keeps some thirty objects per quote alive until its answer is written, and the collector
would rescan all of them again and again (a third of a 10,000-item batch's time). Quotes hold no
reference cycles, so reference counting still frees everything. Batches run in threads, so the
pauses are counted rather than nested: the collector runs again when the last pause ends.
"""

from __future__ import annotations

import ctypes
import gc
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pausing = 0
_was_enabled = False
_FREED_AT_ONCE = 250  # list items freed between chances for other threads, well under 1 ms
_to_free: queue.SimpleQueue[tuple[list[object], bool]] = queue.SimpleQueue()
_freeing: threading.Thread | None = None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block with the cyclic collector off."""
    _pause()
    try:
        yield
    finally:
        _resume()


def free_later(objects: list[object], *, give_back: bool = False) -> None:
    """Empty `objects` in a background thread, so the caller does not wait while they are freed.

    Lists among them are emptied a slice at a time, letting other threads run in between
    (freeing holds the interpreter lock throughout). The collector stays paused until they are
    gone (it would scan them all otherwise). With `give_back`, the freed memory is then
    collected and handed back to the system, so one large batch does not keep it.
    """
    global _freeing
    _pause()
    _to_free.put((objects, give_back))
    with _lock:
        if _freeing is None:
            _freeing = threading.Thread(target=_free_forever, name="free-later", daemon=True)
            _freeing.start()


def _free_forever() -> None:
    while True:
        objects, give_back = _to_free.get()
        for part in objects:
            while isinstance(part, list) and part:
                del part[-_FREED_AT_ONCE:]
                time.sleep(0)  # let a waiting thread take the interpreter lock
        objects.clear()
        del objects
        _resume()
        if give_back:
            gc.collect()
            _trim()


def _pause() -> None:
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1


def _resume() -> None:
    global _pausing
    with _lock:
        _pausing -= 1
        if _pausing == 0 and _was_enabled:
            gc.enable()


def _trim() -> None:
    """Hand freed heap memory back to the system (glibc keeps it otherwise)."""
    if _libc is not None:
        _libc.malloc_trim(0)


try:
    _libc: ctypes.CDLL | None = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc
    _libc = None
