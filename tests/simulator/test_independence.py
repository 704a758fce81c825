"""The simulator is written from the spec: it imports nothing of the client."""

from __future__ import annotations

import ast
from pathlib import Path
import sys

import ipc_simulator

ALLOWED = frozenset({"aiohttp", "ipc_simulator"}) | sys.stdlib_module_names


def _imported_packages(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.partition(".")[0] for name in names}


def test_simulator_imports_only_aiohttp_and_the_standard_library() -> None:
    """No module of the simulator imports the client, Home Assistant or xmltodict."""
    package = Path(ipc_simulator.__file__).parent
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 10
    imported = set().union(*(_imported_packages(source) for source in sources))
    assert "__future__" in imported
    assert imported <= ALLOWED, imported - ALLOWED
