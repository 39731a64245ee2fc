"""`python -m bench.trees` serves two checkouts and compares their figures round by round."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.trees import (
    QUOTE_CPU,
    QUOTES,
    Measured,
    batch_figures,
    compared_rows,
    main,
    serve_command,
    stream_figures,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_figure_is_compared_within_each_round_and_judged_against_five_percent() -> None:
    batch, _ = batch_figures(10_000)
    measured = Measured()
    # A slow spell (round 1) falls on both checkouts; the ratio stays 1.04 each round.
    for round_, (before, after) in enumerate([(0.50, 0.52), (0.80, 0.832), (0.50, 0.52)]):
        measured.add(batch, "before", round_, before)
        measured.add(batch, "after", round_, after)
        measured.add(QUOTES, "before", round_, 6000.0)
        measured.add(QUOTES, "after", round_, 5000.0)
    rows = compared_rows(measured, [batch, QUOTES], "before", "after")
    (batch_name, batch_shown, batch_target, batch_met), quote_row = rows
    assert batch_name == "10,000-entry batch over HTTP"
    assert "0.500 -> 0.520 s, x1.040" in batch_shown
    assert (batch_target, batch_met) == ("<= 1.05", True)
    assert "6,000 -> 5,000 req/s, x0.833" in quote_row[1]
    assert quote_row[2:] == (">= 0.95", False)


def test_each_servers_figures_count_by_their_median_in_a_round() -> None:
    measured = Measured()
    for value in (1.0, 3.0, 2.0):  # three servers of one checkout in round 0
        measured.add(QUOTE_CPU, "after", 0, value)
    assert measured.per_round(QUOTE_CPU, "after") == [2.0]


def test_figures_indented_under_others_are_told_apart() -> None:
    first = stream_figures("first", "none")[1]
    second = stream_figures("second", "ticket")[1]
    assert first.name == second.name and first != second


def test_a_checkout_is_served_as_its_own_readme_served_it(tmp_path: Path) -> None:
    assert serve_command(ROOT, 8123) == [
        *(sys.executable, "-m", "app.cli", "serve", "--port", "8123"),
    ]
    (tmp_path / "app" / "api").mkdir(parents=True)  # a checkout from before the serve command
    old = serve_command(tmp_path, 8123)
    assert old[1:4] == ["-m", "uvicorn", "app.main:app"]
    assert "app.api.connections:GuardedHttpToolsProtocol" in old
    assert "app/api/logging.json" in old


def test_two_served_checkouts_are_measured_round_by_round(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sizes = ["--entries", "300", "--batch-entries", "500", "--quote-seconds", "0"]
    main([str(ROOT), str(ROOT), "--rounds", "1", "--servers", "1", *sizes])
    out = capsys.readouterr().out
    for label in (
        "500-entry batch over HTTP",
        "stream, first mix, per entry",
        "stream, first mix, by ticket",
        "stream, second mix, per entry",
        "stream, second mix, by ticket",
    ):
        line = next(line for line in out.splitlines() if line.startswith(label))
        assert " -> " in line and " x" in line
        assert line.rstrip().endswith(("met", "NOT met"))
    assert out.count("entries per server CPU-second") == 4


def test_a_folder_that_is_no_checkout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([str(tmp_path), str(ROOT)])
    assert stopped.value.code == 2
