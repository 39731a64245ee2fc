"""CSV as Swedish and Norwegian Excel saves it, and its .xlsx twin, quote as the ISO original."""

import io
import time
import zipfile

import pytest

from app.engine import InvalidRequest, QuoteRequest, policy_zones, quote
from app.imports.cells import money_cell
from app.imports.options import ImportOptions, options_from_query
from app.imports.tables import iter_csv, iter_ndjson
from app.imports.xlsx import XlsxLimits, iter_xlsx
from tests.imports.month import natives, nordic_csv, sittings, totals, workbook
from tests.unit.quoting import BOOK, VMI

ZONES = policy_zones(BOOK)
LOCAL = ImportOptions(time_zone="policy", charset="windows-1252")


def items(entries):
    return [item for _, item, _ in entries]


def same_quotes(requests):
    assert all(isinstance(r, QuoteRequest) for r in requests), requests[:3]
    mine = [quote(r, BOOK) for r in requests]
    theirs = [quote(r, BOOK) for r in natives()]
    assert mine == theirs


def test_a_nordic_csv_in_windows_1252_quotes_as_the_iso_original():
    same_quotes(items(iter_csv(nordic_csv(sittings()), LOCAL, ZONES)))


def test_a_nordic_csv_in_utf8_with_a_bom_quotes_as_the_iso_original():
    options = ImportOptions(time_zone="policy")
    same_quotes(items(iter_csv(nordic_csv(sittings(), "utf-8"), options, ZONES)))


def test_the_xlsx_twin_quotes_as_the_iso_original():
    entries = list(iter_xlsx(workbook(sittings()), ImportOptions(time_zone="policy"), ZONES))
    assert entries[0][0] == 2  # the row Excel shows
    same_quotes(items(entries))
    assert totals(items(entries)) == totals(natives())


def test_an_undeclared_windows_1252_csv_is_refused_saying_how_to_save_utf8():
    with pytest.raises(InvalidRequest) as caught:
        list(iter_csv(nordic_csv(sittings()), ImportOptions(time_zone="policy"), ZONES))
    message = str(caught.value)
    assert "charset=windows-1252" in message and "CSV UTF-8" in message


def test_local_times_without_the_option_are_refused_as_before():
    (first, *_) = items(iter_csv(nordic_csv(sittings(), "utf-8"), ImportOptions(), ZONES))
    assert isinstance(first, InvalidRequest)
    assert first.problems[0].field == "items.0.start"


@pytest.mark.parametrize(
    ("cell", "comma", "read"),
    [("89,50", True, "89.50"), ("89.50", True, "89.50"), ("1200", False, "1200")],
)
def test_money_cells_read_a_decimal_comma_where_it_is_allowed(cell, comma, read):
    assert money_cell(cell, comma) == read


@pytest.mark.parametrize("cell", ["1 234,50", "1.234,50", "1,234.50", "12 345", "1\u00a0234"])
def test_thousands_separators_are_refused_clearly(cell):
    with pytest.raises(ValueError, match="thousands separators are not read"):
        money_cell(cell, True)


def test_a_decimal_comma_in_a_comma_csv_needs_the_declaration():
    body = b'policy,start,end,channel,hourly_rate\nvmi-se,2026-03-04 13:00,2026-03-04 14:00,remote,"950,50"\n'
    (plain,) = items(iter_csv(body, ImportOptions(time_zone="policy"), ZONES))
    assert "decimal=comma" in plain.problems[0].problem
    (declared,) = items(iter_csv(body, ImportOptions(time_zone="policy", decimal="comma"), ZONES))
    assert declared.hourly_rate == 950.50


def test_a_slash_date_is_refused_as_ambiguous_and_fails_alone():
    body = (
        b"policy;start;end;channel\n"
        b"vmi-se;03/04/2026 13:00;03/04/2026 14:00;remote\n"
        b"vmi-se;2026-03-04 13:00;2026-03-04 14:00;remote\n"
    )
    bad, good = items(iter_csv(body, ImportOptions(time_zone="Europe/Stockholm"), ZONES))
    assert "ambiguous" in bad.problems[0].problem
    assert good.start.isoformat() == "2026-03-04T13:00:00+01:00"


@pytest.mark.parametrize(
    ("zone", "start"),
    [("Europe/Stockholm", "29.03.2026 02:30"), ("Europe/Oslo", "25.10.2026 02:15")],
)
def test_dst_gap_and_overlap_are_refused_naming_the_entry(zone, start):
    body = f"policy;start;end;channel\nvmi-se;{start};29.03.2026 04:00;remote\n".encode()
    (entry,) = items(iter_csv(body, ImportOptions(time_zone=zone), ZONES))
    (problem,) = entry.problems
    assert problem.field == "items.0.start"
    assert "+01:00" in problem.problem and "+02:00" in problem.problem


def test_ndjson_entries_read_local_times_from_the_batch_or_their_own_time_zone():
    body = (
        b'{"policy":"vmi-se","start":"2026-07-01 10:00","end":"2026-07-01 11:00","channel":"remote"}\n'
        b'{"policy":"vmi-se","start":"2026-07-01 10:00","end":"2026-07-01 11:00","channel":"remote","time_zone":"UTC"}\n'
    )
    first, second = items(iter_ndjson(body, ImportOptions(time_zone="policy"), ZONES))
    assert first.start.isoformat() == "2026-07-01T10:00:00+02:00"
    assert second.start.isoformat() == "2026-07-01T10:00:00+00:00"


def test_options_come_from_the_query_and_the_content_type():
    options = options_from_query(
        {"time_zone": "policy", "decimal": "comma", "policy": VMI},
        "text/csv; charset=Windows-1252",
    )
    assert options == ImportOptions("policy", "comma", "windows-1252", None, VMI)
    with pytest.raises(InvalidRequest, match="query.time_zone"):
        options_from_query({"time_zone": "Mars/Olympus"})
    with pytest.raises(InvalidRequest, match="query.charset"):
        options_from_query({"charset": "utf-16"})


def bomb(declared: int, actual: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * declared + b"/>")
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_declared_sizes_without_inflating_it():
    body = bomb(50 * 1024 * 1024)  # 50 MB of spaces, some 50 kB compressed
    assert len(body) < 100_000
    started = time.perf_counter()
    with pytest.raises(InvalidRequest, match="zip bomb"):
        list(iter_xlsx(body, ImportOptions(), ZONES))
    assert time.perf_counter() - started < 0.5  # refused from the sizes, nothing inflated


def test_a_workbook_past_the_cell_limit_is_refused():
    limits = XlsxLimits(max_cells=50)
    with pytest.raises(InvalidRequest, match="more than 50 cells"):
        list(iter_xlsx(workbook(sittings()), ImportOptions(time_zone="policy"), ZONES, limits))


def test_a_file_that_is_not_a_zip_is_refused_saying_so():
    with pytest.raises(InvalidRequest, match="zip archive"):
        list(iter_xlsx(b"policy;start\n", ImportOptions(), ZONES))
