"""The README's curl examples, parsed so a test can run them against the app.

An example is a ```sh block holding one `curl` command against http://127.0.0.1:8000, followed by
a block (```json, ```csv or ```text) with the response it prints.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BASE = "http://127.0.0.1:8000"
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


@dataclass
class Example:
    command: str
    kind: str
    shown: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None


def _parse(command: str) -> tuple[str, str, dict[str, str], bytes | None]:
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "curl", command
    method, path, headers, body = "GET", "", {}, None
    i = 1
    while i < len(words):
        word = words[i]
        if word in ("-s", "-sS", "--silent"):
            pass
        elif word == "-X":
            i += 1
            method = words[i]
        elif word == "-H":
            i += 1
            name, _, value = words[i].partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("-d", "--data", "--data-binary"):
            i += 1
            data = words[i]
            body = (ROOT / data[1:]).read_bytes() if data.startswith("@") else data.encode()
            method = "POST" if method == "GET" else method
        elif word.startswith(BASE):
            path = word[len(BASE) :]
        else:
            raise AssertionError(f"unknown curl word {word!r} in {command!r}")
        i += 1
    return method, path, headers, body


def examples(text: str | None = None) -> list[Example]:
    """Return every curl example of the README with the response it shows."""
    blocks = _BLOCK.findall(text if text is not None else README.read_text(encoding="utf-8"))
    found = []
    for (kind, content), (next_kind, next_content) in zip(blocks, blocks[1:], strict=False):
        if kind == "sh" and content.startswith("curl ") and next_kind in ("json", "csv", "text"):
            method, path, headers, body = _parse(content.strip())
            found.append(Example(content, next_kind, next_content, method, path, headers, body))
    return found


def normalized(kind: str, text: str) -> object:
    """Return a response as it is compared: JSON parsed without request ids; text as lines."""
    if kind == "json":
        data = json.loads(text)

        def scrub(node: object) -> object:
            if isinstance(node, dict):
                return {k: scrub(v) for k, v in node.items() if k != "request_id"}
            if isinstance(node, list):
                return [scrub(v) for v in node]
            return node

        return scrub(data)
    return text.strip().splitlines()
