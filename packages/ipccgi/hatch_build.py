"""Build from the client's one source: the integration's bundled `ipccgi/`.

In the repository the package's files are those of
`custom_components/ipc_cgi/ipccgi/` (HACS installs that folder with the
integration). The sdist holds them as `ipccgi/`, so a wheel built from the
sdist takes them from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLED = (
    Path(__file__).resolve().parents[2] / "custom_components" / "ipc_cgi" / "ipccgi"
)


class CustomBuildHook(BuildHookInterface):
    """Add the bundled client's files to the sdist and the wheel as `ipccgi/`."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Map each source file (no caches) into the archive."""
        if Path(self.root, "ipccgi").is_dir():
            return  # building from the sdist, which holds `ipccgi/`
        if not BUNDLED.is_dir():
            msg = f"the client's files are not at {BUNDLED}"
            raise FileNotFoundError(msg)
        for path in sorted(BUNDLED.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                target = Path("ipccgi", path.relative_to(BUNDLED)).as_posix()
                build_data["force_include"][str(path)] = target
