"""Every endpoint, read and set, against the simulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import aiohttp
import pytest
from yarl import URL

from custom_components.ipc_cgi.ipccgi import (
    AlarmLogicalState,
    AlarmState,
    BitrateControl,
    CodecStreams,
    FlipConfig,
    FontSize,
    IpcCgiClient,
    IpcCgiFaultError,
    IpcCgiNotFoundError,
    IpcCgiResponseError,
    IrCutConfig,
    IrCutMode,
    IrCutTime,
    LampConfig,
    LampMode,
    LedConfig,
    LedMode,
    MediaType,
    NoiseReductionConfig,
    OsdColor,
    OsdInfo,
    PositionType,
    PrivacyZone,
    Privilege,
    RecordMode,
    RecordStream,
    RtmpProtocol,
    ShutterConfig,
    SnapshotTarget,
    TimeFormat,
    TimeUpdateMethod,
    User,
    WdrConfig,
)
from ipc_simulator import Simulator

from .conftest import PASSWORD, sim_client


async def test_device_information(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.3, 3.4, 3.17, 3.25: identity, capabilities, model and state."""
    info = await client.get_info()
    assert (info.model, info.mac, info.serial) == (
        "MC400L",
        "F0:00:00:29:06:9F",
        "EF0000000029069F",
    )
    assert info.firmware == "MC400L"
    assert info.kernel is not None
    anonymous = await client.get_info(authenticated=False)
    assert (anonymous.model, anonymous.mac, anonymous.serial) == (
        info.model,
        info.mac,
        None,
    )
    simulator.state.capabilities.ptz = False
    capabilities = await client.get_capabilities()
    assert (capabilities.video, capabilities.audio, capabilities.ptz) == (
        True,
        True,
        False,
    )
    assert await client.get_model() == "MC400L"
    simulator.state.sd_cards = [2, 1]
    state = await client.get_device_state()
    assert state.sd_cards == (2, 1)
    assert (state.memory_total_kb, state.memory_free_kb) == (125620, 24384)
    assert state.uptime >= timedelta(0)
    assert state.system_time is not None


