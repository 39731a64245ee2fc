"""The example customer contracts of examples/policies/, loaded beside the built-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.engine import PolicyError, QuoteRequest, load_policies

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
CONTRACTS = load_policies(EXAMPLES)
ROSLAGSBYGG = "vmi-roslagsbygg"
FJORDFISK = "alesund-fjordfisk"


def entry(policy: str, start: str, minutes_later: str, **fields: Any) -> QuoteRequest:
    """Build a request from `start` to the same day at `minutes_later` (HH:MM, same offset)."""
    fields.setdefault("channel", "remote")
    end = f"{start[:11]}{minutes_later}:00{start[19:]}"
    return QuoteRequest.model_validate({"policy": policy, "start": start, "end": end, **fields})


def write(folder: Path, policy_id: str, text: str) -> None:
    (folder / f"{policy_id}.toml").write_text(text, encoding="utf-8")


def sittings(policy: str, *days: str) -> QuoteRequest:
    """Build one assignment of 20-minute remote sittings from 10:00 on each day (YYYY-MM-DD)."""
    return QuoteRequest.model_validate(
        {
            "policy": policy,
            "channel": "remote",
            "sessions": [
                {"start": f"{day}T10:00:00+01:00", "end": f"{day}T10:20:00+01:00"} for day in days
            ],
        }
    )


def copy_example(folder: Path, policy_id: str) -> None:
    write(folder, policy_id, (EXAMPLES / f"{policy_id}.toml").read_text(encoding="utf-8"))


def refusal(folder: Path) -> str:
    """Return what stops loading the built-ins with a folder of policy files."""
    with pytest.raises(PolicyError) as caught:
        load_policies(folder)
    return str(caught.value)
