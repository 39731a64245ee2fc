"""Settings: read once from BILLING_* variables; a bad value stops the start."""

import subprocess
import sys

import pytest
from pydantic import ValidationError

from app.api.settings import Settings


def test_limits_have_documented_defaults():
    settings = Settings()
    assert (settings.max_batch_items, settings.max_span_days, settings.max_sessions) == (
        10_000,
        31,
        1_000,
    )
    assert settings.max_body_bytes == 16 * 1024 * 1024
    assert settings.api_keys == ()


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BILLING_MAX_BATCH_ITEMS", "500")
    monkeypatch.setenv("BILLING_MAX_SPAN_DAYS", "7")
    settings = Settings()
    assert (settings.max_batch_items, settings.max_span_days) == (500, 7)


@pytest.mark.parametrize(
    ("name", "value"), [("BILLING_MAX_BATCH_ITEMS", "0"), ("BILLING_MAX_SPAN_DAYS", "x")]
)
def test_a_bad_setting_is_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_the_service_refuses_to_start_with_a_broken_policy_file_naming_it(tmp_path):
    (tmp_path / "acme.toml").write_text('id = "acme"\nname = 3\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "import app.main"],
        env={"BILLING_POLICY_DIR": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert (
        f"cannot start: {tmp_path / 'acme.toml'}: name: Input should be a valid string"
        in result.stderr
    )


def test_an_operator_folder_adds_policies_to_the_api(tmp_path, client_with):
    from app.engine import BUILTIN_DIR

    text = (
        (BUILTIN_DIR / "vmi-se.toml")
        .read_text(encoding="utf-8")
        .replace('id = "vmi-se"', 'id = "vmi-se-2027"')
    )
    (tmp_path / "vmi-se-2027.toml").write_text(text, encoding="utf-8")
    ids = [p["id"] for p in client_with(policy_dir=tmp_path).get("/v1/policies").json()]
    assert ids == ["alesund-data-no", "vmi-se", "vmi-se-2027"]


def _start_with(**environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import app.main"],
        env={"PATH": "", **environment},
        capture_output=True,
        text=True,
    )


def test_a_short_api_key_is_named_by_position_and_no_key_is_printed():
    good, short = "good-long-key-0123456789", "short"
    result = _start_with(BILLING_API_KEYS=f"{good},{short}")
    assert result.returncode == 2
    assert result.stderr == (
        "cannot start: BILLING_API_KEYS: entry 2 of 2 has 5 characters; "
        "each key needs at least 16\n"
    )
    assert good not in result.stderr and short not in result.stderr


def test_api_key_entries_are_counted_from_one_with_blank_ones_skipped():
    good = "good-long-key-0123456789"
    result = _start_with(BILLING_API_KEYS=f"{good}, ,{good}x,abc,")
    assert result.returncode == 2
    assert "BILLING_API_KEYS: entry 4 of 5 has 3 characters" in result.stderr
    assert good not in result.stderr and "abc" not in result.stderr


def test_every_bad_setting_is_named_by_its_variable_without_its_value(monkeypatch):
    from app.api.settings import describe_settings_error

    monkeypatch.setenv("BILLING_MAX_BATCH_ITEMS", "secret-looking-value")
    monkeypatch.setenv("BILLING_API_KEYS", "k" * 20 + ",tiny")
    with pytest.raises(ValidationError) as caught:
        Settings()
    message = describe_settings_error(caught.value)
    assert message.splitlines() == [
        "BILLING_API_KEYS: entry 2 of 2 has 4 characters; each key needs at least 16",
        "BILLING_MAX_BATCH_ITEMS: Input should be a valid integer, unable to parse string as an integer",
    ]
    assert "secret-looking-value" not in message and "tiny" not in message


def test_the_settings_never_show_the_keys():
    settings = Settings(api_keys="a" * 20 + "," + "b" * 20)
    assert settings.api_keys == ("a" * 20, "b" * 20)
    assert "a" * 20 not in repr(settings) and "a" * 20 not in str(settings)
