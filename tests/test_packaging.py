"""Packaging: manifest, hacs.json, services.yaml, icons.json and translations.

What hassfest checks for core integrations (hassfest is not in the pip package),
done with Home Assistant's own schema helpers where they are importable. The
services, entities and flows come from the integration set up against the
simulator, so a check covers what the code really registers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import importlib.metadata
import json
from pathlib import Path
import re
import sys
from typing import Any, get_args, get_type_hints

from awesomeversion import AwesomeVersion
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
import voluptuous as vol

from custom_components.ipc_cgi.const import DOMAIN
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import homeassistant.helpers.config_validation as cv
import homeassistant.helpers.entity_registry as er
from homeassistant.helpers.selector import (
    SelectSelector,
    TargetSelector,
    validate_selector,
)
from homeassistant.loader import Manifest
from homeassistant.util.yaml import load_yaml_dict
from ipc_simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]
INTEGRATION = ROOT / "custom_components" / DOMAIN
LANGUAGES = ("en", "zh-Hans")
IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
MDI = re.compile(r"^mdi:[a-z0-9]+(-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# hassfest's services.yaml schema: texts live in the translations, not here.
FIELD_SCHEMA = vol.Schema(
    {
        vol.Optional("example"): object,
        vol.Optional("default"): object,
        vol.Optional("required"): bool,
        vol.Optional("advanced"): bool,
        vol.Optional("filter"): dict,
        vol.Required("selector"): validate_selector,
    }
)
SECTION_SCHEMA = vol.Schema(
    {
        vol.Optional("collapsed"): bool,
        vol.Required("fields"): {str: FIELD_SCHEMA},
    }
)
SERVICE_SCHEMA = vol.Schema(
    {
        vol.Optional("target"): vol.Any(TargetSelector.CONFIG_SCHEMA, None),
        vol.Optional("fields"): {str: vol.Any(SECTION_SCHEMA, FIELD_SCHEMA)},
    }
)


def load_json(path: Path) -> Any:
    """Return a JSON file's content."""
    return json.loads(path.read_text(encoding="utf-8"))


MANIFEST: dict[str, Any] = load_json(INTEGRATION / "manifest.json")
SERVICES: dict[str, Any] = dict(load_yaml_dict(INTEGRATION / "services.yaml"))
ICONS: dict[str, Any] = load_json(INTEGRATION / "icons.json")
TRANSLATIONS: dict[str, dict[str, Any]] = {
    language: load_json(INTEGRATION / "translations" / f"{language}.json")
    for language in LANGUAGES
}


def flatten(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (dotted key, leaf) of a nested dict."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def text(language: str, dotted: str) -> str | None:
    """Return the translation at the dotted key, or None."""
    node: Any = TRANSLATIONS[language]
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, str) and node.strip() else None


def missing(*keys: str) -> list[str]:
    """Return the keys that are not translated in every language."""
    return [
        f"{language}: {key}"
        for language in LANGUAGES
        for key in keys
        if text(language, key) is None
    ]


