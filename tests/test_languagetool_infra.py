"""LanguageTool infrastructure: fault behaviour against stand-ins, then the real server.

Stand-ins are one small Python script that plays a LanguageTool HTTP server and, when called as
`java`, a Java runtime. Real-server tests use the `languagetool_server` session fixture (move it
to conftest.py when other test files need it); they skip when no jars are fetched, unless
MEDLINT_REQUIRE_LANGUAGETOOL=1, which turns the skip into a failure (set it in CI).
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.languagetool import paths
from checks.languagetool.cli import main as lt_main
from checks.languagetool.client import LanguageToolClient, connect, utf16_to_index
from checks.languagetool.errors import LanguageToolUnavailable
from checks.languagetool.fetch import LANGUAGE_MODULES, fetch, find_installation
from checks.languagetool.java import require_java
from checks.languagetool.server import read_state, running_server, start_background, stop

STAND_IN = textwrap.dedent('''
    """Plays LanguageTool's HTTP server; as `java -version` prints $STAND_IN_JAVA_VERSION."""
    import json, os, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    argv = sys.argv[1:]
    if "-version" in argv:
        version = os.environ.get("STAND_IN_JAVA_VERSION", "17.0.9")
        print(f'openjdk version "{version}" 2023-10-17', file=sys.stderr)
        sys.exit(0)
    mode = os.environ.get("STAND_IN_MODE", "ok")
    if mode == "crash":
        print("Caused by: java.lang.IllegalArgumentException: stand-in start-up failure", flush=True)
        sys.exit(1)
    if mode == "hang":
        time.sleep(60)
        sys.exit(0)
    port = int(argv[argv.index("--port") + 1])
    delay = float(os.environ.get("STAND_IN_DELAY", "0"))
    record = os.environ.get("STAND_IN_RECORD")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, body, kind="application/json"):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/v2/healthcheck":
                self.reply("OK", "text/plain")
            elif self.path == "/v2/info":
                self.reply({"software": {"name": "LanguageTool", "version": "0.0-stand-in"}})
            elif self.path == "/v2/languages":
                self.reply([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
            else:
                self.send_error(404)

        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            params = {k: v[0] for k, v in form.items()}
            if record:
                with open(record, "a") as fh:
                    fh.write(json.dumps(params) + "\\n")
            time.sleep(delay)
            text, matches, start = params["text"], [], 0
            while (hit := text.find("teh", start)) >= 0:  # Java offsets: UTF-16 code units
                start = hit + 3
                if "TEH" in params.get("disabledRules", ""):
                    continue
                matches.append({"offset": len(text[:hit].encode("utf-16-le")) // 2, "length": 3,
                                "message": "Possible spelling mistake found.",
                                "replacements": [{"value": v} for v in "the ten tea tech Ted tee".split()],
                                "rule": {"id": "TEH", "description": "d", "issueType": "misspelling",
                                         "category": {"id": "TYPOS", "name": "Possible Typo"}}})
            self.reply({"software": {"version": "0.0-stand-in"}, "matches": matches})

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
''')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    script = tmp_path / "bin" / "java"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{STAND_IN}")
    script.chmod(0o755)
    return script


def _serve_stand_in(stand_in: Path, env: dict[str, str] | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    port = _free_port()
    proc = subprocess.Popen([str(stand_in), "--port", str(port)], env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while not LanguageToolClient(url).healthy(0.5):
        assert time.monotonic() < deadline and proc.poll() is None, "stand-in did not start"
        time.sleep(0.05)
    return url, proc


@pytest.fixture
def stand_in_url(stand_in: Path, tmp_path: Path) -> Iterator[str]:
    url, proc = _serve_stand_in(stand_in, {"STAND_IN_RECORD": str(tmp_path / "requests.jsonl")})
    yield url
    proc.kill()
    proc.wait()


def _fake_install(home: Path, version: str = "6.8") -> None:
    libs = paths.libs_dir(version, home)
    libs.mkdir(parents=True)
    (libs / "languagetool-server.jar").write_bytes(b"stand-in")
    marker = {"version": version, "modules": list(LANGUAGE_MODULES), "jars": ["languagetool-server.jar"]}
    paths.marker_file(version, home).write_text(json.dumps(marker))


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _one_line(exc: pytest.ExceptionInfo[LanguageToolUnavailable]) -> str:
    message = str(exc.value)
    assert "\n" not in message and message
    return message


# --- offsets --------------------------------------------------------------------------------------


def test_utf16_offsets_map_to_python_indices() -> None:
    text = "a😀b𝒳c"  # both non-BMP: two UTF-16 units each
    to_index = utf16_to_index(text)
    assert [to_index(u) for u in range(8)] == [0, 1, 1, 2, 3, 3, 4, 5]
    assert utf16_to_index("plain é text")(7) == 7


# --- client against the stand-in server -----------------------------------------------------------


def test_check_converts_offsets_and_trims_replacements(stand_in_url: str) -> None:
    text = "😀 teh 𝒳 teh."
    matches = LanguageToolClient(stand_in_url).check(text, max_replacements=3)
    assert [(m["offset"], m["length"], m["text"]) for m in matches] == [(2, 3, "teh"), (8, 3, "teh")]
    first = matches[0]
    assert (first["rule_id"], first["category_id"], first["issue_type"]) == ("TEH", "TYPOS", "misspelling")
    assert first["replacements"] == ["the", "ten", "tea"]


def test_check_sends_rule_selection_and_level(stand_in_url: str, tmp_path: Path) -> None:
    client = LanguageToolClient(stand_in_url)
    assert client.check("teh", disabled_rules=["TEH", "EN_QUOTES"], disabled_categories=["STYLE"]) == []
    client.check("teh", enabled_rules=["TEH"], enabled_only=True, level="picky", language="en-GB")
    sent = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert sent[0] == {
        "language": "en-US",
        "text": "teh",
        "level": "default",
        "disabledRules": "EN_QUOTES,TEH",
        "disabledCategories": "STYLE",
    }
    assert sent[1] == {
        "language": "en-GB",
        "text": "teh",
        "level": "picky",
        "enabledRules": "TEH",
        "enabledOnly": "true",
    }
    with pytest.raises(ValueError):
        client.check("x", enabled_only=True)


def test_version_comes_from_info(stand_in_url: str) -> None:
    assert LanguageToolClient(stand_in_url).version() == "0.0-stand-in"


def test_server_down_fails_fast_with_one_line() -> None:
    client = LanguageToolClient(f"127.0.0.1:{_free_port()}", timeout=5)
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable) as exc:
        client.check("Some text.")
    assert time.monotonic() - started < 2
    assert "not reachable" in _one_line(exc)


def test_slow_server_hits_the_request_timeout(stand_in: Path) -> None:
    url, proc = _serve_stand_in(stand_in, {"STAND_IN_DELAY": "10"})
    try:
        started = time.monotonic()
        with pytest.raises(LanguageToolUnavailable) as exc:
            LanguageToolClient(url, timeout=0.5).check("teh")
        assert time.monotonic() - started < 3
        assert "did not answer within 0.5 s" in _one_line(exc)
    finally:
        proc.kill()
        proc.wait()


def test_configured_url_that_is_down_does_not_fall_back(
    isolated_lt_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(LanguageToolUnavailable) as exc:
        connect()
    assert "MEDLINT_LANGUAGETOOL_URL" in _one_line(exc)


def test_configured_url_wins(isolated_lt_home: Path, stand_in_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", stand_in_url + "/v2/")
    assert connect().url == stand_in_url


# --- missing pieces -------------------------------------------------------------------------------


def test_java_missing(isolated_lt_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(LanguageToolUnavailable) as exc:
        require_java()
    assert "Java not found" in _one_line(exc)
    _fake_install(isolated_lt_home)
    with pytest.raises(LanguageToolUnavailable) as exc:
        connect()
    assert "Java not found" in _one_line(exc)


def test_java_too_old(stand_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDLINT_JAVA", str(stand_in))
    monkeypatch.setenv("STAND_IN_JAVA_VERSION", "1.8.0_292")
    with pytest.raises(LanguageToolUnavailable) as exc:
        require_java()
    assert "is Java 8, LanguageTool needs >= 17" in _one_line(exc)
    monkeypatch.setenv("STAND_IN_JAVA_VERSION", "21.0.2")
    assert require_java() == str(stand_in)


def test_jars_missing_names_the_fix(isolated_lt_home: Path) -> None:
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable) as exc:
        connect()
    assert "medlint languagetool fetch" in _one_line(exc)
    assert time.monotonic() - started < 2
    assert lt_main(["status"]) == 3


def test_mvn_missing(
    isolated_lt_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(LanguageToolUnavailable) as exc:
        fetch(home=isolated_lt_home)
    assert "mvn" in _one_line(exc)
    assert lt_main(["fetch"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_fetch_falls_back_and_is_idempotent(
    isolated_lt_home: Path, stand_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mvn = stand_in.parent / "mvn"
    mvn.write_text(
        textwrap.dedent(f"""\
        #!{sys.executable}
        import pathlib, sys
        pom = pathlib.Path(sys.argv[sys.argv.index("-f") + 1]).read_text()
        if "<version>9.9</version>" in pom:
            print("[ERROR] Failed to execute goal: org.languagetool:languagetool-server:jar:9.9 not found")
            sys.exit(1)
        out = pathlib.Path(next(a for a in sys.argv if a.startswith("-DoutputDirectory=")).split("=", 1)[1])
        out.mkdir(parents=True, exist_ok=True)
        for name in ("languagetool-server-6.8.jar", "language-en-6.8.jar"):
            (out / name).write_bytes(b"x" * 10)
        """)
    )
    mvn.chmod(0o755)
    monkeypatch.setenv("PATH", str(stand_in.parent))
    first = fetch(("9.9", "6.8"), home=isolated_lt_home)
    assert (first.version, first.jars, first.bytes, first.downloaded) == ("6.8", 2, 20, True)
    with pytest.raises(LanguageToolUnavailable) as exc:
        fetch(("9.9",), home=isolated_lt_home)
    assert "9.9: Failed to execute goal" in _one_line(exc)
    mvn.unlink()  # a second fetch must not need mvn
    again = fetch(("9.9", "6.8"), home=isolated_lt_home)
    assert (again.version, again.downloaded) == ("6.8", False)
    inst = find_installation(isolated_lt_home)
    assert inst is not None and inst.classpath == str(isolated_lt_home / "6.8" / "libs" / "*")
    (isolated_lt_home / "6.8" / "libs" / "language-en-6.8.jar").unlink()  # incomplete: no longer installed
    assert find_installation(isolated_lt_home) is None


# --- managed server lifecycle with the stand-in as `java` ----------------------------------------


@pytest.fixture
def fake_java(isolated_lt_home: Path, stand_in: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDLINT_JAVA", str(stand_in))
    _fake_install(isolated_lt_home)
    return isolated_lt_home


def test_start_reuse_stop(fake_java: Path) -> None:
    home = fake_java
    state = start_background(home=home, startup_timeout=10)
    assert state.version == "0.0-stand-in" and state.url.startswith("http://127.0.0.1:")
    assert start_background(home=home, startup_timeout=10) == state  # reused, not a second server
    client = connect()
    assert client.url == state.url
    before = paths.used_file(home).stat().st_mtime_ns
    time.sleep(0.02)
    client.check("teh")
    assert paths.used_file(home).stat().st_mtime_ns > before
    assert lt_main(["status"]) == 0
    assert stop(home)
    assert _gone(state.pid) and _gone(state.supervisor_pid)
    assert read_state(home) is None and running_server(home) is None
    assert not stop(home)


def test_idle_server_exits(fake_java: Path) -> None:
    state = start_background(home=fake_java, idle_timeout=1, startup_timeout=10)
    deadline = time.monotonic() + 8
    while not (_gone(state.pid) and _gone(state.supervisor_pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(state.pid) and _gone(state.supervisor_pid)
    assert read_state(fake_java) is None


def test_stale_state_file_is_ignored(fake_java: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    paths.state_file(fake_java).parent.mkdir(parents=True, exist_ok=True)
    paths.state_file(fake_java).write_text(
        json.dumps(
            {
                "url": f"http://127.0.0.1:{_free_port()}",
                "port": 1,
                "pid": dead.pid,
                "supervisor_pid": dead.pid,
                "version": "6.8",
                "classpath": "x",
                "started_at": 0.0,
                "idle_timeout": None,
            }
        )
    )
    assert running_server(fake_java) is None
    assert not paths.state_file(fake_java).exists()


def test_java_that_crashes_is_reported(fake_java: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAND_IN_MODE", "crash")
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable) as exc:
        start_background(home=fake_java, startup_timeout=10)
    assert "stand-in start-up failure" in _one_line(exc)
    assert time.monotonic() - started < 8


def test_java_that_never_answers_is_bounded(fake_java: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAND_IN_MODE", "hang")
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable) as exc:
        start_background(home=fake_java, startup_timeout=1.5)
    assert "did not answer within 1.5 s" in _one_line(exc)
    assert time.monotonic() - started < 6
    assert read_state(fake_java) is None


# --- the real LanguageTool ------------------------------------------------------------------------


@pytest.mark.languagetool
def test_real_version(languagetool_server: LanguageToolClient) -> None:
    assert languagetool_server.version().split(".")[0].isdigit()


@pytest.mark.languagetool
def test_real_offsets_after_emoji(languagetool_server: LanguageToolClient) -> None:
    text = "I 😀 really like teh 🍕 pizza."
    matches = languagetool_server.check(text)
    typo = [m for m in matches if m["text"] == "teh"]
    assert typo and typo[0]["offset"] == text.index("teh") and typo[0]["length"] == 3
    assert typo[0]["rule_id"] == "MORFOLOGIK_RULE_EN_US" and typo[0]["category_id"] == "TYPOS"
    assert "the" in typo[0]["replacements"]


@pytest.mark.languagetool
def test_real_disabled_rules_and_categories(languagetool_server: LanguageToolClient) -> None:
    text = "He go to school with teh dog."
    ids = {m["rule_id"] for m in languagetool_server.check(text)}
    assert {"MORFOLOGIK_RULE_EN_US", "HE_VERB_AGR"} <= ids
    ids = {m["rule_id"] for m in languagetool_server.check(text, disabled_rules=["MORFOLOGIK_RULE_EN_US"])}
    assert "MORFOLOGIK_RULE_EN_US" not in ids and "HE_VERB_AGR" in ids
    ids = {m["rule_id"] for m in languagetool_server.check(text, disabled_categories=["GRAMMAR"])}
    assert "HE_VERB_AGR" not in ids and "MORFOLOGIK_RULE_EN_US" in ids
    only = languagetool_server.check(text, enabled_rules=["HE_VERB_AGR"], enabled_only=True)
    assert [m["rule_id"] for m in only] == ["HE_VERB_AGR"]
