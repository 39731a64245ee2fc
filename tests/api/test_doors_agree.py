"""The same entries bill the same money whichever way they are sent: JSON, CSV, one by one."""

import csv
import io
import random
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from app.engine import QuoteRequest, quote_batch
from bench.mix import entries as mixed_entries
from tests.unit.quoting import BOOK


def month(count=300, seed=11):
    """Entries of both policies and every channel; a third are later sittings of an earlier
    ticket, scattered through the file, with the ticket's place written another way."""
    rng = random.Random(seed)
    items = mixed_entries(count, seed=seed)
    sittings: dict[int, int] = {}
    for i in range(2, count, 3):
        first = 3 * rng.randrange(i // 3 + 1)
        earlier = items[first]
        if "ticket_id" not in earlier:
            continue
        sittings[first] = sittings.get(first, 0) + 1
        start = datetime.fromisoformat(earlier["end"]) + timedelta(days=sittings[first])
        end = start + timedelta(minutes=rng.choice([7, 25, 50]))
        later = {**earlier, "start": start.isoformat(), "end": end.isoformat()}
        later["channel"] = rng.choice(["phone", "remote", earlier["channel"]])
        if later["channel"] == "onsite":
            place = later["location"]["municipality"]
            later["location"] = {**later["location"], "municipality": SPELLINGS.get(place, place)}
        items[i] = later
    return items


SPELLINGS = {"Norrtälje": "0188", "Solna": "solna kommun", "0180": "Stockholm", "Ålesund": "1508"}


def as_csv(items):
    """Write entries as a spreadsheet would: one row each, nested fields in dotted columns."""
    rows = []
    for item in items:
        row = {}
        for key, value in item.items():
            if key == "location":
                row["location.municipality"] = value["municipality"]
                row["location.ferry"] = str(value["ferry"]).lower()
            elif key == "training":
                row |= {f"training.{k}": str(v).lower() for k, v in value.items()}
            elif key == "materials":
                for i, material in enumerate(value):
                    row |= {f"materials.{i}.{k}": v for k, v in material.items()}
            elif key == "causes":
                row["causes"] = "|".join(value)
            else:
                row[key] = str(value).lower() if isinstance(value, bool) else value
        rows.append(row)
    columns = sorted({column for row in rows for column in row})
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def money_of(results):
    return [(r["entries"], r["quote"] and r["quote"]["total"]) for r in results]


@pytest.mark.parametrize("group_by", ["none", "ticket"])
def test_json_csv_and_the_engine_bill_a_month_to_the_cent(client, group_by):
    items = month()
    engine = quote_batch([QuoteRequest.model_validate(i) for i in items], BOOK, group_by=group_by)
    engine_totals = {currency: f"{amount:.2f}" for currency, amount in engine.totals.items()}

    as_json = client.post(f"/v1/quotes/batch?group_by={group_by}", json={"items": items}).json()
    from_csv = client.post(
        f"/v1/quotes/batch?group_by={group_by}",
        content=as_csv(items),
        headers={"Content-Type": "text/csv"},
    ).json()

    assert as_json["summary"]["failed"] == from_csv["summary"]["failed"] == engine.failed == 0
    assert as_json["summary"]["totals"] == from_csv["summary"]["totals"] == engine_totals
    assert money_of(as_json["results"]) == money_of(from_csv["results"])
    assert [r["entries"] for r in as_json["results"]] == [r.entries for r in engine.results]
    if group_by == "ticket":
        assert len(as_json["results"]) < len(items)


def test_single_quotes_add_up_to_the_ungrouped_batch(client):
    items = month(count=60)
    batch = client.post("/v1/quotes/batch", json={"items": items}).json()
    singles = [client.post("/v1/quotes", json=item).json()["total"] for item in items]
    assert [r["quote"]["total"] for r in batch["results"]] == singles
    totals = {}
    for result in batch["results"]:
        currency = result["quote"]["currency"]
        totals[currency] = totals.get(currency, Decimal(0)) + Decimal(result["quote"]["total"])
    assert {c: f"{t:.2f}" for c, t in totals.items()} == batch["summary"]["totals"]
