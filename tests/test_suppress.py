"""Inline suppression comments."""

from __future__ import annotations

from pathlib import Path

from checks.config import Settings, apply_mapping
from checks.pipeline import Linter

TOC = "- [A](#a)\n- [B](#b)\n- [C](#c)\n\n## A\n\n## B\n\n## C\n"


def lint(registry, tmp_path: Path, text: str, select: str = "anchors"):
    settings = Settings()
    apply_mapping(settings, {"select": [select]}, registry, "test")
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    return Linter(registry, settings).lint_file(str(path))


def codes_at(result) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in result.findings]


def test_next_line(registry, tmp_path: Path) -> None:
    text = "# T\n\n<!-- medlint-disable-next-line ANC001 -- moved page -->\n[x](#gone)\n\n[y](#gone)\n"
    r = lint(registry, tmp_path, text)
    assert codes_at(r) == [("ANC001", 6)] and not r.unused_suppressions


def test_same_line_and_by_name_and_family(registry, tmp_path: Path) -> None:
    text = ("# T\n\n[x](#gone) <!-- medlint-disable-line broken-fragment -->\n\n"
            "[y](#gone) <!-- medlint-disable-line anchors -->\n\n[z](#gone)\n")
    assert codes_at(lint(registry, tmp_path, text)) == [("ANC001", 7)]


def test_range_disable_enable(registry, tmp_path: Path) -> None:
    text = ("# T\n\n<!-- medlint-disable ANC001 -->\n\n[a](#gone)\n\n[b](#gone)\n\n<!-- medlint-enable ANC001 -->\n\n"
            "[c](#gone)\n")
    assert codes_at(lint(registry, tmp_path, text)) == [("ANC001", 11)]


def test_disable_without_enable_runs_to_the_end(registry, tmp_path: Path) -> None:
    text = "# T\n\n[a](#gone)\n\n<!-- medlint-disable -->\n\n[b](#gone)\n"
    assert codes_at(lint(registry, tmp_path, text)) == [("ANC001", 3)]


def test_file_wide(registry, tmp_path: Path) -> None:
    text = "[a](#gone)\n\n<!-- medlint-disable-file ANC -->\n\n[b](#gone)\n"
    assert codes_at(lint(registry, tmp_path, text)) == []


def test_unused_suppression_is_reported(registry, tmp_path: Path) -> None:
    text = TOC + "\n<!-- medlint-disable-next-line ANC001 -->\nAll fine here.\n"
    r = lint(registry, tmp_path, text)
    assert [(u.line, u.message) for u in r.unused_suppressions] == [
        (11, "unused suppression: medlint-disable-next-line ANC001")]


def test_suppression_naming_rules_that_did_not_run_is_not_unused(registry, tmp_path: Path) -> None:
    text = "# T\n\n<!-- medlint-disable-next-line ANC002 -->\nText.\n"
    r = lint(registry, tmp_path, text, select="ANC001")
    assert not r.unused_suppressions


def test_unknown_code_in_comment_is_a_problem(registry, tmp_path: Path) -> None:
    r = lint(registry, tmp_path, "# T\n\n<!-- medlint-disable-next-line NOPE99 -->\n[a](#gone)\n")
    assert [(p.line, p.kind) for p in r.problems] == [(3, "input")]
    assert "NOPE99" in r.problems[0].message
    assert codes_at(r) == [("ANC001", 4)]


def test_directive_in_code_is_ignored(registry, tmp_path: Path) -> None:
    text = "# T\n\n```\n<!-- medlint-disable-file -->\n```\n\n`<!-- medlint-disable-file -->`\n\n[a](#gone)\n"
    assert codes_at(lint(registry, tmp_path, text)) == [("ANC001", 9)]


def test_generic_style_note_is_dropped_under_a_domain_finding() -> None:
    from checks.finding import Finding
    from checks.pipeline import drop_shadowed

    def f(check: str, code: str, col: int, end: int, severity: str) -> Finding:
        return Finding("p.md", 3, col, 3, end, check, code, "r", severity, "m")

    style = f("typos", "TYP003", 5, 16, "info")
    units = f("units", "UNT016", 5, 16, "info")
    spelling = f("typos", "TYP001", 5, 9, "warning")
    elsewhere = f("typos", "TYP003", 20, 22, "info")
    assert drop_shadowed([style, units, spelling, elsewhere]) == [units, spelling, elsewhere]
