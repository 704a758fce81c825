"""Users and privileges (3.18)."""

from __future__ import annotations

import pytest

from ipc_simulator import Privilege, Simulator, User

from .conftest import Camera


def add_params(
    name: str, privilege: str = "User", enable: str = "Enable"
) -> dict[str, str]:
    """Return the parameters of an add."""
    return {
        "action": "add",
        "name": name,
        "newpasswd": "pw",
        "privilege": privilege,
        "enable": enable,
    }


async def test_add_edit_delete(camera: Camera, simulator: Simulator) -> None:
    """An administrator manages users; get_user lists them without passwords."""
    reply = await camera.xml("/cgi-bin/user_management", add_params("bob"))
    assert reply == {"user_management": "OK"}
    users = await camera.xml("/cgi-bin/user_management", {"action": "get_user"})
    assert users["user_management"]["user"][1] == {
        "@name": "bob",
        "@privilege": "User",
        "@enable": "Enable",
    }
    edit = {
        "action": "edit",
        "name": "bob",
        "privilege": "Operator",
        "newpasswd": "new",
    }
    await camera.xml("/cgi-bin/user_management", edit)
    assert simulator.state.users["bob"] == User("bob", "new", Privilege.OPERATOR, True)
    await camera.xml("/cgi-bin/user_management", {"action": "delete", "name": "bob"})
    assert "bob" not in simulator.state.users


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"action": "rename"}, "action: add or edit or delete"),
        ({"action": "delete", "name": "ghost"}, "error username"),
        ({"action": "edit", "name": "ghost"}, "username none exist to edit"),
        (add_params("admin"), "error username duplicated"),
        (
            add_params("eve", privilege="Root"),
            "privilege: User or Administrator or Operator",
        ),
        (add_params("eve", enable="On"), "enable: Enable or Disable"),
        (
            {"action": "add", "name": "eve"},
            "The parameters must Correct include name,newpasswd,privilege,enable",
        ),
    ],
)
async def test_user_management_faults(
    camera: Camera, simulator: Simulator, params: dict[str, str], reason: str
) -> None:
    """Bad requests give the spec's reasons and change no user."""
    assert (await camera.fault("/cgi-bin/user_management", params))[1] == reason
    assert list(simulator.state.users) == ["admin"]


async def test_user_privilege_reads_only(camera: Camera, simulator: Simulator) -> None:
    """A User reads configuration but any change is `permission denied`."""
    simulator.state.users["viewer"] = User("viewer", "pw", Privilege.USER)
    await camera.login("viewer", "pw")
    assert (await camera.xml("/cgi-bin/image"))["image"]["@brightness"] == "128"
    for path, params in (
        ("/cgi-bin/image", {"brightness": 1}),
        ("/cgi-bin/setRelayStatus", {"status": 1}),
        ("/cgi-bin/ptz_ctrl", {"stop": 1}),
        ("/cgi-bin/reboot", {}),
    ):
        assert await camera.fault(path, params) == (path, "permission denied")
    assert simulator.state.image.brightness == 128
    assert simulator.online
    reason = (await camera.fault("/cgi-bin/user_management", add_params("x")))[1]
    assert reason == "Non-administrators cannot edit users"


async def test_operator_cannot_manage_users(
    camera: Camera, simulator: Simulator
) -> None:
    """An Operator changes settings but not users."""
    simulator.state.users["op"] = User("op", "pw", Privilege.OPERATOR)
    await camera.login("op", "pw")
    await camera.xml("/cgi-bin/image", {"brightness": 1})
    assert simulator.state.image.brightness == 1
    params = {"action": "delete", "name": "admin"}
    reason = (await camera.fault("/cgi-bin/user_management", params))[1]
    assert reason == "Non-administrators cannot edit users"


async def test_disabled_user(camera: Camera, simulator: Simulator) -> None:
    """A disabled user cannot log in, and loses a live uid."""
    await camera.xml("/cgi-bin/user_management", add_params("bob"))
    bob = Camera(simulator, camera.session)
    await bob.login("bob", "pw")
    await camera.xml(
        "/cgi-bin/user_management",
        {"action": "edit", "name": "bob", "enable": "Disable"},
    )
    assert (await bob.fault("/cgi-bin/keep_alive"))[1] == "uid error"
    params = {"username": "bob", "password": "pw"}
    assert (await bob.fault("/cgi-bin/getuid", params, uid=False))[
        1
    ] == "password error"
