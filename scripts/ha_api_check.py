"""Check the integration against a Home Assistant release it cannot run here.

Home Assistant 2026.3 and later need Python 3.14, which the project's machines
lack. This reads the newest homeassistant wheel on the package index (or the
one given) without installing it, and fails if it lacks:
- any homeassistant name that the integration or its tests import, or use as
  an attribute of an imported homeassistant module (`dr.async_get`);
- any base-class method that the integration overrides (an override is a
  method whose name the installed release's base classes define), or if the
  method changed between `def` and `async def`.
A name served only through a module's `__getattr__` counts as missing: that is
how Home Assistant keeps deprecated constants alive for a while.

Usage: python scripts/ha_api_check.py [--wheel PATH | --version X.Y.Z]
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
import importlib.util
from pathlib import Path
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = Path(__file__).resolve().parent.parent
OWN = ("custom_components.ipc_cgi",)
SOURCES = (ROOT / "custom_components" / "ipc_cgi", ROOT / "tests")


_EXCEPT_LIST = re.compile(r"^(\s*except\*?\s+)([^():\n]+,[^():\n]+):", re.MULTILINE)


class Tree:
    """Python modules by dotted name, read from a folder or a wheel."""

    def __init__(self, files: dict[str, str]) -> None:
        """Index `files`: path inside the tree -> source text."""
        self.modules: dict[str, str] = {}
        self.packages: set[str] = set()
        for path, text in files.items():
            parts = path.removesuffix(".py").split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
                self.packages.add(".".join(parts))
            self.modules[".".join(parts)] = text
        self._parsed: dict[str, ast.Module] = {}

    @classmethod
    def from_wheel(cls, wheel: Path) -> Tree:
        """Read every homeassistant module of a wheel."""
        with zipfile.ZipFile(wheel) as archive:
            return cls(
                {
                    name: archive.read(name).decode("utf-8")
                    for name in archive.namelist()
                    if name.startswith("homeassistant/") and name.endswith(".py")
                }
            )

    @classmethod
    def from_folder(cls, folder: Path, prefix: str) -> Tree:
        """Read the modules under `folder`, named from `prefix` on."""
        return cls(
            {
                f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_text(
                    encoding="utf-8"
                )
                for path in folder.rglob("*.py")
            }
        )

    def merged(self, other: Tree) -> Tree:
        """Return a tree with both trees' modules."""
        tree = Tree({})
        tree.modules = self.modules | other.modules
        tree.packages = self.packages | other.packages
        return tree

    def parse(self, module: str) -> ast.Module | None:
        """Return a module's syntax tree, or None if the tree lacks it."""
        if module not in self.modules:
            return None
        if module not in self._parsed:
            text = self.modules[module]
            try:
                self._parsed[module] = ast.parse(text)
            except SyntaxError:
                # Python 3.14 (PEP 758) allows `except A, B:` without parentheses;
                # this script runs on 3.13, so put them back.
                self._parsed[module] = ast.parse(_EXCEPT_LIST.sub(r"\1(\2):", text))
        return self._parsed[module]


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Yield a module's statements, including those under if/try at top level."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _top_level(block)
            for handler in node.handlers:
                yield from _top_level(handler.body)
        else:
            yield node


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """Return the absolute module name an ImportFrom names."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


@dataclass
class Binding:
    """Where a name in a module comes from."""

    node: ast.AST | None = None  # a def or class in this module
    module: str | None = None  # or a name imported from this module
    name: str | None = None  # (None: the module itself)


@dataclass
class Resolver:
    """Resolve names and classes across a tree of modules."""

    tree: Tree
    _scopes: dict[str, dict[str, Binding] | None] = field(default_factory=dict)

    def scope(self, module: str) -> dict[str, Binding] | None:
        """Return the names a module defines at top level."""
        if module in self._scopes:
            return self._scopes[module]
        parsed = self.tree.parse(module)
        if parsed is None:
            self._scopes[module] = None
            return None
        names: dict[str, Binding] = {}
        self._scopes[module] = names
        is_package = module in self.tree.packages
        for node in _top_level(parsed.body):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names[node.name] = Binding(node=node)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
                for target in targets:
                    for item in ast.walk(target):
                        if isinstance(item, ast.Name):
                            names[item.id] = Binding(node=node)
            elif isinstance(node, ast.TypeAlias) and isinstance(node.name, ast.Name):
                names[node.name.id] = Binding(node=node)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        names[alias.asname] = Binding(module=alias.name)
                    else:
                        top = alias.name.split(".")[0]
                        names[top] = Binding(module=top)
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(module, node, is_package)
                for alias in node.names:
                    if alias.name == "*":
                        names.update(self.scope(source) or {})
                    else:
                        names[alias.asname or alias.name] = Binding(
                            module=source, name=alias.name
                        )
        return names

    def has_getattr(self, module: str) -> bool:
        """Tell whether a module serves names through `__getattr__`."""
        return "__getattr__" in (self.scope(module) or {})

    def lookup(self, module: str, name: str, depth: int = 0) -> Binding | None:
        """Follow imports to where `name` of `module` is defined."""
        if depth > 20:
            return None
        scope = self.scope(module)
        binding = (scope or {}).get(name)
        if binding is None:
            submodule = f"{module}.{name}"
            return Binding(module=submodule) if submodule in self.tree.modules else None
        if binding.node is not None or binding.module is None:
            return binding
        if binding.name is None:
            return binding
        if binding.module == module:
            return None
        return self.lookup(binding.module, binding.name, depth + 1) or (
            Binding(module=f"{binding.module}.{binding.name}")
            if f"{binding.module}.{binding.name}" in self.tree.modules
            else None
        )

    def class_methods(self, module: str, name: str, seen: set[str]) -> dict[str, bool]:
        """Return the methods of a class and its bases: name -> is async."""
        key = f"{module}:{name}"
        if key in seen:
            return {}
        seen.add(key)
        binding = self.lookup(module, name)
        if binding is None or not isinstance(binding.node, ast.ClassDef):
            return {}
        owner = self._owner(module, name)
        methods: dict[str, bool] = {}
        for base in binding.node.bases:
            base_module, base_name = self.base_ref(owner, base)
            if base_module is not None and base_name is not None:
                methods |= self.class_methods(base_module, base_name, seen)
        for item in binding.node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                methods[item.name] = isinstance(item, ast.AsyncFunctionDef)
            elif isinstance(item, ast.Assign | ast.AnnAssign):
                targets = (
                    item.targets if isinstance(item, ast.Assign) else [item.target]
                )
                for target in targets:
                    if isinstance(target, ast.Name):
                        methods.setdefault(target.id, False)
        return methods

    def _owner(self, module: str, name: str) -> str:
        """Return the module that defines `name` (following re-exports)."""
        scope = self.scope(module) or {}
        binding = scope.get(name)
        if binding is not None and binding.node is None and binding.module:
            if binding.name is not None and binding.module != module:
                return self._owner(binding.module, binding.name)
        return module

    def base_ref(self, module: str, base: ast.expr) -> tuple[str | None, str | None]:
        """Return (module, name) of a base class expression written in `module`."""
        if isinstance(base, ast.Subscript):
            base = base.value
        if isinstance(base, ast.Name):
            binding = (self.scope(module) or {}).get(base.id)
            if binding is None:
                return None, None
            if binding.node is not None:
                return module, base.id
            if binding.module is not None and binding.name is not None:
                return binding.module, binding.name
            return None, None
        if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
            binding = (self.scope(module) or {}).get(base.value.id)
            if binding is not None and binding.module is not None:
                target = (
                    binding.module
                    if binding.name is None
                    else f"{binding.module}.{binding.name}"
                )
                return target, base.attr
        return None, None


def used_names(tree: Tree) -> set[tuple[str, str, str]]:
    """Return (homeassistant module, name, where) for each name our code uses."""
    used: set[tuple[str, str, str]] = set()
    for module in tree.modules:
        if not module.startswith(("custom_components", "tests")):
            continue
        parsed = tree.parse(module)
        assert parsed is not None
        aliases: dict[str, str] = {}
        for node in ast.walk(parsed):
            if isinstance(node, ast.ImportFrom) and not node.level:
                source = node.module or ""
                if source.split(".")[0] == "homeassistant":
                    for alias in node.names:
                        used.add((source, alias.name, module))
                        aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "homeassistant":
                        parent, _, last = alias.name.rpartition(".")
                        if parent:
                            used.add((parent, last, module))
                        if alias.asname:
                            aliases[alias.asname] = alias.name
        for node in ast.walk(parsed):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] in tree.modules
            ):
                used.add((aliases[node.value.id], node.attr, module))
    return used


def overrides(installed: Resolver) -> set[tuple[str, str, str, bool]]:
    """Return (module, class, method, is async) of each HA base method we override."""
    found: set[tuple[str, str, str, bool]] = set()
    for module in installed.tree.modules:
        if not module.startswith(OWN):
            continue
        parsed = installed.tree.parse(module)
        assert parsed is not None
        for node in _top_level(parsed.body):
            if not isinstance(node, ast.ClassDef):
                continue
            for base in node.bases:
                base_module, base_name = installed.base_ref(module, base)
                if base_module is None or base_name is None:
                    continue
                inherited = installed.class_methods(base_module, base_name, set())
                for item in node.body:
                    if (
                        isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                        and item.name in inherited
                        and item.name != "__init__"
                    ):
                        found.add(
                            (
                                module,
                                node.name,
                                item.name,
                                isinstance(item, ast.AsyncFunctionDef),
                            )
                        )
    return found


_REPORTERS = {"report_usage", "_report_usage", "report"}


def _reports_unconditionally(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Tell whether a function is deprecated whatever its arguments.

    That is: decorated as deprecated, or reporting its use in a statement of
    its own body (not under a condition that picks out some arguments only).
    """
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = (
            target.attr
            if isinstance(target, ast.Attribute)
            else getattr(target, "id", "")
        )
        if "deprecated" in name:
            return True
    for statement in function.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(call, ast.Call):
            target = call.func
            name = (
                target.attr
                if isinstance(target, ast.Attribute)
                else getattr(target, "id", "")
            )
            if name in _REPORTERS:
                return True
    return False


