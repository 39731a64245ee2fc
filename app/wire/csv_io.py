"""Time entries as CSV in, an invoice-ready table as CSV out.

One entry a row; the header names request fields, nested ones with dots (`location.municipality`,
`training.planned`, `materials.0.amount`); `causes` lists values separated by `|`. Empty cells are
absent fields. Comma, semicolon (as spreadsheets in Sweden and Norway write) or tab delimit.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import orjson
from pydantic import ValidationError

from app.engine import FieldProblem, InvalidRequest, QuoteRequest, unreadable
from app.wire.dotted import nest
from app.wire.media import MAX_LINE_BYTES
from app.wire.problems import validation_problems
from app.wire.schemas import BatchResponse, BatchResult, BatchSummary, PlainBatchResult

# What a reader hands on in place of a line too long to read: a row of this one cell.
TOO_LONG_CELL = "\ue000line too long\ue000"
TOO_LONG_ROW = TOO_LONG_CELL + "\n"
END_MARK = "(end)"  # begins the invoice table's last row
# A re-rated batch's and a checked batch's columns, after the others.
RERATED_COLUMNS = [
    "other_policy",
    "other_policy_version",
    "other_billable_minutes",
    "other_total",
    "difference_minutes",
    "difference_labour",
    "difference_travel",
    "difference_total",
    "changed_clauses",
]
BILLED_COLUMNS = [
    "billed_minutes",
    "billed_amount",
    "billed_outcome",
    "billed_difference_minutes",
    "billed_difference_amount",
]
LIST_FIELDS = {"causes"}
LIST_SEPARATOR = "|"
# A cell's spellings of yes and no (English, Swedish, Norwegian), any case; JSON takes only
# true and false, so the cells are converted here, at the CSV's door.
BOOLEAN_CELLS = {"true": True, "false": False, "ja": True, "nej": False, "nei": False}
BOOLEAN_COLUMNS = {"urgent", "location.ferry", "training.planned", "training.group"}
INTEGER_COLUMNS = {"training.instruction_minutes", "billed_minutes"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")
OUTPUT_COLUMNS = [
    "items",
    "ticket_id",
    "customer_id",
    "policy",
    "policy_version",
    "start",
    "end",
    "coverage",
    "billable_option",
    "worked_minutes",
    "billable_minutes",
    "hours_worked",
    "hours_to_bill",
    "currency",
    "hourly_rate",
    "labour_amount",
    "travel_status",
    "travel_amount",
    "materials_amount",
    "total",
    "vat_amount",
    "total_incl_vat",
    "clauses",
    "error",
]


def _nest(row: dict[str, str]) -> dict[str, Any]:
    """Turn a row's dotted columns into the nested request; skip empty cells."""
    return nest(
        (name, _typed_cell(name, value))
        for name, value in ((column.strip(), cell.strip()) for column, cell in row.items())
        if value
    )


def _typed_cell(column: str, cell: str) -> Any:
    """Return a yes/no or whole-number cell as JSON's boolean or integer, a list column as a list;
    other text as it is."""
    if column in LIST_FIELDS:
        return [value.strip() for value in cell.split(LIST_SEPARATOR) if value.strip()]
    if column in BOOLEAN_COLUMNS:
        return BOOLEAN_CELLS.get(cell.lower(), cell)
    if column in INTEGER_COLUMNS and cell.isascii() and cell.isdigit():
        return int(cell)
    return cell


def _check_header(header: list[str]) -> None:
    names = [name.strip() for name in header]
    known = set(QuoteRequest.model_fields)
    unknown = [name for name in names if name.split(".")[0] not in known]
    if unknown:
        raise InvalidRequest.at(
            "(csv header)", f"unknown column(s) {unknown}; columns name request fields"
        )
    if len(set(names)) != len(names):
        raise InvalidRequest.at("(csv header)", "a column is named twice")
    clashing = [a for a in names if any(b.startswith(a + ".") for b in names)]
    if clashing:
        raise InvalidRequest.at("(csv header)", f"{clashing} also have nested columns")


def iter_items(text: Iterable[str]) -> Iterator[tuple[int, QuoteRequest | InvalidRequest, bytes]]:
    """Yield, for each data row of CSV text, the line a spreadsheet shows, the entry read and
    the entry as JSON.

    Lines are spreadsheet rows: the header is line 1, a blank row counts, and a quoted cell
    spanning several lines of text is one row.
    """
    header, rows = _rows(text)
    index = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if cells == [TOO_LONG_CELL]:
            too_long = f"longer than {MAX_LINE_BYTES} bytes"
            yield line, InvalidRequest.at(f"items.{index}", too_long), b"{}"
        else:
            yield (line, *_entry(index, header, cells))
        index += 1


def count_rows(text: Iterable[str], most: int) -> tuple[int, int]:
    """Return (data rows, rows) past the header, checking the quoting of every row; stop
    counting past `most` rows, blank ones included."""
    _, rows = _rows(text)
    entries = lines = 0
    for _, cells in rows:
        lines += 1
        entries += any(cell.strip() for cell in cells)
        if lines > most:
            break
    return entries, lines


