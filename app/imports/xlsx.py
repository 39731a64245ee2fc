"""Excel workbooks: the first sheet, a header row naming request fields, one entry a row.

Read with openpyxl in read-only mode, bounded like every other body: the workbook's compressed
size, the uncompressed sizes its zip declares (in total and per part, against its compression
ratio), and the cells read. zipfile never inflates a part past the size it declares, so the
declared sizes bound the work. Date cells are local times: they need the time-zone option.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from app.engine import InvalidRequest
from app.imports.cells import prepare_cells
from app.imports.options import ImportOptions
from app.imports.tables import Entry, iter_rows
from app.wire import csv_io

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class XlsxLimits:
    """Bounds on one workbook."""

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 256 * 1024 * 1024
    max_ratio: int = 200
    max_cells: int = 4_000_000


DEFAULT_LIMITS = XlsxLimits()


def _refuse(problem: str) -> InvalidRequest:
    return InvalidRequest.at("(body)", f"not a workbook this service reads: {problem}")


def check_zip(body: bytes, limits: XlsxLimits) -> zipfile.ZipFile:
    """Open a workbook's zip after checking its sizes; refuse a zip bomb before inflating it."""
    if len(body) > limits.max_bytes:
        raise _refuse(f"larger than {limits.max_bytes} bytes")
    if not body.startswith(ZIP_MAGIC):
        raise _refuse("an .xlsx file is a zip archive (was it saved as .xls or CSV?)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _refuse(f"a damaged zip archive ({error})") from None
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_ratio * max(member.compress_size, 1024):
            ratio = member.file_size // max(member.compress_size, 1)
            raise _refuse(
                f"{member.filename[:80]!r} inflates {ratio} times "
                f"(at most {limits.max_ratio}); a zip bomb?"
            )
    if total > limits.max_uncompressed:
        raise _refuse(f"it declares {total} bytes inflated, more than {limits.max_uncompressed}")
    return archive


def cell_text(value: Any) -> str:
    """Return a cell as the text a CSV would hold: dates as local times without offset."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ")
        return text if value.tzinfo is None else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def iter_xlsx(
    body: IO[bytes] | bytes,
    options: ImportOptions,
    policy_zones: Mapping[str, str],
    limits: XlsxLimits = DEFAULT_LIMITS,
) -> Iterator[Entry]:
    """Yield the entries of a workbook's first sheet; `ref` is the row number Excel shows."""
    data = body if isinstance(body, bytes) else body.read(limits.max_bytes + 1)
    check_zip(data, limits).close()
    # Imported on first use: most batches are not workbooks.
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(f"{type(error).__name__}: {str(error)[:120]}") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise _refuse("it has no sheet")
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None) or ()
        header = [cell_text(cell).strip() for cell in header_cells]
        while header and not header[-1]:
            header.pop()
        if not any(header):
            raise InvalidRequest.at("(body)", "the first sheet has no header row")
        csv_io._check_header(header)
        width = len(header) + 1  # one more, to tell a row with more cells than columns
        budget = limits.max_cells

        def data_rows() -> Iterator[tuple[int, list[str]]]:
            nonlocal budget
            for number, row in enumerate(
                sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
            ):
                budget -= width
                if budget < 0:
                    raise InvalidRequest.at(
                        "(body)", f"more than {limits.max_cells} cells in the first sheet"
                    )
                cells = [cell_text(cell) for cell in row]
                while cells and not cells[-1]:
                    cells.pop()
                yield number, cells

        yield from iter_rows(header, data_rows(), prepare_cells(options, policy_zones), ",")
    finally:
        book.close()
