"""The curl examples of the README and the docs/ pages, parsed so a test can run them.

An example is a ```sh block holding one `curl` command against http://127.0.0.1:8000, followed by
a block (```json, ```csv or ```text) with the response it prints. When `<!-- excerpt -->` stands
between the two, the JSON shown is an excerpt: each object shown holds some of the answer's
fields, each list shown holds as many items as the answer's, and every value shown is the
answer's.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
# docs/invoices.md has its own tests (tests/invoices/test_docs.py).
PAGES = [README, *sorted(path for path in DOCS.glob("*.md") if path.name != "invoices.md")]
BASE = "http://127.0.0.1:8000"
EXCERPT = "<!-- excerpt -->"
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


@dataclass
class Example:
    page: str
    command: str
    kind: str
    shown: str
    excerpt: bool
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


def page_text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def examples(text: str | None = None, page: str = "README.md") -> list[Example]:
    """Return every curl example of a page (the README by default) with the response it shows."""
    text = text if text is not None else page_text(README)
    blocks = list(_BLOCK.finditer(text))
    found = []
    for block, answer in zip(blocks, blocks[1:], strict=False):
        kind, content = block[1], block[2]
        if kind == "sh" and content.startswith("curl ") and answer[1] in ("json", "csv", "text"):
            excerpt = EXCERPT in text[block.end() : answer.start()]
            assert not excerpt or answer[1] == "json", f"{page}: only JSON answers are cut"
            method, path, headers, body = _parse(content.strip())
            found.append(
                Example(page, content, answer[1], answer[2], excerpt, method, path, headers, body)
            )
    return found


def every_example() -> list[Example]:
    """Return the curl examples of the README and of every docs/ page."""
    return [example for page in PAGES for example in examples(page_text(page), page.name)]


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


def differences(answer: object, shown: object, at: str = "") -> list[str]:
    """Where an excerpt differs from the answer: a field, a value or a list's length."""
    if isinstance(shown, dict) and isinstance(answer, dict):
        found = []
        for key, value in shown.items():
            if key not in answer:
                found.append(f"{at}.{key}: not in the answer")
            else:
                found += differences(answer[key], value, f"{at}.{key}")
        return found
    if isinstance(shown, list) and isinstance(answer, list):
        if len(shown) != len(answer):
            return [f"{at}: {len(answer)} items, {len(shown)} shown"]
        return [
            problem
            for index, (item, value) in enumerate(zip(answer, shown, strict=True))
            for problem in differences(item, value, f"{at}[{index}]")
        ]
    if answer == shown and type(answer) is type(shown):
        return []
    return [f"{at}: {answer!r}, shown {shown!r}"]
