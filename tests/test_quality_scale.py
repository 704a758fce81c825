"""quality_scale.yaml against the code: each `done` with a mechanical check holds.

Rules are grouped by tier as the file's comments group them; the manifest
claims a tier only if every rule of it and of the tiers below is done or
exempt.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
import json
import re
import struct
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.components.diagnostics import (  # type: ignore[import-untyped]
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
)

from custom_components.ipc_cgi import PLATFORMS
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
import homeassistant.helpers.entity_registry as er
from ipc_simulator import Simulator

from .test_packaging import (
    ICONS,
    INTEGRATION,
    LANGUAGES,
    MANIFEST,
    SERVICES,
    TRANSLATIONS,
    entry,
    test_exception_translation_keys_are_translated,
)

__all__ = ["entry"]  # the fixture, for the checks that set the integration up

# Home Assistant core's rules (script/hassfest/quality_scale.py, ALL_RULES), by tier.
ALL_RULES: dict[str, frozenset[str]] = {
    "bronze": frozenset(
        {
            "action-setup",
            "appropriate-polling",
            "brands",
            "common-modules",
            "config-flow",
            "config-flow-test-coverage",
            "dependency-transparency",
            "docs-actions",
            "docs-conditions",
            "docs-high-level-description",
            "docs-installation-instructions",
            "docs-removal-instructions",
            "docs-triggers",
            "entity-event-setup",
            "entity-unique-id",
            "has-entity-name",
            "runtime-data",
            "test-before-configure",
            "test-before-setup",
            "unique-config-entry",
        }
    ),
    "silver": frozenset(
        {
            "action-exceptions",
            "config-entry-unloading",
            "docs-configuration-parameters",
            "docs-installation-parameters",
            "entity-unavailable",
            "integration-owner",
            "log-when-unavailable",
            "parallel-updates",
            "reauthentication-flow",
            "test-coverage",
        }
    ),
    "gold": frozenset(
        {
            "devices",
            "diagnostics",
            "discovery",
            "discovery-update-info",
            "docs-data-update",
            "docs-examples",
            "docs-known-limitations",
            "docs-supported-devices",
            "docs-supported-functions",
            "docs-troubleshooting",
            "docs-use-cases",
            "dynamic-devices",
            "entity-category",
            "entity-device-class",
            "entity-disabled-by-default",
            "entity-translations",
            "exception-translations",
            "icon-translations",
            "reconfiguration-flow",
            "repair-issues",
            "stale-devices",
        }
    ),
    "platinum": frozenset({"async-dependency", "inject-websession", "strict-typing"}),
}
TIERS = tuple(ALL_RULES)

# The platforms whose entities change something on the camera.
CONTROL_DOMAINS = {
    Platform.BUTTON,
    Platform.LIGHT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SWITCH,
    Platform.TEXT,
}


def _rules_by_tier() -> dict[str, dict[str, dict[str, Any]]]:
    """Return tier -> rule -> {status, comment}, tiers from the file's `# Tier` comments."""
    tiers: dict[str, dict[str, dict[str, Any]]] = {tier: {} for tier in TIERS}
    tier = None
    rule = None
    for line in (INTEGRATION / "quality_scale.yaml").read_text().splitlines():
        if match := re.fullmatch(r"\s*#\s*(\w+)\s*", line):
            tier = match.group(1).lower()
        elif match := re.fullmatch(r"  ([a-z-]+):\s*(\w*)\s*", line):
            assert tier in TIERS, line
            rule = match.group(1)
            tiers[tier][rule] = {"status": match.group(2) or None, "comment": ""}
        elif match := re.fullmatch(r"    (status|comment):\s*(.*)", line):
            assert rule is not None and tier is not None
            tiers[tier][rule][match.group(1)] = match.group(2)
        elif line.startswith("      ") and rule is not None and tier is not None:
            tiers[tier][rule]["comment"] += line.strip()
    return tiers


RULES = _rules_by_tier()
STATUS = {
    rule: data["status"] for rules in RULES.values() for rule, data in rules.items()
}


def test_every_rule_has_a_status_and_each_exception_a_reason() -> None:
    """Core's rules, each in its tier; each done, todo or exempt; todo and exempt say why."""
    assert sum(len(rules) for rules in ALL_RULES.values()) == 54
    assert {tier: set(rules) for tier, rules in RULES.items()} == {
        tier: set(rules) for tier, rules in ALL_RULES.items()
    }
    for rules in RULES.values():
        for rule, data in rules.items():
            assert data["status"] in {"done", "todo", "exempt"}, rule
            if data["status"] != "done":
                assert len(data["comment"]) > 20, rule


def test_manifest_claims_only_a_tier_that_holds() -> None:
    """The manifest's tier, if any, has every rule up to it done or exempt."""
    holds = None
    for tier in TIERS:
        if any(data["status"] == "todo" for data in RULES[tier].values()):
            break
        holds = tier
    assert MANIFEST.get("quality_scale") == holds


def _platform_modules() -> list[ast.Module]:
    return [
        ast.parse((INTEGRATION / f"{platform.value}.py").read_text(encoding="utf-8"))
        for platform in PLATFORMS
    ]


