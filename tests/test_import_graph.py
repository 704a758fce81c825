"""No import circle between the modules of a package, type-only imports included.

Each module's imports are read with `ast`: at the top, under `if TYPE_CHECKING:`
and in function bodies alike. An import names the module it loads: `from .a
import b` is the module `a.b` if there is one, else `a`; the parent packages
that Python runs on the way are not counted (every module would then depend
on the package's `__init__`).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_name(path: Path, root: Path) -> str:
    """Return the dotted name of the module at path (root is on sys.path)."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.AST, name: str, is_package: bool) -> list[str]:
    """Return the modules an import node may load, seen from module name.

    `import a.b` loads a.b; `from a import b, c` loads a.b and a.c where they
    are modules, and a where one of them is not (a name defined in a).
    """
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        package = name.split(".")[: None if is_package else -1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Return each module of package (a folder under root) and those of package it imports."""
    paths = {module_name(path, root): path for path in (root / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets: set[str] = set()
        for node in ast.walk(tree):
            names = imported(node, name, path.name == "__init__.py")
            if isinstance(node, ast.ImportFrom):
                base, *members = names
                if any(member not in paths for member in members):
                    targets.add(base)
                names = members
            targets.update(names)
        graph[name] = {target for target in targets if target in paths} - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_checker_sees_every_kind_of_import(tmp_path: Path) -> None:
    """A circle closed under TYPE_CHECKING or in a function body is found."""
    package = tmp_path / "p"
    (package / "sub").mkdir(parents=True)
    for path, text in {
        "__init__.py": "from .a import A\n",
        "a.py": "from . import b\nclass A: ...\n",
        "b.py": "from .sub.c import C\n",
        "sub/__init__.py": "",
        "sub/c.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from ..a import A\n"
            "class C: ...\n"
        ),
        "d.py": "def f():\n    import p.e\n",
        "e.py": "import p.d\n",
        "f.py": "from p import a, e\n",
    }.items():
        (package / path).write_text(text, encoding="utf-8")
    graph = import_graph("p", tmp_path)
    assert graph["p.f"] == {"p.a", "p.e"}
    assert cycles(graph) == [["p.a", "p.b", "p.sub.c"], ["p.d", "p.e"]]


def test_simulator_has_no_import_circle() -> None:
    """No module of ipc_simulator imports, through others, a module importing it."""
    graph = import_graph("ipc_simulator")
    assert "ipc_simulator.onvif" in graph
    assert "ipc_simulator.endpoints.common" in graph
    assert cycles(graph) == []


def test_integration_has_no_import_circle() -> None:
    """No module of the integration imports, through others, a module importing it."""
    graph = import_graph("custom_components/ipc_cgi")
    assert "custom_components.ipc_cgi.coordinator" in graph
    assert cycles(graph) == []
