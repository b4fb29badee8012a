"""Run LanguageTool's HTTP server on loopback, record it in a state file, reuse it, stop it.

`serve` is the foreground supervisor: it starts Java, waits for `/v2/healthcheck`, writes the
state file and stops Java on SIGTERM/SIGINT or after `idle_timeout` seconds without client use
(clients touch `server.used`). `start_background` runs `serve` detached and waits (bounded) for it.
"""

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from . import paths
from .errors import LanguageToolUnavailable
from .fetch import FETCH_HINT, Installation, find_installation
from .java import require_java
from .transport import request, request_json

MAIN_CLASS = "org.languagetool.server.HTTPServer"
DEFAULT_HEAP = "1g"
DEFAULT_STARTUP_TIMEOUT = 60.0
PROBE_TIMEOUT = 2.0
SERVER_PROPERTIES = "pipelineCaching=true\nmaxPipelinePoolSize=20\npipelineExpireTimeInSeconds=3600\n"
WARM_UP = "This sentence warms up the English rules."
_DETACHED: list[subprocess.Popen[bytes]] = []  # daemons we started, kept to reap them


@dataclass(frozen=True)
class ServerState:
    url: str
    port: int
    pid: int  # the Java process
    supervisor_pid: int  # the `serve` process watching it
    version: str
    classpath: str
    started_at: float
    idle_timeout: float | None


def _alive(pid: int) -> bool:
    for child in _DETACHED:
        child.poll()  # reap our own exited daemons so they do not linger as zombies
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline_has(pid: int, needle: str) -> bool:
    """Guard against pid reuse before signalling (Linux /proc; elsewhere trust the pid)."""
    try:
        return needle.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists() and _alive(pid)
    except OSError:
        return False


def healthy(url: str, timeout: float = PROBE_TIMEOUT) -> bool:
    try:
        return request(f"{url}/v2/healthcheck", timeout=timeout).strip() == b"OK"
    except LanguageToolUnavailable:
        return False


