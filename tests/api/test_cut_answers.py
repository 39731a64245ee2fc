"""A streamed answer cut off on its way is told apart from a whole one, by the client and the
command line, without reading HTTP framing: NDJSON ends with its summary, CSV with `(end)`."""

import pytest

from app.api.application import create_app
from app.api.batches import writer
from app.api.settings import Settings
from app.cli import main
from tests.api.test_doors_agree import month
from tests.api.test_stream import ndjson
from tests.http_clients import live_server


@pytest.fixture
def cut_server(monkeypatch):
    """A server whose batch answers end cleanly but lack their closing line or row."""
    monkeypatch.setattr(writer.AnswerWriter, "closing", lambda self, batch: b"")
    with live_server(create_app(Settings())) as url:
        yield url


@pytest.mark.parametrize("output", ["--json", "--csv", None])
def test_the_command_line_fails_on_an_answer_without_its_end(tmp_path, capsys, cut_server, output):
    path = tmp_path / "month.ndjson"
    path.write_bytes(ndjson(month(30)))
    status = main(["--server", cut_server, "batch", str(path), *([output] if output else [])])
    assert status == 3
    assert "ended early" in capsys.readouterr().err


def test_the_command_line_takes_a_whole_answer(tmp_path, capsys):
    path = tmp_path / "month.ndjson"
    path.write_bytes(ndjson(month(30)))
    with live_server(create_app(Settings())) as url:
        assert main(["--server", url, "batch", str(path), "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith('"(end) 30 entries, 30 quoted')
