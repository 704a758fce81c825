"""Regenerate the entity and action tables of docs/ from the code.

Reads the platforms' entity descriptions, services.yaml and the English
translations, and rewrites what stands between the `<!-- entities -->` marker
of docs/entities.md (`<!-- actions -->` of docs/actions.md) and its
`<!-- end -->`.
Run: `.venv/bin/python scripts/readme_tables.py`.
"""

from __future__ import annotations

import importlib
import json
import logging
from pathlib import Path
import re
import sys
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.disable(logging.CRITICAL)  # the camera component's libturbojpeg notice

from homeassistant.helpers.entity import EntityDescription  # noqa: E402
from homeassistant.util.yaml import load_yaml_dict  # noqa: E402

INTEGRATION = ROOT / "custom_components" / "ipc_cgi"
ENTITIES_DOC = ROOT / "docs" / "entities.md"
ACTIONS_DOC = ROOT / "docs" / "actions.md"
PLATFORMS = (
    "binary_sensor",
    "event",
    "light",
    "switch",
    "select",
    "number",
    "button",
    "sensor",
    "text",
)
# Entities without a poll group: what they call (spec sections).
BUTTON_SECTIONS = {
    "clock_drift": "3.8, 3.25",  # a sensor: 3.8's zone, 3.25's clock
    "firmware_upgrade": "3.21",  # a sensor: the upgrade action's steps
    "reboot": "3.5",
    "snapshot_to_sd_card": "3.19",
    "trigger_alarm_input": "3.40",
    # ONVIF events; the recordings (3.20) on firmware without them
    "motion": "ONVIF, 3.20",
    "alarm_input": "ONVIF, 3.20",
    "motion_event": "ONVIF, 3.20",
}
ACTION_SECTIONS = {
    "ptz_": "3.15",
    "snapshot_upload": "3.19",
    "save_recording": "3.20",
    "set_time": "3.8",
    "set_privacy_zone": "3.32",
    "set_osd_text": "3.13, 3.35",
    "relay_pulse": "3.44",
    "factory_reset": "3.6",
    "set_network": "3.7",
    "add_user": "3.18",
    "edit_user": "3.18",
    "delete_user": "3.18",
    "upgrade_firmware": "3.21",
    "upload_certificate": "3.34",
    "set_rtmp": "3.22",
    "set_device_name": "3.45",
    "set_onvif_authentication": "3.41",
    "set_rtsp_authentication": "3.42",
}
# Who may call an action: Home Assistant admins only where it is registered so.
CAMERA_FIELDS = ("device_id",)


def group_sections() -> dict[str, str]:
    """Return poll group value -> spec section, from const.py's comments."""
    source = (INTEGRATION / "const.py").read_text(encoding="utf-8")
    sections = {}
    last = ""
    for match in re.finditer(
        r'^\s+\w+ = "(\w+)"(?:\s+# (3\.\w+))?', source, re.MULTILINE
    ):
        last = match.group(2) or last
        sections[match.group(1)] = last
    return sections


def section_of(description: Any, sections: dict[str, str]) -> str:
    """Return the spec section an entity reads and writes."""
    group = getattr(description, "group", None)
    if group is not None:
        # a Group names its PollGroup (coordinator.py)
        section = sections.get(str(getattr(group, "poll_group", group)), "")
        return "3.43, 3.44" if section == "3.43" else section  # the relay
    if description.key in BUTTON_SECTIONS:
        return BUTTON_SECTIONS[description.key]
    if hasattr(description, "press_fn"):
        return "3.15"  # the PTZ buttons
    return "3.3"  # read once at setup (getinfo)


def entity_rows(english: dict[str, Any]) -> list[str]:
    """Return the Markdown rows of every entity."""
    sections = group_sections()
    rows = [
        "| Platform | Entity | Spec | Enabled by default | Category |",
        "| --- | --- | --- | --- | --- |",
        "| camera | (the device's name): picture and RTSP stream | 3.19 | yes | |",
    ]
    for platform in PLATFORMS:
        module = importlib.import_module(f"custom_components.ipc_cgi.{platform}")
        # By key, the first: the fallback's (RECORDING_SENSORS) come after.
        descriptions = list(
            {
                item.key: item
                for value in reversed(vars(module).values())
                if isinstance(value, tuple)
                for item in reversed(value)
                if isinstance(item, EntityDescription)
            }.values()
        )[::-1]
        for description in descriptions:
            names = english["entity"].get(platform, {})
            name = names.get(description.translation_key or "", {}).get("name", "")
            if not name:  # named by its device class
                name = str(description.device_class or description.key).title()
            if description.key.startswith("user_osd_"):
                name = english["entity"][platform]["user_osd"]["name"].replace(
                    "{line}", str(int(description.key.rsplit("_", 1)[-1]) + 1)
                )
            category = description.entity_category or ""
            enabled = "yes" if description.entity_registry_enabled_default else "no"
            rows.append(
                f"| {platform} | {name} | {section_of(description, sections)} "
                f"| {enabled} | {category} |"
            )
    return rows


def admin_actions() -> frozenset[str]:
    """Return the actions registered for Home Assistant admins only."""
    services = importlib.import_module("custom_components.ipc_cgi.services")
    admin = importlib.import_module("custom_components.ipc_cgi.admin_actions")
    return frozenset(services.ADMIN_ACTIONS) | frozenset(admin.HANDLERS)


def action_rows(english: dict[str, Any]) -> list[str]:
    """Return the Markdown rows of every action."""
    services = load_yaml_dict(INTEGRATION / "services.yaml")
    admin = admin_actions()
    rows = [
        "| Action | What it does | Fields | Spec | Who may call it |",
        "| --- | --- | --- | --- | --- |",
    ]
    for service, description in services.items():
        description = description or {}
        texts = english["services"][service]
        fields = ", ".join(
            [
                *(["the camera entity (target)"] if "target" in description else []),
                *(
                    f"`{field}`{'' if spec.get('required') else ' (optional)'}"
                    for field, spec in (description.get("fields") or {}).items()
                    if field not in CAMERA_FIELDS
                ),
            ]
        )
        section = next(
            (s for prefix, s in ACTION_SECTIONS.items() if service.startswith(prefix)),
            "",
        )
        who = "Home Assistant admins" if service in admin else "every user"
        rows.append(
            f"| `ipc_cgi.{service}` | {texts['description']} | {fields} "
            f"| {section} | {who} |"
        )
    return rows


def replace_block(text: str, marker: str, rows: list[str]) -> str:
    """Return text with the block after `<!-- marker -->` replaced by rows."""
    pattern = re.compile(rf"(<!-- {marker} -->\n).*?(<!-- end -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"no <!-- {marker} --> block")
    return pattern.sub(lambda m: m.group(1) + "\n".join(rows) + "\n" + m.group(2), text)


def main() -> None:
    """Rewrite the tables."""
    english = json.loads(
        (INTEGRATION / "translations" / "en.json").read_text(encoding="utf-8")
    )
    for doc, marker, rows in (
        (ENTITIES_DOC, "entities", entity_rows(english)),
        (ACTIONS_DOC, "actions", action_rows(english)),
    ):
        doc.write_text(
            replace_block(doc.read_text(encoding="utf-8"), marker, rows),
            encoding="utf-8",
        )
        print(f"{doc.relative_to(ROOT)} table updated")


if __name__ == "__main__":
    main()