def read_state(home: Path | None = None) -> ServerState | None:
    try:
        return ServerState(**json.loads(paths.state_file(home).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _write_state(state: ServerState, home: Path | None) -> None:
    target = paths.state_file(home)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(asdict(state), indent=1) + "\n")
    tmp.replace(target)


def _remove_state_if_ours(home: Path | None, supervisor_pid: int) -> None:
    state = read_state(home)
    if state is not None and state.supervisor_pid == supervisor_pid:
        paths.state_file(home).unlink(missing_ok=True)


def running_server(home: Path | None = None, probe_timeout: float = PROBE_TIMEOUT) -> ServerState | None:
    """The server recorded in the state file if it answers; a state file whose process is gone is removed."""
    state = read_state(home)
    if state is None:
        return None
    if not _alive(state.pid):
        _remove_state_if_ours(home, state.supervisor_pid)
        return None
    return state if healthy(state.url, probe_timeout) else None


def mark_used(home: Path | None = None) -> None:
    """Reset the idle clock of the managed server."""
    with contextlib.suppress(OSError):
        paths.used_file(home).touch()


def _idle_seconds(home: Path | None) -> float:
    try:
        return time.time() - paths.used_file(home).stat().st_mtime
    except OSError:
        return float("inf")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def java_command(
    java: str, classpath: str, port: int, heap: str = DEFAULT_HEAP, config: Path | None = None
) -> list[str]:
    """Without `--public` the server binds to loopback only."""
    cmd = [java, f"-Xmx{heap}", "-cp", classpath, MAIN_CLASS, "--port", str(port)]
    return [*cmd, "--config", str(config)] if config else cmd


def write_server_config(home: Path | None = None) -> Path:
    """Server properties: reuse rule pipelines between requests (about 4x faster per small request)."""
    config = paths.server_config(home)
    config.write_text(SERVER_PROPERTIES)
    return config


def _die_with_parent() -> None:
    """Linux: SIGTERM the child when its parent (the supervisor) dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _log_hint(log: Path) -> str:
    """The most telling line of a log: the last `Caused by`/exception line, else the last line."""
    try:
        lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    causes = [ln for ln in lines if ln.startswith(("Caused by", "Exception", "Error:", "error:"))]
    return (causes or lines or [""])[-1][:300]


def _terminate(proc: subprocess.Popen[Any], timeout: float = 10.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _wait_healthy(url: str, proc: subprocess.Popen[Any], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LanguageToolUnavailable(
                f"LanguageTool server exited with code {proc.returncode} during start-up: {_log_hint(log)}"
            )
        if healthy(url, min(PROBE_TIMEOUT, max(deadline - time.monotonic(), 0.1))):
            return
        time.sleep(0.2)
    _terminate(proc)
    raise LanguageToolUnavailable(f"LanguageTool server did not answer within {timeout:g} s (log: {log})")


class _Stop(Exception):
    pass


def _raise_stop(_signum: int, _frame: object) -> None:
    raise _Stop


def _launch(
    java: str, inst: Installation, port: int, heap: str, config: Path, log: IO[bytes]
) -> subprocess.Popen[bytes]:
    # the supervisor starts no threads, so preexec_fn is safe here
    return subprocess.Popen(
        java_command(java, inst.classpath, port, heap, config),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )


def serve(
    *,
    home: Path | None = None,
    installation: Installation | None = None,
    port: int | None = None,
    idle_timeout: float | None = None,
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
    heap: str = DEFAULT_HEAP,
    announce: IO[str] | None = None,
) -> int:
    """Run the server in the foreground until signalled or idle.

    Returns 0 after SIGTERM/SIGINT/SIGHUP or the idle timeout, 1 if Java dies while serving.
    Raises LanguageToolUnavailable if Java/jars are missing, a managed server already runs, or
    start-up fails within `startup_timeout` seconds.
    """
    home = home or paths.lt_home()
    home.mkdir(parents=True, exist_ok=True)
    if (current := running_server(home)) is not None:
        raise LanguageToolUnavailable(
            f"a LanguageTool server is already running at {current.url} "
            f"(pid {current.pid}); `medlint languagetool stop` first"
        )
    inst = installation or find_installation(home)
    if inst is None:
        raise LanguageToolUnavailable(f"LanguageTool jars not found in {home}; {FETCH_HINT}")
    java = require_java()
    config = write_server_config(home)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {s: signal.signal(s, _raise_stop) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    me = os.getpid()
    proc: subprocess.Popen[bytes] | None = None
    try:
        for attempt in range(2):  # a free port can be taken between probing and binding: retry once
            chosen = port or free_port()
            url = f"http://127.0.0.1:{chosen}"
            with paths.server_log(home).open("wb") as log:
                proc = _launch(java, inst, chosen, heap, config, log)
            try:
                _wait_healthy(url, proc, startup_timeout, paths.server_log(home))
                break
            except LanguageToolUnavailable:
                if port or attempt or "PortBinding" not in paths.server_log(home).read_text(errors="replace"):
                    raise
        assert proc is not None
        try:
            version = str(request_json(f"{url}/v2/info", timeout=PROBE_TIMEOUT)["software"]["version"])
        except (LanguageToolUnavailable, KeyError, TypeError):
            version = inst.version
        with contextlib.suppress(LanguageToolUnavailable):  # load the English rules now, not on first use
            request(f"{url}/v2/check", timeout=startup_timeout, data={"language": "en-US", "text": WARM_UP})
        _write_state(
            ServerState(url, chosen, proc.pid, me, version, inst.classpath, time.time(), idle_timeout), home
        )
        mark_used(home)
        if announce:
            where = f"{url} (java pid {proc.pid}); log: {paths.server_log(home)}"
            print(f"LanguageTool {version} listening on {where}", file=announce, flush=True)
        poll = min(1.0, idle_timeout / 4) if idle_timeout else 1.0
        while True:
            time.sleep(poll)
            if proc.poll() is not None:
                if announce:
                    hint = _log_hint(paths.server_log(home))
                    print(
                        f"LanguageTool exited with code {proc.returncode}: {hint}", file=announce, flush=True
                    )
                return 1
            if idle_timeout and _idle_seconds(home) > idle_timeout:
                if announce:
                    print(f"idle for {idle_timeout:g} s: stopping", file=announce, flush=True)
                return 0
    except _Stop:
        return 0
    finally:
        if proc is not None:
            _terminate(proc)
        _remove_state_if_ours(home, me)
        for sig, old in handlers.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def _start_lock(home: Path, timeout: float) -> Iterator[None]:
    """Serialise concurrent on-demand starts (bounded wait)."""
    with paths.lock_file(home).open("a") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LanguageToolUnavailable(
                        f"another medlint is starting LanguageTool and did not finish within {timeout:g} s"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def start_background(
    *,
    home: Path | None = None,
    port: int | None = None,
    idle_timeout: float | None = None,
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
    heap: str = DEFAULT_HEAP,
) -> ServerState:
    """Reuse the running managed server or start a detached `serve`; wait at most `startup_timeout` s."""
    home = home or paths.lt_home()
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home, startup_timeout + 5):
        if (state := running_server(home)) is not None:
            return state
        if find_installation(home) is None:
            raise LanguageToolUnavailable(f"LanguageTool jars not found in {home}; {FETCH_HINT}")
        require_java()
        opts = ["--startup-timeout", str(startup_timeout), "--heap", heap]
        cmd = [sys.executable, "-m", "checks.languagetool", "serve", *opts]
        cmd += ["--port", str(port)] if port else []
        cmd += ["--idle-timeout", str(idle_timeout)] if idle_timeout else []
        package_root = str(Path(__file__).resolve().parents[2])
        env = {
            **os.environ,
            paths.HOME_ENV: str(home),
            "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
        }
        log = paths.supervisor_log(home)
        with log.open("wb") as out:
            child = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        _DETACHED.append(child)
        deadline = time.monotonic() + startup_timeout + 5  # the child enforces startup_timeout itself
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise LanguageToolUnavailable(
                    f"LanguageTool server failed to start (exit {child.returncode}): {_log_hint(log)}"
                )
            state = read_state(home)
            if state is not None and state.supervisor_pid == child.pid and healthy(state.url):
                return state
            time.sleep(0.2)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        raise LanguageToolUnavailable(
            f"LanguageTool server did not start within {startup_timeout:g} s (log: {log})"
        )


def stop(home: Path | None = None, timeout: float = 10.0) -> bool:
    """Stop the managed server; False if none was recorded. Escalates to SIGKILL after `timeout` s."""
    state = read_state(home)
    if state is None:
        return False
    targets = [
        (p, n)
        for p, n in ((state.supervisor_pid, "languagetool"), (state.pid, MAIN_CLASS))
        if _alive(p) and _cmdline_has(p, n)
    ]
    for pid, _ in targets:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p, _ in targets) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid, _ in targets:
        with contextlib.suppress(ProcessLookupError):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    paths.state_file(home).unlink(missing_ok=True)
    return True
