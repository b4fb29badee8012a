"""`medlint languagetool fetch|serve|start|stop|status`.

Exit codes (all subcommands): 0 success; 1 LanguageTool unavailable or the action failed (one-line
reason on stderr); 2 usage error (argparse). `status` returns 3 when no managed server is running
(LSB convention). `serve` returns 0 when stopped by a signal or its idle timeout, 1 if Java died.
"""

import argparse
import json
import sys
from collections.abc import Callable

from . import paths
from .client import LanguageToolClient
from .errors import LanguageToolUnavailable
from .fetch import DEFAULT_VERSIONS, fetch, fetch_via_ltp
from .server import (
    DEFAULT_HEAP,
    DEFAULT_STARTUP_TIMEOUT,
    read_state,
    running_server,
    serve,
    start_background,
    stop,
)

NOT_RUNNING = 3


def _fetch(args: argparse.Namespace) -> int:
    if args.via == "language-tool-python":
        inst = fetch_via_ltp(args.version[0] if args.version else DEFAULT_VERSIONS[0])
        print(f"LanguageTool {inst.version} available at {inst.classpath}")
        return 0
    result = fetch(
        tuple(args.version or DEFAULT_VERSIONS),
        timeout=args.timeout,
        force=args.force,
        log=lambda msg: print(msg, file=sys.stderr),
    )
    verb = f"fetched in {result.seconds:.1f} s" if result.downloaded else "already fetched"
    size = f"{result.jars} jars, {result.bytes / 1e6:.1f} MB"
    print(f"LanguageTool {result.version} {verb}: {size} in {result.libs}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    return serve(
        port=args.port,
        idle_timeout=args.idle_timeout,
        startup_timeout=args.startup_timeout,
        heap=args.heap,
        announce=sys.stdout,
    )


def _start(args: argparse.Namespace) -> int:
    state = start_background(
        port=args.port, idle_timeout=args.idle_timeout, startup_timeout=args.startup_timeout, heap=args.heap
    )
    print(f"LanguageTool {state.version} running at {state.url} (pid {state.pid})")
    return 0


def _stop(args: argparse.Namespace) -> int:
    print("stopped" if stop(timeout=args.timeout) else "no managed LanguageTool server recorded")
    return 0


def _status(args: argparse.Namespace) -> int:
    state = running_server()
    if state is None:
        stale = read_state()
        print(
            json.dumps({"running": False})
            if args.json
            else f"not running{' (state file present but server not answering)' if stale else ''}; "
            f"state dir {paths.lt_home()}"
        )
        return NOT_RUNNING
    version = LanguageToolClient(state.url, timeout=5).version()
    if args.json:
        print(
            json.dumps(
                {
                    "running": True,
                    "url": state.url,
                    "pid": state.pid,
                    "version": version,
                    "idle_timeout": state.idle_timeout,
                }
            )
        )
    else:
        idle = f", idle timeout {state.idle_timeout:g} s" if state.idle_timeout else ""
        print(f"LanguageTool {version} running at {state.url} (pid {state.pid}{idle})")
    return 0


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--idle-timeout", type=float, metavar="S", help="exit after S seconds without checks")
    parser.add_argument("--startup-timeout", type=float, default=DEFAULT_STARTUP_TIMEOUT, metavar="S")
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="Java -Xmx value (default %(default)s)")


def add_subcommands(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `languagetool` to medlint's subcommands; dispatch with `args.func(args) -> int`.

    `args.func` converts LanguageToolUnavailable into a message on stderr and exit code 1.
    """
    lt = subparsers.add_parser("languagetool", help="fetch, run and inspect the local LanguageTool server")
    _fill(lt)


def _fill(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="lt_command", required=True, metavar="{fetch,serve,start,stop,status}")
    actions: dict[str, Callable[[argparse.Namespace], int]] = {}

    p = sub.add_parser("fetch", help="download LanguageTool jars from Maven Central (needs mvn, Java >= 17)")
    p.add_argument(
        "--version",
        action="append",
        metavar="V",
        help=f"version to try, repeatable (default: {' then '.join(DEFAULT_VERSIONS)})",
    )
    p.add_argument("--force", action="store_true", help="download again even if complete")
    p.add_argument("--timeout", type=float, default=600.0, metavar="S", help="bound on each mvn run")
    p.add_argument(
        "--via",
        choices=["maven", "language-tool-python"],
        default="maven",
        help="language-tool-python downloads the ~250 MB standalone zip from GitHub instead",
    )
    actions["fetch"] = _fetch
    p = sub.add_parser("serve", help="run the server in the foreground")
    _server_options(p)
    actions["serve"] = _serve
    p = sub.add_parser("start", help="start the server in the background (no-op if running)")
    _server_options(p)
    actions["start"] = _start
    p = sub.add_parser("stop", help="stop the background server")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="SIGKILL after S seconds")
    actions["stop"] = _stop
    p = sub.add_parser("status", help="is a managed server running? (exit 3 if not)")
    p.add_argument("--json", action="store_true")
    actions["status"] = _status

    def run(args: argparse.Namespace) -> int:
        try:
            return actions[args.lt_command](args)
        except LanguageToolUnavailable as exc:
            print(f"medlint languagetool {args.lt_command}: {exc}", file=sys.stderr)
            return 1

    parser.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    """Entry point for `medlint languagetool ...` / `python -m checks.languagetool ...` (argv after it)."""
    parser = argparse.ArgumentParser(prog="medlint languagetool", description=__doc__.splitlines()[0])
    _fill(parser)
    args = parser.parse_args(argv)
    return int(args.func(args))
