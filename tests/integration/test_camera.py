"""Tests of the camera entity: still images and the RTSP stream URL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import CONF_RTSP_PATH, CONF_RTSP_PORT, CONF_STREAM
from homeassistant.components.camera import (
    ATTR_FILENAME,
    SERVICE_SNAPSHOT,
    CameraEntityFeature,
    async_get_image,
    async_get_stream_source,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_SUPPORTED_FEATURES, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from ipc_simulator import Simulator

from .conftest import setup_entry

CAMERA = "camera.mc400l"
SNAPSHOT = "/cgi-bin/snapshot.cgi"


async def test_camera_entity(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The camera is named after the device and offers a stream."""
    state = hass.states.get(CAMERA)
    assert state is not None
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == CameraEntityFeature.STREAM


async def test_camera_image(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The still image is the camera's snapshot."""
    image = await async_get_image(hass, CAMERA)
    assert image.content == simulator.snapshot_jpeg
    assert image.content_type == "image/jpeg"
    assert simulator.counters[SNAPSHOT] == 1


async def test_camera_snapshot_writes_the_full_image(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    tmp_path: Path,
) -> None:
    """Core's camera.snapshot saves the camera's snapshot (3.19) to an allowed file.

    What the integration's own save_snapshot action did; a path that is not
    allowed is refused before any request.
    """
    simulator.reset_counters()
    target = tmp_path / "snapshots" / "door.jpg"
    hass.config.allowlist_external_dirs = set()
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            Platform.CAMERA,
            SERVICE_SNAPSHOT,
            {ATTR_ENTITY_ID: CAMERA, ATTR_FILENAME: str(target)},
            blocking=True,
        )
    assert simulator.counters[SNAPSHOT] == 0

    hass.config.allowlist_external_dirs = {str(tmp_path)}
    await hass.services.async_call(
        Platform.CAMERA,
        SERVICE_SNAPSHOT,
        {ATTR_ENTITY_ID: CAMERA, ATTR_FILENAME: str(target)},
        blocking=True,
    )
    assert target.read_bytes() == simulator.snapshot_jpeg
    assert simulator.counters[SNAPSHOT] == 1


async def test_viewers_share_one_snapshot(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Viewers asking at once share one request; a frame under 1 s old is reused."""
    images = await asyncio.gather(*(async_get_image(hass, CAMERA) for _ in range(5)))
    assert {image.content for image in images} == {simulator.snapshot_jpeg}
    assert simulator.counters[SNAPSHOT] == 1

    freezer.tick(timedelta(seconds=0.5))
    await async_get_image(hass, CAMERA)
    assert simulator.counters[SNAPSHOT] == 1  # reused
    freezer.tick(timedelta(seconds=0.6))
    await async_get_image(hass, CAMERA)
    assert simulator.counters[SNAPSHOT] == 2  # older than 1 s: fetched again


async def test_shared_snapshot_failure_reaches_every_viewer(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A failed shared fetch fails each waiting viewer; the next call asks again."""
    simulator.faults.inject("http_500", 1, path=SNAPSHOT)
    results = await asyncio.gather(
        *(async_get_image(hass, CAMERA) for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(result, HomeAssistantError) for result in results)
    assert simulator.counters[SNAPSHOT] == 1
    assert (await async_get_image(hass, CAMERA)).content == simulator.snapshot_jpeg


async def test_camera_image_fails(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A camera that cannot take a snapshot gives no image."""
    simulator.faults.inject("http_500", path=SNAPSHOT)
    with pytest.raises(HomeAssistantError):
        await async_get_image(hass, CAMERA)


async def test_stream_source_with_rtsp_auth(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """With RTSP authentication on the URL carries the account."""
    assert (
        await async_get_stream_source(hass, CAMERA)
        == "rtsp://admin:123456@127.0.0.1:554/stream0"
    )


async def test_stream_source_without_rtsp_auth(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """Without RTSP authentication the URL has no credentials; the port is the camera's."""
    simulator.state.rtsp_auth = False
    simulator.state.service_ports.rtsp_port = 8554
    await setup_entry(hass, mock_config_entry)
    assert (
        await async_get_stream_source(hass, CAMERA) == "rtsp://127.0.0.1:8554/stream0"
    )


async def test_stream_source_options(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """The sub stream, a path and a port override come from the options."""
    await setup_entry(
        hass,
        mock_config_entry,
        options={CONF_STREAM: "sub", CONF_RTSP_PATH: "video1", CONF_RTSP_PORT: 10554},
    )
    assert (
        await async_get_stream_source(hass, CAMERA)
        == "rtsp://admin:123456@127.0.0.1:10554/video1"
    )
    await async_get_image(hass, CAMERA)
    assert simulator.counters[SNAPSHOT] == 1


async def test_stream_source_sub_stream_default_path(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """The sub stream's default path is /stream1."""
    await setup_entry(hass, mock_config_entry, options={CONF_STREAM: "sub"})
    assert (
        await async_get_stream_source(hass, CAMERA)
        == "rtsp://admin:123456@127.0.0.1:554/stream1"
    )


async def test_stream_source_rtsp_off(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """With the RTSP service off there is no stream, but still images work."""
    simulator.state.service_ports.rtsp_enabled = False
    await setup_entry(hass, mock_config_entry)
    assert await async_get_stream_source(hass, CAMERA) is None
    assert (await async_get_image(hass, CAMERA)).content == simulator.snapshot_jpeg


async def test_stream_source_escapes_credentials(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """Characters that mean something in a URL are escaped in the credentials."""
    simulator.state.users["admin"].password = "p@ss:w/rd"
    await setup_entry(
        hass,
        mock_config_entry,
        data={**mock_config_entry.data, "password": "p@ss:w/rd"},
    )
    assert (
        await async_get_stream_source(hass, CAMERA)
        == "rtsp://admin:p%40ss%3Aw%2Frd@127.0.0.1:554/stream0"
    )


async def test_no_camera_without_video(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """A device without video has no camera entity."""
    simulator.state.capabilities.video = False
    await setup_entry(hass, mock_config_entry)
    assert hass.states.get(CAMERA) is None
