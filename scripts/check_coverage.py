"""Fail if a module of the integration is covered less than the minimum.

coverage's fail_under (pyproject.toml) checks the total; this checks each
module of custom_components/ipc_cgi, the client (ipccgi/) included, against
the same number. Run by scripts/test after the coverage run, on the report of
`coverage json`: `python scripts/check_coverage.py REPORT.json`. A module the
report does not list counts as not covered at all.
"""

from __future__ import annotations

from collections.abc import Iterable
import json
from pathlib import Path
import sys
import tomllib
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "custom_components/ipc_cgi"


def minimum(root: Path = ROOT) -> float:
    """Return the coverage minimum, coverage's fail_under in pyproject.toml."""
    with (root / "pyproject.toml").open("rb") as file:
        return float(tomllib.load(file)["tool"]["coverage"]["report"]["fail_under"])


def modules(root: Path = ROOT, package: str = PACKAGE) -> list[str]:
    """Return the package's Python files, relative to `root`, as the report names them."""
    return sorted(
        path.relative_to(root).as_posix() for path in (root / package).rglob("*.py")
    )


def below(
    report: dict[str, Any], names: Iterable[str], least: float
) -> dict[str, float]:
    """Return each of `names` covered less than `least` percent, with its percentage."""
    files = report["files"]
    found = {}
    for name in names:
        percent = (
            float(files[name]["summary"]["percent_covered"]) if name in files else 0.0
        )
        if percent < least:
            found[name] = percent
    return found


def main(argv: list[str]) -> int:
    """Print each module below the minimum; return 1 if there is one, else 0."""
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    least = minimum()
    names = modules()
    found = below(report, names, least)
    for name, percent in found.items():
        print(f"{name}: {percent:.2f}% covered, less than {least:g}%")
    print(
        f"{len(found)} of {len(names)} modules of {PACKAGE} below {least:g}% coverage"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
