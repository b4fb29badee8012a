"""``github``: GitHub Actions workflow commands that annotate the checked files.

One line per finding, ``::error|warning|notice file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message``
(info findings become notices). ``endColumn`` is the column of the span's last character. A finding
that spans several lines leaves out ``col`` and ``endColumn``, which GitHub accepts only on one line.
Problems that kept medlint from checking a file are errors; unused suppressions are notices.
"""

from __future__ import annotations

from checks.finding import Finding
from checks.pipeline import Problem, Report

from .source import report_path

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, props: list[tuple[str, object]]) -> str:
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{kind}{' ' + rendered if rendered else ''}::{escape_data(message)}"


def finding_command(f: Finding) -> str:
    props: list[tuple[str, object]] = [("file", report_path(f.path)), ("line", f.line)]
    if f.end_line == f.line:
        props += [("col", f.column), ("endLine", f.end_line), ("endColumn", max(f.column, f.end_column - 1))]
    else:
        props.append(("endLine", f.end_line))
    props.append(("title", f"{f.code} {f.rule}"))
    message = f"{f.code} [{f.rule}] {f.message}"
    if f.suggestion:
        message += f"\nsuggestion: {f.suggestion}"
    return command(COMMAND[f.severity], message, props)


def problem_command(p: Problem, kind: str, title: str) -> str:
    props: list[tuple[str, object]] = [("file", report_path(p.path))] if p.path else []
    if p.line > 0:
        props.append(("line", p.line))
        if p.column > 0:
            props.append(("col", p.column))
    props.append(("title", title))
    return command(kind, p.message, props)


class Format:
    name = "github"

    def __init__(self, *, color: bool = False, show_verified: bool = False) -> None:
        self.show_verified = show_verified  # verified relations are not annotated

    def render(self, report: Report) -> str:
        lines: list[str] = []
        for p in report.all_problems:
            title = "medlint check incomplete" if p.kind == "incomplete" else "medlint cannot check this file"
            lines.append(problem_command(p, "error", title))
        for f in report.findings:
            lines.append(finding_command(f))
        for n in report.unused_suppressions:
            lines.append(problem_command(n, "notice", "medlint unused suppression"))
        return "".join(line + "\n" for line in lines)