def _check_parallel_updates() -> None:
    for module in _platform_modules():
        assigned = {
            target.id
            for node in module.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        assert "PARALLEL_UPDATES" in assigned


def _check_config_flow() -> None:
    """Every field of every flow step has a label and a data_description."""
    for language in LANGUAGES:
        for section in ("config", "options"):
            for step_id, step in TRANSLATIONS[language][section]["step"].items():
                data = set(step.get("data", {}))
                assert set(step.get("data_description", {})) == data, (
                    f"{language} {section}.{step_id}"
                )


def _check_icon_translations() -> None:
    """Every entity translation key and every action has an icon."""
    for platform, entities in TRANSLATIONS["en"]["entity"].items():
        assert set(entities) <= set(ICONS["entity"].get(platform, {})), platform
    assert set(SERVICES) == set(ICONS["services"])


def _check_discovery_update_info() -> None:
    """DHCP reports a registered camera's new address to a dhcp step."""
    assert {"registered_devices": True} in MANIFEST["dhcp"]
    flow = ast.parse((INTEGRATION / "config_flow.py").read_text(encoding="utf-8"))
    steps = {
        node.name for node in ast.walk(flow) if isinstance(node, ast.AsyncFunctionDef)
    }
    assert "async_step_dhcp" in steps


def _check_discovery() -> None:
    """DHCP matchers for new cameras, a dhcp step, and the search step."""
    assert {"hostname": "ipcam-*"} in MANIFEST["dhcp"]
    assert {"macaddress": "F00000*"} in MANIFEST["dhcp"]
    flow = ast.parse((INTEGRATION / "config_flow.py").read_text(encoding="utf-8"))
    steps = {
        node.name for node in ast.walk(flow) if isinstance(node, ast.AsyncFunctionDef)
    }
    assert {"async_step_dhcp", "async_step_search"} <= steps


def _check_brands() -> None:
    """Brand images in the folder Home Assistant 2026.3+ serves, at their sizes."""
    sizes = {"icon.png": (256, 256), "icon@2x.png": (512, 512)}
    folder = INTEGRATION / "brand"
    for name, size in sizes.items():
        data = (folder / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        assert struct.unpack(">II", data[16:24]) == size, name
    logos = {path.name for path in folder.glob("*logo*.png")}
    assert logos <= {"logo.png", "logo@2x.png", "dark_logo.png", "dark_logo@2x.png"}


def _check_repair_issues() -> None:
    """Each repair issue the integration raises is translated, title and description."""
    source = (INTEGRATION / "issues.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'reason = "(\w+)"', source))
    assert keys == {"no_sd_card", "motion_recording_off"}
    for language in LANGUAGES:
        for key in keys:
            issue = TRANSLATIONS[language]["issues"][key]
            assert issue["title"], (language, key)
            assert "{camera}" in issue["description"], (language, key)


STATIC_CHECKS: dict[str, Callable[[], None]] = {
    "parallel-updates": _check_parallel_updates,
    "config-flow": _check_config_flow,
    "icon-translations": _check_icon_translations,
    "exception-translations": test_exception_translation_keys_are_translated,
    "discovery-update-info": _check_discovery_update_info,
    "discovery": _check_discovery,
    "brands": _check_brands,
    "repair-issues": _check_repair_issues,
}


@pytest.mark.parametrize("rule", sorted(STATIC_CHECKS))
def test_done_rule_is_backed_by_the_code(rule: str) -> None:
    """A rule marked done passes its check."""
    assert STATUS[rule] == "done"
    STATIC_CHECKS[rule]()


async def test_entity_rules_hold(
    hass: HomeAssistant, entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    """has-entity-name, entity-unique-id and entity-translations, on every entity."""
    assert STATUS["has-entity-name"] == STATUS["entity-unique-id"] == "done"
    assert STATUS["entity-translations"] == "done"
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert entities
    assert all(entity.has_entity_name for entity in entities)
    assert all(entity.translation_key for entity in entities)
    unique_ids = [entity.unique_id for entity in entities]
    assert len(set(unique_ids)) == len(unique_ids)
    assert all(uid.startswith(f"{entry.unique_id}_") for uid in unique_ids)


async def test_no_control_is_diagnostic(
    hass: HomeAssistant, entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    """entity-category: diagnostic entities show, they change nothing (a control has none or config)."""
    assert STATUS["entity-category"] == "done"
    controls = {
        entity.entity_id: entity.entity_category
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain in CONTROL_DOMAINS
    }
    assert "button.camera_trigger_alarm_input" in controls
    assert [
        entity_id
        for entity_id, category in controls.items()
        if category is EntityCategory.DIAGNOSTIC
    ] == []


async def test_diagnostics_rule_holds(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    entry: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Diagnostics exist and hold no account, MAC or serial."""
    assert STATUS["diagnostics"] == "done"
    dumped = json.dumps(
        await get_diagnostics_for_config_entry(hass, hass_client, entry)
    ).lower()
    device = simulator.state.device
    for secret in ("123456", device.mac, device.serial, entry.data["username"]):
        assert secret.lower() not in dumped


def test_docs_rules_name_sections_and_files_that_exist() -> None:
    """Each docs rule's comment names README sections and docs/ files that exist."""
    root = INTEGRATION.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ (.+)$", readme, re.MULTILINE))
    for rules in RULES.values():
        for rule, data in rules.items():
            if rule.startswith("docs-") and data["status"] == "done":
                named = re.findall(r'"([^"]+)"', data["comment"])
                assert named, rule
                assert set(named) <= headings, rule
                for doc in re.findall(r"docs/[\w-]+\.md", data["comment"]):
                    assert (root / doc).is_file(), (rule, doc)


def test_no_trigger_or_condition_platform() -> None:
    """docs-triggers and docs-conditions are exempt: the integration provides none."""
    assert STATUS["docs-triggers"] == STATUS["docs-conditions"] == "exempt"
    modules = {path.stem for path in INTEGRATION.glob("*.py")}
    assert not modules & {"trigger", "device_trigger", "condition", "device_condition"}
