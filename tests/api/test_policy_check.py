"""`billing-quote policy check DIR|FILE...`: every problem as `file: field: problem`, no server."""

import shutil

import pytest

from app.cli import main
from app.client import BillingClient
from tests.readme_examples import ROOT

EXAMPLES = ROOT / "examples" / "policies"


@pytest.fixture(autouse=True)
def no_service(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("policy check started the service")

    monkeypatch.setattr(BillingClient, "in_process", refuse)
    monkeypatch.setattr(BillingClient, "__init__", refuse)


def test_a_folder_of_good_policies_passes(capsys):
    assert main(["policy", "check", str(EXAMPLES)]) == 0
    assert capsys.readouterr().out == "2 policy files: no problems\n"


def test_every_problem_of_every_file_is_printed_and_the_status_is_not_zero(tmp_path, capsys):
    for path in EXAMPLES.glob("*.toml"):
        shutil.copy(path, tmp_path)
    contract = tmp_path / "vmi-roslagsbygg.toml"
    text = contract.read_text(encoding="utf-8")
    contract.write_text(text.replace('"895.00"', '"895.001"'), encoding="utf-8")
    (tmp_path / "broken.toml").write_text('id = "broken"\nname = 3\n', encoding="utf-8")
    (tmp_path / "typo.toml").write_text('id = "typo"\nextends = "vmi-se"\ncurency = "SEK"\n')
    assert main(["policy", "check", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert f"{tmp_path}/broken.toml: name: Input should be a valid string" in lines
    assert f"{tmp_path}/broken.toml: currency: Field required" in lines
    assert f"{tmp_path}/typo.toml: curency: Extra inputs are not permitted" in lines
    assert (
        f"{contract} (version 2026-01-01): default_hourly_rate: "
        "Decimal input should have no more than 2 decimal places"
    ) in lines
    assert not any("alesund-fjordfisk" in line for line in lines)  # the good file stays quiet
    assert err == "billing-quote: problems in 3 policy files\n"


def test_files_are_named_one_by_one_too_and_a_missing_one_is_a_problem(tmp_path, capsys):
    missing = tmp_path / "acme.toml"
    assert main(["policy", "check", str(EXAMPLES / "vmi-roslagsbygg.toml"), str(missing)]) == 2
    assert capsys.readouterr().out == f"{missing}: (file): no such file\n"


def test_a_file_with_the_id_of_a_built_in_policy_is_refused(tmp_path, capsys):
    copy = tmp_path / "vmi-se.toml"
    shutil.copy(ROOT / "app" / "policies" / "vmi-se.toml", copy)
    assert main(["policy", "check", str(copy)]) == 2
    assert capsys.readouterr().out == f"{copy}: id: 'vmi-se' is already loaded\n"
