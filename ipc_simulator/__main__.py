"""Command line: `python -m ipc_simulator --port 8080 [--host 127.0.0.1] [--cameras N]`."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
import logging
import signal

from aiohttp import web

from .app import Simulator, check_endpoint_fault, known_paths
from .discovery import serve_discovery
from .endpoint_faults import KINDS, AnyFault, parse_endpoint_fault
from .faults import FaultKind
from .firmware import VERSIONS, endpoints_after
from .state import numbered_identity


def _fault(spec: str) -> tuple[FaultKind, int | None]:
    """Parse `KIND` (every request) or `KIND:N` (the next N requests)."""
    kind, _, count = spec.partition(":")
    try:
        return FaultKind(kind), int(count) if count else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{spec}: expected KIND or KIND:N, KIND one of {', '.join(FaultKind)}"
        ) from None


def _camera_count(text: str) -> int:
    """Parse --cameras: 1 to 1000."""
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"{text}: expected 1 to 1000")
    return int(text)


def _endpoint(path: str) -> str:
    """Check that `path` is an endpoint of the camera."""
    if path not in known_paths():
        raise argparse.ArgumentTypeError(f"{path}: not an endpoint of the camera")
    return path


def _endpoint_fault(spec: str) -> tuple[str, AnyFault]:
    """Parse `PATH:KIND` for an endpoint of the camera."""
    try:
        path, kind = parse_endpoint_fault(spec)
        check_endpoint_fault(path, kind)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return path, kind


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m ipc_simulator", description="Simulated IPC HTTP CGI camera."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on")
    parser.add_argument(
        "--cameras",
        type=_camera_count,
        default=1,
        metavar="N",
        help="N cameras (1-1000) on ports --port, --port+1, ...; MAC, serial, name differ",
    )
    parser.add_argument("--no-ptz", action="store_true", help="a camera without PTZ")
    parser.add_argument(
        "--reboot-seconds",
        type=float,
        default=3.0,
        help="how long reboot and factory reset make the camera unreachable",
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every request"
    )
    parser.add_argument(
        "--fault",
        type=_fault,
        action="append",
        default=[],
        metavar="KIND[:N]",
        help=f"inject a fault ({', '.join(FaultKind)}); repeatable",
    )
    parser.add_argument("--password", help="the admin password (default 123456)")
    parser.add_argument(
        "--firmware",
        choices=VERSIONS,
        default=VERSIONS[-1],
        help="lack the endpoints later revisions of the spec added (default 1.0.10)",
    )
    parser.add_argument(
        "--missing-endpoint",
        type=_endpoint,
        action="append",
        default=[],
        metavar="PATH",
        help="answer HTTP 404 at this path, e.g. /cgi-bin/getRelayStatus; repeatable",
    )
    parser.add_argument(
        "--fault-endpoint",
        type=_endpoint_fault,
        action="append",
        default=[],
        metavar="PATH:KIND",
        help=(
            "this path always answers badly, e.g. /cgi-bin/image:500; "
            f"KIND one of {', '.join(KINDS)}; repeatable"
        ),
    )
    parser.add_argument(
        "--discovery-port",
        type=int,
        metavar="PORT",
        help="answer ONVIF WS-Discovery probes sent to this UDP port of --host (unicast)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log every request (path only)"
    )
    return parser.parse_args(argv)


def build(args: argparse.Namespace, index: int = 0) -> Simulator:
    """Create the simulator the arguments describe (camera `index` of --cameras)."""
    sim = Simulator(
        device=numbered_identity(index),
        ptz=not args.no_ptz,
        reboot_seconds=args.reboot_seconds,
        missing_endpoints=endpoints_after(args.firmware) | set(args.missing_endpoint),
    )
    if args.latency:
        sim.faults.inject(FaultKind.LATENCY, None, seconds=args.latency)
    for kind, count in args.fault:
        sim.faults.inject(kind, count)
    for path, endpoint_fault in args.fault_endpoint:
        sim.fault_endpoint(path, endpoint_fault)
    if args.password is not None:
        sim.state.users["admin"].password = args.password
    return sim


def _mover(
    runner: web.AppRunner, site: web.TCPSite, sim: Simulator
) -> Callable[[str], Awaitable[None]]:
    """Return the camera's `rebind`: listen on another address, then close the old."""
    sites = [site]

    async def rebind(host: str) -> None:
        new = web.TCPSite(runner, host, sim.port)
        await new.start()
        old = sites.pop()
        sites.append(new)
        await old.stop()

    return rebind


async def _serve(args: argparse.Namespace, sims: list[Simulator], banner: str) -> None:
    """Serve every camera (each its own runner, so it can move) until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    # No access log: the CGI carries the password in the query.
    runners = [web.AppRunner(sim.app, access_log=None) for sim in sims]
    discovery = None
    try:
        for runner, sim in zip(runners, sims, strict=True):
            await runner.setup()
            site = web.TCPSite(runner, args.host, sim.port)
            await site.start()
            sim.rebind = _mover(runner, site, sim)
        if args.discovery_port is not None:
            discovery = await serve_discovery(sims, args.host, args.discovery_port)
        # Printed once every camera listens: the banner says they are ready.
        print(banner, flush=True)
        await stop.wait()
    finally:
        if discovery is not None:
            await discovery.close()
        for runner in runners:
            await runner.cleanup()


def main() -> None:
    """Serve the simulated cameras until interrupted."""
    args = parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    sims = [build(args, index) for index in range(args.cameras)]
    for index, sim in enumerate(sims):
        sim.host, sim.port = args.host, args.port + index
    account = "admin/123456" if args.password is None else "admin, --password"
    where = sims[0].url if len(sims) == 1 else f"{sims[0].url} to {sims[-1].url}"
    asyncio.run(_serve(args, sims, f"IPC camera simulator on {where} ({account})"))


if __name__ == "__main__":
    main()
