"""Log set-up: every line the service writes, one JSON object (or plain text), never blocking.

Lines go into a bounded in-memory queue; one writer thread empties it onto stderr. When stderr's
reader stalls, the queue fills, further lines are dropped and counted (`dropped_lines()`), and
requests go on being answered. Access lines skip `logging` altogether (its per-record cost is a
tenth of a quote's); the service's other lines and uvicorn's come through `QueueHandler`.

Uvicorn's own lines (start, stop, errors) join the same stream in a worker as soon as the app is
built, and in uvicorn's supervising process through the log config
`app/api/operations/logging.json` (which `billing-quote serve` passes). Uvicorn ends a worker
stopped by SIGTERM by raising the signal again once it has shut down; the handler the log config
installs first writes the queued lines, so the last lines ("Application shutdown complete",
"Finished server process") are not lost.
"""

from __future__ import annotations

import atexit
import collections
import logging
import multiprocessing.util
import os
import signal
import sys
import threading
import time
from typing import IO, Any, Literal

import orjson

LogFormat = Literal["json", "text"]
ACCESS_LOGGER = "billing_quote.access"
CAPACITY = 10_000
_POLL_SECONDS = 0.02
# Record attributes carried into a line when a log call sets them (`extra=`).
_CARRIED = ("request_id", "traceparent")


class LogPipeline:
    """A bounded queue of lines and the thread that writes them to a stream."""

    def __init__(
        self, capacity: int = CAPACITY, stream: IO[str] | None = None, fmt: LogFormat = "json"
    ) -> None:
        self.capacity = capacity
        self.format: LogFormat = fmt
        self.dropped = 0
        self.stream = stream
        self._second = -1
        self._stamp = ""
        self._lines: collections.deque[tuple[float, str, str, str, dict[str, Any] | None]] = (
            collections.deque()
        )
        self.direct = False  # lines written at once, by the caller (a process's last moments)
        self._writing = threading.Lock()
        self._writer = threading.Thread(target=self._write_forever, name="log-writer", daemon=True)
        self._writer.start()

    def put(self, level: str, logger: str, message: str, fields: dict[str, Any] | None) -> None:
        """Queue one line, or count it as dropped when the queue is full."""
        if self.direct:
            with self._writing:
                self._write([self.render(time.time(), level, logger, message, fields)])
            return
        if len(self._lines) >= self.capacity:
            self.dropped += 1
            return
        self._lines.append((time.time(), level, logger, message, fields))

    def pending(self) -> int:
        return len(self._lines)

    def flush(self, timeout: float = 1.0) -> None:
        """Wait (at most `timeout` seconds) until the queued lines are written."""
        deadline = time.monotonic() + timeout
        while self._lines and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS / 4)
        if self._writing.acquire(timeout=max(0.0, deadline - time.monotonic())):
            self._writing.release()  # the lines taken off the queue last are written too

    def write_through(self) -> None:
        """Write what is queued, then every further line at once (for a process about to end
        by a signal, whose last lines no queue would outlive)."""
        self.flush()
        self.direct = True

    def _write_forever(self) -> None:
        while True:
            if not self._lines:
                time.sleep(_POLL_SECONDS)
                continue
            with self._writing:
                rendered = []
                try:
                    for _ in range(len(self._lines)):
                        rendered.append(self.render(*self._lines.popleft()))
                except IndexError:
                    pass
                self._write(rendered)

    def _write(self, rendered: list[str]) -> None:
        stream = self.stream or sys.stderr
        try:
            stream.write("".join(rendered))
            stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: the lines are lost
            self.dropped += len(rendered)

    def render(
        self, created: float, level: str, logger: str, message: str, fields: dict[str, Any] | None
    ) -> str:
        second = int(created)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        stamp = f"{self._stamp}.{int((created - second) * 1000):03d}Z"
        if self.format == "text":
            extra = "".join(f" {key}={value}" for key, value in (fields or {}).items())
            return f"{stamp} {level:<7} {logger}: {message}{extra}\n"
        head = {"timestamp": stamp, "level": level, "logger": logger, "message": message}
        return orjson.dumps(head | fields if fields else head).decode() + "\n"


