"""What the logs of a test run must not hold: Home Assistant's deprecation reports.

Shared by scripts/check_deprecations.py (the pytest runs' log files) and the
end-to-end test (the real Home Assistant's log).
"""

from __future__ import annotations

from collections.abc import Iterable
import re

# How Home Assistant words a report about an integration's use of an old API
# (helpers.frame.report_usage, deprecated constants, classes and arguments).
DEPRECATION = re.compile(
    r"deprecated|report_usage|will stop working|breaks in", re.IGNORECASE
)


def deprecation_reports(lines: Iterable[str]) -> list[str]:
    """Return the lines that name ipc_cgi together with a deprecation wording."""
    return [
        line.rstrip("\n")
        for line in lines
        if "ipc_cgi" in line and DEPRECATION.search(line)
    ]
