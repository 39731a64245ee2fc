"""Policy files an operator writes are bounded: size, nesting, `extends` chains, names, texts and
bands; past a bound the start and `billing-quote policy check` name the file, exit 2, no traceback."""

import subprocess
import sys

import pytest

from app.cli import main
from app.engine import (
    MAX_BANDS,
    MAX_EXTENDS_DEPTH,
    MAX_NESTING,
    MAX_POLICY_BYTES,
    PolicyError,
    load_policies,
)


def problems_of(folder) -> list[str]:
    with pytest.raises(PolicyError) as refused:
        load_policies(folder)
    return str(refused.value).splitlines()


def contract(name: str, extends: str = "vmi-se") -> str:
    return f'id = "{name}"\nextends = "{extends}"\nname = "{name}"\n'


def test_arrays_nested_a_thousand_deep_are_refused_with_the_limit(tmp_path):
    (tmp_path / "deep.toml").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n")
    assert problems_of(tmp_path) == [
        f"{tmp_path}/deep.toml: (file): tables and arrays nest more than {MAX_NESTING} levels"
    ]


def test_nesting_just_past_the_limit_is_refused(tmp_path):
    depth = MAX_NESTING  # inside the top-level table
    (tmp_path / "deep.toml").write_text("x = " + "[" * depth + "]" * depth + "\n")
    assert "nest more than" in problems_of(tmp_path)[0]


@pytest.mark.parametrize("top_first", [True, False], ids=["top-first", "base-first"])
def test_a_thousand_policies_extending_one_another_are_refused(tmp_path, top_first):
    names = [f"c{index:04d}" for index in range(1000)]
    if top_first:  # files are read in name order: the longest chain is met first
        names.reverse()
    for index, name in enumerate(names):
        (tmp_path / f"{name}.toml").write_text(
            contract(name, names[index - 1] if index else "vmi-se")
        )
    (line, *_) = problems_of(tmp_path)
    assert line.endswith(
        f"extends: more than {MAX_EXTENDS_DEPTH} policies in a row extend one another"
    )


def test_a_chain_within_the_limit_loads(tmp_path):
    names = [f"c{index}" for index in range(MAX_EXTENDS_DEPTH)]
    for index, name in enumerate(names):
        (tmp_path / f"{name}.toml").write_text(
            contract(name, names[index - 1] if index else "vmi-se")
        )
    assert set(names) <= set(load_policies(tmp_path))


def test_a_file_past_the_size_limit_is_refused_unread(tmp_path):
    name = "x" * (MAX_POLICY_BYTES + 1)
    (tmp_path / "big.toml").write_text(f'id = "big"\nname = "{name}"\n')
    assert problems_of(tmp_path) == [
        f"{tmp_path}/big.toml: (file): larger than {MAX_POLICY_BYTES // 1024} KiB"
    ]


def test_a_name_is_bounded(tmp_path):
    (tmp_path / "long.toml").write_text(
        contract("long").replace('name = "', 'name = "' + "N" * 201)
    )
    assert problems_of(tmp_path) == [
        f"{tmp_path}/long.toml: name: String should have at most 200 characters"
    ]


def test_a_reason_text_is_bounded(tmp_path):
    text = contract("long") + '[coverage.default.message]\nen = "' + "t" * 2001 + '"\n'
    (tmp_path / "long.toml").write_text(text)
    assert problems_of(tmp_path) == [
        f"{tmp_path}/long.toml: coverage.default.message.en: String should have at most 2000 "
        "characters"
    ]


def test_more_bands_than_the_limit_are_refused(tmp_path):
    bands = "".join(
        f'[[bands]]\nid = "b{i}"\ndays = "all"\nfrom = "00:00"\nto = "24:00"\n'
        f'multiplier = "1.0"\nclause = "x:1"\n'
        for i in range(1440)
    )
    text = contract("wide") + "remove = ['bands']\n" + bands
    (tmp_path / "wide.toml").write_text(text)
    (line,) = problems_of(tmp_path)
    assert line == (
        f"{tmp_path}/wide.toml: bands: Tuple should have at most {MAX_BANDS} items after "
        "validation, not 1440"
    )


def test_policy_check_reports_each_bound_as_one_line_and_exits_2(tmp_path, capsys):
    (tmp_path / "deep.toml").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n")
    for index in range(20):
        (tmp_path / f"chain{index:02d}.toml").write_text(
            contract(f"chain{index:02d}", f"chain{index - 1:02d}" if index else "vmi-se")
        )
    assert main(["policy", "check", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert f"{tmp_path}/deep.toml: (file): tables and arrays nest more than" in out
    assert "policies in a row extend one another" in out


def test_the_service_refuses_to_start_on_a_deep_file_without_a_traceback(tmp_path):
    (tmp_path / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    result = subprocess.run(
        [sys.executable, "-c", "import app.main"],
        env={"BILLING_POLICY_DIR": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"cannot start: {tmp_path}/deep.toml: (file): tables and arrays nest more than "
        f"{MAX_NESTING} levels\n"
    )