def deprecated_callables(newest: Resolver, modules: set[str]) -> dict[str, str]:
    """Return name -> where, for the deprecated functions and methods of `modules`."""
    found: dict[str, str] = {}
    for module in sorted(modules):
        parsed = newest.tree.parse(module)
        if parsed is None:
            continue
        for node in _top_level(parsed.body):
            members: list[tuple[str, ast.stmt]] = [("", node)]
            if isinstance(node, ast.ClassDef):
                members = [(f"{node.name}.", item) for item in node.body]
            for prefix, item in members:
                if not isinstance(
                    item, ast.FunctionDef | ast.AsyncFunctionDef
                ) or not _reports_unconditionally(item):
                    continue
                if item.name == "__init__" and isinstance(node, ast.ClassDef):
                    found[node.name] = f"{module}.{node.name}"  # the class itself
                elif not item.name.startswith("__"):
                    found[item.name] = f"{module}.{prefix}{item.name}"
    return found


def called_names(tree: Tree) -> set[tuple[str, str]]:
    """Return (name, where) for each function or method our code calls by name."""
    called: set[tuple[str, str]] = set()
    for module in tree.modules:
        if not module.startswith(("custom_components", "tests")):
            continue
        parsed = tree.parse(module)
        assert parsed is not None
        for node in ast.walk(parsed):
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute):
                    called.add((node.func.attr, module))
                elif isinstance(node.func, ast.Name):
                    called.add((node.func.id, module))
    return called


