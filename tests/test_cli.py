"""The command line: exit codes, bad input, config errors, rule lookup. Each runs the real CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.cli import main

GOOD = "# Title\n\nSee [the title](#title).\n"
BAD = "# Title\n\nSee [nowhere](#nowhere).\n"
WARN_ONLY = "## 1: A\n\n## 2: B\n\n## 3. C\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "warn.md").write_text(WARN_ONLY, encoding="utf-8")
    return tmp_path


def test_exit_0_when_clean(files: Path, capsys) -> None:
    code, out, _ = run(capsys, "check", "good.md", "--select", "anchors")
    assert code == 0 and "0 findings" in out


def test_exit_1_on_error_and_position_in_text(files: Path, capsys) -> None:
    code, out, _ = run(capsys, "check", "bad.md", "--select", "anchors")
    assert code == 1
    assert "bad.md:3:5: error ANC001 [broken-fragment]" in out
    assert "    See [nowhere](#nowhere)." in out and "        ^^^^^^^^^^^^^^^^^^^\n" in out


def test_fail_on_controls_warnings(files: Path, capsys) -> None:
    assert run(capsys, "check", "warn.md", "--select", "anchors")[0] == 0
    assert run(capsys, "check", "warn.md", "--select", "anchors", "--fail-on", "warning")[0] == 1


def test_default_path_is_draft(files: Path, capsys) -> None:
    (files / "draft").mkdir()
    (files / "draft" / "page.md").write_text(BAD, encoding="utf-8")
    code, out, _ = run(capsys, "--select", "anchors")
    assert code == 1 and "draft/page.md:3:5" in out


def test_json_shape(files: Path, capsys) -> None:
    code, out, _ = run(capsys, "check", "bad.md", "good.md", "--format", "json", "--select", "anchors")
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1 and data["tool"] == {"name": "medlint", "version": "0.1.0"}
    f = data["findings"][0]
    assert {k: f[k] for k in ("path", "line", "column", "end_line", "end_column", "check", "code", "rule",
                              "severity")} == {"path": "bad.md", "line": 3, "column": 5, "end_line": 3,
                                               "end_column": 24, "check": "anchors", "code": "ANC001",
                                               "rule": "broken-fragment", "severity": "error"}
    assert f["context"] == "See [nowhere](#nowhere)." and "message" in f and "suggestion" in f
    assert data["summary"] == {"files": 2, "findings": 1, "by_severity": {"error": 1, "warning": 0, "info": 0},
                               "by_check": {"anchors": 1}}


def test_output_file(files: Path, capsys) -> None:
    code, out, _ = run(capsys, "check", "bad.md", "--format", "json", "--output", "report.json", "--select", "ANC")
    assert code == 1 and out == ""
    assert json.loads((files / "report.json").read_text())["summary"]["findings"] == 1


def test_select_and_ignore_forms(files: Path, capsys) -> None:
    for sel in ("ANC001", "broken-fragment", "anchors", "ANC", "anc00"):
        assert run(capsys, "check", "bad.md", "--select", sel)[0] == 1, sel
    assert run(capsys, "check", "bad.md", "--select", "anchors", "--ignore", "ANC001")[0] == 0


@pytest.mark.parametrize("args", [["check", "bad.md", "--select", "NOPE123"], ["check", "bad.md", "--ignore", "xyz"],
                                  ["check", "--fail-on", "fatal"], ["check", "--format", "yaml"],
                                  ["check", "--slugger", "hugo"], ["--bogus-flag"]])
def test_usage_errors_exit_2_with_one_line(files: Path, capsys, args: list[str]) -> None:
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_missing_path_other_files_still_checked(files: Path, capsys) -> None:
    code, out, _ = run(capsys, "check", "missing.md", "bad.md", "--select", "anchors")
    assert code == 2
    assert "missing.md: problem: no such file or folder" in out
    assert "bad.md:3:5: error ANC001" in out


def test_folder_without_markdown(files: Path, capsys) -> None:
    (files / "empty").mkdir()
    code, out, _ = run(capsys, "check", "empty")
    assert code == 2 and "folder has no Markdown files" in out


def test_binary_file(files: Path, capsys) -> None:
    (files / "bin.md").write_bytes(b"\x89PNG\r\n\x00\x00\x00IHDR")
    code, out, _ = run(capsys, "check", "bin.md", "good.md")
    assert code == 2 and "bin.md: problem: binary file" in out and "2 files" not in out


def test_invalid_utf8_names_line_and_byte(files: Path, capsys) -> None:
    (files / "latin1.md").write_bytes("# Title\n\ncaf\xe9 au lait\n".encode("latin-1"))
    code, out, _ = run(capsys, "check", "latin1.md", "bad.md", "--select", "anchors")
    assert code == 2
    assert "latin1.md:3:4: problem: not valid UTF-8: byte 0xe9 at offset 12" in out
    assert "bad.md:3:5: error ANC001" in out


def test_utf16_file_is_read(files: Path, capsys) -> None:
    (files / "u16.md").write_bytes(BAD.encode("utf-16"))
    code, out, _ = run(capsys, "check", "u16.md", "--select", "anchors")
    assert code == 1 and "u16.md:3:5: error ANC001" in out


def test_broken_front_matter(files: Path, capsys) -> None:
    (files / "fm.md").write_text("---\ntitle: [oops\n---\n" + BAD, encoding="utf-8")
    code, out, _ = run(capsys, "check", "fm.md", "--select", "anchors")
    assert code == 2
    assert "fm.md:3:1: problem: invalid YAML front matter" in out
    assert "fm.md:6:5: error ANC001" in out  # the page is still checked


def test_unknown_config_key_names_file_and_line(files: Path, capsys) -> None:
    (files / "medlint.yaml").write_text("select: [anchors]\nfail-on: error\nbogus: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "good.md")
    assert code == 2 and "medlint.yaml:3: unknown config key 'bogus'" in err


def test_unknown_rule_in_config(files: Path, capsys) -> None:
    (files / "medlint.yaml").write_text("select:\n  - anchors\n  - XYZ999\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "good.md")
    assert code == 2 and "medlint.yaml:3:" in err and "XYZ999" in err


def test_pyproject_config(files: Path, capsys) -> None:
    (files / "pyproject.toml").write_text("[project]\nname='x'\n\n[tool.medlint]\nselect = ['anchors']\n"
                                          "ignore = ['ANC001']\n", encoding="utf-8")
    assert run(capsys, "check", "bad.md")[0] == 0
    (files / "pyproject.toml").write_text("[tool.medlint]\nselect = ['anchors']\nfailon = 'x'\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "bad.md")
    assert code == 2 and "pyproject.toml:3: unknown config key 'failon'" in err


def test_flags_override_config(files: Path, capsys) -> None:
    (files / "medlint.yaml").write_text("select: [anchors]\nfail-on: warning\n", encoding="utf-8")
    assert run(capsys, "check", "warn.md")[0] == 1
    assert run(capsys, "check", "warn.md", "--fail-on", "error")[0] == 0


def test_broken_rule_yaml_is_one_line(files: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import checks.registry as registry_module

    rules = files / "rules" / "anchors"
    rules.mkdir(parents=True)
    (rules / "ANC001.yaml").write_text("code: ANC001\nname: [broken\n", encoding="utf-8")
    monkeypatch.setattr(registry_module, "rules_root", lambda: files / "rules")
    code, _, err = run(capsys, "check", "good.md")
    assert code == 2 and "ANC001.yaml:3:1:" in err and "Traceback" not in err


def test_rule_and_rules(capsys) -> None:
    code, out, _ = run(capsys, "rule", "ANC002")
    assert code == 0 and out.startswith("ANC002 toc-text-mismatch (anchors") and "Bad:" in out and "Good:" in out
    assert run(capsys, "rule", "broken-fragment")[0] == 0
    code, _, err = run(capsys, "rule", "ZZZ001")
    assert code == 2 and "unknown rule" in err
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "ANC001" in out


def test_never_writes_to_the_checked_file(files: Path, capsys) -> None:
    before = (files / "bad.md").read_bytes()
    run(capsys, "check", "bad.md", "--format", "json")
    assert (files / "bad.md").read_bytes() == before
