"""The client package's metadata (packages/ipccgi) against the bundled client.

scripts/client_package builds and tests the wheel; these checks keep what the
package declares true of the files it is built from.
"""

from __future__ import annotations

import ast
from pathlib import Path
import re
import sys
import tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "packages" / "ipccgi"
SOURCE = ROOT / "custom_components" / "ipc_cgi" / "ipccgi"


def _project() -> dict[str, object]:
    with (PACKAGE / "pyproject.toml").open("rb") as file:
        project: dict[str, object] = tomllib.load(file)["project"]
    return project


def _imported_top_names() -> set[str]:
    names: set[str] = set()
    for path in SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - {"__future__"}


def test_dependencies_are_what_the_client_imports() -> None:
    """Every third-party import is a declared dependency, and nothing more is declared."""
    third_party = _imported_top_names() - sys.stdlib_module_names
    dependencies = _project()["dependencies"]
    assert isinstance(dependencies, list)
    declared = {re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0] for spec in dependencies}
    assert third_party == declared == {"aiohttp", "xmltodict", "yarl"}


def test_the_client_imports_itself_only_relatively() -> None:
    """The same files work as custom_components.ipc_cgi.ipccgi and as ipccgi."""
    assert not _imported_top_names() & {"custom_components", "homeassistant", "ipccgi"}
    for path in SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{path.name} imports from outside the package"


def test_version_licence_and_files() -> None:
    """The changelog's newest release is the version; the licence is the project's."""
    project = _project()
    changelog = (PACKAGE / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = re.search(r"^## (\S+)", changelog, re.MULTILINE)
    assert newest is not None
    assert newest[1] == project["version"]
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert project["license"] == tomllib.load(file)["project"]["license"]
    assert project["license"] == "Apache-2.0"
    licence = (PACKAGE / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence
    assert "Version 2.0, January 2004" in licence
    assert project["requires-python"] == ">=3.13"
    assert (SOURCE / "py.typed").is_file()
