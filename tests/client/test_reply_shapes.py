"""Reply shapes the simulator does not give, and small contracts around them.

A fake camera answers each path with a canned body; the models are also fed
other firmware's spellings directly.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.ipc_cgi.ipccgi import (
    DeviceState,
    ImageConfig,
    IpcCgiClient,
    IpcCgiFaultError,
    IpcCgiResponseError,
    Privilege,
    ServicePorts,
    TimeFormat,
    User,
    VideoEncoderConfig,
)
from custom_components.ipc_cgi.ipccgi.exceptions import UidRejectedError
from custom_components.ipc_cgi.ipccgi.models import (
    ShutterConfig,
    parse_auth_flag,
    parse_device_name,
    parse_recordings,
    parse_uid_valid_time,
    parse_users,
)
from custom_components.ipc_cgi.ipccgi.parser import (
    check_reply,
    parse_datetime,
    parse_range,
    parse_xml,
)
from ipc_simulator import Simulator

from .conftest import PASSWORD

DECL = '<?xml version="1.0" encoding="UTF-8"?>'
JPEG_START, JPEG_END = b"\xff\xd8\xff", b"\xff\xd9"


class CannedCamera:
    """Logs in, and answers every other path with the body set for it."""

    def __init__(self) -> None:
        """Start with no canned replies."""
        self.bodies: dict[str, bytes] = {}
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path == "/cgi-bin/getuid":
            return web.Response(text=f"{DECL}<uid>abcdef01</uid>")
        return web.Response(body=self.bodies[request.path])


@pytest.fixture
async def canned(
    socket_enabled: None, session: aiohttp.ClientSession
) -> AsyncGenerator[tuple[CannedCamera, IpcCgiClient]]:
    """Run the canned camera on 127.0.0.1; return it and a client of it."""
    camera = CannedCamera()
    server = TestServer(camera.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    try:
        yield (
            camera,
            IpcCgiClient(
                "127.0.0.1", server.port or 0, password=PASSWORD, session=session
            ),
        )
    finally:
        await server.close()


@pytest.mark.parametrize(
    ("path", "body", "call"),
    [
        (
            "/cgi-bin/factory_reset",
            b"<factory_reset>false</factory_reset>",
            lambda client: client.factory_reset(),
        ),
        (
            "/cgi-bin/ptz_ctrl",
            b"<ptz_ctrl>false</ptz_ctrl>",
            lambda client: client.ptz_stop(),
        ),
        (
            "/cgi-bin/snapshot.cgi",
            b"<upload>failed</upload>",
            lambda client: client.snapshot_upload(0),
        ),
    ],
)
async def test_a_refusal_in_the_reply_text_is_an_error(
    canned: tuple[CannedCamera, IpcCgiClient],
    path: str,
    body: bytes,
    call: Callable[[IpcCgiClient], Awaitable[Any]],
) -> None:
    """A command whose reply does not say it worked is not taken as done."""
    camera, client = canned
    camera.bodies[path] = body
    with pytest.raises(IpcCgiResponseError, match="^unexpected reply"):
        await call(client)


async def test_an_upload_answered_in_plain_text_works(
    canned: tuple[CannedCamera, IpcCgiClient],
) -> None:
    """3.21/3.34 print no reply: any answer that is not a fault is success."""
    camera, client = canned
    camera.bodies["/OnvifFirmwareUpgrade"] = b"upgrade ok"
    camera.bodies["/WebCertificateUploadFile"] = b"<html>uploaded</html>"
    await client.upgrade_firmware(b"image")
    await client.upload_certificate(b"cert", "server.crt")


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        (JPEG_START + JPEG_END, True),  # shorter than the tail looked at
        (JPEG_START + b"x" * 100 + JPEG_END + b"\0" * 62, True),
        (JPEG_START + b"x" * 100 + JPEG_END + b"\0" * 63, False),
    ],
)
async def test_jpeg_end_marker_in_the_last_64_bytes(
    canned: tuple[CannedCamera, IpcCgiClient], body: bytes, accepted: bool
) -> None:
    """A snapshot must end (0xFFD9) within its last 64 bytes, or it was cut off."""
    camera, client = canned
    camera.bodies["/cgi-bin/snapshot.cgi"] = body
    if accepted:
        assert await client.snapshot() == body
    else:
        with pytest.raises(IpcCgiResponseError, match="truncated JPEG image$"):
            await client.snapshot()


def test_repr_names_the_scheme() -> None:
    """The repr shows http or https as the client talks."""
    assert (
        repr(IpcCgiClient("cam", 80)) == "IpcCgiClient(http://cam:80, username='admin')"
    )
    assert repr(IpcCgiClient("cam", 443, https=True)).startswith(
        "IpcCgiClient(https://"
    )


async def test_generic_request_sends_its_parameters(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """The low-level call sends the parameters given."""
    await client.request("/cgi-bin/set_start_codec", {"stream1_enable": 0})
    assert simulator.state.sub_stream_enabled is False


async def test_ptz_move_default_speed(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """Without a speed the head moves at 5, the middle of 1-10."""
    await client.ptz_move(1, 0)
    assert simulator.state.ptz.speed == 5


def _node(xml: str) -> Any:
    return parse_xml(xml.encode())


@pytest.mark.parametrize(
    ("attributes", "enabled"),
    [
        ('enable="Enable"', True),
        ('enable="1"', True),
        ('enabled="true"', True),
        ('status="enabled"', True),
        ('enable="Disable"', False),
        ('enabled="0"', False),
        ('status="false"', False),
    ],
)
def test_user_enabled_spellings(attributes: str, enabled: bool) -> None:
    """Firmware writes the account switch as enable, enabled or status, in words or digits."""
    user = User.from_xml(_node(f'<user name="a" privilege="operator" {attributes}/>'))
    assert (user.name, user.privilege, user.enabled) == (
        "a",
        Privilege.OPERATOR,
        enabled,
    )


def test_user_name_spelt_username() -> None:
    """Some firmware names the account `username`."""
    user = User.from_xml(_node('<user username="b" privilege="USER" enable="1"/>'))
    assert (user.name, user.privilege) == ("b", Privilege.USER)


def test_users_nested_deeper() -> None:
    """The list is found however deep the firmware nests it."""
    node = _node(
        '<user_management><users><group><user name="a" privilege="User" enable="1"/>'
        '</group><user name="b" privilege="User" enable="0"/></users></user_management>'
    )
    assert [user.name for user in parse_users(node)] == ["a", "b"]


def test_recording_without_start_time() -> None:
    """A recording item without its start time still lists (3.20)."""
    node = _node(
        '<RecordQueryInfo><items filepath="/mnt/a.mp4" filesize="10" record_mode="2"'
        ' media_type="3" stream_index="1"/></RecordQueryInfo>'
    )
    (recording,) = parse_recordings(node)
    assert (recording.filepath, recording.start_time) == ("/mnt/a.mp4", None)


@pytest.mark.parametrize(
    "text", ["Set device name(Garage) failed!", "Set device name successful!"]
)
def test_device_name_reply_without_success_or_name(text: str) -> None:
    """3.45: only `...(name) successful!` is a success."""
    with pytest.raises(IpcCgiFaultError):
        parse_device_name(_node(f"<setDeviceName>{text}</setDeviceName>"))


def test_replies_without_their_values_say_so() -> None:
    """A reply missing what it must carry is an invalid reply that says what lacks."""
    with pytest.raises(
        IpcCgiResponseError, match="^SetUidValidTime reply without seconds$"
    ):
        parse_uid_valid_time(_node("<SetUidValidTime>done</SetUidValidTime>"))
    with pytest.raises(
        IpcCgiResponseError, match="^setShutterSpeed reply without all values$"
    ):
        ShutterConfig.from_xml(
            _node("<setShutterSpeed>Set dayShutterMode=0</setShutterSpeed>")
        )


def test_uid_rejection_message() -> None:
    """The internal uid rejection reads as what it is, and names no uid yet."""
    err = UidRejectedError()
    assert (str(err), err.rejected_uid) == ("The camera refused the session", None)


async def test_titles_keep_their_spaces(client: IpcCgiClient) -> None:
    """An overlay title is shown as typed: its leading and trailing spaces stay."""
    assert (await client.set_osd(title="  Gate  ")).title == "  Gate  "
    assert (await client.set_user_osd(1, title=" Yard ")).title == " Yard "


async def test_other_spellings_of_grid_and_time_format(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """`22 X 18 ` is the 22x18 grid; a time format written as in the URL (`_`) is known."""
    simulator.state.motion.block_count = "22 X 18 "
    assert (await client.get_motion()).block_count == (22, 18)
    simulator.state.osd.time_format = "yyyy-mm-dd_hh:mm:ss"
    assert (await client.get_osd()).time_format == TimeFormat.YMD_DASH


@pytest.mark.parametrize(
    ("parse", "message"),
    [
        (lambda: parse_xml(b"OK"), "reply is not XML"),
        (
            lambda: parse_datetime("9" * 50),
            f"invalid time {'9' * 40!r}",
        ),
        (
            lambda: parse_datetime("2020-1-16-12-12-" + "4" * 19),
            f"invalid time {'2020-1-16-12-12-' + '4' * 19!r}",
        ),
        (
            lambda: DeviceState.from_xml(
                _node('<DevState sd1="1" run_time="1-2" MemTotal="1" MemFree="1"/>')
            ),
            "DevState reply with an invalid run_time",
        ),
        (
            lambda: DeviceState.from_xml(
                _node(
                    f'<DevState sd1="1" run_time="0-0-0-{"4" * 19}"'
                    ' MemTotal="1" MemFree="1"/>'
                )
            ),
            "DevState reply with an invalid run_time",
        ),
        (
            lambda: DeviceState.from_xml(
                _node(
                    '<DevState sd1="1" run_time="999999999999-0-0-0"'
                    ' MemTotal="1" MemFree="1"/>'
                )
            ),
            "DevState reply with an invalid run_time",
        ),
        (
            lambda: VideoEncoderConfig.from_xml(_node("<videoencoder/>")),
            "videoencoder reply without streams",
        ),
    ],
)
def test_invalid_reply_messages(parse: Callable[[], Any], message: str) -> None:
    """An invalid reply says what is wrong with it, briefly."""
    with pytest.raises(IpcCgiResponseError) as err:
        parse()
    assert str(err.value) == message


async def test_unexpected_reply_names_its_tag_briefly(
    canned: tuple[CannedCamera, IpcCgiClient],
) -> None:
    """A reply with another root names it, cut to 40 characters."""
    camera, client = canned
    camera.bodies["/cgi-bin/keep_alive"] = f"<{'t' * 50}>true</{'t' * 50}>".encode()
    with pytest.raises(IpcCgiResponseError) as err:
        await client.keep_alive()
    assert str(err.value) == f"unexpected reply {'t' * 40} for keep_alive"


def test_uid_valid_time_before_any_login() -> None:
    """A camera keeps an idle uid 60 s unless told otherwise (chapter 3)."""
    assert IpcCgiClient("cam").uid_valid_time == 60


@pytest.mark.parametrize(
    ("xml", "name", "expected"),
    [
        ('<OnvifConfig onvif_auth="1"/>', "onvif_auth", True),
        ('<OnvifConfig enable="1"/>', "onvif_auth", True),
        ('<RtspConfig enable="0"/>', "rtsp_auth", False),
    ],
)
def test_auth_switch_spellings(xml: str, name: str, expected: bool) -> None:
    """3.41/3.42 replies name the switch after the endpoint or `enable`."""
    assert parse_auth_flag(_node(xml), name) is expected


def test_anti_flicker_spellings() -> None:
    """3.14 spells it `antificker`; firmware that spells it right is read too."""
    levels = 'brightness="1" contrast="2" saturation="3" sharpness="4"'
    for spelling in ("antificker", "antiflicker"):
        image = ImageConfig.from_xml(_node(f'<image {levels} {spelling}="1"/>'))
        assert image.anti_flicker is True
    assert ImageConfig.from_xml(_node(f"<image {levels}/>")).anti_flicker is None


def test_service_ports_with_or_without_their_wrapper() -> None:
    """3.31's `<StreamAccess>` is read inside `<MediaStreamConfig>` or alone."""
    access = (
        '<StreamAccess enable_web="1" enable_comm="0" enable_rtsp="1" enable_hik="0"'
        ' webport="81" rtspport="554"/>'
    )
    for xml in (access, f"<MediaStreamConfig>{access}</MediaStreamConfig>"):
        ports = ServicePorts.from_xml(_node(xml))
        assert (ports.web_enabled, ports.control_enabled, ports.web_port) == (
            True,
            False,
            81,
        )


