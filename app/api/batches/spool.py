"""A streamed batch's body, written to a temporary file as it arrives, before any slot is taken.

A caller sending slowly waits on its own body (bounded by the body timeout) and holds nothing
of the worker's but its connection. The temporary space is checked first: a body that cannot
fit is refused with 507 before it is read, and a disk that fills while it arrives gives 507 too.
"""

from __future__ import annotations

import codecs
import errno
import shutil
import tempfile
from typing import IO

from starlette.exceptions import HTTPException
from starlette.requests import Request

from app.engine import InvalidRequest
from app.imports.options import NOT_UTF8
from app.wire.media import BodyFormat


def room_needed(request: Request, limit: int) -> int:
    """Return the temporary space a body needs: its declared size, or the stream limit.

    A spooled body is read back once and grouped entries are held again: twice its size.
    """
    declared = request.headers.get("content-length", "")
    plain = not request.scope.get("state", {}).get("decoded")  # not gzip (`GzipRequests`)
    size = int(declared) if plain and declared.isdigit() else limit
    return 2 * min(size, limit)


def check_room(needed: int) -> None:
    """Refuse (507) a stream that the temporary folder has no room for."""
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < needed:
        raise HTTPException(
            507,
            f"the temporary folder has {free // 2**20} MiB free; this stream may need "
            f"{needed // 2**20} MiB (twice its size): send a smaller one, or ask the operator",
        )


async def spool(
    request: Request, kind: BodyFormat, limit: int, encoding: str = "utf-8"
) -> IO[bytes]:
    """Write the body to a temporary file; a CSV must be UTF-8, or the character set it is
    declared in (its line named if not)."""
    check_room(room_needed(request, limit))
    body = tempfile.TemporaryFile()
    decoder = codecs.getincrementaldecoder(encoding)() if kind == "csv" else None
    lines = 1
    try:
        async for chunk in request.stream():
            if decoder is not None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    line = lines + chunk[: error.start].count(b"\n")
                    problem = f"line {line}: CSV must be UTF-8. {NOT_UTF8}"
                    raise InvalidRequest.at("(body)", problem) from None
                lines += chunk.count(b"\n")
            body.write(chunk)
        body.flush()
        body.seek(0)
    except OSError as error:
        body.close()
        if error.errno == errno.ENOSPC:
            raise HTTPException(
                507, "the temporary folder filled up while the body arrived"
            ) from None
        raise
    except BaseException:
        body.close()
        raise
    return body
