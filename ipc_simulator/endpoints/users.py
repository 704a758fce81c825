"""User management (3.18)."""

from __future__ import annotations

from ipc_simulator.context import CgiRequest, endpoint
from ipc_simulator.state import Privilege, User
from ipc_simulator.validation import Fault, word
from ipc_simulator.xml import element

from .common import reply

ADD_PARAMS = ("name", "newpasswd", "privilege", "enable")
MISSING_FOR_ADD = "The parameters must Correct include name,newpasswd,privilege,enable"
check_privilege = word(
    [p.value for p in Privilege], "privilege: User or Administrator or Operator"
)
check_enable = word(("Enable", "Disable"), "enable: Enable or Disable")


@endpoint("/cgi-bin/user_management")
async def user_management(request: CgiRequest) -> str:
    """3.18: get_user lists the users; add, edit and delete need an Administrator."""
    params = request.params
    action = params.get("action", "get_user")
    if action == "get_user":
        return _user_list(request)
    if action not in ("add", "edit", "delete"):
        raise Fault("action: add or edit or delete")
    if request.user is None or request.user.privilege is not Privilege.ADMINISTRATOR:
        raise Fault("Non-administrators cannot edit users")
    users = request.state.users
    name = params.get("name", "")
    if action == "add":
        if not all(params.get(key) for key in ADD_PARAMS):
            raise Fault(MISSING_FOR_ADD)
        if len(name.encode()) > 40:
            raise Fault("error username")
        privilege = Privilege(check_privilege(params["privilege"]))
        enabled = check_enable(params["enable"]) == "Enable"
        if name in users:
            raise Fault("error username duplicated")
        users[name] = User(name, params["newpasswd"], privilege, enabled)
    elif action == "delete":
        if name not in users:
            raise Fault("error username")
        del users[name]
        request.sim.sessions.expire_user(name)
    else:
        if name not in users:
            raise Fault("username none exist to edit")
        privilege = users[name].privilege
        if "privilege" in params:
            privilege = Privilege(check_privilege(params["privilege"]))
        enabled = users[name].enabled
        if "enable" in params:
            enabled = check_enable(params["enable"]) == "Enable"
        user = users[name]
        user.password = params.get("newpasswd") or user.password
        user.privilege = privilege
        user.enabled = enabled
        if not enabled:
            request.sim.sessions.expire_user(name)
    return reply("user_management", text="OK")


def _user_list(request: CgiRequest) -> str:
    """Return every user (no passwords); the spec prints no shape for this."""
    return reply(
        "user_management",
        children=[
            element(
                "user",
                {
                    "name": user.name,
                    "privilege": user.privilege.value,
                    "enable": "Enable" if user.enabled else "Disable",
                },
            )
            for user in request.state.users.values()
        ],
        open_close=True,
    )
