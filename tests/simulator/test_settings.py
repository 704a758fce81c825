"""Configuration endpoints: GET shape, set and read back, faults that change nothing."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest

from ipc_simulator import ManualClock, Simulator

from .conftest import Camera, Params


def dig(reply: dict[str, Any], dotted: str) -> Any:
    """Return reply[a][b]... for `a.b...`."""
    value: Any = reply
    for key in dotted.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


# path, set parameters, {reply key: value after the set}, bad parameters, reason
SETTINGS: list[tuple[str, Params, dict[str, str], Params, str]] = [
    (
        "/cgi-bin/network",
        {"dhcp": 1, "ipaddr": "192.168.4.65", "port": 8080},
        {
            "network.@dhcp": "1",
            "network.@ipaddr": "192.168.4.65",
            "network.@port": "8080",
        },
        {"dhcp": 2},
        "dhcp: 0 or 1",
    ),
    (
        "/cgi-bin/time",
        {"timezone": "GMT-05:00", "update_method": "ntp", "ntpaddr": "time.example"},
        {"time.@timezone": "GMT-05:00", "time.@ntpaddr": "time.example"},
        {"timezone": "GMT+99:00"},
        "timezone error",
    ),
    (
        "/cgi-bin/audioencoder",
        {"enable": 0, "input_volume": 30, "encode_type": "AAC"},
        {
            "audioencoder.@enable": "0",
            "audioencoder.@input_volume": "30",
            "audioencoder.@encode_type": "AAC",
            "audioencoder.@samplerate": "16000",
        },
        {"enable": 2},
        "enable: 0 or 1",
    ),
    (
        "/cgi-bin/osd",
        {
            "enable": 0,
            "time_format": "mm/dd/yyyy_hh:mm:ss",
            "title_pos_type": 0,
            "title_pos_x": 2,
        },
        {
            "osd.@enable": "0",
            "osd.@time_format": "mm/dd/yyyy hh:mm:ss",
            "osd.@title_pos_x": "2",
        },
        {"title_pos_type": 0, "title_pos_x": 50},
        "title_pos_x range: 0-2",
    ),
    (
        "/cgi-bin/image",
        {"brightness": 10, "nr3d": 20, "tvsystem": 60, "antificker": 1},
        {
            "image.@brightness": "10",
            "image.@nr3d": "20",
            "image.@tvsystem": "60",
            "image.@antificker": "1",
        },
        {"brightness": 256},
        "brightness range: 0-255",
    ),
    (
        "/cgi-bin/motion",
        {"enable": 0, "sensitivity": 50, "blockcount": "4x4", "areavalue": "ffff"},
        {
            "motion.@enable": "0",
            "motion.@sensitivity": "50",
            "motion.@blockcount": "4x4 ",
            "motion.@areavalue": "ffff",
        },
        {"blockcount": "4x4", "areavalue": "ff"},
        "areavalue error",
    ),
    (
        "/cgi-bin/rtmp",
        {"enable": 1, "server": "10.0.0.2", "port": 1936, "appname": "app"},
        {
            "RtmpConfig.@Enable": "1",
            "RtmpConfig.@Server": "10.0.0.2",
            "RtmpConfig.@Port": "1936",
            "RtmpConfig.@Appname": "app",
        },
        {"server": ""},
        "server is NULL",
    ),
    (
        "/cgi-bin/setScheduleStorage",
        {
            "enable": 0,
            "recordFileSize": 30,
            "remoteEnable": 1,
            "remote_nfs_server": "nas",
        },
        {
            "RecordConfig.Common.@RecordFileSize": "30",
            "RecordConfig.Common.@RemoteEnable": "1",
            "RecordConfig.Common.@MountParam": "nas:",
            "RecordConfig.ScheduleRecord.@LocalStore": "0",
        },
        {"recordFileSize": 3},
        "recordFileSize: 2,5,10,20,30",
    ),
    (
        "/cgi-bin/setEventStorage",
        {"trigger_recording": 0, "stream": 2, "capture_motionDetectAlarm": 0},
        {
            "RecordConfig.MotionDetectRecord.@LocalStore": "0",
            "RecordConfig.MotionDetectRecord.@Stream": "2",
            "RecordConfig.MotionDetectCapture.@OutputChannelAction_enable": "0",
        },
        {"stream": 0},
        "stream: 1 or 2",
    ),
    (
        "/cgi-bin/setAlarmState",
        {"position": 3, "logicalstate": 0},
        {"setAlarmState.@position": "3", "setAlarmState.@logicalstate": "0"},
        {"position": 4},
        "position: 0 ~ 3",
    ),
    (
        "/cgi-bin/set_wdr",
        {"enable": 0, "wdr_value": 200},
        {"Capture.@WDRMode": "0", "Capture.@WDRValue": "200"},
        {"wdr_value": 256},
        "wdr_value: 0 ~ 255",
    ),
    (
        "/cgi-bin/set_noise_reduction",
        {"y_2D_value": 10, "y_3D_value": 20},
        {"Capture.@SNF": "10", "Capture.@TNF": "20"},
        {"y_3D_value": -1},
        "3D_value: 0 ~ 255",
    ),
    (
        "/cgi-bin/set_start_codec",
        {"stream1_enable": 0},
        {"Encode.EncodeConfig.1.@Enable": "0", "Encode.EncodeConfig.0.@Enable": "1"},
        {"stream0_enable": 5},
        "stream0_enable: 0 or 1",
    ),
    (
        "/cgi-bin/setBrightness_InfraredLamp",
        {"setbrightness": 0, "infrared_lamp": 3},
        {"Capture.@Brightness": "0", "Capture.@led_mode": "3"},
        {"infrared_lamp": 4},
        "infrared_lamp: 0 ~ 3",
    ),
    (
        "/cgi-bin/set_service_port",
        {"enable_hik": 0, "rtspport": 8554},
        {
            "MediaStreamConfig.StreamAccess.@enable_hik": "0",
            "MediaStreamConfig.StreamAccess.@rtspport": "8554",
        },
        {"enable_web": 2},
        "enable_web: 0 ~ 1",
    ),
    (
        "/cgi-bin/set_flip",
        {"vertical_flip": 1},
        {"Capture.@vertical_flip": "1", "Capture.@horizon_flip": "0"},
        {"horizon_flip": 2},
        "horizon_flip: 0 or 1",
    ),
    (
        "/cgi-bin/set_led",
        {"brightness": 80, "ledstatus": 1, "ledmode": 2},
        {"Led.@brightness": "80", "Led.@ledstatus": "1", "Led.@ledmode": "2"},
        {"brightness": 80, "ledstatus": 1},
        "not find param ledmode",
    ),
    (
        "/cgi-bin/set_ircut",
        {"ircutmode": 3, "time": "night"},
        {"IrCut.@ircutmode": "3", "IrCut.@time": "night"},
        {"ircutmode": 6},
        "ircutmode: 0 ~ 5",
    ),
    (
        "/cgi-bin/onvif",
        {"onvif_auth": 0},
        {"OnvifConfig.@onvif_auth": "0"},
        {"onvif_auth": 2},
        "onvif_auth: 0 or 1 ",
    ),
    (
        "/cgi-bin/rtsp",
        {"enable": 0},
        {"RtspConfig.@rtsp_auth": "0"},
        {"rtsp_auth": 2},
        " rtsp_auth: 0 or 1 ",
    ),
    (
        "/cgi-bin/setShutterSpeed",
        {"dayShutterMode": 1, "dayShutterSpeed": 500},
        {
            "setShutterSpeed": "Set dayShutterMode=1, dayShutterSpeed=500, "
            "nightShutterMode=0, nightShutterSpeed=100"
        },
        {"dayShutterSpeed": 5},
        "dayShutterSpeed: 10 or 10000",
    ),
    (
        "/cgi-bin/userosd",
        {"title_index": 2, "enable": 1, "color": "0xff0000", "title_utf8": "door"},
        {
            "userosd.@title_index": "2",
            "userosd.@enable": "1",
            "userosd.@color": "0xff0000",
            "userosd.@title_utf8": "door",
        },
        {"title_index": 2, "enable": 3},
        "enable: 0 or 1",
    ),
]


@pytest.mark.parametrize(
    ("path", "changes", "expected", "bad", "reason"),
    SETTINGS,
    ids=[case[0].rsplit("/", 1)[1] for case in SETTINGS],
)
async def test_set_read_back_and_fault(
    camera: Camera,
    freezer: FrozenDateTimeFactory,
    path: str,
    changes: Params,
    expected: dict[str, str],
    bad: Params,
    reason: str,
) -> None:
    """A set answers the effective values, a GET shows them, a fault changes nothing.

    The wall clock stands still (`freezer`): the time reply's current_time
    would otherwise differ between reads a second boundary apart.
    """
    index = {"title_index": 2} if path.endswith("userosd") else {}
    before = await camera.xml(path, index)
    assert any(dig(before, key) != value for key, value in expected.items())

    after = await camera.xml(path, changes)
    for key, value in expected.items():
        assert dig(after, key) == value, key
    assert await camera.xml(path, index) == after

    status, body = await camera.get(path, bad)
    assert status == 400
    assert f"<reason>{reason}</reason>" in body
    assert await camera.xml(path, index) == after


async def test_all_parameters_validated_before_any_applies(
    camera: Camera, simulator: Simulator
) -> None:
    """A valid parameter next to an invalid one is not applied."""
    _, reason = await camera.fault(
        "/cgi-bin/image", {"brightness": 10, "contrast": 300}
    )
    assert reason == "contrast range: 0-255"
    assert simulator.state.image.brightness == 128


async def test_spec_fault_values(camera: Camera) -> None:
    """Where the spec prints odd fault values, they are kept."""
    assert await camera.fault("/cgi-bin/set_ircut", {"ircutmode": 3}) == (
        "/cgi-bin/set_led",
        "not find param time",
    )
    assert await camera.fault("/cgi-bin/onvif", {"onvif_auth": 7}) == (
        "/cgi-bin/onvif ",
        "onvif_auth: 0 or 1 ",
    )


async def test_video_encoder(camera: Camera, simulator: Simulator) -> None:
    """3.9/3.10: capabilities bound the set; the reply spells `govlenth`."""
    caps = await camera.xml("/cgi-bin/videoencoder/getcapabilities")
    h264 = caps["video_capabilities"]["stream1"]["encode_mode"][0]
    assert h264["@name"] == "H264"
    assert h264["resolution"][0] == {
        "@name": "2592X1944",
        "framerate_range": "1-15",
        "bitrate_range": "500-8000",
    }
    params = {
        "encode_mode": "H264",
        "resolution": "2592X1944",
        "framerate": 15,
        "govlength": 50,
        "bitrate": 8000,
        "bitrate_control": "VBR",
    }
    reply = await camera.xml("/cgi-bin/videoencoder/stream1", params)
    assert reply["videoencoder"]["stream1"] == {
        "@encode_mode": "H264",
        "@resolution": "2592X1944",
        "@framerate": "15",
        "@govlenth": "50",
        "@bitrate": "8000",
        "@bitrate_control": "VBR",
    }
    assert reply == await camera.xml("/cgi-bin/videoencoder")
    assert await camera.fault("/cgi-bin/videoencoder/stream1", {"framerate": 25}) == (
        "/cgi-bin/videoencoder/stream1",
        "framerate error",
    )
    assert (
        await camera.fault("/cgi-bin/videoencoder/stream2", {"resolution": "1080P"})
    )[1] == "resolution error"
    assert simulator.state.video_streams[2].resolution == "480X360"


async def test_audio_capabilities(camera: Camera) -> None:
    """3.11 lists the codecs; a sample rate the codec lacks is refused."""
    caps = await camera.xml("/cgi-bin/audioencoder/getcapabilities")
    names = [item["@name"] for item in caps["audio_capabilities"]["encode_type"]]
    assert names == ["G.711", "G.711A", "AAC"]
    assert (await camera.fault("/cgi-bin/audioencoder", {"samplerate": 16000}))[1] == (
        "samplerate error"
    )


async def test_osd_utf8_title(camera: Camera, simulator: Simulator) -> None:
    """title_utf8=%E4%BD%A0%E5%A5%BD stores 你好."""
    url = f"{simulator.url}/cgi-bin/osd?title_utf8=%E4%BD%A0%E5%A5%BD&uid={camera.uid}"
    async with camera.session.get(url) as resp:
        assert resp.status == 200
        assert 'title_utf8="你好"' in await resp.text()
    assert simulator.state.osd.title == "你好"
    reply = await camera.xml(
        "/cgi-bin/userosd", {"title_index": 0, "title_utf8": "你好 ipcamera"}
    )
    assert reply["userosd"]["@title_utf8"] == "你好 ipcamera"


async def test_manual_time_and_device_state(
    camera: Camera, sim_clock: ManualClock
) -> None:
    """A manual time shows in time and getDevState; run_time follows the clock."""
    params = {
        "update_method": "MANUAL",
        "year": 2020,
        "month": 1,
        "day": 16,
        "hour": 12,
        "min": 12,
        "sec": 43,
    }
    reply = await camera.xml("/cgi-bin/time", params)
    assert reply["time"]["@update_method"] == "MANUAL"
    assert reply["time"]["@current_time"].startswith("2020-01-16 12:1")
    sim_clock.advance(2 * 3600 + 56 * 60 + 40)
    await camera.login()
    state = (await camera.xml("/cgi-bin/getDevState"))["DevState"]
    assert state["@system_time"].startswith("2020-1-16-12-1")
    assert state["@run_time"] == "0-2-56-40"
    assert state["@MemTotal"] == "125620 kB "
    assert (state["@sd1"], state["@sd2"]) == ("1", "0")
    assert (await camera.fault("/cgi-bin/time", {"month": 2, "day": 30}))[
        1
    ] == "day error"


async def test_privacy_zones(camera: Camera, simulator: Simulator) -> None:
    """A mask needs its four values; a GET lists all four masks."""
    params = {"Mask2Height": 10, "Mask2width": 20, "Mask2xPos": 30, "Mask2yPos": 40}
    assert await camera.xml("/cgi-bin/set_privacy_zone", params) == {"Mask": "OK"}
    zones = (await camera.xml("/cgi-bin/set_privacy_zone"))["Mask"]["Zone"]
    assert zones[1] == {
        "@index": "2",
        "@xPos": "30",
        "@yPos": "40",
        "@width": "20",
        "@height": "10",
    }
    _, reason = await camera.fault("/cgi-bin/set_privacy_zone", {"Mask1Height": 5})
    assert reason == "mainStreamMask_Width is none"
    assert simulator.state.privacy_zones[1].height == 0


async def test_device_name_and_model(camera: Camera) -> None:
    """3.45 changes what getmodel and getinfo report."""
    reply = await camera.xml("/cgi-bin/setDeviceName", {"deviceName": "Gate"})
    assert reply == {"setDeviceName": "Set device name(Gate) successful!"}
    assert await camera.xml("/cgi-bin/getmodel") == {"model": "Gate"}
    assert (await camera.xml("/cgi-bin/getinfo"))["info"]["@oem"] == "Gate"
    assert await camera.fault("/cgi-bin/setDeviceName", {"deviceName": ""}) == (
        "/cgi-bin/setDeviceName ",
        "set device name failed! ",
    )


async def test_capabilities(camera: Camera, simulator: Simulator) -> None:
    """3.4 reports the configured hardware."""
    assert await camera.xml("/cgi-bin/getcapabilities") == {
        "capabilities": {"@video": "1", "@audio": "1", "@ptz": "1"}
    }
    simulator.state.capabilities.ptz = False
    assert (await camera.xml("/cgi-bin/getcapabilities"))["capabilities"]["@ptz"] == "0"


async def test_privacy_zones_answered_only_ok(
    camera: Camera, simulator: Simulator
) -> None:
    """privacy_zones_reported=False plays the spec's example: a GET answers only OK."""
    simulator.state.privacy_zones_reported = False
    assert await camera.xml("/cgi-bin/set_privacy_zone") == {"Mask": "OK"}
