"""A quote's permanent link: the request itself, carried in the address `/quote?r=…`.

The request's compact JSON (defaults left out) is deflated and written in base64url without
padding, so the link needs no storage and opens the same quote for anyone who can see the pages.
A link is at most `LONGEST` characters; one that is too long, cut, altered or not a request is
refused with a 4xx naming what is wrong, and unpacks to at most `LARGEST_JSON` bytes (a small
link cannot ask for a large inflation).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from pydantic import ValidationError

from app.engine import FieldProblem, QuoteRequest
from app.wire.problems import field_problems

LONGEST = 4096
LARGEST_JSON = 64 * 1024
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class BadLink(Exception):
    """A link that does not carry a request: its HTTP status and what is wrong."""

    def __init__(self, status: int, problems: list[FieldProblem]) -> None:
        super().__init__(problems[0].problem)
        self.status = status
        self.problems = problems


def encode(request: QuoteRequest) -> str:
    """Return the link's code of a request: deflated compact JSON in base64url, unpadded."""
    packed = zlib.compress(request.model_dump_json(exclude_defaults=True).encode(), 9)
    return base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def link_of(request: QuoteRequest, language: str) -> str | None:
    """Return the path and query of a request's link, or None when it would be too long."""
    code = encode(request)
    return f"/quote?r={code}&lang={language}" if len(code) <= LONGEST else None


def decode(code: str) -> QuoteRequest:
    """Return the request a link's code carries, or raise BadLink saying why it cannot be."""
    if len(code) > LONGEST:
        raise BadLink(414, [FieldProblem("r", f"the link is longer than {LONGEST} characters")])
    altered = BadLink(400, [FieldProblem("r", "the link is cut or altered: copy it whole")])
    if not code or not _BASE64URL.fullmatch(code) or len(code) % 4 == 1:
        raise altered
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        inflate = zlib.decompressobj()
        data = inflate.decompress(packed, LARGEST_JSON)
    except (binascii.Error, zlib.error):
        raise altered from None
    if not inflate.eof or inflate.unconsumed_tail or inflate.unused_data:
        raise altered
    try:
        return QuoteRequest.model_validate_json(data)
    except ValidationError as error:
        raise BadLink(422, field_problems(error.errors(include_url=False))) from None
