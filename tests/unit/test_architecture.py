"""The layers point one way: the engine is plain Python, the wire shapes know no server, and the
client and the CLI load none of it; the HTTP layer depends on them, never the other way."""

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
ENGINE = APP / "engine"
SERVER_PACKAGES = {"fastapi", "starlette", "uvicorn", "prometheus_client"}
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


def server_modules_loaded_by(*modules: str) -> list[str]:
    """Import `modules` in a fresh interpreter; return the server modules that came with them."""
    code = (
        f"import sys, {', '.join(modules)}; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {SERVER_PACKAGES!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip())


def test_importing_the_engine_loads_no_server():
    assert server_modules_loaded_by("app.engine") == []


def test_wire_shapes_import_no_server_and_nothing_of_the_http_layer():
    for path in (APP / "wire").glob("*.py"):
        roots = imported_roots(path)
        assert not roots & SERVER_PACKAGES, f"{path.name} imports {roots & SERVER_PACKAGES}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("app.api", "app.web")), (
                    f"{path.name} imports {node.module}"
                )


def test_importing_the_client_and_the_cli_loads_no_server():
    assert server_modules_loaded_by("app.wire.schemas", "app.wire.csv_io") == []
    assert server_modules_loaded_by("app.client") == []
    assert server_modules_loaded_by("app.cli", "app.cli.commands") == []


def test_callers_outside_the_engine_import_it_only_from_the_package():
    """The engine's `__all__` is its interface; engine unit tests alone reach into its modules."""
    root = APP.parent
    callers = [p for p in APP.rglob("*.py") if ENGINE not in p.parents]
    callers += [*root.joinpath("bench").rglob("*.py")]
    callers += [p for p in root.joinpath("tests").rglob("*.py") if "unit" not in p.parts]
    for path in callers:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert not node.module.startswith("app.engine."), (
                    f"{path.relative_to(root)} imports {node.module}"
                )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("app.engine."), (
                        f"{path.relative_to(root)} imports {alias.name}"
                    )


def test_the_engine_exports_every_name_it_lists():
    import app.engine

    assert sorted(app.engine.__all__) == app.engine.__all__
    assert all(hasattr(app.engine, name) for name in app.engine.__all__)
