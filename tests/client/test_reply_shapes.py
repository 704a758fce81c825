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
    IpcCgiClient,
    IpcCgiFaultError,
    IpcCgiResponseError,
    Privilege,
    TimeFormat,
    User,
    VideoEncoderConfig,
)
from custom_components.ipc_cgi.ipccgi.models import (
    ShutterConfig,
    parse_device_name,
    parse_recordings,
    parse_uid_valid_time,
    parse_users,
)
from custom_components.ipc_cgi.ipccgi.parser import (
    UidRejectedError,
    parse_datetime,
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
            lambda: DeviceState.from_xml(
                _node('<DevState sd1="1" run_time="1-2" MemTotal="1" MemFree="1"/>')
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
