"""The example customer contracts of examples/policies/, loaded beside the built-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.engine import QuoteRequest, load_policies

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
