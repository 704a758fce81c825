"""The IPC CGI camera integration."""

from __future__ import annotations

import logging
from typing import Final

from homeassistant.const import CONF_SCAN_INTERVAL, EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
import homeassistant.helpers.config_validation as cv
import homeassistant.helpers.entity_registry as er
from homeassistant.helpers.typing import ConfigType

from .admin_actions import async_setup_admin_actions
from .camera_events import CameraEvents
from .clock import CameraClock
from .const import DOMAIN, UPDATE_INTERVAL
from .coordinator import REPORTED_ABSENT, IpcCgiCoordinator, create_client
from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .entity import camera_device_info
from .errors import camera_error
from .firmware import UPGRADE_STEPS
from .ipccgi import IpcCgiError, IpcCgiInvalidCredentialsError, IpcCgiNotFoundError
from .issues import async_delete_motion_issue, async_update_motion_issue
from .motion import RECORDING_WATCHES
from .recordings import RecordingDays
from .services import async_setup_services
from .views import RecordingView

_LOGGER = logging.getLogger(__name__)

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.EVENT,
    Platform.LIGHT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TEXT,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

# Entities of entries before 1.2 that later releases do not have: the lamps'
# switches and the 3.36 brightness number (now the two lights), and the
# authentication switches (now admin-only actions and binary sensors).
REMOVED_IN_1_2: Final = (
    (Platform.SWITCH, "infrared_lamp"),
    (Platform.SWITCH, "white_light"),
    (Platform.NUMBER, "led_brightness"),
    (Platform.SWITCH, "onvif_authentication"),
    (Platform.SWITCH, "rtsp_authentication"),
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions and recording view once, for every camera."""
    async_setup_services(hass)
    async_setup_admin_actions(hass)
    hass.http.register_view(RecordingView())
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: IpcCgiConfigEntry) -> bool:
    """Bring an entry of an earlier release to 1.3; refuse one of a later major version.

    A minor version only removes entities (1.2) or an option (1.3, the poll
    interval, now the integration's): a release before it still loads the entry.
    """
    if entry.version > 1:
        return False
    if entry.minor_version < 2:
        registry = er.async_get(hass)
        for domain, key in REMOVED_IN_1_2:
            unique_id = f"{entry.unique_id}_{key}"
            if entity_id := registry.async_get_entity_id(domain, DOMAIN, unique_id):
                registry.async_remove(entity_id)
        hass.config_entries.async_update_entry(entry, minor_version=2)
        _LOGGER.debug("%s migrated to version 1.2", entry.title)
    if entry.minor_version < 3:
        options = {
            key: value
            for key, value in entry.options.items()
            if key != CONF_SCAN_INTERVAL
        }
        hass.config_entries.async_update_entry(entry, options=options, minor_version=3)
        _LOGGER.debug("%s migrated to version 1.3", entry.title)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: IpcCgiConfigEntry) -> bool:
    """Connect to the camera, read what it is once, and set up its entities."""
    client = create_client(hass, entry.data)
    coordinator = IpcCgiCoordinator(hass, entry, client)
    # Only getuid and getinfo are required; the rest may fail (coordinator.py).
    try:
        info = await client.get_info()
        (
            capabilities,
            video_capabilities,
            audio_capabilities,
        ) = await coordinator.async_read_features()
    except IpcCgiInvalidCredentialsError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="invalid_auth"
        ) from err
    except IpcCgiNotFoundError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN, translation_key="not_ipc_camera"
        ) from err
    except IpcCgiError as err:
        error = camera_error(err)
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key=error.translation_key,
            translation_placeholders=error.translation_placeholders,
        ) from err

    await coordinator.async_config_entry_first_refresh()
    clock = CameraClock(hass, entry, client, coordinator)
    coordinator.drift_moved = clock.drift_moved
    events = CameraEvents(
        hass,
        client,
        entry.title,
        UPDATE_INTERVAL,
        lambda: coordinator.data.onvif_auth,
    )
    entry.runtime_data = IpcCgiRuntimeData(
        client=client,
        coordinator=coordinator,
        info=info,
        capabilities=capabilities,
        video_capabilities=video_capabilities,
        audio_capabilities=audio_capabilities,
        clock=clock,
        events=events,
        recording_days=RecordingDays(),
        device_info=camera_device_info(entry, info),
    )
    await events.async_start()
    # At unload (also of a setup that fails from here on) and at shutdown.
    entry.async_on_unload(events.async_stop)

    async def _async_stop_events(_: Event) -> None:
        await events.async_stop()

    entry.async_on_unload(
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _async_stop_events)
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    coordinator.async_platforms_added()
    clock.async_start()
    if not events.onvif:
        # Only the fallback needs an SD card and motion recording.
        entry.async_on_unload(
            coordinator.async_add_listener(
                lambda: async_update_motion_issue(hass, entry)
            )
        )
    entry.async_on_unload(lambda: async_delete_motion_issue(hass, entry))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: IpcCgiConfigEntry) -> bool:
    """Unload the camera's entities; its events and coordinator stop with the entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: IpcCgiConfigEntry) -> None:
    """Forget what was kept of the removed entry across its reloads."""
    for kept in (RECORDING_WATCHES, REPORTED_ABSENT, UPGRADE_STEPS):
        hass.data.get(kept, {}).pop(entry.entry_id, None)
