"""Imports between apps sit at the top of a module, where `lint-imports` (make lint) checks that
they point down the layers; one hidden inside a function must say on its line why it is there."""

import ast
from pathlib import Path

import coffeechat

ROOT = Path(coffeechat.__file__).parent


def _app(module: str) -> str:
    """The app a module belongs to ("" for project modules such as coffeechat.wsgi)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "coffeechat" and (ROOT / parts[1] / "apps.py").exists():
        return parts[1]
    return ""


def function_level_cross_app_imports() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        own = relative.parts[0] if len(relative.parts) > 1 else ""
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    names = [inner.module]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                else:
                    continue
                other = [n for n in names if _app(n) and _app(n) != own]
                if other and "#" not in lines[inner.lineno - 1]:
                    found.append(f"{relative}:{inner.lineno} imports {other[0]}")
    return found


def test_it_finds_no_unexplained_import_of_another_app_inside_a_function() -> None:
    assert function_level_cross_app_imports() == []