def check(installed: Resolver, newest: Resolver) -> list[str]:
    """Return what the newest release lacks of what our code uses."""
    problems: list[str] = []
    for source, name, where in sorted(used_names(installed.tree)):
        binding = newest.lookup(source, name)
        if binding is None:
            how = (
                "only through __getattr__ (deprecated)"
                if newest.has_getattr(source)
                else "missing"
            )
            problems.append(f"{where}: {source}.{name} is {how}")
    used = used_names(installed.tree)
    modules = {source for source, _, _ in used} | {
        f"{source}.{name}" for source, name, _ in used
    }
    deprecated = deprecated_callables(newest, modules)
    for _, name, where in sorted(used):
        if name in deprecated:
            problems.append(
                f"{where}: imports {name}, deprecated as {deprecated[name]}"
            )
    for name, where in sorted(called_names(installed.tree)):
        if name in deprecated:
            problems.append(f"{where}: calls {name}, deprecated as {deprecated[name]}")
    for module, class_name, method, is_async in sorted(overrides(installed)):
        parsed = installed.tree.parse(module)
        assert parsed is not None
        node = next(
            n
            for n in _top_level(parsed.body)
            if isinstance(n, ast.ClassDef) and n.name == class_name
        )
        methods: dict[str, bool] = {}
        for base in node.bases:
            base_module, base_name = newest.base_ref(module, base)
            if base_module is not None and base_name is not None:
                methods |= newest.class_methods(base_module, base_name, set())
        if method not in methods:
            problems.append(
                f"{module}.{class_name}.{method} overrides a method the base classes no longer have"
            )
        elif methods[method] != is_async and not method.startswith("_attr"):
            kind = "async def" if methods[method] else "def"
            problems.append(
                f"{module}.{class_name}.{method}: the base class now has it as {kind}"
            )
    return problems


def own_tree() -> Tree:
    """Return the integration's and the tests' modules."""
    tree = Tree({})
    for source in SOURCES:
        tree = tree.merged(
            Tree.from_folder(source, source.relative_to(ROOT).as_posix())
        )
    return tree


def installed_tree() -> Tree:
    """Return the installed homeassistant package plus our code."""
    spec = importlib.util.find_spec("homeassistant")
    assert spec is not None and spec.origin is not None
    return Tree.from_folder(Path(spec.origin).parent, "homeassistant").merged(
        own_tree()
    )


def newest_wheel(folder: Path, version: str | None) -> Path:
    """Download the newest (or the given) homeassistant wheel into `folder`."""
    requirement = f"homeassistant=={version}" if version else "homeassistant"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--ignore-requires-python",
            "--dest",
            str(folder),
            requirement,
        ],
        check=True,
    )
    return next(folder.glob("homeassistant-*.whl"))


def main() -> int:
    """Run the check and print its findings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheel", type=Path, help="a homeassistant wheel to check against"
    )
    parser.add_argument(
        "--version", help="the release to download (default: the newest)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wheel = args.wheel or newest_wheel(Path(folder), args.version)
        print(f"Checking against {wheel.name}")
        installed = Resolver(installed_tree())
        newest = Resolver(Tree.from_wheel(wheel).merged(own_tree()))
        problems = check(installed, newest)
    used = len(used_names(installed.tree))
    print(
        f"{used} homeassistant names used, {len(overrides(installed))} overridden methods"
    )
    for problem in problems:
        print(f"  {problem}")
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
