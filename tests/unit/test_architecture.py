"""The engine is plain Python: the web layer depends on it, never the other way."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "app" / "engine"
ALLOWED_OUTSIDE_STDLIB = {"pydantic", "holidays", "app"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_engine_modules_import_only_the_standard_library_pydantic_and_holidays():
    for path in ENGINE.glob("*.py"):
        foreign = imported_roots(path) - set(sys.stdlib_module_names) - ALLOWED_OUTSIDE_STDLIB
        assert not foreign, f"{path.name} imports {foreign}"


def test_engine_imports_only_engine_modules_of_the_app():
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app."):
                assert node.module.startswith("app.engine"), f"{path.name} imports {node.module}"


def test_importing_the_engine_loads_no_web_framework():
    web = "{'fastapi', 'starlette', 'uvicorn'}"
    code = (
        f"import sys, app.engine; print(sorted(m for m in sys.modules if m.split('.')[0] in {web}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
