"""Every GET section of chapter 3 answers its root element."""

from __future__ import annotations

import pytest

from .conftest import Camera, Params

# (spec section, path, parameters, root element of the reply)
SECTIONS: list[tuple[str, str, Params, str]] = [
    ("3.1", "/cgi-bin/getuid", {"username": "admin", "password": "123456"}, "uid"),
    ("3.2", "/cgi-bin/keep_alive", {}, "keep_alive"),
    ("3.3", "/cgi-bin/getinfo", {}, "info"),
    ("3.4", "/cgi-bin/getcapabilities", {}, "capabilities"),
    ("3.5", "/cgi-bin/reboot", {}, "reboot"),
    ("3.6", "/cgi-bin/factory_reset", {"retain_network": 1}, "factory_reset"),
    ("3.7", "/cgi-bin/network", {}, "network"),
    ("3.8", "/cgi-bin/time", {}, "time"),
    ("3.9", "/cgi-bin/videoencoder/getcapabilities", {}, "video_capabilities"),
    ("3.10", "/cgi-bin/videoencoder", {}, "videoencoder"),
    ("3.11", "/cgi-bin/audioencoder/getcapabilities", {}, "audio_capabilities"),
    ("3.12", "/cgi-bin/audioencoder", {}, "audioencoder"),
    ("3.13", "/cgi-bin/osd", {}, "osd"),
    ("3.14", "/cgi-bin/image", {}, "image"),
    ("3.15", "/cgi-bin/ptz_ctrl", {"stop": 1}, "ptz_ctrl"),
    ("3.16", "/cgi-bin/motion", {}, "motion"),
    ("3.17", "/cgi-bin/getmodel", {}, "model"),
    ("3.18", "/cgi-bin/user_management", {"action": "get_user"}, "user_management"),
    ("3.19", "/cgi-bin/snapshot.cgi", {"stream": 0, "upload": 0}, "upload"),
    (
        "3.20",
        "/cgi-bin/get_record_query",
        {"year": 2019, "month": 10, "day": 25},
        "RecordQueryInfo",
    ),
    ("3.22", "/cgi-bin/rtmp", {}, "RtmpConfig"),
    ("3.23", "/cgi-bin/setScheduleStorage", {}, "RecordConfig"),
    ("3.24", "/cgi-bin/setEventStorage", {}, "RecordConfig"),
    ("3.25", "/cgi-bin/getDevState", {}, "DevState"),
    ("3.26", "/cgi-bin/setAlarmState", {}, "setAlarmState"),
    ("3.27", "/cgi-bin/set_wdr", {}, "Capture"),
    ("3.28", "/cgi-bin/set_noise_reduction", {}, "Capture"),
    ("3.29", "/cgi-bin/set_start_codec", {}, "Encode"),
    ("3.30", "/cgi-bin/setBrightness_InfraredLamp", {}, "Capture"),
    ("3.31", "/cgi-bin/set_service_port", {}, "MediaStreamConfig"),
    ("3.32", "/cgi-bin/set_privacy_zone", {}, "Mask"),
    ("3.33", "/cgi-bin/set_flip", {}, "Capture"),
    ("3.35", "/cgi-bin/userosd", {"title_index": 0}, "userosd"),
    ("3.36", "/cgi-bin/set_led", {}, "Led"),
    ("3.37", "/cgi-bin/set_ircut", {}, "IrCut"),
    ("3.39", "/cgi-bin/setUidValidTime", {"validTime": 60}, "SetUidValidTime"),
    ("3.40", "/cgi-bin/setManualInputAlarm", {}, "ManualInputAlarm"),
    ("3.41", "/cgi-bin/onvif", {}, "OnvifConfig"),
    ("3.42", "/cgi-bin/rtsp", {}, "RtspConfig"),
    ("3.43", "/cgi-bin/getRelayStatus", {}, "RelayStatus"),
    ("3.44", "/cgi-bin/setRelayStatus", {"status": 0}, "RelayStatus"),
    ("3.44b", "/cgi-bin/setShutterSpeed", {}, "setShutterSpeed"),
    ("3.45", "/cgi-bin/setDeviceName", {"deviceName": "MC400L"}, "setDeviceName"),
]
# 3.21 and 3.34 (POST uploads) and 3.38 (an HTML page) are tested in test_media/test_login.


@pytest.mark.parametrize(
    ("path", "params", "root"),
    [case[1:] for case in SECTIONS],
    ids=[case[0] for case in SECTIONS],
)
async def test_section_answers(
    camera: Camera, path: str, params: Params, root: str
) -> None:
    """The section answers HTTP 200 with the spec's root element."""
    camera.sim.reset_counters()
    reply = await camera.xml(path, params)
    assert list(reply) == [root]
    assert camera.sim.counters[path] == 1


@pytest.mark.parametrize(("password", "shown"), [(None, "123456"), ("s3cret", None)])
async def test_index_page(
    camera: Camera, password: str | None, shown: str | None
) -> None:
    """`/` says what the simulator is, how to log in, and links the control API.

    A custom password is never shown; the request is not counted as a CGI call.
    """
    if password is not None:
        camera.sim.state.users["admin"].password = password
    status, text = await camera.get("/", uid=False)
    assert status == 200
    assert "IPC CGI camera simulator" in text
    assert 'href="/__sim__/state"' in text
    assert (shown in text) if shown else ("--password" in text)
    assert "s3cret" not in text
    assert "/" not in camera.sim.counters
