"""``text``: the human review report, grouped by file, each finding with its source line marked."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TextIO

from checks.finding import FAMILIES, SEVERITIES, Finding
from checks.formatters.summary import summary
from checks.pipeline import FileResult, Problem, Report, Tally

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


class Format:
    name = "text"

    def __init__(self, *, color: bool = False, show_verified: bool = False) -> None:
        self.color = color
        self.show_verified = show_verified

    def _c(self, style: str, text: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if self.color else text

    def _finding(self, f: Finding) -> list[str]:
        head = (f"{f.path}:{f.line}:{f.column}: {self._c(f.severity, f.severity)} "
                f"{self._c('bold', f.code)} [{f.rule}] {f.message}")
        out = [head]
        if f.context:
            line = f.context.replace("\t", " ")
            start = f.column - 1
            stop = f.end_column - 1 if f.end_line == f.line else len(line)
            stop = max(stop, start + 1)
            lo = max(0, start - 60)
            hi = min(len(line), max(stop, start + 1) + 60)
            shown = ("…" if lo else "") + line[lo:hi] + ("…" if hi < len(line) else "")
            pad = start - lo + (1 if lo else 0)
            width = min(stop, hi) - start
            out.append("    " + shown)
            out.append("    " + " " * pad + self._c(f.severity, "^" * max(1, width)))
        if f.suggestion:
            out.append("    " + self._c("dim", "suggestion: " + f.suggestion))
        return out

    def _problem(self, problem: Problem) -> str:
        where = problem.path + (f":{problem.line}:{problem.column}" if problem.line else "")
        label = "incomplete" if problem.kind == "incomplete" else "problem"
        return f"{where}: {self._c('error', label)}: {problem.message}"

    def stream(self, problems: list[Problem], results: Iterable[FileResult], out: TextIO) -> Tally:
        tally = Tally(problems=list(problems))
        started = bool(problems)  # no blank line before the first block of output
        for problem in problems:
            out.write(self._problem(problem) + "\n")
        for result in results:
            tally.add(result)
            lines = [self._problem(p) for p in result.problems]
            if result.findings or result.unused_suppressions:
                lines += ["", self._c("bold", result.path)]
                for f in result.findings:
                    lines.extend(self._finding(f))
                for n in result.unused_suppressions:
                    lines.append(f"{n.path}:{n.line}:{n.column}: {self._c('info', 'notice')} {n.message}")
            if lines:
                if not started and lines[0] == "":
                    lines = lines[1:]
                started = True
                out.write("\n".join(lines) + "\n")
        tail: list[str] = []
        if self.show_verified and tally.verified:
            tail += ["", self._c("bold", "Verified relations")]
            tail += [f"{v.path}:{v.line}:{v.column}: ok [{v.check}] {v.message}" for v in tally.verified]
        s = summary(tally)
        sev = ", ".join(f"{s['by_severity'][k]} {k}{'s' if s['by_severity'][k] != 1 else ''}" for k in SEVERITIES)
        fam = ", ".join(f"{c} {s['by_check'][c]}" for c in FAMILIES if c in s["by_check"])
        files = f"{s['files']} file{'s' if s['files'] != 1 else ''} checked"
        tail += ["", f"{files}: {s['findings']} finding{'s' if s['findings'] != 1 else ''} ({sev})"
                 + (f"; by check: {fam}" if fam else "")]
        if not started:
            tail = tail[1:]
        out.write("\n".join(tail) + "\n")
        return tally

    def render(self, report: Report) -> str:
        buf = io.StringIO()
        self.stream(report.problems, report.files, buf)
        return buf.getvalue()
