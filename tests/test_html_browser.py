"""The html report in a real browser: headless Chromium (Debian's ``chromium`` package).

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: commands
on fd 3, replies on fd 4, each message JSON ended by NUL), so no websocket library is needed.
The test opens the report of ``tests/golden/formats/sample.md`` plus one hand-made finding of
another family, and checks the highlights, the family filter, the URL filter, the click
explanation, that the draft's scripts did not run, and takes a screenshot (kept under the
test's tmp folder; ``MEDLINT_SCREENSHOT=path.png`` also copies it there).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checks.config import Settings
from checks.finding import Finding
from checks.formatters import html
from checks.pipeline import Linter, Report
from checks.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "tests/golden/formats/sample.md"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--remote-debugging-pipe"]

if CHROMIUM is None and os.environ.get("MEDLINT_REQUIRE_CHROMIUM") == "1":
    raise RuntimeError("chromium is required (MEDLINT_REQUIRE_CHROMIUM=1) but not installed: apt-get install chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")


class DevTools:
    """A minimal DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, executable: str, profile: Path, timeout: float = 30.0) -> None:
        to_browser_r, self._out = os.pipe()
        self._in, from_browser_w = os.pipe()
        # bash puts the pipe ends on fds 3 and 4, where Chromium expects them; moved above 9 first so
        # that neither redirection overwrites the other
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_r, from_browser_w)]
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", f'exec "$0" "$@" 3<&{ends[0]} 4>&{ends[1]}',
             executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=tuple(ends), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in ends:
            os.close(fd)
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._buffer = b""
        self._next_id = 0
        self.session: str | None = None

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the debugging pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def send(self, method: str, params: dict[str, Any] | None = None, *, browser: bool = False) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            if "method" in reply:
                self.events.append(reply)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 860, "deviceScaleFactor": 1, "mobile": False})
        self.navigate(url)

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && document.body.dataset.ready === '1'")

    def eval(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str) -> None:
        deadline = time.monotonic() + self.timeout
        while not self.eval(f"(() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()"):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.05)

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close", browser=True)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._in)
        os.close(self._out)


def sample_report(tmp_path: Path) -> Report:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "anchors", rules / "anchors")
    report = Report(files=[Linter(Registry(rules), Settings()).lint_file(SAMPLE)])
    line = (ROOT / SAMPLE).read_text(encoding="utf-8").split("\n")[8]
    col = line.index("Café") + 1
    report.files[0].findings.append(Finding(  # a finding of a second family, to filter independently
        path=SAMPLE, line=9, column=col, end_line=9, end_column=col + 4, check="units", code="UNT999",
        rule="test-only", severity="info", message="a hand-made finding for the filter test", context=line))
    return report


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[DevTools, str, Report]]:
    assert CHROMIUM is not None
    monkeypatch.chdir(ROOT)
    report = sample_report(tmp_path)
    page = tmp_path / "report.html"
    page.write_text(html.Format(registry=Registry(tmp_path / "rules")).render(report), encoding="utf-8")
    tools = DevTools(CHROMIUM, tmp_path / "profile")
    try:
        tools.open(page.as_uri())
        yield tools, page.as_uri(), report
    finally:
        tools.close()


MARK_TEXT = """(() => { const out = {};
  for (const m of document.querySelectorAll('mark.seg'))
    for (const id of m.dataset.f.split(' ')) out[id] = (out[id] || '') + m.textContent;
  return out; })()"""
SHOWN = """(() => { const out = {};
  for (const m of document.querySelectorAll('mark.seg'))
    for (const id of m.dataset.f.split(' '))
      out[id] = (out[id] || m.dataset.on === '1') && getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)';
  return out; })()"""
LISTED = "Array.from(document.querySelectorAll('aside li.finding')).filter(li => !li.hidden).map(li => li.dataset.f)"


