"""The command line's smaller doors: JSON or NDJSON on stdin, gzipped files, -o FILE, a broken
pipe, local times and import profiles."""

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.cli.batch import kind_of_input

BATCH_FILE = Path(__file__).parents[2] / "examples" / "batch.json"


class Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))


def totals_of(out: str) -> dict:
    return json.loads(out)["summary"]["totals"]


def test_standard_input_tells_a_json_batch_from_ndjson_and_csv():
    assert kind_of_input("-", b'{\n  "items": [') == "json"
    assert kind_of_input("-", b'{"items": [{"policy": "vmi-se"}]}\n') == "json"
    assert kind_of_input("-", b"[{}]") == "json"
    assert kind_of_input("-", b'{"policy": "vmi-se"}\n{"policy": "vmi-se"}\n') == (
        "application/x-ndjson"
    )
    assert kind_of_input("-", b"policy;start\n") == "text/csv"
    assert kind_of_input("month.csv.gz", b"") == "text/csv"
    assert kind_of_input("month.xlsx", b"") == "xlsx"


def test_a_json_batch_on_standard_input_is_quoted_as_the_file(monkeypatch, capsys):
    assert main(["batch", str(BATCH_FILE), "--json"]) in (0, 1)
    from_file = totals_of(capsys.readouterr().out)
    monkeypatch.setattr(sys, "stdin", Stdin(BATCH_FILE.read_bytes()))
    assert main(["batch", "-", "--json"]) in (0, 1)
    assert totals_of(capsys.readouterr().out) == from_file


def test_a_gzipped_file_is_read_and_results_go_to_the_output_file(tmp_path, capsys):
    packed = tmp_path / "batch.json.gz"
    packed.write_bytes(gzip.compress(BATCH_FILE.read_bytes()))
    out = tmp_path / "answer.json"
    assert main(["batch", str(packed), "--json", "-o", str(out)]) in (0, 1)
    assert capsys.readouterr().out == ""
    assert main(["batch", str(BATCH_FILE), "--json"]) in (0, 1)
    assert totals_of(out.read_text()) == totals_of(capsys.readouterr().out)


def test_a_broken_pipe_ends_the_command_quietly(tmp_path):
    lines = [
        json.dumps(
            {
                "policy": "vmi-se",
                "start": f"2026-03-{day:02d}T09:00:00+01:00",
                "end": f"2026-03-{day:02d}T09:30:00+01:00",
                "channel": "remote",
            }
        )
        for day in range(2, 28)
    ]
    month = tmp_path / "month.ndjson"
    month.write_text("\n".join(lines * 200) + "\n")
    command = [sys.executable, "-m", "app.cli", "batch", str(month), "--csv"]
    run = subprocess.run(
        f"{' '.join(command)} | head -n 1", shell=True, capture_output=True, text=True, timeout=120
    )
    assert run.stdout.startswith("items,")
    assert run.stderr == ""


def test_a_quote_reads_local_times_with_time_zone_and_refuses_the_autumn_hour(capsys):
    args = ["quote", "--policy", "vmi-se", "--channel", "remote", "--time-zone", "policy"]
    assert main([*args, "--start", "04.03.2026 13:00", "--end", "04.03.2026 13:25", "--json"]) == 0
    assert '"start":"2026-03-04T13:00:00+01:00"' in capsys.readouterr().out
    assert main([*args, "--start", "2026-10-25 02:30", "--end", "2026-10-25 03:30"]) == 2
    err = capsys.readouterr().err
    assert "happens twice in Europe/Stockholm" in err and "+02:00" in err and "+01:00" in err
