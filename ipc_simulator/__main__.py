"""Command line: `python -m ipc_simulator --port 8080 [--host 127.0.0.1]`."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from .app import Simulator
from .context import ENDPOINTS
from .endpoint_faults import EndpointFault, parse_endpoint_fault
from .faults import FaultKind
from .firmware import VERSIONS, endpoints_after


def _fault(spec: str) -> tuple[FaultKind, int | None]:
    """Parse `KIND` (every request) or `KIND:N` (the next N requests)."""
    kind, _, count = spec.partition(":")
    try:
        return FaultKind(kind), int(count) if count else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{spec}: expected KIND or KIND:N, KIND one of {', '.join(FaultKind)}"
        ) from None


def _endpoint(path: str) -> str:
    """Check that `path` is an endpoint of the camera."""
    if path not in ENDPOINTS:
        raise argparse.ArgumentTypeError(f"{path}: not an endpoint of the camera")
    return path


def _endpoint_fault(spec: str) -> tuple[str, EndpointFault]:
    """Parse `PATH:KIND` for an endpoint of the camera."""
    try:
        path, kind = parse_endpoint_fault(spec)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return _endpoint(path), kind


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m ipc_simulator", description="Simulated IPC HTTP CGI camera."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on")
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
            f"KIND one of {', '.join(EndpointFault)}; repeatable"
        ),
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log every request (path only)"
    )
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> Simulator:
    """Create the simulator the arguments describe."""
    sim = Simulator(
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


def main() -> None:
    """Serve the simulator until interrupted."""
    args = parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    sim = build(args)
    sim.host, sim.port = args.host, args.port
    account = "admin/123456" if args.password is None else "admin, --password"
    banner = f"IPC camera simulator on {sim.url} ({account})"
    # No access log: the CGI carries the password in the query.
    web.run_app(
        sim.app,
        host=args.host,
        port=args.port,
        # Called once the server listens: the banner says it is ready.
        print=lambda _: print(banner, flush=True),
        access_log=None,
    )


if __name__ == "__main__":
    main()