class QueueHandler(logging.Handler):
    """Hand `logging` records to the pipeline as lines."""

    def __init__(self, pipeline: LogPipeline) -> None:
        super().__init__()
        self.pipeline = pipeline

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            fields = {
                key: getattr(record, key)
                for key in _CARRIED
                if getattr(record, key, None) is not None
            }
            more = getattr(record, "fields", None)  # a line's own fields (`extra={"fields": …}`)
            if isinstance(more, dict):
                fields |= more
            if record.exc_info:
                fields["exception"] = logging.Formatter().formatException(record.exc_info)
            self.pipeline.put(record.levelname, record.name, message, fields or None)
        except Exception:
            self.handleError(record)


_pipeline: LogPipeline | None = None
_handler: QueueHandler | None = None
_pid = 0
_access_enabled = True
_debug_enabled = False


def _shared() -> tuple[LogPipeline, QueueHandler]:
    global _pipeline, _handler, _pid
    if _pipeline is None or _handler is None or _pid != os.getpid():
        _pipeline = LogPipeline()
        _handler = QueueHandler(_pipeline)
        _pid = os.getpid()
        atexit.register(_pipeline.flush)
        # A worker process of uvicorn's (multiprocessing) ends without atexit, but with these.
        multiprocessing.util.Finalize(None, _pipeline.flush, exitpriority=10)
    return _pipeline, _handler


def install(level: str = "INFO", fmt: LogFormat = "json") -> logging.Handler:
    """Route the service's and uvicorn's loggers into this process's pipeline (idempotent)."""
    global _access_enabled, _debug_enabled
    pipeline, handler = _shared()
    pipeline.format = fmt
    root = logging.getLogger()
    if handler not in root.handlers:
        root.addHandler(handler)
    uvicorn = logging.getLogger("uvicorn")
    uvicorn.handlers = [handler]
    uvicorn.propagate = False
    # The service writes its own access lines; uvicorn's would say the same with less.
    logging.getLogger("uvicorn.access").handlers = []
    logging.getLogger("uvicorn.access").propagate = False
    logging.getLogger("billing_quote").setLevel(level)
    _access_enabled = logging.getLevelName(level) <= logging.INFO
    _debug_enabled = logging.getLevelName(level) <= logging.DEBUG
    return handler


def handler_from_environment() -> logging.Handler:
    """Return the queue handler set up from `BILLING_LOG_*` (for uvicorn's `--log-config`).

    The whole environment is checked first, before any logging is set up: a bad setting stops
    the start with one line naming it (exit status 2).
    """
    from app.api.operations.environment import refuse_start, settings_or_problems

    settings, problems = settings_or_problems()
    if settings is None:
        refuse_start(problems)
    flush_before_termination()
    return install(settings.log_level, settings.log_format)


def _flush_then_terminate(signum: int, frame: object) -> None:
    """Write the queued lines, then end the process as the signal would have."""
    if _pipeline is not None and _pid == os.getpid():
        _pipeline.flush()
    signal.signal(signum, signal.SIG_DFL)
    signal.raise_signal(signum)


def flush_before_termination() -> None:
    """Have SIGTERM write the queued lines before it ends the process (where nothing else
    handles it; uvicorn restores this handler and raises the signal again once it has shut
    down)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _flush_then_terminate)


def access(message: str, fields: dict[str, Any], quiet: bool = False) -> None:
    """Queue one access line (no `logging` record is made); a quiet one (probes, scrapes) is
    DEBUG."""
    if quiet:
        if _debug_enabled:
            (_pipeline or _shared()[0]).put("DEBUG", ACCESS_LOGGER, message, fields)
    elif _access_enabled:
        (_pipeline or _shared()[0]).put("INFO", ACCESS_LOGGER, message, fields)


def _forget_in_child() -> None:
    """A forked child has no writer thread: it builds its own pipeline on first use."""
    global _pipeline, _handler
    _pipeline = _handler = None


os.register_at_fork(after_in_child=_forget_in_child)


def pipeline() -> LogPipeline:
    """Return this process's pipeline."""
    return _shared()[0]


def dropped_lines() -> int:
    """Return how many log lines this process has dropped because the reader lagged."""
    return (_pipeline or _shared()[0]).dropped
