"""--fix/--diff, --diff-base and --jobs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from checks.cli import main

TOC = ("# Page\n\n- [1. Uses](#1-uses)\n- [2. Is it safe for kids?](#2-is-it-safe-for-kids)\n- [3. Cost](#3-cost)\n\n"
       "## 1. Uses\n\nText.\n\n## 2. Is it safe?\n\nText.\n\n## 3. Cost\n\nText.\n")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_fix_regenerates_toc_entry_and_keeps_crlf(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    page.write_bytes(("\ufeff" + TOC).replace("\n", "\r\n").encode("utf-8"))
    code, out, err = run(capsys, "check", "page.md", "--select", "anchors", "--fix")
    assert code == 0, out
    assert "fixed 2 issues in page.md" in err
    data = page.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert b"- [2. Is it safe?](#2-is-it-safe)\r\n" in data
    assert not list(tmp_path.glob(".medlint-*"))  # no temporary file left behind
    # a second run finds nothing left to fix
    assert run(capsys, "check", "page.md", "--select", "anchors", "--fix")[0] == 0


def test_diff_previews_and_writes_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    page.write_text(TOC, encoding="utf-8")
    code, out, _ = run(capsys, "check", "page.md", "--select", "anchors", "--fix", "--diff")
    assert page.read_text(encoding="utf-8") == TOC
    assert "-- [2. Is it safe for kids?](#2-is-it-safe-for-kids)" in out
    assert "+- [2. Is it safe?](#2-is-it-safe)" in out
    assert code == 1


def test_fix_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    from checks.config import Settings
    from checks.fixes import plan_fixes, write_fix
    from checks.pipeline import Linter
    from checks.registry import Registry

    page = tmp_path / "page.md"
    page.write_text(TOC, encoding="utf-8")
    registry = Registry()
    result = Linter(registry, Settings()).lint_file(str(page))
    plan = plan_fixes(str(page), result.findings, registry)
    assert plan is not None
    page.write_text(TOC + "\nAn edit by the author.\n", encoding="utf-8")
    assert write_fix(plan) == "file changed since it was read; not fixed"
    assert page.read_text(encoding="utf-8").endswith("An edit by the author.\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_base_reports_only_changed_lines(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q"], check=True)
    page = tmp_path / "page.md"
    page.write_text("# T\n\n[old](#gone)\n", encoding="utf-8")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    page.write_text("# T\n\n[old](#gone)\n\n[new](#also-gone)\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "page.md", "--select", "anchors", "--format", "json", "--diff-base", "HEAD")
    assert [f["line"] for f in json.loads(out)["findings"]] == [5] and code == 1
    (tmp_path / "new.md").write_text("[x](#gone)\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "new.md", "--select", "anchors", "--format", "json", "--diff-base", "HEAD")
    assert [f["line"] for f in json.loads(out)["findings"]] == [1]
    code, _, err = run(capsys, "check", "page.md", "--diff-base", "no-such-ref")
    assert code == 2 and "Traceback" not in err


def test_jobs_do_not_change_the_report(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for i in range(12):
        (tmp_path / f"p{i:02}.md").write_text(f"# T{i}\n\n[x](#gone-{i})\n\n## 1: A\n\n## 2. B\n\n## 2: C\n",
                                             encoding="utf-8")
    outs = [run(capsys, "check", ".", "--select", "anchors", "--format", "json", "--jobs", str(j))[1]
            for j in (1, 2, 3)]
    assert outs[0] == outs[1] == outs[2]
    assert json.loads(outs[0])["summary"]["files"] == 12