async def test_set_device_name(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.45: the reply's name is returned; a refused name is a fault."""
    assert await client.set_device_name("Garage") == "Garage"
    assert simulator.state.device.model == "Garage"
    with pytest.raises(IpcCgiFaultError) as err:
        await client.set_device_name("x" * 40)
    assert err.value.reason == "set device name failed!"
    assert err.value.value == "/cgi-bin/setDeviceName"


async def test_network(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.7: read, and set only what is given."""
    network = await client.get_network()
    assert (network.dhcp, network.ip_address, network.port) == (
        False,
        "192.168.0.10",
        80,
    )
    network = await client.set_network(dns1="1.1.1.1", port=8080)
    assert (network.dns1, network.port, network.dns2) == ("1.1.1.1", 8080, "8.8.8.8")
    assert simulator.state.network.port == 8080
    network = await client.set_network(
        dhcp=True,
        ip_address="10.0.0.2",
        netmask="255.0.0.0",
        gateway="10.0.0.1",
        dns2="9.9.9.9",
    )
    assert (network.dhcp, network.ip_address, network.gateway) == (
        True,
        "10.0.0.2",
        "10.0.0.1",
    )


async def test_time(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.8: NTP settings and the manual clock."""
    current = await client.get_time()
    assert (current.timezone, current.update_method, current.ntp_port) == (
        "GMT+08:00",
        TimeUpdateMethod.NTP,
        123,
    )
    ntp = await client.set_time(
        timezone="GMT+01:00",
        update_method=TimeUpdateMethod.NTP,
        ntp_server="ntp.example",
        ntp_port=1123,
        update_period=120,
    )
    assert (ntp.timezone, ntp.ntp_server, ntp.ntp_port) == (
        "GMT+01:00",
        "ntp.example",
        1123,
    )
    assert simulator.state.time.update_period == 120
    manual = await client.set_time(
        update_method=TimeUpdateMethod.MANUAL,
        current_time=datetime(2030, 5, 6, 7, 8, 9),  # noqa: DTZ001
    )
    assert manual.update_method == TimeUpdateMethod.MANUAL
    assert manual.current_time is not None
    assert abs(manual.current_time - datetime(2030, 5, 6, 7, 8, 9)) < timedelta(
        minutes=1
    )  # noqa: DTZ001


async def test_video(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.9, 3.10: capabilities, encoder, and one stream's settings."""
    capabilities = await client.get_video_capabilities()
    assert capabilities.streams[1]["H265"]["1080P"].framerate_max == 30
    encoder = await client.get_video_encoder()
    assert encoder.streams[2].resolution == "480X360"
    reply = await client.set_video_stream(
        1,
        codec="H264",
        resolution="2592X1944",
        framerate=15,
        gov_length=30,
        bitrate=4000,
        bitrate_control=BitrateControl.VBR,
    )
    stream = reply.streams[1]
    assert (stream.codec, stream.resolution, stream.framerate, stream.gov_length) == (
        "H264",
        "2592X1944",
        15,
        30,
    )
    assert (stream.bitrate, stream.bitrate_control) == (4000, BitrateControl.VBR)
    assert simulator.state.video_streams[1].bitrate_control == "VBR"
    assert simulator.state.video_streams[2].resolution == "480X360"
    with pytest.raises(IpcCgiFaultError):
        await client.set_video_stream(2, resolution="8K")


async def test_audio(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.11, 3.12."""
    capabilities = await client.get_audio_capabilities()
    assert capabilities.codecs["AAC"] == {16000: (16000,)}
    audio = await client.get_audio()
    assert (audio.enabled, audio.codec, audio.amplifier) == (True, "G.711", True)
    audio = await client.set_audio(enabled=False, input_volume=10, amplifier=False)
    assert (
        audio.enabled,
        audio.input_volume,
        audio.output_volume,
        audio.amplifier,
    ) == (False, 10, 80, False)
    assert simulator.state.audio.input_volume == 10
    audio = await client.set_audio(
        codec="AAC", sample_rate=16000, bitrate=16000, output_volume=99
    )
    assert (audio.codec, audio.sample_rate, audio.output_volume) == ("AAC", 16000, 99)


async def test_osd(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.13: the time format travels with `_` and comes back with a space."""
    osd = await client.get_osd()
    assert (osd.title, osd.time_format) == ("ipcamera", TimeFormat.YMD_DASH)
    osd = await client.set_osd(
        enabled=False,
        color=OsdColor.WHITE_BORDERED,
        font_size=FontSize.LARGE,
        title_position_type=PositionType.DIRECTION,
        title_x=2,
        title_y=1,
        show_info=OsdInfo.RESOLUTION_AND_BITRATE,
        time_position_type=PositionType.COORDINATE,
        time_x=50,
        time_y=60,
        show_week=False,
        time_format=TimeFormat.TIME_DMY_SLASH,
        title="你好 camera",
    )
    assert (osd.enabled, osd.color, osd.font_size, osd.title_position_type) == (
        False,
        OsdColor.WHITE_BORDERED,
        FontSize.LARGE,
        PositionType.DIRECTION,
    )
    assert (osd.title_x, osd.title_y, osd.show_info, osd.time_x, osd.time_y) == (
        2,
        1,
        OsdInfo.RESOLUTION_AND_BITRATE,
        50,
        60,
    )
    assert (osd.show_week, osd.time_format, osd.title) == (
        False,
        TimeFormat.TIME_DMY_SLASH,
        "你好 camera",
    )
    assert simulator.state.osd.title == "你好 camera"


async def test_user_osd(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.35: per index; the colour is 0xRRGGBB."""
    overlay = await client.get_user_osd(2)
    assert (overlay.index, overlay.enabled, overlay.color) == (2, False, 0xFFFFFF)
    overlay = await client.set_user_osd(
        2,
        enabled=True,
        color=0x00FF00,
        font_size=FontSize.SMALL,
        position_type=PositionType.COORDINATE,
        x=10,
        y=90,
        title="Gate",
    )
    assert (
        overlay.enabled,
        overlay.color,
        overlay.font_size,
        overlay.x,
        overlay.y,
        overlay.title,
    ) == (
        True,
        0x00FF00,
        FontSize.SMALL,
        10,
        90,
        "Gate",
    )
    assert simulator.state.user_osds[2].title == "Gate"
    assert simulator.state.user_osds[1].title == ""


async def test_image(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.14: only the given settings change."""
    image = await client.get_image()
    assert (image.brightness, image.tv_system, image.anti_flicker) == (128, 50, False)
    image = await client.set_image(brightness=10, tv_system=60, anti_flicker=True)
    assert (image.brightness, image.contrast, image.tv_system, image.anti_flicker) == (
        10,
        128,
        60,
        True,
    )
    image = await client.set_image(
        contrast=1, saturation=2, sharpness=3, hlc=4, blc=5, nr2d=6, nr3d=7
    )
    assert (
        image.contrast,
        image.saturation,
        image.sharpness,
        image.hlc,
        image.blc,
        image.nr2d,
        image.nr3d,
    ) == (1, 2, 3, 4, 5, 6, 7)
    assert simulator.state.image.brightness == 10


async def test_picture_switches(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.27, 3.28, 3.29, 3.33."""
    assert await client.get_wdr() == WdrConfig(enabled=True, level=53)
    assert await client.set_wdr(enabled=False) == WdrConfig(enabled=False, level=53)
    assert await client.set_wdr(level=200) == WdrConfig(enabled=False, level=200)
    assert await client.get_noise_reduction() == NoiseReductionConfig(128, 128)
    assert await client.set_noise_reduction(nr2d=10) == NoiseReductionConfig(10, 128)
    assert await client.set_noise_reduction(nr3d=20) == NoiseReductionConfig(10, 20)
    assert (simulator.state.image.nr2d, simulator.state.image.nr3d) == (10, 20)
    assert await client.get_codec_streams() == CodecStreams(True, True)
    assert await client.set_codec_streams(sub=False) == CodecStreams(True, False)
    assert await client.set_codec_streams(main=False) == CodecStreams(False, False)
    assert await client.get_flip() == FlipConfig(False, False)
    assert await client.set_flip(vertical=True) == FlipConfig(True, False)
    assert await client.set_flip(horizontal=True) == FlipConfig(True, True)
    assert simulator.state.flip_horizontal is True


async def test_shutter(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.44b: a text reply for GET and set."""
    assert await client.get_shutter() == ShutterConfig(False, 100, False, 100)
    assert await client.set_shutter(day_manual=True, day_speed=500) == ShutterConfig(
        True, 500, False, 100
    )
    assert await client.set_shutter(
        night_manual=True, night_speed=10000
    ) == ShutterConfig(True, 500, True, 10000)
    assert simulator.state.shutter.night_speed == 10000


async def test_privacy_zones(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.32: the zones, and one zone set (the camera answers only OK)."""
    zones = await client.get_privacy_zones()
    assert zones is not None
    assert [zone.index for zone in zones] == [1, 2, 3, 4]
    zone = await client.set_privacy_zone(3, 10, 20, 30, 40)
    assert zone == PrivacyZone(3, 10, 20, 30, 40)
    zones = await client.get_privacy_zones()
    assert zones is not None
    assert zones[2] == zone
    assert simulator.state.privacy_zones[3].width == 30


async def test_privacy_zones_unreported(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """3.32: a camera that answers only OK (the spec's example) reports no zones."""
    simulator.state.privacy_zones_reported = False
    assert await client.get_privacy_zones() is None
    simulator.state.privacy_zones_reported = True
    simulator.fault_endpoint("/cgi-bin/set_privacy_zone", "bare")
    with pytest.raises(IpcCgiResponseError):  # <Mask/>: neither zones nor OK
        await client.get_privacy_zones()


async def test_ptz(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.15: every command reaches the head."""
    ptz = simulator.state.ptz
    await client.ptz_move(-1, 1, 7)
    assert (ptz.moving_x, ptz.moving_y, ptz.speed) == (-1, 1, 7)
    await client.ptz_stop()
    assert (ptz.moving_x, ptz.last_command) == (0, "stop")
    await client.ptz_zoom(1)
    assert ptz.zoom == 1
    await client.ptz_focus(-1)
    assert ptz.focus == -1
    await client.ptz_iris(1)
    assert ptz.iris == 1
    await client.ptz_add_preset(5)
    assert 5 in ptz.presets
    await client.ptz_call_preset(5)
    assert ptz.last_preset == 5
    await client.ptz_delete_preset(5)
    assert 5 not in ptz.presets
    simulator.state.capabilities.ptz = False
    with pytest.raises(IpcCgiFaultError):
        await client.ptz_stop()


async def test_motion(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.16."""
    motion = await client.get_motion()
    assert (motion.enabled, motion.block_count, motion.night_alarm_threshold) == (
        True,
        (22, 18),
        22,
    )
    motion = await client.set_motion(
        enabled=False,
        sensitivity=50,
        alarm_threshold=40,
        night_enabled=False,
        night_sensitivity=30,
        night_alarm_threshold=20,
        block_count=(4, 4),
        area="ffff",
    )
    assert (
        motion.enabled,
        motion.sensitivity,
        motion.alarm_threshold,
        motion.night_enabled,
    ) == (False, 50, 40, False)
    assert (
        motion.night_sensitivity,
        motion.night_alarm_threshold,
        motion.block_count,
        motion.area,
    ) == (30, 20, (4, 4), "ffff")
    assert simulator.state.motion.area == "ffff"


async def test_alarms_and_relay(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.26, 3.40, 3.43, 3.44."""
    assert await client.get_alarm_state() == AlarmState(
        0, AlarmLogicalState.NORMALLY_OPEN
    )
    assert await client.set_alarm_state(
        2, AlarmLogicalState.NORMALLY_CLOSED
    ) == AlarmState(2, AlarmLogicalState.NORMALLY_CLOSED)
    await client.trigger_input_alarm()
    assert simulator.state.input_alarm_count == 1
    assert await client.get_relay() is False
    assert await client.set_relay(True) is True
    assert simulator.state.relay_closed is True
    assert await client.get_relay() is True
    simulator.state.relay_faulty = True
    with pytest.raises(IpcCgiFaultError) as err:
        await client.get_relay()
    assert err.value.reason == "Get status(0) fail"


async def test_lamps(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.30, 3.36, 3.37."""
    assert await client.get_lamp() == LampConfig(191, LampMode.WHITE)
    assert await client.set_lamp(brightness=20) == LampConfig(20, LampMode.WHITE)
    assert await client.set_lamp(mode=LampMode.INFRARED) == LampConfig(
        20, LampMode.INFRARED
    )
    assert await client.get_led() == LedConfig(50, False, LedMode.INFRARED)
    assert await client.set_led(80, True, LedMode.WHITE) == LedConfig(
        80, True, LedMode.WHITE
    )
    assert (simulator.state.led_mode, simulator.state.led_on) == (2, True)
    assert await client.get_ir_cut() == IrCutConfig(IrCutMode.AUTO, IrCutTime.DAY)
    assert await client.set_ir_cut(IrCutMode.MANUAL, IrCutTime.NIGHT) == IrCutConfig(
        IrCutMode.MANUAL, IrCutTime.NIGHT
    )
    assert (await client.set_ir_cut(IrCutMode.SCHEDULE)).mode == IrCutMode.SCHEDULE
    assert simulator.state.ir_cut_mode == 5


async def test_users(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.18: list, add, edit, delete."""
    assert await client.get_users() == (User("admin", Privilege.ADMINISTRATOR, True),)
    await client.add_user("guest", "guestpw", Privilege.USER)
    await client.edit_user(
        "guest", password="newpw", privilege=Privilege.OPERATOR, enabled=False
    )
    assert simulator.state.users["guest"].password == "newpw"
    assert User("guest", Privilege.OPERATOR, False) in await client.get_users()
    with pytest.raises(IpcCgiFaultError) as err:
        await client.add_user("guest", "pw", Privilege.USER, enabled=False)
    assert err.value.reason == "error username duplicated"
    await client.delete_user("guest")
    assert "guest" not in simulator.state.users
    with pytest.raises(IpcCgiFaultError):
        await client.edit_user("nobody", enabled=True)


async def test_snapshots(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.19: a JPEG, and uploads to the SD card or a fault naming the reason."""
    image = await client.snapshot()
    assert image == simulator.snapshot_jpeg
    assert (await client.snapshot(stream=0)).startswith(b"\xff\xd8")
    await client.snapshot_upload(SnapshotTarget.SD_CARD, stream=0)
    assert simulator.state.snapshot_uploads == [0]
    with pytest.raises(IpcCgiFaultError) as err:
        await client.snapshot_upload(SnapshotTarget.FTP)
    assert (err.value.value, err.value.reason) == (
        "/cgi-bin/snapshot",
        "Ftp not deploy",
    )
    simulator.snapshot_jpeg = b"<html>no image</html>"
    with pytest.raises(Exception, match="not a JPEG") as not_jpeg:
        await client.snapshot()
    assert type(not_jpeg.value).__name__ == "IpcCgiResponseError"


async def test_recordings(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.20: query with filters, then download by filepath."""
    recordings = await client.get_recordings(date(2019, 10, 25))
    assert [r.filepath for r in recordings] == [
        "/mnt/mmc0/schedule/20191025/135144-av-1.mp4",
        "/mnt/mmc0/schedule/20191025/151233-av-1.mp4",
    ]
    assert recordings[1].start_time == datetime(2019, 10, 25, 15, 12, 33)  # noqa: DTZ001
    filtered = await client.get_recordings(
        date(2019, 10, 25),
        stream=RecordStream.MAIN,
        record_mode=RecordMode.SCHEDULE,
        media_type=MediaType.VIDEO_AND_AUDIO,
        start=time(14, 0),
        end=time(23, 0, 0),
    )
    assert [r.filepath for r in filtered] == [recordings[1].filepath]
    data = await client.download_recording(recordings[1].filepath)
    assert data == simulator.state.recordings[1].data
    assert len(data) == recordings[1].size
    with pytest.raises(IpcCgiNotFoundError, match="HTTP 404"):
        await client.download_recording("/mnt/mmc0/none.mp4")
    simulator.state.sd_cards = [0, 0]
    with pytest.raises(IpcCgiFaultError) as err:
        await client.get_recordings(date(2019, 10, 25))
    assert err.value.reason == "sd card not mounted"


async def test_storage_and_rtmp(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.22, 3.23, 3.24."""
    rtmp = await client.get_rtmp()
    assert (rtmp.enabled, rtmp.port) == (False, 1935)
    rtmp = await client.set_rtmp(
        enabled=True,
        stream=1,
        server="10.0.0.9",
        port=1936,
        app_name="app",
        stream_id="sid",
        protocol_type=RtmpProtocol.COMPATIBLE,
    )
    assert (
        rtmp.enabled,
        rtmp.stream,
        rtmp.server,
        rtmp.port,
        rtmp.app_name,
        rtmp.stream_id,
        rtmp.protocol_type,
    ) == (
        True,
        1,
        "10.0.0.9",
        1936,
        "app",
        "sid",
        RtmpProtocol.COMPATIBLE,
    )
    schedule = await client.get_schedule_storage()
    assert schedule.enabled is True
    schedule = await client.set_schedule_storage(enabled=False)
    assert (schedule.enabled, schedule.local_enabled) == (False, True)
    schedule = await client.set_schedule_storage(
        enabled=True,
        local_enabled=False,
        remote_enabled=True,
        nfs_server="10.0.0.5",
        nfs_path="/rec",
        record_file_size=5,
        stream=2,
        jpeg_capture=False,
    )
    assert (schedule.remote_store, schedule.local_store, schedule.mount_param) == (
        True,
        False,
        "10.0.0.5:/rec",
    )
    assert (schedule.record_file_size, schedule.stream, schedule.jpeg_capture) == (
        5,
        2,
        False,
    )
    event = await client.get_event_storage()
    assert event.recording_enabled is True
    event = await client.set_event_storage(
        recording_enabled=False,
        stream=2,
        record_ftp_upload=True,
        record_email_upload=True,
        capture_enabled=False,
        capture_ftp_upload=False,
        capture_email_upload=True,
        alarm_output=False,
    )
    assert (
        event.recording_enabled,
        event.stream,
        event.record_ftp_upload,
        event.record_email_upload,
    ) == (False, 2, True, True)
    assert (
        event.capture_enabled,
        event.capture_ftp_upload,
        event.capture_email_upload,
        event.alarm_output,
    ) == (False, False, True, False)
    assert simulator.state.event_storage.recording_enabled is False


async def test_services_and_authentication(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """3.31, 3.41, 3.42."""
    ports = await client.get_service_ports()
    assert (ports.web_port, ports.rtsp_port) == (80, 554)
    ports = await client.set_service_ports(
        web_enabled=False,
        control_enabled=False,
        rtsp_enabled=False,
        hik_enabled=False,
        web_port=8080,
        control_port=8092,
        rtsp_port=8554,
        hik_port=8001,
    )
    assert (
        ports.web_enabled,
        ports.control_enabled,
        ports.rtsp_enabled,
        ports.hik_enabled,
    ) == (False, False, False, False)
    assert (ports.web_port, ports.control_port, ports.rtsp_port, ports.hik_port) == (
        8080,
        8092,
        8554,
        8001,
    )
    assert await client.get_onvif_auth() is True
    assert await client.set_onvif_auth(False) is False
    assert simulator.state.onvif_auth is False
    assert await client.get_rtsp_auth() is True
    assert await client.set_rtsp_auth(False) is False
    assert simulator.state.rtsp_auth is False


async def test_reboot_and_factory_reset(
    client: IpcCgiClient, simulator: Simulator, sim_clock
) -> None:
    """3.5, 3.6: the camera reboots; the client logs in again afterwards."""
    simulator.state.image.brightness = 1
    simulator.state.network.port = 8080
    await client.factory_reset(retain_network=True)
    assert simulator.online is False
    sim_clock.advance(simulator.reboot_seconds + 1)
    assert (await client.get_image()).brightness == 128
    assert simulator.state.network.port == 8080
    await client.reboot()
    sim_clock.advance(simulator.reboot_seconds + 1)
    await client.factory_reset()
    sim_clock.advance(simulator.reboot_seconds + 1)
    assert simulator.state.network.port == 80
    assert simulator.counters["/cgi-bin/getuid"] == 3


async def test_uploads(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.21 firmware (Basic authentication) and 3.34 certificate (multipart)."""
    await client.upgrade_firmware(b"\x00firmware image")
    assert simulator.state.firmware_uploads == [b"\x00firmware image"]
    assert not simulator.online  # the camera reboots to install it
    simulator.set_offline(False)
    await client.upload_certificate(b"-----BEGIN CERTIFICATE-----", "server.crt")
    certificate = simulator.state.certificates[0]
    assert (certificate.filename, certificate.data) == (
        "server.crt",
        b"-----BEGIN CERTIFICATE-----",
    )


async def test_generic_request(client: IpcCgiClient) -> None:
    """The low-level call returns any reply as a dict."""
    assert await client.request("/cgi-bin/getcapabilities") == {
        "capabilities": {"@video": "1", "@audio": "1", "@ptz": "1"}
    }
    reply = await client.request(
        "/cgi-bin/set_start_codec", {"stream0_enable": 1, "ignored": None}
    )
    assert reply == {
        "Encode": {
            "EncodeConfig": [
                {"@stream": "1", "@enable": "1"},
                {"@stream": "2", "@enable": "1"},
            ]
        }
    }
    assert (await client.request("/cgi-bin/getmodel")) == {"model": {"#text": "MC400L"}}


# (a setter called with one setting, the query parameters it must send besides the uid)
ONE_SETTING: list[tuple[Callable[[IpcCgiClient], Awaitable[Any]], set[str]]] = [
    (lambda c: c.set_network(dns2="8.8.4.4"), {"dns2"}),
    (lambda c: c.set_time(ntp_server="ntp.example.org"), {"ntpaddr"}),
    (lambda c: c.set_video_stream(2, framerate=10), {"framerate"}),
    (lambda c: c.set_audio(input_volume=10), {"input_volume"}),
    (lambda c: c.set_osd(title="Gate"), {"title_utf8"}),
    (lambda c: c.set_user_osd(2, title="Gate"), {"title_index", "title_utf8"}),
    (lambda c: c.set_image(contrast=1), {"contrast"}),
    (lambda c: c.set_wdr(level=10), {"wdr_value"}),
    (lambda c: c.set_noise_reduction(nr3d=5), {"y_3D_value"}),
    (lambda c: c.set_codec_streams(sub=False), {"stream1_enable"}),
    (lambda c: c.set_flip(horizontal=True), {"horizon_flip"}),
    (lambda c: c.set_shutter(night_speed=200), {"nightShutterSpeed"}),
    (lambda c: c.set_motion(sensitivity=10), {"sensitivity"}),
    (lambda c: c.set_lamp(mode=LampMode.WHITE), {"infrared_lamp"}),
    (lambda c: c.set_rtmp(port=1936), {"port"}),
    (lambda c: c.set_schedule_storage(record_file_size=5), {"recordFileSize"}),
    (lambda c: c.set_event_storage(stream=2), {"stream"}),
    (lambda c: c.set_service_ports(rtsp_port=8554), {"rtspport"}),
    (lambda c: c.set_ir_cut(IrCutMode.NIGHT), {"ircutmode"}),
    (
        lambda c: c.edit_user("admin", password=PASSWORD),
        {"action", "name", "newpasswd"},
    ),
]


@pytest.mark.parametrize(
    ("call", "sent"),
    ONE_SETTING,
    ids=["+".join(sorted(sent)) for _, sent in ONE_SETTING],
)
async def test_setters_send_only_what_is_given(
    simulator: Simulator,
    socket_enabled: None,
    call: Callable[[IpcCgiClient], Awaitable[Any]],
    sent: set[str],
) -> None:
    """A setter's request carries the settings given and nothing else (no stale values)."""
    urls: list[URL] = []

    async def on_request_start(*args: Any) -> None:
        # (session, trace context, TraceRequestStartParams); aiohttp types it oddly.
        params: aiohttp.TraceRequestStartParams = args[-1]
        urls.append(params.url)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        client = sim_client(simulator, session)
        await client.login()
        urls.clear()
        await call(client)
    assert [set(url.query) - {"uid"} for url in urls] == [sent]