def test_fault_without_its_value_names_the_path() -> None:
    """A fault with a reason but no value is the request's path's fault."""
    with pytest.raises(IpcCgiFaultError) as err:
        check_reply("/cgi-bin/x", 400, b"<fault><reason>bad</reason></fault>")
    assert (err.value.value, err.value.reason) == ("/cgi-bin/x", "bad")


def test_only_the_leading_declaration_is_dropped() -> None:
    """Content after the root element, even a declaration, is not valid XML."""
    with pytest.raises(IpcCgiResponseError, match="^reply is not valid XML$"):
        parse_xml(b'<?xml version="1.0"?><a/><?xml version="1.0"?>')


@pytest.mark.parametrize(
    ("parse", "message"),
    [
        (
            lambda: parse_xml(b"<html><body>login</body></html>"),
            "reply is an HTML page",
        ),
        (
            lambda: parse_range("1-2-3 " + "9" * 50),
            f"invalid range {('1-2-3 ' + '9' * 50)[:40]!r}",
        ),
        (
            lambda: _node('<wdr wdr_value="1"/>').string("enable"),
            "wdr reply without enable",
        ),
    ],
)
def test_more_invalid_reply_messages(parse: Callable[[], Any], message: str) -> None:
    """An invalid reply says what is wrong with it, briefly."""
    with pytest.raises(IpcCgiResponseError) as err:
        parse()
    assert str(err.value) == message
