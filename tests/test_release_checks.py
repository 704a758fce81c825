"""The checks that keep the integration working on newer Home Assistant releases.

scripts/check_deprecations.py (via tests/log_checks.py) reads the test logs;
scripts/ha_api_check.py reads the newest release's wheel. Both are tried here
on small inputs, so a check that stops finding what it must fails CI.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
import sys
from types import ModuleType

import pytest

from tests.log_checks import deprecation_reports

ROOT = Path(__file__).resolve().parent.parent


def _load_api_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ha_api_check", ROOT / "scripts" / "ha_api_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ha_api_check", module)
    spec.loader.exec_module(module)
    return module


api_check = _load_api_check()

# Home Assistant's own wording (helpers/frame.py) of a report about ipc_cgi.
FRAME_REPORT = (
    "WARNING  homeassistant.helpers.frame:frame.py:360 Detected that custom "
    "integration 'ipc_cgi' calls `async_update_reload_and_abort` with an update "
    "listener at custom_components/ipc_cgi/config_flow.py, line 180: return ... "
    "This will stop working in Home Assistant 2026.12.0, please create a bug report"
)


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        (FRAME_REPORT, True),
        ("custom_components.ipc_cgi uses a deprecated constant", True),
        ("ipc_cgi: report_usage(...)", True),
        ("the option breaks in 2027.1 (ipc_cgi)", True),
        ("custom_components.ipc_cgi.coordinator: camera went offline", False),
        ("Detected that custom integration 'other' ... will stop working", False),
    ],
)
def test_deprecation_reports(line: str, reported: bool) -> None:
    """A line counts when it names ipc_cgi and a deprecation wording."""
    assert deprecation_reports(["first line", line]) == ([line] if reported else [])


OURS = {
    "custom_components/ipc_cgi/__init__.py": "",
    "custom_components/ipc_cgi/switch.py": (
        "from homeassistant.components.switch import SwitchEntity\n"
        "import homeassistant.helpers.device_registry as dr\n"
        "class Relay(SwitchEntity):\n"
        "    async def async_turn_on(self, **kwargs): ...\n"
        "    def helper(self): ...\n"
        "def lookup(registry):\n"
        "    dr.async_get(None)\n"
        "    return registry.async_get_device(identifiers=set())\n"
    ),
}
INSTALLED = {
    "homeassistant/__init__.py": "",
    "homeassistant/components/__init__.py": "",
    "homeassistant/components/switch/__init__.py": (
        "from homeassistant.helpers.entity import ToggleEntity\n"
        "class SwitchEntity(ToggleEntity):\n"
        "    pass\n"
    ),
    "homeassistant/helpers/__init__.py": "",
    "homeassistant/helpers/entity.py": (
        "class ToggleEntity:\n    async def async_turn_on(self, **kwargs): ...\n"
    ),
    "homeassistant/helpers/device_registry.py": (
        "def async_get(hass): ...\n"
        "class DeviceRegistry:\n"
        "    def async_get_device(self, identifiers=None):\n"
        "        return None\n"
    ),
}


def _problems(newest_changes: dict[str, str]) -> list[str]:
    installed = api_check.Resolver(api_check.Tree(INSTALLED | OURS))
    newest = api_check.Resolver(api_check.Tree(INSTALLED | newest_changes | OURS))
    problems: list[str] = api_check.check(installed, newest)
    return problems


def test_api_check_passes_on_the_same_release() -> None:
    """What the installed release has, the check finds."""
    assert _problems({}) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (  # a removed module-level function
            {"homeassistant/helpers/device_registry.py": "class DeviceRegistry: ..."},
            "homeassistant.helpers.device_registry.async_get is missing",
        ),
        (  # a name kept only as a deprecated alias
            {
                "homeassistant/components/switch/__init__.py": (
                    "def __getattr__(name): ...\n"
                )
            },
            "SwitchEntity is only through __getattr__ (deprecated)",
        ),
        (  # a method that now reports its use (as async_get_device in 2026.10)
            {
                "homeassistant/helpers/device_registry.py": (
                    "def async_get(hass): ...\n"
                    "class DeviceRegistry:\n"
                    "    def async_get_device(self, identifiers=None):\n"
                    "        report_usage('calls async_get_device')\n"
                    "        return None\n"
                )
            },
            "calls async_get_device, deprecated as "
            "homeassistant.helpers.device_registry.DeviceRegistry.async_get_device",
        ),
        (  # an overridden base-class method that is gone
            {
                "homeassistant/helpers/entity.py": (
                    "class ToggleEntity:\n    async def async_turn_on_v2(self): ...\n"
                )
            },
            "Relay.async_turn_on overrides a method the base classes no longer have",
        ),
        (  # an overridden coroutine that became a plain method
            {
                "homeassistant/helpers/entity.py": (
                    "class ToggleEntity:\n    def async_turn_on(self, **kwargs): ...\n"
                )
            },
            "Relay.async_turn_on: the base class now has it as def",
        ),
    ],
)
def test_api_check_finds_what_the_newest_release_lacks(
    changes: dict[str, str], problem: str
) -> None:
    """Each kind of break in the newest release is found first, and named."""
    problems = _problems(changes)
    assert problems
    assert problem in problems[0]


def test_api_check_reads_python_3_14_syntax() -> None:
    """Modules of releases that need Python 3.14 still parse (PEP 758 except lists)."""
    tree = api_check.Tree(
        {
            "homeassistant/util.py": (
                "def f():\n    try:\n        pass\n    except KeyError, ValueError:\n"
                "        pass\n"
            )
        }
    )
    assert tree.parse("homeassistant.util") is not None