def _rows(text: Iterable[str]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    chunks = iter(text)
    first = next(chunks, "")
    delimiter = max(",;\t", key=first.split("\n", 1)[0].count)
    reader = csv.reader(itertools.chain([first], chunks), delimiter=delimiter, strict=True)
    header = [name.strip() for name in _guarded(reader, lambda: next(reader, []))]
    if not any(header):
        raise InvalidRequest.at("(body)", "the CSV has no header row")
    _check_header(header)

    def data_rows() -> Iterator[tuple[int, list[str]]]:
        rows = _guarded(reader, lambda: enumerate(reader, start=2))
        while (row := _guarded(reader, lambda: next(rows, None))) is not None:
            yield row

    return header, data_rows()


def _guarded(reader: Any, step: Callable[[], T]) -> T:
    """Run one step of the CSV reader; a quoting error names its line."""
    try:
        return step()
    except csv.Error as error:
        raise InvalidRequest.at(
            "(body)", f"line {reader.line_num}: not valid CSV: {error}"
        ) from None


def _entry(
    index: int, header: list[str], cells: list[str]
) -> tuple[QuoteRequest | InvalidRequest, bytes]:
    if len(cells) > len(header):
        problem = InvalidRequest([FieldProblem(f"items.{index}", "more cells than columns")])
        return problem, b"{}"
    # A spreadsheet leaves out empty cells at the end of a row: they are empty, not an error.
    fields = _nest(dict(zip(header, cells, strict=False)))
    raw = orjson.dumps(fields)
    try:
        return QuoteRequest.model_validate_json(raw), raw
    except ValidationError as error:
        return unreadable(validation_problems(error, f"items.{index}."), fields), raw


def spreadsheet_safe(cell: object) -> object:
    """Neutralise a text cell a spreadsheet would run as a formula (OWASP: prefix `'`).

    Only text is touched: numbers the service computes are written as plain numbers. A text
    cell is prefixed even when it reads as a number (`-1`), because a ticket id is text.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_results(batch: BatchResponse, columns: Sequence[str] = OUTPUT_COLUMNS) -> str:
    """Return one row per result (per entry, or per ticket when grouped) with key figures, and
    the closing row."""
    rows = invoice_rows(batch.results, columns)
    return invoice_header(columns) + rows + invoice_trailer(batch.summary, columns)


def invoice_trailer(summary: BatchSummary, columns: Sequence[str] = OUTPUT_COLUMNS) -> str:
    """Return the invoice table's last row: `(end)` and the counts, in the `items` column.

    A table without it was cut off on its way.
    """
    counts = f"{summary.items} entries, {summary.quoted} quoted, {summary.failed} failed"
    return f'"{END_MARK} {counts}"' + "," * (len(columns) - 1) + "\r\n"


def columns_for(rerated: bool, billed: bool) -> list[str]:
    """Return the invoice table's columns, with those of a re-rated or checked batch."""
    return [
        *OUTPUT_COLUMNS,
        *(RERATED_COLUMNS if rerated else ()),
        *(BILLED_COLUMNS if billed else ()),
    ]


def is_whole(table: str) -> bool:
    """Tell whether an invoice table ends with its closing row."""
    last = table.rstrip("\r\n").rpartition("\n")[2]
    return last.startswith(f'"{END_MARK} ')


def invoice_header(columns: Sequence[str] = OUTPUT_COLUMNS) -> str:
    """Return the header row of the invoice table."""
    return ",".join(columns) + "\r\n"


def invoice_rows(
    results: Iterable[BatchResult | PlainBatchResult], columns: Sequence[str] = OUTPUT_COLUMNS
) -> str:
    """Return the invoice rows of some results."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\r\n")
    for result in results:
        row: dict[str, Any] = {"items": LIST_SEPARATOR.join(map(str, result.entries))}
        if result.rerated is not None:
            rerated = result.rerated
            row |= {
                "other_policy": rerated.policy,
                "other_policy_version": rerated.policy_version,
                "other_billable_minutes": rerated.billable_minutes,
                "other_total": rerated.total,
                "difference_minutes": rerated.difference_minutes,
                "difference_labour": rerated.difference_labour,
                "difference_travel": rerated.difference_travel,
                "difference_total": rerated.difference_total,
                "changed_clauses": LIST_SEPARATOR.join(rerated.clauses),
            }
        if result.billed is not None:
            billed = result.billed
            row |= {
                "billed_minutes": billed.billed_minutes,
                "billed_amount": billed.billed_amount,
                "billed_outcome": billed.outcome,
                "billed_difference_minutes": billed.difference_minutes,
                "billed_difference_amount": billed.difference_amount,
            }
        quote = result.quote
        if quote is not None:
            row |= {
                "ticket_id": quote.ticket_id,
                "customer_id": quote.customer_id,
                "policy": quote.policy,
                "start": quote.sessions[0].start.isoformat(),
                "end": quote.sessions[-1].end.isoformat(),
                "coverage": quote.coverage,
                "billable_option": quote.billable_option,
                "worked_minutes": quote.worked_minutes,
                "billable_minutes": quote.billable_minutes,
                "hours_worked": quote.hours_worked,
                "hours_to_bill": quote.hours_to_bill,
                "currency": quote.currency,
                "hourly_rate": quote.hourly_rate,
                "labour_amount": quote.labour_amount,
                "travel_status": quote.travel.status,
                "travel_amount": quote.travel.amount,
                "materials_amount": quote.materials_amount,
                "total": quote.total,
                "vat_amount": quote.vat_amount,
                "total_incl_vat": quote.total_incl_vat,
                "clauses": LIST_SEPARATOR.join(dict.fromkeys(r.clause for r in quote.reasons)),
            }
        elif result.problem is not None:
            row["error"] = "; ".join(f"{e.field}: {e.problem}" for e in result.problem.errors)
        writer.writerow({column: spreadsheet_safe(cell) for column, cell in row.items()})
    return out.getvalue()
