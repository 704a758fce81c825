"""scripts/check_coverage.py: each module of the integration at least fail_under.

Tried on small coverage reports (the JSON of `coverage json`), without Home
Assistant, so a check that stops finding a module below the minimum fails CI.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
import sys
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_coverage", ROOT / "scripts" / "check_coverage.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_coverage", module)
    spec.loader.exec_module(module)
    return module


check = _load()


def _report(percents: dict[str, float]) -> dict[str, Any]:
    """Return a coverage JSON report with these files at these percentages."""
    return {
        "meta": {"format": 3, "branch_coverage": False},
        "files": {
            name: {"summary": {"percent_covered": percent}}
            for name, percent in percents.items()
        },
        "totals": {"percent_covered": 99.0},
    }


def test_below_names_each_module_under_the_minimum() -> None:
    """94.99% is below 95, 95% is not; a module the report lacks is at 0%."""
    report = _report({"a.py": 100.0, "b.py": 94.99, "c.py": 95.0})
    assert check.below(report, ["a.py", "b.py", "c.py", "d.py"], 95.0) == {
        "b.py": 94.99,
        "d.py": 0.0,
    }


def test_modules_include_the_client(tmp_path: Path) -> None:
    """Every Python file of the package, the ipccgi/ client's too."""
    package = tmp_path / "custom_components" / "ipc_cgi"
    (package / "ipccgi").mkdir(parents=True)
    for name in ("__init__.py", "button.py", "ipccgi/client.py", "manifest.json"):
        (package / name).write_text("")
    assert check.modules(tmp_path) == [
        "custom_components/ipc_cgi/__init__.py",
        "custom_components/ipc_cgi/button.py",
        "custom_components/ipc_cgi/ipccgi/client.py",
    ]
    assert "custom_components/ipc_cgi/ipccgi/client.py" in check.modules()


def test_minimum_is_coverage_fail_under() -> None:
    """One number: pyproject.toml's fail_under, 95."""
    assert check.minimum() == 95.0


@pytest.mark.parametrize(
    ("low", "code"),
    [
        (None, 0),
        ("custom_components/ipc_cgi/button.py", 1),
        ("custom_components/ipc_cgi/ipccgi/client.py", 1),
    ],
)
def test_main(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], low: str | None, code: int
) -> None:
    """The real modules all at 100% pass; one at 94.9% fails, named."""
    percents = dict.fromkeys(check.modules(), 100.0)
    if low is not None:
        percents[low] = 94.9
    report = tmp_path / "coverage.json"
    report.write_text(json.dumps(_report(percents)))
    assert check.main([str(report)]) == code
    out = capsys.readouterr().out
    if low is None:
        assert out.startswith("0 of ")
    else:
        assert f"{low}: 94.90% covered, less than 95%" in out