def expected_text(f: Finding, lines: list[str]) -> str:
    if f.line == f.end_line:
        return lines[f.line - 1][f.column - 1:f.end_column - 1]
    middle = lines[f.line:f.end_line - 1]
    return "".join([lines[f.line - 1][f.column - 1:], *middle, lines[f.end_line - 1][:f.end_column - 1]])


def test_highlights_sit_on_the_findings_text(browser: tuple[DevTools, str, Report], tmp_path: Path) -> None:
    tools, _, report = browser
    lines = (ROOT / SAMPLE).read_text(encoding="utf-8").split("\n")
    texts = tools.eval(MARK_TEXT)
    shown = tools.eval(SHOWN)
    for i, f in enumerate(report.findings):
        assert texts[f"0-{i}"] == expected_text(f, lines), f
        assert shown[f"0-{i}"] is True, f
    shot = tmp_path / "report.png"
    tools.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("MEDLINT_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["MEDLINT_SCREENSHOT"])


def test_the_drafts_scripts_do_not_run(browser: tuple[DevTools, str, Report]) -> None:
    tools, _, _ = browser
    assert tools.eval("document.documentElement.getAttribute('data-pwned')") is None
    assert tools.eval("document.scripts.length") == 1
    assert tools.eval("document.images.length") == 0
    assert "alert(1)" in tools.eval("document.querySelector('.src').textContent")
    assert not [e for e in tools.events if e["method"] == "Page.javascriptDialogOpening"]


def test_family_filter_hides_and_shows(browser: tuple[DevTools, str, Report]) -> None:
    tools, _, report = browser
    anchors = {f"0-{i}" for i, f in enumerate(report.findings) if f.check == "anchors"}
    units = {f"0-{i}" for i, f in enumerate(report.findings) if f.check == "units"}
    assert anchors and units
    assert set(tools.eval(LISTED)) == anchors | units
    boxes = "Array.from(document.querySelectorAll('input.family'))"
    assert tools.eval(f"{boxes}.map(b => b.value)") == ["anchors", "units"]
    assert tools.eval(f"{boxes}.every(b => b.checked && b.getBoundingClientRect().width > 0)")

    tools.eval("document.querySelector('input.family[value=anchors]').click()")
    shown = tools.eval(SHOWN)
    assert not any(shown[i] for i in anchors) and all(shown[i] for i in units)
    assert set(tools.eval(LISTED)) == units
    assert tools.eval("document.body.dataset.families") == "units"
    assert tools.eval("location.hash") == "#filter=units"

    tools.eval("document.querySelector('input.family[value=anchors]').click()")
    shown = tools.eval(SHOWN)
    assert all(shown[i] for i in anchors | units)
    assert set(tools.eval(LISTED)) == anchors | units
    assert tools.eval(f"{boxes}.every(b => b.getBoundingClientRect().width > 0)")


def test_filter_from_the_address(browser: tuple[DevTools, str, Report]) -> None:
    tools, url, report = browser
    units = {f"0-{i}" for i, f in enumerate(report.findings) if f.check == "units"}
    tools.navigate(url + "#filter=units")
    tools.wait_for("document.body.dataset.families === 'units'")
    assert set(tools.eval(LISTED)) == units
    assert tools.eval("document.querySelector('input.family[value=anchors]').checked") is False
    tools.eval("location.hash = '#filter=anchors,units'")
    tools.wait_for("document.body.dataset.families === 'anchors,units'")
    assert all(tools.eval(SHOWN).values())


def test_click_explains_the_rule(browser: tuple[DevTools, str, Report]) -> None:
    tools, _, report = browser
    i = next(i for i, f in enumerate(report.findings) if f.code == "ANC002")
    tools.eval(f"document.querySelector('mark.seg[data-f~=\"0-{i}\"]').click()")
    assert tools.eval("document.getElementById('detail').hidden") is False
    detail = tools.eval("document.getElementById('detail').textContent")
    rule = Registry().rules["ANC002"]
    assert rule.summary in detail and rule.authority in detail
    assert report.findings[i].message in detail
    assert tools.eval("document.querySelectorAll('#detail [id]').length") == 0
