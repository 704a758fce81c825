"""pytest plugin: run tests/client against the installed `ipccgi` package.

scripts/client_package installs the built wheel into a venv without Home
Assistant and runs `pytest -p tests.client.installed_package --confcutdir
tests/client tests/client`. The test modules import the client by its bundled
name, `custom_components.ipc_cgi.ipccgi`; this plugin points that name and its
submodules at the installed package before any test module is imported, so the
same tests exercise the wheel. It refuses to run if `ipccgi` would come from
the repository. `--confcutdir` keeps out tests/conftest.py (Home Assistant's
fixtures); the simulator fixtures come from tests/simulator_fixtures.py.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from pathlib import Path
import pkgutil
import sys

import pytest

from tests.simulator_fixtures import sim_clock, simulator, tls_simulator

__all__ = ["sim_clock", "simulator", "socket_enabled", "tls_simulator"]

BUNDLED = "custom_components.ipc_cgi.ipccgi"
REPOSITORY = Path(__file__).resolve().parents[2]


def _alias_installed_package() -> None:
    package = importlib.import_module("ipccgi")
    origin = Path(package.__file__ or "").resolve()
    if origin.is_relative_to(REPOSITORY) and not origin.is_relative_to(sys.prefix):
        raise pytest.UsageError(
            f"ipccgi comes from the repository ({origin}), not a wheel"
        )
    sys.modules[BUNDLED] = package
    for module in pkgutil.iter_modules(package.__path__):
        sys.modules[f"{BUNDLED}.{module.name}"] = importlib.import_module(
            f"ipccgi.{module.name}"
        )


_alias_installed_package()


@pytest.fixture
def socket_enabled() -> None:
    """Allow sockets: without Home Assistant's pytest plugin nothing blocks them."""


def pytest_report_header() -> str:
    """Name the package under test in pytest's header."""
    package = sys.modules[BUNDLED]
    version = importlib.metadata.version("ipccgi")
    return f"ipccgi {version} under test, from {Path(package.__file__ or '').parent}"
