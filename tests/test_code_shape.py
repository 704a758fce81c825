"""Small modules and short docstrings: no module over 1,000 lines, no docstring over 10."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    path
    for package in ("custom_components/ipc_cgi", "ipc_simulator")
    for path in (ROOT / package).rglob("*.py")
)
MAX_MODULE_LINES = 1000
MAX_DOCSTRING_LINES = 10


def long_docstrings(source: str) -> list[str]:
    """Return the names of the module, classes and functions whose docstring is too long."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            docstring = ast.get_docstring(node, clean=False)
            if docstring and len(docstring.strip().splitlines()) > MAX_DOCSTRING_LINES:
                found.append(getattr(node, "name", "<module>"))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_module_is_small(path: Path) -> None:
    """No module over 1,000 lines."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_docstrings_are_short(path: Path) -> None:
    """No docstring over 10 lines."""
    assert long_docstrings(path.read_text(encoding="utf-8")) == []


def test_a_long_docstring_is_found() -> None:
    """The check sees a function's docstring of 11 lines, and not one of 10."""
    body = "\n".join(f"    line {n}" for n in range(10))
    assert long_docstrings(f'def f():\n    """First.\n{body}\n    """\n') == ["f"]
    body = "\n".join(f"    line {n}" for n in range(9))
    assert long_docstrings(f'def f():\n    """First.\n{body}\n    """\n') == []
