"""A compiled engine module older than its source is refused, so edited code never runs stale."""

import os

import pytest

from app.engine.compiled import SLACK_SECONDS, StaleCompiledModule, check_fresh

SUFFIX = ".cpython-311-x86_64-linux-gnu.so"


def _files(folder, source_age, compiled_age):
    source, compiled = folder / "quote.py", folder / f"quote{SUFFIX}"
    source.write_text("")
    compiled.write_bytes(b"")
    now = 1_800_000_000
    os.utime(source, (now - source_age, now - source_age))
    os.utime(compiled, (now - compiled_age, now - compiled_age))


def test_a_source_changed_after_its_build_is_refused_naming_the_module_and_the_way_out(tmp_path):
    _files(tmp_path, source_age=10, compiled_age=600)
    with pytest.raises(StaleCompiledModule) as refused:
        check_fresh(tmp_path)
    message = str(refused.value)
    assert f"quote{SUFFIX}" in message
    assert "BILLING_COMPILE=1" in message and "delete them" in message


def test_a_build_newer_than_its_source_or_written_with_it_loads(tmp_path):
    _files(tmp_path, source_age=600, compiled_age=10)
    check_fresh(tmp_path)
    _files(tmp_path, source_age=10, compiled_age=10 + SLACK_SECONDS / 2)  # one install wrote both
    check_fresh(tmp_path)


def test_sources_alone_and_compiled_modules_without_a_source_load(tmp_path):
    (tmp_path / "quote.py").write_text("")
    check_fresh(tmp_path)
    (tmp_path / "quote.py").unlink()
    (tmp_path / f"quote{SUFFIX}").write_bytes(b"")
    check_fresh(tmp_path)
