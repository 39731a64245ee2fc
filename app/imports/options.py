"""The options that apply to every entry of a batch, read from query parameters in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from app.engine import InvalidRequest, LocalTimeError, check_zone_choice

DecimalMark = Literal["point", "comma"]
# The character sets a CSV may be declared in, by the names people and tools write.
CHARSETS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
}
NOT_UTF8 = (
    "In Excel, Save As 'CSV UTF-8 (Comma delimited)'; or declare charset=windows-1252 "
    "(Content-Type or query; --charset), as Excel's other CSV files are"
)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read every entry of one batch.

    `time_zone`: `policy` or an IANA name, for times without offset (None: offsets required).
    `decimal`: the decimal mark of money cells (None: a comma when `;` delimits the CSV).
    `charset`: the CSV's character set. `source`: a PSA import profile id. `policy`: the policy
    of every entry (a PSA export does not name ours).
    """

    time_zone: str | None = None
    decimal: DecimalMark | None = None
    charset: str = "utf-8"
    source: str | None = None
    policy: str | None = None

    @property
    def encoding(self) -> str:
        """Return the Python codec of the declared character set."""
        return CHARSETS[self.charset]


def _charset_of(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def options_from_query(params: Mapping[str, str], content_type: str | None = None) -> ImportOptions:
    """Return a batch's options from its query parameters (and the body's `Content-Type`
    charset); raise InvalidRequest naming the parameter that is wrong."""
    time_zone = params.get("time_zone") or None
    if time_zone is not None:
        try:
            check_zone_choice(time_zone)
        except LocalTimeError as error:
            raise InvalidRequest.at("query.time_zone", str(error)) from None
    decimal = params.get("decimal") or None
    if decimal not in (None, "point", "comma"):
        raise InvalidRequest.at("query.decimal", "must be 'point' or 'comma'")
    in_query = (params.get("charset") or "").lower() or None
    in_header = _charset_of(content_type)
    for field, name in (("query.charset", in_query), ("content-type charset", in_header)):
        if name is not None and name not in CHARSETS:
            raise InvalidRequest.at(field, f"{name[:40]!r}: send UTF-8 or windows-1252")
    if in_query and in_header and CHARSETS[in_query] != CHARSETS[in_header]:
        raise InvalidRequest.at(
            "query.charset", f"the query says {in_query!r}, the Content-Type {in_header!r}"
        )
    source = params.get("source") or None
    policy = params.get("policy") or None
    if policy is not None and len(policy) > 64:
        raise InvalidRequest.at("query.policy", "at most 64 characters")
    return ImportOptions(
        time_zone=time_zone,
        decimal=decimal,  # type: ignore[arg-type]
        charset=in_query or in_header or "utf-8",
        source=source,
        policy=policy,
    )


def _query(name: str, schema: dict[str, object], description: str) -> dict[str, object]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


# The options as the OpenAPI document describes them (the batch route lists them).
PARAMETERS = [
    _query(
        "time_zone",
        {"type": "string", "maxLength": 64, "examples": ["policy", "Europe/Oslo"]},
        "Read times without a UTC offset in this zone: `policy` (each entry's policy's zone) "
        "or an IANA name. A local time in the spring gap or the repeated autumn hour is "
        "refused with both offsets. Without it, times need their offset.",
    ),
    _query(
        "decimal",
        {"type": "string", "enum": ["point", "comma"]},
        "The decimal mark of money cells in a CSV or workbook; a comma is read anyway when `;` "
        "delimits the CSV. Thousands separators are refused.",
    ),
    _query(
        "charset",
        {"type": "string", "enum": sorted(CHARSETS)},
        "The CSV's character set (or `charset=` in its Content-Type); UTF-8 by default.",
    ),
    _query(
        "source",
        {"type": "string", "maxLength": 64, "examples": ["connectwise", "tempo"]},
        "A PSA import profile: the body is that PSA's own export (its JSON, or CSV with its "
        "column names); each result's sittings echo the PSA's entry id as `source_id`.",
    ),
    _query(
        "policy",
        {"type": "string", "maxLength": 64},
        "The policy of every entry that names none (a PSA's export), instead of the "
        "profile's table of companies or agreements.",
    ),
]
