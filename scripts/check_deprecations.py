"""Fail if a log file names ipc_cgi together with a deprecation report.

Run by scripts/test on the log files of the pytest runs (one per Home Assistant
release): `python scripts/check_deprecations.py LOG [LOG ...]`.
"""

from __future__ import annotations

from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.log_checks import deprecation_reports  # noqa: E402


def main(paths: list[str]) -> int:
    """Print every report found; return 1 if there is one, else 0."""
    found = 0
    for path in paths:
        with Path(path).open(encoding="utf-8", errors="replace") as log:
            for line in deprecation_reports(log):
                print(f"{path}: {line}")
                found += 1
    print(f"{found} deprecation report(s) naming ipc_cgi in {len(paths)} log file(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