def integration_modules() -> Iterator[tuple[Path, ast.Module]]:
    """Yield the parsed Python files of the integration (client included)."""
    for path in sorted(INTEGRATION.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def requirement_pins(path: Path) -> dict[str, str]:
    """Return name -> version of the `name==version` lines of a requirements file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[name.lower()] = version
    return pins


# ---- manifest.json and hacs.json ----


def test_manifest_keys_and_order() -> None:
    """Required keys present, no unknown key, domain and name first, then sorted."""
    assert set(MANIFEST) <= set(get_type_hints(Manifest))
    required = {"domain", "name", "codeowners", "documentation", "iot_class"}
    assert required | {"version", "integration_type", "requirements"} <= set(MANIFEST)
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert MANIFEST["domain"] == DOMAIN == INTEGRATION.name


def test_manifest_values() -> None:
    """Valid version, integration type, IoT class, code owners and links."""
    assert AwesomeVersion(MANIFEST["version"]).valid
    assert MANIFEST["version"] == load_toml_version()
    integration_types = get_args(get_type_hints(Manifest)["integration_type"])
    assert MANIFEST["integration_type"] in integration_types
    assert MANIFEST["iot_class"] in IOT_CLASSES
    assert MANIFEST["config_flow"] is True
    assert all(owner.startswith("@") for owner in MANIFEST["codeowners"])
    for key in ("documentation", "issue_tracker"):
        assert cv.url(MANIFEST[key]).startswith("https://")


def load_toml_version() -> str:
    """Return the project's version from pyproject.toml."""
    match = re.search(
        r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE
    )
    assert match
    return match.group(1)


def _distribution(requirement: str) -> str:
    """Return a requirement's distribution name in its canonical form (PEP 503)."""
    name = re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_manifest_requires_what_home_assistant_does_not_ship() -> None:
    """The manifest's requirements are the integration's imports HA lacks.

    Home Assistant installs a custom integration's `requirements` at run time;
    every other third-party package the integration (client included) imports
    must be one Home Assistant itself requires (aiohttp, voluptuous, yarl); the
    client's XML parser, xmltodict, is the one requirement. A requirement
    is `name>=version`, met by both test releases: an exact pin would fight the
    one Home Assistant core pins for its own integrations.
    """
    imported: set[str] = set()
    for _, module in integration_modules():
        for node in ast.walk(module):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    packages = importlib.metadata.packages_distributions()
    imported_distributions = {
        _distribution(distribution)
        for name in imported - sys.stdlib_module_names - {"__future__"}
        for distribution in packages.get(name, [name])
    }
    shipped = {"homeassistant"} | {
        _distribution(requirement)
        for requirement in importlib.metadata.requires("homeassistant") or []
    }
    assert {"aiohttp", "voluptuous", "yarl"} <= imported_distributions
    required = {_distribution(r) for r in MANIFEST["requirements"]}
    assert required == imported_distributions - shipped
    environments = [
        requirement_pins(ROOT / name)
        for name in ("requirements_test.txt", "requirements_test_min.txt")
    ]
    for requirement in MANIFEST["requirements"]:
        name, sep, bound = requirement.partition(">=")
        assert sep and not re.search(r"[=<>!~,]", bound), requirement
        tested = [AwesomeVersion(pins[name.lower()]) for pins in environments]
        assert all(version >= AwesomeVersion(bound) for version in tested)


def test_hacs_json() -> None:
    """hacs.json names the integration and a minimum Home Assistant we run on."""
    hacs = load_json(ROOT / "hacs.json")
    assert set(hacs) <= {
        "name",
        "homeassistant",
        "render_readme",
        "content_in_root",
        "zip_release",
        "filename",
        "hide_default_branch",
        "country",
        "hacs",
        "persistent_directory",
    }
    assert hacs["name"] == MANIFEST["name"]
    assert hacs["render_readme"] is True
    assert not hacs.get("content_in_root", False)
    # The minimum is the release CI tests as the oldest: the first with
    # OptionsFlowWithReload. The README states the same.
    minimum = hacs["homeassistant"]
    assert (
        minimum == requirement_pins(ROOT / "requirements_test_min.txt")["homeassistant"]
    )
    assert AwesomeVersion(minimum) <= AwesomeVersion(HA_VERSION)
    assert f"Home Assistant {minimum}" in (ROOT / "README.md").read_text(
        encoding="utf-8"
    )
    # HACS wants exactly one integration under custom_components/.
    folders = {
        path.name
        for path in (ROOT / "custom_components").iterdir()
        if path.is_dir() and not path.name.startswith("__")
    }
    assert folders == {DOMAIN}


# ---- translations ----


def test_languages_have_the_same_keys() -> None:
    """zh-Hans translates exactly what en does."""
    keys = {language: dict(flatten(TRANSLATIONS[language])) for language in LANGUAGES}
    assert set(keys["zh-Hans"]) == set(keys["en"])


def test_placeholders_match_between_languages() -> None:
    """A translation uses the same {placeholders} as the English text."""
    english = dict(flatten(TRANSLATIONS["en"]))
    for key, value in flatten(TRANSLATIONS["zh-Hans"]):
        assert set(PLACEHOLDER.findall(value)) == set(
            PLACEHOLDER.findall(english[key])
        ), key


def test_translations_have_no_references_or_empty_strings() -> None:
    """Custom integrations get no [%key:...%] resolution: every text is literal."""
    for language in LANGUAGES:
        for key, value in flatten(TRANSLATIONS[language]):
            assert isinstance(value, str), f"{language}: {key}"
            assert value.strip(), f"{language}: {key} is empty"
            assert "[%key:" not in value, f"{language}: {key}"


def _string_values(module: ast.Module, name: str) -> set[str]:
    """Return the string constants assigned to `name` anywhere in module."""
    values = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                values.add(str(node.value.value))
    return values


def test_exception_translation_keys_are_translated() -> None:
    """Every translation_key raised with a translation_domain has a message."""
    keys = set()
    for _, module in integration_modules():
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            kwargs = {kw.arg: kw.value for kw in node.keywords}
            if "translation_domain" not in kwargs or "translation_key" not in kwargs:
                continue
            value = kwargs["translation_key"]
            if isinstance(value, ast.Constant):
                keys.add(str(value.value))
            elif isinstance(value, ast.Name):
                keys |= _string_values(module, value.id)
    assert keys, "no translated exception found"
    assert missing(*(f"exceptions.{key}.message" for key in sorted(keys))) == []


def test_config_flow_errors_and_aborts_are_translated() -> None:
    """Every error and abort reason config_flow.py can return has a text."""
    module = ast.parse((INTEGRATION / "config_flow.py").read_text(encoding="utf-8"))
    errors, aborts = set(), set()
    called = set()
    steps = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if any(isinstance(t, ast.Subscript) for t in node.targets):
                errors.add(str(node.value.value))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else ""
            called.add(name)
            for kw in node.keywords:
                if kw.arg == "reason" and isinstance(kw.value, ast.Constant):
                    aborts.add(str(kw.value.value))
        elif isinstance(node, ast.AsyncFunctionDef):
            steps.add(node.name)
    if "_abort_if_unique_id_configured" in called:
        aborts.add("already_configured")
    if "_abort_if_unique_id_mismatch" in called:
        aborts.add("unique_id_mismatch")
    if "async_update_reload_and_abort" in called:
        if "async_step_reauth" in steps:
            aborts.add("reauth_successful")
        if "async_step_reconfigure" in steps:
            aborts.add("reconfigure_successful")
    assert errors
    assert (
        missing(
            *(f"config.error.{key}" for key in sorted(errors)),
            *(f"config.abort.{key}" for key in sorted(aborts)),
        )
        == []
    )


# ---- the integration as set up against the simulator ----


@pytest.fixture
async def entry(hass: HomeAssistant, simulator: Simulator) -> MockConfigEntry:
    """Set up the integration for the simulator."""
    config_entry = MockConfigEntry(
        domain=DOMAIN,
        title="Camera",
        data={
            "host": "127.0.0.1",
            "port": simulator.port,
            "ssl": False,
            "verify_ssl": True,
            "username": "admin",
            "password": "123456",
        },
    )
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    return config_entry


async def test_services_yaml_describes_every_registered_action(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Each registered action has a valid services.yaml entry, translations and an icon."""
    registered = set(hass.services.async_services_for_domain(DOMAIN))
    assert registered
    assert set(SERVICES) == registered
    for service, description in SERVICES.items():
        SERVICE_SCHEMA(description or {})
        keys = [f"services.{service}.name", f"services.{service}.description"]
        for name, field in (description or {}).get("fields", {}).items():
            if "selector" not in field:  # a section
                keys.append(f"services.{service}.sections.{name}.name")
                fields = field["fields"].items()
            else:
                fields = [(name, field)]
            for field_name, field_description in fields:
                keys += [
                    f"services.{service}.fields.{field_name}.name",
                    f"services.{service}.fields.{field_name}.description",
                ]
                keys += _select_option_keys(field_description["selector"])
        assert missing(*keys) == [], service
        icon = ICONS["services"][service]
        assert MDI.match(icon if isinstance(icon, str) else icon["service"])
    assert set(ICONS["services"]) == registered


def _select_option_keys(selector: dict[str, Any]) -> list[str]:
    """Return the translation keys a translated select selector needs."""
    config = selector.get("select") or {}
    if "translation_key" not in config:
        return []
    return [
        f"selector.{config['translation_key']}.options.{_value(option)}"
        for option in config["options"]
    ]


def _value(option: Any) -> str:
    """Return a select option's value (options are strings or value/label dicts)."""
    return option if isinstance(option, str) else str(option["value"])


async def test_every_entity_translation_key_has_a_name(
    hass: HomeAssistant, entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    """Every entity's translation key has a name, and each select option a text."""
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert entities
    keys = []
    for entity in entities:
        if entity.translation_key is None:
            continue
        base = f"entity.{entity.domain}.{entity.translation_key}"
        keys.append(f"{base}.name")
        state = hass.states.get(entity.entity_id)
        # A select whose options are words translates them all (not resolutions).
        if (
            entity.domain == "select"
            and state is not None
            and text("en", f"{base}.state.{state.attributes['options'][0]}")
        ):
            keys += [f"{base}.state.{option}" for option in state.attributes["options"]]
    assert missing(*keys) == []


def test_entity_icons_belong_to_translated_entities() -> None:
    """icons.json names only entities the translations know, with mdi icons."""
    for platform, entities in ICONS.get("entity", {}).items():
        for key, icons in entities.items():
            assert text("en", f"entity.{platform}.{key}.name"), f"{platform}.{key}"
            assert MDI.match(icons["default"]), f"{platform}.{key}"
            for state, icon in icons.get("state", {}).items():
                assert MDI.match(icon), f"{platform}.{key}.{state}"


async def test_flow_forms_are_translated(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The first menu, every field of the address form and of the options form has a label."""
    menu = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
    assert menu["type"] is FlowResultType.MENU
    menu_options = menu["menu_options"]
    assert isinstance(menu_options, list)
    keys = [f"config.step.{menu['step_id']}.title"]
    keys += [
        f"config.step.{menu['step_id']}.menu_options.{option}"
        for option in menu_options
    ]
    user = await hass.config_entries.flow.async_configure(
        menu["flow_id"], {"next_step_id": "manual"}
    )
    assert user["type"] is FlowResultType.FORM
    options = await hass.config_entries.options.async_init(entry.entry_id)
    assert options["type"] is FlowResultType.FORM
    for section, result in (("config", user), ("options", options)):
        step = f"{section}.step.{result['step_id']}"
        keys.append(f"{step}.title")
        schema = result["data_schema"]
        assert schema is not None
        for marker, validator in schema.schema.items():
            keys.append(f"{step}.data.{marker}")
            keys += _schema_select_keys(validator)
    assert missing(*keys) == []


def _schema_select_keys(validator: Any) -> list[str]:
    """Return the option translation keys of a translated SelectSelector."""
    validators = validator.validators if isinstance(validator, vol.All) else [validator]
    keys = []
    for item in validators:
        if isinstance(item, SelectSelector) and item.config.get("translation_key"):
            keys += [
                f"selector.{item.config['translation_key']}.options.{_value(option)}"
                for option in item.config["options"]
            ]
    return keys
