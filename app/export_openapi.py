"""Write the committed OpenAPI document: `python -m app.export_openapi` (or `--check`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DOCUMENT = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    from app.api.application import create_app
    from app.api.settings import Settings

    text = render(create_app(Settings(api_keys=())).openapi())
    if "--check" in argv:
        if DOCUMENT.read_text(encoding="utf-8") != text:
            print(f"{DOCUMENT} differs from the app; run: python -m app.export_openapi")
            return 1
        return 0
    DOCUMENT.write_text(text, encoding="utf-8")
    print(f"wrote {DOCUMENT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
