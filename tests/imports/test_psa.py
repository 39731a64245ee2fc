"""PSA exports posted as they are: the same month in each PSA's shape totals as written natively."""

import csv
import io
import json
from datetime import UTC

import pytest

from app.engine import InvalidRequest, PolicyError, QuoteRequest, policy_zones, quote
from app.imports.options import ImportOptions
from app.imports.profile import builtin_profiles, check_profile_files, load_profile_file
from app.imports.psa import iter_psa
from tests.imports.month import ZONES, sittings, totals
from tests.unit.quoting import ALESUND, BOOK, VMI

PROFILES = builtin_profiles()
POLICY_ZONES = policy_zones(BOOK)
CONTRACTS = {VMI: 7, ALESUND: 8}
PEOPLE = {"anna": 11, "bo": 12, "cajsa": 13}
WORK_TYPES = {"remote": "Remote Support", "phone": "Phone Support", "email": "Email Support"}
OUTCOMES = {"remote": "Remote Session", "phone": "Phone Call", "email": "Email User"}


def utc(row, name, z=True):
    text = row[name].replace(tzinfo=ZONES[row["policy"]]).astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z" if z else "")


def minutes(row):
    return int((row["end"] - row["start"]).total_seconds() // 60)


def channel_of(row):
    return "remote" if row["channel"] == "onsite" else row["channel"]


# Each PSA: its record of one sitting, and what the same sitting is natively (the fields the
# PSA can say; the rest as our defaults).
def connectwise(row):
    record = {
        "id": row["id"],
        "timeStart": utc(row, "start"),
        "timeEnd": utc(row, "end"),
        "actualHours": minutes(row) / 60,
        "chargeToId": int(row["ticket"]),
        "chargeToType": "ServiceTicket",
        "company": {"identifier": row["customer"]},
        "member": {"identifier": row["technician"]},
        "workType": {"name": WORK_TYPES[channel_of(row)]},
        "billableOption": "Billable",
        "agreement": {"id": CONTRACTS[row["policy"]]},
    }
    return record, {"channel": channel_of(row), "customer_id": row["customer"],
                    "ticket_id": row["ticket"], "technician": row["technician"]}  # fmt: skip


def autotask(row):
    record = {
        "id": row["id"],
        "startDateTime": utc(row, "start"),
        "endDateTime": utc(row, "end"),
        "hoursWorked": minutes(row) / 60,
        "ticketID": int(row["ticket"]),
        "resourceID": PEOPLE[row["technician"]],
        "isNonBillable": False,
        "contractID": CONTRACTS[row["policy"]],
    }
    return record, {"ticket_id": row["ticket"], "technician": str(PEOPLE[row["technician"]])}


def halopsa(row):
    record = {
        "id": row["id"],
        "ticket_id": int(row["ticket"]),
        "who": row["technician"],
        "outcome": OUTCOMES[channel_of(row)],
        "actionarrivaldate": utc(row, "start", z=False),
        "actioncompletiondate": utc(row, "end", z=False),
        "timetaken": minutes(row) / 60,
        "actisbillable": True,
        "actioncontractid": CONTRACTS[row["policy"]],
    }
    return record, {"channel": channel_of(row), "ticket_id": row["ticket"],
                    "technician": row["technician"]}  # fmt: skip


def kimai(row):
    zone = ZONES[row["policy"]]
    record = {
        "id": row["id"],
        "begin": row["start"].replace(tzinfo=zone).strftime("%Y-%m-%dT%H:%M:%S%z"),
        "end": row["end"].replace(tzinfo=zone).strftime("%Y-%m-%dT%H:%M:%S%z"),
        "duration": minutes(row) * 60,
        "billable": True,
        "user": {"username": row["technician"]},
        "project": {"id": CONTRACTS[row["policy"]], "customer": {"name": row["customer"]}},
    }
    return record, {"customer_id": row["customer"], "technician": row["technician"]}


def tempo(row):
    record = {
        "tempoWorklogId": row["id"],
        "issue": {"id": int(row["ticket"])},
        "startDate": row["start"].date().isoformat(),
        "startTime": row["start"].time().isoformat(),
        "timeSpentSeconds": minutes(row) * 60,
        "billableSeconds": minutes(row) * 60,
        "author": {"accountId": row["technician"]},
    }
    return record, {"ticket_id": row["ticket"], "technician": row["technician"]}


def freshservice(row):
    record = {
        "id": row["id"],
        "parent_id": int(row["ticket"]),
        "start_time": utc(row, "start"),
        "time_spent": f"{minutes(row) // 60:02d}:{minutes(row) % 60:02d}",
        "billable": True,
        "agent_id": PEOPLE[row["technician"]],
    }
    return record, {"ticket_id": row["ticket"], "technician": str(PEOPLE[row["technician"]])}


def glpi(row):
    record = {
        "id": row["id"],
        "tickets_id": int(row["ticket"]),
        "begin": row["start"].strftime("%Y-%m-%d %H:%M:%S"),
        "end": row["end"].strftime("%Y-%m-%d %H:%M:%S"),
        "actiontime": minutes(row) * 60,
        "users_id_tech": PEOPLE[row["technician"]],
    }
    return record, {"ticket_id": row["ticket"], "technician": str(PEOPLE[row["technician"]])}


SHAPES = {f.__name__: f for f in (connectwise, autotask, halopsa, kimai, tempo, freshservice, glpi)}
RECORDS = {"autotask": "items", "halopsa": "actions", "tempo": "results", "freshservice": "time_entries"}  # fmt: skip
BY_TABLE = {"connectwise", "autotask", "halopsa", "kimai"}
LOCAL = {"tempo", "glpi"}


def native_of(row, said):
    zone = ZONES[row["policy"]]
    entry = {
        "policy": row["policy"],
        "start": row["start"].replace(tzinfo=zone).isoformat(),
        "end": row["end"].replace(tzinfo=zone).isoformat(),
        "channel": "remote",
        **said,
    }
    return QuoteRequest.model_validate(entry)


def export(name, rows, as_csv=False):
    records = [SHAPES[name](row)[0] for row in rows]
    if as_csv:
        out = io.StringIO()
        flat = [{k: v for k, v in r.items() if not isinstance(v, dict)} for r in records]
        writer = csv.DictWriter(out, list(flat[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(flat)
        return out.getvalue().encode()
    body = {RECORDS[name]: records} if name in RECORDS else records
    return json.dumps(body).encode()


def read(name, rows, as_csv=False, **options):
    profile = PROFILES[name]
    if name in BY_TABLE:
        table = {str(CONTRACTS[VMI]): VMI, str(CONTRACTS[ALESUND]): ALESUND}
        profile = profile.model_copy(update={"policies": table})
    if name in LOCAL:
        options.setdefault("time_zone", "policy")
    body = export(name, rows, as_csv)
    kind = "csv" if as_csv else "json"
    return [
        item for _, item, _ in iter_psa(body, profile, ImportOptions(**options), POLICY_ZONES, kind)
    ]


def by_policy(name):
    """Return the month read through a PSA: by its contract table, or a batch per policy."""
    rows = sittings()
    if name in BY_TABLE:
        return read(name, rows), [native_of(row, SHAPES[name](row)[1]) for row in rows]
    items, natives = [], []
    for policy in (VMI, ALESUND):
        mine = [row for row in rows if row["policy"] == policy]
        items += read(name, mine, policy=policy)
        natives += [native_of(row, SHAPES[name](row)[1]) for row in mine]
    return items, natives


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_month_in_each_psas_shape_totals_as_written_natively_to_the_cent(name):
    items, natives = by_policy(name)
    assert totals(items) == totals(natives)
    assert totals(items, grouped=True) == totals(natives, grouped=True)
    assert [quote(i, BOOK).total for i in items] == [quote(n, BOOK).total for n in natives]


def test_each_result_echoes_the_psas_entry_id_as_source_id():
    items, _ = by_policy("connectwise")
    (line,) = quote(items[0], BOOK).sessions
    assert line.source_id == str(sittings()[0]["id"])


def test_a_csv_export_with_the_psas_column_names_reads_as_its_json():
    rows = sittings()[:12]
    assert read("autotask", rows, as_csv=True) == read("autotask", rows)


def test_a_problem_names_the_psas_field_and_the_entry():
    record = dict(connectwise(sittings()[0])[0], timeEnd="2026-13-01T00:00:00Z", actualHours=None)
    body = json.dumps([record]).encode()
    (item,) = [
        i
        for _, i, _ in iter_psa(
            body, PROFILES["connectwise"], ImportOptions(policy=VMI), POLICY_ZONES
        )
    ]
    (problem,) = item.problems
    assert problem.field == "items.0.timeEnd"
    assert problem.problem.startswith(f"entry {record['id']}: ")


def test_an_entry_without_a_start_time_fails_alone_saying_why():
    first, second = (connectwise(row)[0] for row in sittings()[:2])
    del first["timeStart"]
    body = json.dumps([first, second]).encode()
    bad, good = (
        i
        for _, i, _ in iter_psa(
            body, PROFILES["connectwise"], ImportOptions(policy=VMI), POLICY_ZONES
        )
    )
    assert isinstance(good, QuoteRequest)
    (problem,) = bad.problems
    assert problem.field == "items.0.timeStart" and "bands" in problem.problem


def test_an_entry_that_maps_to_no_policy_fails_alone():
    rows = sittings()[:2]
    records = [connectwise(row)[0] for row in rows]
    records[0]["agreement"]["id"] = 99
    profile = PROFILES["connectwise"].model_copy(update={"policies": {"7": VMI, "8": ALESUND}})
    bad, good = (
        i
        for _, i, _ in iter_psa(
            json.dumps(records).encode(), profile, ImportOptions(), POLICY_ZONES
        )
    )
    assert isinstance(good, QuoteRequest)
    assert bad.problems[0].field == "items.0.agreement.id"
    assert "'99' maps to no policy" in bad.problems[0].problem


def test_an_entry_the_psa_marks_not_billable_fails_alone_saying_so():
    record = dict(connectwise(sittings()[0])[0], billableOption="DoNotBill")
    body = json.dumps([record]).encode()
    (item,) = [
        i
        for _, i, _ in iter_psa(
            body, PROFILES["connectwise"], ImportOptions(policy=VMI), POLICY_ZONES
        )
    ]
    assert isinstance(item, InvalidRequest)
    assert item.problems[0].field == "items.0.billableOption"


def test_local_psa_times_need_a_time_zone():
    row = sittings()[0]
    body = json.dumps([glpi(row)[0]]).encode()
    (item,) = [
        i for _, i, _ in iter_psa(body, PROFILES["glpi"], ImportOptions(policy=VMI), POLICY_ZONES)
    ]
    assert item.problems[0].field == "items.0.begin"
    assert "time_zone" in item.problems[0].problem


def test_the_shipped_profiles_pass_their_check(tmp_path):
    from app.imports.profile import BUILTIN_DIR

    assert check_profile_files([BUILTIN_DIR]) == (7, [])
    broken = tmp_path / "acme.toml"
    broken.write_text(
        'id = "acme"\nname = "Acme"\ndocumentation = ["http://x"]\n[fields]\nid = "id"\n'
    )
    (error,) = check_profile_files([broken])[1]
    fields = [p.field for p in error.problems]
    assert fields == ["documentation.0"]
    with pytest.raises(PolicyError):
        load_profile_file(broken)


def test_the_committed_profile_schema_is_generated_and_the_shipped_profiles_pass_it():
    import re
    import tomllib

    import jsonschema

    from app.export_schemas import PROFILE_SCHEMA, profile_file_schema, render
    from app.imports.profile import BUILTIN_DIR

    assert PROFILE_SCHEMA.read_text(encoding="utf-8") == render(profile_file_schema()), (
        "run `python -m app.export_schemas` and commit schemas/import-profile.schema.json"
    )
    validator = jsonschema.Draft202012Validator(json.loads(PROFILE_SCHEMA.read_text()))
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        directive = re.fullmatch(r"#:schema (\S+)", text.splitlines()[0])
        assert directive and (path.parent / directive[1]).resolve() == PROFILE_SCHEMA
        assert "https://" in text.split("\n\n")[0], f"{path.name} cites no documentation"
        assert list(validator.iter_errors(tomllib.loads(text))) == []


def test_billing_quote_import_check_validates_a_profile(tmp_path, capsys):
    from app.cli import main
    from app.imports.profile import BUILTIN_DIR

    assert main(["import", "check", str(BUILTIN_DIR / "connectwise.toml")]) == 0
    assert "1 import profile files: no problems" in capsys.readouterr().out
    bad = tmp_path / "acme.toml"
    bad.write_text((BUILTIN_DIR / "glpi.toml").read_text().replace('start = "begin"', 'start = ""'))
    assert main(["import", "check", str(bad)]) == 2
    out = capsys.readouterr().out
    assert f"{bad}: fields.start: String should have at least 1 character" in out


def test_an_operator_adds_a_psa_by_adding_a_file_to_the_policy_folders_profiles(tmp_path):
    from app.imports.profile import BUILTIN_DIR, load_profiles

    (tmp_path / "profiles").mkdir()
    text = (BUILTIN_DIR / "glpi.toml").read_text().replace('id = "glpi"', 'id = "itop"')
    (tmp_path / "profiles" / "itop.toml").write_text(text)
    profiles = load_profiles(tmp_path)
    assert profiles["itop"].fields.start == "begin"
    assert set(PROFILES) < set(profiles)
